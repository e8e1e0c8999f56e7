"""What the data folder's writable files need, and the message when they cannot be written.

Answering only reads (the index, the converted model), so a read-only or full data folder still
answers; feedback and the API's conversations write SQLite files there (unless ASSISTANT_DATABASE_URL
names a PostgreSQL server). A failure to write names the file (or the setting), what needs it and what
to change, instead of SQLite's "unable to open database file".
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.settings import Settings

FULL_BELOW_BYTES = 1 << 20  # less free space than this and SQLite's next page may not fit


class StorageError(RuntimeError):
    """A file in the data folder cannot be written; the message names it, what needs it and the fix."""

    path: Path | None  # None: a database server (ASSISTANT_DATABASE_URL), not a file

    def __init__(self, path: Path, purpose: str, full: bool, cause: str) -> None:
        problem = "the disk is full" if full else "the folder is read-only or not writable by this user"
        super().__init__(
            f"cannot save {purpose}: {path} cannot be written ({problem}: {cause}); give this process write "
            f"access to {path.parent} (or free space there), or set ASSISTANT_DATA_DIR to a writable folder"
        )
        self.path = path
        self.full = full

    @classmethod
    def of_database(cls, shown_url: str, purpose: str, full: bool, cause: str) -> StorageError:
        """The database server named by ASSISTANT_DATABASE_URL cannot be reached or refuses the write."""
        error = cls.__new__(cls)
        problem = "its disk is full" if full else "it cannot be reached or refuses writes"
        first_line = cause.splitlines()[0] if cause else cause
        RuntimeError.__init__(
            error,
            f"cannot save {purpose}: the database of ASSISTANT_DATABASE_URL ({shown_url}) cannot be written "
            f"({problem}: {first_line}); check that the server is running and reachable and that the URL's user "
            "may write there (or free space on it)",
        )
        error.path = None
        error.full = full
        return error


def _is_full(error: BaseException) -> bool:
    return getattr(error, "errno", None) == errno.ENOSPC or "full" in str(error).lower()


@contextmanager
def writing(path: Path, purpose: str) -> Iterator[None]:
    """Turn the operating system's and SQLite's write failures on ``path`` into a StorageError."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as error:
        raise StorageError(path, purpose, _is_full(error), str(error) or type(error).__name__) from error


def unwritable_notice(settings: Settings) -> str | None:
    """A line for the console when the data folder cannot take writes (None when it can)."""
    if settings.database_url is not None and not settings.database_url.startswith("sqlite"):
        return None  # sessions and feedback are on a database server, not in the data folder
    folder = settings.data_dir
    existing = next((path for path in (folder, *folder.parents) if path.exists()), None)
    if existing is None:
        return None
    if not os.access(existing, os.W_OK):
        problem = "is read-only or not writable by this user"
    elif shutil.disk_usage(existing).free < FULL_BELOW_BYTES:
        problem = "is on a full disk"
    else:
        return None
    return (
        f"warning: the data folder {folder} {problem}: answers work, but feedback ({settings.feedback_db.name}) "
        f"and API conversations ({settings.sessions_db.name}) need write access there: make it writable (or free "
        "space), or set ASSISTANT_DATA_DIR to a writable folder"
    )
