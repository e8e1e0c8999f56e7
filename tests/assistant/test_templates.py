"""Tests for the answer templates in prompts/: strict rendering, every template reachable, labels complete."""

from __future__ import annotations

import json
import string
from importlib import resources
from typing import get_args

import pytest

from assistant.answering.planner import _META_PATTERNS
from assistant.calculators import StepLabel
from assistant.chain import Assistant
from assistant.result import AnswerResult
from assistant.templates import MissingVariablesError, labels, render

TEMPLATES = sorted(p.name for p in resources.files("prompts").iterdir() if p.name.endswith(".md"))


def needed_variables(name: str) -> set[str]:
    """The top-level variables a template needs, as render() itself reports them."""
    with pytest.raises(MissingVariablesError) as info:
        render(name)
    return info.value.missing


# Not answers: the LLM prompt (rendered in test_llm_composer.py), the match report (test_report.py) and the notes
# on several documents (tests/assistant/documents/).
OTHER_TEMPLATES = {"llm_system.md", "llm_user.md", "match_report.en.md", "match_report.zh.md"}
OTHER_TEMPLATES |= {"documents.en.md", "documents.zh.md"}
OTHER_TEMPLATES |= {"parts.en.md", "parts.zh.md"}  # around the answers of a message asked in parts (below)
LEAKS = ("{{", "}}", "{%", "%}", "None", "Undefined", "****", "Traceback")


def test_templates_are_shipped() -> None:
    """Every intent has a template per language, plus the language-free invalid one."""
    intents = ["calculation", "clarify", "eligibility", "lookup", "meta", "out_of_scope"]
    answers = [f"{i}.{lang}.md" for i in intents for lang in ("en", "zh")] + ["invalid.md"]
    assert sorted(TEMPLATES) == sorted(answers + list(OTHER_TEMPLATES))


def test_missing_variable_is_named() -> None:
    """A forgotten variable raises with its name instead of rendering a blank into an answer."""
    with pytest.raises(MissingVariablesError, match="need_en") as info:
        render(
            "clarify.en.md",
            number=13,
            title="加大“三首”支持力度",
            title_en="Three Firsts",
            doc_title_en="Several Measures",
            rule_en="up to 30%",
            quote_en="quote",
            quote_zh="原文",
            unitless="",
            foreign="",
        )
    assert info.value.missing == {"need_en"}
    assert isinstance(info.value, KeyError)
    assert "clarify.en.md" in str(info.value)


@pytest.mark.parametrize(
    ("name", "variable"), [(name, var) for name in TEMPLATES for var in sorted(needed_variables(name))]
)
def test_each_variable_left_out_is_reported(name: str, variable: str) -> None:
    """Leaving out any one variable of any template raises MissingVariablesError naming just that one."""
    given = dict.fromkeys(needed_variables(name) - {variable}, "")
    with pytest.raises(MissingVariablesError) as info:
        render(name, **given)
    assert info.value.missing == {variable}
    assert variable in str(info.value)


def test_render_strips_and_ends_with_one_newline() -> None:
    text = render("invalid.md", message_en="Empty question.", message_zh="问题为空。")
    assert text == "Empty question.\n\n问题为空。\n"


def test_extra_variables_are_ignored() -> None:
    """The composer may pass more than a template uses; only missing ones are errors."""
    assert render("invalid.md", message_en="a", message_zh="b", unused="x") == "a\n\nb\n"


