"""What kind of value a question asks for, and whether the policy's sentences state that kind at all.

A question about a covered topic can still ask for something the text never states: the interest
rate of a subsidized loan, how long approval takes, this year's deadline, how many firms were funded,
the face value of a voucher it names but never prices. Answering such a question with the nearest
measure reads as if the policy answered it. The kinds are few and the check is on the sentences, not
on the wording of any question: a rate needs a percentage, an amount a money figure or a share, a
duration or a deadline a time expression; an outcome (who got what, last year) is never in a policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from assistant.glossary import expand

Attribute = Literal[
    "amount",
    "price",
    "cap",
    "tiers",
    "district",
    "materials",
    "rate",
    "duration",
    "deadline",
    "outcome",
    "count",
    "penalty",
    "allocation",
    "channel",
    "fund",
    "points",
    "contact",
    "tax",
    "height",
    "criteria",
    "review",
]


def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


# 几 that asks; not 几 in a rough number (十几个人, 好几个, 几百万)
ASKING_JI = "(?<![十好])几(?![十百千万亿])"
# What a count asks for (firms, parks, projects, people): a policy states how many only as a target.
_COUNTED_ZH = "(企业|公司|工厂|园区|项目|人才?|员工)"
_COUNTED_EN = (
    r"\bhow many ([\w-]+ ){0,4}(companies|firms|enterprises|factories|plants|parks|zones|platforms|centers|centres|"
    r"projects|people|employees|workers)\b"
)

# What the asker wants to know, by kind. Amount and count only where the words ask for the figure itself.
_ASKS: dict[Attribute, re.Pattern[str]] = {
    "rate": _cues(
        "利率|利息是|几个点|几个百分点|多少个?百分点|百分之几|百分之多少|比例[^，。？！,?]{0,4}(多少|几)|多少比例|什么比例|贴息比例|贴息率|税率|"
        "费率|基点",
        r"\binterest rate|\bpercentage\b|what (share|percent|proportion|rate)|\bwhat\s?%|"
        r"\bhow many (percentage |basis )?points|\bbasis points?\b|\bbps\b|\blpr\b|\bpremium rate\b|"
        r"\bat what rate\b|\bwhat(?:'s| is)? (exact |actual |specific )?(\w+ ){0,2}rate\b|"
        # a ratio asked for, not a floor-area ratio (容积率, a multiple of the plot's area)
        r"\bwhat (\w+ ){0,2}(?<!area )(?<!plot )ratio\b|\b(?<!area )(?<!plot )ratio (is|are|do|does|will|would|can)\b",
    ),
    "duration": _cues(
        "多久|多长时间|几个工作日|多少个工作日|周期多长|期限|最长几年|最多几年|"
        # how long a benefit lasts or a step takes, whatever the verb: 能递延几年, 可以减免几年, 需要几个月
        "(要|需要|得|大概|一般|能|可以?|可享受)[\u4e00-\u9fff]{0,4}(几个月|几天|几年|多少天|多少年|多少个月)|"
        "(几个月|几天|多少天)(能|可以|才能|下来|到账)|"
        "((什么|啥)时候|何时|哪一?年|哪个月)(计划)?(能|才能|会|可以)?(建成|建好|投用|投产|完工|开通|落地|到账)",
        r"\bhow long\b|how many (working |business |calendar )?(days|weeks|months|years)|"
        r"\bwhen (is|are|will)\b.{0,80}\b(supposed|expected|due|scheduled|planned) to\b|"
        r"\bwhen (exactly |roughly |approximately )?will\b.*\b(open|start|"
        r"launch|be (ready|up|running|built|completed))",
    ),
    "deadline": _cues(
        "截止|截至(日期|时间)|截至到?(几号|哪天|什么时候|何时)|(什么|啥)时候截至|何时截至|哪天截至|申报时间|申报窗口|什么时候(开始)?申报|何时申报|哪天(开始|截止)申报",
        r"\bdeadline\b|\bdue date\b|application window|when (can|do|should) we (apply|submit)|\bcut-?off\b",
    ),
    "outcome": _cues(
        # what has actually happened, asked (实际拿到多少？), not told (目前已经正常出货)
        "(实际(完成|发放|拿到|获得|兑现|支持了|建成|培育)|目前已经|迄今)(?=[^，。；！,;!]{0,16}(多少|(?<![那这哪])几|哪些|[？?]))|"
        "一共有多少家|有多少家企业|多少家企业(拿到|获得|申请)|"
        "拿到了多少|发放了多少|去年[^，。？！,?]{0,12}(多少|(?<![那这哪])几)|(目前|已经|至今)有哪些|哪些[^，。？！,?]{0,8}已经|"
        "(现在|目前|至今|已经)[^，。？！,?]{0,4}(建成|完成|发放|落地|培育|引进|提供|建了)了?[^，。？！,?]{0,3}(多少|几)|"
        "到(20[0-9]{2}年)?(年?底|年末)[^，。？！,?]{0,6}(建成|完成|交付|提供|发放)了?[^，。？！,?]{0,3}(多少|几)",
        r"\bhow many (\w+ ){0,2}(companies|firms|enterprises|"
        r"members|people|projects|recipients)\b.{0,40}\b(received|recieved|recived|got|were|have been|won)|"
        r"\baverage (payout|payment|award|grant|subsidy|amount|sum)\b|\b(payout|award|grant)s? on average\b|"
        r"平均(每家|每个|每人|每项|发放|拿到|补贴|奖励|金额)|\blast year\b.{0,40}\bhow many|"
        r"\btotal (paid|disbursed|awarded)\b|\bhow many\b.{0,60}\b(so far|to date)\b|"
        r"\b(built|completed|funded|awarded|delivered) (so far|to date)\b|\bwhich\b.{0,80}\b(so far|to date)\b|"
        r"\b(actually|already) been (built|completed|paid)|"
        # what had happened by a date: how many were actually delivered by the end of 2023?
        r"\bhow many\b.{0,60}\b(actually|already)\b.{0,15}\b(delivered|built|completed|provided|funded|opened)\b|"
        r"\b(delivered|built|completed|provided|funded|opened) by (the end of |end-)?(19|20)\d{2}\b|"
        # how many there are now: what exists is a fact of the day, a policy sets at most a target
        rf"{_COUNTED_EN}.{{0,60}}\b(now|currently|today|at present)\b",
        f"(现在|目前|当前|至今)[^，。？！,?]{{0,4}}(一共|总共)?(有|共有)[^，。？！,?]{{0,2}}(多少|几)[^，。？！,?]{{0,8}}{_COUNTED_ZH}",
    ),
    # How many firms, people or projects there are: a policy states a count only where it sets a target.
    "count": _cues(
        # 哪几家 asks which; 那几家 / 这几家 point at ones named ("买的是国外那几家的EDA"): neither asks how many; nor a
        # few in a clause that asks nothing (就硬件组几个人要画板子，…), nor a rough number (十几个人, 好几个员工)
        f"多少家|(?<![哪那这])几家|多少(个|名|位)?[^，。？！,?]{{0,8}}{_COUNTED_ZH}|"
        f"(?<![哪那这]){ASKING_JI}(个|名|位)[^，。？！,?]{{0,8}}{_COUNTED_ZH}(?=[^，。；！,;!\n]*(?:[？?]|$))",
        _COUNTED_EN,
    ),
    # A score (落户积分): the measures name settlement support, never a points threshold.
    # How tall a building may be: the measures leave heights to the plans (按需确定容积率、高度).
    "height": _cues(
        "多少米|多高|限高|层高[^，。？！,?]{0,6}(多少|几)|(能|可以)?盖几层",
        # not how high a ceiling or support goes
        r"\bhow (tall|high)\b"
        r"(?!\s+(is|does|can|could|will|would)\s+(the\s+)?(ceiling|cap|limit|support|subsidy|grant|amount))|"
        r"\bheight (limit|cap|restriction)s?\b|\b(maximum|max) (building )?height\b|"
        r"\bhow many (storeys|stories|floors)\b|\bbuilding height\b",
    ),
    "points": _cues(
        "多少分|(?<!面)积分[^，。？！,?]{0,10}(多少|几|要求|标准|门槛)|(需要|要)多少积分",  # not 面积分别
        r"\bhow many (?!basis )(\w+ ){0,2}points\b|\bpoints? (threshold|score|needed|required)\b",
    ),
    # How a tax is treated (契税, VAT, stamp duty): only what a measure says of taxes (递延纳税) answers it. A price
    # "tax-inclusive", pre-tax or net of tax asks nothing about tax.
    "tax": _cues(
        "契税|增值税|所得税|印花税|房产税|城镇土地使用税|税率|税费|(要不要|需不需要|需要|用不用)(交|缴|补)税|交税|缴税|免税|减税",
        r"(?<!pre-)(?<!after-)(?<!net of )(?<!excluding )(?<!including )(?<!before )(?<!after )(?<!plus )"
        r"\b(taxe?s?|taxed|taxable|vat|stamp duty|deed tax)\b"
        r"(?![- ]?(inclusive|exclusive|included|excluded))",
    ),
    # Who to phone or write to: the measures name responsible units, never a contact.
    "contact": _cues(
        # a phone number asked for, not a phone or hotline log (电话记录：来电企业称…, 【12345热线记录】)
        "电话(号码)?(是|多少|有吗|呢)|(哪个|什么)(电话|热线)|热线(电话|号码)?(是|多少|有吗|呢)|联系人|联系方式|邮箱|打给谁",
        r"\bhotline\b|\b(?:tele)?phone (?:number|no\.?|line)s?\b|\bcontact (person|details|number|info|information)\b|"
        r"\be-?mail\b|"
        r"\bwho (do|should|can|could) (i|we) (call|phone|ring)\b",
    ),
    "amount": _cues(
        "多少钱|具体(的)?金额|标准金额|具体会?(奖励|补贴|给)多少|具体能(拿|补|给)多少|(规模|金额|额度)(有|是)?多(大|少)|"
        "(奖励|补贴|资助|支持)(的)?(具体)?(金额|数额|标准)|按亩|每亩",
        r"\bhow much (money|does (the|it|a|an|each|every|one)\b|do (they|households|consumers|buyers|residents)\b)|"
        r"\bfixed amount\b|\bhow (big|large)\b|\bhow many (billion|million)\b|"
        r"\brmb how many\b|\bhow much (cash|money|funding|support|subsidy|reward|grant|award|bonus)\b|"
        r"\b(maximum|max|total) (\w+ )?size\b|\bsize in (rmb|yuan|cny)\b",
    ),
    "price": _cues(
        "面值|面额|(?<!产)值多少|(租金|房租|月租|地价|单价|价格|价钱)[^，。？！,?]{0,6}(多少|几)|"
        "每(台|张|平方米|平米|一平米|个).{0,8}(多少|几)|(每|一)(平方米|平米|平|间)[^，。？！,?]{0,6}(多少钱|几块)",
        r"\bface value\b|\bhow much (is|are|would|will) .{0,60}\bworth\b|\bwhat('s| is) .{0,40}\bworth\b|"
        r"what('s| is) the (\w+ )?(price|rent|unit price)|\bprice per\b|"
        r"\bper (unit|square met(re|er)s?|sqm|m²|m2)\b|"
        r"\bhow much (is|does|will) .{0,30}\b(cost|rent)|\b(monthly rent|rent per month)\b|"
        r"\b(pay|cost|costs?) (per|a|each) month\b",
    ),
    # A cap asked outright needs a money figure: "不超过采购金额50%" states a share and no ceiling.
    "cap": _cues("上限|封顶|天花板", r"\bceiling\b|\bcap(ped)?\b|\bmaximum (per|amount)\b|\bupper limit\b"),
    # Tiers the text mentions but never lists (分类分档, 按增速分档, 分级分段).
    "tiers": _cues(
        "(分|有)(哪|几)(几)?(档|级|类)|[哪那这]几档|哪一档|这一档|那一档|第[一二三四五六七八九]档|第[一二三四五六七八九]级|每一?档|每一?级",
        r"\bhow many (tiers|levels|grades)\b|\bwhich ([\w-]+ ){0,2}(tier|level|grade)\b(?! of)|"
        r"\beach (tier|level|grade)\b|"
        r"\bwhat (are the )?tiers\b|"
        r"\b(exactly how much|exact amount)\b.{0,80}\btiered\b|\btiered\b.{0,80}\b(exactly how much|exact amount)\b",
        "分档[^。？?]{0,30}具体|具体[^。？?]{0,30}分档",
        # one tier's figure (增速20%和50%分别对应多少, the value for the 20-30% growth tier); a tier-1 supplier is none
        "(分档|档位|档次)[^。？?]{0,40}(分别|对应)[^。？?]{0,10}(多少|几)",
        r"\b(what|how much)\b.{0,80}(?<!-)\btiers?\b(?![- ]?(\d|one|two|three)\b)",
    ),
    # What a district adds: the measures only encourage districts to support, they never say how much.
    "district": _cues(
        "(区里|区级|各区|[\u4e00-\u9fff]{2}(新)?区)[^？?。]{0,6}(对|给|出|配套?|奖|补|额外)[^？?。]{0,16}(多少|几)",
        r"\bdistricts?\b[^.?!。？！]{0,40}\bhow much\b|\bhow much\b[^.?!。？！]{0,40}\bdistricts?\b",  # in one sentence
    ),
    # Application materials, forms and lists of recognized parks or firms: the measures set rules, not procedures.
    "materials": _cues(
        "(需要|要)(提交|准备|交)(哪些|什么)|(哪些|什么)(申报|申请)?材料|材料(有哪些|是什么)|表格|模板|目录在哪|"
        "(哪里|在哪|哪些|哪儿)[^，。？！,?]{0,6}名单|名单[^，。？！,?]{0,6}(在哪|哪里|哪儿|有哪些)",
        r"\b(documents|forms|paperwork|materials)\b.{0,40}\b(submit|need|provide|prepare)|\btemplate\b|"
        r"\bwhere('s| is| can we find) the list\b|\blist of (parks|companies|firms|enterprises|projects)\b",
    ),
    # Sanctions for breaking the rules: support measures grant, they seldom punish.
    "penalty": _cues(
        "处罚|罚款|罚则|违约责任|受到什么(处理|惩罚)|退回|返还|追回|收回",
        # a fine, not being fine (so we're fine, right?)
        r"\bpenalt(y|ies)\b|\bfined\b|\bfines\b|\b(a|the|any|what|how much|big|heavy) fine\b|"
        r"\bsanctions?\b|\bpunish|\bpay (it|them|the \w+) back\b|\brepay|\bclaw ?back",
    ),
    # Where and how to file: the measures set rules, not application channels.
    "channel": _cues(
        "(哪个|什么)网站|网上申报|线上申报|申报系统|申报平台|申报入口|在哪(里|儿)?(申报|申请|上报|提交|办理)|去哪(里|儿)?(申报|申请|办)",
        r"\bonline (portal|system|platform|application)\b|\bwebsite\b|\bportal\b|"
        r"\bwhere (do|can|should|would) (we|i|one) (apply|submit|file|register)\b|\bwhich office\b",
    ),
    # The size of a fund or budget the measures name (产业基金规模, the special development fund): never stated.
    "fund": _cues(
        "(基金|资金|资金池)(的)?(规模|总额|总量|盘子)[^，。？！,?]{0,6}(多少|多大|几)|(基金|专项资金|专项发展资金)[^，。？！,?]{0,4}有多少(钱)?|"
        "(总预算|预算总额|资金总额)[^，。？！,?]{0,6}(多少|多大)",
        r"\bhow (much|big|large) (money )?(is|was|are|will|would) (there )?(in )?(the|this|that) "
        r".{0,80}\b(fund|budget|pool)\b|"
        r"\bhow much money is in\b|\bfund size\b|"
        r"\bsize ([(（][^)）]{0,20}[)）] ?)?of (the|this|that) .{0,60}\b(fund|budget)\b|"
        r"\btotal (budget|funding pool)\b",
    ),
    # What "符合条件" means in detail (要做多少例才算符合条件, what exactly counts as qualifying): a measure that only
    # says "eligible" sets no criteria; one with a threshold states them.
    "criteria": _cues(
        "(才算|才能算|才符合)[^，。？！,?]{0,4}(符合条件|合格|达标)|多少例|具体(标准|条件|要求)(是|有)",
        r"\bwhat (exactly )?(counts|qualifies) as (eligible|qualifying)\b|"
        r"\b(specific|exact|detailed) (criteria|requirements)\b",
    ),
    # How an application is reviewed once filed (who reviews it, an expert panel, a site visit): the measures set
    # rules, not the review.
    "review": _cues(
        "谁(来)?(审|审核|评审|审批)|(审核|评审|审批)(流程|环节|程序)是|专家评审|现场(核查|考察|检查|踏勘)",
        r"\bwho (reviews|evaluates|assesses|approves|checks)\b|\bexpert (panel|review)\b|\bsite (visit|inspection)\b|"
        r"\bwhat happens (next|after)\b|\bhear back\b|\breview process\b",
    ),
    # How a total the text sets is shared out (200 places a year: how many for us?).
    "allocation": _cues(
        "名额[^，。？！,?]{0,6}(怎么|如何)分|(怎么|如何)分配|能分到|分到几",
        r"\bhow (is|are|will|would) .{0,30}\b(split|divided|distributed|shared out|allocated)\b|"
        r"\bhow many (of (them|these|those) |places |slots )(can|could|will|would|do) we get\b",
    ),
}

# What a sentence must contain to state each kind.
_STATES: dict[Attribute, re.Pattern[str]] = {
    "materials": re.compile(r"(?!)"),
    "channel": re.compile(r"网站|系统|平台申报|线上"),
    "cap": re.compile(r"\d(?:\.\d+)?(?:万|亿)?元"),
    "tiers": re.compile(r"\d(?:\.\d+)?(?:万|亿)?元?、\d"),  # only a sentence that lists them (10亿元、50亿元、100亿元)
    "district": re.compile(r"(?!)"),
    "rate": re.compile(r"\d(?:\.\d+)?%"),
    "amount": re.compile(r"\d(?:\.\d+)?(?:万|亿)?元|\d(?:\.\d+)?%"),
    "price": re.compile(r"\d(?:\.\d+)?(?:万|亿)?元"),  # a price is in yuan; a share of something is not one
    "duration": re.compile(
        r"\d+\s*(?:个)?(?:工作日|天|日内|周|个月|月内)|\d+\s*年内|[一二三四五六七八九十两]+(?:个)?(?:工作日|月内|年内)"
    ),
    "deadline": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "outcome": re.compile(r"(?!)"),  # a policy sets rules; it never reports who got what
    "count": re.compile(r"\d+(?:\.\d+)?万?(?:名|家|套|个|项)"),
    "penalty": re.compile(r"罚|处分|追回|收回|取消.{0,6}资格"),
    "allocation": re.compile(r"(?!)"),
    "review": re.compile(r"评审|审核|核查|考察"),
    "criteria": re.compile(r"\d(?:\.\d+)?(?:万|亿)?元?(?:以上|以下)|(?:不低于|不少于|达到|突破|(?<!不)超过)\s*\d"),
    "points": re.compile(r"\d+\s*分(?!之)"),
    "height": re.compile(r"\d+(?:\.\d+)?\s*(?:米|层)"),
    "contact": re.compile(r"电话|热线|联系人|邮箱"),
    "tax": re.compile(r"税"),
    "fund": re.compile(
        r"(?:基金|资金)[^。；]{0,12}\d(?:\.\d+)?(?:万|亿)元|\d(?:\.\d+)?(?:万|亿)元[^。；]{0,4}(?:基金|资金)"
    ),
}


def asked_attributes(text: str, own_figures: bool = False) -> list[Attribute]:
    """The kinds of value the question asks for, in a fixed order (those a policy never states first).

    With figures of the asker's own, a question about a cap asks whether one applies to them, which the
    calculation answers; without, it asks for the cap itself.
    """
    order: list[Attribute] = [
        "outcome",
        "tiers",
        "district",
        "materials",
        "channel",
        "penalty",
        "allocation",
        "contact",
        "tax",
        "points",
        "height",
        "criteria",
        "deadline",
        "duration",
        "review",
        "rate",
        "price",
        "cap",
        "count",
        "amount",
        "fund",  # after amount: a sentence with a figure states an amount, never a fund's size
    ]
    return [kind for kind in order if _ASKS[kind].search(text) and not (kind == "cap" and own_figures)]


def unstated(
    asked: list[Attribute], sentences: list[str], fit: Callable[[str], float] | None = None
) -> Attribute | None:
    """The first asked kind that none of the sentences (best first) states; None when they state every one.

    Tiers must be listed by the best one itself, or by one the question's words ``fit`` as well: a measure may
    list one set (10亿元、50亿元、100亿元) and only name another (按企业产值增速分档)."""

    def listing(sentence: str) -> bool:
        return sentence == sentences[0] or (fit is not None and fit(sentence) >= fit(sentences[0]))

    return next(
        (
            kind
            for kind in asked
            if not any(_STATES[kind].search(s) and (kind != "tiers" or listing(s)) for s in sentences)
        ),
        None,
    )


_VOUCHER = re.compile(r"[\u4e00-\u9fff]{2}券")


def named_vouchers(text: str) -> list[str]:
    """The vouchers a question names (算力券, a computing-power voucher through the glossary): a voucher's value is
    stated only where the measure naming it speaks of vouchers, never by another voucher's figure elsewhere."""
    return _VOUCHER.findall(expand(text))


