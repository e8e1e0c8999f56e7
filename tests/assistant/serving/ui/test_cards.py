"""An answer as the chat shows it: the answer's language throughout, user and document text escaped."""

from __future__ import annotations

import itertools

import pytest

from assistant.chain import Assistant
from assistant.serving.ui.cards import answer_message, stream_pieces

FIRST_OF_A_KIND_ZH = "首台套设备合同1亿,最多补多少?"
FIRST_OF_A_KIND_EN = "Our first-of-a-kind equipment contract is 100 million yuan: how much support at most?"
INJECTED = '<img src="/injected-by-user.png" alt="x">'


def test_stream_pieces_grow_to_the_whole_answer() -> None:
    text = "第13条 · 加大“三首”支持力度：不超过创新产品合同金额30%，最高不超过2000万元。" * 10
    pieces = list(stream_pieces(text))
    assert pieces[-1] == text
    assert all(text.startswith(piece) for piece in pieces)
    assert all(len(a) < len(b) for a, b in itertools.pairwise(pieces))
    assert 10 < len(pieces) <= 41
    assert list(stream_pieces("short")) == ["shor", "short"]


@pytest.mark.parametrize(
    ("question", "present", "absent"),
    [
        (
            FIRST_OF_A_KIND_ZH,
            ["计算 · 第13条：20,000,000 元（2000万元）", "引用 · 第13条", "责任单位：市经济信息化委"],
            ["Measure", "Responsible units", 'lang="en"'],
        ),
        (
            FIRST_OF_A_KIND_EN,
            ["Calculation · Measure 13: 20,000,000 yuan (2000万元)", "Source · Measure 13", "Original (Chinese)"],
            ["计算 ·", "引用 ·", "责任单位"],
        ),
    ],
)
def test_cards_are_in_the_answer_s_language_only(
    bm25_assistant: Assistant, question: str, present: list[str], absent: list[str]
) -> None:
    message = answer_message(bm25_assistant.answer(question), bm25_assistant.corpus)
    assert all(text in message for text in present), message
    assert not any(text in message for text in absent), message


def test_answer_message_escapes_quotes_into_cards(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer(FIRST_OF_A_KIND_ZH)
    result.citations[0].quote = "<script>alert(1)</script>"
    message = answer_message(result, bm25_assistant.corpus)
    assert message.startswith(result.answer)
    assert "<script>" not in message and "&lt;script&gt;" in message


def test_answer_message_shows_user_text_as_text(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer(FIRST_OF_A_KIND_ZH)
    result.resolved_question = f"{INJECTED}首台套设备合同5000万"
    result.answer = f"> quoted & kept\n\n{INJECTED} echoed"
    message = answer_message(result, bm25_assistant.corpus)
    assert "<img" not in message and "&lt;img" in message
    assert "> quoted &amp; kept" in message  # Markdown quotes still work


@pytest.mark.parametrize(
    ("resolved", "labelled"),
    [(None, False), (FIRST_OF_A_KIND_ZH, False), ("首台套设备合同5000万,最多补多少?", True)],
)
def test_the_follow_up_label_only_when_the_question_was_read_differently(
    bm25_assistant: Assistant, resolved: str | None, labelled: bool
) -> None:
    result = bm25_assistant.answer(FIRST_OF_A_KIND_ZH)
    result.resolved_question = resolved
    assert ("接上文理解为" in answer_message(result, bm25_assistant.corpus)) is labelled


@pytest.mark.parametrize(
    ("question", "present"),
    [
        (
            FIRST_OF_A_KIND_ZH,
            [
                "文件：《上海市推进高端制造业发展的若干措施》，上海市人民政府办公厅",
                "市级 · 印发 2022-09-29 · 施行 2022-10-01",
            ],
        ),
        (
            FIRST_OF_A_KIND_EN,
            [
                "Document: Several Measures to Promote the Development of High-End Manufacturing in Shanghai, General "
                "Office of the Shanghai Municipal People&#x27;s Government",
                "municipal · issued 2022-09-29 · effective 2022-10-01 · in force",
            ],
        ),
    ],
)
def test_a_citation_card_names_its_document_never_its_id(
    bm25_assistant: Assistant, question: str, present: list[str]
) -> None:
    message = answer_message(bm25_assistant.answer(question), bm25_assistant.corpus)
    assert all(text in message for text in present), message
    assert "doc-" not in message
