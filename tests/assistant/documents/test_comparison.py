"""Several documents answering one figure, over a real index of the shipped policy and two district copies:
differing figures are shown for each document (and the asker is asked which applies), agreeing ones answered
once with the others named, and a document the question names or the default answers alone."""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from assistant.corpus import Corpus
from assistant.documents.comparison import candidates

pytestmark = pytest.mark.slow

FIRST_SET = "首台套设备合同1亿，最多补多少？"
FIRST_SET_EN = "A first-of-a-kind equipment contract of 100 million yuan: how much support at most?"
CAPS = {"上海市": 20_000_000, "奉贤区": 23_000_000, "长宁区": 20_800_000}  # 2000万, ×1.15, ×1.04


def test_differing_figures_are_each_shown_in_chinese(copies_assistant: Assistant, ids: dict[str, str]) -> None:
    result = copies_assistant.answer(FIRST_SET)
    figures = {f.doc_id: f for f in result.documents}
    assert set(figures) == set(ids.values())
    assert {region: int(figures[doc].amount) for region, doc in ids.items()} == CAPS
    assert result.documents[0].agrees and result.documents[0].doc_id == result.calculation.doc_id  # type: ignore[union-attr]
    assert sum(f.agrees for f in result.documents) == 1
    assert result.answer.startswith("**以下3份文件对此都有规定，但数额不同**，请说明适用哪一份")
    for title in ("上海市推进高端制造业发展的若干措施", "上海市奉贤区推进高端制造业发展的若干措施"):
        assert f"《{title}》" in result.answer
    assert "（上海市人民政府办公厅，市级）第13条" in result.answer and "23,000,000 元（2300万元）" in result.answer
    assert "doc-" not in result.answer  # users see names, never ids
    assert result.document_chosen_by is None


def test_differing_figures_are_each_shown_in_english(copies_assistant: Assistant, ids: dict[str, str]) -> None:
    result = copies_assistant.answer(FIRST_SET_EN)
    assert {f.doc_id for f in result.documents} == set(ids.values())
    assert result.answer.startswith("**These 3 documents all answer this, with different figures**")
    assert "*Several Measures to Promote the Development of High-End Manufacturing in Shanghai*" in result.answer
    assert "(General Office of the Shanghai Municipal People's Government, municipal), measure 13" in result.answer
    assert "capped at 20,800,000 yuan (2080万元) → 20,800,000 yuan (2080万元)" in result.answer
    assert result.documents[0].document.title.startswith(("Several Measures", "上海市"))


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("首台套设备合同1000万，最多补多少？", "另有2份文件对此规定相同："),
        ("A first-of-a-kind equipment contract of 10 million yuan: how much support at most?", "2 other documents say"),
    ],
)
def test_agreeing_figures_are_answered_once(copies_assistant: Assistant, question: str, says: str) -> None:
    result = copies_assistant.answer(question)
    assert result.calculation is not None and result.calculation.amount_yuan == 3_000_000  # 30%, under every cap
    assert len(result.documents) == 3 and all(f.agrees for f in result.documents)
    assert says in result.answer
    assert "数额不同" not in result.answer and "different figures" not in result.answer


@pytest.mark.parametrize(
    ("question", "region"),
    [
        ("奉贤区的首台套设备合同1亿，最多补多少？", "奉贤区"),
        ("Under the municipal measures, a first-of-a-kind contract of 100 million: how much at most?", "上海市"),
        ("2025年版措施里首台套设备合同1亿，最多补多少？", "长宁区"),
    ],
)
def test_a_named_document_answers_alone(
    copies_assistant: Assistant, ids: dict[str, str], question: str, region: str
) -> None:
    result = copies_assistant.answer(question)
    assert result.calculation is not None and result.calculation.amount_yuan == CAPS[region]
    assert result.calculation.doc_id == ids[region] and {c.doc_id for c in result.citations} == {ids[region]}
    assert set(result.retrieved_docs) == {ids[region]}
    assert result.documents == [] and result.document_chosen_by == "question"


