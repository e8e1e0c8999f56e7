"""The one place that talks to a database engine (SQLAlchemy, with Python's sqlite3 or psycopg beneath).

Sessions and feedback live in one database chosen by ``ASSISTANT_DATABASE_URL``: unset, each store keeps
its own SQLite file in the data folder (``sessions.sqlite3``, ``feedback.sqlite3``) as before; a
``postgresql://user:password@host:port/db`` URL puts both in PostgreSQL, so several server replicas share
conversations and feedback. The stores write portable SQL with ``:name`` parameters and get rows back;
they import nothing from SQLAlchemy or a driver. Every failure to reach or write the database becomes a
StorageError naming the file (SQLite) or the setting (a server) and what to change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from assistant.serving.storage import StorageError, writing

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_SCHEMES = {"sqlite": SQLITE, "postgresql": POSTGRESQL, "postgres": POSTGRESQL, "postgresql+psycopg": POSTGRESQL}
# Serializes schema creation when several replicas start against one PostgreSQL at once.
_SCHEMA_LOCK_KEY = 0x504F4C49  # "POLI"
# Errors of reaching or writing the database (not of our own SQL): the store cannot save, the answer still works.
_UNAVAILABLE = (exc.OperationalError, exc.InternalError, exc.InterfaceError)


class DatabaseURLError(ValueError):
    """ASSISTANT_DATABASE_URL names an engine or form we do not support; the message says what works."""


def check_url(url: str) -> str:
    """The URL as given if it names a supported engine (for the settings' validation)."""
    _parse(url)
    return url


def _parse(url: str) -> tuple[URL, str]:
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        parsed = None
    engine = _SCHEMES.get(parsed.drivername) if parsed is not None else None
    if parsed is None or engine is None:
        raise DatabaseURLError(
            "ASSISTANT_DATABASE_URL must be postgresql://USER:PASSWORD@HOST:PORT/DATABASE (several replicas) or "
            "sqlite:////absolute/path.sqlite3; unset, sessions and feedback are SQLite files in ASSISTANT_DATA_DIR"
        )
    if engine == POSTGRESQL:
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not SQLAlchemy's default psycopg2
    elif not parsed.database or parsed.database == ":memory:":
        raise DatabaseURLError("ASSISTANT_DATABASE_URL: a sqlite URL must name a file (sqlite:////path/db.sqlite3)")
    return parsed, engine


def shown_url(url: str) -> str:
    """The URL as the console may print it: the password hidden."""
    return _parse(url)[0].render_as_string(hide_password=True)


class Database:
    """A SQLite file or a PostgreSQL database; ``purpose`` names what the store keeps, for error messages.

    ``target`` is a path (a SQLite file, the default) or a URL. SQLite allows one writer: its transactions
    begin IMMEDIATE and are taken in turn under a lock, so a store's read-modify-write is never interleaved.
    """

    def __init__(self, target: Path | str, purpose: str, wal: bool = False) -> None:
        if isinstance(target, Path):
            self.path: Path | None = target
            url, self.engine_name = URL.create("sqlite", database=str(target)), SQLITE
        else:
            url, self.engine_name = _parse(target)
            self.path = Path(url.database) if self.engine_name == SQLITE and url.database else None
        self.target = target
        self.purpose = purpose
        self.shown = url.render_as_string(hide_password=True)
        self._url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock() if self.engine_name == SQLITE else None
        self._ready = False
        self._opening = threading.Lock()  # one engine and one schema check per store, whichever thread comes first
        self._wal = wal

    @property
    def is_sqlite(self) -> bool:
        return self.engine_name == SQLITE

    def _create_engine(self) -> Engine:
        if not self.is_sqlite:
            return sqlalchemy.create_engine(self._url, pool_pre_ping=True, pool_size=5, max_overflow=10)
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        engine = sqlalchemy.create_engine(self._url, connect_args={"check_same_thread": False})
        wal = self._wal

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we say when transactions begin (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
                # A lost conversation after a power cut is acceptable; an fsync per answered question is not.
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade deadlock

        return engine

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            with writing(self.path, self.purpose) if self.path is not None else nullcontext():
                yield
        except _UNAVAILABLE as error:
            cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
            if self.path is not None:
                raise StorageError(self.path, self.purpose, _full(cause), cause) from error
            raise StorageError.of_database(self.shown, self.purpose, _full(cause), cause) from error

    @contextmanager
    def transaction(self, setup: Callable[[Transaction], None] | None = None) -> Iterator[Transaction]:
        """One transaction: committed when the block ends, rolled back on error. ``setup`` runs once, before
        the first transaction of this process (creating tables), under a lock shared by all replicas."""
        with self._lock or nullcontext(), self._errors():
            with self._opening:
                if self._engine is None:
                    self._engine = self._create_engine()
                if not self._ready and setup is not None:
                    with self._engine.begin() as connection:
                        if not self.is_sqlite:
                            connection.execute(sqlalchemy.text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})"))
                        setup(Transaction(connection, self.engine_name))
                    self._ready = True
            with self._engine.begin() as connection:
                yield Transaction(connection, self.engine_name)

    def close(self) -> None:
        with self._lock or nullcontext():
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


class Transaction:
    """What a store may do inside a transaction: run SQL with ``:name`` parameters."""

    def __init__(self, connection: Connection, engine_name: str) -> None:
        self._connection = connection
        self.engine_name = engine_name

    @property
    def is_sqlite(self) -> bool:
        return self.engine_name == SQLITE

    def rows(self, sql: str, parameters: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        return [tuple(row) for row in self._connection.execute(sqlalchemy.text(sql), dict(parameters or {}))]

    def run(self, sql: str, parameters: Mapping[str, Any] | None = None) -> int:
        """Run a statement; the number of rows it changed."""
        return self._connection.execute(sqlalchemy.text(sql), dict(parameters or {})).rowcount

    def script(self, statements: str) -> None:
        """Several statements separated by ';' (schema creation), none holding a ';' of its own."""
        for statement in statements.split(";"):
            if statement.strip():
                self._connection.exec_driver_sql(statement)


def _full(cause: str) -> bool:
    lowered = cause.lower()
    return "full" in lowered or "no space left" in lowered


__all__ = ["Database", "DatabaseURLError", "StorageError", "Transaction", "check_url"]