def voucher_sentences(vouchers: list[str], sentences: list[str]) -> list[int]:
    """The sentences (indexes) of a measure naming one of these vouchers that speak of a voucher (its 券值 may
    follow in the next sentence); none when the measure names none of them."""
    if not any(voucher in s for voucher in vouchers for s in sentences):
        return []
    return [i for i, s in enumerate(sentences) if "券" in s]


_YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
# A year as a year: 2021年, in 2021; not 2000万 or 2000 yuan.
_YEAR_RE = re.compile(
    rf"({_YEAR})(?!\s*(?:万|亿|元|千|百|yuan|rmb|million|billion|wan\b|yi\b|k\b|m\b|[.,]\d))", re.I
)  # not an amount: 2000万, max 2000 wan
_VERSION = r"年?[^，。？！,.?!\d]{0,12}?(?:政策|版本?|修订|措施|规定|文件|办法|方案|那会儿|那时候?|当年)"
_VERSION_EN = (
    r"(?:revision|version|edition|policy|policies|measures|scheme|programme|program|rules|update|updated|document)"
)
_PERIOD = re.compile(
    rf"({_YEAR})(?!\s*[万亿元千百]){_VERSION}|({_YEAR})\s*(?:'s\s*)?(?:[\w-]+\s+){{0,3}}?{_VERSION_EN}|"
    rf"{_VERSION_EN}\s+(?:of|in|from)\s+({_YEAR})|\bin ({_YEAR})[,，]?\s*(?:before|prior to)\b",
    re.IGNORECASE,
)