def test_the_default_document_answers_questions_that_name_none(
    district_copies: Corpus, copies_assistant: Assistant, ids: dict[str, str]
) -> None:
    default = Assistant(district_copies, copies_assistant.retriever, default_doc=ids["长宁区"])
    result = default.answer(FIRST_SET)
    assert result.calculation is not None and result.calculation.amount_yuan == CAPS["长宁区"]
    assert result.document_chosen_by == "default" and result.documents == []
    assert "本回答依据默认文件《上海市长宁区推进高端制造业发展的若干措施》" in result.answer
    english = default.answer(FIRST_SET_EN)
    assert "Answered from the default document, *上海市长宁区推进高端制造业发展的若干措施*" in english.answer
    named = default.answer("市级措施里首台套设备合同1亿，最多补多少？")  # a named document wins over the default
    assert named.calculation is not None and named.calculation.amount_yuan == CAPS["上海市"]
    assert "默认文件" not in named.answer and named.document_chosen_by == "question"
    asked = default.answer(FIRST_SET, doc_id=ids["奉贤区"])  # and so does the request's
    assert asked.calculation is not None and asked.calculation.amount_yuan == CAPS["奉贤区"]
    assert asked.document_chosen_by == "request"


def test_citations_carry_the_document_by_name(copies_assistant: Assistant, ids: dict[str, str]) -> None:
    result = copies_assistant.answer("奉贤区的首台套设备合同1亿，最多补多少？")
    document = result.citations[0].document
    assert document is not None
    assert (document.title, document.issuer, document.level, document.region) == (
        "上海市奉贤区推进高端制造业发展的若干措施",
        "上海市奉贤区人民政府办公厅",
        "district",
        "奉贤区",
    )
    assert document.effective is not None and document.effective.year == 2024 and document.validity == "in_force"
    english = copies_assistant.answer("Under the municipal measures, what is the cap for first-of-a-kind equipment?")
    assert english.citations[0].document is not None
    assert english.citations[0].document.issuer == "General Office of the Shanghai Municipal People's Government"


def test_a_measure_much_further_from_the_question_is_not_compared(
    two_doc_assistant: Assistant, district: str, shanghai: str
) -> None:
    """The shipped policy's R&D support is a ratio of 研发投入 too, but not for robot makers: its measure is far less
    close to the question than the made-up robot policy's (25%, 600万), so it does not answer the same thing."""
    result = two_doc_assistant.answer("工业机器人整机企业研发投入1000万，最多支持多少？")
    assert result.calculation is not None and result.calculation.doc_id == district
    assert result.documents == [] and "数额不同" not in result.answer


def test_answers_without_a_figure_are_not_compared(copies_assistant: Assistant) -> None:
    for question in ("这个政策是谁发布的？", "Which departments are responsible for measure 13?"):
        result = copies_assistant.answer(question)
        assert result.documents == [] and "数额不同" not in result.answer and "different figures" not in result.answer


def test_broader_documents_are_compared_first(district_copies: Corpus, ids: dict[str, str]) -> None:
    ranked = [ids["长宁区"], ids["奉贤区"], ids["长宁区"], ids["上海市"]]
    assert candidates(ranked, district_copies) == [ids["上海市"], ids["长宁区"], ids["奉贤区"]]


def test_a_replayed_conversation_compares_nothing(copies_assistant: Assistant) -> None:
    """The chat-completion endpoint replays earlier questions for their measures only: no comparison is paid."""
    calls: list[str] = []
    original = copies_assistant._plan_in

    def counting(state: dict[str, object], doc_id: str) -> object:
        calls.append(doc_id)
        return original(state, doc_id)  # type: ignore[arg-type]

    copies_assistant._plan_in = counting  # type: ignore[method-assign]
    try:
        turn = copies_assistant.context([FIRST_SET])
        assert turn is not None and turn.measures[0][1] == 13 and calls == []
        copies_assistant.answer(FIRST_SET)
        assert len(calls) == 2  # the answer itself compares the two other documents
    finally:
        del copies_assistant._plan_in
