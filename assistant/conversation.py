"""Follow-up questions: what a question inherits from the turn before it.

A follow-up is resolved into a standalone question before the chain answers it, so retrieval,
planning and the calculators work exactly as for a first question:

- "那如果是5000万呢？" / "And if the contract is 1亿?" (new amounts, no topic of its own): the previous
  question with its amounts replaced, about the same measure;
- "Which bureau handles that?" / "有上限吗？" (a reference, no topic of its own): this question, about
  the previous measure;
- "第二个呢？" / "the second one?" / "那第15条呢？": the previous question, about the measure in that
  position of the previous answer (its itemized supports, else its citations, else what it retrieved),
  or about the named one;
- "那EDA工具呢？" / "What about EDA tools?" (a continuation with a topic of its own): this question,
  asking what the previous one asked (how much, or whether eligible).

Anything else is a new question. The cues below name kinds of reference, never particular questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from pydantic import BaseModel, Field

from assistant.answering.planner import asks_for_numbers, referenced_measure
from assistant.language import Language
from assistant.question import Question, parse_question
from assistant.result import AnswerResult, Intent
from assistant.tokenizer import tokenize


def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


_CONTINUATION = _cues(
    r"^\s*(那么?|如果|要是|假如|假设|若是?|换成|改成|还有|另外|再问)",
    r"呢\s*[？?。.!！]*\s*$",
    r"^\s*(and|but|so|then|also|what about|how about|what if|if|suppose|instead)\b",
)
_REFERENCE = _cues(
    r"这个|那个|这项|那项|这条|那条|该(项|条|措施|政策|支持|补贴|资助)?|它|其|上述|上面|刚才|前面|同样|这笔|那笔",
    r"\b(that|this|it|its|those|these|them|they|same|above|previous|earlier)\b",
)
_ORDINALS_ZH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_ORDINALS_EN = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "fifth": 5}
_ORDINAL = _cues(
    r"第\s*(?P<zh>[一二两三四五]|[1-5])\s*(个|项|种|笔)",
    r"\bthe\s+(?P<en>first|second|third|fourth|fifth|1st|2nd|3rd)\b",
    r"(?P<other>另一个|另外一个|其他那个|\bthe other( one)?\b)",
)
# Words that name no topic of their own: asking, amounts, generic nouns and function words.
_GENERIC_WORDS = """
    那 那么 如果 要是 假如 假设 若 若是 换成 改成 还有 另外 再问 呢 吗 吧 呀 啊 的 了 是 有 没有 和 与 或 及 在 对 给 为
    这个 那个 这项 那项 这条 那条 该 它 其 上述 上面 刚才 前面 同样 这笔 那笔 个 项 种 笔 第 一 二 两 三 四 五 另 其他
    第一 第二 第三 第四 第五 一个 两个
    多少 最多 最高 上限 封顶 金额 能 能够 可以 可 会 拿 补 补贴 支持 资助 奖励 补助
    多 少 钱 元 万 万元 亿 亿元 什么 哪个 哪些 哪家
    谁 部门 单位 负责 管 办理 申请 找 怎么 如何 企业 公司 我们 我 项目 合同 投资 投入 费用
    政策 措施 条 条款 原文 具体 时候
    what about how if and but so then also suppose instead the a an of for to in on at by with is are was were be
    do does did can could would will should may might we our us i my me you your it its this that those these them
    they same above previous earlier one other first second third fourth fifth which who whom whose when where why
    much many maximum max most highest cap capped limit amount amounts support subsidy subsidies grant grants award
    funding money yuan rmb million billion contract contracts project projects company enterprise firm policy
    invest invests invested investing investment investments spend spending spent cost costs paid pay
    measure measures article clause bureau department departments unit units office agency handle handles handled
    responsible charge apply applies get receive eligible qualify then there what's it's
