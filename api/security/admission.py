"""Admission control: past capacity a request is refused at once, never queued past its
deadline.

A request let into a process that is already behind is answered late, or past its
deadline: uvicorn's own cap answered in plain text, and what it let in waited up to 27 s
beyond the 10 s deadline (issue 20). Refused at once (503 OVERLOADED, Retry-After), a
client retries, or the load balancer tries another replica. Capacity is whichever comes
first: a fixed number in progress (KITH_MAX_CONCURRENCY), or as many as the process, at
the pace it has been finishing them, would finish within half the deadline (Little's law:
wait = in progress / completions a second), so the cap follows the machine's real speed.
"""

import time
from collections import deque
from typing import Final

from api.security.http import ASGIApp, Receive, Scope, Send, answer_json

PROBES: Final = frozenset({"/healthz", "/readyz"})
WINDOW_S: Final = 5.0  # completions counted over this long, for the pace
FLOOR: Final = 8  # always admitted, pace or none (the pace is unknown at start)


class Admission:
    """Refuse requests at once beyond what this process can answer in time.

    The refusal closes its connection so that a retry may land on a less busy worker (a
    kept-alive connection stays with the worker that accepted it). Health probes are
    always answered; websockets are not requests (their subscriptions live for hours).
    """

    def __init__(
        self, app: ASGIApp, capacity: int, deadline_s: float, retry_after_s: int = 1
    ) -> None:
        self.app = app
        self.capacity = capacity
        self.budget_s = deadline_s / 2
        self.retry_after = str(retry_after_s).encode()
        self.in_progress = 0
        self._finished: deque[float] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in PROBES:
            await self.app(scope, receive, send)
            return
        if self._full():
            await answer_json(
                send, 503, "the service is at capacity; try again shortly", "OVERLOADED",
                headers=[(b"retry-after", self.retry_after), (b"connection", b"close")],
            )  # fmt: skip
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
            self._finished.append(time.monotonic())

    def _full(self) -> bool:
        """Tell whether one more request would be one too many."""
        if self.in_progress >= self.capacity:
            return True
        if self.in_progress < FLOOR:
            return False
        now = time.monotonic()
        while self._finished and self._finished[0] < now - WINDOW_S:
            self._finished.popleft()
        per_second = len(self._finished) / WINDOW_S
        return per_second == 0 or (self.in_progress + 1) / per_second > self.budget_s
