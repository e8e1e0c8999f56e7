"""An LLM answer streamed over the OpenAI-compatible endpoint, in process (TestClient); the web UI's side
is in tests/assistant/serving/ui/test_chat.py.

The model is LangChain's fake, streaming character by character: a correct reply streams as it
is checked; a wrong figure in a later sentence never reaches the client, who gets the checked part,
then the deterministic answer, flagged.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answering.composer import TemplateComposer
from assistant.chain import Assistant
from assistant.llm_composer import LLMComposer
from assistant.serving.api import create_api
from assistant.serving.openai_compat import FALLBACK_MARKER
from assistant.serving.service import AssistantService
from assistant.settings import Settings

FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"
FIRST_SENTENCE = "根据第13条，首台套合同1亿元按30%计算为3000万元，超过上限。"
CORRECT = FIRST_SENTENCE + "最高可获2000万元支持。"
WRONG_LATER = FIRST_SENTENCE + "最高可获2500万元支持。"


def service_with(settings: Settings, bm25_assistant: Assistant, reply: str) -> AssistantService:
    corpus = bm25_assistant.corpus
    composer = LLMComposer(TemplateComposer(corpus), FakeListChatModel(responses=[reply]), timeout_s=10)
    assistant = Assistant(corpus, bm25_assistant.retriever, composer=composer)
    service = AssistantService(settings, loader=lambda _: assistant)
    service.start()
    return service


def sse_chunks(text: str) -> list[dict[str, Any]]:
    return [json.loads(line.removeprefix("data: ")) for line in text.splitlines() if line.startswith("data: {")]


def stream_chat(client: TestClient) -> tuple[list[str], dict[str, Any]]:
    """The content deltas of a streamed chat completion, and the final chunk's extra field."""
    body = {"model": "policy-assistant", "messages": [{"role": "user", "content": FIRST_OF_A_KIND}], "stream": True}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200 and response.text.endswith("data: [DONE]\n\n")
    chunks = sse_chunks(response.text)
    deltas = [c["choices"][0]["delta"].get("content", "") for c in chunks]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    return [delta for delta in deltas if delta], chunks[-1]["policy_assistant"]


def test_sse_streams_a_checked_llm_answer(settings: Settings, bm25_assistant: Assistant) -> None:
    client = TestClient(create_api(service_with(settings, bm25_assistant, CORRECT)))
    deltas, extra = stream_chat(client)
    assert deltas == [FIRST_SENTENCE, "最高可获2000万元支持。"]
    assert (extra["composer"], extra["fallback"]) == ("llm", None)
    assert extra["calculation"]["amount_yuan"] == 20_000_000


def test_sse_never_sends_a_wrong_figure_and_flags_the_fallback(settings: Settings, bm25_assistant: Assistant) -> None:
    client = TestClient(create_api(service_with(settings, bm25_assistant, WRONG_LATER)))
    deltas, extra = stream_chat(client)
    deterministic = bm25_assistant.answer(FIRST_OF_A_KIND).answer
    assert deltas[:2] == [FIRST_SENTENCE, FALLBACK_MARKER]
    assert "".join(deltas[2:]) == deterministic
    assert not any("2500" in delta for delta in deltas)
    assert extra["composer"] == "template" and "2500万元" in extra["fallback"]


@pytest.mark.parametrize("reply", [CORRECT, WRONG_LATER])
def test_without_streaming_only_a_checked_answer_is_returned(
    settings: Settings, bm25_assistant: Assistant, reply: str
) -> None:
    client = TestClient(create_api(service_with(settings, bm25_assistant, reply)))
    body = {"model": "policy-assistant", "messages": [{"role": "user", "content": FIRST_OF_A_KIND}]}
    data = client.post("/v1/chat/completions", json=body).json()
    ask = client.post("/v1/ask", json={"question": FIRST_OF_A_KIND}).json()
    used = reply == CORRECT
    expected = CORRECT if used else bm25_assistant.answer(FIRST_OF_A_KIND).answer
    assert data["choices"][0]["message"]["content"] == ask["answer"] == expected
    assert data["policy_assistant"]["composer"] == ask["composer"] == ("llm" if used else "template")
    assert (ask["fallback"] is None) is used
