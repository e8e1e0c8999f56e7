"""The HTTP API in process (TestClient over ``create_api``), on the fast BM25 assistant.

Every endpoint and every error code a client can meet: the JSON error shape is the contract, so
each case checks the status, the OpenAI-like ``{"error": {"message", "type"}}`` body and that the
message says what to change.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.chain import Assistant
from assistant.corpus import Corpus
from assistant.retrieval import BM25Retriever
from assistant.rules import SupportRule
from assistant.serving.api import create_api
from assistant.serving.openai_compat import count_tokens, split_answer
from assistant.serving.service import AssistantService
from assistant.settings import EXPOSED_REQUEST_RATE, Settings
from embeddings.index import REBUILD_HINT, IndexUnavailableError
from tests.conftest import REPO

EDA_EN = "Which support applies to a new EDA tool purchase?"
FIRST_OF_A_KIND_ZH = "首台套设备合同1亿,最多补多少?"
KEY = "test-key-0123456789abcdef"


def make_client(settings: Settings, assistant: Assistant) -> TestClient:
    service = AssistantService(settings, loader=lambda s: assistant)
    service.start()
    # Unexpected errors must come back as JSON 500s, so let the app answer instead of re-raising here.
    return TestClient(create_api(service), raise_server_exceptions=False)


@pytest.fixture
def client(settings: Settings, bm25_assistant: Assistant) -> TestClient:
    return make_client(settings, bm25_assistant)


@pytest.fixture
def keyed_client(settings: Settings, bm25_assistant: Assistant) -> TestClient:
    return make_client(settings.model_copy(update={"api_key": SecretStr(KEY)}), bm25_assistant)


@pytest.fixture
def unready_client(settings: Settings) -> TestClient:
    """A service whose index is missing, as after a fresh install without `ingest`."""

    def missing_index(s: Settings) -> Assistant:
        raise IndexUnavailableError(f"index not found at {s.index_dir}: {REBUILD_HINT}")

    service = AssistantService(settings, loader=missing_index)
    service.start()
    return TestClient(create_api(service), raise_server_exceptions=False)


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The error object of a JSON error response with the expected status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["type"], str)
    assert "Traceback" not in response.text
    return error


def chat(question: str, **extra: Any) -> dict[str, Any]:
    return {"model": "policy-assistant", "messages": [{"role": "user", "content": question}], **extra}


def rule_of(corpus: Corpus, kind: str, clause: int | None = None) -> SupportRule:
    return next(r for r in corpus.policy().rules if r.kind == kind and (clause is None or r.clause_number == clause))


# --- health ---


def test_healthz_and_readyz_when_loaded(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "alive"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_readyz_is_503_with_the_fix_when_the_index_is_missing(unready_client: TestClient) -> None:
    assert unready_client.get("/healthz").status_code == 200  # alive, just not ready
    response = unready_client.get("/readyz")
    assert response.status_code == 503
    assert "policy-assistant ingest" in response.json()["reason"]


# --- /v1/ask ---


def test_ask_returns_the_structured_result(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": FIRST_OF_A_KIND_ZH, "session_id": "s1"})
    assert response.status_code == 200
    data = response.json()
    expected = {"answer", "citations", "retrieved", "calculation", "items", "eligible", "refused", "language"}
    assert set(data) >= expected | {"intent", "latency_ms"}
    assert data["intent"] == "calculation" and data["language"] == "zh"
    assert data["calculation"]["amount_yuan"] == 20_000_000
    assert data["citations"][0]["clause"] == 13


def test_ask_returns_the_eligibility_checklist(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": "我们是外地注册的药企，Ⅰ类创新药研发投入1亿，能拿多少？"})
    data = response.json()
    assert (data["intent"], data["eligible"], data["calculation"]) == ("eligibility", False, None)
    failed = [check for check in data["checklist"] if check["status"] == "not_met"]
    assert [check["field"] for check in failed] == ["registered_in_shanghai"]
    assert failed[0]["clause"] == 15 and "本市注册申请人" in failed[0]["quote"]
    assert failed[0]["quote_en"].startswith("For Class I innovative drugs")


def test_ask_says_why_it_refuses(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": "“二转二”开发贷款的贴息利率是多少？能贴几个点？"}).json()
    assert (data["refused"], data["refusal_reason"], data["checklist"]) == (True, "not_stated", [])
    assert data["citations"][0]["clause"] == 1  # what the measure does say on the topic
    assert "没有规定您所问的内容" in data["answer"]


def test_ask_in_english_cites_the_measure(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": EDA_EN}).json()
    assert data["language"] == "en"
    assert "Measure 13" in data["answer"] and "50%" in data["answer"]


def test_ask_restricted_to_a_document(client: TestClient, corpus: Corpus) -> None:
    doc = corpus.policy().document.id
    response = client.post("/v1/ask", json={"question": EDA_EN, "doc": doc})
    assert response.status_code == 200
    assert all(c["doc_id"] == doc for c in response.json()["citations"])


def test_ask_unknown_document_is_404_listing_the_loaded_ones(client: TestClient, corpus: Corpus) -> None:
    error = error_of(client.post("/v1/ask", json={"question": EDA_EN, "doc": "doc-nope"}), 404)
    assert "doc-nope" in error["message"] and corpus.policy().document.id in error["message"]


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_empty_question_is_422(client: TestClient, question: str) -> None:
    error = error_of(client.post("/v1/ask", json={"question": question}), 422)
    assert error["type"] == "invalid_request_error"
    assert "empty" in error["message"]


@pytest.mark.parametrize("path", ["/v1/ask", "/v1/chat/completions"])
@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("Wie hoch ist die Förderung für EDA-Software?", "unsupported_language"),
        ("¿Cuánto es el subsidio para herramientas EDA?", "unsupported_language"),
        ("首台套の補助金はいくらですか", "unsupported_language"),
        ("   ", None),
    ],
)
def test_a_question_in_another_language_is_422_naming_it(
    client: TestClient, path: str, question: str, code: str | None
) -> None:
    """The unsupported-language refusal is explicit: code unsupported_language, the message in both languages."""
    body = {"question": question} if path == "/v1/ask" else chat(question)
    error = error_of(client.post(path, json=body), 422)
    assert error.get("code") == code
    if code:
        assert error["message"].startswith("Please ask in Chinese or English")
        assert error["message_zh"].startswith("请用中文或英文提问")


def test_too_long_question_is_422_stating_the_limit(client: TestClient, settings: Settings) -> None:
    limit = settings.max_question_chars
    error = error_of(client.post("/v1/ask", json={"question": "EDA " * limit}), 422)
    assert f"{limit:,}" in error["message"]


@pytest.mark.parametrize(
    ("body", "mentions"),
    [({}, "question"), ({"question": 42}, "question"), ({"question": ["EDA"]}, "question")],
)
def test_schema_errors_are_reformatted_422(client: TestClient, body: dict[str, Any], mentions: str) -> None:
    response = client.post("/v1/ask", json=body)
    assert mentions in error_of(response, 422)["message"]
    assert "detail" not in response.json()  # not FastAPI's default shape


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    error_of(response, 422)


def test_ask_is_503_naming_the_fix_when_not_ready(unready_client: TestClient) -> None:
    error = error_of(unready_client.post("/v1/ask", json={"question": EDA_EN}), 503)
    assert "policy-assistant ingest" in error["message"]


# --- /v1/chat/completions ---


def test_chat_completion_has_the_openai_schema(client: TestClient) -> None:
    response = client.post("/v1/chat/completions", json=chat(FIRST_OF_A_KIND_ZH, temperature=0.2, max_tokens=50))
    assert response.status_code == 200
    data = response.json()
    assert data["id"].startswith("chatcmpl-")
    assert data["object"] == "chat.completion"
    assert isinstance(data["created"], int)
    assert data["model"] == "policy-assistant"
    [choice] = data["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    ask = client.post("/v1/ask", json={"question": FIRST_OF_A_KIND_ZH}).json()
    assert choice["message"]["content"] == ask["answer"]
    usage = data["usage"]
    assert usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    extra = data["policy_assistant"]
    assert set(extra) == {
        "citations",
        "calculation",
        "items",
        "eligible",
        "checklist",
        "refused",
        "refusal_reason",
        "intent",
        "language",
        "retrieved",
        "retrieved_docs",
        "resolved_question",
        "composer",
        "fallback",
    }
    assert extra["calculation"]["amount_yuan"] == 20_000_000 and extra["intent"] == "calculation"


def test_chat_echoes_the_model_or_defaults_it(client: TestClient) -> None:
    named = client.post("/v1/chat/completions", json={**chat(EDA_EN), "model": "gpt-4o"}).json()
    assert named["model"] == "gpt-4o"
    unnamed = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": EDA_EN}]}).json()
    assert unnamed["model"] == "policy-assistant"


def test_chat_answers_the_last_user_message(client: TestClient) -> None:
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": EDA_EN},
        {"role": "assistant", "content": "Measure 13 …"},
        {"role": "user", "content": [{"type": "text", "text": FIRST_OF_A_KIND_ZH}]},  # the multi-part form
    ]
    data = client.post("/v1/chat/completions", json={"model": "x", "messages": messages}).json()
    assert data["policy_assistant"]["calculation"]["amount_yuan"] == 20_000_000


@pytest.mark.parametrize(
    ("messages", "mentions"),
    [
        ([{"role": "system", "content": "hi"}], "user"),
        ([{"role": "user", "content": "  "}], "empty"),
        ([], "messages"),
        ([{"role": "wizard", "content": "EDA"}], "role"),
    ],
)
def test_chat_bad_messages_are_422(client: TestClient, messages: list[dict[str, Any]], mentions: str) -> None:
    error = error_of(client.post("/v1/chat/completions", json={"model": "m", "messages": messages}), 422)
    assert mentions in error["message"]


def sse_events(text: str) -> list[str]:
    """The data payloads of a server-sent event stream, checking the framing on the way."""
    assert text.endswith("\n\n")
    events = text.split("\n\n")[:-1]
    assert all(event.startswith("data: ") for event in events)
    return [event.removeprefix("data: ") for event in events]


def streamed(client: TestClient, body: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode("utf-8")
    payloads = sse_events(text)
    return [json.loads(p) for p in payloads[:-1]], payloads[-1]


@pytest.mark.parametrize("question", [FIRST_OF_A_KIND_ZH, EDA_EN])
def test_chat_stream_is_openai_chunks_that_add_up_to_the_answer(client: TestClient, question: str) -> None:
    chunks, last = streamed(client, chat(question, stream=True))
    assert last == "[DONE]"
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    content_chunks = [c for c in chunks if c["choices"][0]["delta"].get("content")]
    assert len(content_chunks) > 3  # streamed in pieces, not one blob
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    whole = client.post("/v1/chat/completions", json=chat(question)).json()
    assert content == whole["choices"][0]["message"]["content"]
    assert [c["choices"][0]["finish_reason"] for c in chunks[:-1]] == [None] * (len(chunks) - 1)
    final = chunks[-1]
    assert final["choices"][0]["finish_reason"] == "stop" and final["choices"][0]["delta"] == {}
    assert final["policy_assistant"]["retrieved"] == whole["policy_assistant"]["retrieved"]


def test_chat_stream_can_include_usage(client: TestClient) -> None:
    chunks, last = streamed(client, chat(EDA_EN, stream=True, stream_options={"include_usage": True}))
    assert last == "[DONE]"
    usage_chunk = chunks[-1]
    assert usage_chunk["choices"] == [] and usage_chunk["usage"]["total_tokens"] > 0


@pytest.mark.parametrize("extra", [{"stream": 1}, {"stream": "true"}, {"stream_options": {"include_usage": 0}}])
def test_chat_options_are_json_booleans(client: TestClient, extra: dict[str, Any]) -> None:
    """As the schema says: pydantic alone would read 1 and "true" as true."""
    error = error_of(client.post("/v1/chat/completions", json=chat(EDA_EN, **extra)), 422)
    assert "expected true or false" in error["message"] and "write a JSON boolean" in error["message"]


def test_chat_stream_errors_come_before_the_stream(client: TestClient, unready_client: TestClient) -> None:
    """A bad question or an unready service is a JSON error with its status, not a broken event stream."""
    error_of(client.post("/v1/chat/completions", json=chat("", stream=True)), 422)
    error = error_of(unready_client.post("/v1/chat/completions", json=chat(EDA_EN, stream=True)), 503)
    assert "policy-assistant ingest" in error["message"]


def test_split_answer_keeps_every_character() -> None:
    text = (
        "**第13条 · 加大“三首”支持力度**：" + "不超过" * 30 + "\n\n1. ratio: 30% × 100,000,000\n  > quoted text here\n"
    )
    pieces = split_answer(text)
    assert "".join(pieces) == text
    assert len(pieces) > 5
    assert all("\n" not in piece.rstrip() for piece in pieces)  # a piece never runs across a line end
    assert split_answer("") == []
    assert count_tokens("EDA 工具") == 3


@pytest.mark.parametrize("stream", [False, True])
def test_chat_replays_a_bounded_history(
    client: TestClient, bm25_assistant: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    """20 earlier messages of 1,990 characters each (40 KiB, under the body limit) used to be planned again
    whole on every request; now at most ASSISTANT_MAX_REPLAY_CHARS, and a continued conversation plans one."""
    planned: list[str] = []
    replay = bm25_assistant.context

    def counting(questions: Any, doc_id: str | None = None, previous: Any = None) -> Any:
        planned.extend(questions)
        return replay(questions, doc_id, previous)

    monkeypatch.setattr(bm25_assistant, "context", counting)
    long = ("Which support applies to a new EDA tool purchase by a chip design company? " * 27)[:1990]
    messages = [{"role": "user", "content": f"{n} {long}"[:1990]} for n in range(20)]
    messages.append({"role": "user", "content": "那如果是5000万呢？"})
    assert client.post("/v1/chat/completions", json={"messages": messages, "stream": stream}).status_code == 200
    assert 0 < sum(map(len, planned)) <= settings.max_replay_chars
    planned.clear()
    messages += [{"role": "assistant", "content": "…"}, {"role": "user", "content": "哪个部门负责？"}]
    assert client.post("/v1/chat/completions", json={"messages": messages, "stream": stream}).status_code == 200
    assert planned == ["那如果是5000万呢？"]


# --- /v1/clauses ---


def test_clauses_lists_every_measure(client: TestClient, corpus: Corpus) -> None:
    data = client.get("/v1/clauses").json()
    policy = corpus.policy()
    assert data["doc_id"] == policy.document.id
    assert data["documents"] == [p.document.id for p in corpus.policies]
    assert [c["number"] for c in data["clauses"]] == [c.number for c in policy.document.clauses]
    first = data["clauses"][0]
    assert set(first) >= {"doc_id", "number", "section_number", "section_title", "title", "title_en"}
    assert first["title"] and first["title_en"]


def test_clauses_with_doc_and_unknown_doc(client: TestClient, corpus: Corpus) -> None:
    doc = corpus.policy().document.id
    assert client.get("/v1/clauses", params={"doc": doc}).json()["doc_id"] == doc
    error = error_of(client.get("/v1/clauses", params={"doc": "doc-nope"}), 404)
    assert doc in error["message"]
    error_of(client.get("/v1/clauses/13", params={"doc": "doc-nope"}), 404)


def test_clause_record_in_both_languages_with_rules(client: TestClient) -> None:
    data = client.get("/v1/clauses/13").json()
    assert data["number"] == 13 and "“三首”" in data["title"]
    assert "EDA" in " ".join(s["en"] for s in data["sentences"])
    assert all(s["zh"] and s["en"] for s in data["sentences"])
    assert "上海银保监局" in data["responsible_units"] and data["responsible_units_en"]
    ratio = next(r for r in data["rules"] if r["kind"] == "ratio" and r["cap"])
    assert (ratio["ratio"], ratio["cap"]) == ("0.3", "20000000")
    assert ratio["base"] == "创新产品合同金额" and isinstance(ratio["beneficiary"], str)
    assert set(ratio) >= {"id", "kind", "ratio", "cap", "threshold", "base", "beneficiary"}


def test_clause_unknown_number_is_404_and_non_number_422(client: TestClient) -> None:
    assert "99" in error_of(client.get("/v1/clauses/99"), 404)["message"]
    error_of(client.get("/v1/clauses/abc"), 422)


def test_clauses_still_browse_when_not_ready(unready_client: TestClient) -> None:
    """The index is for answering; the measures themselves come from the policy files."""
    assert unready_client.get("/v1/clauses/13").status_code == 200


# --- /v1/calculate ---


def calculate(client: TestClient, **body: Any) -> Any:
    return client.post("/v1/calculate", json=body)


@pytest.mark.parametrize(
    ("amount", "base", "expected"),
    [("1亿", "100000000", 20_000_000), ("3,000,000", "3000000", 900_000), ("300万元", "3000000", 900_000)],
)
def test_calculate_a_ratio_rule(client: TestClient, corpus: Corpus, amount: str, base: str, expected: int) -> None:
    rule = rule_of(corpus, "ratio", 13)
    data = calculate(client, rule_id=rule.id, amount=amount).json()
    assert data["rule"] == rule.id and data["kind"] == "ratio"
    assert data["inputs"] == {"base": base}
    assert data["amount_yuan"] == expected and data["unit"] == "yuan"
    assert data["steps"] and data["eligible"] is None


def test_calculate_renders_steps_in_the_language(client: TestClient, corpus: Corpus) -> None:
    rule = rule_of(corpus, "ratio", 13)
    english = calculate(client, rule_id=rule.id, amount="1亿", lang="en").json()["steps"]
    chinese = calculate(client, rule_id=rule.id, amount="1亿", lang="zh").json()["steps"]
    assert english != chinese and any("上限" in step for step in chinese)


def test_calculate_a_threshold_rule(client: TestClient, corpus: Corpus) -> None:
    rule = rule_of(corpus, "threshold")
    assert rule.threshold is not None
    above = calculate(client, rule_id=rule.id, amount=f"{rule.threshold * 2:f}元").json()
    assert above["eligible"] is True and above["amount"] == f"{rule.threshold:f}"
    below = calculate(client, rule_id=rule.id, amount="1万元").json()
    assert below["eligible"] is False and below["amount_yuan"] is None


def test_calculate_an_area_rule(client: TestClient, corpus: Corpus) -> None:
    rule = rule_of(corpus, "land_share")
    data = calculate(client, rule_id=rule.id, area_m2="10,000 m2").json()
    assert data["unit"] == "m2" and Decimal(data["amount"]) == 1500 and data["amount_yuan"] is None


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"amount": "300"}, "unit"),
        ({"amount": "-5万"}, "negative"),
        ({"amount": "lots"}, "not a recognizable amount"),
        ({}, "needs"),
        ({"amount": "1亿", "lang": "fr"}, "lang"),
    ],
)
def test_calculate_bad_input_is_422(client: TestClient, corpus: Corpus, body: dict[str, Any], mentions: str) -> None:
    rule = rule_of(corpus, "ratio", 13)
    assert mentions in error_of(calculate(client, rule_id=rule.id, **body), 422)["message"]


def test_calculate_unknown_rule_is_404(client: TestClient) -> None:
    assert "doc-x#1.0.0" in error_of(calculate(client, rule_id="doc-x#1.0.0", amount="1亿"), 404)["message"]


def test_calculate_area_rule_needs_an_area(client: TestClient, corpus: Corpus) -> None:
    rule = rule_of(corpus, "floor_area_ratio")
    assert "area_m2" in error_of(calculate(client, rule_id=rule.id), 422)["message"]
    assert error_of(calculate(client, rule_id=rule.id, area_m2="big"), 422)


# --- API key ---


@pytest.mark.parametrize("header", [None, "Bearer wrong-key", f"Basic {KEY}", "Bearer", KEY])
def test_v1_needs_the_key_when_one_is_set(keyed_client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = keyed_client.post("/v1/ask", json={"question": EDA_EN}, headers=headers)
    error = error_of(response, 401)
    assert error["type"] == "authentication_error" and "Bearer" in error["message"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_right_key_is_let_through(keyed_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    assert keyed_client.post("/v1/ask", json={"question": EDA_EN}, headers=headers).status_code == 200
    assert keyed_client.get("/v1/clauses", headers=headers).status_code == 200
    assert keyed_client.get("/v1/clauses").status_code == 401


def test_health_and_docs_stay_open_with_a_key(keyed_client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/docs", "/openapi.json"):
        assert keyed_client.get(path).status_code == 200, path


def test_no_key_configured_means_open(client: TestClient) -> None:
    assert client.get("/v1/clauses").status_code == 200


def test_the_key_is_checked_before_the_body(keyed_client: TestClient, settings: Settings) -> None:
    """An unauthenticated client learns nothing, not even the size limit."""
    response = keyed_client.post("/v1/ask", content=b"x" * (settings.max_body_bytes + 1))
    error_of(response, 401)


def test_two_authorization_headers_are_400(keyed_client: TestClient) -> None:
    """Which of two keys counts would be the server's guess: the request is refused instead."""
    headers = [("Authorization", f"Bearer {KEY}"), ("Authorization", "Bearer wrong-key-0123456789")]
    for order in (headers, headers[::-1]):
        error = error_of(keyed_client.post("/v1/ask", json={"question": EDA_EN}, headers=order), 400)
        assert error["type"] == "invalid_request_error" and "2 Authorization headers" in error["message"]


