"""Tests for assistant.answering.facts: yes/no facts, negations, questions about a condition, amount roles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.amounts import find_amounts
from assistant.answering.facts import StatedFacts, read_facts
from assistant.jurisdiction import mentioned_places
from assistant.normalization import normalize_line


def facts(text: str, places: set[str] | None = None) -> StatedFacts:
    normalized = normalize_line(text)
    return read_facts(normalized, tuple(find_amounts(normalized)), {"上海"}, places or set())


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("新买了国产EDA软件，花了300万", "self_controllable", True),
        ("我们续了国外EDA的license", "self_controllable", False),
        ("We bought imported EDA tools", "self_controllable", False),
        ("我们不是中小企业", "large_enterprise", True),  # a negated "no" phrase
        ("We're a large group, not an SME", "large_enterprise", True),
        # a negated entry reaches a procedure named after a long noun phrase
        (
            "the device was never admitted to either the national or the Shanghai innovative medical device "
            "special review procedure",
            "device_special_review",
            False,
        ),
        ("the device was admitted to the national special review procedure", "device_special_review", True),
        ("We're a big electronics group with 5,000 staff", "large_enterprise", True),
        ("我们是一家中型制造企业（SME）", "large_enterprise", False),
        ("非本市注册的企业", "registered_in_shanghai", False),  # the longer phrase wins over 本市注册
        ("我们没有进入创新医疗器械特别审查程序", "device_special_review", False),  # negation a few words back
        ("市级特色产业园区还没评上", "municipal_specialty_park", False),  # negation after the phrase
        ("区里自己评的特色产业园区，没有进市级名单", "municipal_specialty_park", False),
        ("我们园区去年进了市级名单", "municipal_specialty_park", True),
        ("还没向市里申请认证，可以先建仓库吗", "warehouse_certified", False),  # a negation words before the procedure
        ("The warehouse has not yet been formally certified", "warehouse_certified", False),
        ("既不是首台套也没进过创新产品推荐目录，能申请首台套支持吗", "innovative_product", False),  # no wins
        ("Output passed 10亿 for the second time this year", "crossed_scale_threshold_this_year", False),
        ("我们今年是第一次突破10亿", "crossed_scale_threshold_this_year", True),
        ("Is a national standard enough for the standards reward?", "international_standard", False),
        ("the loan is guaranteed by a private commercial guarantee company", "government_guaranteed_loan", False),
        ("a Class 2 improved new drug (改良型新药)", "class_one_innovative_drug", False),
        # who the beneficiary is not: land leased, a lab for one's own products, the company instead of its team
        ("our own land has room; however the plot is leased from a village collective", "own_land", False),
        ("We're a private manufacturer, not located in any park", "municipal_specialty_park", False),
        ("building an in-house testing lab for our own products only", "public_service_platform", False),
        ("Our company (the legal entity) would like to claim the talent award", "core_team_member", False),
        ("But we have not yet obtained support from our district.", "district_support", False),
        ("我们单位是一家市级制造业创新中心（属于创新平台，不是集成电路企业）", "innovation_platform", True),
        ("但市级危化品仓库主管部门会同相关部门的认证还没有通过", "warehouse_certified", False),
        (
            "applied for the municipal list of key foreign-invested projects but was NOT included",
            "key_foreign_project_list",
            False,
        ),
        ("We're a small manufacturer (about 80 staff)", "large_enterprise", False),
        ("our first-of-kind contract is 15,000,000 yuan", "innovative_product", True),
        ("made by a CMO in Zhangjiang", "contract_manufacturing", True),
        ("在我们上海自己的工厂生产", "contract_manufacturing", False),
        (
            "the project is on the municipal key foreign-invested projects list",
            "key_foreign_project_list",
            True,
        ),  # plural
        ("we were never put on the key foreign-invested projects list", "key_foreign_project_list", False),
        ("我们是一家小型企业", "large_enterprise", False),
        ("我们今年刚升规，有成长券吗", "crossed_scale_threshold_this_year", True),
        ("但注册证还没下来，预计明年才能拿到", "first_device_registration", False),  # 才能 of a time, not a condition
        ("an internal upgrade, not selected as a benchmark or demonstration project", "flagship_demonstration", False),
        ("我们是一家大型市属国企", "large_enterprise", True),  # the size class, a few words before the kind
        ("我们是大型民营制造集团", "large_enterprise", True),
        ("我们是化工园区外面的存量化工企业", "in_chemical_park", False),
        # applied for, or still pending: not had
        (
            "Our application to be listed in the innovative product catalogue is still under review",
            "catalogue_listed",
            False,
        ),
        ("我们正在申请认定为重大技术改造项目", "recognized_key_renovation", False),
        ("重大技术改造项目认定还在申请中", "recognized_key_renovation", False),
        ("our 'recognised major technical renovation' status is still pending", "recognized_key_renovation", False),
        ("We have not passed the 'high-quality project' recognition yet", "quality_project_recognized", False),
        ("an existing chemical plant outside any park in Jinshan", "in_chemical_park", False),
        ("the lathe isn't in the innovative product recommendation catalogue", "innovative_product", False),
        ("这是同一型号第二批的供货合同", "innovative_product", False),
        ("贷款由集团母公司担保，没走政府的融资担保", "government_guaranteed_loan", False),
        ("我们今年头一回突破了10亿", "crossed_scale_threshold_this_year", True),
        ("我们是区里认定的特色园区，市级那个名单还没进", "municipal_specialty_park", False),
        ("在线验证的是一台进口设备", "self_controllable", False),
        ("厂房已竣工能正常用，规划和质量安全都没问题", "meets_quality_safety", True),
        (
            "we haven't been through any recognition as a major technical renovation project",
            "recognized_key_renovation",
            False,
        ),
        ("重点外资项目清单我们已经报了，还没公布", "key_foreign_project_list", False),
        ("We just crossed into above-designated-size this year", "crossed_scale_threshold_this_year", True),
        ("我是个体户，开了个小厂", "large_enterprise", False),
        ("This one is a second, identical unit of the same model", "innovative_product", False),
        ("we want to skip the high-quality project recognition step", "quality_project_recognized", False),
        ("we never got the approval paperwork for the higher plot ratio", "far_increase_approved", False),
        ("要走优质项目认定，我们这个程序还没走", "quality_project_recognized", False),
        # a recognition applied for with a department is not had; one applied for and granted is
        ("已经向市经信委申报重点产业领域重大技术改造项目的认定，还在走流程", "recognized_key_renovation", False),
        ("我们已经申报并获得认定的重点产业领域重大技术改造项目", "recognized_key_renovation", True),
        ("上个月已向主管部门提交了现有优质项目认定申请，目前还在审核", "quality_project_recognized", False),
        # named, then said later in its sentence to await a decision: not had; said to be had, or something else
        # awaiting: had
        ("现有优质项目认定的申报材料已经递上去了，还在审，没有批下来", "quality_project_recognized", False),
        (
            "They submitted the papers for the high-quality project recognition procedure two weeks ago; "
            "it has not been passed yet",
            "quality_project_recognized",
            False,
        ),
        # the pending cue is a phrase of its own (under review): it names no other fact in between
        (
            "We submitted for the 现有优质项目认定 in May, but it's still under review.",
            "quality_project_recognized",
            False,
        ),
        # another procedure named between the fact and the wait is the one awaited, unless a cue holds its word
        (
            "A municipal major IC project; the certification by the warehouse authority is still pending",
            "major_industrial_project",
            True,
        ),
        ("区里的支持意见已经打报告申请了，还在等批复", "district_support", False),
        ("已经通过了现有优质项目认定，另外规划审批还在审", "quality_project_recognized", True),
        ("现有优质项目认定已经通过了，规划那边还在审", "quality_project_recognized", True),
        ("已经进了国家创新医疗器械特别审查程序（绿色通道），但注册证还没下来", "device_special_review", True),
        ("我们是本市注册申请人，Ⅰ类创新药已获批", "registered_in_shanghai", True),  # an applicant, not an application
        ("区里的重点外资项目库里有，但市级重点外资项目清单上没有我们", "key_foreign_project_list", False),
        # a negation inside an aside stays there; one before an aside reaches past it
        ("we bought (we're the buyer, not the developer) domestic 自主安全可控 EDA", "self_controllable", True),
        (
            "It has NOT been 认定 (recognized) as a major tech renovation project",
            "recognized_key_renovation",
            False,
        ),
        # a negation before a spaced hyphen stays in its clause
        (
            "We don't have our own plant - a CMO makes it for us under a contract manufacturing arrangement",
            "contract_manufacturing",
            True,
        ),
        (
            "Our wholly foreign-owned company bought domestic EDA",
            "self_controllable",
            True,
        ),  # foreign-owned says nothing
        # what the asker replaces says nothing of what they bought
        ("为了替换进口的设计软件，我们采购了国产EDA", "self_controllable", True),
        ("We switched from Cadence to a domestic EDA suite", "self_controllable", True),
        ("我们用国产工具取代了原来的境外软件", "self_controllable", True),
        # phrases of two facts that overlap both stand ("our factory" and "factory project")
        ("The first hall of our factory project is done", "industrial_project", True),
        # ways of saying a loan had no government guarantee, a certificate is not the first, the land is not industrial
        ("贷款是拿设备做抵押从银行贷的", "government_guaranteed_loan", False),
        ("the bank loan is secured by a mortgage on our warehouse", "government_guaranteed_loan", False),
        ("今年只是办理了注册证延续", "first_device_registration", False),
        ("那块地是商业用地，不是工业用地", "industrial_land", False),
        ("厂区的地是跟村里长期租的（租赁用地，签了20年）", "own_land", False),
        ("我们的地块是工业企业工业用地", "industrial_land", True),
        ("the building passed the quality and safety checks", "meets_quality_safety", True),
        ("规划部门批准提高了容积率", "far_increase_approved", True),
        ("我们在做仿制药的一致性评价", "innovative_drug_or_device", False),
        ("it is a biosimilar, nothing innovative", "innovative_drug_or_device", False),
        # "isn't it …?" affirms; 什么 in 不是什么创新平台 is no question
        ("首台套不是最高给2000万嘛，我们的首台套装备今年签了合同", "innovative_product", True),
        ("我们不是什么首台套产品，就是普通设备", "innovative_product", False),
        # a negation after the procedure's own word and who did it
        ("现有优质项目认定程序我们还没过", "quality_project_recognized", False),
        # an imported machine a trading company distributes is no first-of-a-kind product
        ("我们代理德国一个品牌的五轴加工中心，这种进口设备能按首台套补吗", "innovative_product", False),
        # the certificate said to be the product's second: not its first
        (
            "the registration certificate from 2023 is our second one for this device",
            "first_device_registration",
            False,
        ),
        ("这个产品的注册证是第二张了，第一张是2019年拿的", "first_device_registration", False),
        ("our own industrial land", "industrial_land", True),
        ("FAR increase 1.2 -> 2.5 got approved last month", "far_increase_approved", True),
        ("会员企业是商贸流通企业，不从事制造", "high_end_manufacturer", False),
    ],
)
def test_stated_facts(text: str, field: str, value: bool | None) -> None:
    assert getattr(facts(text).profile, field) is value


@pytest.mark.parametrize(
    "text",
    [
        "必须在上海注册吗？",
        "Does it have to be a domestic EDA tool?",
        "国产的才能申请吗？",
        "Is registration in Shanghai required?",
    ],
)
def test_a_condition_asked_about_states_nothing(text: str) -> None:
    assert facts(text).values == {}


def test_registered_in_another_place() -> None:
    stated = facts("我们公司注册在杭州，能拿这个EDA补贴吗？", places={"杭州"})
    assert stated.profile.registered_in_shanghai is False


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("EDA花了680万，另外续了国外EDA的license 1200万，还配了300万的服务器", "spending.eda_tools", "680万"),
        ("2021年工业产值8.7亿元，2022年做到了10.3亿元", "annual_output", "10.3亿"),  # the latest year's
        ("output hit RMB 5.2 billion this year (last year was 4.6bn)", "annual_output", "52亿"),
        ("研发投入5600万，去年销售收入3亿", "spending.innovative_drug_rd", "5600万"),
        ("an energy-saving technical renovation, total investment 30 million", "spending.green_project", "3000万"),
        ("设备总价值2亿元，实际支付保险费126.8万元", "spending.verification_insurance", "126.8万"),
        # the year nearest the amount, a few English words away; "before" is earlier than any year written
        ("output was 4.6 billion at its best before, and in 2022 it came in at 5.3 billion", "annual_output", "53亿"),
        ("output went from RMB 960m in 2021 to RMB 1.02bn in 2022", "annual_output", "10.2亿"),  # its own year
        ("去年销售收入3亿，委托生产费用2000万，研发投入5600万", "spending.innovative_drug_rd", "5600万"),
        (
            "In 2022 we paid 300k in premiums. In 2023 a second material went online and we paid 520k in premiums.",
            "spending.verification_insurance",
            "52万",
        ),  # the sentence's year, however far back
    ],
)
def test_amounts_fill_the_field_their_words_name(text: str, field: str, value: str) -> None:
    """The role names the field; when several amounts name it, the latest year's or the nearest one is the asker's."""
    stated = facts(text)
    wanted = find_amounts(normalize_line(value))[0].value
    chosen = [role for role in stated.roles if field in role.fields]
    assert wanted in [role.amount.value for role in chosen]
    if field != "spending.innovative_drug_rd":  # "研发投入" names drug and device R&D alike
        head, _, tail = field.partition(".")
        assert (getattr(getattr(stated.profile, head), tail) if tail else getattr(stated.profile, head)) == wanted


@pytest.mark.parametrize(
    "text", ["想申请绿色低碳支持1200万，可以拿这么多吗？", "We'd like to apply for support of RMB 12 million"]
)
def test_the_support_asked_for_named_before_its_amount(text: str) -> None:
    (role,) = facts(text).roles
    assert role.requested


def test_a_figure_quoted_from_the_policy_is_not_the_askers() -> None:
    stated = facts("上限2000万的首台套，我们合同1亿能拿多少")
    assert [(role.amount.text, role.quoted) for role in stated.roles] == [("2000万", True), ("1亿", False)]
    assert stated.profile.spending.first_of_a_kind_contract == Decimal(100_000_000)
    stated = facts("Innovative device R&D investment RMB 14m. I read the policy caps devices at 5m.")
    assert [(role.amount.text, role.quoted) for role in stated.roles] == [("RMB 14m", False), ("5m", True)]
    stated = facts("I read the cap for Class I drugs is 20 million. R&D investment was 45 million yuan.")
    assert [role.quoted for role in stated.roles] == [True, False]
    stated = facts("Device R&D took RMB 20 million. The policy mentions a 5 million cap, so do we get that?")
    assert [role.quoted for role in stated.roles] == [False, True]
    # the result of the asker's own arithmetic is the support expected; a label's "=" gives a figure of their own
    stated = facts("Contract value RMB 9m, so 30% = 2.7 million?")
    assert [role.quoted for role in stated.roles] == [False, True]
    stated = facts("Industrial output 2023 = RMB 1.2 billion; contract = RMB 8m")
    assert [role.quoted for role in stated.roles] == [False, False]
    # the asker's own record is no maximum of the policy
    stated = facts("我们历年产值最高才38亿，今年做到了52亿")
    assert [role.quoted for role in stated.roles] == [False, False]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("研发投了2300万，上限是不是跟创新药一样2000万", [False, True]),  # the cap compared with another's
        ("研发花了4800万 我听别人说上限只有500万?", [False, True]),
        ("去年年产值正好1个亿 市里那个5万券值的奖励我们够格吗", [False, True]),  # a voucher's face value
        ("去年我们产值刚好一个亿 市里那个五万块的券我们够不够格", [False, True]),
        ("总投入刚好1000万，算不算“总投入1000万元以上”？", [False, True]),  # the policy's words in quotation marks
        ("技改项目总投入3亿元，支持上限能不能按1亿元来算？", [False, True]),  # the cap counted by (按) a figure
        ("The project invests 300 million; can its support cap be the 100 million one?", [False, True]),
        ("We invested 15 million; is the RMB 10 million investment threshold met?", [False, True]),  # a word between
        ("投了1500万，1000万门槛够了吧", [False, True]),
        # the support someone expects, not a base
        (
            "R&D was RMB 23.7 million; the consultant said the support would be somewhere between 5 and 8 million",
            [False, True],
        ),
        ("EDA花了300万，补贴估计有150万吧？", [False, True]),
        ("We expect support will be RMB 1.5 million for the EDA tools we bought for 3 million", [True, False]),
        ("The support for our EDA purchase of RMB 3 million would be how much?", [False]),
        # the asker's own total "adds up to" a figure; a support "up to" one is quoted
        ("We bought EDA tools. The licence invoices add up to RMB 2.8m.", [False]),
        ("Is the EDA support up to RMB 2 million?", [True]),
    ],
)
def test_a_cap_or_face_value_quoted_in_other_words(text: str, quoted: list[bool]) -> None:
    assert [role.quoted for role in facts(text).roles] == quoted


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("公司19年产值就过了10个亿 20年疫情掉了 今年又回到11亿", [2019, 9999]),  # 19年: 2019; 20年 starts the next
        ("成立15年 产值10亿", [0]),  # years of existence are no year
    ],
)
def test_the_year_of_each_figure(text: str, years: list[int]) -> None:
    assert [role.year for role in facts(text).roles] == years


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The 'high-quality project' recognition paperwork takes months. Can we skip that step?", False),
        ("优质项目认定太慢了，能不能跳过这一步先开工", False),
        ("Our expansion passed the high-quality project recognition. Can we start?", True),
    ],
)
def test_a_procedure_asked_to_be_skipped_is_not_had(text: str, value: bool) -> None:
    assert facts(text).profile.quality_project_recognized is value


def test_shared_words_are_broken_by_each_amounts_own_words() -> None:
    stated = facts("a Ⅰ类创新药 with R&D of 5000万 and an innovative medical device with R&D of 1000万")
    assert [role.field for role in stated.roles] == ["spending.innovative_drug_rd", "spending.innovative_device_rd"]


def test_a_figure_said_to_be_passed_in_an_earlier_year_is_the_askers() -> None:
    """2018年就超过100亿 equals the tier the question names, but a year earlier than the latest makes it the
    asker's own figure, and "超过" says the output was more than it."""
    stated = facts("2018年产值就超过100亿了，今年又回到105亿，算首次突破100亿吗").quoting({Decimal(10_000_000_000)})
    assert [(role.amount.text, role.quoted, role.passed) for role in stated.roles[:2]] == [
        ("100亿", False, True),
        ("105亿", False, False),
    ]
    assert stated.profile.annual_output == Decimal(10_500_000_000)


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("技改项目总投入刚好1000万元整：设备650万，软件、安装调试350万，够门槛吗？", Decimal(10_000_000)),
        (
            "Our renovation project has a total investment of ¥10,000,000 exactly — equipment 7.2m, software 1.3m, "
            "installation 1.5m. Does it have to be above 10 million?",
            Decimal(10_000_000),
        ),
    ],
)
def test_a_total_broken_down_is_the_askers_whatever_threshold_it_equals(text: str, total: Decimal) -> None:
    """The amounts after it add up to it: the asker's figure, not the policy's threshold quoted."""
    stated = facts(text).quoting({total})
    assert not stated.roles[0].quoted
    assert stated.profile.spending.technical_renovation == total


def test_figures_of_earlier_years_give_way_to_this_years() -> None:
    stated = facts("前几年产值一直在8、9个亿晃，2021年9.6亿，今年预计能到10.3亿")
    assert stated.profile.annual_output == Decimal(1_030_000_000)
    # an English sentence holding a Chinese word (首台套) and a 万 figure is still English: its year is the sentence's
    stated = facts(
        "Last year we had a first-set contract of 1,900万 that was already handled. This year we signed a new "
        "首台套 contract worth 2,680万 for a different machine."
    )
    assert stated.profile.spending.first_of_a_kind_contract == Decimal(26_800_000)


@pytest.mark.parametrize(
    "text",
    [
        "Our output first went past RMB 1 billion back in 2019 and was 1.2 billion in 2022.",
        "Output broke through 1 billion in 2019; 2022 came in at 1.2 billion.",
        "2019年产值就突破10亿了，2022年是12亿。",  # a guard: held before
    ],
)
def test_a_figure_gone_past_is_marked_passed(text: str) -> None:
    assert facts(text).roles[0].passed


def test_a_figure_first_passed_in_an_earlier_year_is_the_askers() -> None:
    """ "for the first time" names no object the amount was spent on, and the year said after it is the amount's."""
    stated = facts("Our output crossed 5 billion yuan for the first time back in 2019, and this year we're at 5.8bn.")
    assert [(role.amount.text, role.fields[:1], role.year) for role in stated.roles] == [
        ("5 billion yuan", ("annual_output",), 2019),
        ("5.8bn", ("annual_output",), 9999),
    ]


