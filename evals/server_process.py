"""``policy-assistant serve`` in a process of its own on a free loopback port, for the load benchmark
and for tests that need the server as an operator starts it (its console, its environment)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

READY_TIMEOUT_S = 120  # a start-up deadline, not a performance figure


@dataclass(frozen=True)
class ServerProcess:
    url: str
    pid: int
    console: str  # what the server printed up to the moment it was ready
    process: subprocess.Popen[str]  # its exit status is there once the context has stopped it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(
    env: dict[str, str] | None = None, prefix: Sequence[str] = (), options: Sequence[str] = ()
) -> Iterator[ServerProcess]:
    """Start the server (``prefix`` runs it under another command, e.g. in a mount namespace; ``options`` go to
    ``serve``) and wait until it is ready; stop it afterwards. Its console goes to a file, so a chatty server
    never blocks."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as console:
        process = subprocess.Popen(
            [
                *prefix,
                sys.executable,
                "-m",
                "assistant.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *options,
            ],
            env={**os.environ, **(env or {})},
            stdout=console,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def printed() -> str:
            console.seek(0)
            return console.read()

        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {printed()}")
                try:
                    if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready after {READY_TIMEOUT_S} s: {printed()}")
                time.sleep(0.25)
            yield ServerProcess(url, process.pid, printed(), process)
        finally:
            stop(process)


def stop(process: subprocess.Popen[Any]) -> None:
    """Ask a server process to stop, and kill it when it has not within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
