"""Tests for assistant.answering.asked: what kind of value is asked, and whether sentences state it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.answering.asked import (
    asked_attributes,
    named_vouchers,
    other_period,
    priced_elsewhere,
    unpriced_grant,
    unstated,
    voucher_sentences,
)

SUBSIDY = "对符合条件的产业园区“二转二”开发贷款给予贴息支持。"
DORMS = "“十四五”期间，本市产业园区提供2万套以上职工宿舍。"
TALENT = "每年培育引进200名高水平技能人才。"
RENTAL = "获得上述支持政策的产业用房，应严格落实租赁管理要求。"
EDA = "对集成电路企业和创新平台购买……按照规定给予不超过实际采购金额50%资助。"
VOUCHERS = "市、区联合以奖励或成长券形式支持“小升规、规转强”，按照企业产值增速分档，市级给予最高不超过50万元券值奖励。"
SCALES = "对工业产值首次突破10亿元、50亿元、100亿元等不同规模的先进制造业企业，鼓励各区按照规定给予支持。"
GROWTH = "合理约定达产目标，将孵化能力、入驻企业数量增长速度和估值规模等成长性指标……纳入资源利用效率评价体系。"
RESERVE = "加快建设国家级电子化学品国际储备中心（交易中心）。"
LAND_PREMIUM = "工业企业工业用地经批准提升容积率不再补缴土地款。"


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "missing"),
    [
        ("“二转二”开发贷款贴息利率是多少？能贴几个点？", "rate", SUBSIDY, "rate"),
        ("What is the interest rate of the subsidized park loan?", "rate", SUBSIDY, "rate"),
        ("What's the subsidized rate? Like how many basis points?", "rate", SUBSIDY, "rate"),
        ("二转二贷款贴息能贴多少基点？", "rate", SUBSIDY, "rate"),
        ("What interest subsidy rate will we get on the loan?", "rate", SUBSIDY, "rate"),
        ("EDA补贴比例是多少？", "rate", EDA, None),  # the sentence states 50%
        ("申请材料交上去以后，一般多久能审批下来？", "duration", EDA, "duration"),
        ("How many working days until the money arrives?", "duration", EDA, "duration"),
        ("今年首台套的申报截止日期是哪天？", "deadline", EDA, "deadline"),
        ("去年全市一共有多少家企业拿到了支持？", "outcome", EDA, "outcome"),
        ("这个资助目前已经给了几家？", "outcome", EDA, "outcome"),
        ("How many companies actually received the support last year?", "outcome", EDA, "outcome"),
        ("算力券一张面值多少钱？", "price", SUBSIDY, "price"),
        ("What is the face value of one voucher?", "price", EDA, "price"),  # a share of something is no price
        ("浦东新区具体出了哪些配套政策、给多少钱？", "district", SUBSIDY, "district"),
        ("申报Ⅰ类创新药支持需要提交哪些材料？有模板吗？", "materials", SUBSIDY, "materials"),
        ("EDA tools: how much money does the city give?", "amount", EDA, None),  # a share answers how much
        ("“十四五”要提供2万套职工宿舍，现在已经建成多少套了？", "outcome", DORMS, "outcome"),
        # what had happened by a date
        ("How many dormitory units had the parks actually delivered by the end of 2024?", "outcome", DORMS, "outcome"),
        ("到2024年底产业园区一共建成了多少套宿舍？", "outcome", DORMS, "outcome"),
        ("上海有多少家高端制造企业？", "count", EDA, "count"),
        ("How many factories are there in the specialty parks?", "count", EDA, "count"),
        ("上海产业地图里一共有多少个市级特色产业园区？", "count", EDA, "count"),
        ("How much do districts add on top of the municipal growth voucher?", "district", EDA, "district"),
        ("Is there an online portal for the voucher application?", "channel", EDA, "channel"),
        ("标杆示范项目奖励在哪个网站上报？", "channel", EDA, "channel"),
        ("If the approval is revoked later, do we have to pay it back?", "penalty", EDA, "penalty"),
        ("How many hukou points does a skilled worker need?", "points", TALENT, "points"),  # 200名 is no score
        ("紧缺技能人才落户，积分要达到多少分？", "points", TALENT, "points"),
        ("points needed for a skilled talent hukou?", "points", TALENT, "points"),
        ("技能人才落户需要多少积分？", "points", TALENT, "points"),
        ("The drone test zones in Jinshan: when exactly will they open to operators?", "duration", TALENT, "duration"),
        ("When is the reserve centre supposed to be up and running?", "duration", RESERVE, "duration"),
        ("工业上楼的厂房最高能盖多少米？有没有限高？", "height", LAND_PREMIUM, "height"),
        ("What's the maximum building height we may go up to?", "height", LAND_PREMIUM, "height"),
        ("增速20%的那一档给多少券？", "tiers", VOUCHERS, "tiers"),
        ("What is the phone number of the responsible unit?", "contact", EDA, "contact"),
        ("Is there a hotline or a contact person for the application?", "contact", EDA, "contact"),
        ("申请的话打哪个电话咨询？", "contact", EDA, "contact"),
        ("How much cash reward does a single-champion enterprise get?", "amount", RENTAL, "amount"),
        ("盘活存量土地有没有具体的奖励金额？", "amount", RENTAL, "amount"),
        ("What's the maximum fundraising size of the REITs pilot?", "amount", RENTAL, "amount"),
        ("Which insurers have added innovative drugs to their lists so far?", "outcome", EDA, "outcome"),
        ("园区宿舍租金一个月大概多少钱一套？", "price", DORMS, "price"),
        ("每年200名技能人才，这些名额怎么分？", "allocation", TALENT, "allocation"),
        ("How are the 200 places a year split between companies?", "allocation", TALENT, "allocation"),
        ("What penalty does a park face if it rents to the wrong tenants?", "penalty", RENTAL, "penalty"),
        ("违规出租会受到什么处罚？", "penalty", RENTAL, "penalty"),
        ("What's the actual rent per square metre per day?", "price", RENTAL, "price"),
        ("创新药进了医保，报销比例能到多少？", "rate", RENTAL, "rate"),
        ("What exact growth rate is written in as the target?", "rate", RENTAL, "rate"),
        ("元宇宙基金规模有多大？", "amount", RENTAL, "amount"),
        ("特色园区平台市里最多200万，那区里一般再配多少？", "district", EDA, "district"),
        ("The voucher is tiered by growth — exactly how much do we get at 25%?", "tiers", EDA, "tiers"),
        ("贴息到底能贴几个百分点？", "rate", SUBSIDY, "rate"),
        ("这个贴息的期限是多长？", "duration", SUBSIDY, "duration"),
        ("How many core staff members recieved the award, and what was the average payout?", "outcome", EDA, "outcome"),
        ("What was the average grant per company?", "outcome", EDA, "outcome"),
        ("产业转型升级投资基金的规模有多大？", "fund", EDA, "fund"),  # a fund's size, beside another figure
        ("How much money is in the park development fund this year?", "fund", EDA, "fund"),
        ("入驻企业数量增长速度要达到百分之多少？", "rate", GROWTH, "rate"),
        ("储备中心啥时候建成投用？", "duration", RESERVE, "duration"),
        ("提容不补缴土地款，那契税要不要交？", "tax", LAND_PREMIUM, "tax"),
        ("Is the grant taxable?", "tax", EDA, "tax"),
        # one tier's figure, where the sentence says only that it is tiered
        ("成长券按产值增速分档，增速20%和50%分别对应多少券值？", "tiers", VOUCHERS, "tiers"),
        ("What is the exact voucher value for the 20-30% growth tier?", "tiers", VOUCHERS, "tiers"),
        ("Which growth-rate tier gets which voucher amount?", "tiers", VOUCHERS, "tiers"),  # words before the tier
        ("首次突破的几个档位分别对应多少产值？", "tiers", SCALES, None),  # the sentence lists them
        ("How big will the market-oriented metaverse fund be?", "fund", EDA, "fund"),
        ("What is the size (in RMB) of the metaverse fund the policy pushes to set up?", "fund", EDA, "fund"),
        ("递延纳税怎么操作，要不要交税？", "tax", "推动境外投资者境内再投资递延纳税优惠政策宣传和落地。", None),
        # what "符合条件" means in detail: unstated by a sentence saying only "eligible", stated by a threshold
        (
            "要做多少例才算符合条件？",
            "criteria",
            "对符合条件的创新药械开展的上市后再评价项目，按照规定给予最高不超过200万元支持。",
            "criteria",
        ),
        ("What are the specific criteria?", "criteria", "对总投入1000万元以上的技术改造项目，实施分类分档支持。", None),
        # how a filed application is reviewed: stated only where a sentence speaks of a review
        ("We've filed it. Who reviews our application, and is there a site visit?", "review", EDA, "review"),
        ("材料交上去以后谁来审？", "review", "经市级主管部门会同相关部门审核认定后实施。", None),
    ],
)
def test_asked_and_unstated(question: str, kind: str, sentence: str, missing: str | None) -> None:
    asked = asked_attributes(question)
    assert kind in asked
    assert unstated(asked, [sentence]) == missing


LISTED = "对工业产值首次突破10亿元、50亿元、100亿元等不同规模的先进制造业企业，鼓励各区按照规定给予支持。"
NAMED = "开展市级制造业单项冠军企业培育工作，各区对各梯度优质企业加大扶持力度。"


@pytest.mark.parametrize(
    ("fits", "missing"),
    [
        ({LISTED: 5.5, NAMED: 5.5}, None),  # the listing sentence fits the question as well as the best-ranked one
        ({LISTED: 1.0, NAMED: 3.0}, "tiers"),  # it fits worse: the tiers asked are the ones named, never listed
    ],
)
def test_tiers_are_listed_by_a_sentence_the_question_fits_as_well_as_the_best(
    fits: dict[str, float], missing: str | None
) -> None:
    assert unstated(["tiers"], [NAMED, LISTED], fits.__getitem__) == missing
    assert unstated(["tiers"], [NAMED, LISTED]) == "tiers"  # without a fit, only the best-ranked one counts


DEFERRAL = "推动境外投资者境内再投资递延纳税优惠政策宣传和落地。"
PARKS = "支持市级特色产业园区建设公共服务平台，市级资金按照规定，给予最高不超过200万元支持。"
INSURANCE = "推荐更多药械产品或服务纳入医保支付范围，鼓励保险公司开发普惠型医疗保险。"
COMPUTE = "市、区通过奖励或算力券形式，支持中小企业采购人工智能算力服务。"


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "missing"),
    [
        # a ratio, in whatever words
        (
            "What reimbursement ratio do patients get once the drug is covered by medical insurance?",
            "rate",
            INSURANCE,
            "rate",
        ),
        ("纳入医保后报销比例是多少？", "rate", INSURANCE, "rate"),
        ("What ratio of the purchase does the EDA support cover?", "rate", EDA, None),  # 50% states it
        ("贴息比例是多少？", "rate", EDA, None),
        ("What's the subsidised rate, like how many bps off LPR?", "rate", SUBSIDY, "rate"),  # what's, bps
        ("What's the support rate for EDA purchases?", "rate", EDA, None),
        # how long, whatever the verb
        ("再投资递延纳税能递延几年？", "duration", DEFERRAL, "duration"),
        ("这项税收优惠可以减免几年？", "duration", DEFERRAL, "duration"),
        ("递延纳税可以延期多久？", "duration", DEFERRAL, "duration"),
        ("How many years can the deferral last?", "duration", DEFERRAL, "duration"),
        # how many there are: a count or what exists today
        ("How many municipal-level characteristic industrial parks does the city plan?", "count", PARKS, "count"),
        ("上海规划了多少个市级特色产业园区？", "count", PARKS, "count"),
        (
            "How many municipal-level characteristic industrial parks are there in Shanghai now?",
            "outcome",
            PARKS,
            "outcome",
        ),
        ("上海现在有多少个市级特色产业园区？", "outcome", PARKS, "outcome"),
        ("How many smart factories has the city recognised so far?", "outcome", EDA, "outcome"),
        # a face value, asked of a voucher the sentence names but never prices
        ("How much is one computing-power voucher worth?", "price", COMPUTE, "price"),
        ("一张算力券面值多少？", "price", COMPUTE, "price"),
        ("算力券一张值多少钱？", "price", COMPUTE, "price"),
        # a rent the measure sets a way of pricing for, never a figure
        ("宿舍地价按租赁住房价格体系走，那房租一个月大概多少钱一间？", "price", RENTAL, "price"),
        ("按成本核算租金出租，那一平米一天大概几块钱？", "price", RENTAL, "price"),
        ("园区那些职工宿舍，每套月租大概多少？", "price", DORMS, "price"),
        # a share asked in a sign; a deadline asked by its day
        ("Energy-saving retrofit, budget ¥6.8m. What % of the cost is covered?", "rate", EDA, None),
        ("What % of the premium is covered?", "rate", RENTAL, "rate"),
        ("今年首台套申报截至到几号啊？", "deadline", EDA, "deadline"),
        ("今年三首的申报啥时候截至？", "deadline", EDA, "deadline"),  # 截至 for 截止
        # an amount asked of what a household or each buyer gets
        ("How much does a household get per appliance under the trade-in programme?", "amount", PARKS, None),
        # when a thing the measure names is to be finished: by its year too
        ("那个国际交易中心计划哪年建成投用？", "duration", PARKS, "duration"),
    ],
)
def test_unstated_kinds_in_other_words(question: str, kind: str, sentence: str, missing: str | None) -> None:
    asked = asked_attributes(question)
    assert kind in asked
    assert unstated(asked, [sentence]) == missing


@pytest.mark.parametrize(
    "question",
    [
        "首台套合同5000万能拿多少？",
        "我们的数控车床卖了十几年了",
        "Premium actually paid: 123,457 yuan. Support amount?",
        "去年营收1.2亿元，首版次软件合同700万元，能拿多少？",  # the asker's own last year
        "How is the land quota of a major industrial project guaranteed?",  # quota is the policy's word
        "What's the minimum floor area for 18,500 m² of R&D land?",
        "Would exactly 1 billion count as breaking through the 1 billion tier?",  # a tier named, not asked for
        "Which level of government pays the EDA support?",  # a level of government, no tier
        "我们不在市级特色产业园区名单里，市级资金能给多少？",  # a list named in a statement, not asked for
        "最高200万那条，责任单位有哪几家？",  # which units, not how many
        "去年买的EDA是国外进口的那几家（不属于自主安全可控），能享受资助吗？",  # those named, not how many
        "这几个企业都买了国产EDA，能补吗？",
        "What floor area ratio can an industrial plot get?",  # a multiple of the plot's area, not a share
        "年产值多少才能拿券值奖励？",  # a threshold, not a face value
        "Is the voucher worth applying for?",
        "这个政策目前一共有几条措施？",  # the document's own measures, not what exists
        "How many measures does the document have now?",
        "Our first-of-a-kind contract is 90 million tax-inclusive (80 million excluding VAT). Support?",  # a price
        "首台套合同含税1亿，能补多少？",
        "Last year we got 1 mn yuan from our district. How much could the support be?",  # the district is told of
        "电话记录：来电企业称今年工业产值第一次达到10亿元，询问是否属于首次突破的情形",  # a phone log, no contact asked
        "plant manager, on my phone sorry for typos. does that meet the threshold?",  # the asker's phone
        "【12345热线记录】来电人称其公司的产品是2类改良型新药，询问能否申请支持",  # a hotline log, no contact asked
        "We are a tier-1 supplier of car seats; how much EDA support can we get?",  # a supplier's tier
        "What does a first-tier city like Shanghai give for EDA tools?",
        # a few people in a clause that asks nothing, not how many
        "我们不是芯片公司，就硬件组几个人要画板子，买了国产EDA花了80万。能拿50%的资助不",
        "小微企业，二十几个人，通过政府性融资担保机构担保贷了300万，能贴息吗",
        "We never got approval. No extra land premium when the FAR goes up - so we're fine, right?",
        # what has happened, told beside the question, not asked
        "委托奉贤的一家CDMO生产的，目前已经正常出货。研发投入6480万，能拿多少？",
        "迄今投入研发3000万，实际拿到批件是今年3月，能申请吗？",
        "工业用地25000平方米，研发用地12000平方米，建筑面积分别至少多少",  # 面积 分别, no 积分
    ],
)
def test_ordinary_questions_ask_no_unstated_kind(question: str) -> None:
    assert unstated(asked_attributes(question), [EDA]) is None


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("2019年上海的首台套政策，支持比例是多少？", True),
        ("In the 2024 revision of these measures, what is the cap?", True),
        ("Under the 2019 edition of the growth-voucher scheme, what was the maximum?", True),
        ("2025年上海新出的生物医药政策里，医疗器械上限是多少？", True),
        ("2021年工业产值8.7亿元，2022年做到了10.3亿元，按这个政策算不算首次突破？", False),  # the asker's years
        ("这个2022年的政策什么时候施行？", False),  # the document's own year
        # a year written where a standard of the policy is asked for, with no figure of the asker's
        ("去年也就是2021年，上海对标杆性示范项目的奖励上限是多少？", True),
        ("明年小升规成长券额度会不会提高？", True),
        ("What was the cap for demonstration projects in 2021?", True),
        ("2022年我们支付保费60万；2023年又实际支付保费90万。2023年这笔能支持多少？", False),  # the asker's 2023
        ("政策写的是最高2000万、30%。研发投入4321万元，能拿多少？", False),  # 2000万 is no year
        ("2000万的上限是哪一条规定的？", False),  # nor before 的上限…规定
        ("Policy says max 2000 wan for Class I drugs. R&D was CNY 33,333,333; compute it.", False),  # 万 in pinyin
        ("Back in 2018, what percentage of the purchase did the EDA scheme cover?", True),  # a share asked of 2018
        ("Back in 2018, what was the minimum project investment for 技改 funding?", True),  # a threshold of 2018
        ("2018年技改项目的门槛是多少？", True),
        # the rules of a year written in an earlier sentence, asked for later
        ("2019年上海技改项目的门槛是不是也是总投入1000万？当年的规定是怎样的", True),
        ("Our 2019 upgrade cost 20 million. What were that year's rules for renovation support?", True),
        ("2021年我们投了3000万技改，当年的政策现在还能申请吗？", True),
        ("2023年我们营收1.2亿，能拿多少？", False),  # no rules of that year asked
        # typed by voice, one sentence: the year's rate is asked before the asker's own contract is spoken of
        ("2020年的时候上海三首支持比例是多少是不是也是三成我们那年有个合同", True),
        ("2020年我们签了个合同比例是多少", False),  # the asker's 2020 before the rule's word
        # a programme of that year, after the asker's own project of the same year
        ("Our project was a demo back in 2021. What did the 2021 Shanghai scenario programme pay?", True),
        ("2021年的时候，上海对Ⅰ类创新药也是按研发投入30%支持吗？", True),  # a share asked of that year
        ("What was the voucher worth back in 2021， before this policy took effect？", True),  # a normalized comma
        ("我们2021年研发投入3000万，按30%能拿多少？", False),  # the asker's own year and figures
        # whether a standard still holds, or was changed, in a year written: that year's version
        ("EDA按50%补、最高1000万，到2025年还是这个标准吗？", True),
        ("Has the 5 million device cap been raised in 2024?", True),
        ("2023年我们买了国产EDA，比例有没有调整过？", True),
        ("明年打算上一条新产线，技改门槛是多少？", False),  # the asker's plan for next year, today's standard
        # the share that applied at the time of the asker's own year
        ("我们2019年申报技改的时候，当时执行的支持比例是多少？", True),
        ("We applied for the EDA grant in 2020. What was the rate that applied back then?", True),
        ("我们2021年买的国产EDA，当时花了300万，能补多少？", False),  # 当时 of the asker's own spending
    ],
)
def test_other_period(question: str, other: bool) -> None:
    assert other_period(question, {2022}) is other


SMART = (
    "对年产值1亿元以上的企业，由市级资金给予不超过5万元券值奖励，"
    "鼓励各区加大支持力度，并给予国家级、市级智能工厂一定支持。"
)


def _words(question: str) -> Callable[[str], float]:
    return lambda part: float(sum(word in part for word in question.split()))


@pytest.mark.parametrize(
    ("question", "sentence", "unpriced"),
    [
        ("国家级 智能工厂 一定支持 多少钱", SMART, True),  # the figure in the sentence is another support's
        ("年产值 券值奖励 多少", SMART, False),
        ("二转二 开发贷款 贴息 多少", SUBSIDY, True),  # a grant with no figure anywhere
        ("EDA 采购 多少", EDA, False),
        ("宿舍 多少", DORMS, False),  # a figure that grants nothing is still a figure
    ],
)
def test_unpriced_grant(question: str, sentence: str, unpriced: bool) -> None:
    assert unpriced_grant(sentence, _words(question)) is unpriced


MEASURE_17 = [
    INSURANCE,
    "对符合条件的创新药械开展的上市后再评价项目，按照规定给予最高不超过200万元支持。",
    "支持符合条件的企业开展生物医药产品责任保险。",
]


@pytest.mark.parametrize(
    ("question", "elsewhere"),
    [
        ("普惠型医疗保险 保费 多少钱", True),  # the 200万元 is the re-evaluation grant's
        ("上市后再评价 项目 能补 多少", False),
        ("保险 再评价 多少", False),  # speaks to the priced sentence too
        ("量子计算 多少", False),  # speaks to none of them
    ],
)
def test_a_figure_only_in_sentences_the_question_does_not_speak_to_prices_nothing_asked(
    question: str, elsewhere: bool
) -> None:
    assert priced_elsewhere(MEASURE_17, lambda sentence: _words(question)(sentence) > 0) is elsewhere


SMART_SENTENCES = [
    "市、区联合以奖励或智评券等形式，按照规定支持企业购买智能工厂诊断咨询等服务。",
    "对年产值1亿元以上的企业，由市级资金给予不超过5万元券值奖励。",
    "鼓励各区加大支持力度。",
]


@pytest.mark.parametrize(
    ("question", "sentences", "indexes"),
    [
        ("一张算力券面值多少？", [COMPUTE, EDA], [0]),
        ("How much is one computing-power voucher worth?", [COMPUTE, EDA], [0]),
        ("智评券面值多少？", SMART_SENTENCES, [0, 1]),  # its value follows in the next sentence
        ("算力券面值多少？", SMART_SENTENCES, []),  # this measure names another voucher
        ("Measure 12 voucher reward for firms over 1亿 output: how much?", SMART_SENTENCES, []),  # none named
    ],
)
def test_a_vouchers_value_is_read_where_it_is_named(question: str, sentences: list[str], indexes: list[int]) -> None:
    assert voucher_sentences(named_vouchers(question), sentences) == indexes


def test_how_high_a_ceiling_goes_asks_no_height() -> None:
    assert "height" not in asked_attributes("How high does the ceiling go for a recognised major renovation project?")


@pytest.mark.parametrize(
    "question",
    [
        "我们是小微企业十几个人从银行贷了三百万这个贷款有没有贴息",  # a rough number, not how many
        "公司好几个员工都是高技能人才，能申请奖励吗",
    ],
)
def test_a_rough_number_asks_no_count(question: str) -> None:
    assert "count" not in asked_attributes(question)
    assert "height" in asked_attributes("How high can the factory building be?")
