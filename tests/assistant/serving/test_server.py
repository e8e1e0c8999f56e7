"""The server as clients meet it: uvicorn on loopback, the real hybrid assistant, real HTTP (and, to hold
every worker thread busy, the BM25 assistant behind a gate the test opens).

The API key is set on this server, so every /v1 call below also proves the key is accepted,
including by the official ``openai`` client; the UI, docs and health checks stay open.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from anyio import from_thread, to_thread
from anyio.lowlevel import EventLoopToken, current_token
from openai.types.chat import ChatCompletionMessageParam
from pydantic import SecretStr

from assistant.chain import Assistant
from assistant.conversation import Turn
from assistant.corpus import Corpus
from assistant.result import AnswerResult
from assistant.retrieval import BM25Retriever
from assistant.serving.server import ServerConfigError, check_exposure
from assistant.serving.service import AssistantService
from assistant.settings import Settings
from tests.conftest import MODEL_CACHE
from tests.support import STARTUP_SECONDS, serving, serving_assistant

KEY = "server-test-key-9f8e7d6c5b4a"
EDA_EN = "Which support applies to a new EDA tool purchase?"
FIRST_OF_A_KIND_ZH = "首台套设备合同1亿,最多补多少?"


@dataclass(frozen=True)
class Running:
    url: str

    @property
    def api(self) -> str:
        return f"{self.url}/v1"

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


@pytest.fixture(scope="module")
def server(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    data = tmp_path_factory.mktemp("server") / "data"
    settings = Settings(data_dir=data, model_cache_dir=MODEL_CACHE, api_key=SecretStr(KEY))
    service = AssistantService(settings, loader=lambda s: assistant)
    service.start()
    with serving(service) as url:
        yield Running(url)


@pytest.fixture(scope="module")
def client(server: Running) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.api, api_key=KEY, max_retries=0)


@pytest.mark.slow
def test_ready(server: Running) -> None:
    response = httpx.get(f"{server.url}/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"


@pytest.mark.slow
def test_ask_in_english(server: Running) -> None:
    with server.client() as http:
        response = http.post("/v1/ask", json={"question": EDA_EN})
    assert response.status_code == 200
    data = response.json()
    assert "Measure 13" in data["answer"] and "50%" in data["answer"]
    assert data["citations"][0]["clause"] == 13


@pytest.mark.slow
def test_ask_a_chinese_calculation(server: Running) -> None:
    with server.client() as http:
        data = http.post("/v1/ask", json={"question": FIRST_OF_A_KIND_ZH}).json()
    assert data["intent"] == "calculation" and data["calculation"]["amount_yuan"] == 20_000_000


@pytest.mark.slow
def test_v1_refuses_a_missing_key_over_http(server: Running) -> None:
    response = httpx.post(f"{server.api}/ask", json={"question": EDA_EN})
    assert response.status_code == 401 and response.json()["error"]["type"] == "authentication_error"


@pytest.mark.slow
def test_docs_and_ui_are_served(server: Running) -> None:
    docs = httpx.get(f"{server.url}/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    schema = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/v1/ask", "/v1/chat/completions", "/v1/clauses", "/v1/calculate"} <= set(schema["paths"])
    page = httpx.get(f"{server.url}/", follow_redirects=True)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()


@pytest.mark.slow
def test_with_a_key_the_web_ui_asks_for_it_too(server: Running) -> None:
    """The UI is no way around the API key: its routes, in either language, need a login whose password is the
    key (each language's UI keeps its own login)."""
    assert httpx.get(f"{server.url}/zh/config").status_code == 401
    assert httpx.get(f"{server.url}/en/config").status_code == 401
    with httpx.Client(base_url=server.url) as browser:
        assert browser.post("/zh/login", data={"username": "anyone", "password": "wrong"}).status_code == 400
        assert browser.post("/zh/login", data={"username": "anyone", "password": KEY}).status_code == 200
        assert browser.get("/zh/config").status_code == 200


@pytest.mark.slow
def test_official_openai_client(client: openai.OpenAI, server: Running) -> None:
    completion = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": FIRST_OF_A_KIND_ZH}], temperature=0
    )
    assert completion.object == "chat.completion" and completion.model == "policy-assistant"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    with server.client() as http:
        expected = http.post("/v1/ask", json={"question": FIRST_OF_A_KIND_ZH}).json()["answer"]
    assert choice.message.content == expected
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert completion.model_extra is not None
    extra = completion.model_extra["policy_assistant"]
    assert extra["calculation"]["amount_yuan"] == 20_000_000 and extra["citations"][0]["clause"] == 13