def test_a_tier_never_passed_is_not_the_askers_figure() -> None:
    stated = facts("Output reached RMB 1.08 billion in 2023 and had never been above 1 billion before.")
    assert [(role.amount.text, role.quoted) for role in stated.roles] == [
        ("RMB 1.08 billion", False),
        ("1 billion", True),
    ]
    assert stated.profile.annual_output == Decimal(1_080_000_000)


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("我们想申请900万奖励", True),
        ("We plan to apply for RMB 12 million of support", True),
        ("示范项目投资3000万", False),
        ("上线验证实际支付的保险费60万元的支持", False),  # the support on an amount, not the amount asked for
        ("想申请单个项目1200万的支持，能批到这个数不", True),  # 的支持 after a word asking for it
        ("We want to give our core team leader a talent award of RMB 800k", True),  # the award named before it
    ],
)
def test_the_support_asked_for_is_no_base(text: str, requested: bool) -> None:
    (role,) = facts(text).roles
    assert (role.requested, role.quoted) == (requested, requested)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("We are headquartered and registered in Suzhou; a CDMO in Zhangjiang, Shanghai makes our drug.", {"苏州"}),
        # the registration applicant is the asker's entity elsewhere
        ("The registration applicant for our Class I innovative drug is our Hangzhou (Zhejiang) entity", {"杭州"}),
        ("Their registrant entity sits in Suzhou and holds the approval", {"苏州"}),  # English words run longer
    ],
)
def test_registered_in_another_place_named_in_english(text: str, places: set[str]) -> None:
    assert facts(text, places).profile.registered_in_shanghai is False


