"""Failed authentication, counted and limited per client address rather than logged per try.

A line per refused token made every unauthenticated request an fsynced write: a lever to
fill the disk. Each address gets a budget of failures a minute (then 429 before any token
is checked), and the audit hears of its 1st, 10th, 100th ... failure in a minute, with
the count, so a flood costs a handful of lines.
"""

import time
from dataclasses import dataclass
from typing import Final

_WINDOW_S: Final = 60.0
_MAX_ADDRESSES: Final = 10_000  # beyond it, windows that ended are forgotten first


@dataclass(slots=True)
class _Window:
    started: float
    failures: int


class FailedLogins:
    """Failures per client address in a one-minute window."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._windows: dict[str, _Window] = {}

    def blocked(self, address: str) -> bool:
        """Tell whether this address used up its failures for the current minute."""
        window = self._current(address, time.monotonic())
        return window is not None and window.failures >= self.per_minute

    def failed(self, address: str) -> int | None:
        """Count a failure; the count when it is one to audit (1, 10, 100, ...), else None."""
        now = time.monotonic()
        window = self._current(address, now)
        if window is None:
            self._forget_ended(now)
            window = self._windows[address] = _Window(now, 0)
        window.failures += 1
        count = window.failures
        return count if str(count).strip("0") == "1" else None

    def _current(self, address: str, now: float) -> _Window | None:
        window = self._windows.get(address)
        if window is None or now - window.started >= _WINDOW_S:
            return None
        return window

    def _forget_ended(self, now: float) -> None:
        if len(self._windows) < _MAX_ADDRESSES:
            return
        for address in [a for a, w in self._windows.items() if now - w.started >= _WINDOW_S]:
            del self._windows[address]
        if len(self._windows) >= _MAX_ADDRESSES:  # all live: drop the oldest
            del self._windows[min(self._windows, key=lambda a: self._windows[a].started)]
