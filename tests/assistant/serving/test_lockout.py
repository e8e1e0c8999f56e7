"""The failed-authentication limiter, on a clock the test moves (no sleeping, no timing)."""

from __future__ import annotations

from assistant.serving.lockout import ClientLimiter


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_blocked_after_the_allowed_failures_until_the_oldest_leaves_the_window() -> None:
    clock = _Clock()
    limiter = ClientLimiter(allowed=3, window_s=60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.record("10.0.0.1")
        clock.now += 10
    assert limiter.retry_after("10.0.0.1") == 30  # the first failure (at 1000) leaves the window at 1060
    assert limiter.retry_after("10.0.0.2") is None, "other clients are not affected"
    clock.now = 1060
    assert limiter.retry_after("10.0.0.1") is None


def test_a_blocked_client_waits_at_least_one_second() -> None:
    clock = _Clock()
    limiter = ClientLimiter(allowed=1, window_s=0.5, clock=clock)
    limiter.record("a")
    assert limiter.retry_after("a") == 1