@pytest.mark.slow
def test_official_openai_client_keeps_the_conversation(client: openai.OpenAI) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "EDA工具采购300万能补多少？"}]
    first = client.chat.completions.create(model="policy-assistant", messages=messages)
    messages += [
        {"role": "assistant", "content": first.choices[0].message.content or ""},
        {"role": "user", "content": "那如果是800万呢？"},
    ]
    follow_up = client.chat.completions.create(model="policy-assistant", messages=messages)
    assert "4,000,000" in (follow_up.choices[0].message.content or "")
    assert follow_up.model_extra is not None
    assert follow_up.model_extra["policy_assistant"]["calculation"]["amount_yuan"] == 4_000_000


@pytest.mark.slow
def test_a_session_over_http(server: Running) -> None:
    with server.client() as http:
        http.post("/v1/ask", json={"question": EDA_EN, "session_id": "http-1"})
        data = http.post("/v1/ask", json={"question": "Which bureau handles that?", "session_id": "http-1"}).json()
    assert data["citations"][0]["clause"] == 13 and data["resolved_question"] == EDA_EN


@pytest.mark.slow
def test_official_openai_client_streams_the_same_answer(client: openai.OpenAI) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": EDA_EN}]
    whole = client.chat.completions.create(model="policy-assistant", messages=messages)
    chunks = list(client.chat.completions.create(model="policy-assistant", messages=messages, stream=True))
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert content == whole.choices[0].message.content
    assert len(chunks) > 3
    final = chunks[-1]
    assert final.choices[0].finish_reason == "stop"
    assert final.model_extra is not None and final.model_extra["policy_assistant"]["retrieved"][0] == 13


@pytest.mark.slow
def test_official_openai_client_sees_our_errors(server: Running) -> None:
    wrong = openai.OpenAI(base_url=server.api, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        wrong.chat.completions.create(model="policy-assistant", messages=[{"role": "user", "content": EDA_EN}])
    right = openai.OpenAI(base_url=server.api, api_key=KEY, max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError, match="empty"):
        right.chat.completions.create(model="policy-assistant", messages=[{"role": "user", "content": " "}])


SURROGATE_BODIES = [
    ("/v1/ask", '{"question": "首台套设备合同1亿\\ud800最多补多少"}'),
    ("/v1/ask", '{"question": "EDA?", "session_id": "s\\udc00"}'),
    ("/v1/chat/completions", '{"messages": [{"role": "user", "content": "EDA \\ud800"}]}'),
    ("/v1/chat/completions", '{"stream": true, "messages": [{"role": "user", "content": "EDA \\ud800"}]}'),
    ("/v1/chat/completions", '{"messages": [{"role": "user", "content": [{"type": "text", "text": "\\ud800"}]}]}'),
    ("/v1/calculate", '{"rule_id": "doc-263f3af9b8ab#13.0.35", "amount": "1亿\\ud800"}'),
    ("/v1/match", '{"name": "\\ud800", "spending": {"eda_tools": "300万\\udfff"}}'),
]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "body"), SURROGATE_BODIES)
def test_a_lone_surrogate_is_422_and_keeps_the_connection(server: Running, path: str, body: str) -> None:
    """Refused before it reaches the tokenizer (it used to be a 500 that dropped the keep-alive connection)."""
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=60)
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    try:
        connection.request("POST", path, body=body.encode(), headers=headers)
        refused = connection.getresponse()
        error = json.loads(refused.read())["error"]
        assert refused.status == 422 and error["type"] == "invalid_request_error"
        assert "lone UTF-16 surrogate" in error["message"] and "remove it" in error["message"]
        socket_used = connection.sock
        assert socket_used is not None
        connection.request("POST", "/v1/ask", body=json.dumps({"question": EDA_EN}).encode(), headers=headers)
        answered = connection.getresponse()
        assert answered.status == 200 and json.loads(answered.read())["citations"][0]["clause"] == 13
        assert connection.sock is socket_used, "the keep-alive connection was dropped"
    finally:
        connection.close()


