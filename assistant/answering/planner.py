"""Decide what kind of answer a question needs and gather its evidence: clauses, sentences, rules, numbers.

The plan is everything the composer needs and nothing it has to work out: the intent, the clause
sentences to quote, and the calculator results. Deciding is deterministic: cue words for the
intent, retrieval evidence for scope, keyword overlap with the clause's own words for which rule
inside a clause is meant.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assistant.amounts import Amount
from assistant.answering.areas import (
    land_area,
    land_type,
    land_types_named,
    stated_ratio,
    stated_share,
    typed_areas,
    typed_share,
)
from assistant.answering.asked import (
    ASKING_JI,
    asked_attributes,
    named_vouchers,
    other_period,
    priced_elsewhere,
    unpriced_grant,
    unstated,
    voucher_sentences,
)
from assistant.answering.dates import find_date, find_month
from assistant.answering.facts import StatedFacts, read_facts
from assistant.answering.verdict import (
    Verdict,
    choose_support,
    judge,
    states_conditions,
    supports_with_amounts,
)
from assistant.calculators import (
    Calculation,
    CalculationError,
    EligibilityCheck,
    calculate_area,
    calculate_cap_base,
    calculate_support,
    check_threshold,
    with_parts,
    with_units,
)
from assistant.corpus import Corpus, Policy
from assistant.glossary import entries_in, expand, glossary
from assistant.jurisdiction import asks_elsewhere, home, mentioned_places, names_policy_elsewhere
from assistant.matching.criteria import Support, ThresholdCondition
from assistant.matching.matcher import figure_calculation, support_rule
from assistant.matching.profile import PROFILE_FIELDS
from assistant.policy import Clause
from assistant.question import Question
from assistant.result import Intent, RefusalReason
from assistant.retrieval import ClauseHit
from assistant.rules import RuleKind, SupportRule
from assistant.tokenizer import tokenize
from embeddings.index import corpus_passages


# Cue words. They name kinds of request (dates, amounts, eligibility), never particular questions.
def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


# What the document does not state about itself: answered as "not stated", never invented.
_UNSTATED_ABOUT_ITSELF = _cues(
    "有效期|何时(失效|到期|废止|截止)|什么时候(失效|到期|废止|截止|结束)|到哪(一)?年|(由|归)谁(负责)?解释|解释权|负责解释",
    r"expir|valid until|valid through|how long (is|are) (it|they|the measures) valid|end date|"
    r"who interprets|interpretation|sunset|\b(responsible for|in charge of|tasked with) interpreting\b",
)
# The asker's own papers, whose expiry or validity is theirs, not the document's (my driving licence expires)
_OWN_PAPERS = _cues(
    "驾照|驾驶证|签证|护照|居留许可|营业执照|身份证|租约|租赁合同|劳动合同",
    r"\b(?:(?:my|our) (?:[\w'-]+ ){0,2}(?:licen[cs]e|visa|passport|permit|lease|contract|card|insurance|"
    r"certificate)|driver'?s licen[cs]e|driving licen[cs]e|visa|passport|residence permit)\b",
)
_SECTION_NAMED = _cues(r"\bsection\b|属于第?几部分|在哪(一|个)?部分|在第几部分")
_META_PATTERNS = {
    "section": _cues(
        "哪(一|个)?部分|哪一章|属于第?几部分|(部分|板块|章节)的?(标题|名称|叫什么)|每部分|各部分|第[一二三四五六七八九]部分",
        r"\bwhich (section|part|chapter)\b|\bsections?\b.*\b(title|called|named|heading)|(title|heading|name)s? of "
        r"(the |its )?(\w+ )?(section|part)|\bsection (\d|one|two|three|four)|"
        r"\b(section|part|chapter) (titles?|headings?|names?)\b|"
        r"\b(first|second|third|fourth|last|final) (section|part)\b",
    ),
    "effective_date": _cues(
        "施行|生效|起效|开始实行|什么时候开始|何时开始|哪天开始",
        "(哪天|哪一天|何时|什么时候|几月几号|哪个日子)起?(开始)?(执行|实施|实行)|(执行|实施)(日期|时间)是|从哪天起|自何时起",
        "(当天|当日|那天|那一天|之前|之后|以前|以后)(就|已经?|便)?(算是?)?(开始|正式)?(执行|实施|实行|有效)|(开始|正式)(执行|实行)了?(吗|没)|"
        "(的时候|那时)[^。？?]{0,30}(在执行|执行中|在实施|实施中|有效|生效)|"
        "(措施|政策|文件)(当时|那时|那天)?(已经?|就已经|还没|尚未|没有)(在|开始)?(执行|实施|实行|生效)",
        r"effective|tak(e|es|en) effect|come into (force|effect)|in (force|ef+ect|efect)|valid from|commenc|"
        r"start(s|ed)? (to )?apply|(from|since|as of|starting) (what|which) (date|day)\b|"
        r"when (do|does|did) (the |these |this )?(measures|policy|policies|document|rules) (start|begin|apply)|"
        r"\b(already )?appl(y|ied|ies) (on )?(that|the same) day\b",
    ),
    "notice_date": _cues(
        "成文日期|发文日期|发布日期|发布时间|落款|签发|什么时候(发布|出台|发的)|哪天(发布|出台)",
        r"when (was|were) (it|they|the (policy|measures|notice|document))[^?]*(issued|published|released|signed)",
        r"date (of|on|is on) the notice|notice date|\bdated\b|\bsigned on\b|"
        r"when (was|were) (it|they|the \w+) (issued|published)",
    ),
    "print_date": _cues("印发日期|印发时间|哪天印发", r"printed|print(ing)? date"),
    "issuer": _cues(
        "谁(发布|印发|出台|制定)|哪个(部门|单位|机关)(发布|印发|出台|发的)|发文机关|发文单位",
        r"who (actually |really |officially |exactly )?(issued|published|released|wrote)|"
        r"issuing (body|authority|office)",
        r"which ([\w-]+ ){0,2}(department|agency|body|office|authority) (actually |really |officially )?"
        r"(issued|published|released)",
    ),
    "count": _cues(
        "(?<![第十])几条|多少条|多少项|几项措施|几大?个?部分|分[成为]了?几",  # 第十几条那个: a measure half-remembered
        r"how many (?!percentage|basis)(?!([\w-]+ ){0,2}?(hukou|settlement|talent|score|credit))(\w+ ){0,2}"
        r"(measures|articles|items|points|sections|parts|provisions)"
        r"(?!\s+(?:do|does|would|will|must|should)\s+(?:\w+\s+){0,2}?(?:need|get|require|score))",  # a points score
    ),
    "title": _cues(
        "标题|全称|文件名称|叫什么名字",
        r"(official|full)( chinese| english)? (title|name)|what is the title|name of the (policy|document)",
    ),
    "recipients": _cues("主送|发给(谁|哪些)", r"addressed to|recipients|sent to whom|who (is|was) it (sent|addressed)"),
}
_HOW_MUCH = _cues(
    "多少|最多|最高|上限|封顶|金额|能拿|能补|补贴|给多少",
    r"how much|how many yuan|\bmaximum|\bmax\b|\bup to\b|\bcaps?\b|\bcapped\b|\bamount|\bceiling|\bmost\b|\bhighest\b|"
    r"\b(biggest|largest|greatest)\b",
    r"\btop (value|amount|award|support|grant|level)|\blimit\b|what('s| is) the (support|subsidy|grant|award|reward)",
)
FACT_RANKS = 3  # how far down the retrieved measures a stated fact may reach for the measure it decides
FACT_NEAR = 0.008  # and how much less similar than the first that measure may be
_QUANTITY = _cues(  # asks for a figure, not whether
    "多少|多大",
    r"\bhow much\b|\bhow many (yuan|rmb|cny)\b|\bwhat ((exact|specific|precise|actual) )?amount\b|"
    r"\bwhat('s| is) the (\w+ ){0,2}(amount|sum)\b|"
    r"\btypical (amount|sum|payout)",
)
_UNITS = _cues(
    "谁负责|谁管|找谁|向谁|哪个部门|哪些部门|哪个单位|哪些单位|哪家单位|责任单位|负责单位|主管部门|牵头部门",
    r"who (handles|is responsible|is in charge|administers|runs|do (we|i) (contact|ask))",
    r"responsible (unit|department|bureau|agenc)|in charge",
    r"which (bureau|department|agency|office|authority|unit|body|government)s?\b(?! (issued|published|released))",
)
_COUNT = _cues(
    f"多少[^，。？！,?!]{{0,6}}?(?:个|名|套|家|项|条|人|位|年|天)|{ASKING_JI}(?:个|名|套|家|项|条|人|位)",
    "how many (?!yuan)",
)
_ELIGIBILITY = _cues(
    "能不能|能否|可否|可不可以|是否(可以|能|符合|有资格)|是不是(也|就)?(可以|能)|够不够|够格|门槛|资格|符合.{0,6}条件",
    "能(拿|申请|享受|获得|用)|可以(拿|申请|享受|获得|用)|吗|会不会|有没有|算不算|适用|"
    "(拟|准备)申报.{0,30}(请予?|烦请)(明确|答复|确认|告知)",  # officialese: 拟申报第15条支持，请予明确
    r"eligib|qualif|appl(y|ies) to (us|me|our)|entitled|threshold|can (we|i|our|a|an|the|it|they)\b|are we|"
    r"\b(help|cover|covers|apply to|benefit) (us|me)\b|could (we|i|our|they)\b",  # they: a client's case
    r"(do(es)?|did) (we|it|this|that|our)\b|is there|is (it|our|my|a|an)\b.*(enough|eligible)",
)
# Words that ask whether something applies even next to "how much" (符合条件吗？能拿多少？), and words that
# ask yes or no unless the question also asks how much ("Can we get it?" but not "How much can we get?").
# a yes/no question about what the policy does (does the policy support first-of-a-kind equipment?), not a case
_OF_THE_POLICY = _cues(
    r"\b(does|do|will|would|can)\s+(the|this|these)\s+(policy|policies|measures?|document|rules?)\b",
    "(政策|文件|措施)(是否|有没有|支不支持|支持不支持|管不管|覆盖)",
)
# … unless it goes on to the case the question described (does the policy guarantee ITS land quota?)
_OF_THE_CASE = _cues(
    r"\b(its|their)\b|\b(to|cover|covers|support|supports|help|helps|include|includes) (it|them)\b",
    "它|他们|其|该(企业|公司|项目|单位|厂)",
)
# whether an asker's floor-area ratio or land share meets the policy's (2.5 达标吗, does 20% fit the quota?)
_RATIO_JUDGED = _cues(
    "达标|达到|符合|满足|够不够|够吗|够了|低于|不低于|最低|下限|要求|超过|超出|超了|上限|以内",
    r"\bmeets?\b|\bminimum\b|\bbelow\b|\benough\b|\bcompl(y|ies|iant)\b|\bacceptable\b|\bok\b|\bfits?\b|"
    r"\bwithin\b|\bexceeds?\b|\ballowed\b|\bover the\b",
)
# an area asked for (what's the minimum floor area, 建筑面积至少多少平): the area, not a verdict on a ratio stated
_AREA_ASKED = _cues(
    "面积[^，。？?]{0,8}(多少|几|多大)|多大(的)?面积|多少平|几平",
    r"\b(what|how much)\b[^?.]{0,30}\b(floor area|floor space|area)\b|"
    r"\bhow many (square (met(re|er)s|feet)|sq\.? ?m|m²|m2)\b",
)
_QUALIFY = _cues(
    "符合|资格|够格|够不够|算不算|适用|有没有份",
    r"eligib|qualif|entitled|count(s)? (as|for|toward)|appl(y|ies) to|\b(allowed|permitted) to\b",
)
_YES_NO = _cues(
    "能不能|能否|可否|可不可以|是否|是不是|在不在|属不属于|符不符合|能享受|可以享受|能申请|可以申请|有没有|会不会|行不行|"
    "[吗吧][？?]?$",
    # an English yes/no question, after any greeting ended by a colon (Researcher here: is a project in …)
    r"(?:^|[:：])\W*(can|could|may|does|do|did|is|are|was|were|will|would|should|has|have)\b",
    r"\bcan (we|i|it|our|they)\b|\b(do|does|would|will) (we|it|this|that|our|they)\b|\bare we\b",
    r"\bis (it|this|that|our)\b",
)
# the base from which the cap is paid: at what investment does the reward hit its ceiling? 合同多少才能拿满2000万?
_CAP_BASE_ASKED = _cues(
    r"\b(hit|hits|reach|reaches|max(es)? out|tops? out)\b[^?.]{0,40}\b(ceiling|cap|maximum|max|limit)\b|"
    r"\bstops? mattering\b|\bto (get|receive|claim) the (full|maximum|max|whole)\b",
    "(多少|达到多少|什么规模)[^，。？?]{0,12}(才能|就能|可以|能)(拿|达|用)?(满|到顶|顶格|到上限|封顶|拿满|最高)|顶格|拿满",
)
_COMPARED = _cues(
    "一样吗|一样不|一样么|相同吗|有区别|有什么区别|有啥区别|差别|不一样|哪个(高|多|更)|(同|是)一个标准|标准一样",
    r"\bsame as\b|\bthe same\b|\bdiffer|\bcompared? (to|with)\b|\bversus\b|\bvs\b",
)
_EACH = _cues("分别|各(自|是|为|有)?多少|各自[^，。？！?,]{0,8}多少|各能", r"\beach\b|\brespectively\b|\bboth\b")
_THRESHOLD_ASKED = _cues(
    "门槛|达到多少|多少以上|(至少|最低|起码)(要|得|需要)?(投入|达到|多少)|起点是",
    r"\bthresholds?\b|\bmilestones?\b|\b(minimum|min) (\w+ ){0,2}(investment|output|amount)\b|\bat least how much\b|"
    r"\b(what|which) (\w+ ){0,2}(levels|scales)\b|"  # what output levels count for the first-breakthrough support?
    r"\bhow much .{0,30}\b(need|must|have to)\b|"
    r"\bwhat (\w+ ){0,2}(output|revenue|turnover|investment|spending)( value| figure| level)? "
    r"(do|does|must|should|would) (a |an |the |our |one )?(\w+ ){0,2}(need|have|reach|hit)\b",
    "(产值|营收|投资|投入)[^，。？！,?]{0,4}(要|需要|得|必须)(达到)?多少",
    "(产值|营收|投资|投入)[^，。？！,?]{0,4}(有什么|有啥|有哪些|什么样的)?(要求|条件)",  # 对年产值有什么要求
    r"\b(output|revenue|turnover|investment)( value)? (requirements?|conditions?)\b|"
    r"\brequirements? (on|for) (the )?(annual )?(output|revenue|turnover|investment)\b",
)
_SUPPORT_ASKED = _cues(  # asks what the support is, which its figures say
    "(怎么|如何|怎样|怎么样)(支持|补|补贴|资助|奖励|扶持)|(支持|补贴|资助|奖励|扶持)(标准|力度|额度)|(什么|哪些)(样的)?(支持|补贴|资助|奖励)",
    r"\bwhat (kind of |sort of )?(support|subsidy|subsidies|funding|grant|reward|incentive)s?\b|"
    r"\bhow (is|are|does|do|will|would)\b.{0,40}\b(support(ed)?|fund(ed)?|subsidi[sz]ed|reward(ed)?)\b|"
    r"\b(support|subsidy|funding|grant|reward) (standard|level|rate|terms)s?\b",
)
_FIRST_PERSON = _cues(
    "我们|我司|我公司|本公司|我厂|我方|咱|俺|本企业|本单位|我",  # 咱们 and 俺们 colloquially
    "^[^，,。？?！!]{2,16}(企业|公司|厂|机构)[，,]",  # opening with the enterprise it is about: 集成电路设计企业，…
    r"\b(we|our|ours|us|i|my|we're|i'm|we've)\b",
    # a case put for someone else: a lawyer's client, a hotline caller's company
    r"客户(是|的)|委托人(是|的)|来电人|来电企业|其公司|\b(client|caller)\b",
)
# the 2000万 cap, 500万的上限, the 5 million support (a support named by its figure)
_CAP_AFTER = _cues(r"\s*(的)?(上限|封顶|支持|补贴|奖励|资助|(?i:cap|ceiling|support|subsidy|grant|reward|award)\b)")
_CLAUSE_BREAK = re.compile(r"[,，。;；?？!！]")
_CAP_WORDS = _cues("上限|封顶|最高|最多", r"\b(cap|capped|ceiling|maximum|max|at most|up to)\b")  # before a quoted cap
_NAMES_POLICY = _cues("政策|措施|文件|规定|办法|版本", r"\b(policy|policies|measures|scheme|rules|version|edition)\b")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s")
_PARTS = re.compile(r"[,，;；?？。!！]|\band\b")  # "Is it covered, and how much?" asks both
_HOW_MANY = _cues(
    f"多少|最多|最高|{ASKING_JI}", r"how (much|many)|\bmaximum\b|\bup to\b|\bwhat (amount|support|is the)"
)


# Scope: how close the best clause is in meaning (dense similarity) plus how many of the question's
# words the corpus knows at all (coverage). Weights and threshold were set on the public eval
# suite so that at most 2% of in-scope questions are refused; see the README's eval figures.
COVERAGE_WEIGHT = 0.1
SCOPE_THRESHOLD = 0.9
COVERAGE_WITHOUT_VECTORS = 0.5  # BM25-only runs have no similarity to go on
# A refusal names the nearest measure (and its responsible units, as where to ask) only when that measure is related
# to the question: the question passed the scope test on it, or names a policy term the measure states. Policy terms
# are the glossary's entries; one that at most this share of a document's measures state names a topic (首台套, EDA,
# 宿舍), one that more state names none (责任单位 and 各区 are in nearly every measure).
TOPIC_SHARE = 0.25
OFF_TOPIC_MARGIN = 0.015  # refuse when an off-topic description is this much closer than the best clause
ASSIGN_CHOICES = 4  # candidate rules per amount when pairing several amounts with rules
MAX_AMOUNTS = 4  # more amounts than this in one question are answered as separate questions
QUOTED_FIGURE = 1.5  # a rule's own cap or threshold quoted in the question (as much as a shared long word)


@dataclass
class Plan:
    question: Question
    intent: Intent
    hits: list[ClauseHit]
    cited: list[tuple[Policy, Clause, list[int]]] = field(default_factory=list)
    calculations: list[Calculation] = field(default_factory=list)
    eligibility: EligibilityCheck | None = None
    clarify: SupportRule | None = None
    meta_topic: str | None = None
    nearest: tuple[Policy, Clause] | None = None
    units: bool = False  # the asker wants to know who is responsible
    verdict: Verdict | None = None  # eligibility under the policy's conditions (matching.json)
    excluded: list[Verdict] = field(default_factory=list)  # supports asked about whose conditions fail
    refusal_reason: RefusalReason | None = None  # out_of_scope plans: why the policy does not answer
    figures: list[SupportRule] = field(default_factory=list)  # lookup: thresholds and caps asked for
    cap_bases: list[Calculation] = field(default_factory=list)  # lookup: the base from which a cap is paid
    asked_date: date | None = None  # meta: a day the asker asks about (the first of a month asked about)
    asked_month: bool = False  # meta: the asker asked about the month of ``asked_date``, not a day
    in_force: bool | None = None  # meta: whether the document was in force on that day

    @property
    def eligible(self) -> bool | None:
        if self.verdict is not None:
            return self.verdict.eligible
        if self.in_force is not None:
            return self.in_force
        return self.eligibility.eligible if self.eligibility else None


def _topic_terms(policy: Policy) -> dict[int, frozenset[int]]:
    """Each measure's policy terms that name a topic: the glossary entries its text (Chinese and English) states,
    less those that more than ``TOPIC_SHARE`` of the document's measures state."""
    stated = {}
    for clause in policy.document.clauses:
        english = policy.english(clause)
        text = f"{clause.title} {clause.text} {english.title + ' ' + ' '.join(english.sentences) if english else ''}"
        stated[clause.number] = entries_in(text)
    counts: dict[int, int] = {}
    for entries in stated.values():
        for entry in entries:
            counts[entry] = counts.get(entry, 0) + 1
    most = TOPIC_SHARE * len(stated)
    return {key: frozenset(e for e in entries if counts[e] <= most) for key, entries in stated.items()}