@pytest.mark.parametrize(
    "text",
    [
        "这种情况能算首次取得注册证吗？",  # 能算 … 吗 asks
        "Could a renewal count as the first registration?",
    ],
)
def test_whether_something_counts_states_nothing(text: str) -> None:
    assert facts(text).values.get("first_device_registration") is not True


@pytest.mark.parametrize(
    "text",
    [
        "Would the 2022 figure count as a first-time breakthrough of the 1 billion level?",
        "Does this year qualify as a first-time breakthrough?",
        "Could 2024 be considered the first time we broke 5 billion?",
        "这个能算首次突破吗？",  # a guard: held before
    ],
)
def test_whether_a_year_counts_as_the_first_states_nothing(text: str) -> None:
    assert "crossed_scale_threshold_this_year" not in facts(text).values


def test_a_question_in_the_a_not_a_form_negates_nothing() -> None:
    """属不属于 asks; a window of words before the phrase that cuts it leaves 不属于, which is no negation either."""
    text = "之前都没有超过10亿元。请问属不属于措施里说的工业产值首次突破10亿元的情形？"
    assert facts(text).values.get("crossed_scale_threshold_this_year") is not False


@pytest.mark.parametrize(
    ("text", "industries"),
    [
        ("我们做家具，跟芯片没关系", ["other"]),  # disowned after the phrase
        ("我们是汽车零部件厂，和集成电路不沾边", ["automotive"]),
        ("我们公司做汽车座椅的，跟芯片八竿子打不着", ["automotive"]),
        ("We have nothing to do with semiconductors; we make furniture", ["other"]),
        ("我们是芯片企业，未来打算做汽车电子", ["integrated_circuits", "automotive"]),  # 未来 is no negation
        ("We make auto seat frames, not chips", ["other"]),  # only disowned: none the measures name
        # a trade the measures do not name, named in its own words
        ("We make injection-moulded plastic housings for washing machines", ["other"]),
        ("我们是做注塑件的，给洗衣机配套", ["other"]),
        # an enterprise of it disowned, however it is named again
        ("我们是汽车零部件企业（不是集成电路企业），为了做车规芯片的前期验证买了国产EDA", ["automotive"]),
        # a hazardous-chemicals firm is a chemicals firm, whichever chain its project serves
        (
            "我们是化工园区外的一家存量危化企业,准备建一个给集成电路重点产业链做配套的危化项目",
            ["integrated_circuits", "chemicals"],
        ),
        ("existing hazchem enterprise outside any chemical park", ["chemicals"]),  # abbreviated
    ],
)
def test_an_industry_disowned_is_not_stated(text: str, industries: list[str]) -> None:
    assert facts(text).values.get("industries") == industries


