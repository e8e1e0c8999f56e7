"""What an asker states about their enterprise, read from the question as an enterprise profile.

The chat and the profile matcher decide eligibility with one conditions model (``matching.json``
over ``EnterpriseProfile`` fields): the matcher gets the profile from a form, the chat from the
question. The phrases are data (``corpus/facts.json``); this module applies them: a negation next to
a phrase flips it, a phrase that is asked about states nothing, and each amount gets the
role its neighbouring words give it (what was spent on what, the company's output) or is marked as
quoted from the policy (its cap, its threshold), which is never the asker's figure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from assistant.amounts import Amount, numeral_value
from assistant.answering.dates import full_year
from assistant.jurisdiction import district_names, place_names
from assistant.matching.profile import PROFILE_FIELDS, EnterpriseProfile
from assistant.term_index import TermIndex

_CLAUSE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s|$)")
_WINDOW_ZH = 12  # characters before a phrase searched for a negation (within its comma clause)
_WINDOW_EN = 9  # words
# Doing what a support pays for, done, under way or planned: bought, are running, 买了, 在做, 准备开展 (not "if we
# buy"; a question whether to buy is asked, not stated)
_DOING = re.compile(
    r"买了|购买了|采购了|购置了|买过|已经买|在做|正在|开展了|做了|实施了|上了|投了|引进了|签了|准备|计划|打算|策划|筹划|(?<![模虚])拟|"
    r"\b(bought|purchased|acquired|(?:is|are|'re|'s|has been|have been) (?:running|doing|implementing|carrying out|"
    r"undertaking)|have done|has done|carried out|implemented|launched|paid for|took out|signed|plan to|planning|"
    r"are going to|'re going to|are about to|'re about to)\b"
)
_DOING_REACH = 30  # characters between the verb and the words of what it buys or runs, within one sentence
_COMMA_CLAUSE_END = re.compile(r"[，,、。！？!?；;\n]|\.(?=\s|$)")
_FAR = 10**6  # no word of a field's own in the sentence
THIS_YEAR, LAST_YEAR = 9999, 9998  # 今年 and 去年 rank after any written year
EARLIER = 1  # 此前, before: earlier than any year written
# after a phrase, what makes it a condition asked about (要先拿到注册证才能申请吗); not a time (明年才能拿到)
_ASKING_AFTER = re.compile(
    r"^.{0,6}?(?<![年月后])(?:才能|才可以|才行|是必须|是前提|是条件|必须吗|有要求)|^\W*(?:\w+\W+){0,3}?"
    r"(?:required|a requirement|necessary|mandatory|a condition|a must)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Phrases:
    fields: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]  # field -> yes, no, elsewhere
    negations_zh: tuple[str, ...]
    negations_en: frozenset[str]
    asking_zh: tuple[str, ...]
    asking_en: tuple[str, ...]
    industries: dict[str, tuple[str, ...]]
    amounts: dict[str, tuple[str, ...]]
    quoting_zh: tuple[str, ...]
    quoting_en: tuple[str, ...]
    # actual / aside / offer / partial weigh an amount among several; other: no spending; totals: fields whose base is
    # a whole (a contract's amount), of which a part paid so far is none; whole: the whole company's figure
    markers: dict[str, tuple[str, ...]]
    replacing_zh: tuple[str, ...]  # 替代, instead of: what follows is what the asker replaced, not what they have
    replacing_en: tuple[str, ...]
    pending_fields: frozenset[str]  # procedures an application awaits (recognitions, listings, approvals)
    pending_cues: tuple[str, ...]  # words saying one is still undecided (还在走流程, still pending)
    skip_cues: tuple[str, ...]  # words asking to skip the procedure named (skip that step, 跳过这一步)
    large_staff: int  # a large enterprise has at least this many employees …
    large_revenue: Decimal  # … and at least this revenue (yuan)


@cache
def _phrases() -> _Phrases:
    data: dict[str, Any] = json.loads(
        (resources.files("assistant") / "corpus" / "facts.json").read_text(encoding="utf-8")
    )
    fields = {
        entry["field"]: (tuple(entry["yes"]), tuple(entry["no"]), tuple(entry.get("elsewhere", ())))
        for entry in data["facts"]
    }
    unknown = [name for name in [*fields, *data["amounts"], *data["pending"]["fields"]] if name not in PROFILE_FIELDS]
    if unknown:
        raise ValueError(f"facts.json names fields the profile does not have: {unknown}")
    return _Phrases(
        fields=fields,
        negations_zh=tuple(data["negations"]["zh"]),
        negations_en=frozenset(data["negations"]["en"]),
        asking_zh=tuple(data["asking"]["zh"]),
        asking_en=tuple(data["asking"]["en"]),
        industries={key: tuple(terms) for key, terms in data["industries"].items()},
        amounts={key: tuple(terms) for key, terms in data["amounts"].items()},
        quoting_zh=tuple(data["quoting"]["zh"]),
        quoting_en=tuple(data["quoting"]["en"]),
        markers={kind: tuple(words) for kind, words in data["markers"].items()},
        replacing_zh=tuple(data["replacing"]["zh"]),
        replacing_en=tuple(data["replacing"]["en"]),
        pending_fields=frozenset(data["pending"]["fields"]),
        pending_cues=tuple(cue.lower() for cue in data["pending"]["cues"]),
        skip_cues=tuple(cue.lower() for cue in data["pending"]["skip"]),
        large_staff=int(data["size"]["large_staff"]),
        large_revenue=Decimal(data["size"]["large_revenue_yuan"]),
    )


# "or" is no break: a negation before "A or B" holds for both (not selected as a benchmark or demonstration project)
# a spaced hyphen is a dash (no plant - a CMO makes it)
_EN_CLAUSE = re.compile(r"[,;:()\[\]—–.。，；：？！?!]|\s-+\s|\b(?:and|but|so|while|whereas)\b")


_ASIDE = re.compile(r"[（(][^（）()]*[）)]")
_SPLITTING_ASIDE = re.compile(r"\s*[（(][^（）()]*[）)](?=\s*\w)")  # one with words after it


def _words_before(lowered: str, start: int, count: int = _WINDOW_EN) -> list[str]:
    """The last ``count`` English words before a position, within its clause ("not a company and bought X": not X)."""
    # an aside in parentheses is left out: its negation stays inside ("(we're the buyer, not the developer) domestic
    # EDA"), one before it reaches past ("NOT been 认定 (recognized) as a major project")
    window = _ASIDE.sub(" ", lowered[max(0, start - 80) : start])
    clause = _EN_CLAUSE.split(window)[-1]
    return re.findall(r"[a-z']+", clause)[-count:]


def _clause_before(lowered: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, not reaching back past the end of a sentence."""
    window = lowered[max(0, start - width) : start]
    return _CLAUSE_END.split(window)[-1]


# 算不算, 有没有: questions; 不过, 不仅: conjunctions; 未来: the future; 不超过: the policy's own wording. None negates.
_NOT_NEGATIONS = re.compile(r"(.)[不没]\1|未来|不超过|不低于|不少于|不高于|不过|不仅|不但|不管|不论|不少|不同|不错")
# where a negation stops: a comma, a closed aside, or a word that opens a new clause in text typed by voice without
# punctuation (以前从来没到过我听说那个工业产值首次突破: the 没 is not the breakthrough's)
_CLAUSE_OPENER = re.compile(r"[，,、）)]|听说|然后|另外|所以|但是|想问|请问")
# after the phrase: 还没评上, 不是, 认定程序我们还没过 (the procedure's own word and who did it may stand between);
# an industry disowned (跟集成电路不沾边, 和芯片没关系)
_NEGATED_AFTER = re.compile(
    r"^[”」\"]?(?:程序|手续|流程|上|里)?(?:我们|我司|咱们|公司)?(?:都|也)?"
    r"(还没|没有|尚未|未(?!来|必)|不是|并非|不沾边|沾不上|不搭边|不搭界|无关|没关系|没有关系|不相关|八竿子打不着|扯不上)|"
    # the procedure, taken up again after a comma: 优质项目认定，我们这个流程还没走
    r"^[”」\"]?[，,](?:我们|我司|咱们|公司)?(?:这个|那个)?(?:程序|手续|流程|认定)(?:都|也)?(?:还没|没有|尚未|没)"
)


# A recognition or listing applied for is not had (yet): our application to be recognized as a major renovation
# project, 正在申请列入目录, 已经向市经信委申报…的认定; nor one still pending after its name (… project' is still
# pending, 认定申请中).
_PENDING_BEFORE = re.compile(
    r"(?:\b(?:applying|applied|application|applications)\s+(?:for|to be|to get|to become)\b"
    r"(?:\s+[\w'-]+){0,5}|(?:正在|还在|在|已经?)(?:向[^，,。；;]{1,8})?申[请报](?:了)?(?:(?!获|通过|批)[^，,。；;]){0,6})"
    r"\s*['\"‘“「]?\s*$"
)
_PENDING_AFTER = re.compile(
    r"^(?:[\s'\"’”]*[\w-]+){0,3}?[\s'\"’”]+(?:is|are|remains?)\s+(?:still\s+)?"
    r"(?:pending|under review|being (?:reviewed|processed)|in progress)\b|"
    r"^[”」\"]?(?:的?认定)?(?:还在|正在|仍在)?(?:申请中|审核中|审批中|评审中|待批)|"
    r"^[”」\"]?(?:的?认定)?(?:申请|申报)(?!人|通过|获批|批了|批下来|下来了|已通过)|"  # 提交了现有优质项目认定申请
    r"^[”」\"]?(?:我们|我司|公司)?(?:已经|刚)?(?:报上去了|申报了|递交了|提交了|报了)"  # 清单我们报上去了
)


# 不是…嘛 and 不是说…吗 ask "isn't it …?" (首台套不是最高给2000万嘛): they affirm. Not every 不是…吗 does
# (我们不是上海注册的能申请吗 asks whether they can, not being registered there).
_RHETORICAL = re.compile(r"不是(?:[^，,。；;？?！!\n]*(?:嘛|(?<![什怎那这多要])么)|说[^，,。；;？?！!\n]*吗)")


def _negated(lowered: str, start: int, end: int | None = None, entered: bool = False) -> bool:
    """Whether the phrase at ``start`` is negated; with ``entered``, a procedure or list one may be admitted to,
    also by a negated entry further back in its clause (see ``_NOT_ADMITTED``)."""
    phrases = _phrases()
    clause_end = _COMMA_CLAUSE_END.search(lowered, end or start)
    clause = lowered[max(0, start - _WINDOW_ZH) : clause_end.start() if clause_end else len(lowered)]
    if _RHETORICAL.search(clause):
        return False
    # a negation inside a closed parenthesis stays there: 以园区名义（不是单个企业）在策划零碳示范
    window = _clause_before(lowered, start, _WINDOW_ZH)
    if (at := start - len(window)) > 0 and _NOT_NEGATIONS.match(lowered, at - 1):  # cut 属不属于 leaves 不属于
        window = window[2:]
    before = _NOT_NEGATIONS.sub("", _CLAUSE_OPENER.split(window)[-1])
    if end is not None and _NEGATED_AFTER.match(lowered[end : end + 12]):
        return True
    if _PENDING_BEFORE.search(_clause_before(lowered, start, 60)) or (
        end is not None and _PENDING_AFTER.match(_COMMA_CLAUSE_END.split(lowered[end : end + 60])[0])
    ):
        return True
    if any(neg in before for neg in phrases.negations_zh):
        return True
    if entered and _NOT_ADMITTED.search(" ".join(_words_before(lowered, start, 3 * _WINDOW_EN))):
        return True
    return any(word in phrases.negations_en or word.endswith("n't") for word in _words_before(lowered, start))


# never admitted to either the national or the Shanghai … procedure: a negated entry reaches the procedure's name
# across the long noun phrase between (its clause's words, not just the last few)
_NOT_ADMITTED = re.compile(
    r"\b(?:never|not|no longer)\s+(?:(?:been|yet|ever|once)\s+)*(?:admitted|entered|included|accepted|listed|"
    r"selected|enrolled|put|placed)\s+(?:in|into|to|on|onto)\b"
)


def _asked(lowered: str, start: int, end: int) -> bool:
    """The phrase is what the asker asks about ("must it be domestic?"), not a fact they state."""
    phrases = _phrases()
    before = _clause_before(lowered, start, 10)
    if any(cue in before for cue in phrases.asking_zh):
        return True
    words = f" {' '.join(_words_before(lowered, start))} "
    if any(f" {cue} " in words for cue in phrases.asking_en):
        return True
    return _ASKING_AFTER.search(lowered[end : end + 40]) is not None


# A support named after its condition: the first-of-a-kind subsidy, 首台套补贴, the 三首 policy.
_SUPPORT_NAME_AFTER = re.compile(
    r"^[”」\"'\s]*(?:/\s*[a-z\u4e00-\u9fff ]{1,20}?\s*)?"
    r"(?:subsid|support\b|grants?\b|rewards?\b|polic|scheme|funding|补贴|补助|支持|政策|资助|奖励)",
    re.IGNORECASE,
)


def _names_support(lowered: str, end: int) -> bool:
    """The phrase names a support (can we get the first-of-a-kind subsidy?), which states nothing of the asker."""
    return _SUPPORT_NAME_AFTER.match(lowered[end : end + 30]) is not None


def _replaced(lowered: str, start: int) -> bool:
    """The phrase names what the asker replaces (为了替代国外工具, instead of imported tools), not what they have."""
    phrases = _phrases()
    before = re.split(r"[，,、]", _clause_before(lowered, start, 8))[-1]
    if any(cue in before for cue in phrases.replacing_zh):
        return True
    words = f" {' '.join(_words_before(lowered, start)[-4:])} "
    return any(f" {cue} " in words for cue in phrases.replacing_en)


def _matches(lowered: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _ in _scan(lowered, {p.lower() for p in phrases})]


@cache
def _fact_terms() -> dict[str, list[tuple[str, bool]]]:
    """Every yes/no phrase of every fact (lowercased), and what it says of which fact."""
    says: dict[str, list[tuple[str, bool]]] = {}
    for name, (yes, no, _) in _phrases().fields.items():
        for phrases, value in ((yes, True), (no, False)):
            for phrase in phrases:
                says.setdefault(phrase.lower(), []).append((name, value))
    return says


_ENDING_IN = ("另外", "此外", "以外", "之外", "额外", "意外", "格外")
_COMPOUND = re.compile(r"-[a-z]+ed\b")  # a participle compound: contract-manufactured
_PLURAL = re.compile(r"(?:e?s)?(?![a-z0-9])|")


_GAP = "…"  # in a phrase: its two parts stand a few characters apart (第一次…注册证: 第一次拿医疗器械注册证)
_GAP_REACH = {True: 40, False: 10}  # characters between the parts, English (about six words) or Chinese


def _occurrences(lowered: str, term: str) -> list[tuple[int, int]]:
    """Where a term stands; a term with a gap, from its first part to the nearest second part after it within the
    reach and the comma clause, so one fact is said in the asker's own order (不是第一次拿医疗器械注册证)."""
    head, gap, tail = term.partition(_GAP)
    spans = []
    start = lowered.find(head)
    while start >= 0:
        end = start + len(head)
        if gap:
            reach = _GAP_REACH[head.isascii()] + len(tail)
            clause = _COMMA_CLAUSE_END.split(lowered[end : end + reach])[0]
            at = clause.find(tail)
            end = end + at + len(tail) if at >= 0 else -1
        if end >= 0:
            spans.append((start, end))
        start = lowered.find(head, start + 1)
    return spans