def _longest(tokens: set[str]) -> set[str]:
    """Drop the fragments jieba's search mode adds (集成电路 → 集成, 电路), keeping whole words."""
    return {t for t in tokens if not any(t != other and t in other for other in tokens)}


# Questions in a numbered list (1. … 2. …, (a) … (b) …), or announced as several (我问两个事 一个是…还有就是…, two
# questions: …): each item asks its own
_ITEM = r"[.。、．)）](?!\d)"
_LISTED = re.compile(
    rf"(?:^|\s|[：:])(?:1{_ITEM}|[(（][1a][)）])[\s\S]*?(?:2{_ITEM}|[(（][2b][)）])|"
    r"(?:问|有|请教)(?:两|2|几)(?:个|件)(?:事|问题)|一是[\s\S]*?二是|一个是[\s\S]*?(?:还有|另一个是|另外)|"
    r"(?:^|[.!?。！？：:]\s*)(?:two|a couple of) (?:questions|things|caps|figures|numbers|amounts|limits|maximums)\b|"
    r"(?:两|2)个(?:上限|数字?|金额|额度)[：:]",
    re.IGNORECASE,
)
_NAMED_OTHER = 4.5  # the overlap of words of its own by which a question names a second measure (three long words)


def _texts(policy: Policy, clause: Clause) -> list[str]:
    """Each sentence of a clause, in Chinese and English."""
    return [f"{s.text} {policy.english_sentence(clause, s.index)}" for s in clause.sentences]


def _overlap(question_tokens: set[str], text: str) -> float:
    """Keyword overlap counted in whole words, longer (more specific) words weighing more."""
    shared = _longest(question_tokens & set(tokenize(text)))
    return sum(1.0 + 0.5 * (len(token) >= 3) for token in shared)


_SCORED = threading.local()  # the sentence scores and quoted amounts of the question being planned, per thread


def _sentence_scores(policy: Policy, clause: Clause, hit: ClauseHit, tokens: set[str]) -> dict[int, float]:
    """How well each sentence of a clause matches: retrieval rank plus keyword overlap (both languages).

    Several steps of one plan ask for the same clause's scores; they are kept for the question being planned.
    """
    memo: dict[tuple[object, ...], dict[int, float]] = _SCORED.__dict__.setdefault("memo", {})
    key = (hit.key, tuple(hit.best_sentences()), frozenset(tokens))
    if key not in memo:
        memo[key] = _score_sentences(policy, clause, hit, tokens)
    return memo[key]


def _score_sentences(policy: Policy, clause: Clause, hit: ClauseHit, tokens: set[str]) -> dict[int, float]:
    ranked = hit.best_sentences()
    scores = {}
    for sentence, text in zip(clause.sentences, _texts(policy, clause), strict=True):
        rank_score = 1.0 / (1 + ranked.index(sentence.index)) if sentence.index in ranked else 0.0
        scores[sentence.index] = rank_score + 0.5 * _overlap(tokens, text)
    return scores


def _rule_score(policy: Policy, rule: SupportRule, tokens: set[str], sentence_score: float, has_amount: bool) -> float:
    clause = policy.document.clause(rule.clause_number)
    words = f"{rule.beneficiary} {rule.base} {policy.english_sentence(clause, rule.sentence_index)}"
    # An amount fits a rule that computes from it (ratio) or compares it (threshold); without one, a
    # question about the most one can get fits a rule that has a cap.
    uses_amount = rule.needs_base or rule.kind == "threshold"
    kind_fit = 1.0 if (uses_amount if has_amount else rule.cap is not None) else 0.0
    # A question quoting a rule's own cap ("cap 500万", "the raised support ceiling of 1亿": an amount read as quoted,
    # after a cap word) names that rule where two share a sentence (drugs 2000万, devices 500万).
    quoted = {rule.cap, rule.threshold} & getattr(_SCORED, "quoted", frozenset())
    return sentence_score + _overlap(tokens, words) + kind_fit + QUOTED_FIGURE * bool(quoted)


def _coverage(tokens: set[str], vocabulary: frozenset[str]) -> float:
    """Share of the question's words (the longest forms jieba offers) that occur in the corpus; amounts, numbers
    and punctuation say nothing about the topic."""
    words = {word for word in _longest(tokens) if any(c.isalpha() for c in word)}
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def _states_cap(policy: Policy, number: int) -> bool:
    """Whether the measure has a rule whose cap is one the question quotes (``_SCORED.quoted``)."""
    return any(rule.cap in _SCORED.quoted for rule in policy.clause_rules(number) if rule.cap is not None)


def _priced_elsewhere(question: Question, policy: Policy, clause: Clause) -> bool:
    """``priced_elsewhere`` read by the asker's own words, not a follow-up's merged question (那第24条呢？ has
    none); tokenized only for a question that asks how much."""
    own_words = _tokens(question.raw)
    sentences = [f"{s.text} {policy.english_sentence(clause, s.index)}" for s in clause.sentences]
    return priced_elsewhere(sentences, lambda sentence: _overlap(own_words, sentence) > 0)


def _in_scope(hit: ClauseHit, coverage: float, off_topic: float) -> bool:
    if hit.similarity:
        closer_to_policy = hit.similarity >= off_topic - OFF_TOPIC_MARGIN
        return closer_to_policy and hit.similarity + COVERAGE_WEIGHT * coverage >= SCOPE_THRESHOLD
    return coverage >= COVERAGE_WITHOUT_VECTORS


_REFERENCE = re.compile(
    r"第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*[条项]|(?:措施|条款)\s*([0-9]{1,3})|"
    r"\b(?:measures?|articles?|clauses?|items?)(?:\s*|-)(?:no\.?\s*)?([0-9]{1,3})\b|[(（](?:no[.。]?|nr[.。]?|#)\s*([0-9]{1,3})[)）]",
    re.IGNORECASE,
)
_CHINESE_NUMBER = re.compile(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)")
_CHINESE_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 (measure numbers); None for anything else (十十, 三四)."""
    match = _CHINESE_NUMBER.fullmatch(text)
    if not match or (match[1] and not match[2] and match[3]):
        return None
    tens = (_CHINESE_DIGITS[match[1]] if match[1] else 1) if match[2] else 0
    ones = _CHINESE_DIGITS[match[3]] if match[3] else (0 if match[2] else _CHINESE_DIGITS[match[1]])
    return tens * 10 + ones


def referenced_measure(text: str) -> int | None:
    """The measure a question names outright: 第20条, 第二十条, 措施13, measure 13, article 5."""
    match = _REFERENCE.search(text)
    if not match:
        return None
    number = next(group for group in match.groups() if group)
    return int(number) if number.isdigit() else _chinese_number(number)


_QUOTED = re.compile(r"[“「『\"‘']([^”」』\"’']{2,12})[”」』\"’']")


def _measures_using(term: str, policy: Policy) -> list[int]:
    """The measures whose title or text holds a term, in order."""
    return [c.number for c in policy.document.clauses if term in c.title or term in c.text]


def _quoted_term(text: str, policy: Policy, ranked: list[int]) -> int | None:
    """The measure whose title or text holds a term the asker quotes (“三首”, '小升规、规转强', or a glossary term in
    English: the 'three firsts'): the policy's own words are never out of scope. Of several measures using it
    (“符合条件”), the one retrieval ranked first."""
    for quoted in _QUOTED.findall(text):
        # apostrophes in English ('s … ') quote no policy term, unless what they hold is one in full
        terms = [quoted] if re.search(r"[\u4e00-\u9fff]", quoted) else _chinese_of(quoted)
        if measures := [number for term in terms for number in _measures_using(term, policy)]:
            return min(measures, key=lambda m: ranked.index(m) if m in ranked else len(ranked))
    return None


def _chinese_of(english: str) -> list[str]:
    """The Chinese terms of the glossary entries one of whose English terms is exactly this (three firsts → 三首)."""
    lowered = english.strip().lower()
    return [zh for entry in glossary() if lowered in entry.en for zh in entry.zh]


def _named_title(text: str, policy: Policy) -> int | None:
    """The measure whose title the question names, with or without its leading verb (想申请创新药械落地发展的支持 names
    支持创新药械落地发展, measure 15)."""
    for clause in policy.document.clauses:
        title = clause.title
        if title in text or (len(title) >= 8 and title[2:] in text):
            return clause.number
    return None


def _names_policy_term(text: str, policy: Policy) -> bool:
    """Whether an English question holds a Chinese term that one measure of the policy uses (is this what the 算力券
    supports?): the policy's own word, never out of scope, though the question may ask of other measures too."""
    if re.search(r"[\u4e00-\u9fff]{6}", text):  # a Chinese question, or Chinese sentences in it
        return False
    return any(len(_measures_using(term, policy)) == 1 for term in re.findall(r"[\u4e00-\u9fff]{2,12}", text))


def _voucher_measure(text: str, policy: Policy) -> int | None:
    """The measure naming a voucher the question names, when retrieval found another first: 算力券 is measure 18's,
    whatever voucher figure a closer measure states."""
    vouchers = named_vouchers(text)
    clauses = policy.document.clauses if vouchers else []
    return next((c.number for c in clauses if voucher_sentences(vouchers, [s.text for s in c.sentences])), None)


def _pin(hits: list[ClauseHit], doc_id: str, number: int) -> list[ClauseHit]:
    """Put a named measure first: the asker said which one they mean."""
    named = next((h for h in hits if h.key == (doc_id, number)), None) or ClauseHit(doc_id, number, 0.0)
    named.score = max(named.score, hits[0].score if hits else 0.0) + 1e-6
    return [named, *(h for h in hits if h is not named)]


_REGISTERED = "registered_in_shanghai"  # who the asker is, whatever the measure asked about


def _condition_fields(policy: Policy, clause: int) -> set[str]:
    """The profile fields the conditions of a measure's supports turn on."""
    supports = policy.criteria.supports if policy.criteria else ()
    return {condition.field for support in supports if support.clause == clause for condition in support.conditions}


def _decided_measures(policy: Policy, fields: set[str]) -> dict[int, int]:
    """How many of these fields each measure's conditions turn on, counting only fields no other measure's
    conditions use (a key foreign project list is measure 23's; the size of an enterprise is no one's)."""
    owners: dict[str, set[int]] = {}
    for support in policy.criteria.supports if policy.criteria else ():
        for condition in support.conditions:
            owners.setdefault(condition.field, set()).add(support.clause)
    decided: dict[int, int] = {}
    for name in fields:
        if len(owners.get(name, ())) == 1:
            (clause,) = owners[name]
            decided[clause] = decided.get(clause, 0) + 1
    return decided


def asks_for_numbers(text: str) -> bool:
    """Whether the words ask how much or whether eligible (not what the text says)."""
    return any(pattern.search(text) for pattern in (_HOW_MUCH, _ELIGIBILITY))


# Sections asked about together (their titles, how many), not the one a measure is in.
_ALL_SECTIONS = _cues("各部分|每部分|每个部分|哪几(个)?部分|几个部分|(分为|分成)", r"\bsections\b|\btitles\b|\bparts\b")


def meta_topic(text: str) -> str | None:
    """What a question about the document itself asks (its dates, issuer, sections…); None for any other."""
    for topic, pattern in _META_PATTERNS.items():
        if pattern.search(text):
            return topic
    return None


def _sentences_of(verdict: Verdict) -> list[int]:
    """The sentences a verdict's conditions come from."""
    return sorted({check.source.sentence_index for check in verdict.item.conditions})


def _document_years(policy: Policy) -> set[int]:
    """The years of the document's own dates: the version it is."""
    document = policy.document
    return {d.year for d in (document.notice_date, document.effective_date, document.print_date) if d}


def _last_sentence(text: str) -> str:
    """The sentence a message ends with, the question it asks ("18 million each" before it is a unit price)."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    return sentences[-1] if sentences else ""


def _asks_of_the_policy(text: str) -> bool:
    """'Does the policy support X?' asks what the policy does; 'does the policy guarantee its quota?', after a
    sentence describing the project, asks about that case."""
    found = _OF_THE_POLICY.search(text)
    return found is not None and not _OF_THE_CASE.search(_SENTENCE_END.split(text[found.end() :])[0])


def _lists_tiers_asked(text: str, policy: Policy, clause: Clause) -> bool:
    """Whether a sentence of the measure lists the tiers a sentence of the question asks for of its own
    (成长券最高多少？首次突破的规模档位是哪几档？): the one those words fit best, wherever retrieval ranked it."""
    asking = next((s for s in _SENTENCE_END.split(text) if "tiers" in asked_attributes(s)), "")
    if not asking:
        return False
    words = _tokens(asking)
    fit = {s.text: _overlap(words, f"{s.text} {policy.english_sentence(clause, s.index)}") for s in clause.sentences}
    return unstated(["tiers"], sorted(fit, key=lambda sentence: -fit[sentence])) is None


def _tokens(text: str) -> set[str]:
    """A text's words as the corpus indexes them, with their synonyms."""
    return set(tokenize(expand(text)))


# An item the asker sets aside among several (注意不是首台套装备那个, not the device one): its words choose nothing
_SET_ASIDE_ITEM = re.compile(
    r"(?:不是|并非|而不是|不要)[^，。,；;！!？?]{2,16}?(?:那个|那条|那项|那种)|\bnot the [\w\s-]{2,40}? one\b",
    re.IGNORECASE,
)


def _question_tokens(text: str) -> set[str]:
    """The words that choose the question's measure, sentence and rule: not those of an item set aside."""
    return _tokens(_SET_ASIDE_ITEM.sub(" ", text))


def _merged_figures(plans: list[Plan]) -> Plan | None:
    """Figure plans of one measure's supports as one: their figures in order, each once, and their sentences."""
    if not plans:
        return None
    merged = plans[0]
    for plan in plans[1:]:
        merged.figures += [rule for rule in plan.figures if rule not in merged.figures]
        (policy, clause, sentences), (_, _, more) = merged.cited[0], plan.cited[0]
        merged.cited = [(policy, clause, sorted({*sentences, *more}))]
    return merged


def _bases(facts: StatedFacts, support: Support) -> list[Decimal]:
    """The asker's amounts of a support's base, when there are several (首台套装备合同1500万，首批次材料合同800万);
    none for one: quotes, offers and things bought alongside are no base."""
    base = support.figure.base if support.figure else None
    values = [r.amount.value for r in facts.roles if base and r.field == base and not (r.quoted or r.offer or r.other)]
    return list(dict.fromkeys(values)) if len(set(values)) > 1 else []


def _segments(question: Question) -> list[tuple[Amount, str]]:
    """Each amount with the words that describe it: the text since the previous amount."""
    pieces, start = [], 0
    for amount in question.amounts:
        pieces.append((amount, question.text[start : amount.end]))
        start = amount.end
    return pieces


class Planner:
    """Builds a plan from a question and its retrieved clauses."""

    def __init__(
        self,
        corpus: Corpus,
        off_topic: Callable[[str], float] | None = None,
        cited_clauses: int = 1,
        words: Iterable[str] | None = None,
    ) -> None:
        """``words``: every word of the corpus' passages, when already tokenized (the saved keyword index);
        None: tokenized here (1.5 s at 400 documents, which is why a server takes them from the index)."""
        self._corpus = corpus
        self._off_topic = off_topic
        self._cited_clauses = cited_clauses
        known = set(words) if words is not None else {t for p in corpus_passages(corpus) for t in tokenize(p.text)}
        known |= {t for entry in glossary() for term in entry.en + entry.zh for t in tokenize(term)}
        self._vocabulary = frozenset(known)
        self._topics: dict[str, dict[int, frozenset[int]]] = {}  # by document, found when first planned in

    def _topics_of(self, policy: Policy) -> dict[int, frozenset[int]]:
        topics = self._topics.get(policy.document.id)
        if topics is None:  # two threads may both find them: the same result, kept once
            topics = self._topics.setdefault(policy.document.id, _topic_terms(policy))
        return topics

    def related(self, text: str, policy: Policy, clause: Clause) -> bool:
        """Whether the question names a policy term that names a topic of this measure (see ``TOPIC_SHARE``)."""
        return bool(entries_in(text) & self._topics_of(policy).get(clause.number, frozenset()))

    def _term_measure(self, text: str, policy: Policy, hits: list[ClauseHit]) -> int | None:
        """The one measure stating a policy term the question names in the policy's own words that no other measure
        states (三首, 上市后再评价; not "storage", which an English question may mean otherwise), when retrieval ranked
        it among the first few; None when the question names none or several such."""
        named = {i for i in entries_in(text) if any(t in text for t in glossary()[i].zh if not t.isascii())}
        topics = self._topics_of(policy)
        owners: dict[int, set[int]] = {}
        for clause, entries in topics.items():
            for entry in entries & named:
                owners.setdefault(entry, set()).add(clause)
        alone = {next(iter(clauses)) for clauses in owners.values() if len(clauses) == 1}
        near = {hit.clause for hit in hits[:FACT_RANKS] if hit.doc_id == policy.document.id}
        if len(alone) != 1 or not alone <= near:
            return None
        owner = alone.pop()
        # and it states more of the question's terms than the others found (外资药企…创新药: the drug's measure)
        count = {clause: len(topics.get(clause, frozenset()) & named) for clause in near}
        return owner if all(count[owner] > n for clause, n in count.items() if clause != owner) else None

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the corpus (both languages) and of the glossary."""
        return self._vocabulary

    def plan(
        self, question: Question, hits: list[ClauseHit], focus: tuple[str, int] | None = None, topic: str = ""
    ) -> Plan:
        """``focus`` is a measure a follow-up points to (treated as named); ``topic`` is the earlier
        question it continues, whose words help choose sentences and rules."""
        plan = self._plan(question, hits, focus, topic)
        priced = {amount.value: amount for amount in question.amounts if amount.each is not None and amount.units}
        summed = {amount.value: amount.parts for amount in question.amounts if amount.parts}
        plan.calculations = [
            with_units(c, priced[base].each, priced[base].units)  # type: ignore[arg-type]
            if (base := c.inputs.get("base")) in priced
            else with_parts(c, summed[base])
            if base in summed
            else c
            for c in plan.calculations
        ]
        return plan

    def _plan(self, question: Question, hits: list[ClauseHit], focus: tuple[str, int] | None, topic: str) -> Plan:
        _SCORED.memo = {}  # scores are kept for one question at a time
        _SCORED.quoted = frozenset()  # amounts the question quotes from the policy, once its facts are read
        tokens = _question_tokens(f"{question.text} {topic}")
        if _UNSTATED_ABOUT_ITSELF.search(question.text) and not _OWN_PAPERS.search(question.text):
            return Plan(question, "out_of_scope", hits, refusal_reason="not_stated")
        topic_of_document = meta_topic(question.text)
        if topic_of_document == "effective_date":
            kinds = asked_attributes(question.text)
            years = _document_years(self._corpus.policy(hits[0].doc_id if hits else None))
            if "deadline" in kinds:  # when applications open (申报什么时候开始): a deadline, not the document's date
                topic_of_document = None
            elif {"rate", "amount", "cap"} & set(kinds) and other_period(question.text, years):
                topic_of_document = None  # what the rules in force in 2019 paid: another version's figure
        # whether it was in force on a day, asked beside the asker's figures (a contract of 1.2m signed on 20 Nov)
        on_a_day = topic_of_document == "effective_date" and find_date(question.text) is not None
        # which section a measure is in, named by its figure (the one with the 2 million), is still about the document
        # ("which part is subsidised?" is not)
        answers_meta = not question.amounts or (topic_of_document == "section" and _SECTION_NAMED.search(question.text))
        if topic_of_document and (answers_meta or (on_a_day and not _HOW_MUCH.search(question.text))):
            return self._plan_meta(question, hits, topic_of_document)
        termed = False  # a policy term only one measure states names it, over facts other measures turn on
        vouchered = False  # a voucher named names the measure that names it, over a cap quoted from another
        if focus is not None and self._corpus.has_clause(*focus):
            hits, named = _pin(hits, *focus), True
        else:
            policy = self._corpus.policy(hits[0].doc_id if hits else None)
            number = (
                referenced_measure(question.text)
                or _quoted_term(question.text, policy, [h.clause for h in hits if h.doc_id == policy.document.id])
                or _named_title(question.text, policy)
            )
            named = number is not None and any(c.number == number for c in policy.document.clauses)
            if named and number is not None:
                hits = _pin(hits, policy.document.id, number)
            elif (holder := _voucher_measure(question.text, policy)) is not None:
                hits, vouchered = _pin(hits, policy.document.id, holder), True
            elif (owner := self._term_measure(question.text, policy, hits)) is not None:
                hits, termed = _pin(hits, policy.document.id, owner), True
        if not hits:
            return Plan(question, "out_of_scope", hits, refusal_reason="out_of_domain")
        top = hits[0]
        policy = self._corpus.policy(top.doc_id)
        clause = policy.document.clause(top.clause)
        asked = f"{question.text} {topic}".strip()  # a follow-up is in scope when its conversation is
        coverage = _coverage(set(tokenize(asked)), self._vocabulary)
        off_topic = self._off_topic(asked) if self._off_topic else 0.0
        places = mentioned_places(question.text)
        facts = read_facts(question.text, question.amounts, home(policy.document), places)
        _SCORED.quoted = frozenset(
            role.amount.value
            for role in facts.roles
            if role.quoted
            and (
                _CAP_WORDS.search(
                    _CLAUSE_BREAK.split(question.text[max(0, role.amount.start - 60) : role.amount.start])[-1]
                )
                or (_CAP_AFTER.match(question.text, role.amount.end) and not role.requested)  # 申请1000万奖励: wanted
            )
        )
        # Stated yes/no facts name the measure whose conditions they are (listed as a key foreign project: 23),
        # when retrieval found it about as close as another that fewer of them speak to.
        stated = {name for name in facts.values if PROFILE_FIELDS[name].kind == "bool"}
        decided = _decided_measures(policy, stated)
        near = [h for h in hits[:FACT_RANKS] if h.doc_id == top.doc_id and h.similarity >= top.similarity - FACT_NEAR]
        fitting = max(near, key=lambda h: decided.get(h.clause, 0))
        if not (named or termed) and decided.get(fitting.clause, 0) > decided.get(top.clause, 0):
            hits = _pin(hits, top.doc_id, fitting.clause)
            top, clause = hits[0], policy.document.clause(fitting.clause)
        # A cap quoted from the policy ("the up-to-5-million device support") names the measure that states it.
        stating = [h for h in hits[:FACT_RANKS] if h.doc_id == top.doc_id and _states_cap(policy, h.clause)]
        if not (named or vouchered) and stating and not _states_cap(policy, top.clause):
            hits = _pin(hits, top.doc_id, stating[0].clause)
            top, clause = hits[0], policy.document.clause(stating[0].clause)
        # A place the asker is registered in is theirs, not another jurisdiction's policy asked about; so is one they
        # produce in when the measure's conditions turn on it ("our plant is in Suzhou": the device support fails),
        # not when they ask about that place's rules ("we also have a plant in Suzhou, what plot ratio there?").
        theirs = facts.elsewhere & ({_REGISTERED} | _condition_fields(policy, top.clause))
        elsewhere = asks_elsewhere(question.text, policy.document) and (
            not theirs or names_policy_elsewhere(question.text, policy.document)
        )
        # an enterprise asking whether it qualifies for, or how much it gets of, what a measure names (could we get
        # the 算力券? 我们想做上市后再评价，能给多少) asks the policy
        own_case = bool(
            _FIRST_PERSON.search(question.text)
            and (_ELIGIBILITY.search(question.text) or _HOW_MUCH.search(question.text))
        )
        in_scope = (
            termed
            or _in_scope(top, coverage, off_topic)
            or (own_case and self.related(question.text, policy, clause))
            or _names_policy_term(question.text, policy)
        )
        # a measure named beside another place's own policy is the comparison, not the question (like measure 12 here)
        elsewhere = elsewhere and (not named or names_policy_elsewhere(question.text, policy.document))
        if elsewhere or (not in_scope and not named):
            related = in_scope or self.related(question.text, policy, clause)
            reason: RefusalReason = "out_of_domain"
            if elsewhere:
                reason = "other_jurisdiction"
            elif _NAMES_POLICY.search(question.text) and other_period(
                question.text, _document_years(policy), policy.document.source
            ):
                reason = "other_period"  # back in 2019, what did the policy pay: another year's version
            elif related and unstated(
                asked_attributes(question.text, bool(question.amounts)), [s.text for s in clause.sentences]
            ):
                reason = "not_stated"  # how long approval of 首台套 takes: its measure's topic, a value it never states
            return Plan(
                question,
                "out_of_scope",
                hits,
                nearest=(policy, clause) if related else None,
                refusal_reason=reason,
            )
        unanswered = self._unanswered(question, hits, policy, clause, tokens, named)
        if unanswered is not None:
            return unanswered
        asks_figure = _HOW_MUCH.search(question.text) or _AREA_ASKED.search(question.text)
        if _RATIO_JUDGED.search(question.text) and not asks_figure:  # a verdict on the asker's ratio or share
            stated: list[tuple[RuleKind, Decimal | None]] = [
                ("floor_area_ratio", stated_ratio(question.text)),
                ("land_share", stated_share(question.text)),
            ]
            for kind, value in stated:
                if value is not None and (judged := self._plan_judged(question, hits, tokens, kind, value, facts)):
                    return judged
        area = land_area(question.text)
        if area is not None and (area_plan := self._plan_area(question, hits, tokens, area, facts)):
            return area_plan
        if _CAP_BASE_ASKED.search(question.text) and not facts.own_amounts:
            capped = [r for _, r in self._candidates(hits, tokens, False) if r.kind == "ratio" and r.cap is not None]
            if capped:
                return self._plan_cap_base(question, hits, capped[0])
        asks_count = _COUNT.search(question.text) is not None
        wants_amount = bool(question.amounts) or (_HOW_MUCH.search(question.text) is not None and not asks_count)
        # A question that states a fact a condition turns on asks whether it qualifies, however terse.
        states_facts = any(PROFILE_FIELDS[name].kind == "bool" for name in facts.spoken)
        units = _UNITS.search(question.text) is not None
        # who is in charge of the support they quote (最高200万那条，责任单位是谁): the units, not its figure
        units_of_quoted = units and bool(question.amounts) and not facts.own_amounts
        if (wants_amount or states_facts or _ELIGIBILITY.search(question.text)) and not units_of_quoted:
            plan = self._plan_verdict(question, hits, tokens, facts, wants_amount)
            plan = plan or self._plan_numbers(question, hits, tokens, wants_amount, facts)
            if plan is not None:
                return self._with_other_cap(plan, question, hits, tokens)
        plan = self._plan_lookup(question, hits, tokens, whole_clause=named and not units)
        plan.units = units
        return plan

    def _with_other_cap(self, plan: Plan, question: Question, hits: list[ClauseHit], tokens: set[str]) -> Plan:
        """The caps of two supports asked each (an energy renovation and a drug's post-market re-evaluation: the
        maximum for each): a fixed cap of a measure retrieved among the next few joins the one found, when the
        question names that measure best, in words the first measure does not hold; so does another sentence's cap
        of the first measure (a renovation's raised ceiling and the diagnosis voucher), named in words the first
        sentence does not hold."""
        calculations = plan.calculations
        if plan.intent != "calculation" or len(calculations) != 1 or calculations[0].rule.needs_base:
            return plan
        if not (_EACH.search(question.text) or _LISTED.search(question.text)):
            return plan
        first = calculations[0].rule
        policy = self._corpus.policy(first.doc_id)
        texts = _texts(policy, policy.document.clause(first.clause_number))
        own = tokens - set(tokenize(" ".join(texts)))
        own_sentence = tokens - set(tokenize(texts[first.sentence_index]))
        named = [
            (_overlap(own_sentence, texts[rule.sentence_index]), rule)
            for rule in policy.clause_rules(first.clause_number)
            if rule.kind == "cap" and not rule.needs_base and rule.sentence_index != first.sentence_index
        ]
        for hit in hits[1:5]:
            if hit.doc_id != first.doc_id or hit.clause == first.clause_number:
                continue
            caps = [r for r in policy.clause_rules(hit.clause) if r.kind == "cap" and not r.needs_base]
            if not caps:
                continue
            other = _texts(policy, policy.document.clause(hit.clause))
            cap = max(caps, key=lambda r: _overlap(own, other[r.sentence_index]))  # of several, the one named
            named.append((_overlap(own, " ".join(other)), cap))
        score, rule = max(named, key=lambda pair: pair[0], default=(0.0, None))
        if rule is None or score < _NAMED_OTHER:
            return plan
        plan.calculations = [*calculations, calculate_support(rule)]
        plan.cited = self._cite_rules([c.rule for c in plan.calculations])
        return plan

    def _plan_area(
        self, question: Question, hits: list[ClauseHit], tokens: set[str], area: Decimal, facts: StatedFacts
    ) -> Plan | None:
        """An area from a land share or a floor-area ratio of the measure found (15% of 46,800 m², 2.0 × 25,000 m²),
        judged under the conditions of the support it is the figure of: none when one fails (a small firm's dorms)."""
        rules = [
            rule for _, rule in self._candidates(hits, tokens, True) if rule.kind in ("land_share", "floor_area_ratio")
        ]
        if not rules:
            return None
        if len(named := land_types_named(question.text)) == 1:  # the land named, before an activity named (研发)
            rules.sort(key=lambda rule: land_type(rule.beneficiary) not in named)
        if several := self._plan_areas(question, hits, rules):
            return several
        rule = rules[0]
        area = typed_share(question.text, land_type(rule.beneficiary)) or area  # 5万平方米，其中60%是研发用地
        verdict = self._figure_verdict(rule, facts, area)
        if verdict is not None and verdict.eligible is False:
            plan = Plan(question, "eligibility", hits, verdict=verdict)
        else:
            plan = Plan(question, "calculation", hits, calculations=[calculate_area(rule, area)], verdict=verdict)
        plan.cited = self._cite_rules([rule])
        return plan

    def _figure_verdict(self, rule: SupportRule, facts: StatedFacts, area: Decimal | None = None) -> Verdict | None:
        """The verdict under the conditions of the support the rule is the figure of (the dormitory quota's: a large
        enterprise), with the area the rule applies to; None when no support has it as its figure."""
        policy = self._corpus.policy(rule.doc_id)
        support = policy.support_of(rule)
        if support is None or support.figure is None:
            return None
        return judge(policy, support, facts, {support.figure.base: area} if area is not None else None)

    def _plan_judged(
        self,
        question: Question,
        hits: list[ClauseHit],
        tokens: set[str],
        kind: RuleKind,
        value: Decimal,
        facts: StatedFacts,
    ) -> Plan | None:
        """The asker's floor-area ratio against the policy's minimum for their land type (2.5 on R&D land: below
        3.0), or their land share against its maximum (dorms on 20% of own land: above 15%); None unless a measure
        found sets one."""
        rules = [rule for _, rule in self._candidates(hits, tokens, False) if rule.kind == kind]
        land = land_type(question.text)
        rule = next((r for r in rules if land_type(r.beneficiary) == land), rules[0] if rules else None)
        if rule is None:
            return None
        verdict = self._figure_verdict(rule, facts)
        if verdict is not None and verdict.eligible is False:  # a small firm's dorms: the condition that fails
            policy = self._corpus.policy(rule.doc_id)
            plan = Plan(question, "eligibility", hits, verdict=verdict)
            plan.cited = [(policy, policy.document.clause(rule.clause_number), _sentences_of(verdict))]
            return plan
        plan = Plan(question, "eligibility", hits, eligibility=check_threshold(rule, value))
        plan.cited = self._cite_rules([rule])
        return plan

    def _plan_areas(self, question: Question, hits: list[ClauseHit], rules: list[SupportRule]) -> Plan | None:
        """Plots of different land types in one question (工业用地2万平方米，研发用地8000平方米), each with the rule
        of its type; None unless every area names a type one of the rules has, and each a different one."""
        areas = typed_areas(question.text)
        by_type = {}
        for rule in rules:
            by_type.setdefault(land_type(rule.beneficiary), rule)
        chosen = [(by_type.get(kind), area) for area, kind in areas if kind is not None]
        if len(areas) < 2 or len(chosen) != len(areas) or any(rule is None for rule, _ in chosen):
            return None
        if len({kind for _, kind in areas}) != len(areas):
            return None
        calculations = [calculate_area(rule, area) for rule, area in chosen if rule is not None]
        plan = Plan(question, "calculation", hits, calculations=calculations)
        plan.cited = self._cite_rules([c.rule for c in calculations])
        return plan

    def _plan_meta(self, question: Question, hits: list[ClauseHit], topic: str) -> Plan:
        """About the document itself: its dates (and whether it was in force on a day asked about) and its
        sections (and which one a measure is in)."""
        policy = self._corpus.policy(hits[0].doc_id if hits else None)
        plan = Plan(question, "meta", hits, meta_topic=topic)
        effective = policy.document.effective_date
        # "9月30号" is in the document's year
        asked = find_date(question.text, effective.year if effective else None)
        if topic == "effective_date" and asked and effective:
            plan.asked_date, plan.in_force = asked, asked >= effective
        month = find_month(question.text) if asked is None else None
        # a month is answered when all of it falls on one side of the first day in force (October 2022 does not)
        if topic == "effective_date" and month and effective and (month[0] >= effective or month[1] < effective):
            plan.asked_date, plan.in_force, plan.asked_month = month[0], month[0] >= effective, True
        if topic == "section":
            every = _ALL_SECTIONS.search(question.text) is not None
            number = referenced_measure(question.text) or (hits[0].clause if hits and not every else None)
            if number is not None and self._corpus.has_clause(policy.document.id, number):
                plan.cited = [(policy, policy.document.clause(number), [])]
                plan.hits = _pin(hits, policy.document.id, number)  # the measure asked about leads the retrieved
        return plan

    def _unanswered(
        self,
        question: Question,
        hits: list[ClauseHit],
        policy: Policy,
        clause: Clause,
        tokens: set[str],
        named: bool,
    ) -> Plan | None:
        """A refusal when the measure found does not state what is asked: the kind of value (a rate, a duration,
        a deadline, an outcome, a price) or the year's version. It quotes what the measure does say."""
        document = policy.document
        years = _document_years(policy)
        scores = _sentence_scores(policy, clause, hits[0], tokens)
        best = sorted(scores, key=lambda i: -scores[i])[: None if named else 2]  # a named measure: all of it
        # a voucher's value only from the sentences on vouchers of the measure naming it
        best = voucher_sentences(named_vouchers(question.text), [s.text for s in clause.sentences]) or best
        reason: RefusalReason | None = None
        both = {
            clause.sentences[i].text: f"{clause.sentences[i].text} {policy.english_sentence(clause, i)}" for i in best
        }
        missing = unstated(
            asked_attributes(question.text, bool(question.amounts)), list(both), lambda s: _overlap(tokens, both[s])
        )
        if missing == "tiers" and _lists_tiers_asked(question.text, policy, clause):
            missing = None
        if missing in ("outcome", "count"):  # what happened in 2023 is no version of the policy, in any year
            reason = "not_stated"
        elif other_period(question.text, years, document.source):
            reason = "other_period"
        elif missing or (
            not question.amounts
            and _QUANTITY.search(question.text)
            and (
                unpriced_grant(clause.sentences[best[0]].text, lambda part: _overlap(tokens, part))
                or _priced_elsewhere(question, policy, clause)
            )
        ):
            reason = "not_stated"
        if reason is None:
            return None
        return self._not_stated(question, hits, policy, clause, best, reason)

    @staticmethod
    def _plan_figures(
        question: Question, hits: list[ClauseHit], policy: Policy, clause: Clause, support: Support
    ) -> Plan | None:
        """What a support's thresholds are, asked outright (技改要投入多少才能享受？), with its figure: the figures
        and their sentences; None when the support sets no threshold."""
        own = [support_rule(policy, c.rule) for c in support.conditions if isinstance(c, ThresholdCondition)]
        tiers = {r.id for o in own for r in policy.sibling_rules(o)}  # with the other tiers its sentence lists
        figures = [rule for rule in policy.clause_rules(clause.number) if rule.id in tiers]
        if not figures:
            return None
        figures += [support_rule(policy, support.figure.rule)] if support.figure else []
        plan = Plan(question, "lookup", hits, figures=figures)
        plan.cited = [(policy, clause, sorted({rule.sentence_index for rule in figures}))]
        return plan

    def _plan_cap_base(self, question: Question, hits: list[ClauseHit], rule: SupportRule) -> Plan:
        """From what base a capped support pays its cap (at what investment does the reward hit its ceiling?)."""
        plan = Plan(question, "lookup", hits, figures=[rule], cap_bases=[calculate_cap_base(rule)])
        plan.cited = self._cite_rules([rule])
        return plan

    @staticmethod
    def _not_stated(
        question: Question,
        hits: list[ClauseHit],
        policy: Policy,
        clause: Clause,
        sentences: list[int],
        reason: RefusalReason = "not_stated",
    ) -> Plan:
        """A refusal that quotes what the measure does say on the topic."""
        plan = Plan(question, "out_of_scope", hits, nearest=(policy, clause), refusal_reason=reason)
        plan.cited = [(policy, clause, sorted(sentences))]
        return plan

    def _plan_verdict(
        self,
        question: Question,
        hits: list[ClauseHit],
        tokens: set[str],
        facts: StatedFacts,
        wants_amount: bool,
    ) -> Plan | None:
        """Eligibility under the conditions of the support asked about; None where the policy maps none.

        A failed condition always answers (never an amount for what does not qualify); otherwise the
        verdict answers a yes/no question, and a how-much question gets the support's figure.
        """
        top = hits[0]
        policy = self._corpus.policy(top.doc_id)
        clause = policy.document.clause(top.clause)
        support = choose_support(policy, clause.number, self._support_scores(hits, tokens, facts), facts, wants_amount)
        if support is None:
            return None
        verdict = judge(policy, support, facts)
        figures_asked = _THRESHOLD_ASKED.search(question.text) or "tiers" in asked_attributes(question.text)
        if figures_asked and not facts.own_amounts and verdict.eligible is not False:
            # each part asking a threshold of its own (the minimum for renovation, the output the voucher needs)
            parts = [part for part in _PARTS.split(question.text) if _THRESHOLD_ASKED.search(part)]
            chosen = [support] + [
                choose_support(policy, clause.number, self._support_scores(hits, _tokens(part), facts), facts)
                for part in (parts if len(parts) > 1 else [])
            ]
            distinct = {id(s): s for s in chosen if s is not None}.values()
            plans = [self._plan_figures(question, hits, policy, clause, s) for s in distinct]
            figures = _merged_figures([plan for plan in plans if plan is not None])
            if figures is not None:
                return figures
        text = question.text
        asks_yes_no = _QUALIFY.search(text) is not None or any(  # "the same as …?" compares, it asks no verdict
            _YES_NO.search(part) and not _HOW_MANY.search(part) and not _COMPARED.search(part)
            for part in _PARTS.split(text)
        )
        unpriced = support.figure is None and verdict.eligible is not False and not facts.own_amounts
        if wants_amount and unpriced and not asks_yes_no:  # how much, of a support that sets no figure
            return self._not_stated(question, hits, policy, clause, _sentences_of(verdict))
        # the supports the question's amounts name in the first two measures; further down, as far as a stated fact
        # reaches, only one whose conditions the question speaks to (a 5G demonstration project ranked third)
        first = [hit.clause for hit in hits[:2] if hit.doc_id == top.doc_id]
        nearby = [hit.clause for hit in hits[:FACT_RANKS] if hit.doc_id == top.doc_id]
        several = [
            s for s in supports_with_amounts(policy, nearby, facts) if s.clause in first or states_conditions(s, facts)
        ]
        if len(several) > 1:
            return self._plan_supports(question, hits, policy, several, facts)
        figure = figure_calculation(policy, support.figure, verdict.profile) if support.figure else None
        # Whether it is about the asker: "Does the policy support X?" asks what the policy says, not a verdict.
        # … or a yes/no question stating a case's facts, its subject left out (新厂区1号楼已经竣工了…能不能先验收)
        personal = (
            _FIRST_PERSON.search(text) is not None
            or bool(facts.own_amounts)
            or (asks_yes_no and states_conditions(support, facts) and not _asks_of_the_policy(text))
        )
        if verdict.eligible is None:
            decides = asks_yes_no and personal and not wants_amount
        else:
            decides = personal and (asks_yes_no or (not wants_amount and states_conditions(support, facts)))
        calculations = [figure] if figure is not None and figure.unit == "yuan" else []
        if figure is not None and calculations and not figure.rule.needs_base:
            calculations = [calculate_support(r) for r in self._caps_asked(question, figure.rule)]
        elif calculations and _EACH.search(_last_sentence(text)):  # 两份合同分别能拿多少: each amount on its own
            calculations = [calculate_support(figure.rule, base) for base in _bases(facts, support)] or calculations
        if verdict.eligible is False or decides:
            plan = Plan(question, "eligibility", hits, verdict=verdict)
            # more asked than the cap allows: what the asker's own base gives, capped (能拿到750万吗？ at most 500万)
            computed = verdict.over_cap and figure is not None and figure.rule.needs_base
            plan.calculations = calculations if verdict.eligible or computed else []
        elif wants_amount and calculations:  # the checklist goes along
            plan = Plan(question, "calculation", hits, calculations=calculations, verdict=verdict)
        else:
            return None
        plan.cited = [
            (policy, clause, sorted({*_sentences_of(verdict), *(c.rule.sentence_index for c in plan.calculations)}))
        ]
        return plan

    def _plan_supports(
        self,
        question: Question,
        hits: list[ClauseHit],
        policy: Policy,
        supports: list[Support],
        facts: StatedFacts,
    ) -> Plan:
        """Several supports asked at once (EDA 300万 and insurance 80万): each computed on its own amount, and
        those whose conditions the question says are not met left out with the reason."""
        plan = Plan(question, "calculation", hits)
        for support in supports:
            verdict = judge(policy, support, facts)
            assert support.figure is not None  # supports_with_amounts keeps supports with a base
            figure = figure_calculation(policy, support.figure, verdict.profile)
            if verdict.eligible is False or figure is None:
                plan.excluded.append(verdict)
            else:
                plan.calculations.append(figure)
        if not plan.calculations:
            plan.intent, plan.verdict = "eligibility", plan.excluded.pop(0)
            plan.cited = [(policy, policy.document.clause(plan.verdict.item.clause), _sentences_of(plan.verdict))]
        else:
            plan.cited = self._cite_rules([c.rule for c in plan.calculations])
        return plan

    def _support_scores(self, hits: list[ClauseHit], tokens: set[str], facts: StatedFacts) -> dict[str, float]:
        """The best clause's rules (by id) and sentences (``doc#sentenceN``) rated against these words, as
        ``choose_support`` takes them."""
        top = hits[0]
        policy = self._corpus.policy(top.doc_id)
        clause = policy.document.clause(top.clause)
        spent = set(facts.own_amounts) - set(facts.no_spending)  # a loan makes no rule on amounts fit
        scores = {rule.id: score for score, rule in self._candidates(hits, tokens, bool(spent))}
        sentences = _sentence_scores(policy, clause, top, tokens)
        return scores | {  # a sentence scored as its rules are (their own words counted again), for supports with none
            f"{policy.document.id}#sentence{i}": score + _overlap(tokens, policy.english_sentence(clause, i))
            for i, score in sentences.items()
        }

    def _candidates(
        self, hits: list[ClauseHit], tokens: set[str], has_amount: bool, clauses: int = 1
    ) -> list[tuple[float, SupportRule]]:
        """Rules of the best clause (or the best few), best first."""
        scored = []
        for position, hit in enumerate(hits[:clauses]):
            policy = self._corpus.policy(hit.doc_id)
            clause = policy.document.clause(hit.clause)
            sentence_scores = _sentence_scores(policy, clause, hit, tokens)
            clause_weight = 1.0 / (1 + position)
            for rule in policy.clause_rules(clause.number):
                score = _rule_score(policy, rule, tokens, sentence_scores[rule.sentence_index], has_amount)
                scored.append((score * clause_weight, rule))
        return sorted(scored, key=lambda pair: -pair[0])

    def _plan_numbers(
        self, question: Question, hits: list[ClauseHit], tokens: set[str], wants_amount: bool, facts: StatedFacts
    ) -> Plan | None:
        amounts = tuple(a for a in question.amounts if a.value not in _SCORED.quoted)  # a quoted cap is no base
        candidates = self._candidates(hits, tokens, bool(amounts))
        thresholds = [(s, r) for s, r in candidates if r.kind == "threshold"]
        money = [(s, r) for s, r in candidates if r.grants_money]
        asks_eligibility = _ELIGIBILITY.search(question.text) is not None
        if thresholds and asks_eligibility and (not money or thresholds[0][0] >= money[0][0] or not wants_amount):
            return self._plan_eligibility(question, hits, thresholds, money, facts)
        if not money or not wants_amount:
            return None
        if not amounts:
            rule = money[0][1]
            if rule.needs_base:
                return self._plan_clarify(question, hits, rule)
            return self._plan_calculation(question, hits, [(r, None) for r in self._caps_asked(question, rule)])
        if len(amounts) == 1:
            rule = money[0][1]
            chosen = [(rule, amounts[0].value if rule.needs_base else None)]
        else:
            chosen = self._assign(hits, _segments(question)[:MAX_AMOUNTS]) or [(money[0][1], None)]
        return self._plan_calculation(question, hits, chosen)

    def _assign(
        self, hits: list[ClauseHit], segments: list[tuple[Amount, str]]
    ) -> list[tuple[SupportRule, Decimal | None]]:
        """Several amounts: the pairing of amounts with distinct money rules that matches best overall.

        An amount may stay unpaired (None) when the measures offer fewer distinct rules than amounts.
        """
        options: list[list[tuple[float, SupportRule | None]]] = []
        for _, words in segments:
            ranked = self._candidates(hits, _tokens(words), True, clauses=2)
            # an amount is the base of a rule that computes from one; a fixed cap (a 5万 voucher for firms above
            # 1亿 output) is no pairing for the output figure that only meets its threshold
            paired = [(score, rule) for score, rule in ranked if rule.grants_money and rule.needs_base]
            paired = paired[:ASSIGN_CHOICES]
            options.append([*paired, (0.0, None)])
        best: tuple[float, tuple[SupportRule | None, ...]] = (float("-inf"), ())
        for combination in itertools.product(*options):
            rules = tuple(rule for _, rule in combination)
            ids = [rule.id for rule in rules if rule is not None]
            if ids and len(set(ids)) == len(ids):
                best = max(best, (sum(score for score, _ in combination), rules), key=lambda pair: pair[0])
        return [
            (rule, amount.value if rule.needs_base else None)
            for rule, (amount, _) in zip(best[1], segments, strict=False)
            if rule is not None
        ]

    def _caps_asked(self, question: Question, rule: SupportRule) -> list[SupportRule]:
        """A fixed cap, with the caps its sentence gives other beneficiaries when each is asked
        (首台套装备、首批次新材料验证服务机构分别多少): 100万元 and 50万元; so when one is compared with another
        (跟新材料验证机构一样吗?)."""
        if not (_EACH.search(question.text) or _COMPARED.search(question.text)):
            return [rule]
        return [rule, *(r for r in self._corpus.policy(rule.doc_id).sibling_rules(rule) if r.id != rule.id)]

    def _plan_calculation(
        self, question: Question, hits: list[ClauseHit], chosen: list[tuple[SupportRule, Decimal | None]]
    ) -> Plan:
        calculations = []
        for rule, base in chosen:
            try:
                calculations.append(calculate_support(rule, base))
            except CalculationError:
                if rule.needs_base:
                    return self._plan_clarify(question, hits, rule)
                raise
        plan = Plan(question, "calculation", hits, calculations=calculations)
        plan.cited = self._cite_rules([c.rule for c in calculations])
        return plan

    def _plan_clarify(self, question: Question, hits: list[ClauseHit], rule: SupportRule) -> Plan:
        plan = Plan(question, "clarify", hits, clarify=rule)
        plan.cited = self._cite_rules([rule])
        return plan

    def _plan_eligibility(
        self,
        question: Question,
        hits: list[ClauseHit],
        thresholds: list[tuple[float, SupportRule]],
        money: list[tuple[float, SupportRule]],
        facts: StatedFacts,
    ) -> Plan:
        best = thresholds[0][1]
        siblings = [
            r
            for _, r in thresholds
            if (r.clause_number, r.sentence_index, r.base) == (best.clause_number, best.sentence_index, best.base)
        ]
        # An amount equal to one of the thresholds names which one is asked about; the other is the asker's.
        several = len(question.amounts) > 1
        named = [r for r in siblings if several and any(a.value == r.threshold for a in question.amounts)]
        values = [a.value for a in question.amounts if not any(a.value == r.threshold for r in named)]
        if several and not values:  # "产值10亿，算不算突破10亿？": the first amount is the asker's
            values = [question.amounts[0].value]
        if not values:
            return self._plan_clarify(question, hits, best)
        # of several, the asker's figure of the latest year (往年46亿，今年53亿)
        own = [role for role in facts.roles if role.amount.value in values and not role.quoted]
        values = [facts.best(own).amount.value] if own else values
        ordered = sorted(named or siblings, key=lambda r: r.threshold or 0)
        checks = [check_threshold(r, values[0]) for r in ordered]
        met = [c for c in checks if c.eligible]
        check = met[-1] if met and not named else checks[0]
        plan = Plan(question, "eligibility", hits, eligibility=check)
        if check.eligible:
            plan.calculations = [calculate_support(r) for _, r in money[:3] if self._conditioned_on(r, check.rule)][:1]
        plan.cited = self._cite_rules([check.rule])
        return plan

    @staticmethod
    def _conditioned_on(support: SupportRule, threshold: SupportRule) -> bool:
        """A cap belongs to a threshold when it is granted in the same sentence to those meeting it."""
        same_sentence = (support.clause_number, support.sentence_index) == (
            threshold.clause_number,
            threshold.sentence_index,
        )
        return (
            same_sentence and support.kind == "cap" and bool(threshold.base) and threshold.base in support.beneficiary
        )

    def _cite_rules(self, rules: list[SupportRule]) -> list[tuple[Policy, Clause, list[int]]]:
        cited: dict[tuple[str, int], tuple[Policy, Clause, list[int]]] = {}
        for rule in rules:
            policy = self._corpus.policy(rule.doc_id)
            clause = policy.document.clause(rule.clause_number)
            entry = cited.setdefault((rule.doc_id, rule.clause_number), (policy, clause, []))
            if rule.sentence_index not in entry[2]:
                entry[2].append(rule.sentence_index)
        return list(cited.values())

    def _plan_lookup(self, question: Question, hits: list[ClauseHit], tokens: set[str], whole_clause: bool) -> Plan:
        """Quote the two sentences that match best, or the whole measure when the asker named it."""
        plan = Plan(question, "lookup", hits)
        # several figures asked in parts of their own (the minimum investment for renovation, and the output the
        # voucher needs): each part's best sentence too
        asking = [p for p in _PARTS.split(question.text) if _THRESHOLD_ASKED.search(p) or _HOW_MUCH.search(p)]
        for hit in hits[: self._cited_clauses]:
            policy = self._corpus.policy(hit.doc_id)
            clause = policy.document.clause(hit.clause)
            scores = _sentence_scores(policy, clause, hit, tokens)
            best = sorted(scores, key=lambda i: -scores[i])[: None if whole_clause else 2]
            for part in asking if len(asking) > 1 and not whole_clause else []:
                own = _sentence_scores(policy, clause, hit, _tokens(part))
                best += [i for i in [max(own, key=lambda i: own[i])] if i not in best]
            plan.cited.append((policy, clause, sorted(best)))
            if any(cue.search(question.text) for cue in (_HOW_MUCH, _THRESHOLD_ASKED, _SUPPORT_ASKED)):
                # the figures asked about, in full (10,000,000 yuan (1000万元)) beside the sentences that state them
                plan.figures += [
                    rule
                    for rule in policy.clause_rules(clause.number)
                    if rule.sentence_index in best and (rule.cap is not None or rule.threshold is not None)
                ]
        return plan
