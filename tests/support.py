"""What several test modules need to run the real thing: a server on loopback and Debian's Chromium."""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Locator, Page, expect

from assistant.chain import Assistant
from assistant.corpus import Corpus
from assistant.retrieval import BM25Retriever, DenseRetriever, HybridRetriever, off_topic_scorer
from assistant.serving.server import build_app
from assistant.serving.service import AssistantService
from assistant.settings import Settings
from embeddings.index import ClauseIndex, build_index
from embeddings.model import EmbeddingModel

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
# Mounts over the folder ($0), then runs the program ("$@"), in a mount namespace that ends with it.
_READ_ONLY_MOUNT = 'mount --bind -o ro "$0" "$0" && exec "$@"'
_TINY_DISK_MOUNT = 'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"'
ANSWER_TIMEOUT_MS = 60_000  # deadlines for a slow machine, not performance assertions
THUMBS_UP = re.compile(r"^(赞|Like)$")  # Gradio labels the thumb in the browser's language


def require_chromium() -> Path:
    """Browser tests are part of `make test`, which installs Chromium: its absence is a failure, not a skip."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium fonts-wqy-microhei)")
    return CHROMIUM


def read_only(folder: Path) -> list[str]:
    """A command prefix that runs a program with ``folder`` on a read-only mount. Permissions do not stop
    root; a read-only mount stops everyone."""
    return _mounted(_READ_ONLY_MOUNT, folder)


def tiny_disk(folder: Path) -> list[str]:
    """A command prefix that runs a program with an empty 64 KiB file system at ``folder``, to fill up."""
    return _mounted(_TINY_DISK_MOUNT, folder)


def _mounted(command: str, folder: Path) -> list[str]:
    if shutil.which("unshare") is None:
        pytest.fail("unshare is not installed: apt-get install util-linux")
    return ["unshare", "--map-root-user", "--mount", "sh", "-c", command, str(folder)]


def ask(page: Page, question: str) -> Locator:
    """Type a question and press Enter; returns the assistant's newest message (still streaming)."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator('#chat [data-testid="user"]').last).to_contain_text(question, timeout=ANSWER_TIMEOUT_MS)
    return page.locator('#chat [data-testid="bot"]').last


def finished(answer: Locator) -> Locator:
    """The answer once streaming is done: the citation cards are appended to the final message only."""
    expect(answer.locator("details.citation").first).to_be_attached(timeout=ANSWER_TIMEOUT_MS)
    return answer


@contextmanager
def serving_assistant(assistant: Assistant, settings: Settings) -> Iterator[str]:
    """``serving`` a service that is ready with ``assistant`` (loaded once for the whole test session)."""
    service = AssistantService(settings, loader=lambda _: assistant)
    service.start()
    with serving(service) as url:
        yield url


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


def indexed_assistant(corpus: Corpus, model: EmbeddingModel, folder: Path) -> Assistant:
    """The hybrid assistant over a real index of ``corpus`` built in ``folder``."""
    build_index(corpus, model, folder)
    index = ClauseIndex(folder, model, corpus)
    retriever = HybridRetriever([DenseRetriever(index), BM25Retriever(corpus)])
    return Assistant(corpus, retriever, off_topic=off_topic_scorer(index))
