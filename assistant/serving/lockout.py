"""Per-client limits: on failed authentications, so a wrong key cannot be guessed at full speed, and on
requests, so one client cannot take the server's whole capacity.

A small in-process sliding window: after ``allowed`` events within ``window_s`` seconds a client (its IP
address) is refused outright, until the oldest of those events leaves the window. One server process serves
the API, so no shared store is needed.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

MAX_CLIENTS = 10_000  # clients remembered at once; the least recently seen are forgotten first


class ClientLimiter:
    """Counts events per client in a sliding window and says how long a blocked client must wait."""

    def __init__(self, allowed: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._allowed = allowed
        self._window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, client: str) -> int | None:
        """Whole seconds until ``client`` may try again, or None when it is not blocked."""
        failures = self._recent(client)
        if len(failures) < self._allowed:
            return None
        return max(1, math.ceil(failures[0] + self._window_s - self._clock()))

    def record(self, client: str) -> None:
        failures = self._failures.pop(client, None) or deque()
        failures.append(self._clock())
        while len(failures) > self._allowed:
            failures.popleft()
        self._failures[client] = failures  # re-inserted: the dict's order is the order of last failure
        if len(self._failures) > MAX_CLIENTS:
            del self._failures[next(iter(self._failures))]

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.get(client, deque())
        horizon = self._clock() - self._window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures
