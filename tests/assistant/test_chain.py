"""Tests for the answering chain with the BM25 retriever: the structured result for the issue's examples.

Fast (no embedding model): these pin intent, language, figures, citations and refusals end to end.
"""

from __future__ import annotations

import pytest

from assistant.chain import Assistant, load_assistant
from assistant.conversation import CONTEXT_CHARS
from assistant.corpus import Corpus
from assistant.result import AnswerResult
from assistant.retrieval import BM25Retriever, ClauseHit
from assistant.rules import SupportRule
from assistant.settings import Settings, get_settings

FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"


def rule_by_base(corpus: Corpus, clause: int, base: str) -> SupportRule:
    [rule] = [r for r in corpus.policy().clause_rules(clause) if r.kind == "ratio" and r.base == base]
    return rule


def test_first_of_a_kind_contract_of_1亿_is_capped_at_2000万(bm25_assistant: Assistant) -> None:
    """The issue's headline example: 30% of 1亿 is 3000万, capped at 2000万, citing measure 13."""
    result = bm25_assistant.answer(FIRST_OF_A_KIND)
    # 首台套 states the condition of the support (a first-of-a-kind product): the checklist goes with the amount
    assert (result.intent, result.language, result.refused, result.eligible) == ("calculation", "zh", False, True)
    calc = result.calculation
    assert calc is not None
    assert (calc.clause, calc.rule_kind, calc.amount_yuan) == (13, "ratio", 20_000_000)
    assert calc.inputs == {"base": "100000000"}
    assert calc.steps == [
        "按比例计算: 30% × 100,000,000 = 30,000,000",
        "超过上限，按上限计: 30,000,000 > 20,000,000 → 20,000,000",
    ]
    assert result.items == []
    assert "20,000,000" in result.answer
    assert "2000万元" in result.answer
    assert result.citations[0].clause == 13
    assert "30%" in result.citations[0].quote
    assert "2000万元" in result.citations[0].quote


def test_english_calculation_uses_english_step_labels(bm25_assistant: Assistant) -> None:
    """A mixed question weighted to English gets English labels around the same figures."""
    result = bm25_assistant.answer("首台套 contract 1亿 how much support?")
    assert (result.intent, result.language) == ("calculation", "en")
    assert result.calculation is not None
    assert result.calculation.amount_yuan == 20_000_000
    assert result.calculation.steps == [
        "ratio: 30% × 100,000,000 = 30,000,000",
        "above the cap, so the cap applies: 30,000,000 > 20,000,000 → 20,000,000",
    ]
    assert "Up to 20,000,000 yuan (2000万元)" in result.answer


ELIGIBILITY = [
    # (question, eligible, support granted to those who meet the threshold, answer mentions)
    ("我们年产值8000万,能拿智能工厂诊断的券值奖励吗?", False, None, ["不符合", "1亿", "80,000,000"]),
    ("我们年产值1.5亿,能拿智能工厂诊断的券值奖励吗?", True, 50_000, ["符合", "1亿", "150,000,000", "50,000"]),
]


@pytest.mark.parametrize(("question", "eligible", "support", "mentions"), ELIGIBILITY)
def test_smart_factory_voucher_eligibility(
    bm25_assistant: Assistant, question: str, eligible: bool, support: int | None, mentions: list[str]
) -> None:
    """Measure 12's voucher needs 年产值 of 1亿元 or more; meeting it grants up to 5万元."""
    result = bm25_assistant.answer(question)
    assert (result.intent, result.language, result.eligible) == ("eligibility", "zh", eligible)
    assert result.citations[0].clause == 12
    assert "1亿元以上" in result.citations[0].quote
    if support is None:
        assert result.calculation is None
    else:
        assert result.calculation is not None
        assert (result.calculation.clause, result.calculation.rule_kind) == (12, "cap")
        assert result.calculation.amount_yuan == support
    for text in mentions:
        assert text in result.answer


def test_when_does_it_take_effect(bm25_assistant: Assistant) -> None:
    """Meta questions are answered from the document's own dates, in English for an English question."""
    result = bm25_assistant.answer("When does it take effect?")
    assert (result.intent, result.language, result.refused) == ("meta", "en", False)
    assert "2022-10-01" in result.answer
    assert result.answer.startswith("The measures take effect on 2022-10-01.")
    assert result.citations == []
    assert result.calculation is None


