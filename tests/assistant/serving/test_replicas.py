"""Two replicas as an operator runs them: two `serve` processes, each with its own empty data folder, sharing
one real PostgreSQL (ASSISTANT_DATABASE_URL) and one real Chroma server (ASSISTANT_CHROMA_URL), into which a
third machine ingests. A conversation started on one continues on the other, feedback given in one's web UI
is exported by the command on the other's settings, and a policy ingested on the third machine is answered
by both without a restart. Nothing is shared but the two servers: the replicas' data folders hold no
sessions, feedback, index or policies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from evals.server_process import ServerProcess, running_server
from tests.chroma import chroma_server
from tests.conftest import DISTRICT_POLICY, MODEL_CACHE
from tests.support import ANSWER_TIMEOUT_MS, THUMBS_UP, ask, finished

FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"
FOLLOW_UP = "那如果是5000万呢？"
EDA_EN = "Which support applies to a new EDA tool purchase?"
ROBOTS = "工业机器人整机研发投入1000万能补多少？"
PICK_UP_S = 120  # a deadline for a loaded machine, not a speed figure


@dataclass(frozen=True)
class Replicas:
    servers: tuple[ServerProcess, ServerProcess]
    environments: tuple[dict[str, str], dict[str, str]]  # each one's settings, as its commands get them
    ingesting: dict[str, str]  # the settings of the machine that ingests (and keeps the policies folder)


def environment(data: Path, database_url: str, chroma_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {
        **env,
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE),
        "ASSISTANT_DATABASE_URL": database_url,
        "ASSISTANT_CHROMA_URL": chroma_url,
    }


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``policy-assistant`` run with a machine's settings."""
    command = [sys.executable, "-m", "assistant.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def shared_database(postgres: Callable[[], str]) -> str:
    return postgres()


@pytest.fixture(scope="module")
def shared_index() -> Iterator[str]:
    with chroma_server() as url:
        yield url


@pytest.fixture(scope="module")
def replicas(
    index_dir: Path, shared_database: str, shared_index: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replicas]:
    ingest_data = tmp_path_factory.mktemp("ingest-machine") / "data"
    shutil.copytree(index_dir, ingest_data / "index")  # its own index, built before: the publish embeds nothing
    ingesting = environment(ingest_data, shared_database, shared_index)
    published = cli(ingesting, "ingest")
    assert published.returncode == 0 and "published index version" in published.stdout, published.stderr
    envs = [
        environment(tmp_path_factory.mktemp(name) / "data", shared_database, shared_index)
        for name in ("replica-a", "replica-b")
    ]
    with running_server(envs[0]) as first, running_server(envs[1]) as second:
        yield Replicas((first, second), (envs[0], envs[1]), ingesting)


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

    exported = cli(second_env, "feedback", "export")
    assert exported.returncode == 0, exported.stderr
    cases = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(case["question"], case["expected_clauses"]) for case in cases] == [(EDA_EN, [13])]
    assert not (Path(second_env["ASSISTANT_DATA_DIR"]) / "feedback.sqlite3").exists()


@pytest.mark.slow
def test_a_policy_ingested_on_another_machine_is_answered_by_both_replicas(replicas: Replicas, tmp_path: Path) -> None:
    source = tmp_path / "robots.txt"
    source.write_text(DISTRICT_POLICY, encoding="utf-8")
    ingested = cli(replicas.ingesting, "ingest", str(source))
    assert ingested.returncode == 0 and "published index version" in ingested.stdout, ingested.stderr
    district = ingested.stdout.split(" as ")[1].split()[0]
    for server in replicas.servers:  # no restart: each notices the new version and loads it
        deadline = time.monotonic() + PICK_UP_S
        while district not in httpx.get(f"{server.url}/v1/clauses", timeout=60).json()["documents"]:
            assert time.monotonic() < deadline, f"{server.url} did not pick up the new version in {PICK_UP_S} s"
            time.sleep(0.5)
        answer = httpx.post(f"{server.url}/v1/ask", json={"question": ROBOTS, "doc": district}, timeout=60)
        assert answer.status_code == 200 and answer.json()["citations"][0]["doc_id"] == district
    for env in replicas.environments:
        assert not (Path(env["ASSISTANT_DATA_DIR"]) / "index").exists()