def test_repeated_wrong_keys_are_429_with_retry_after(settings: Settings, bm25_assistant: Assistant) -> None:
    allowed = 3
    limited = make_client(
        settings.model_copy(update={"api_key": SecretStr(KEY), "auth_failures": allowed}), bm25_assistant
    )
    wrong = {"Authorization": "Bearer wrong-key-0123456789"}
    for _ in range(allowed):
        error_of(limited.get("/v1/clauses", headers=wrong), 401)
    for headers in (wrong, {"Authorization": f"Bearer {KEY}"}):  # blocked: even the right key waits
        response = limited.get("/v1/clauses", headers=headers)
        error = error_of(response, 429)
        assert error["type"] == "rate_limit_error" and "retry in" in error["message"]
        assert 1 <= int(response.headers["retry-after"]) <= settings.auth_window_s


# --- body size ---


def test_body_over_the_limit_by_content_length_is_413(client: TestClient, settings: Settings) -> None:
    limit = settings.max_body_bytes
    body = json.dumps({"question": "EDA" + " " * limit}).encode()
    error = error_of(client.post("/v1/ask", content=body, headers={"content-type": "application/json"}), 413)
    assert f"{limit:,}" in error["message"]


def test_streamed_body_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    """A chunked upload has no Content-Length: the bytes are counted as they arrive."""
    limit = settings.max_body_bytes

    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(limit // 1000 + 1):
            yield b" " * 1000
        yield b'EDA"}'

    response = client.post("/v1/chat/completions", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert f"{limit:,}" in error_of(response, 413)["message"]


def test_streamed_body_within_the_limit_is_read_whole(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": '
        yield json.dumps(EDA_EN).encode()
        yield b"}"

    response = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 200 and "Measure 13" in response.json()["answer"]


# --- everything else is JSON too ---


def test_unknown_path_and_method_are_json(client: TestClient) -> None:
    assert error_of(client.get("/v1/nothing"), 404)["type"] == "not_found_error"
    error_of(client.get("/v1/ask"), 405)


class BrokenAssistant(Assistant):
    def answer(self, question: str | bytes, doc_id: str | None = None, previous: Any = None) -> Any:
        raise RuntimeError("secret internal detail")


def test_unexpected_errors_are_a_generic_500_and_logged(
    settings: Settings, corpus: Corpus, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(settings, BrokenAssistant(corpus, BM25Retriever(corpus)))
    with caplog.at_level(logging.ERROR, logger="assistant.serving.api"):
        response = client.post("/v1/ask", json={"question": EDA_EN})
    error = error_of(response, 500)
    assert error["type"] == "server_error"
    assert "secret internal detail" not in response.text
    assert "secret internal detail" in caplog.text  # the traceback is in the server log


def ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_session_resolves_follow_ups(client: TestClient) -> None:
    ask(client, FIRST_OF_A_KIND_ZH, session_id="s-1")
    follow_up = ask(client, "那如果是5000万呢？", session_id="s-1")
    assert follow_up["calculation"]["amount_yuan"] == 15_000_000
    assert follow_up["resolved_question"] == "首台套设备合同5000万,最多补多少?"
    units = ask(client, "哪个部门负责？", session_id="s-1")
    assert units["citations"][0]["clause"] == 13 and "市经济信息化委" in units["answer"]


def test_sessions_are_separate_and_optional(client: TestClient) -> None:
    ask(client, FIRST_OF_A_KIND_ZH, session_id="s-1")
    for extra in ({"session_id": "s-2"}, {}):
        alone = ask(client, "那如果是5000万呢？", **extra)
        assert alone["resolved_question"] is None
        assert alone["calculation"] is None or alone["calculation"]["amount_yuan"] != 15_000_000


@pytest.mark.parametrize("session_id", ["", "has space", "x" * 129, "中文"])
def test_odd_session_ids_are_422(client: TestClient, session_id: str) -> None:
    error = error_of(client.post("/v1/ask", json={"question": EDA_EN, "session_id": session_id}), 422)
    assert "session_id" in error["message"]


@pytest.mark.parametrize("stream", [False, True])
def test_chat_takes_the_conversation_from_its_messages(client: TestClient, stream: bool) -> None:
    first = client.post("/v1/chat/completions", json=chat(FIRST_OF_A_KIND_ZH)).json()
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": FIRST_OF_A_KIND_ZH},
        {"role": "assistant", "content": first["choices"][0]["message"]["content"]},
        {"role": "user", "content": "那如果是5000万呢？"},
    ]
    response = client.post("/v1/chat/completions", json={"messages": messages, "stream": stream})
    assert response.status_code == 200, response.text
    if stream:
        events = [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: {")]
        text = "".join(e["choices"][0]["delta"].get("content", "") for e in events if e["choices"])
    else:
        text = response.json()["choices"][0]["message"]["content"]
        assert response.json()["policy_assistant"]["resolved_question"] == "首台套设备合同5000万,最多补多少?"
    assert "15,000,000" in text


# --- /v1/match ---

EXAMPLE_PROFILE = json.loads((REPO / "docs" / "profile.example.json").read_text(encoding="utf-8"))


def test_match_returns_the_checked_supports_amounts_and_questions(client: TestClient) -> None:
    response = client.post("/v1/match", json=EXAMPLE_PROFILE)
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["total_yuan"], data["total_met_yuan"]) == (32_350_000, 22_350_000)
    first = next(item for item in data["items"] if item["support"] == "first-of-a-kind")
    assert first["estimate"]["amount_yuan"] == 20_000_000 and first["status"] == "met"
    assert first["doc_title"]["zh"] == "上海市推进高端制造业发展的若干措施"
    assert first["conditions"][0]["source"]["quote_en"].startswith("The role of the innovative product")
    assert [q["field"] for q in data["questions"]] == [
        "park_redevelopment_loan",
        "tech_startup",
        "park_fund_invested",
        "spending.green_project",
        "class_one_innovative_drug",
        "drug_marketing_approved",
        "contract_manufacturing",
        "spending.innovative_drug_rd",
        "device_special_review",
        "first_device_registration",
        "produced_in_shanghai",
        "spending.innovative_device_rd",
    ]


def test_match_needs_no_index(unready_client: TestClient) -> None:
    response = unready_client.post(
        "/v1/match", json={"industries": "biomedicine", "spending": {"innovative_device_rd": 1e7}}
    )
    assert response.status_code == 200, response.text
    device = next(item for item in response.json()["items"] if item["support"] == "innovative-device")
    assert device["estimate"]["amount_yuan"] == 3_000_000


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"annual_output": "-5万"}, "annual_output"),
        ({"spending": {"eda_tools": 1e30}}, "spending.eda_tools"),
        ({"industries": ["steel"]}, "unknown industry 'steel'"),
        ({"spendings": {}}, "spendings: Extra inputs are not permitted"),
        ([1, 2], "valid dictionary"),
        ({"large_enterprise": 0}, "large_enterprise: expected true or false, got 0: write a JSON boolean"),
    ],
)
def test_match_invalid_profiles_are_422(client: TestClient, body: Any, mentions: str) -> None:
    error = error_of(client.post("/v1/match", json=body), 422)
    assert mentions in error["message"] and error["type"] == "invalid_request_error"


