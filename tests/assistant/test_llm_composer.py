"""The LLM composer with LangChain's fake chat models: used when every figure checks out, else the template's answer.

Scripted replies cover a correct answer, a wrong number, a slow model, a failing model and streaming;
the prompt the model received is recorded through a LangChain callback. No network is involved.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import BaseMessage

from assistant.answering.composer import TemplateComposer
from assistant.chain import Assistant
from assistant.llm_composer import LLMComposer, split_sentences
from assistant.result import AnswerResult
from assistant.templates import MissingVariablesError, render

FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"
EDA_EN = "Which support applies to a new EDA tool purchase?"
# Every figure below is in measure 13's sentence or the calculation: 1亿 in, 30% of it is 3000万, capped at 2000万.
CORRECT_ZH = "根据第13条，首台套合同1亿元按30%计算为3000万元，超过上限。最高可获2000万元支持。"
WRONG_LATER_ZH = "根据第13条，首台套合同1亿元按30%计算。最高可获2500万元支持。"
CORRECT_EN = "Measure 13 funds EDA tool purchases with up to 50% of the actual purchase amount."


class PromptRecorder(BaseCallbackHandler):
    """Keeps the messages each chat-model call received."""

    def __init__(self) -> None:
        self.prompts: list[list[BaseMessage]] = []

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], **kwargs: Any) -> None:
        self.prompts.extend(messages)


def llm_assistant(bm25_assistant: Assistant, model: BaseChatModel, timeout_s: float = 10.0) -> Assistant:
    corpus = bm25_assistant.corpus
    composer = LLMComposer(TemplateComposer(corpus), model, timeout_s)
    return Assistant(corpus, bm25_assistant.retriever, composer=composer)


def streamed(assistant: Assistant, question: str) -> tuple[list[str], AnswerResult]:
    *pieces, result = assistant.answer_stream(question)
    assert isinstance(result, AnswerResult) and all(isinstance(piece, str) for piece in pieces)
    return pieces, result  # type: ignore[return-value]


def test_a_correct_reply_is_used_and_flagged(bm25_assistant: Assistant) -> None:
    result = llm_assistant(bm25_assistant, GenericFakeChatModel(messages=iter([CORRECT_ZH]))).answer(FIRST_OF_A_KIND)
    assert (result.answer, result.composer, result.fallback) == (CORRECT_ZH, "llm", None)
    assert result.calculation is not None and result.calculation.amount_yuan == 20_000_000  # the structure stays


@pytest.mark.parametrize(
    ("question", "reply", "reason"),
    [
        (FIRST_OF_A_KIND, "根据第13条，最高可获2500万元支持。", "2500万元 (amount 25,000,000 yuan)"),
        (FIRST_OF_A_KIND, "根据第13条，最高可获2000元支持。", "2000元 (amount 2,000 yuan)"),
        (FIRST_OF_A_KIND, "根据第14条，最高可获2000万元支持。", "第14条 (measure 14)"),
        (EDA_EN, "Measure 13 funds up to 60% of the purchase amount.", "60% (percent 60%)"),
        (EDA_EN, "Measure 13 has applied since October 1, 2021.", "October 1, 2021 (date 2021-10-1)"),
        (FIRST_OF_A_KIND, "首台套合同最高可获2000万元支持。", "names no measure"),
        (FIRST_OF_A_KIND, " \n", "empty"),
    ],
)
def test_a_reply_with_a_wrong_figure_gives_the_deterministic_answer(
    bm25_assistant: Assistant, question: str, reply: str, reason: str
) -> None:
    deterministic = bm25_assistant.answer(question)
    result = llm_assistant(bm25_assistant, GenericFakeChatModel(messages=iter([reply]))).answer(question)
    assert (result.answer, result.composer) == (deterministic.answer, "template")
    assert result.fallback is not None and reason in result.fallback


def test_a_slow_model_times_out_into_the_deterministic_answer(bm25_assistant: Assistant) -> None:
    slow = FakeListChatModel(responses=[CORRECT_ZH], sleep=1.0)  # a second per character; the timeout is 0.05 s
    result = llm_assistant(bm25_assistant, slow, timeout_s=0.05).answer(FIRST_OF_A_KIND)
    assert (result.answer, result.composer) == (bm25_assistant.answer(FIRST_OF_A_KIND).answer, "template")
    assert result.fallback is not None and "timeout" in result.fallback


@pytest.mark.parametrize("failing_chunk", [0, len("根据第13条，首台套合同1亿元按30%计算。") + 2])
def test_a_failing_model_gives_the_deterministic_answer(bm25_assistant: Assistant, failing_chunk: int) -> None:
    failing = FakeListChatModel(responses=[WRONG_LATER_ZH], error_on_chunk_number=failing_chunk)
    pieces, result = streamed(llm_assistant(bm25_assistant, failing), FIRST_OF_A_KIND)
    assert (result.answer, result.composer) == (bm25_assistant.answer(FIRST_OF_A_KIND).answer, "template")
    assert result.fallback == "the model failed: FakeListChatModelError"
    assert pieces == ([] if failing_chunk == 0 else ["根据第13条，首台套合同1亿元按30%计算。"])


def test_streaming_releases_checked_sentences_as_they_arrive(bm25_assistant: Assistant) -> None:
    pieces, result = streamed(llm_assistant(bm25_assistant, FakeListChatModel(responses=[CORRECT_ZH])), FIRST_OF_A_KIND)
    assert pieces == ["根据第13条，首台套合同1亿元按30%计算为3000万元，超过上限。", "最高可获2000万元支持。"]
    assert ("".join(pieces), result.composer, result.fallback) == (CORRECT_ZH, "llm", None)


def test_a_wrong_figure_in_a_later_sentence_is_never_streamed(bm25_assistant: Assistant) -> None:
    pieces, result = streamed(
        llm_assistant(bm25_assistant, FakeListChatModel(responses=[WRONG_LATER_ZH])), FIRST_OF_A_KIND
    )
    assert pieces == ["根据第13条，首台套合同1亿元按30%计算。"]  # checked, then the stream stopped
    assert result.composer == "template" and result.fallback is not None and "2500万元" in result.fallback
    assert "2500" not in result.answer


def test_the_prompt_gives_the_cited_sentences_the_calculation_and_the_reference(bm25_assistant: Assistant) -> None:
    recorder = PromptRecorder()
    model = GenericFakeChatModel(messages=iter([CORRECT_ZH]), callbacks=[recorder])
    result = llm_assistant(bm25_assistant, model).answer(FIRST_OF_A_KIND)
    [[system, user]] = recorder.prompts
    [citation] = result.citations
    sent = f"{system.text}\n{user.text}"
    for expected in [
        "Do no arithmetic",
        "Answer only from that material",
        "Chinese",  # the answer language
        "首台套设备合同1亿，最多补多少？",  # the question
        f"{citation.doc_id} · 第13条 · Measure 13",
        citation.quote,  # the cited sentence, Chinese and English
        citation.quote_en,
        "30% × 100,000,000 = 30,000,000",  # the calculation's steps
        "Result: up to 20,000,000 yuan (2000万元)",  # and result
        bm25_assistant.answer(FIRST_OF_A_KIND).answer.strip(),  # the deterministic answer as the reference
    ]:
        assert expected in sent
    assert not any(mark in sent for mark in ("{{", "}}", "{%", "%}"))


def test_refusals_and_document_facts_stay_with_the_templates(bm25_assistant: Assistant) -> None:
    recorder = PromptRecorder()
    model = GenericFakeChatModel(messages=iter([CORRECT_EN]), callbacks=[recorder])
    result = llm_assistant(bm25_assistant, model).answer("When does it take effect?")
    assert (result.intent, result.composer, result.fallback) == ("meta", "template", None)
    assert recorder.prompts == []


def test_an_english_lookup_by_the_model(bm25_assistant: Assistant) -> None:
    result = llm_assistant(bm25_assistant, GenericFakeChatModel(messages=iter([CORRECT_EN]))).answer(EDA_EN)
    assert (result.intent, result.answer, result.composer) == ("lookup", CORRECT_EN, "llm")


def test_the_prompt_templates_are_strict() -> None:
    with pytest.raises(MissingVariablesError, match="reference"):
        render(
            "llm_user.md", question="q", language="English", sentences=[], calculations=[], total="", eligibility=None
        )


@pytest.mark.parametrize(
    ("text", "done", "rest"),
    [
        ("第13条规定。最高", "第13条规定。", "最高"),
        ("Measure 13 applies. Up to", "Measure 13 applies.", " Up to"),
        ("up to 1.2 million", "", "up to 1.2 million"),  # a decimal point ends no sentence
        ("It ends here.", "", "It ends here."),  # not until a space or the end of the answer confirms it
        ("一行\n第二行；还有", "一行\n第二行；", "还有"),
        ("", "", ""),
    ],
)
def test_split_sentences(text: str, done: str, rest: str) -> None:
    assert split_sentences(text) == (done, rest)