@pytest.mark.parametrize(
    ("text", "activities"),
    [
        ("我们买了国产EDA工具", {"spending.eda_tools"}),
        ("we're running an energy performance contracting project at our plant", {"spending.green_project"}),
        ("the plant we insure is running a clean production project", {"spending.green_project"}),
        ("our subsidiary has carried out an energy-saving retrofit", {"spending.green_project"}),  # a guard
        ("如果我们买EDA工具，能补吗", set()),  # not done
        ("我们没买EDA", set()),
        ("Must we have bought the EDA tools before applying?", set()),  # asked
        ("以园区名义（不是单个企业）在策划园区零碳示范", {"spending.green_project"}),  # the negation is the bracket's
        ("我们（园区）没有在做零碳示范", set()),
    ],
)
def test_spending_stated_without_its_amount(text: str, activities: set[str]) -> None:
    assert facts(text).activities == activities


def test_what_was_paid_after_a_quote_is_the_quoted_items_amount() -> None:
    text = "国产EDA报价600万，最后实际付款520万"
    assert [role.fields for role in facts(text).roles] == [("spending.eda_tools",), ("spending.eda_tools",)]
    assert facts(text).profile.spending.eda_tools == Decimal(5_200_000)


@pytest.mark.parametrize(
    ("text", "spending"),
    [
        # "in full" names no object; the insured amount is no premium
        (
            "The insured amount is CNY 450,000,000 and we paid an insurance premium of CNY 1,800,000 in full.",
            {"verification_insurance": 1_800_000},
        ),
        # the amount before its noun: a RMB 6 million purchase of EDA tools
        (
            "a first-of-a-kind equipment contract of RMB 40 million and a RMB 4 million purchase of domestic EDA tools",
            {"first_of_a_kind_contract": 40_000_000, "eda_tools": 4_000_000},
        ),
        # a production line's figure is another thing's; the label after a comma is the next figure's
        ("创新医疗器械，生产线投了6000万，研发投入1580万", {"innovative_device_rd": 15_800_000}),
        # the final figure after a range
        ("首批次新材料，合同额预计在3000万到3500万之间，最终签的是3,280万", {"first_of_a_kind_contract": 32_800_000}),
        # servers are the earlier figure's object, not a label of the later one
        ("we spent 4 million on servers and 1.6 million on a self-controllable EDA tool", {"eda_tools": 1_600_000}),
        # a contract of what the question names is that purchase's (an EDA licence's), paid as the later figure says
        ("我们是集成电路企业,买自主安全可控EDA,合同原价260万,谈下来实际支付1,999,999元", {"eda_tools": 1_999_999}),
        ("采购自主安全可控EDA，合同报价600万元，谈下来实际付了520万元", {"eda_tools": 5_200_000}),
        # with nothing else bought, a contract is a first-of-a-kind contract; a unit's price is no total
        ("首台套合同5000万", {"first_of_a_kind_contract": 50_000_000}),
        ("我们卖了3台首台套盾构机,单台大概1700万,合同总额5000万元", {"first_of_a_kind_contract": 50_000_000}),
        # a contract's amount, not what was invoiced or paid of it so far; a premium paid so far is what was paid
        (
            "First-of-a-kind equipment: we quoted RMB 7.2 million, the signed contract ended up at RMB 6.75 million, "
            "and so far we've invoiced 3 million.",
            {"first_of_a_kind_contract": 6_750_000},
        ),
        ("首台套合同金额2000万，到目前为止客户付了定金400万", {"first_of_a_kind_contract": 20_000_000}),
        # billed is what was paid, after a quote
        (
            "The verification insurance premium was quoted at ¥2.4m; after negotiation the insurer billed ¥1.96m.",
            {"verification_insurance": 1_960_000},
        ),
        (
            "Insurance quote for line verification was RMB 1.2 million, but we only actually paid 800k so far.",
            {"verification_insurance": 800_000},
        ),
        (
            "三首合同金额1亿元，另外买自主安全可控EDA花了500万元",
            {"first_of_a_kind_contract": 100_000_000, "eda_tools": 5_000_000},
        ),
        # the label after a comma is the next figure's, though a word or two stands between
        (
            "Our flagship demonstration project: investment 18.4 million, company revenue about 900 million",
            {"demonstration_project": 18_400_000},
        ),
    ],
)
def test_each_figure_is_what_its_own_words_name(text: str, spending: dict[str, int]) -> None:
    stated = facts(text).profile.spending.model_dump(exclude_none=True)
    assert stated == {name: Decimal(value) for name, value in spending.items()}


def test_what_is_said_of_an_amounts_object_named_by_a_verb_after_it() -> None:
    stated = facts("RMB 6m on domestic self-controllable EDA tools and RMB 15m renewing foreign EDA licences")
    assert [stated.about(role) for role in stated.roles] == [{"self_controllable": True}, {"self_controllable": False}]


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        ("EDA标价500万，实际付款420万", [True, False]),
        ("The machine sells for 3m; our contract was 2.8m", [True, False]),
        ("Our first-of-a-kind coater sold for 12m, and we bought EDA tools for 1.5m", [False, False]),  # a sale
    ],
)
def test_a_list_price_is_marked_as_an_offer(text: str, offers: list[bool]) -> None:
    assert [role.offer for role in facts(text).roles] == offers


