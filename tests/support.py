"""What several test modules need to run the real thing: a server on loopback and Debian's Chromium."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from assistant.server import build_app
from assistant.service import AssistantService

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root, and nothing that reaches for the network this machine does not have.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 120  # a start-up deadline, not a performance assertion


def require_chromium() -> Path:
    """Browser tests are part of `make test`, which installs Chromium: its absence is a failure, not a skip."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium fonts-wqy-microhei)")
    return CHROMIUM


@contextmanager
def serving(service: AssistantService) -> Iterator[str]:
    """The real app (API + UI) served by uvicorn in a background thread, on a port bound up front."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app=build_app(service), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="test-uvicorn", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, thread)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _wait_healthy(url: str, thread: threading.Thread) -> None:
    for _ in range(STARTUP_SECONDS * 10):
        if not thread.is_alive():
            pytest.fail("the server thread stopped during start-up")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        thread.join(timeout=0.1)  # a pause that also notices the server dying
    pytest.fail(f"no healthy server at {url} after {STARTUP_SECONDS} s")
