"""Admission control: past capacity a request is refused at once, never queued past its
deadline.

A request let into a process that is already behind is answered late, or past its
deadline: uvicorn's own cap answered in plain text, and what it let in waited up to 27 s
beyond the 10 s deadline (issue 20). Refused at once (503 OVERLOADED, Retry-After), a
client retries when Retry-After says there will be room, or the load balancer tries
another replica. Capacity is whichever comes
first: a fixed number in progress (KITH_MAX_CONCURRENCY), or as many as the process, at
the pace it has been finishing them, would finish within half the deadline (Little's law:
wait = in progress / completions a second), so the cap follows the machine's real speed,
or, beyond a floor, none while the event loop turns late (a request not yet seen by the
app waits on the loop: measured on a starved 2-core machine, about five turns between a
client's write and the app, so 2 s turns put 10 s before the app; bench/replicas.py).
"""

import asyncio
import contextlib
import math
import time
from collections import deque
from typing import Final

from api.security.http import ASGIApp, Receive, Scope, Send, answer_json

PROBES: Final = frozenset({"/healthz", "/readyz"})
WINDOW_S: Final = 5.0  # completions counted over this long, for the pace
FLOOR: Final = 8  # always admitted, pace or none (the pace is unknown at start)
# A request not yet admitted waits on the event loop too (its connection accepted, its
# headers parsed: a few turns of the loop), unseen by the counts above: while the loop
# turns this late, more work admitted would only delay those further.
LAG_PROBE_S: Final = 0.1
MAX_LAG_S: Final = 0.25
MAX_RETRY_AFTER_S: Final = 10


class Admission:
    """Refuse requests at once beyond what this process can answer in time.

    The refusal closes its connection so that a retry may land on a less busy worker (a
    kept-alive connection stays with the worker that accepted it). Health probes are
    always answered; websockets are not requests (their subscriptions live for hours).
    """

    def __init__(self, app: ASGIApp, capacity: int, deadline_s: float) -> None:
        self.app = app
        self.capacity = capacity
        self.budget_s = deadline_s / 2
        self.in_progress = 0
        self.lag_s = 0.0
        self._due = float("inf")  # when the loop watch expects to wake next
        self._finished: deque[float] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._watching_the_loop(scope, receive, send)
            return
        if scope["type"] != "http" or scope.get("path") in PROBES:
            await self.app(scope, receive, send)
            return
        if self._full():
            await answer_json(
                send, 503, "the service is at capacity; try again shortly", "OVERLOADED",
                headers=[(b"retry-after", self._retry_after()), (b"connection", b"close")],
            )  # fmt: skip
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
            self._finished.append(time.monotonic())

    async def _watching_the_loop(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Measure the event loop's lag for as long as the app runs."""
        watch = asyncio.create_task(self._watch_loop())
        try:
            await self.app(scope, receive, send)
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch

    async def _watch_loop(self) -> None:
        while True:
            self._due = time.monotonic() + LAG_PROBE_S
            await asyncio.sleep(LAG_PROBE_S)
            # A peak that halves each turn: one quick turn between slow ones is no all-clear.
            self.lag_s = max(time.monotonic() - self._due, self.lag_s / 2)

    def _full(self) -> bool:
        """Tell whether one more request would be one too many."""
        if self.in_progress >= self.capacity:
            return True
        if self.in_progress < FLOOR:
            return False
        if max(self.lag_s, time.monotonic() - self._due) > MAX_LAG_S:
            return True  # late now, or on the last turn
        per_second = self._pace()
        return per_second == 0 or (self.in_progress + 1) / per_second > self.budget_s

    def _pace(self) -> float:
        """Requests finished a second, over the last WINDOW_S."""
        now = time.monotonic()
        while self._finished and self._finished[0] < now - WINDOW_S:
            self._finished.popleft()
        return len(self._finished) / WINDOW_S

    def _retry_after(self) -> bytes:
        """Whole seconds until what is in progress is done at the recent pace (1 to 10).

        Every refusal costs the process a connection accepted and a request parsed: told
        to come back in 1 s, 128 refused clients cost a starved process more than serving
        (measured: bench/replicas.py); told when there will be room, they cost a fraction.
        """
        per_second = self._pace()
        wait = math.ceil(self.in_progress / per_second) if per_second else 1
        return str(min(MAX_RETRY_AFTER_S, max(1, wait))).encode()
