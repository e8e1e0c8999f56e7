"""The OpenAI chat-completions wire format over an ``AnswerResult``, so any OpenAI client can ask.

Only the shapes live here (request, ``chat.completion``, ``chat.completion.chunk`` and the SSE
framing); answering is the assistant's job. Each response carries one extra top-level field,
``policy_assistant``, with the structured result: official clients keep unknown fields (pydantic
``extra="allow"``), so it is reachable without breaking them.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.result import AnswerResult
from assistant.schema_types import Flag

DEFAULT_MODEL = "policy-assistant"
DONE = "data: [DONE]\n\n"
_EXTRA_FIELDS = (
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
)
# Sent when an LLM answer streamed in part fails the figure guard: what follows replaces what came before.
FALLBACK_MARKER = (
    "\n\n---\n\n**[policy-assistant] 以上模型回答未通过数字核对，已停止；以下为标准回答。"
    " · The model's answer above failed the figure check and was stopped; the standard answer follows.**\n\n"
)
# One CJK character is about one token; a run of other non-space characters about one per word.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"\S+\s*|\s+")
_WORDS_PER_CHUNK = 6
_MAX_CHUNK_CHARS = 32  # Chinese has no spaces: a long "word" is cut so a line still streams in pieces


_USER_MESSAGE = {"type": "object", "properties": {"role": {"const": "user"}}, "required": ["role"]}


class TextPart(BaseModel):
    """One part of a multi-part message (the newer ``content: [{type, text}]`` form); non-text parts are ignored."""

    model_config = ConfigDict(extra="allow")
    type: str = "text"
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: Flag = False


class ChatCompletionRequest(BaseModel):
    """The fields the assistant uses; sampling options (temperature, top_p …) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = DEFAULT_MODEL
    # The endpoint refuses messages without a user message (422, saying so); the schema says it too.
    messages: list[ChatMessage] = Field(min_length=1, json_schema_extra={"contains": _USER_MESSAGE})
    stream: Flag = False
    stream_options: StreamOptions | None = None
    doc: str | None = Field(default=None, description="restrict to one document id (pass via extra_body)")

    def question(self) -> str | None:
        """The last user message, the one answered; None when there is none."""
        for message in reversed(self.messages):
            if message.role == "user":
                return message.text
        return None

    def earlier_questions(self) -> list[str]:
        """The user messages before the last: the conversation so far (``serving.history`` bounds its replay)."""
        asked = [message.text for message in self.messages if message.role == "user"]
        return asked[:-1]


def count_tokens(text: str) -> int:
    """A rough token count for ``usage``: no tokenizer is involved, clients only need an order of magnitude."""
    return len(_TOKEN.findall(text))


def _extra(result: AnswerResult) -> dict[str, Any]:
    return result.model_dump(mode="json", include=set(_EXTRA_FIELDS))


def _usage(request: ChatCompletionRequest, result: AnswerResult) -> dict[str, int]:
    prompt = sum(count_tokens(m.text) for m in request.messages)
    completion = count_tokens(result.answer)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _model(request: ChatCompletionRequest) -> str:
    return request.model or DEFAULT_MODEL


def new_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def completion(request: ChatCompletionRequest, result: AnswerResult) -> dict[str, Any]:
    """A standard ``chat.completion`` object plus the ``policy_assistant`` extra."""
    return {
        "id": new_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": _model(request),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": result.answer, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(request, result),
        "system_fingerprint": None,
        "policy_assistant": _extra(result),
    }


def split_answer(text: str) -> list[str]:
    """Pieces of a few words, never across a line end, that concatenate back to exactly ``text``."""
    pieces: list[str] = []
    current: list[str] = []
    for word in _WORD.findall(text):
        for start in range(0, len(word), _MAX_CHUNK_CHARS):
            current.append(word[start : start + _MAX_CHUNK_CHARS])
            if len(current) >= _WORDS_PER_CHUNK or "\n" in current[-1] or len(current[-1]) == _MAX_CHUNK_CHARS:
                pieces.append("".join(current))
                current = []
    if current:
        pieces.append("".join(current))
    return pieces


def _event(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


def stream_events(request: ChatCompletionRequest, answer: AnswerResult | Iterable[str | AnswerResult]) -> Iterator[str]:
    """Server-sent events in OpenAI's chunk format: role, content deltas, stop (with the extra), [DONE].

    ``answer`` is a result, or ``Assistant.answer_stream``'s events. A template answer arrives whole and
    is cut into pieces here; an LLM answer arrives as sentences that already passed the figure guard.
    If a later sentence fails (``fallback`` set after pieces were sent), ``FALLBACK_MARKER`` and the
    deterministic answer follow, and the final chunk's extra says ``composer: "template"`` and why.
    """
    base = {"id": new_id(), "object": "chat.completion.chunk", "created": int(time.time()), "model": _model(request)}

    def chunk(delta: dict[str, Any], finish_reason: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return _event({**base, "choices": [choice], **extra})

    yield chunk({"role": "assistant", "content": ""})
    streamed = False
    for event in [answer] if isinstance(answer, AnswerResult) else answer:
        if isinstance(event, AnswerResult):
            result = event
        else:
            streamed = True
            yield chunk({"content": event})
    if streamed and result.fallback:
        yield chunk({"content": FALLBACK_MARKER})
    if not streamed or result.fallback:
        for piece in split_answer(result.answer):
            yield chunk({"content": piece})
    yield chunk({}, "stop", policy_assistant=_extra(result))
    if request.stream_options and request.stream_options.include_usage:
        yield _event({**base, "choices": [], "usage": _usage(request, result)})
    yield DONE
