"""Support rules extracted from clause text: ratios with caps, caps, thresholds, land shares, floor-area ratios.

Extraction reads the drafting formulas of Chinese support policies (给予不超过…X%、最高不超过Y万元支持;
…X万元以上的…; 容积率一般不低于…), not a table keyed by clause number, so another policy in the same
style yields its rules too. A small per-document override file may correct what extraction gets
wrong (see ``apply_overrides``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from assistant.policy import Clause

RuleKind = Literal["ratio", "cap", "threshold", "land_share", "floor_area_ratio"]

_UNIT = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "": Decimal(1)}
_MONEY = r"(\d+(?:\.\d+)?)(万|亿)?元"
_FORM = r"(券值奖励|研发资助|资助|支持|奖励|贴息)"
_RATIO = re.compile(  # a share of a base, with or without a cap
    r"不超过([^，。；%、]*?)(\d+(?:\.\d+)?)%(?:、最高不超过" + _MONEY + r")?(?:的)?" + _FORM + "?"
)
_CAPS_EACH = re.compile(r"分别给予不超过" + _MONEY + r"和" + _MONEY + _FORM + "?")
_CAP = re.compile(r"(?:最高不超过|不超过|上限提高至|最高)" + _MONEY + _FORM + "?")
_THRESHOLD = re.compile(
    r"([^，。；、对]*?)(?:首次)?(突破|超过|达到)?((?:\d+(?:\.\d+)?(?:万|亿)元、?)+)(?:等[^，。；]*?)?(以上)?"
)
_LAND_SHARE = re.compile(r"利用(自有土地)的(\d+(?:\.\d+)?)%")
_FLOOR_AREA = re.compile(r"([^，。；]*?用地)容积率[^，。；\d]*?不低于(\d+(?:\.\d+)?)")
_SUBJECT_TAIL = re.compile(r"[，]?(?:市级资金)?(?:可)?(?:依法依规|按照规定)?[，]?(?:分别)?(?:给予|按照)?$")


@dataclass(frozen=True)
class SupportRule:
    """One support, condition or planning figure stated in one sentence of a clause.

    Money is in yuan; ``ratio`` is a fraction (0.3 for 30%). ``base`` names what a ratio or
    threshold applies to (创新产品合同金额, 研发投入, 年产值 …) and ``beneficiary`` who or what
    receives the support, both in the clause's own words, so answers can quote them.
    """

    doc_id: str
    clause_number: int
    sentence_index: int
    position: int  # character offset of the rule inside its sentence: keeps rules ordered and ids stable
    kind: RuleKind
    sentence: str
    beneficiary: str
    base: str = ""
    base_en: str = ""  # ``base`` in English, from the translation's terms ("" when none ships)
    form: str = ""
    ratio: Decimal | None = None
    cap: Decimal | None = None
    threshold: Decimal | None = None
    inclusive: bool = True
    minimum: Decimal | None = None  # floor-area ratio floor

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.clause_number}.{self.sentence_index}.{self.position}"

    @property
    def grants_money(self) -> bool:
        """A support paid in yuan: a share of a base, or a capped amount."""
        return self.kind in ("ratio", "cap")

    @property
    def needs_base(self) -> bool:
        """Whether an amount from the asker is needed to compute the support."""
        return self.kind in ("ratio", "land_share")


def money(number: str, unit: str | None) -> Decimal:
    return Decimal(number) * _UNIT[unit or ""]


def _subject(sentence: str, end: int, previous: str) -> str:
    """Who or what the support is for: the ``对…`` phrase (or the clause part) before the formula.

    A subject that starts with 以上 ("the above") points back at the previous sentence.
    """
    prefix = sentence[:end]
    start = max(prefix.rfind("对") + 1, prefix.rfind("；") + 1)
    subject = _SUBJECT_TAIL.sub("", prefix[start:])
    head, _, tail = subject.rpartition("，")
    if head and len(tail) <= 10:  # a trailing verb fragment such as "，支持" or "，由市级资金"
        subject = head
    return previous.rstrip("。") if subject.startswith("以上") and previous else subject


def _sentence_rules(clause: Clause, index: int, sentence: str, previous: str) -> list[SupportRule]:
    common = {"doc_id": clause.doc_id, "clause_number": clause.number, "sentence_index": index, "sentence": sentence}
    rules: list[SupportRule] = []
    taken: list[range] = []

    def add(span: tuple[int, int], **fields: object) -> None:
        taken.append(range(*span))
        rules.append(SupportRule(position=span[0], **common, **fields))  # type: ignore[arg-type]

    def free(span: tuple[int, int]) -> bool:
        return not any(span[0] in r or (span[1] - 1) in r for r in taken)

    for m in _RATIO.finditer(sentence):
        add(
            m.span(),
            kind="ratio",
            beneficiary=_subject(sentence, m.start(), previous),
            base=m[1].strip("的"),
            ratio=Decimal(m[2]) / 100,
            cap=money(m[3], m[4]) if m[3] else None,
            form=m[5] or "",
        )
    for m in _CAPS_EACH.finditer(sentence):
        subject = _subject(sentence, m.start(), previous)
        names = _split_each(subject)
        for offset, (number, unit, name) in enumerate(((m[1], m[2], names[0]), (m[3], m[4], names[-1]))):
            add((m.start() + offset, m.end()), kind="cap", beneficiary=name, cap=money(number, unit), form=m[5] or "")
    for m in _CAP.finditer(sentence):
        if free(m.span()):
            add(
                m.span(),
                kind="cap",
                beneficiary=_subject(sentence, m.start(), previous),
                cap=money(m[1], m[2]),
                form=m[3] or "",
            )
    for m in _LAND_SHARE.finditer(sentence):
        add(
            m.span(),
            kind="land_share",
            beneficiary=_subject(sentence, m.start(), previous),
            base=m[1],
            ratio=Decimal(m[2]) / 100,
        )
    for m in _FLOOR_AREA.finditer(sentence):
        add(m.span(), kind="floor_area_ratio", beneficiary=m[1].split("，")[-1], minimum=Decimal(m[2]))
    for m in _THRESHOLD.finditer(sentence):
        if not m[3] or not (m[2] or m[4]) or not free(m.span(3)):
            continue
        for amount in re.finditer(_MONEY, m[3]):
            add(
                (m.start(3) + amount.start(), m.end()),
                kind="threshold",
                beneficiary=_threshold_subject(sentence, m.end()),
                base=_base_name(m[1]),
                threshold=money(amount[1], amount[2]),
                inclusive=bool(m[4]) or m[2] == "达到",
            )
    return sorted(rules, key=lambda r: r.position)


def _base_name(prefix: str) -> str:
    """The measured quantity in front of a threshold amount: 总投入, 年产值, 工业产值 …"""
    match = re.search(r"((?:年|总|工业)?(?:产值|投入|投资|营收|营业收入|销售收入|收入))$", prefix)
    return match.group(1) if match else prefix.lstrip("对")


def _threshold_subject(sentence: str, end: int) -> str:
    """The thing a threshold qualifies: the noun phrase after ``…以上的``."""
    match = re.match(r"的?([^，。；]+?)(?:，|。|；|$)", sentence[end:])
    return match.group(1) if match else ""


def _split_each(subject: str) -> list[str]:
    """``集成电路首台套装备、首批次新材料验证服务机构`` → one name per 分别 item, sharing the head noun."""
    parts = subject.split("、")
    if len(parts) < 2:
        return [subject]
    head = re.search(r"(验证服务机构|服务机构|机构|企业|项目|平台)$", parts[-1])
    suffix = head.group(1) if head else ""
    return [p if p.endswith(suffix) else p + suffix for p in parts]


def extract_rules(clause: Clause) -> list[SupportRule]:
    """All rules stated in a clause, in reading order."""
    texts = [s.text for s in clause.sentences]
    return [
        rule for i, text in enumerate(texts) for rule in _sentence_rules(clause, i, text, texts[i - 1] if i else "")
    ]


def apply_overrides(rules: list[SupportRule], overrides: list[dict[str, object]]) -> list[SupportRule]:
    """Apply curated corrections: each override names a rule by clause, sentence and kind and sets fields.

    An override that matches no rule raises, so a stale override file cannot silently rot.
    """
    result = list(rules)
    for override in overrides:
        where = override["match"]
        assert isinstance(where, dict)
        hits = [
            i
            for i, r in enumerate(result)
            if r.clause_number == where["clause"] and r.sentence_index == where["sentence"] and r.kind == where["kind"]
        ]
        if len(hits) != 1:
            raise ValueError(f"override {override.get('why', where)!r} matches {len(hits)} rules, expected exactly 1")
        updates = dict(override["set"])  # type: ignore[arg-type]
        for key in ("ratio", "cap", "threshold", "minimum"):
            if key in updates:
                updates[key] = Decimal(str(updates[key]))
        result[hits[0]] = replace(result[hits[0]], **updates)
    return result