@pytest.mark.parametrize(
    ("text", "only"),
    [
        # a word of one field names it where a shared one ("contract") would name two
        (
            "Contract value ¥33M; ¥2M on EDA. What 三首 support does the implanter contract bring?",
            {"spending.first_of_a_kind_contract"},
        ),
        ("药和器械各有研发投入，只算器械的能补多少？", {"spending.innovative_device_rd"}),
        ("Drug R&D 20 million, device R&D 6 million. Just for the drug: how much?", {"spending.innovative_drug_rd"}),
        ("Only the EDA part, please", {"spending.eda_tools"}),
        ("仅EDA就花了300万，另外保险80万，各能补多少？", set()),  # 仅 … 就 states, it does not narrow the question
        ("For now I only want to know the EDA part: how much?", {"spending.eda_tools"}),
        # the closing question names what is asked; the other amounts describe the case
        (
            "Contract RMB 30 million, premium paid RMB 900,000. How much is the insurance support?",
            {"spending.verification_insurance"},
        ),
        ("买EDA花了300万，保费80万。EDA能补多少？", {"spending.eda_tools"}),
        ("买EDA花了300万，保费80万，EDA能补多少？", set()),  # one sentence with the figures: nothing narrowed
        ("EDA 300万, premium 80万. How big is the reward?", set()),  # names no object
    ],
)
def test_a_question_narrowed_to_one_object(text: str, only: set[str]) -> None:
    assert facts(text).only == only


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("买EDA花了300万，另外买了台50万的服务器", "50万"),  # bought alongside, of a thing no support funds
        ("EDA RMB 6 million, and another RMB 2m on servers", "RMB 2m"),
        ("registered capital RMB 100 million, R&D investment RMB 38 million", "RMB 100 million"),
        ("公司注册资本5000万，今年技改投资2000万", "5000万"),
        ("produced at its plant (plant investment 40 million, 120 employees). R&D: 9,870,000 yuan", "40 million"),
        ("produced in our own Pudong plant (the plant cost 30m). Device R&D investment is RMB 9.8 million", "30m"),
        ("我们自己建厂花了3000万，器械研发投入980万", "3000万"),
        ("创新医疗器械研发投入930万元，委托加工费200万元", "200万元"),  # a manufacturing fee
        ("our first-batch material landed a RMB 80M contract; we're valued at 1.5 bn RMB post-money", "1.5 bn RMB"),
        # the whole company's figure beside the product's own of the same kind
        ("R&D on the device itself 520 wan, total company R&D this year 4,100 wan", "4,100 wan"),
        ("该器械研发投入700万，全公司研发投入6000万", "6000万"),
    ],
)
def test_money_that_is_no_spending_is_no_base(text: str, other: str) -> None:
    roles = {role.amount.text: role for role in facts(text).roles}
    assert roles[other].other and not roles[other].fields
    assert [r for r in roles.values() if not r.other and r.fields]  # the amount beside it keeps its role


@pytest.mark.parametrize(
    "text",
    [
        "We paid RMB 4m for qualifying independent, secure and controllable EDA tools",  # its object after a comma
        "Our benchmark demonstration project: we spent 52 million yuan on the project.",  # refers back
        "花了300万的钱买EDA",  # money, not a thing
    ],
)
def test_an_amount_spent_on_the_thing_asked_about_stays_a_base(text: str) -> None:
    assert not any(role.other for role in facts(text).roles)


@pytest.mark.parametrize(
    "text",
    [
        "a 5G benchmark demonstration project with RMB 30 million invested, and a device with R&D of RMB 9 million",
        "our demonstration project: RMB 45m invested. separately an innovative device, R&D RMB 6m",
    ],
)
def test_a_demonstration_project_names_its_own_investment(text: str) -> None:
    """ "Demonstration project" is the yes/no fact and the money word at once: the amount after it is its investment,
    never the R&D of the device named next."""
    first = facts(text).roles[0]
    assert first.fields == ("spending.demonstration_project",)


def test_the_whole_companys_figure_alone_stays_a_base() -> None:
    """Nothing of the product's own beside it: the company's R&D is all the asker gave (a guard: passes both ways)."""
    text = "Company-wide R&D was RMB 52m this year. Device support?"
    assert not any(role.other for role in facts(text).roles)


def test_the_object_named_after_an_amount_describes_it() -> None:
    """ "860,000 yuan of insurance premiums" is the premium; the equipment's value in brackets is not."""
    stated = facts(
        "We paid 860,000 yuan of insurance premiums for online verification of our IC equipment "
        "(equipment value 30,000,000), plus 200,000 for general property insurance."
    )
    assert stated.profile.spending.verification_insurance == Decimal(860_000)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("We're a large enterprise (well above SME thresholds).", "large_enterprise", True),
        ("Can our company get the first-of-a-kind subsidy?", "innovative_product", None),  # the support's name
        ("能申请首台套补贴吗？", "innovative_product", None),
        ("我们的设备是首台套，能申请首台套补贴吗？", "innovative_product", True),
    ],
)
def test_a_support_named_after_a_condition_states_nothing(text: str, field: str, value: bool | None) -> None:
    assert facts(text).values.get(field) == value


def test_what_is_said_of_an_object_named_after_an_amount_is_about_that_amount() -> None:
    """ "foreign" was said of the licences before; the suite named after RMB 6 million is domestic."""
    stated = facts(
        "We spent RMB 9 million renewing foreign EDA licences, RMB 6 million on a qualifying domestic "
        "self-controllable EDA suite."
    )
    suite = next(role for role in stated.roles if role.amount.value == Decimal(6_000_000))
    assert stated.about(suite).get("self_controllable") is True