REFUSAL = {
    "doc_title": "上海市推进高端制造业发展的若干措施",
    "doc_title_en": "Several Measures",
    "sections_zh": "「保障产业优质空间载体」、「优化产业综合生态」",
    "sections_en": "Securing High-Quality Spatial Carriers for Industry; Optimizing the Overall Industrial Ecosystem",
    "issuer": "上海市人民政府办公厅",
    "issuer_en": "General Office of the Shanghai Municipal People's Government",
}
NEAREST = {"number": 13, "title": "加大“三首”支持力度", "title_en": "Three Firsts"}
# What each refusal says about where to ask: (reason, with a related nearest measure?) -> the words, per language
WHERE_TO_ASK = [
    (
        "out_of_domain",
        True,
        {"zh": "可咨询该条的责任单位：市经济信息化委", "en": "you can ask its responsible units: SHEITC"},
    ),
    ("out_of_domain", False, {"zh": "请咨询主管该事项的政府部门", "en": "ask the government department in charge"}),
    (
        "not_stated",
        True,
        {"zh": "请咨询该条的责任单位：市经济信息化委", "en": "ask the measure's responsible units: SHEITC"},
    ),
    ("not_stated", False, {"zh": "可咨询发文机关：上海市人民政府办公厅", "en": "ask its issuer: General Office"}),
    ("other_period", True, {"zh": "请咨询该条的责任单位：市经济信息化委", "en": "ask its responsible units: SHEITC"}),
    ("other_jurisdiction", True, {"zh": "责任单位：市经济信息化委", "en": "responsible units: SHEITC"}),
    ("other_jurisdiction", False, {"zh": "请咨询当地的主管部门", "en": "ask that place's competent authorities"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("reason", "related", "says"), WHERE_TO_ASK)
def test_each_refusal_says_where_to_ask_naming_units_only_for_a_related_measure(
    lang: str, reason: str, related: bool, says: dict[str, str]
) -> None:
    text = render(
        f"out_of_scope.{lang}.md",
        **REFUSAL,
        nearest=NEAREST if related else None,
        reason=reason,
        quotes=[{"zh": "按照规定给予不超过创新产品合同金额30%支持。", "en": "Support of no more than 30%."}],
        units_zh="市经济信息化委" if related else "",
        units_en="SHEITC" if related else "",
    )
    assert says[lang] in text
    assert ("SHEITC" in text or "市经济信息化委" in text) is related  # the units only of a related measure
    closest = "第13条" if lang == "zh" else "measure 13"
    assert (closest in text.lower()) is related
    if reason == "out_of_domain":  # what the policy does cover
        assert REFUSAL["sections_zh" if lang == "zh" else "sections_en"] in text
    assert "closest" not in text.lower() and "最相关" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("nearest", [None, {"number": 13, "title": "加大“三首”支持力度", "title_en": "Three Firsts"}])
def test_out_of_scope_mentions_nearest_measure_only_when_given(lang: str, nearest: dict[str, object] | None) -> None:
    """The 'closest measure' line needs dense similarity (absent with BM25), so render it directly."""
    text = render(
        f"out_of_scope.{lang}.md",
        **REFUSAL,
        nearest=nearest,
        reason="out_of_domain",
        quotes=[],
        units_zh="市经济信息化委" if nearest else "",
        units_en="SHEITC" if nearest else "",
    )
    mentions = "第13条「加大“三首”支持力度」" if lang == "zh" else "measure 13 (Three Firsts)"
    assert (mentions in text) is (nearest is not None)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("reason", "says"),
    [
        ("not_stated", {"zh": "没有规定您所问的内容", "en": "does not state what you ask"}),
        ("other_period", {"zh": "其他年份或版本", "en": "another year or version"}),
        ("other_jurisdiction", {"zh": "其他地区", "en": "another place's"}),
        ("out_of_domain", {"zh": "没有涉及这个问题", "en": "does not cover this question"}),
    ],
)
def test_each_refusal_reason_says_why(lang: str, reason: str, says: dict[str, str]) -> None:
    text = render(
        f"out_of_scope.{lang}.md",
        **REFUSAL,
        nearest={"number": 1, "title": "保障产业发展用地空间", "title_en": "Land"},
        reason=reason,
        quotes=[{"zh": "对符合条件的产业园区“二转二”开发贷款给予贴息支持。", "en": "Interest subsidies."}],
        units_zh="市经济信息化委",
        units_en="SHEITC",
    )
    assert says[lang] in text
    assert ("贴息支持" in text) is (reason == "not_stated")  # only a covered topic quotes its measure
    assert ("市经济信息化委" if lang == "zh" else "SHEITC") in text  # a related measure's units: where to ask


# (question, intent, template the composer renders): chosen so that the BM25 assistant reliably produces each.
ANSWERS = [
    ("首台套设备合同1亿,最多补多少?", "calculation", "calculation.zh.md"),
    ("首台套 contract 1亿 how much support?", "calculation", "calculation.en.md"),
    ("EDA 300万 and insurance premium 80万", "calculation", "calculation.en.md"),
    ("EDA软件采购300万，保险费80万，能补多少", "calculation", "calculation.zh.md"),
    ("我们年产值8000万,能拿智能工厂诊断的券值奖励吗?", "eligibility", "eligibility.zh.md"),
    ("我们年产值1.5亿,能拿智能工厂诊断的券值奖励吗?", "eligibility", "eligibility.zh.md"),
    (
        "Our annual output value is 150 million yuan. Are we eligible for the voucher reward for smart factory "
        "diagnosis?",
        "eligibility",
        "eligibility.en.md",
    ),
    (
        "Our annual output value is 80 million yuan. Can we get the smart factory voucher reward?",
        "eligibility",
        "eligibility.en.md",
    ),
    ("How much can we get for a first-of-a-kind equipment contract?", "clarify", "clarify.en.md"),
    ("首台套设备合同最多能补多少?", "clarify", "clarify.zh.md"),
    ("What support is there for EDA tools?", "lookup", "lookup.en.md"),
    ("EDA工具有什么支持?", "lookup", "lookup.zh.md"),
    ("When does it take effect?", "meta", "meta.en.md"),
    ("这个政策什么时候施行", "meta", "meta.zh.md"),
    ("What is the weather in Beijing tomorrow?", "out_of_scope", "out_of_scope.en.md"),
    ("明天北京天气怎么样?", "out_of_scope", "out_of_scope.zh.md"),
    ("", "invalid", "invalid.md"),
    ("%%%%$$$$", "invalid", "invalid.md"),
]


def test_every_template_is_exercised_by_an_answer() -> None:
    """The table below covers every file in prompts/, so no template can break unnoticed."""
    assert {template for _, _, template in ANSWERS} == set(TEMPLATES) - OTHER_TEMPLATES


def _template_of(result: AnswerResult) -> str:
    return "invalid.md" if result.intent == "invalid" else f"{result.intent}.{result.language}.md"


@pytest.mark.parametrize(("question", "intent", "template"), ANSWERS)
def test_composer_renders_every_template_with_its_variables(
    bm25_assistant: Assistant, question: str, intent: str, template: str
) -> None:
    """Real answers render each template fully: no leftover Jinja, no None, no empty bold."""
    result = bm25_assistant.answer(question)
    assert result.intent == intent
    assert _template_of(result) == template
    answer = result.answer
    assert answer.strip()
    assert answer.endswith("\n")
    for leak in LEAKS:
        assert leak not in answer


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("EDA花了300万能补多少？另外首台套合同上限多少？", "您的问题包含2个部分"),
        (
            "Two questions: (1) EDA bought for 3 million, how much support? (2) when do the measures take effect?",
            "Your",
        ),
    ],
)
def test_a_message_asked_in_parts_renders_the_parts_template(
    bm25_assistant: Assistant, question: str, lead: str
) -> None:
    answer = bm25_assistant.answer(question).answer
    assert answer.startswith(lead) and answer.count("### ") == 2 and answer.endswith("\n")
    for leak in LEAKS:
        assert leak not in answer