MULTI = [
    pytest.param("EDA软件采购300万，保险费80万，能补多少", "zh", id="zh-eda-first"),
    pytest.param("保险费80万，EDA软件采购300万，能补多少", "zh", id="zh-insurance-first"),
    pytest.param("EDA purchase 300万 and insurance premium 80万", "en", id="en-eda-purchase"),
    pytest.param("EDA 300万 and insurance premium 80万", "en", id="en-issue-example"),
]


@pytest.mark.parametrize(("question", "lang"), MULTI)
def test_two_amounts_give_two_items_and_a_total(bm25_assistant: Assistant, question: str, lang: str) -> None:
    """EDA 300万 at 50% and insurance 80万 at 50%: 1,500,000 + 400,000 = 1,900,000, itemized in question order."""
    result = bm25_assistant.answer(question)
    assert (result.intent, result.language) == ("calculation", lang)
    assert len(result.items) == 2
    by_base = {item.inputs["base"]: item.amount_yuan for item in result.items}
    assert by_base == {"3000000": 1_500_000, "800000": 400_000}
    calc = result.calculation
    assert calc is not None
    assert (calc.rule_kind, calc.amount_yuan, calc.clause) == ("sum", 1_900_000, 13)
    assert calc.steps[0].endswith("= 1,900,000")
    assert "1,900,000" in result.answer
    assert [c.clause for c in result.citations] == [13]


PAIRING = [
    pytest.param("EDA软件采购300万，保险费80万，能补多少", id="zh-eda-first"),
    pytest.param("保险费80万，EDA软件采购300万，能补多少", id="zh-insurance-first"),
    pytest.param("EDA purchase 300万 and insurance premium 80万", id="en-eda-purchase"),
    pytest.param("EDA 300万 and insurance premium 80万", id="en-issue-example"),
    pytest.param("insurance premium 80万 and EDA 300万", id="en-insurance-first"),
]


@pytest.mark.parametrize("question", PAIRING)
def test_each_amount_is_paired_with_its_own_rule(bm25_assistant: Assistant, corpus: Corpus, question: str) -> None:
    """The EDA amount must be computed under the EDA purchase rule and the premium under the insurance rule."""
    eda = rule_by_base(corpus, 13, "实际采购金额")
    insurance = rule_by_base(corpus, 13, "实际支付保险费用")
    result = bm25_assistant.answer(question)
    pairs = {item.rule: item.inputs["base"] for item in result.items}
    assert pairs == {eda.id: "3000000", insurance.id: "800000"}


LANGUAGE_CASES = [
    pytest.param(FIRST_OF_A_KIND, "zh", id="zh-calculation"),
    pytest.param("首台套 contract 1亿 how much support?", "en", id="en-calculation"),
    pytest.param("EDA工具有什么支持?", "zh", id="zh-lookup"),
    pytest.param("What support is there for EDA tools?", "en", id="en-lookup"),
    pytest.param("首台套设备合同最多能补多少?", "zh", id="zh-clarify"),
    pytest.param("How much can we get for a first-of-a-kind equipment contract?", "en", id="en-clarify"),
    pytest.param("我们年产值1.5亿,能拿智能工厂诊断的券值奖励吗?", "zh", id="zh-eligibility"),
    pytest.param(
        "Our annual output value is 150 million yuan. Are we eligible for the voucher reward for "
        "smart factory diagnosis?",
        "en",
        id="en-eligibility",
    ),
]


@pytest.mark.parametrize(("question", "lang"), LANGUAGE_CASES)
def test_answer_language_follows_the_question(bm25_assistant: Assistant, question: str, lang: str) -> None:
    """Chinese in, Chinese out; English in, English out with the Chinese original quoted beside it."""
    result = bm25_assistant.answer(question)
    assert result.language == lang
    citation = result.citations[0]
    assert citation.quote and citation.quote_en
    first_zh_sentence = citation.quote.split("。")[0]
    first_en_sentence = citation.quote_en.split(". ")[0]
    assert first_zh_sentence in result.answer  # the original is always quoted
    if lang == "zh":
        assert first_en_sentence not in result.answer
        assert "原文：" not in result.answer
        assert "Measure" not in result.answer
    else:
        assert first_en_sentence in result.answer
        assert f"原文：{first_zh_sentence}" in result.answer
        assert "第13条" not in result.answer and "责任单位" not in result.answer