@pytest.mark.parametrize(
    ("text", "places", "field", "value"),
    [
        ("我们买的EDA是国外厂商的，不属于自主安全可控", set(), "self_controllable", False),
        ("The EDA we bought is imported and not domestically self-controllable", set(), "self_controllable", False),
        ("我们的一类创新药还在三期临床，尚未获批上市", set(), "drug_marketing_approved", False),  # still / not yet
        ("Our Class I drug hasn't been approved yet, still in trials", set(), "drug_marketing_approved", False),
        ("已获批上市的一类创新药", set(), "drug_marketing_approved", True),
        ("Our Class I drug was approved for marketing in 2023", set(), "drug_marketing_approved", True),
        ("一类创新药研发投入5000万", set(), "drug_marketing_approved", None),  # not stated: unknown
        ("项目还没被认定为重点产业领域重大技术改造项目", set(), "recognized_key_renovation", False),
        ("It is not recognised as a major technical renovation project", set(), "recognized_key_renovation", False),
        ("项目已被认定为重点产业领域重大技术改造项目", set(), "recognized_key_renovation", True),
        ("我们不是第一次拿医疗器械注册证了", set(), "first_device_registration", False),  # a phrase with a gap
        ("这是我们第一次拿到医疗器械注册证", set(), "first_device_registration", True),
        (
            "It is not the first time we got a device registration certificate",
            set(),
            "first_device_registration",
            False,
        ),
        ("This is the first time we obtained a registration certificate", set(), "first_device_registration", True),
        ("我们的工厂在苏州", {"苏州"}, "produced_in_shanghai", False),  # a production cue next to another place
        ("Our plant is in Suzhou, not Shanghai", {"苏州"}, "produced_in_shanghai", False),
        ("我们在上海生产", set(), "produced_in_shanghai", True),
        ("We produce it in our Shanghai plant", set(), "produced_in_shanghai", True),
        ("We renewed licences from a US EDA vendor", set(), "self_controllable", False),
        ("去年经规划部门正式批准，容积率从1.2提到了2.0", set(), "far_increase_approved", True),  # words between
        ("厂里那块工业用地是我们自己在用的", set(), "industrial_land", True),
        ("一类创新药是今年批下来的", set(), "drug_marketing_approved", True),
        ("产品在上海自己厂里生产", set(), "produced_in_shanghai", True),
        ("在上海委托生产", set(), "contract_manufacturing", True),  # the longer phrase leaves the shorter its own
        ("The client is a small private manufacturer", set(), "large_enterprise", False),  # words between
        ("A municipal major integrated-circuit project wants a warehouse", set(), "major_industrial_project", True),
        ("我们是市级重大集成电路项目", set(), "major_industrial_project", True),
        # a phrase split by an aside is read without it; the aside's own words still count
        ("A district-level (not municipal-level) characteristic park", set(), "municipal_specialty_park", False),
        ("A municipal-level (Songjiang) characteristic industrial park", set(), "municipal_specialty_park", True),
        ("一个区级产业园（不是市级特色产业园区）", set(), "municipal_specialty_park", False),  # a guard: held before
        ("某区自己挂牌的一个园区", set(), "municipal_specialty_park", False),
        ("我们打算把新增面积按市场价整体租给一家物流公司", set(), "tech_startup", False),  # the tenant's kind
        ("We plan to lease the extra floor area to a logistics firm at market rent", set(), "tech_startup", False),
        # a negation typed without its apostrophe, and one that stops where voice input opens a new clause
        ("we dont have own plant so production is by a CDMO under contract", set(), "contract_manufacturing", True),
        ("We arent registered in Shanghai", set(), "registered_in_shanghai", False),
        ("以前从来没到过我听说那个工业产值首次突破", set(), "crossed_scale_threshold_this_year", True),
        ("以前从来没首次突破", set(), "crossed_scale_threshold_this_year", False),  # a guard: held before
        # 另外国产 holds no 外国
        ("买国产自主安全可控的EDA花了四百二十万另外国产装备上线验证", set(), "self_controllable", True),
        ("买了外国的EDA", set(), "self_controllable", False),  # a guard: held before
    ],
)
def test_a_qualitative_condition_stated_met_or_not(text: str, places: set[str], field: str, value: bool | None) -> None:
    assert getattr(facts(text, places).profile, field) is value


@pytest.mark.parametrize(
    ("text", "places", "elsewhere"),
    [
        ("我们的工厂在苏州", {"苏州"}, {"produced_in_shanghai"}),
        ("We are registered in Hangzhou", {"杭州"}, {"registered_in_shanghai"}),
        ("Our drug's registrant is in Jiangsu", {"江苏"}, {"registered_in_shanghai"}),  # the registration applicant
        ("注册申请人在江苏", {"江苏"}, {"registered_in_shanghai"}),
        ("我们在上海生产", set(), set()),
        # where the asker moved from is where they were
        ("去年才从昆山搬过来，现在注册地已经迁到闵行了", {"昆山"}, set()),
        ("We relocated our registration from Suzhou to Pudong", {"苏州"}, set()),
        ("从昆山搬过来了，但注册还在昆山", {"昆山"}, {"registered_in_shanghai"}),  # and is still there
    ],
)
def test_an_asker_placed_elsewhere(text: str, places: set[str], elsewhere: set[str]) -> None:
    assert facts(text, places).elsewhere == elsewhere


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a district or zone of the policy's own place places the asker there
        ("We are registered in Pudong and our drug is made by a CMO", "registered_in_shanghai", True),
        ("公司注册在浦东张江", "registered_in_shanghai", True),
        ("our plant in Songjiang makes the devices", "produced_in_shanghai", True),
        ("We are not registered in Pudong", "registered_in_shanghai", None),  # said not to be: no yes
        ("Must we be registered in Pudong?", "registered_in_shanghai", None),  # asked, not stated
        # another place beside the district wins: the plant is in Suzhou
        ("注册在闵行，工厂在苏州", "produced_in_shanghai", False),
    ],
)
def test_an_asker_placed_in_a_district_of_the_policys_place(text: str, field: str, value: bool | None) -> None:
    places = mentioned_places(text)
    assert facts(text, places).values.get(field) is value


def test_a_question_read_for_one_document_is_read_afresh_for_another_home() -> None:
    """The reading that does not depend on the policy is shared between the documents compared; where the
    policy is at home is not: a plant in Suzhou is elsewhere for Shanghai's policy, at home for Suzhou's."""
    text = "我们的工厂在苏州"
    assert read_facts(text, (), {"上海"}, {"苏州"}).values.get("produced_in_shanghai") is False
    assert "produced_in_shanghai" not in read_facts(text, (), {"苏州"}, {"苏州"}).values
    assert read_facts(text, (), {"上海"}, {"苏州"}).values.get("produced_in_shanghai") is False


def test_the_each_after_a_unit_price_belongs_to_it_not_to_the_amount_after() -> None:
    stated = facts("EDA seats at a list price of 120k each, but the total actually paid was 2.7m")
    assert [(role.amount.text, role.offer) for role in stated.roles] == [("120k", True), ("2.7m", False)]


