"""The server-side conversation store: what it keeps, for how long, and how much, on both engines
(``database``: a SQLite file and a real PostgreSQL database; tests of SQLite's own files use a path)."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from assistant.conversation import Turn
from assistant.serving.sessions import COUNT, EVICT, EXPIRE, InvalidSessionError, SessionStore


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
def store(database: Path | str, clock: Clock) -> SessionStore:
    return SessionStore(database, ttl_seconds=60, max_sessions=3, max_turns=2, clock=clock)


def session_ids(store: SessionStore, table: str) -> list[str]:
    """The session ids in a table, read past the store (with the engine's own driver)."""
    query = f"SELECT DISTINCT session_id FROM {table}"
    if isinstance(store.target, Path):
        with sqlite3.connect(store.target) as db:
            return sorted(row[0] for row in db.execute(query))
    with psycopg.connect(store.target) as db:
        return sorted(row[0] for row in db.execute(query))


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


def test_conversations_survive_a_restart(database: Path | str, clock: Clock) -> None:
    first = SessionStore(database, 60, 10, 5, clock=clock)
    first.add_turn("a", turn(1))
    first.close()
    assert SessionStore(database, 60, 10, 5, clock=clock).last_turn("a") == turn(1)


def test_two_stores_on_one_database_share_conversations(database: Path | str, clock: Clock) -> None:
    """What two replicas do: a conversation started through one continues through the other."""
    first, second = (SessionStore(database, 60, 10, 5, clock=clock) for _ in range(2))
    first.add_turn("a", turn(1))
    assert second.last_turn("a") == turn(1)
    second.add_turn("a", turn(2))
    assert first.turns("a") == [turn(1), turn(2)]


@pytest.mark.parametrize("session_id", ["", "a b", "x" * 129, "'; DROP TABLE turns; --", "é"])
def test_odd_session_ids_are_refused(store: SessionStore, session_id: str) -> None:
    with pytest.raises(InvalidSessionError, match="1-128 characters"):
        store.add_turn(session_id, turn(1))
    with pytest.raises(InvalidSessionError):
        store.last_turn(session_id)


def test_concurrent_sessions_keep_their_own_turns(database: Path | str) -> None:
    store = SessionStore(database, 60, 100, 50)

    def converse(session: int) -> list[Turn]:
        for n in range(10):
            store.add_turn(f"s{session}", turn(session * 100 + n))
        return store.turns(f"s{session}")

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(converse, range(16)))
    assert results == [[turn(s * 100 + n) for n in range(10)] for s in range(16)]


def test_one_session_from_many_threads_keeps_every_turn_in_order(database: Path | str) -> None:
    """Turns of one session written at once (two replicas answering its requests) never share a position."""
    stores = [SessionStore(database, 60, 100, 50) for _ in range(2)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: stores[n % 2].add_turn("shared", turn(n)), range(24)))
    kept = stores[0].turns("shared")
    assert len(kept) == 24 and sorted(t.measures[0][1] for t in kept) == list(range(24))


def test_eviction_and_expiry_walk_the_index_on_the_update_time(tmp_path: Path) -> None:
    """Finding the least recent session used to group and sort every turn (11 ms at 10,000 sessions).
    (SQLite's plan; PostgreSQL plans from its statistics, and a table this small is read whole.)"""
    store = SessionStore(tmp_path / "s.sqlite3", ttl_seconds=60, max_sessions=3, max_turns=2)
    store.add_turn("a", turn(1))
    with sqlite3.connect(tmp_path / "s.sqlite3") as db:
        for statement, parameters in ((EXPIRE, {"cutoff": 0.0}), (EVICT, {"excess": 3}), (COUNT, {})):
            plan = " | ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))
            assert "USING COVERING INDEX sessions_updated" in plan or "USING INDEX sessions_updated" in plan, plan
            assert "TEMP B-TREE" not in plan and "SCAN turns" not in plan, plan


def test_evicted_and_expired_sessions_take_their_turns_with_them(store: SessionStore, clock: Clock) -> None:
    for n, session in enumerate("abcde"):
        store.add_turn(session, turn(n))
        store.add_turn(session, turn(n + 10))
        clock.now += 1
    clock.now += 58  # a and b went at the limit; c expires now, d and e are 59 and 58 s idle
    store.add_turn("f", turn(7))
    assert session_ids(store, "sessions") == ["d", "e", "f"]
    assert session_ids(store, "turns") == ["d", "e", "f"]


def test_a_store_of_the_older_layout_keeps_its_conversations(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE turns (session_id TEXT NOT NULL, position INTEGER NOT NULL, turn TEXT NOT NULL, "
            "updated REAL NOT NULL, PRIMARY KEY (session_id, position)); "
            "CREATE INDEX turns_updated ON turns (updated);"
        )
        rows = [("a", 1, turn(1), clock.now - 5), ("a", 2, turn(2), clock.now - 5), ("b", 1, turn(3), clock.now)]
        db.executemany("INSERT INTO turns VALUES (?, ?, ?, ?)", [(s, p, t.model_dump_json(), u) for s, p, t, u in rows])
    store = SessionStore(path, 60, 2, 5, clock=clock)
    assert store.turns("a") == [turn(1), turn(2)] and store.turns("b") == [turn(3)]
    store.add_turn("c", turn(4))  # a is the least recent
    assert store.last_turn("a") is None and store.last_turn("b") == turn(3)
