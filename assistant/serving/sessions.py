"""Conversations kept server-side by session id, so API clients can ask follow-ups.

SQLite (parameterized queries) in the data folder, bounded three ways: the last ``max_turns`` turns
of a session, at most ``max_sessions`` sessions (the least recently used go first), and sessions
idle for ``ttl_seconds`` expire. Only answered turns are kept: a refused or invalid question in
between does not make the conversation forget what it was about.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.conversation import Turn
from assistant.serving.storage import writing

PURPOSE = "API conversations (requests with a session_id)"
SESSION_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    turn TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);
PRAGMA user_version = 1;
"""
# Version 0 kept the time on every turn, so finding the least recent session grouped and sorted them all.
_MIGRATE_FROM_0 = (
    """
ALTER TABLE turns RENAME TO turns_v0;
DROP INDEX IF EXISTS turns_updated;
"""
    + _SCHEMA
    + """
INSERT INTO sessions SELECT session_id, MAX(updated) FROM turns_v0 GROUP BY session_id;
INSERT INTO turns SELECT session_id, position, turn FROM turns_v0;
DROP TABLE turns_v0;
"""
)
# Both walk the index on sessions.updated from the oldest end; a session's turns go with it (cascade).
EXPIRE = "DELETE FROM sessions WHERE updated < ?"
EVICT = (
    "DELETE FROM sessions WHERE session_id IN "
    "(SELECT session_id FROM sessions ORDER BY updated LIMIT MAX(0, (SELECT COUNT(*) FROM sessions) - ?))"
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
    """The turns of each conversation; every method is safe to call from several threads."""

    def __init__(
        self,
        path: Path,
        ttl_seconds: float,
        max_sessions: int,
        max_turns: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        with writing(path, PURPOSE):
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A lost conversation after a power cut is acceptable; an fsync per answered question is not.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            (schema_version,) = self._db.execute("PRAGMA user_version").fetchone()
            old = schema_version == 0 and self._db.execute("SELECT 1 FROM pragma_table_info('turns')").fetchone()
            self._db.executescript(f"BEGIN; {_MIGRATE_FROM_0 if old else _SCHEMA} COMMIT;")
        self._lock = threading.Lock()
        self._ttl = ttl_seconds
        self._max_sessions = max_sessions
        self._max_turns = max_turns
        self._clock = clock

    def last_turn(self, session_id: str) -> Turn | None:
        """The latest answered turn of a live session (None for a new or expired one)."""
        turns = self.turns(session_id)
        return turns[-1] if turns else None

    def turns(self, session_id: str) -> list[Turn]:
        """The kept turns of a live session, oldest first."""
        check_session_id(session_id)
        with self._lock, writing(self.path, PURPOSE):
            rows = self._db.execute(
                "SELECT turn FROM turns JOIN sessions USING (session_id) "
                "WHERE session_id = ? AND updated >= ? ORDER BY position",
                (session_id, self._clock() - self._ttl),
            ).fetchall()
        return [Turn.model_validate_json(row[0]) for row in rows]

    def add_turn(self, session_id: str, turn: Turn) -> None:
        """Remember an answered turn; unanswered ones are ignored (see the module docstring)."""
        check_session_id(session_id)
        if not turn.answered:
            return
        now = self._clock()
        with self._lock, writing(self.path, PURPOSE), self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(EXPIRE, (now - self._ttl,))
            known = self._db.execute("UPDATE sessions SET updated = ? WHERE session_id = ?", (now, session_id))
            if not known.rowcount:
                self._db.execute("INSERT INTO sessions (session_id, updated) VALUES (?, ?)", (session_id, now))
                self._db.execute(EVICT, (self._max_sessions,))
            (last,) = self._db.execute(
                "SELECT COALESCE(MAX(position), 0) FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            self._db.execute(
                "INSERT INTO turns (session_id, position, turn) VALUES (?, ?, ?)",
                (session_id, last + 1, turn.model_dump_json()),
            )
            self._db.execute(
                "DELETE FROM turns WHERE session_id = ? AND position <= ?", (session_id, last + 1 - self._max_turns)
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