_PLAN = re.compile(r"十[一二三四五六七八九]五|\b(1[0-9])(?:st|nd|rd|th)\s+five-year", re.IGNORECASE)
_PLAN_NAMES = {str(n): f"十{'一二三四五六七八九'[n - 11]}五" for n in range(11, 20)}


# A sentence that asks for a standard of the policy (its cap, rate, amount) without stating figures of the
# asker's own: a year written there is the year of the standard asked about (去年也就是2021年…上限是多少？).
_STANDARD = re.compile(
    r"上限|额度|标准|比例|最高|最低|门槛|多少|\d\s*%|\bcap\b|\bmax(imum)?\b|\bmin(imum)?\b|\bthreshold\b|\brate\b|"
    r"\bstandard\b|\bhow much\b|\bpercent(age)?\b|\bshare\b",
    re.I,
)
_OWN = re.compile(
    r"我们|我司|我厂|本公司|咱|俺|\b(we|our|us)\b|\d(?:\.\d+)?\s*(?:万|亿|元|million|billion|m\b|bn\b)", re.I
)
_THEN = re.compile(
    r"(当年|那年|当时|那时候?|那会儿)(适用|执行|实行|施行)?的?(支持)?(规定|政策|标准|比例|措施|文件|办法|门槛|上限)|"
    r"\bthat year's (rules?|polic(y|ies)|standards?)|"
    r"\b(rules?|polic(y|ies)|standards?|rates?|caps?|ratios?) (that )?(applied )?"
    r"(back then|at that time|in that year)\b",
    re.I,
)
# A draft of the measures (征求意见稿, an earlier draft) is another version, whatever its year.
_DRAFT = re.compile(
    r"征求意见稿|(?:政策|措施|文件)[^，。？！,?]{0,6}(?:草案|草稿)|"
    r"\bdrafts? (?:of|version of) (?:the |these |this )?(?:measures|policy|policies|document|text)\b|"
    r"\b(?:measures|policy|document)(?:'s)? (?:in )?drafts?\b",
    re.I,
)
# Whether a standard still holds, or was changed, in a year written (到2024年还是这个数吗, has the cap been raised
# since 2023?): that year's version.
_CHANGED = re.compile(
    r"还是这个(?:数|标准|比例|上限|额度)|有没有(?:调高|调低|调整|变化|变)|(?:调高|调低|调整|变)了(?:吗|没)|"
    r"\b(?:still the same|been (?:raised|lowered|changed|adjusted|updated)|(?:has|have) (?:it|they|that|the \w+) "
    r"(?:changed|been raised)|changed since)\b",
    re.I,
)
# next year's standard, not the asker's plan for next year (明年打算做技改, next year we plan to …)
_FUTURE = re.compile(
    r"(?:明年|下一年)(?!(?:我们|公司|厂里)?(?:打算|计划|准备|要做|想|会))|下一版|今后会|"
    r"\bnext year\b(?!,? (?:we|our|i)\b)|\bnext version\b",
    re.I,
)
_SENTENCE = re.compile(r"[^。！？!?]+")


def other_period(text: str, years: set[int], source: str = "") -> bool:
    """Whether the question asks about another year's version of the policy (2019年的政策, the 2024 revision, the
    cap in 2021, next year's voucher), a draft of it, or another five-year plan's targets than the ones the
    document names (十五五 when it names 十四五)."""
    named = {int(year) for m in _PERIOD.finditer(text) for year in m.groups() if year}
    asked, own = set(), set()  # years of sentences asking for a standard, and years of the asker's own figures
    for sentence in _SENTENCE.findall(text):
        found = {int(year) for year in _YEAR_RE.findall(sentence)}
        named |= _standard_of_year(sentence)
        if _OWN.search(_YEAR_RE.sub("", sentence)):
            own |= found
        elif _STANDARD.search(sentence):
            if _FUTURE.search(sentence):
                return True
            asked |= found
    named |= asked - own
    if _THEN.search(text) or _CHANGED.search(text):  # 2019年的门槛…当年的规定是怎样的: the rules of the year written
        named |= {int(year) for year in _YEAR_RE.findall(text)}
    plans = {_PLAN_NAMES.get(m.group(1) or "", m.group()) for m in _PLAN.finditer(text)}
    return bool(named - years) or any(plan not in source for plan in plans) or _DRAFT.search(text) is not None


