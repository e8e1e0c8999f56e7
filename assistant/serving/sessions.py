"""Conversations kept server-side by session id, so API clients can ask follow-ups.

A SQLite file in the data folder by default, or the PostgreSQL database of ``ASSISTANT_DATABASE_URL``
that several replicas share (parameterized queries either way, ``assistant/serving/database.py``),
bounded three ways: the last ``max_turns`` turns of a session, at most ``max_sessions`` sessions (the
least recently used go first), and sessions idle for ``ttl_seconds`` expire. Only answered turns
are kept: a refused or invalid question in between does not make the conversation forget what it
was about.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from assistant.conversation import Turn
from assistant.serving.database import Database, Transaction

PURPOSE = "API conversations (requests with a session_id)"
SESSION_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# {real}: the time as seconds since the epoch (SQLite's REAL, PostgreSQL's DOUBLE PRECISION; its REAL is 4 bytes).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    updated {real} NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    turn TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
)
"""
# Version 0 (SQLite only) kept the time on every turn, so finding the least recent session grouped and sorted them all.
_MIGRATE_FROM_0 = (
    """
ALTER TABLE turns RENAME TO turns_v0;
DROP INDEX IF EXISTS turns_updated;
"""
    + _SCHEMA.format(real="REAL")
    + """;
INSERT INTO sessions SELECT session_id, MAX(updated) FROM turns_v0 GROUP BY session_id;
INSERT INTO turns SELECT session_id, position, turn FROM turns_v0;
DROP TABLE turns_v0
"""
)
# Both walk the index on sessions.updated from the oldest end; a session's turns go with it (cascade).
EXPIRE = "DELETE FROM sessions WHERE updated < :cutoff"
EVICT = "DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions ORDER BY updated LIMIT :excess)"
COUNT = "SELECT COUNT(*) FROM sessions"
# A new session; a replica that created the same one a moment ago makes this an update (no duplicate key).
_UPSERT = (
    "INSERT INTO sessions (session_id, updated) VALUES (:session_id, :now) "
    "ON CONFLICT (session_id) DO UPDATE SET updated = excluded.updated"
)


class InvalidSessionError(ValueError):
    """A session id the store will not use; the message says what is allowed."""


def check_session_id(session_id: str) -> str:
    if not SESSION_ID.fullmatch(session_id):
        raise InvalidSessionError(
            "session_id must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (e.g. a UUID)"
        )
    return session_id


class SessionStore:
    """The turns of each conversation; every method is safe to call from several threads, and with
    PostgreSQL from several processes (replicas): a turn's transaction holds its session's row."""

    def __init__(
        self,
        target: Path | str,
        ttl_seconds: float,
        max_sessions: int,
        max_turns: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``target``: a SQLite file, or a database URL (``ASSISTANT_DATABASE_URL``)."""
        self._db = Database(target, PURPOSE, wal=True)
        self.target = target
        self.path = self._db.path  # the SQLite file (None on a database server)
        self._ttl = ttl_seconds
        self._max_sessions = max_sessions
        self._max_turns = max_turns
        self._clock = clock
        with self._db.transaction(self._create):  # opened now: a store that cannot be written says so at once
            pass

    @staticmethod
    def _create(db: Transaction) -> None:
        if not db.is_sqlite:
            db.script(_SCHEMA.format(real="DOUBLE PRECISION"))
            return
        (schema_version,) = db.rows("PRAGMA user_version")[0]
        old = schema_version == 0 and db.rows("SELECT 1 FROM pragma_table_info('turns')")
        db.script(_MIGRATE_FROM_0 if old else _SCHEMA.format(real="REAL"))
        db.run("PRAGMA user_version = 1")

    def last_turn(self, session_id: str) -> Turn | None:
        """The latest answered turn of a live session (None for a new or expired one)."""
        turns = self.turns(session_id)
        return turns[-1] if turns else None

    def turns(self, session_id: str) -> list[Turn]:
        """The kept turns of a live session, oldest first."""
        check_session_id(session_id)
        with self._db.transaction(self._create) as db:
            rows = db.rows(
                "SELECT turn FROM turns JOIN sessions USING (session_id) "
                "WHERE session_id = :session_id AND updated >= :cutoff ORDER BY position",
                {"session_id": session_id, "cutoff": self._clock() - self._ttl},
            )
        return [Turn.model_validate_json(row[0]) for row in rows]

    def add_turn(self, session_id: str, turn: Turn) -> None:
        """Remember an answered turn; unanswered ones are ignored (see the module docstring)."""
        check_session_id(session_id)
        if not turn.answered:
            return
        now = self._clock()
        ids = {"session_id": session_id, "now": now}
        with self._db.transaction(self._create) as db:
            db.run(EXPIRE, {"cutoff": now - self._ttl})
            if not db.run("UPDATE sessions SET updated = :now WHERE session_id = :session_id", ids):
                db.run(_UPSERT, ids)
                (count,) = db.rows(COUNT)[0]
                if count > self._max_sessions:
                    db.run(EVICT, {"excess": count - self._max_sessions})
            (last,) = db.rows("SELECT COALESCE(MAX(position), 0) FROM turns WHERE session_id = :session_id", ids)[0]
            db.run(
                "INSERT INTO turns (session_id, position, turn) VALUES (:session_id, :position, :turn)",
                {"session_id": session_id, "position": last + 1, "turn": turn.model_dump_json()},
            )
            db.run(
                "DELETE FROM turns WHERE session_id = :session_id AND position <= :oldest",
                {"session_id": session_id, "oldest": last + 1 - self._max_turns},
            )

    def close(self) -> None:
        self._db.close()