"""
NEAR_RANKS = 3
_INTENT_PHRASES: dict[tuple[Intent, Language], str] = {
    ("calculation", "zh"): "最多能支持多少？",
    ("calculation", "en"): "How much support at most?",
    ("eligibility", "zh"): "是否符合条件？",
    ("eligibility", "en"): "Are we eligible?",
}
_ASKS_SOMETHING = _cues(
    "多少|最多|最高|上限|能不能|能否|是否|吗|资格|条件|谁|哪|什么|何时|怎么|如何",
    r"\b(how|what|which|who|when|where|whether|eligible|qualif|can|do|does|is|are)\b",
)


class Turn(BaseModel):
    """What a later question may refer to: the standalone question and the measures of its answer."""

    question: str = Field(description="the standalone question that was answered")
    lang: Language
    intent: Intent
    measures: list[tuple[str, int]] = Field(description="(doc id, measure), in the order the answer presents them")

    @classmethod
    def from_result(cls, result: AnswerResult) -> Turn:
        cited = [(c.doc_id, c.clause) for c in result.citations]
        items = [(i.doc_id, i.clause) for i in result.items]
        doc = cited[0][0] if cited else None
        retrieved = [(doc, number) for number in result.retrieved] if doc else []
        ordered = list(dict.fromkeys(items + cited + retrieved))
        return cls(
            question=result.resolved_question or result.question,
            lang=result.language,
            intent=result.intent,
            measures=ordered,
        )

    @property
    def answered(self) -> bool:
        return bool(self.measures) and self.intent not in ("out_of_scope", "invalid", "meta")


def carry(previous: Turn | None, result: AnswerResult) -> Turn | None:
    """The turn a conversation goes on from after ``result``: its own when it was answered, else the one
    before, so a refused or invalid question in between does not make the conversation forget its topic."""
    turn = Turn.from_result(result)
    return turn if turn.answered else previous


# Of an earlier question searched and scored together with a follow-up, the opening that carries its topic:
# a long earlier message (up to the question limit) would make every follow-up embed that much text, twice.
CONTEXT_CHARS = 300


@dataclass(frozen=True)
class Resolution:
    """How to answer a question: the question to plan, the measure it points to, and its topic.

    ``topic`` is the standalone question the asker's words are read against (and that a later
    follow-up builds on); for a new question it is the question itself. ``context`` is the earlier
    question when the asker's own words are planned, searched and scored together with it.
    """

    question: Question
    topic: str
    focus: tuple[str, int] | None = None
    followed_up: bool = False
    near: tuple[str, int] | None = None  # the focus, if retrieval ranks it among the best few
    context: str = ""

    def focus_given(self, ranked: list[tuple[str, int]]) -> tuple[str, int] | None:
        """The measure to pin once retrieval has ranked the measures (best first)."""
        if self.near is not None and self.near in ranked[:NEAR_RANKS]:
            return self.near
        return self.focus


@cache
def _generic() -> frozenset[str]:
    """The generic words as the tokenizer spells them (lower case, stemmed)."""
    return frozenset(tokenize(_GENERIC_WORDS))


def has_topic(question: Question, vocabulary: frozenset[str], known: str = "") -> bool:
    """True when the question names something of its own the policy talks about (EDA, 首台套, insurance…)
    beyond the words of ``known`` (the question it follows)."""
    text = question.text
    for amount in reversed(question.amounts):
        text = text[: amount.start] + " " + text[amount.end :]
    words = set(tokenize(text)) - _generic() - set(tokenize(known))
    return any(w in vocabulary and (len(w) >= 3 if w.isascii() else len(w) >= 2) and not w.isdigit() for w in words)


def _ordinal(text: str) -> int | None:
    match = _ORDINAL.search(text)
    if not match:
        return None
    if match["zh"]:
        return int(match["zh"]) if match["zh"].isdigit() else _ORDINALS_ZH[match["zh"]]
    if match["en"]:
        return _ORDINALS_EN[match["en"].lower()]
    return 2  # "the other one": the one after the first


def _with_amounts(previous: Question, new: Question) -> str:
    """The previous question's words with its amounts replaced, in order, by the new ones."""
    text = previous.raw  # normalizing keeps every character's position, so the spans fit the raw words
    replacements = list(zip(previous.amounts, new.amounts, strict=False))
    for old, amount in reversed(replacements):
        text = text[: old.start] + amount.text + text[old.end :]
    extra = [a.text for a in new.amounts[len(previous.amounts) :]]
    return " ".join([text, *extra]) if extra else text


def resolve(question: Question, previous: Turn | None, vocabulary: frozenset[str], max_chars: int) -> Resolution:
    """Make ``question`` standalone using the previous turn; a new question comes back unchanged."""
    new_question = Resolution(question, question.raw)
    if previous is None or not previous.answered:
        return new_question
    text = question.text
    ordinal = _ordinal(text)
    named = referenced_measure(text)
    continues = _CONTINUATION.search(text) is not None
    refers = _REFERENCE.search(text) is not None
    topic = has_topic(question, vocabulary, previous.question)
    # Both were accepted once: their length is not the asker's to fix (the limit may have changed since).
    before = parse_question(previous.question, max(max_chars, len(previous.question)))

    def rewritten(new_text: str, focus: tuple[str, int] | None) -> Resolution:
        parsed = parse_question(new_text, max(max_chars, len(new_text)))
        return Resolution(replace(parsed, raw=question.raw, lang=question.lang), parsed.raw, focus, followed_up=True)

    def alongside(focus: tuple[str, int] | None = None, near: tuple[str, int] | None = None) -> Resolution:
        context = previous.question[:CONTEXT_CHARS]
        return Resolution(question, previous.question, focus, True, near, context=context)

    if ordinal is not None and ordinal > len(previous.measures):
        return new_question  # points past what the answer showed: nothing to resolve against
    if ordinal is not None and not topic:
        focus = previous.measures[ordinal - 1]
        if _ASKS_SOMETHING.search(text) and not asks_for_numbers(text):  # "第二个由哪个部门负责？"
            return alongside(focus)
        return rewritten(previous.question, focus)
    if named is not None and (continues or refers) and not topic:
        return rewritten(_with_amounts(before, question), (previous.measures[0][0], named))
    if topic:
        phrase = _INTENT_PHRASES.get((previous.intent, question.lang))
        if continues and phrase and named is None and not _ASKS_SOMETHING.search(_CONTINUATION.sub(" ", text)):
            return rewritten(f"{question.raw} {phrase}", None)
        if refers and not continues and named is None:
            # "Does it apply to software?": its own words, searched together with the earlier question,
            # about the earlier measure unless retrieval points elsewhere.
            return alongside(near=previous.measures[0])
        return new_question
    if question.amounts:
        return rewritten(_with_amounts(before, question), previous.measures[0])
    if continues or refers or (_ASKS_SOMETHING.search(text) and len(tokenize(text)) <= 4):
        if asks_for_numbers(text) and before.amounts:  # "有上限吗？": the earlier calculation, again
            return rewritten(previous.question, previous.measures[0])
        # About the previous measure, asking what these words ask ("Which bureau handles that?").
        return alongside(previous.measures[0])
    return new_question
