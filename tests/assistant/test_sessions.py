"""The server-side conversation store: what it keeps, for how long, and how much."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.conversation import Turn
from assistant.sessions import InvalidSessionError, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def turn(n: int, intent: str = "calculation") -> Turn:
    return Turn(question=f"question {n}", lang="en", intent=intent, measures=[("doc", n)])  # type: ignore[arg-type]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> SessionStore:
    return SessionStore(tmp_path / "s.sqlite3", ttl_seconds=60, max_sessions=3, max_turns=2, clock=clock)


def test_the_last_answered_turn_is_returned(store: SessionStore) -> None:
    assert store.last_turn("a") is None
    store.add_turn("a", turn(1))
    store.add_turn("a", turn(2))
    store.add_turn("a", turn(3, intent="out_of_scope"))  # a refusal does not replace what we talked about
    assert store.last_turn("a") == turn(2)
    assert store.last_turn("b") is None


def test_only_the_last_turns_are_kept(store: SessionStore) -> None:
    for n in range(1, 6):
        store.add_turn("a", turn(n))
    assert store.turns("a") == [turn(4), turn(5)]


def test_idle_sessions_expire(store: SessionStore, clock: Clock) -> None:
    store.add_turn("a", turn(1))
    clock.now += 59
    assert store.last_turn("a") == turn(1)
    store.add_turn("a", turn(2))  # activity keeps the whole conversation alive
    clock.now += 59
    assert store.turns("a") == [turn(1), turn(2)]
    clock.now += 2
    assert store.last_turn("a") is None


def test_the_least_recent_sessions_go_first(store: SessionStore, clock: Clock) -> None:
    for n, session in enumerate(["a", "b", "c"], start=1):
        store.add_turn(session, turn(n))
        clock.now += 1
    store.add_turn("a", turn(9))  # a is now the most recent
    clock.now += 1
    store.add_turn("d", turn(4))
    assert store.last_turn("b") is None
    assert [store.last_turn(s) for s in ("a", "c", "d")] == [turn(9), turn(3), turn(4)]


def test_conversations_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    first = SessionStore(tmp_path / "s.sqlite3", 60, 10, 5, clock=clock)
    first.add_turn("a", turn(1))
    first.close()
    assert SessionStore(tmp_path / "s.sqlite3", 60, 10, 5, clock=clock).last_turn("a") == turn(1)


@pytest.mark.parametrize("session_id", ["", "a b", "x" * 129, "'; DROP TABLE turns; --", "é"])
def test_odd_session_ids_are_refused(store: SessionStore, session_id: str) -> None:
    with pytest.raises(InvalidSessionError, match="1-128 characters"):
        store.add_turn(session_id, turn(1))
    with pytest.raises(InvalidSessionError):
        store.last_turn(session_id)


def test_concurrent_sessions_keep_their_own_turns(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3", 60, 100, 50)

    def converse(session: int) -> list[Turn]:
        for n in range(10):
            store.add_turn(f"s{session}", turn(session * 100 + n))
        return store.turns(f"s{session}")

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(converse, range(16)))
    assert results == [[turn(s * 100 + n) for n in range(10)] for s in range(16)]
