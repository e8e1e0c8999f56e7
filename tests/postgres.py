"""A real PostgreSQL cluster for tests, from Debian's ``postgresql`` package (``make postgres`` installs it).

PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged user (``nobody``):
initdb, the server and its files run as that user through ``runuser``, in a temporary folder, listening
on a free loopback port only. It is stopped and its folder removed afterwards. Each test gets a database
of its own in the one cluster.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from evals.server_process import free_port

USER = "nobody"  # as root; any other user runs the cluster as itself
ROLE = "assistant"
START_TIMEOUT_S = 60  # a start-up deadline, not a performance figure


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.fail("PostgreSQL is not installed: run `make postgres` (apt-get install postgresql)")
    return Path(initdb).resolve().parent


def _as_owner(command: Sequence[str]) -> list[str]:
    return ["runuser", "-u", USER, "--", *command] if os.geteuid() == 0 else list(command)


def _run(command: Sequence[str]) -> None:
    result = subprocess.run(_as_owner(command), capture_output=True, text=True, timeout=START_TIMEOUT_S)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stdout}{result.stderr}")


@contextmanager
def postgres_cluster() -> Iterator[Callable[[], str]]:
    """Start a cluster; yields a function that creates an empty database and returns its URL."""
    binaries = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="policy-assistant-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, USER)
    data, port = folder / "data", free_port()
    _run([str(binaries / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-locale"])
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200"
    try:
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start"])
        admin = f"postgresql://{ROLE}@127.0.0.1:{port}/postgres"
        numbers = itertools.count(1)

        def new_database() -> str:
            name = f"test_{next(numbers)}"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {name}")
            return f"postgresql://{ROLE}@127.0.0.1:{port}/{name}"

        yield new_database
    finally:
        if (data / "postmaster.pid").exists():
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