@pytest.mark.parametrize(
    "text",
    [
        "we spent 4 million on servers and 1.6 million on a domestic, self-controllable EDA tool",
        "we paid 1.6 million for independent, secure and controllable EDA tools and 4 million for servers",
        # nor does a gloss in parentheses
        "this year annual output 9 yi; we spent 1.6 million on self-controllable (zizhu anquan kekong) EDA tools, "
        "and separately 4 million on servers",
    ],
)
def test_a_comma_inside_the_named_qualities_does_not_cut_the_object(text: str) -> None:
    """The measures' qualities come as a list ("independent, secure and controllable"), or glossed in parentheses:
    the object runs on."""
    roles = {role.amount.text: role.fields for role in facts(text).roles}
    assert roles["1.6 million"] == ("spending.eda_tools",) and roles["4 million"] == ()


@pytest.mark.parametrize(
    ("text", "pending"),
    [
        ("提高容积率的材料交上去了，还在走流程", True),  # which procedure, the measure's conditions say
        ("We submitted the catalogue application and it is still pending", True),
        ("容积率提高已经批下来了", False),
    ],
)
def test_an_application_still_undecided_leaves_procedures_pending(text: str, pending: bool) -> None:
    stated = facts(text)
    assert ("far_increase_approved" in stated.pending) is (pending and "far_increase_approved" not in stated.values)
    assert bool(stated.pending) is pending


@pytest.mark.parametrize(
    ("text", "field", "total"),
    [
        (
            "技改项目设备投六百万厂房改造三百万然后软件和系统一百万加起来总投入正好一千万",
            "technical_renovation",
            Decimal(10_000_000),
        ),
        (
            "Renovation project: equipment 7.2m, software 1.3m, installation 1.5m, 10m in total.",
            "technical_renovation",
            Decimal(10_000_000),
        ),
        # a total of things of several kinds is no base of one: the EDA stays the EDA's
        ("EDA花了300万，服务器花了200万，一共500万，能补多少", "eda_tools", Decimal(3_000_000)),  # a guard
    ],
)
def test_a_total_said_after_its_parts_is_the_base(text: str, field: str, total: Decimal) -> None:
    assert getattr(facts(text).profile.spending, field) == total


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("国产自主安全可控的EDA工具花了二百四十万国外的仿真软件花了六百万", [True, False]),  # typed by voice
        ("国产自主安全可控的EDA工具花了240万，国外的仿真软件花了600万", [True, False]),  # a guard: held before
        ("花了240万的国产EDA，还有600万的国外仿真软件", [True, False]),  # a guard: words after, attached by 的
    ],
)
def test_what_is_said_after_an_amount_belongs_to_the_next_when_it_leads_to_it(text: str, said: list[bool]) -> None:
    stated = facts(text)
    assert [stated.about(role).get("self_controllable") for role in stated.roles] == said


def test_a_loan_is_no_spending() -> None:
    """A loan taken is money that is no spending: no rule fits a question by it."""
    assert [amount.text for amount in facts("从银行贷了三百万，这个贷款有没有贴息").no_spending] == ["三百万"]


def test_a_total_broken_down_in_parentheses_is_the_base() -> None:
    stated = facts("技术改造项目，总投入为1,000万元（设备购置720万元、软件及系统集成180万元、其他100万元）")
    assert [role.fields for role in stated.roles] == [("spending.technical_renovation",), (), (), ()]
    assert stated.profile.spending.technical_renovation == Decimal(10_000_000)


@pytest.mark.parametrize(
    ("text", "large"),
    [
        ("We are a state-owned automaker with about 18,000 employees and annual revenue over RMB 100 billion.", True),
        ("A+H listed home appliance maker, 7,400 staff, revenue about RMB 21bn.", True),
        ("We're a precision parts maker with 60 people and our own plot.", False),  # fewer than 1,000 employees
        ("员工1200人，年营收3亿", False),  # revenue below 4亿: still a small or medium one
        ("员工六千多人", None),  # many employees, revenue not said: undecided
        ("我们是大型企业，员工60人", True),  # said in words: the words decide
    ],
)
def test_a_size_class_from_headcount_and_revenue(text: str, large: bool | None) -> None:
    assert facts(text).profile.large_enterprise is large


def test_the_figure_reached_over_a_mark_passed() -> None:
    stated = facts("2021年工业产值9.3亿，2022年头一回过了10亿，做到10.6亿。")
    assert stated.profile.annual_output == Decimal(1_060_000_000)


def test_the_contract_signed_over_a_range_quoted() -> None:
    stated = facts("首批次新材料的合同，报价区间在1500万到1800万之间，最后正式签的是1680万")
    assert stated.profile.spending.first_of_a_kind_contract == Decimal(16_800_000)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("我们是集成电路企业，今年EDA一共买了230万，其中国外的那套100万，国产自主安全可控的130万，能拿多少", 2),
        (
            "We are an IC design firm. We bought EDA tools for RMB 2.3 million in total: RMB 1 million for a foreign "
            "suite and RMB 1.3 million for a domestic self-controllable one. How much support?",
            2,
        ),
    ],
)
def test_the_parts_of_a_total_told_apart_are_its_kind_and_it_no_base(text: str, parts: int) -> None:
    total, *rest = facts(text).roles
    assert total.other and not total.fields
    assert len(rest) == parts and all(role.fields == ("spending.eda_tools",) for role in rest)


def test_the_parts_of_a_total_not_told_apart_stay_as_they_were() -> None:
    total, *rest = facts("总投入1,200万元（设备购置720万元、软件380万元、其他100万元），技改项目符合条件吗").roles
    assert total.fields == ("spending.technical_renovation",) and not total.other
    assert all(not role.fields for role in rest)


def test_a_place_before_a_registration_cue_reaches_no_further_in_english() -> None:
    """A holding company's place named before the applicant is not where the applicant is registered."""
    text = (
        "our group's holding company is in Hong Kong, but the drug registration applicant is our Shanghai "
        "subsidiary, registered in Pudong"
    )
    assert facts(text, {"香港"}).profile.registered_in_shanghai is True


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("our drug is in phase III trials", {"drug_marketing_approved": False}),
        ("we borrowed through a policy guarantee institution", {"government_guaranteed_loan": True}),
        # the same words in another sense state nothing
        ("can it be planned once and built in phases?", {}),
        ("Does the policy guarantee its land quota?", {}),
    ],
)
def test_phrases_state_facts_only_in_their_own_sense(text: str, values: dict[str, bool]) -> None:
    assert facts(text).values == values