def _scan(lowered: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """See ``_scan_terms``; one question is scanned for the same terms by several readers (its facts, the phrases
    named alone, its amount words), so a scan is kept for the next."""
    return list(_scan_terms(lowered, frozenset(terms)))


@lru_cache(maxsize=64)
def _filed(terms: frozenset[str]) -> TermIndex[str]:
    """The terms filed by their first part (a term with a gap is found by its head)."""
    return TermIndex((term.partition(_GAP)[0], term) for term in terms)


def _starts_inside_a_word(lowered: str, start: int) -> bool:
    """另外国产 holds no 外国: a Chinese phrase never starts on the last character of a word that ends with it."""
    return any(lowered.startswith(word, start - len(word) + 1) for word in _ENDING_IN if start >= len(word) - 1)


@lru_cache(maxsize=512)
def _scan_terms(lowered: str, terms: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """Where the terms stand, leftmost first and the longest at a place (as one alternation pattern would match),
    found by substring search: much faster than a regular expression of hundreds of alternatives. A term inside
    a longer one found there is not reported (非本市注册 holds 本市注册; 中小企业 holds 小企业); terms that only
    overlap are both reported."""
    found = []
    for term in _filed(terms).candidates(lowered):
        english = term.replace(_GAP, "").isascii()
        for start, end in _occurrences(lowered, term):
            if english:  # whole English words, plural allowed (key foreign-invested projects)
                plural = _PLURAL.match(lowered, end)
                end += len(plural.group()) if plural else 0
            if not english and _starts_inside_a_word(lowered, start):
                continue
            whole = not english or not (
                (start and lowered[start - 1].isalnum() and lowered[start - 1].isascii())
                or (end < len(lowered) and lowered[end].isalnum() and lowered[end].isascii())
                or _COMPOUND.match(lowered, end)
            )
            if whole:
                found.append((start, end, term))
    kept, reach = [], 0
    for start, end, term in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if end > reach:  # overlapping terms both stand ("our factory project": our factory, factory project)
            kept.append((start, end, term))
            reach = end
    return tuple(kept)


def _stated(lowered: str, spans: list[tuple[int, int, bool]]) -> bool | None:
    """The value a text states for one yes/no fact, from the spans of its phrases; None when it states none.

    A stated "no" wins over a mention: 既不是首台套……能申请“首台套”支持吗 names the support it asks about, and a
    support's name states nothing. What the asker replaces (替代进口工具) says nothing of what they have.
    """
    values = {
        says != _negated(lowered, a, b, entered=True)
        for a, b, says in spans
        if not _asked(lowered, a, b) and not _replaced(lowered, a) and not _names_support(lowered, b)
    }
    return False if False in values else (True if values else None)


_PLACE_REACH = 16  # characters between a cue and the place it names ("our plant is in suzhou", 在苏州的工厂)
_PLACE_REACH_AFTER_EN = 24  # after an English cue, whose words run longer ("registrant entity sits in suzhou")


def _moved_from(lowered: str, name: str) -> bool:
    """Whether the place is named only as where the asker moved from (去年才从昆山搬过来, relocated from Suzhou):
    where they were, not where they are registered or produce."""
    place = re.escape(name)
    moves = re.findall(
        rf"(?:从|由){place}\S{{0,4}}?(?:搬|迁|移)|(?:moved|relocated|relocating|moving)\b.{{0,30}}?\bfrom {place}",
        lowered,
    )
    return bool(moves) and len(moves) == lowered.count(name)


def _cues_near(lowered: str, cues: tuple[str, ...], names: Iterable[str]) -> list[tuple[int, int]]:
    """The cues (注册, registered, 工厂, plant …) next to one of these place names: where the asker is registered or
    produces."""
    names = tuple(names)
    spans = [
        (start, end, _PLACE_REACH_AFTER_EN if lowered[start:end].isascii() else _PLACE_REACH)
        for start, end in _matches(lowered, cues)
    ]
    return [
        (start, end)
        for start, end, after in spans
        if any(name in lowered[max(0, start - _PLACE_REACH) : end + after] for name in names)
    ]


@dataclass(frozen=True)
class Role:
    """What an amount in the question is: a profile money field, or ``quoted`` from the policy."""

    amount: Amount
    fields: tuple[str, ...]  # the money fields the nearest describing words name, best first; () when none do
    quoted: bool = False
    distance: int = 0  # characters between the amount and its describing words
    year: int = 0  # the year the words before it give the amount (今年 and this year count as the latest)
    segment: tuple[int, int] = (0, 0)  # the words about this amount's object (国产的EDA花了680万), as a span
    weight: int = 0  # among amounts of one kind: its own words, "actually paid" up, "also bought" and offers down
    passed: bool = False  # said to be passed (超过100亿, over 5 billion): the figure was more than the amount
    shared: bool = False  # only words naming several fields describe it ("R&D": a drug's or a device's)
    requested: bool = False  # the support asked for (申请900万奖励, RMB 12 million of support), not a base
    offer: bool = False  # a price asked or quoted (标价900万, list price), not what was paid
    other: bool = False  # no support's base: bought alongside (另外…50万的服务器) or labelled so (注册资本)

    @property
    def field(self) -> str | None:
        return self.fields[0] if self.fields else None


def _better(role: Role, held: Role) -> bool:
    """Which of two amounts of one kind is the asker's base: the later year's when both have one, else the figure
    reached over a mark said to be passed (过了10亿，做到10.6亿), else the one its own words describe best, else the
    nearer."""
    if role.year and held.year and role.year != held.year:
        return role.year > held.year
    if role.passed != held.passed:
        return held.passed
    return (role.weight, -role.distance) > (held.weight, -held.distance)


@dataclass(frozen=True)
class StatedFacts:
    values: dict[str, Any]  # yes/no facts and industries the question states, by profile field
    roles: tuple[Role, ...] = ()
    text: str = ""  # the question, lowercased
    only: frozenset[str] = frozenset()  # money fields the asker restricts the question to (just for the device)

    def about(self, role: Role) -> dict[str, Any]:
        """The yes/no facts stated about one amount's object (国产的680万, 进口的1200万)."""
        return _yes_no_facts(self.text[slice(*role.segment)])

    @cached_property
    def profile(self) -> EnterpriseProfile:
        """The facts as a profile. A money field named by several amounts takes the latest year's (2021年8.7亿，今年
        10.3亿), else the one its own words describe best (首台套……合同3200万 over 另外备件合同450万; 实际付了186万 over
        报价220万), else the one they stand nearest."""
        own = [role for role in self.roles if role.field and not role.quoted]
        fields = dict.fromkeys(role.field for role in own)
        money = {name: self.best([r for r in own if r.field == name]).amount.value for name in fields}
        spending = {name.split(".", 1)[1]: value for name, value in money.items() if name.startswith("spending.")}
        top = {name: value for name, value in money.items() if "." not in name}
        return EnterpriseProfile.model_validate({**self.values, **top, "spending": spending})

    @staticmethod
    def best(roles: list[Role]) -> Role:
        """Which of several amounts of one kind is the asker's base (see ``profile``); the first when tied."""
        chosen = roles[0]
        for role in roles[1:]:
            if _better(role, chosen):
                chosen = role
        return chosen

    @cached_property
    def activities(self) -> frozenset[str]:
        """The spending fields the asker says they carry out without giving the amount (we bought a domestic EDA
        package, 我们在做合同能源管理项目): that amount is above zero, though unknown."""
        found: set[str] = set()
        terms = _amount_terms()
        for start, end, term in _scan(self.text, terms):
            before = _CLAUSE_END.split(self.text[:start])[-1]
            after = _CLAUSE_END.split(self.text[end:])[0]
            doing = _DOING.search(before[-_DOING_REACH:]) or _DOING.search(after[:_DOING_REACH])
            if doing and not _negated(self.text, start, end) and not _asked(self.text, start, end):
                found.update(field for field in terms[term] if field.startswith("spending."))
        return frozenset(found)

    @property
    def elsewhere(self) -> frozenset[str]:
        """The facts of place stated as not the policy's (registered in Hangzhou, a plant in Suzhou): a place named
        so may be the asker's own, not another jurisdiction's policy asked about."""
        fields = _phrases().fields
        return frozenset(name for name, (_, _, cues) in fields.items() if cues and self.values.get(name) is False)

    @cached_property
    def alone(self) -> frozenset[str]:
        """The yes/no facts named by a phrase that names no other ("CMO" says contract manufacturing and production
        in Shanghai at once)."""
        says = _fact_terms()
        return frozenset(
            says[term][0][0] for _, _, term in _scan(self.text, says) if len({name for name, _ in says[term]}) == 1
        )

    @cached_property
    def pending(self) -> frozenset[str]:
        """The procedures the question says an application awaits, without naming which (材料报上去了，还在走流程):
        every procedure field it states nothing of; none when it says nothing is pending."""
        phrases = _phrases()
        if not any(cue in self.text for cue in phrases.pending_cues):
            return frozenset()
        return frozenset(phrases.pending_fields - self.values.keys())

    @cached_property
    def spoken(self) -> frozenset[str]:
        """The profile fields the question states."""
        return frozenset([*self.values, *(f for r in self.roles if not r.quoted for f in r.fields)])

    @property
    def own_amounts(self) -> list[Amount]:
        """The asker's own figures: every amount except those quoted from the policy."""
        return [role.amount for role in self.roles if not role.quoted]

    @property
    def no_spending(self) -> list[Amount]:
        """Money the asker names that is no spending (a loan taken, registered capital, servers beside the EDA): it
        makes no rule that computes from or compares an amount fit the question (``Planner._support_scores``)."""
        return [role.amount for role in self.roles if role.other]

    def quoting(self, values: set[Decimal]) -> StatedFacts:
        """The same facts with amounts of these values read as quoted from the policy (a threshold it names)."""
        # a figure of an earlier year (2018年就超过100亿, 今年105亿) is the asker's own, whatever it equals
        latest = max((r.year for r in self.roles), default=0)
        # a value the asker already quotes in the policy's words (“总投入1000万元以上”) is theirs where it stands alone
        values = values - {r.amount.value for r in self.roles if r.quoted}
        roles = [
            replace(r, quoted=r.quoted or (r.amount.value in values and not 0 < r.year < latest and not totalled))
            for r, totalled in zip(self.roles, _totals(self.roles), strict=True)
        ]
        if roles and all(r.quoted for r in roles) and not self.roles[0].quoted:  # 产值10亿，算突破10亿吗？
            roles[0] = self.roles[0]
        return StatedFacts(self.values, tuple(roles), self.text, self.only)


def _totals(roles: tuple[Role, ...]) -> list[bool]:
    """Whether each amount is a total the amounts right after it add up to (总投入1000万元：设备650万，软件350万):
    the asker's own figure, broken down, whatever threshold it equals."""
    values = [r.amount.value for r in roles]
    return [
        any(sum(values[i + 1 : j], Decimal(0)) == value for j in range(i + 3, len(values) + 1))
        for i, value in enumerate(values)
    ]


# A cap named earlier in the clause and then given: "the cap for Class I drugs is 20 million", 上限是2000万
_CAP_IS = re.compile(
    r"(?:\bcap\b|\bceiling\b|\bmaximum\b|上限|封顶)[^,，。;；?？!！]{0,40}?"
    r"(?:\bis|\bwas|\bof|\bat|为|是|一样|只有|按(?:照)?)\s*$"
)


# a 20 million cap, the 10 million investment threshold, 2000万 max, 5万券值 and 五万块的券 (a voucher's face value)
_CAP_NOUN_AFTER = re.compile(
    r"\s*(?:元|yuan|rmb)?\s*(?:的)?(?:上限|封顶|券值|券|门槛|(?:[a-z-]+\s+)?(?:cap|ceiling|threshold)\b|max(?:imum)?\b)"
)


# The result of the asker's own arithmetic (30% = 7.5 million, 算下来等于720万): the support they expect.
_RESULT_BEFORE = re.compile(r"(?:%|算下来|算出来)\s*(?:=|＝|等于|→|->)\s*(?:rmb|¥|￥)?\s*$")
# The support someone expects, before its figure (the support would be somewhere between RMB 5 and 8 million,
# 补贴估计有300万): what they hope for, never a base.
_EXPECTED_BEFORE = re.compile(
    r"(?:\b(?:support|subsidy|grant|funding|award|reward)s?\b[^,.;?!，。；？！]{0,60}?"
    r"\b(?:would|will|could|should|might|may)\s+(?:\w+\s+)?be\b|"
    r"(?:补贴|支持|资助|奖励)[^，,。；;？?！!]{0,8}?(?:应该|估计|大概|预计)(?:能)?(?:是|有|拿))"
    r"[^,.;?!，。；？！0-9]{0,25}(?:(?:rmb|¥)?\s*[0-9.]+\s*(?:-|~|to|and|到|至)\s*(?:rmb|¥)?\s*)?$"
)
# The asker's own record, not the policy's maximum: 往年产值最高也就46亿, 历史最高
_OWN_RECORD = re.compile(r"(?:往年|历年|历史|以前|之前|过去|去年|前年|产值|营收|收入|销售额)最高[^，,。；;]{0,3}$")


# An amount inside quotation marks with the policy's own comparison word: “总投入1000万元以上”
_IN_POLICY_WORDS = re.compile(r"[“「\"][^”」\"]{0,12}$")
_POLICY_WORDS_END = re.compile(r"[^”」\"]{0,6}?(?:以上|以下|突破|不超过)[^”」\"]{0,4}[”」\"]")


# The asker's own total (the invoices add up to RMB 2.8m), not a cap "up to" a figure
_ADDS_UP_TO = re.compile(r"\b(?:adds?|added|adding|comes?|came|coming)\s+up\s+to\s*$")


def _quoted(lowered: str, amount: Amount) -> bool:
    """An amount the asker quotes: the policy's cap or threshold (上限2000万, 器械500万那个, the cap … is 20 million,
    a 20 million cap), or the support they expect (能拿720万吗, do we get 6 million?, 30% = 7.5 million), never their
    own spending."""
    if (
        (_IN_POLICY_WORDS.search(lowered[: amount.start]) and _POLICY_WORDS_END.match(lowered, amount.end))
        or _QUOTED_AFTER.match(lowered[amount.end : amount.end + 4])
        or _CAP_NOUN_AFTER.match(lowered, amount.end)
        or _CAP_IS.search(lowered[: amount.start][-60:])
        or _RESULT_BEFORE.search(lowered[max(0, amount.start - 8) : amount.start])
        or _EXPECTED_BEFORE.search(lowered[max(0, amount.start - 120) : amount.start])
    ):
        return True
    phrases = _phrases()
    before = _clause_before(lowered, amount.start, 5)
    if _OWN_RECORD.search(_clause_before(lowered, amount.start, 10)):
        return False
    if any(cue in before for cue in phrases.quoting_zh):
        return True
    words = " ".join(_words_before(lowered, amount.start)[-3:]) + " "
    return not _ADDS_UP_TO.search(words) and any(f" {cue} " in f" {words}" for cue in phrases.quoting_en)


_SUPPORT_WORDS_EN = r"(?:support|subsidy|subsidies|funding|grants?|awards?|rewards?)"
_REQUESTED_AFTER = re.compile(
    r"\s*(?:元|yuan|rmb)?\s*(?:奖励|支持|补贴|补助|资助|扶持)|"
    rf"\s*(?:yuan|rmb)?\s*(?:of|in)\s+{_SUPPORT_WORDS_EN}\b",
    re.IGNORECASE,
)
# 1200万的支持 is the support asked for after a word asking for it (想申请单个项目1200万的支持), not the support of a
# spending named before it (保险费60万元的支持)
_REQUESTED_OF = re.compile(r"\s*(?:元)?\s*的(?:奖励|支持|补贴|补助|资助|扶持)")
_ASKING_FOR = re.compile(r"(?:申请|想要|拿到?|批|给予?)[^，,。；;？?]{0,8}$")
_REQUESTED_BEFORE = re.compile(  # a talent award of RMB 800k; 想申请绿色低碳支持1200万
    rf"\b{_SUPPORT_WORDS_EN}\s+of\s+$|(?:申请|想要|争取)[^，,。；;？?]{{0,10}}(?:奖励|支持|补贴|补助|资助|扶持)\s*$",
    re.IGNORECASE,
)


# A yes/no question whether the support reaches an amount: 能给到100万吗, 可以拿到300万不
_GIVEN_BEFORE = re.compile(
    r"(?:能|可以|可|会)(?:给到|拿到|批到|补到|给)\s*$|"
    r"\b(?:can|could|will|would)\s+(?:we|i|they|it)\s+(?:get|receive|be (?:given|granted|paid))\s+(?:rmb|¥)?\s*$"
)
_GIVEN_AFTER = re.compile(r"\s*(?:元)?\s*(?:吗|么|嘛|不|没)|\s*(?:yuan|rmb)?\s*[?？]")
_EITHER_WAY = re.compile(r"能不能|可不可以|能否|是否")  # 能不能拿到80万？ asks it before the amount
_ASKS_AFTER = re.compile(r"\s*(?:元)?\s*[？?]")


def _requested(lowered: str, amount: Amount) -> bool:
    """An amount named as the support itself (想申请900万奖励, 想申请绿色低碳支持1200万, apply for RMB 12 million of
    support, a talent award of RMB 800k, 能给到100万吗)."""
    before = lowered[max(0, amount.start - 24) : amount.start]
    if _REQUESTED_OF.match(lowered, amount.end):
        return _ASKING_FOR.search(before) is not None
    if _GIVEN_BEFORE.search(before) and (
        _GIVEN_AFTER.match(lowered, amount.end)
        or (_EITHER_WAY.search(before) and _ASKS_AFTER.match(lowered, amount.end))
    ):
        return True
    return _REQUESTED_AFTER.match(lowered, amount.end) is not None or _REQUESTED_BEFORE.search(before) is not None


_OBJECT_AFTER = re.compile(
    r"\s*(?:元|yuan|rmb)?\s*(?:的|用于|用在|花在|买|购买|采购|"
    # a RMB 6 million purchase of EDA tools: the amount before its noun
    r"(?:(?:was |were )?(?:spent|paid|invested|used)\s+|(?:purchase|order|acquisition|deal)\s+)?"
    # not a time: 5 billion for the first time, for the year, for 2023
    r"\b(?:for(?!\s+(?:the\s+)?(?:[\w-]+\s+)?times?\b|"
    r"\s+(?:the\s+)?(?:year|fy|(?:19|20)\d{2}))|on|worth of|of|in(?=\s+[a-z]))\b|"
    r"\b(?:renewing|buying|purchasing|procuring|licensing|leasing|upgrading|maintaining)\b)",  # RMB 15m renewing …
    re.IGNORECASE,
)
_QUOTED_AFTER = re.compile(r"^(?:元)?(?:那个|那档|那一档|那条|那项|的那个)")  # 别按器械500万那个算
_ADJACENT = 3  # characters between an amount and the words right before it ("premium 80万")
_REACH = 32  # characters after an amount whose words may still describe it (6 to 8 English words)
_LABEL_REACH = 24  # characters before an amount that may still label it
# Where an object's words end; not at a comma inside the qualities the measures name ("a domestic, self-controllable
# EDA tool", "independent, secure and controllable"), which would cut the object off from its noun.
_QUALITY = r"(?:secure|controllable|self-controllable|domestic|domestically|qualifying|eligible|independent)\b"
_OBJECT_END = re.compile(rf"[、；;。！？!?:：—–(（]|[,，](?!\s*{_QUALITY})|\band\b(?!\s*{_QUALITY})|\bplus\b|\d")


_CLOSING = {"(": ")", "（": "）"}


def _object_end(lowered: str, start: int, limit: int) -> int:
    """Where the words naming an amount's object stop: a comma, "and", or the next figure; not at a gloss in
    parentheses that closes before the noun (self-controllable (zizhu anquan kekong) EDA tools)."""
    end = _OBJECT_END.search(lowered, start, limit)
    while end and end.group() in _CLOSING and (closed := lowered.find(_CLOSING[end.group()], end.end(), limit)) > 0:
        if _OBJECT_END.search(lowered[end.end() : closed]) or not lowered[closed + 1 : limit].strip():
            break  # a figure or a list inside, or nothing after it: the object ended before it
        end = _OBJECT_END.search(lowered, closed + 1, limit)
    return end.start() if end else limit


def _named_object(lowered: str, amount: Amount) -> tuple[int, int] | None:
    """Where the words of the object named right after an amount stand (RMB 5m of insurance premiums, 300万的服务器):
    from after the connecting word to a comma, "and", the next figure or the sentence's end; None when none is."""
    named = _OBJECT_AFTER.match(lowered, amount.end)
    if not named:
        return None
    after = _CLAUSE_END.search(lowered, named.end())
    return named.end(), _object_end(lowered, named.end(), after.start() if after else len(lowered))


def _weight(lowered: str, start: int, end: int, fields: tuple[str, ...], later: bool) -> int:
    """How well a stretch of the question describes an amount of these fields (see ``Role.weight``)."""
    stretch = lowered[start:end]
    terms = _amount_terms()
    found = [t for _, _, t in _scan(stretch, terms) if set(terms[t]) & set(fields)]
    own = max((1 + (len(terms[t]) == 1) for t in found), default=0)  # its own words, specific ones more
    markers = _phrases().markers
    actual = any(w in stretch for w in markers["actual"])
    aside = any(w in stretch for w in markers["aside"])  # the stretch starts after the previous amount
    offer = any(w in stretch for w in markers["offer"])
    part = any(w in stretch for w in markers["partial"]) and any(f in markers["totals"] for f in fields)
    return own + 2 * actual - 2 * (aside and later) - 2 * offer - 2 * part


def _amount_words(lowered: str, phrases: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Where the words that describe amounts stand, except one that only qualifies the head of a longer yes/no
    phrase of ``phrases`` ("contract" in contract manufacturing is no contract amount; 器械 in 创新医疗器械 is the
    device)."""
    return [
        (start, end, term)
        for start, end, term in _scan(lowered, _amount_terms())
        if not any(a == start and end < b for a, b, _ in phrases)
    ]


def _label_before(lowered: str, amount: Amount, reach: int) -> str:
    """Up to ``reach`` characters before an amount, within its comma clause: where a label of it stands."""
    return _COMMA_CLAUSE_END.split(lowered[max(0, amount.start - reach) : amount.start])[-1]


def _labelled_other(lowered: str, amount: Amount, words: list[tuple[int, int, str]]) -> bool:
    """Whether the label right before an amount (within its comma clause) says it is money spent on nothing a
    policy funds (注册资本, valuation), nearer than any of the fields' words."""
    before = _label_before(lowered, amount, _LABEL_REACH)
    offset = amount.start - len(before)
    label = max((before.rfind(w) for w in _phrases().markers["other"]), default=-1)
    if label < 0:
        return False
    clause = _COMMA_CLAUSE_END.split(lowered[: offset + label])[-1]
    if re.search(r"\d", clause):  # 4 million on servers and 1.6 million on EDA: servers are the earlier figure's
        return False
    return all(end <= offset + label for start, end, _ in words if offset <= start < amount.start)


def _by_term(groups: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Each phrase of the groups (lowercased) and the groups it belongs to ("R&D" to drug and device R&D)."""
    names: dict[str, list[str]] = {}
    for name, terms in groups.items():
        for term in terms:
            names.setdefault(term.lower(), []).append(name)
    return names


@cache
def _amount_terms() -> dict[str, list[str]]:
    """Each word that describes an amount, and the money fields it names."""
    return _by_term(_phrases().amounts)


@cache
def _field_order() -> dict[str, int]:
    """Each money field's place in facts.json: the order in which a word shared by several goes to them."""
    return {name: place for place, name in enumerate(_phrases().amounts)}


@cache
def _industry_terms() -> dict[str, list[str]]:
    return _by_term(_phrases().industries)


# What an amount's object may be called without naming a thing: 花了300万的钱, RMB 5m on it.
# a figure follows within the word's comma clause (研发投入1580万, revenue about 1.2 billion)
_LABELS_NEXT = re.compile(
    r"[^，,、。！？!?；;\n]{0,6}?\d|"
    r"(?:\s*(?:about|around|approx\.?|approximately|roughly|some|of|was|is|at|totall?ing|:))*\s*(?:rmb|¥|￥)?\s*\d"
)
_ENTERPRISE = re.compile(r"\s*(?:企业|公司|厂商|厂家|enterprise|company|firm|maker)")
_NO_OBJECT = re.compile(
    r"^(?:钱|费用|资金|左右|多|余|总共|总计|一共|合计|it|this|that|them|total|all|the money|"
    r"full|cash|advance|one go|a lump sum|one lump sum|instal+ments?)?$"  # paid in full, in cash, in advance
)


def _names_other(object_words: str) -> bool:
    """Whether the words after an amount name a thing (服务器, servers), not just money or "it"."""
    cleaned = re.sub(r"[\s\W_]+", " ", object_words).strip()
    return not _NO_OBJECT.match(cleaned.removeprefix("the ").strip())


def _role(lowered: str, amount: Amount, words: list[tuple[int, int, str]]) -> tuple[tuple[str, ...], int, bool, bool]:
    """The money fields whose words stand nearest the amount within its sentence ("R&D" names two), how near,
    whether only words shared by several fields name it (no word of its own decides which), and whether it was
    spent on a thing none of the fields' words name (50万的服务器, RMB 2m on servers).

    ``words`` are where the amount words of every field stand in the question (``_scan`` of them).
    """
    sentence_start = max((m.end() for m in _CLAUSE_END.finditer(lowered, 0, amount.start)), default=0)
    after = _CLAUSE_END.search(lowered, amount.end)
    sentence_end = after.start() if after else len(lowered)
    named = _named_object(lowered, amount)
    if named and not _names_other(lowered[slice(*named)]):  # paid in full, 花了300万的钱: no object named
        named = None
    if named:  # 300万的服务器, 90万 for new workstations: the words after it name what it was spent on
        end = named[1]
        if any(amount.end <= start for start, _, _ in words if start < end):
            sentence_start, sentence_end = amount.end, end
        else:  # an object none of our words name: only words right before it can still say what it is
            adjacent = [start for start, end, _ in words if amount.start - _ADJACENT <= end <= amount.start]
            sentence_start, sentence_end = min(adjacent, default=amount.start), amount.start
            if not adjacent and _names_other(lowered[slice(*named)]):
                return (), 0, False, True
    fields_of = _amount_terms()
    distances: dict[str, tuple[int, int]] = {}  # field -> (nearest of its words, nearest of its own words)
    for start, end, term in words:
        if not (sentence_start <= start and end <= sentence_end):
            continue
        distance = amount.start - end if end <= amount.start else 3 * (start - amount.end) + 2  # before weighs more
        if distance < 0 or (not named and start - amount.end > _REACH):  # far after it: something else
            continue
        if (
            start >= amount.end
            and _LABELS_NEXT.match(lowered, end)
            and _COMMA_CLAUSE_END.search(lowered, amount.end, start)
        ):
            continue  # 生产线投了6000万，研发投入1580万: after a comma, the label of the figure it stands before
        shared = len(set(fields_of[term])) > 1  # "EDA" and "eda" are one field's word, not a shared one
        for name in fields_of[term]:
            nearest, own = distances.get(name, (distance, _FAR))
            distances[name] = (min(nearest, distance), own if shared else min(own, distance))
    if not distances:
        return (), 0, False, False
    nearest = min(d for d, _ in distances.values())
    # a shared word ("contract": an EDA purchase's or a first-of-a-kind one) goes to the field whose own words the
    # question uses somewhere, then to the field listed first in facts.json
    spoken = {name for _, _, term in words if len(set(fields_of[term])) == 1 for name in fields_of[term]}
    order = _field_order()
    tied = sorted((own, name not in spoken, order[name], name) for name, (d, own) in distances.items() if d == nearest)
    return tuple(t[-1] for t in tied), nearest, len(tied) > 1 and tied[0][0] == tied[1][0], False


_YEARS = (
    (re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)"), 0),  # the year written
    (re.compile(r"(?<![\d了近过约满立])((?:1[5-9]|2\d))(?=年(?![多来以内后前间]))"), 0),  # by its last two digits: 19年
    (re.compile(r"今年|本年|this year|currently|现在"), THIS_YEAR),
    (re.compile(r"前年|the year before last"), LAST_YEAR - 1),
    (re.compile(r"去年|last year"), LAST_YEAR),
    (
        re.compile(
            r"此前|之前|以前|过去|历史最高|前几年|前些年|往年|\bbefore\b|\bprevious(ly)?\b|\bprior\b|\bearlier\b|"
            r"\bused to\b|\bin (?:past|previous|earlier) years\b"
        ),
        EARLIER,
    ),
)


_PASSED = re.compile(
    r"(超过|突破|过了|过过|(?<=[回次刚就已早都])过|逾|\bmore than|\bover|\bexceed(ed|ing)?|\babove|\btopped|"
    r"\bsurpassed|\bcrossed|\bpassed|\b(?:went|gone|got|moved) past|\bbroke(?:n)?(?: through)?)\s*$"
)


_YEAR_OF = re.compile(r"\s*(?:in|for|during)\s+(?:fy\s*)?(?:19|20)\d{2}\b")
_FROM_WORD = r"(\bfrom|从|由)"
_TO_WORD = r"(\bto|->|→|到|增长到|增长至|增至|增加到|升至|提高到|涨到)"
_FROM = re.compile(rf"{_FROM_WORD}\s*$")
_GREW_TO = re.compile(rf"{_FROM_WORD}[^，。,;；]{{1,20}}{_TO_WORD}\s*$")
_TO = re.compile(rf"\s*(元|yuan|rmb)?\s*{_TO_WORD}\s*[0-9一二三四五六七八九十两]")


def _years_in(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year expression in the text."""
    return [(m.start(), m.end(), value or full_year(m.group(1)) or 0) for p, value in _YEARS for m in p.finditer(text)]


def _year(lowered: str, amount: Amount) -> int:
    """The year nearest an amount, just before or just after it (4.1bn in 2022): 2021年, last year, 今年, 此前
    (earlier than any year written); else, in English, the year its sentence began with; 0 when none is said."""
    if _FROM.search(lowered[max(0, amount.start - 8) : amount.start]) and _TO.match(lowered, amount.end):
        return EARLIER  # from 0.9bn to 1.5bn, 从9000万增长到1.2亿: the figure it grew from ...
    grew_to = _GREW_TO.search(lowered[max(0, amount.start - 30) : amount.start])
    if grew_to and not _years_in(grew_to.group()):
        return THIS_YEAR  # ... and the figure it grew to, unless a year is written with it
    words = lowered[max(0, amount.start - 40) : amount.start]
    # Chinese when its characters outweigh the Latin letters (a 首台套 contract worth 2,680万 is English)
    chinese = 2 * len(re.findall(r"[\u4e00-\u9fff]", words)) > len(re.findall(r"[a-z]", words))
    window = _clause_before(lowered, amount.start, 16 if chinese else 40)  # ~6 words either way
    before = [(len(window) - end, year) for _, end, year in _years_in(window)]
    tail = re.split(r"[，,;；。(（]", lowered[amount.end : amount.end + (20 if chinese else 40)])[0]
    # a Chinese year stands before its figure: one after it starts the next clause (19年过了10个亿 20年掉到8亿)
    after = [] if chinese else [(start, year) for start, _, year in _years_in(tail)]
    if after and _YEAR_OF.match(tail):  # 960m in 2021 to 1.02bn in 2022: the year written with it is its own
        return after[0][1]
    if before or after:
        return min(before + after, key=lambda found: found[0])[1]  # a tie goes to the year before
    if not chinese:  # In 2023 we started verifying a second material and paid RMB 520,000
        sentence = _years_in(_clause_before(lowered, amount.start, amount.start))
        return max(sentence, default=(0, 0, 0), key=lambda found: found[1])[2]
    return 0


def _topic(words: list[tuple[int, int, str]], start: int, end: int) -> tuple[tuple[str, ...], int]:
    """The fields of the amount words nearest before ``end`` and after ``start`` (the figure before), in an earlier
    sentence: what an amount whose own sentence names nothing is about; how far they stand."""
    before = [(word_end, term) for word_start, word_end, term in words if start <= word_start and word_end <= end]
    if not before:
        return (), 0
    word_end, term = max(before)
    order = _field_order()
    return tuple(sorted(set(_amount_terms()[term]), key=order.__getitem__)), end - word_end


def read_facts(text: str, amounts: tuple[Amount, ...], home_places: set[str], places: set[str]) -> StatedFacts:
    """The profile a question states: yes/no facts, industries, and each amount's role.

    ``places`` are the places the question names and ``home_places`` the policy's own; a
    registration cue next to another place says the enterprise is registered elsewhere, one next to a district of
    the policy's own place that it is registered there.
    """
    stated = _read(text.lower(), amounts)
    away = [name for place in places - home_places for name in place_names(place) if not _moved_from(stated.text, name)]
    districts = [name for place in home_places for name in district_names(place)]
    placed: dict[str, bool] = {}
    for name, (_, _, cues) in _phrases().fields.items():
        if name in stated.values or not cues:
            continue
        if _cues_near(stated.text, cues, away):
            placed[name] = False
        elif any(
            not _negated(stated.text, a, b) and not _asked(stated.text, a, b)
            for a, b in _cues_near(stated.text, cues, districts)
        ):
            placed[name] = True  # registered in Pudong, a plant in Songjiang: in the policy's own place
    return replace(stated, values={**stated.values, **placed}) if placed else stated


@lru_cache(maxsize=256)
def _read(lowered: str, amounts: tuple[Amount, ...]) -> StatedFacts:
    """What a question states whatever the policy: read once per question, though a question that names no
    document is planned in each document compared (up to 8 readings of one question at 400 documents). Its
    values are never changed: ``read_facts`` adds to a copy."""
    phrases = _phrases()
    found = _scan(lowered, _fact_terms())  # the yes/no phrases, read once for the facts and the amount words
    values: dict[str, Any] = _yes_no_facts(lowered, found)
    if any(cue in lowered for cue in phrases.skip_cues):  # a procedure named, then asked to be skipped: not had
        values |= {field: False for field in phrases.pending_fields if values.get(field) is True}
    values |= dict.fromkeys(_awaited(lowered, found, values), False)
    named = _industry_terms()
    mentioned = [
        (key, end, _negated(lowered, start, end)) for start, end, t in _scan(lowered, named) for key in named[t]
    ]
    # an enterprise of it disowned is none of theirs however it is named again (不是集成电路企业…做车规芯片的验证)
    disowned = {key for key, end, negated in mentioned if negated and _ENTERPRISE.match(lowered, end)}
    stated = {key for key, _, negated in mentioned if not negated} - disowned
    industries = [key for key in phrases.industries if key in stated]
    if industries:
        values["industries"] = industries
    elif mentioned:  # only disowned (做座椅骨架的，不是芯片): theirs is one the measures do not name
        values["industries"] = ["other"]  # a key of INDUSTRIES
    roles = []
    previous_end = 0
    words = _amount_words(lowered, found) if amounts else []
    for k, amount in enumerate(amounts):
        requested = _requested(lowered, amount)
        if requested or _quoted(lowered, amount):
            roles.append(Role(amount, (), quoted=True, requested=requested))
        else:
            fields, distance, shared, other = _role(lowered, amount, words)
            labelled = _labelled_other(lowered, amount, words)  # registered capital RMB 100 million: no spending
            if labelled:
                fields, distance, shared = (), 0, False
            elif not (fields or other):  # "We bought a domestic EDA suite. It came to CNY 2.45m.": the topic before
                fields, distance = _topic(words, previous_end, amount.start)
            after = _COMMA_CLAUSE_END.search(lowered, amount.end)  # 680万的国产EDA: words after it, up to a comma
            # an object named after it, however long (RMB 5m of insurance premiums for online verification)
            near = min(after.start() if after else len(lowered), amount.end + 12)
            if k + 1 < len(amounts) and _leads_to_next(lowered, amount, amounts[k + 1]):
                near = amount.end
            named = _named_object(lowered, amount)
            named_end = named[1] if named else amount.end
            # an object our words name after it (RMB 6m on a domestic EDA suite) is what the amount is about; the
            # words before it (…renewing foreign licences) were about the amount before
            names_object = any(amount.end <= start < named_end for start, _, _ in words)
            segment = (amount.start if names_object else previous_end, max(near, named_end))
            sentence_start = max((m.end() for m in _CLAUSE_END.finditer(lowered, 0, amount.start)), default=0)
            stretch = (max(previous_end, sentence_start), segment[1])
            weight = _weight(lowered, *stretch, fields, bool(roles))
            # only a thing bought alongside (另外买了台50万的服务器, another RMB 2m on servers) is no base: "RMB 4m
            # for qualifying, controllable EDA tools" names its object after a comma, "on the project" refers back
            other = labelled or (other and any(w in lowered[slice(*stretch)] for w in phrases.markers["aside"]))
            offer = any(
                w in lowered[_after_unit_price(lowered, *stretch) : stretch[1]] for w in phrases.markers["offer"]
            )
            year = _year(lowered, amount)
            if not fields and roles and roles[-1].fields and year not in (0, roles[-1].year):  # 8亿 … in 2023: 10亿
                fields = roles[-1].fields
            actual = any(w in lowered[slice(*stretch)] for w in phrases.markers["actual"])
            # 报价600万，实际付款520万: what was paid for the item quoted before it, and what was said of that item
            if not fields and roles and roles[-1].offer and actual and not offer:
                fields, segment = roles[-1].fields, (roles[-1].segment[0], segment[1])
            passed = _PASSED.search(lowered[max(0, amount.start - 16) : amount.start]) is not None
            never = passed and _negated(lowered, amount.start)  # never been above 1 billion: the tier, not a figure
            roles.append(
                Role(amount, fields, never, distance, year, segment, weight, passed, shared, offer=offer, other=other)
            )
        previous_end = amount.end
    parts = _breakdown(lowered, roles)
    roles = _told_apart([replace(role, fields=()) if i in parts else role for i, role in enumerate(roles)], lowered)
    roles = _beside_the_whole(roles, lowered)
    if "large_enterprise" not in values and (large := _large_by_size(lowered, roles)) is not None:
        values["large_enterprise"] = large
    return StatedFacts(values, tuple(roles), lowered, _only(lowered, amounts))


# Words after an amount that attach to it (680万的国产EDA, 300万买国产EDA)
_ATTACHED_AFTER = re.compile(r"的|买|用于|用来|用在|采购|购买|购置")
_UNSPACED = re.compile(r"[\u4e00-\u9fffa-z0-9]*")  # Chinese words (with a Latin name like EDA), no spaces


def _leads_to_next(lowered: str, amount: Amount, following: Amount) -> bool:
    """Whether the words after an amount describe the next one, in a list typed by voice without commas
    (EDA工具花了二百四十万国外的仿真软件花了六百万: 国外 is the simulation software's, not the EDA's)."""
    between = lowered[amount.end : following.start]
    chinese = _UNSPACED.fullmatch(between) is not None
    return chinese and not _ATTACHED_AFTER.match(between) and _COMMA_CLAUSE_END.search(between) is None


# A headcount: 18,000 employees, 员工六千多人, 60 people, 4万名员工
_HEADCOUNT = re.compile(
    r"(?P<n>\d[\d,]*(?:\.\d+)?[万千k]?|[一二两三四五六七八九十百千万]+)\s*(?:多|余|来)?\s*(?:个|名|位)?\s*"
    r"(?:员工|职工|人(?![民才次均])|(?:employees|staff|people|workers|persons)(?![a-z]))"
)


def _large_by_size(lowered: str, roles: list[Role]) -> bool | None:
    """Whether the asker is a large enterprise by the headcount and revenue it states (see ``size`` in facts.json):
    not with fewer employees or less revenue than a large one has; None when that does not decide it."""
    counts = [_headcount(m["n"]) for m in _HEADCOUNT.finditer(lowered)]
    staff = max((c for c in counts if c is not None), default=None)
    if staff is None:
        return None
    size = _phrases()
    if staff < size.large_staff:
        return False
    revenue = [r.amount.value for r in roles if "annual_output" in r.fields[:1] and not r.quoted]
    return max(revenue) >= size.large_revenue if revenue else None


def _headcount(numeral: str) -> int | None:
    """A headcount's number (六千 → 6000, 18,000 → 18000, 1.2k → 1200); None for one that is no numeral."""
    try:
        return int(numeral_value(numeral.replace(",", "").replace("k", "千")))
    except ValueError:
        return None


def _told_apart(roles: list[Role], lowered: str) -> list[Role]:
    """A total whose parts the question tells apart by a yes/no fact (EDA 230万 in all, 其中国外的那套100万，国产自主
    安全可控的130万): each part is an amount of the total's kind and the total no base of its own, so a support whose
    condition one part meets is computed on that part alone."""
    values = [role.amount.value for role in roles]
    for i, role in enumerate(roles):
        if not role.fields:  # a total of no kind gives its parts none
            continue
        end = next((j for j in range(i + 3, len(roles) + 1) if sum(values[i + 1 : j], Decimal(0)) == values[i]), 0)
        segments = {k: _part_segment(lowered, roles, k) for k in range(i + 1, end)}
        said = [_yes_no_facts(lowered[slice(*segment)]) for segment in segments.values()]
        if not any(a.get(name, b[name]) != b[name] for a in said for b in said for name in b):
            continue
        for k, segment in segments.items():
            roles[k] = replace(roles[k], fields=roles[k].fields or role.fields, segment=segment)
        roles[i] = replace(role, fields=(), other=True)
    return roles


def _beside_the_whole(roles: list[Role], lowered: str) -> list[Role]:
    """The whole company's figure (total company R&D 3,800 wan, 全公司研发投入) beside one of the same kind that is
    not (R&D on this product 450 wan): the product's is the base, the company's no base of its own."""
    whole = [_labelled_whole(lowered, role.amount) for role in roles]
    for i, role in enumerate(roles):
        if whole[i] and any(
            set(role.fields) & set(other.fields) and not whole[j] for j, other in enumerate(roles) if j != i
        ):
            roles[i] = replace(role, fields=(), other=True)
    return roles


def _labelled_whole(lowered: str, amount: Amount) -> bool:
    """Whether the amount's comma clause, before it, names it the whole company's (a label ahead of its noun and a
    year: "total company R&D this year")."""
    before = _label_before(lowered, amount, 2 * _LABEL_REACH)
    return any(word in before for word in _phrases().markers["whole"])


_DESCRIBED_AFTER = re.compile(r"\s*(?:for|on|of)\s")  # RMB 1 million for a foreign suite


def _part_segment(lowered: str, roles: list[Role], k: int) -> tuple[int, int]:
    """The words about one part of a total: from it up to the next amount when words after it describe it in
    English (RMB 1 million for a foreign suite and …), else its segment (其中国外的那套100万)."""
    role = roles[k]
    if _DESCRIBED_AFTER.match(lowered, role.amount.end):
        return role.amount.start, roles[k + 1].amount.start if k + 1 < len(roles) else role.segment[1]
    return role.segment


# A total said after its parts: 设备600万厂房改造300万软件100万加起来总投入正好1000万, "… 1.3m and 1.5m, 10m in total"
_TOTAL_BEFORE = re.compile(
    r"(?:加起来|加在一起|合计|总计|共计|一共|总共|总投入|总投资|\bin total|\baltogether|\btotall?ing|\ba total of|"
    r"\badds? up to|\bcame to|\bcomes to|\bsums? to)[^，,。；;0-9]{0,6}$"
)
_TOTAL_AFTER = re.compile(r"\s*(?:in total|altogether|all told|in all)\b")


def _breakdown(lowered: str, roles: list[Role]) -> set[int]:
    """The amounts (their indexes) that only break down another, in parentheses after it that add up to it
    (总投入1,000万元（设备购置720万元、软件180万元、其他100万元）) or before a total that sums them (…加起来总投入
    正好1000万): parts of a base, none a base of their own."""
    parts: set[int] = set()
    for i, role in enumerate(roles):
        before = lowered[max(0, role.amount.start - 16) : role.amount.start]
        if i > 1 and (_TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(lowered, role.amount.end)):
            first = next((j for j in range(i - 1) if sum(r.amount.value for r in roles[j:i]) == role.amount.value), i)
            summed = roles[first:i]
            # a total of things of several kinds is no base of one (EDA 300万，服务器200万，一共500万)
            if not any(r.other or (r.fields and r.fields != role.fields) for r in summed):
                parts.update(range(first, i))
        opened = re.match(r"\s*([（(])", lowered[role.amount.end :])
        if opened is None:
            continue
        closed = lowered.find("）" if opened[1] == "（" else ")", role.amount.end)
        inside = [j for j in range(i + 1, len(roles)) if roles[j].amount.start < closed]
        if len(inside) > 1 and sum(roles[j].amount.value for j in inside) == role.amount.value:
            parts.update(inside)
    return parts


# What follows a unit price ("120k each", 45万每台) belongs to it, not to the amount after it.
_UNIT_PRICE_AFTER = re.compile(
    r"\s*(?:each|apiece|a unit|per unit|per seat|/unit|每台|每套|一台|一套)\b", re.IGNORECASE
)


def _after_unit_price(lowered: str, start: int, end: int) -> int:
    """Where the words about the next amount begin: past the "each" that ends the unit price before it."""
    unit = _UNIT_PRICE_AFTER.match(lowered, start, end)
    return unit.end() if unit else start


# The asker narrows a question to one of the things they named: 只算器械的, just for the device, only the drug part.
_ONLY = re.compile(
    r"(?:只|仅|单)(?:想)?(?:算|问|看|针对|要)(?:一下)?|\b(?:just|only)\s+(?:for|about|on|the|our)\b|"
    r"\bonly\s+(?:want|need|care)\s+(?:to\s+know\s+)?(?:about\s+)?",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]|\.\s")


# Said to be had already, right before a procedure's name: 已经通过了现有优质项目认定, we obtained the recognition
_HAD_BEFORE = re.compile(r"(?:通过|获批|拿到|取得|获得|passed|obtained|granted|received|got)[了的]?\s*(?:the\s+)?$")
# … or in its own clause after it: 现有优质项目认定已经通过了, the recognition was granted
_HAD = re.compile(
    r"^[^。！？]{0,6}?(?<![没未不])(?:通过了|已通过|已经通过|获批了|已获批|批下来了|拿到了|下来了)|"
    r"\b(?:was|were|has been|have been|got)\s+(?:granted|approved|passed|obtained)\b"
)


_SOMETHING_ELSE = re.compile(r"另外|此外|同时|另一|\b(?:another|also|in addition|besides|separately|additionally)\b")


# The procedures a pending cue may be about, by stem: a major project, and then its warehouse's certification, is
# still pending: the certification awaits a decision, not the project.
_PROCEDURE = re.compile(r"认证|审批|认定|注册证|审查|批复|certif|approv|recogni|registration|review|listing")


def _other_procedure(rest: str, says: list[tuple[str, bool]]) -> str:
    """The words after a fact up to another procedure named, one none of the fact's own phrases names and no
    pending cue holds (still under review, 等批复)."""
    phrases = _phrases()
    own = " ".join(phrase.lower() for field, _ in says for listed in phrases.fields[field][:2] for phrase in listed)
    cues = [(m.start(), m.end()) for cue in phrases.pending_cues for m in re.finditer(re.escape(cue), rest)]
    other = next(
        (m for m in _PROCEDURE.finditer(rest) if m.group() not in own and not any(a <= m.start() < b for a, b in cues)),
        None,
    )
    return rest[: other.start()] if other else rest


def _awaited(lowered: str, found: list[tuple[int, int, str]], values: dict[str, Any]) -> set[str]:
    """The procedures stated and then said, later in their sentence, to await a decision: not had yet
    (现有优质项目认定的申报材料已经递上去了，还在审; submitted the papers for the recognition; it has not been passed).
    Not one said to be had, nor when something else is named between (另外规划审批还在审, 但注册证还没下来)."""
    phrases, terms = _phrases(), _fact_terms()
    awaited = set()
    for start, end, term in found:
        # up to the next fact named: 已经进了特别审查程序，但注册证还没下来 awaits the certificate, not the review
        # (a phrase that is itself a pending cue, under review, names no other fact)
        following = min((s for s, _, t in found if s >= end and t not in phrases.pending_cues), default=len(lowered))
        rest = _SENTENCE_BREAK.split(lowered[end:following])[0]
        rest = _other_procedure(_SOMETHING_ELSE.split(rest)[0], terms[term])
        had = _HAD_BEFORE.search(lowered[max(0, start - 8) : start]) or _HAD.search(_COMMA_CLAUSE_END.split(rest)[0])
        if had or not any(cue in rest for cue in phrases.pending_cues):
            continue
        awaited |= {
            field
            for field, says in terms[term]
            if says and field in phrases.pending_fields and values.get(field) is True
        }
    return awaited


def _closing_question(lowered: str) -> tuple[int, int] | None:
    """Where the question the text ends with stands (the sentence before its last question mark)."""
    end = max(lowered.rfind("?"), lowered.rfind("？"))
    if end < 0 or lowered[end + 1 :].strip():
        return None
    start = max((m.end() for m in _SENTENCE_BREAK.finditer(lowered, 0, end)), default=0)
    return start, end


def _only(lowered: str, amounts: tuple[Amount, ...]) -> frozenset[str]:
    """The money fields the asker narrows the question to: words after a restricting cue (只算器械, just for the
    device), up to the next comma; else the words of a closing question of its own that holds no figure (…。EDA能补
    多少？ How much is the insurance support?): the amounts before it describe the case, they are not asked about."""
    fields: set[str] = set()
    for cue in _ONLY.finditer(lowered):
        fields |= _named_fields(re.split(r"[，,。？！?!;；—–:：]", lowered[cue.end() : cue.end() + 24])[0])
    asked = _closing_question(lowered)
    if not fields and asked and asked[0] and not any(asked[0] <= amount.start < asked[1] for amount in amounts):
        fields |= _named_fields(lowered[slice(*asked)])
    return frozenset(fields)


def _named_fields(words: str) -> set[str]:
    """The money fields some words name: by the words of one field only when there are any ("the 三首 support of the
    implanter contract": a contract of any purchase, but 三首 names one)."""
    terms = _amount_terms()
    found = [set(terms[term]) for _, _, term in _scan(words, terms)]
    own = [fields for fields in found if len(fields) == 1]
    return set().union(*(own or found))


def _yes_no_facts(lowered: str, phrases: list[tuple[int, int, str]] | None = None) -> dict[str, Any]:
    """The yes/no facts a (lowercased) text states, in one scan of it (``phrases``: that scan, when made)."""
    says = _fact_terms()
    spans: dict[str, list[tuple[int, int, bool]]] = {}
    for start, end, term in _scan(lowered, says) if phrases is None else phrases:
        for name, value in says[term]:
            spans.setdefault(name, []).append((start, end, value))
    stated = {name: _stated(lowered, found) for name, found in spans.items()}
    said = {name: value for name, value in stated.items() if value is not None}
    # a phrase an aside splits (a district-level (not municipal-level) characteristic park) is read without it too
    bare = _SPLITTING_ASIDE.sub("", lowered)
    return said if bare == lowered else _yes_no_facts(bare) | said