@pytest.mark.slow
def test_wrong_keys_over_http_are_rate_limited(assistant: Assistant, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, model_cache_dir=MODEL_CACHE, api_key=SecretStr(KEY), auth_failures=2)
    with serving_assistant(assistant, settings) as url, httpx.Client(base_url=url, timeout=60) as http:
        assert http.get("/v1/clauses", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert http.get("/v1/clauses").status_code == 401
        limited = http.get("/v1/clauses", headers={"Authorization": f"Bearer {KEY}"})
        assert limited.status_code == 429 and limited.json()["error"]["type"] == "rate_limit_error"
        assert int(limited.headers["retry-after"]) >= 1
        login = http.post("/en/login", data={"username": "anyone", "password": KEY})
        assert login.status_code == 429 and int(login.headers["retry-after"]) >= 1, "the UI login shares the limit"
        twice = http.get("/v1/clauses", headers=[("Authorization", f"Bearer {KEY}")] * 2)
        assert twice.status_code == 400 and "2 Authorization headers" in twice.json()["error"]["message"]


@pytest.mark.slow
def test_wrong_ui_passwords_are_rate_limited(assistant: Assistant, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, model_cache_dir=MODEL_CACHE, api_key=SecretStr(KEY), auth_failures=2)
    with serving_assistant(assistant, settings) as url, httpx.Client(base_url=url, timeout=60) as browser:
        for _ in range(2):
            assert browser.post("/zh/login", data={"username": "anyone", "password": "wrong"}).status_code == 400
        login = browser.post("/zh/login", data={"username": "anyone", "password": KEY})
        assert login.status_code == 429 and "retry in" in login.json()["error"]["message"]
        assert browser.get("/v1/clauses", headers={"Authorization": f"Bearer {KEY}"}).status_code == 429


# --- saturation: every worker thread busy ---


class GatedAssistant(Assistant):
    """The BM25 assistant behind a gate the test opens: answers that began wait inside it, counted, so
    the test can see how many run at once and hold every worker thread busy for as long as it likes."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__(corpus, BM25Retriever(corpus))
        self.gate = threading.Event()
        self.inside = 0
        self.most_inside = 0
        self.loop: EventLoopToken | None = None  # the server's event loop, seen from its worker threads
        self._lock = threading.Lock()

    def answer(self, question: str | bytes, doc_id: str | None = None, previous: Turn | None = None) -> AnswerResult:
        loop = from_thread.run_sync(current_token)
        with self._lock:
            self.loop, self.inside = loop, self.inside + 1
            self.most_inside = max(self.most_inside, self.inside)
        try:
            self.gate.wait()
            return super().answer(question, doc_id, previous)
        finally:
            with self._lock:
                self.inside -= 1

    def waiting(self) -> int:
        """Requests queued for a worker thread: the server's thread limiter, read on its event loop."""
        if self.loop is None:
            return 0
        limiter = from_thread.run_sync(to_thread.current_default_thread_limiter, token=self.loop)
        return limiter.statistics().tasks_waiting


def probe(url: str) -> Any:
    """A health check's JSON body; a check stuck behind the busy worker threads fails the test at the deadline."""
    try:
        response = httpx.get(url, timeout=STARTUP_SECONDS)
    except httpx.TimeoutException:
        pytest.fail(f"{url} did not answer while every worker thread was busy")
    assert response.status_code == 200, response.text
    return response.json()


def test_health_checks_answer_while_every_worker_thread_is_busy(corpus: Corpus, tmp_path: Path) -> None:
    """/healthz and /readyz run on the event loop, and at most ASSISTANT_WORKER_THREADS answers run at once:
    with every worker thread held inside an answer and more requests queued for one, both checks answer."""
    workers, queued = 2, 2
    assistant = GatedAssistant(corpus)
    settings = Settings(data_dir=tmp_path, model_cache_dir=MODEL_CACHE, worker_threads=workers)
    service = AssistantService(settings, loader=lambda s: assistant)
    service.start()
    with serving(service) as url, ThreadPoolExecutor(workers + queued) as clients:
        asking = [
            clients.submit(httpx.post, f"{url}/v1/ask", json={"question": EDA_EN}, timeout=STARTUP_SECONDS)
            for _ in range(workers + queued)
        ]
        try:
            for _ in range(STARTUP_SECONDS * 10):  # until every request is inside an answer or queued for one
                if assistant.inside + assistant.waiting() == workers + queued:
                    break
                time.sleep(0.1)
            assert (assistant.inside, assistant.waiting()) == (workers, queued)
            assert probe(f"{url}/readyz") == {"status": "ready"}
            assert probe(f"{url}/healthz") == {"status": "alive"}
        finally:
            assistant.gate.set()
        answers = [future.result() for future in asking]
    assert [answer.status_code for answer in answers] == [200] * (workers + queued)
    assert all(answer.json()["citations"][0]["clause"] == 13 for answer in answers)
    assert assistant.most_inside == workers


# --- exposure: no server needed ---


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.org"])
def test_binding_beyond_loopback_needs_a_key(settings: Settings, host: str) -> None:
    exposed = settings.model_copy(update={"host": host, "api_key": None})
    with pytest.raises(ServerConfigError, match="ASSISTANT_API_KEY"):
        check_exposure(exposed)
    check_exposure(exposed.model_copy(update={"api_key": SecretStr("a-long-random-secret")}))


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_key(settings: Settings, host: str) -> None:
    check_exposure(settings.model_copy(update={"host": host, "api_key": None}))


def test_cli_refuses_to_expose_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["ASSISTANT_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error:") and "ASSISTANT_API_KEY" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def _processes() -> dict[int, tuple[str, int]]:
    """Every process: its state letter and parent."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while listed
            continue
        found[int(stat.parent.name)] = (fields[0], int(fields[1]))
    return found


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started (its workers, and multiprocessing's resource tracker)."""
    return {child for child, (_, parent) in _processes().items() if parent == pid}


def _running() -> set[int]:
    """Processes that have not ended (a zombie has ended; it only waits to be reaped)."""
    return {pid for pid, (state, _) in _processes().items() if state != "Z"}


@pytest.mark.slow
def test_serve_with_two_workers_shares_the_port_and_the_sqlite_sessions_and_stops_cleanly(
    index_dir: Path, tmp_path: Path
) -> None:
    import shutil

    from evals.server_process import running_server

    data = tmp_path / "data"
    shutil.copytree(index_dir, data / "index")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update({"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE)})
    with running_server(env, options=("--workers", "2")) as server:
        assert "2 worker processes" in server.console
        workers = _children(server.pid)
        assert len(workers) >= 2
        deadline = time.monotonic() + STARTUP_SECONDS  # each worker loads its own assistant: wait for both
        while not all(httpx.get(f"{server.url}/readyz", timeout=60).status_code == 200 for _ in range(10)):
            assert time.monotonic() < deadline, "a worker did not become ready"
        # Each request on a new connection, taken by either worker: the one SQLite file (WAL) keeps the turns.
        amounts = []
        for question in [FIRST_OF_A_KIND_ZH, *["那如果是5000万呢？", "那如果是2亿呢？"] * 3]:
            reply = httpx.post(f"{server.url}/v1/ask", json={"question": question, "session_id": "w"}, timeout=60)
            assert reply.status_code == 200, reply.text
            amounts.append(reply.json()["calculation"]["amount_yuan"])
        assert amounts == [20_000_000, *[15_000_000, 20_000_000] * 3]
        no_ui = httpx.get(f"{server.url}/", timeout=60)  # Gradio's UI cannot be shared by processes
        assert no_ui.status_code == 404 and "--workers 1" in no_ui.text
    assert server.process.returncode == 0
    deadline = time.monotonic() + 15  # multiprocessing's resource tracker ends when it sees its pipe closed
    while workers & _running():
        assert time.monotonic() < deadline, f"processes of the server outlived it: {workers & _running()}"
        time.sleep(0.2)