INVALID = [
    pytest.param("", "en", id="empty"),
    pytest.param("   \n\t ", "en", id="whitespace"),
    pytest.param(b"\xff\xfe\x00\x01\x02\x03\x80\x81", "en", id="junk-bytes"),
    pytest.param("\x00\x01\x02", "en", id="control-chars"),
    pytest.param("%%%%$$$$", "en", id="symbols"),
    pytest.param("首台套设备合同1亿最多补多少" * 7500, "zh", id="100KB"),
    pytest.param("-5万的合同能补多少", "zh", id="negative"),
    pytest.param("合同1e30元能补多少", "zh", id="absurd"),
    pytest.param("첫 번째 장비 계약은 얼마나 지원됩니까?", "en", id="korean"),
]


@pytest.mark.parametrize(("question", "lang"), INVALID)
def test_invalid_input_is_refused_without_exception(
    bm25_assistant: Assistant, question: str | bytes, lang: str
) -> None:
    """Bad input never raises: it becomes an 'invalid' result with the bilingual message."""
    result = bm25_assistant.answer(question)
    assert (result.intent, result.refused, result.language) == ("invalid", True, lang)
    assert result.citations == [] and result.retrieved == []
    assert result.calculation is None and result.items == [] and result.eligible is None
    assert len(result.question) <= 200
    english, chinese = result.answer.strip().split("\n\n")
    assert english.startswith(("The ", "Please ask in Chinese or English"))
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in chinese) >= 10
    assert "Traceback" not in result.answer


ALL_KINDS = [
    FIRST_OF_A_KIND,
    "EDA 300万 and insurance premium 80万",
    "我们年产值8000万,能拿智能工厂诊断的券值奖励吗?",
    "When does it take effect?",
    "How much can we get for a first-of-a-kind equipment contract?",
    "What is the weather in Beijing tomorrow?",
    "EDA工具有什么支持?",
    "",
    "-5万的合同能补多少",
]


@pytest.mark.parametrize("question", ALL_KINDS)
def test_every_result_has_latency_and_no_traceback(bm25_assistant: Assistant, question: str) -> None:
    """Latency is measured for every answer, refusals included, and no error text leaks into answers."""
    result = bm25_assistant.answer(question)
    assert result.latency_ms > 0
    assert "Traceback" not in result.answer
    assert "Error" not in result.answer


def test_out_of_scope_is_refused(bm25_assistant: Assistant) -> None:
    """A question the policy does not cover is refused, not answered from the nearest clause."""
    result = bm25_assistant.answer("What is the weather in Beijing tomorrow?")
    assert (result.intent, result.refused, result.language) == ("out_of_scope", True, "en")
    assert result.citations == [] and result.calculation is None


@pytest.mark.parametrize("question", ALL_KINDS)
def test_result_json_round_trips(bm25_assistant: Assistant, question: str) -> None:
    """What --json prints can be read back into the same result (evals and the API rely on it)."""
    result = bm25_assistant.answer(question)
    again = AnswerResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.model_dump() == result.model_dump()


def test_bytes_question_is_answered_like_text(bm25_assistant: Assistant) -> None:
    """UTF-8 bytes (from a pipe) give the same answer as the decoded text."""
    from_bytes = bm25_assistant.answer(FIRST_OF_A_KIND.encode())
    from_text = bm25_assistant.answer(FIRST_OF_A_KIND)
    assert from_bytes.question == from_text.question
    assert from_bytes.answer == from_text.answer
    assert from_bytes.calculation == from_text.calculation


class _Refusing:
    """A composer that must not be reached."""

    def compose(self, plan: object) -> str:
        raise AssertionError("the replay composed an answer")