_YEAR_CLAUSE = 25  # characters after a year read for the standard it asks, within its comma clause
# a rule's own figure (not 多少 / how much, which as often asks what the asker's own spending of that year gets)
_RULE_OF_YEAR = re.compile(r"上限|额度|标准|比例|门槛")


def _standard_of_year(sentence: str) -> set[int]:
    """Years whose standard the Chinese words right after them ask, with nothing of the asker's own between: in a
    sentence typed by voice without punctuation, 2020年的时候三首支持比例是多少…我们那年有个合同 asks 2020's rate
    though the asker speaks of their own contract later in the same sentence. (An English year before "the cap"
    as often dates the asker's own contract.)"""
    asked = set()
    for year in _YEAR_RE.finditer(sentence):
        after = re.split(r"[，,；;]", sentence[year.end() : year.end() + _YEAR_CLAUSE])[0]
        standard = _RULE_OF_YEAR.search(after)
        if standard and not _OWN.search(after[: standard.start()]):
            asked.add(int(year.group(1)))
    return asked


_FIGURE = _STATES["amount"]  # money or a share
_GRANT = re.compile(r"(给予|予以|加大|加强)[^，；,;]{0,20}(支持|扶持|奖励|资助)|一定支持")


def priced_elsewhere(sentences: list[str], shares: Callable[[str], bool]) -> bool:
    """Whether a measure's money figures all stand in sentences that share no word with the question, while others
    do: the figure is another thing's (a 200万元 re-evaluation grant beside the insurance it asks the premium of)."""
    priced = [s for s in sentences if _FIGURE.search(s)]
    return bool(priced) and any(shares(s) for s in sentences) and not any(shares(s) for s in priced)


def unpriced_grant(sentence: str, score: Callable[[str], float]) -> bool:
    """Whether the part of a sentence a question is about grants a support without a figure, the figure of
    the sentence being another part's: 给予国家级、市级智能工厂一定支持 beside a 5万元 voucher for others.

    ``score`` rates how well a part matches the question; a tie goes to the part with the figure.
    """
    if not _FIGURE.search(sentence):
        return _GRANT.search(sentence) is not None
    parts = [part for part in re.split(r"[，；,;]", sentence) if part]
    grants = [score(part) for part in parts if _GRANT.search(part) and not _FIGURE.search(part)]
    priced = [score(part) for part in parts if _FIGURE.search(part)]
    return bool(grants) and max(grants) > max(priced)