def test_labels_have_the_same_keys_in_both_languages() -> None:
    data = json.loads((resources.files("prompts") / "labels.json").read_text(encoding="utf-8"))
    assert set(data) == {"zh", "en"}
    assert set(data["zh"]) == set(data["en"])
    assert labels("zh") == data["zh"]
    assert all(value.strip() for lang in data for value in data[lang].values())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("step", get_args(StepLabel))
def test_every_step_label_has_a_label(lang: str, step: str) -> None:
    """Each calculator step is shown with a label in the answer's language."""
    assert labels(lang)[step].strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("topic", [*_META_PATTERNS, "overview"])
def test_every_meta_topic_has_a_lead(lang: str, topic: str) -> None:
    """Every date/issuer/count topic the planner recognizes has a lead sentence to render."""
    assert labels(lang)[f"meta_{topic}"].strip()


# What TemplateComposer._meta passes to str.format for the meta leads.
META_FIELDS = {
    "effective",
    "notice",
    "printed",
    "issuer",
    "title",
    "title_en",
    "sections",
    "measures",
    "recipients",
    "recipients_en",
    "number",  # meta_section_of: the measure asked about and its section
    "section",
    "day",  # meta_in_force / meta_not_in_force: the day asked about
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_meta_leads_use_only_fields_the_composer_passes(lang: str) -> None:
    """A typo in a placeholder would raise KeyError at answer time; catch it here."""
    for key, text in labels(lang).items():
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert fields <= META_FIELDS, f"{lang}.{key} uses {fields - META_FIELDS}"
        if not key.startswith("meta_"):
            assert not fields, f"{lang}.{key} is not formatted, so it must have no placeholders"
