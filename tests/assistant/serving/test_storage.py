"""A read-only or full data folder, as an operator meets it: on a real read-only mount (root is not stopped
by permissions) and a real 64 KiB file system. Answers still work; whatever needs to write says which
file, what needs it and what to change, and the web UI says so in the asker's language."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from assistant.chain import Assistant
from evals.server_process import ServerProcess, running_server
from tests.conftest import MODEL_CACHE
from tests.support import ANSWER_TIMEOUT_MS, THUMBS_UP, ask, finished, read_only, tiny_disk

EDA_EN = "Which support applies to a new EDA tool purchase?"
EDA_ZH = "EDA工具采购有什么支持？"


def environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE)}


@pytest.fixture(scope="module")
def data(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding a built index and nothing else (no feedback or session file yet)."""
    folder = tmp_path_factory.mktemp("read-only") / "data"
    shutil.copytree(index_dir, folder / "index")
    return folder


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[ServerProcess]:
    with running_server(environment(data), prefix=read_only(data)) as running:
        yield running


@pytest.mark.slow
def test_ask_reads_a_read_only_index(data: Path) -> None:
    """It used to say the index was unreadable and must be rebuilt: Chroma writes to its file even to read."""
    command = [*read_only(data), sys.executable, "-m", "assistant.cli", "ask", EDA_EN]
    result = subprocess.run(command, env=environment(data), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Measure 13" in result.stdout and "rebuild" not in result.stdout + result.stderr


@pytest.mark.slow
def test_the_server_starts_read_only_and_says_what_needs_write_access(server: ServerProcess, data: Path) -> None:
    """It used to stop with 'unexpected OperationalError: unable to open database file', naming no file."""
    assert f"the data folder {data} is read-only" in server.console
    assert "feedback (feedback.sqlite3) and API conversations (sessions.sqlite3) need write access" in server.console
    answered = httpx.post(f"{server.url}/v1/ask", json={"question": EDA_EN}, timeout=60)
    assert answered.status_code == 200 and answered.json()["citations"][0]["clause"] == 13
    refused = httpx.post(f"{server.url}/v1/ask", json={"question": EDA_EN, "session_id": "s1"}, timeout=60)
    assert refused.status_code == 503
    message = refused.json()["error"]["message"]
    assert message.startswith("cannot save API conversations (requests with a session_id)")
    assert "ASSISTANT_DATA_DIR/sessions.sqlite3 cannot be written" in message and "write access" in message
    assert str(data) not in message


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "locale", "said", "not_said"),
    [
        ("en", "en-US", "Feedback could not be saved: the data folder is not writable", "反馈"),
        ("zh", "zh-CN", "反馈未能保存：数据目录不可写", "Feedback"),
    ],
)
def test_thumbs_say_feedback_was_not_saved_in_the_ui_s_language(
    browser: Browser, server: ServerProcess, lang: str, locale: str, said: str, not_said: str
) -> None:
    """A thumb click used to show a raw sqlite error. Whatever the question's language, the message is in
    the language of the UI the user chose."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        page.goto(f"{server.url}/{lang}/")
        status = page.locator("#feedback-status")
        for question in (EDA_EN, EDA_ZH):
            finished(ask(page, question))
            page.locator("#chat").get_by_role("button", name=THUMBS_UP).last.click()
            expect(status).to_contain_text(said)
            expect(status).to_contain_text("ASSISTANT_DATA_DIR")
            expect(status).not_to_contain_text(not_said)
    finally:
        context.close()


FILL_AND_RATE = """
import sys
from pathlib import Path
from assistant.serving.feedback import FeedbackStore
from assistant.serving.storage import StorageError
folder = Path(sys.argv[1])
try:
    with open(folder / "filler", "wb") as filler:
        while True:
            filler.write(b"x" * 4096)
            filler.flush()
except OSError:
    pass
try:
    FeedbackStore(folder / "feedback.sqlite3").record("q", sys.stdin.read(), 1)
except StorageError as error:
    print(error)
"""


@pytest.mark.slow
def test_a_full_disk_is_named_as_such(tmp_path: Path, bm25_answer_json: str) -> None:
    command = [*tiny_disk(tmp_path), sys.executable, "-c", FILL_AND_RATE, str(tmp_path)]
    result = subprocess.run(command, input=bm25_answer_json, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cannot save feedback (the web UI's thumbs and comments): ")
    assert "(the disk is full: database or disk is full)" in result.stdout and "free space" in result.stdout


@pytest.fixture
def bm25_answer_json(bm25_assistant: Assistant) -> str:
    return bm25_assistant.answer(EDA_EN).model_dump_json()
