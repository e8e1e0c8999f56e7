"""Two replicas as an operator runs them: two `serve` processes, each with its own data folder (and its own
copy of the index), sharing one real PostgreSQL through ASSISTANT_DATABASE_URL. A conversation started on
one continues on the other, and feedback given in one's web UI is exported by the command on the other's
settings. Nothing is shared but the database: the data folders hold no sessions or feedback file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from evals.server_process import ServerProcess, running_server
from tests.conftest import MODEL_CACHE
from tests.support import ANSWER_TIMEOUT_MS, THUMBS_UP, ask, finished

FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"
FOLLOW_UP = "那如果是5000万呢？"
EDA_EN = "Which support applies to a new EDA tool purchase?"


@dataclass(frozen=True)
class Replicas:
    servers: tuple[ServerProcess, ServerProcess]
    environments: tuple[dict[str, str], dict[str, str]]  # each one's settings, as its commands get them


def environment(data: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {
        **env,
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE),
        "ASSISTANT_DATABASE_URL": database_url,
    }


@pytest.fixture(scope="module")
def shared_database(postgres: Callable[[], str]) -> str:
    return postgres()


@pytest.fixture(scope="module")
def replicas(index_dir: Path, shared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    envs = []
    for name in ("replica-a", "replica-b"):
        data = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(index_dir, data / "index")
        envs.append(environment(data, shared_database))
    with running_server(envs[0]) as first, running_server(envs[1]) as second:
        yield Replicas((first, second), (envs[0], envs[1]))


def post_ask(server: ServerProcess, question: str, session_id: str) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/v1/ask", json={"question": question, "session_id": session_id}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.slow
def test_a_conversation_started_on_one_replica_continues_on_the_other(replicas: Replicas) -> None:
    first, second = replicas.servers
    started = post_ask(first, FIRST_OF_A_KIND, "across-replicas")
    assert started["calculation"]["amount_yuan"] == 20_000_000
    follow_up = post_ask(second, FOLLOW_UP, "across-replicas")
    assert follow_up["resolved_question"] == "首台套设备合同5000万,最多补多少?"
    assert follow_up["calculation"]["amount_yuan"] == 15_000_000
    again = post_ask(first, "那如果是2亿呢？", "across-replicas")  # and back: the turn the second one kept
    assert again["calculation"]["amount_yuan"] == 20_000_000
    assert "API conversations and feedback in postgresql+psycopg://" in first.console
    alone = post_ask(second, FOLLOW_UP, "another-conversation")
    assert alone["resolved_question"] is None
    for env in replicas.environments:
        assert not (Path(env["ASSISTANT_DATA_DIR"]) / "sessions.sqlite3").exists()


@pytest.mark.slow
def test_feedback_given_on_one_replica_is_exported_from_the_other(browser: Browser, replicas: Replicas) -> None:
    first, second_env = replicas.servers[0], replicas.environments[1]
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        page.goto(f"{first.url}/en/")
        finished(ask(page, EDA_EN))
        page.locator("#chat").get_by_role("button", name=THUMBS_UP).last.click()
        expect(page.locator("#feedback-status")).to_contain_text("Noted: helpful")
    finally:
        context.close()

    command = [sys.executable, "-m", "assistant.cli", "feedback", "export"]
    exported = subprocess.run(command, env=second_env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    cases = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(case["question"], case["expected_clauses"]) for case in cases] == [(EDA_EN, [13])]
    assert not (Path(second_env["ASSISTANT_DATA_DIR"]) / "feedback.sqlite3").exists()