def test_a_client_over_the_request_rate_is_429_with_retry_after(settings: Settings, bm25_assistant: Assistant) -> None:
    """Off on loopback unless set; once set, the request beyond the rate waits, with the time to wait."""
    unlimited = make_client(settings, bm25_assistant)
    assert all(unlimited.get("/v1/clauses").status_code == 200 for _ in range(12))
    limited = make_client(settings.model_copy(update={"request_rate": 3}), bm25_assistant)
    for _ in range(3):
        assert limited.get("/v1/clauses").status_code == 200
    response = limited.get("/v1/clauses")
    error = error_of(response, 429)
    assert error["type"] == "rate_limit_error" and "ASSISTANT_REQUEST_RATE" in error["message"]
    assert 1 <= int(response.headers["retry-after"]) <= settings.request_window_s


def test_an_exposed_server_limits_requests_by_default(settings: Settings, bm25_assistant: Assistant) -> None:
    exposed = settings.model_copy(update={"host": "0.0.0.0", "api_key": SecretStr(KEY)})
    client = make_client(exposed, bm25_assistant)
    key = {"Authorization": f"Bearer {KEY}"}
    statuses = [client.get("/v1/clauses", headers=key).status_code for _ in range(EXPOSED_REQUEST_RATE + 1)]
    assert statuses[:-1] == [200] * EXPOSED_REQUEST_RATE and statuses[-1] == 429
