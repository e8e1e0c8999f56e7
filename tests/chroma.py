"""A real Chroma server for tests: ``chroma run`` (shipped with chromadb) on a free loopback port, its data in a
temporary folder, stopped and removed afterwards. Nothing is mocked: the tests talk HTTP to it as replicas do."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from evals.server_process import free_port, stop

START_TIMEOUT_S = 60  # a start-up deadline, not a performance figure


def _chroma() -> str:
    """The ``chroma`` command of this interpreter's environment (chromadb installs it beside python)."""
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if found is None:
        pytest.fail("the `chroma` command is not installed: it comes with chromadb (pip install -e '.[test]')")
    return found


@contextmanager
def chroma_server() -> Iterator[str]:
    """Start ``chroma run`` and wait for its heartbeat; yields its URL. Fails with its output if it does not start."""
    folder = Path(tempfile.mkdtemp(prefix="policy-assistant-chroma-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "console").open("w+", encoding="utf-8") as console:
        process = subprocess.Popen(
            [_chroma(), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=console,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _beating(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    console.seek(0)
                    pytest.fail(f"`chroma run` did not start within {START_TIMEOUT_S} s:\n{console.read()}")
                time.sleep(0.2)
            yield url
        finally:
            stop(process)
            shutil.rmtree(folder, ignore_errors=True)


def _beating(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200
    except httpx.TransportError:
        return False