def test_replaying_a_conversation_plans_but_never_composes(corpus: Corpus, bm25_assistant: Assistant) -> None:
    replaying = Assistant(corpus, bm25_assistant.retriever, composer=_Refusing())
    turn = replaying.context([FIRST_OF_A_KIND, "", "那如果是5000万呢？"])  # an invalid message in between is skipped
    assert turn is not None
    assert turn.measures[0][1] == 13
    assert turn.question == "首台套设备合同5000万,最多补多少?"
    follow_up = bm25_assistant.answer("哪个部门负责？", previous=turn)
    assert follow_up.citations[0].clause == 13


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("第13条由哪个部门负责？", "**责任单位：市经济信息化委、市财政局、市科委、上海银保监局**"),
        ("Which department is responsible for measure 13?", "**Responsible units: Shanghai Municipal Commission"),
    ],
)
def test_who_is_responsible_is_answered_first(bm25_assistant: Assistant, question: str, units: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "lookup" and result.citations[0].clause == 13
    lines = [line for line in result.answer.splitlines() if line.strip()]
    assert lines[1].startswith(units)  # right under the measure's title, before the quotes
    assert len(result.citations[0].quote) < 200  # the best sentences, not the whole measure


def test_other_lookups_end_with_the_units(bm25_assistant: Assistant) -> None:
    lines = [line for line in bm25_assistant.answer("第13条讲什么？").answer.splitlines() if line.strip()]
    assert lines[-1].startswith("责任单位：") and lines[1].startswith(">")


@pytest.mark.slow
def test_an_undecodable_byte_is_refused_before_the_embedding_model(assistant: Assistant) -> None:
    """`policy-assistant ask "$(printf '… \\xff')"` hands Python a lone surrogate; the tokenizer used to raise."""
    result = assistant.answer("首台套设备合同1亿最多补多少 \udcff")
    assert result.intent == "invalid" and result.refused and "not text" in result.answer
    assert result.model_dump_json()  # the echoed question holds no surrogate either


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Wie hoch ist die Förderung für EDA-Software?", "unsupported_language"),
        ("Quel est le montant de la subvention pour les outils EDA ?", "unsupported_language"),
        ("首台套の補助金はいくらですか", "unsupported_language"),
        ("첫 번째 장비 보조금은 얼마입니까?", "unsupported_language"),
        ("", None),  # other invalid input names no refusal reason
        ("%%%%%%", None),
    ],
)
def test_a_question_in_another_language_is_asked_again_in_both(
    bm25_assistant: Assistant, question: str, reason: str | None
) -> None:
    """Not the English refusal: "please ask in Chinese or English", in both, with the reason in the result."""
    result = bm25_assistant.answer(question)
    assert result.intent == "invalid" and result.refused and result.refusal_reason == reason
    asks_again = "Please ask in Chinese or English" in result.answer and "请用中文或英文提问" in result.answer
    assert asks_again is (reason == "unsupported_language")
    assert result.citations == [] and result.retrieved == []


class RecordingRetriever:
    """The real BM25 retriever, noting each text it is asked to search."""

    def __init__(self, corpus: Corpus) -> None:
        self.inner = BM25Retriever(corpus)
        self.searched: list[str] = []

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[ClauseHit]:
        self.searched.append(question)
        return self.inner.retrieve(question, k, doc_id)


def test_a_long_earlier_question_adds_only_its_opening_to_a_follow_up_s_search(corpus: Corpus) -> None:
    """So a follow-up costs about one answer however long the message before it (the API's replayed history):
    the search and the scope check get the same short text, so the query is embedded once."""
    retriever = RecordingRetriever(corpus)
    scoped: list[str] = []
    assistant = Assistant(corpus, retriever, off_topic=lambda text: scoped.append(text) or 0.0)
    earlier = "我们的EDA工具采购，" + "产线改造、设备更新和人员培训都在进行中，" * 90 + "能补多少？"
    turn = assistant.context([earlier], None, None)
    assert turn is not None and turn.measures
    retriever.searched.clear()
    scoped.clear()
    follow_up = "那个部门是哪个？"
    assistant.answer(follow_up, None, turn)
    (searched,) = retriever.searched
    assert searched.startswith(follow_up) and earlier[:CONTEXT_CHARS] in searched
    assert len(searched) <= len(follow_up) + 1 + CONTEXT_CHARS
    assert scoped == [searched]


def test_the_default_document_setting_answers_and_says_so(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_DEFAULT_DOC", "the municipal measures")
    get_settings.cache_clear()
    result = load_assistant(get_settings(), "bm25").answer("首台套设备合同1亿，最多补多少？")
    assert result.calculation is not None and result.calculation.amount_yuan == 20_000_000
    assert result.document_chosen_by == "default"
    assert result.answer.rstrip().endswith(
        "本回答依据默认文件《上海市推进高端制造业发展的若干措施》；如需其他文件，请在问题中写明文件名、区、市级或年份。"
    )


def test_a_default_document_that_fits_none_is_refused_naming_the_loaded_ones(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DEFAULT_DOC", "静安区")
    get_settings.cache_clear()
    with pytest.raises(KeyError, match="names no loaded document: give a document id or title; loaded: doc-"):
        load_assistant(get_settings(), "bm25")
