"""Tests for assistant.answering.verdict through the real chain: verdicts, checklists, amounts by role.

Each verdict follows from the policy text and matching.json: 第15条 drugs need a Shanghai registration applicant,
marketing approval (获得许可), contract manufacturing and a Class I drug, devices a first certificate and
production in Shanghai; 第12条's raised cap needs a recognized major renovation; 第13条 EDA needs
self-controllable tools bought by IC enterprises;
第11条 SME loan subsidies need a government financing guarantee; 第22条 rewards international standards.
"""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from assistant.result import AnswerResult

pytestmark = pytest.mark.slow  # the real embedding model and index


def checklist(result: AnswerResult) -> dict[str, str]:
    return {check.field: check.status for check in result.checklist}


@pytest.mark.parametrize(
    ("question", "failed"),
    [
        ("我们是外地注册的药企，Ⅰ类创新药研发投入1亿，能拿多少？", "registered_in_shanghai"),
        (
            "We're a large group, not an SME, and our loan is guaranteed by a government guarantee fund: "
            "interest subsidy?",
            "large_enterprise",
        ),
        ("Is a national standard enough for the standards reward?", "international_standard"),
        ("我们是芯片设计公司，续了国外EDA的license，600万，能按50%申请资助吗？", "self_controllable"),
        ("我们企业2020年工业产值就已经做到12亿了，今年又回升到11亿，算首次突破10亿元吗？", "annual_output"),
        ("我们2018年产值就过过10亿，后来掉到9亿，今年11亿，首次突破10亿的支持还能申请吗？", "annual_output"),
        ("产值由12亿增至15亿，算首次突破10亿吗？", "annual_output"),  # it grew from a figure already over
        # outside a chemical park an expansion waits for the recognition; a private fund makes no platform
        ("我们是化工园区外的存量化工企业，想改扩建，优质项目认定还没通过，能先实施吗？", "quality_project_recognized"),
        (
            "Our park company took money from a purely private fund. Are we now a park development platform?",
            "park_fund_invested",
        ),
        # more than the cap asked for is not granted, whatever the base
        ("我们的5G标杆性示范项目打算申请1000万奖励，能批吗？", "requested_support"),
        # a support asked as "can it reach X", more than the cap (the amount on the asker's base: test_planner)
        ("我们是做首批次新材料验证服务的公司，研发资助可以给到80万吗？", "requested_support"),
        ("我是企业核心团队成员，人才奖励能不能拿到60万？", "requested_support"),
        # an application the asker awaits fails the procedure the support turns on
        (
            "我们这块是工业企业的工业用地，提高容积率的申请还在走流程，批文没下来，是不是可以先不补地价？",
            "far_increase_approved",
        ),
    ],
)
def test_a_failed_condition_is_a_no_with_the_condition_and_no_amount(
    assistant: Assistant, question: str, failed: str
) -> None:
    result = assistant.answer(question)
    assert (result.intent, result.eligible) == ("eligibility", False)
    assert checklist(result)[failed] == "not_met"
    assert result.calculation is None  # never an amount for what does not qualify
    check = next(c for c in result.checklist if c.field == failed)
    assert check.quote and check.quote in result.citations[0].quote


def test_a_yes_states_the_rest_as_provided_that_and_computes_the_amount(assistant: Assistant) -> None:
    result = assistant.answer(
        "我们的Ⅰ类创新药注册申请人在上海，委托生产实现产出，研发投入5000万元，我们符合条件吗？能拿多少支持？"
    )
    assert (result.intent, result.eligible) == ("eligibility", True)
    assert checklist(result)["class_one_innovative_drug"] == "met"
    assert result.calculation is not None and result.calculation.amount_yuan == 15_000_000  # 30% of 5000万
    assert "前提是" in result.answer or all(c.status == "met" for c in result.checklist)


def test_no_verdict_names_the_facts_that_would_decide(assistant: Assistant) -> None:
    result = assistant.answer("我们想申请算力券，可以吗？")
    assert result.intent == "eligibility"
    assert result.eligible is None or checklist(result).get("large_enterprise") == "unknown"
    assert "large_enterprise" in checklist(result)


def test_the_purchase_rule_not_the_insurance_rule(assistant: Assistant) -> None:
    result = assistant.answer("新买了国产EDA软件，花了300万")
    assert result.calculation is not None and result.calculation.amount_yuan == 1_500_000
    assert result.calculation.rule.endswith("#13.1.41")  # the purchase sentence, not the insurance one


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("我们的创新医疗器械进入了本市特别审查程序，首次取得注册证，在上海生产，研发投入2400万。能拿多少？", 5_000_000),
        (
            "Our Class I innovative drug is registered by our Shanghai entity and made by a CMO. R&D investment was "
            "RMB 18.5 million; separately we spent RMB 40 million on a packaging line. How much is the support?",
            5_550_000,
        ),
        (
            "我们是集成电路企业，注册资本5000万，今年买了国产自主安全可控EDA工具，实际采购金额333.33万元。资助多少？",
            1_666_650,
        ),
        # undescribed amounts: what was actually paid before a quote, a budget or an aside
        (
            "我们芯片设计公司买国产自主可控EDA，厂商开价410万，砍价后实际付款352万，另外配了90万的工作站。能资助多少？",
            1_760_000,
        ),
        (
            "IC design house, domestic self-controllable EDA. Our budget was 6 million; the final invoice came to "
            "RMB 5,200,000, paid in two instalments of 2.6m each. Funding?",
            2_600_000,
        ),
        # a cap quoted from the policy names the rule that has it (two rules share measure 15's sentence) ...
        (
            "Policy says 30% and cap 500万 for innovative medical devices. Our device R&D is 22 million. We get?",
            5_000_000,
        ),
        ("政策说最高500万那个，我们创新医疗器械研发投入2200万，能拿多少？", 5_000_000),
        # ... and the asker's own amount equal to another rule's cap (drugs 2000万) names nothing
        ("How much can an innovative medical device get for 20 million of R&D investment?", 5_000_000),
        # a unit price times the units bought is what was spent (the multiplication is the first step shown)
        (
            "IC design firm, 300 staff. We bought 7 seats of a self-controllable EDA tool at 450,000 yuan per seat.",
            1_575_000,
        ),
        ("我们是集成电路企业，买了3套国产自主可控EDA，每套200万，能补多少？", 3_000_000),
        # a unit price and a quote are not the contract signed
        (
            "Our first-of-a-kind robot is in the catalogue. We sold 4 units at 500k each, so the signed contract "
            "totals 2 million; the buyer first asked for a quote on 6 units (3 million). What support do we get?",
            600_000,
        ),
        # the company's R&D beside this drug's: words shared with the device support do not pull it in
        (
            "Class I innovative drug, Shanghai registration applicant, made by a CMO. "
            "R&D for this drug: RMB 30 million. Company-wide R&D last year was 150 million. How much for the drug?",
            9_000_000,
        ),
        # the closing question names the support asked about; the contract describes the case
        ("我们上线验证的材料合同3000万，实际支付保费45万。保险这块能补多少？", 225_000),
        # a thing bought alongside is no base, and money that is no spending neither
        (
            "IC company; qualifying domestic EDA suite RMB 4.8m, and another RMB 1.5m on GPU servers. EDA funding?",
            2_400_000,
        ),
        ("公司注册资本2亿，本市注册的Ⅰ类创新药由CMO委托生产，研发投入3000万，能支持多少？", 9_000_000),
        # the support whose base the question gives, though another rule's sentence shares more of its words
        (
            "We are an IC firm and bought qualifying self-controllable EDA software: list price RMB 6 million, "
            "we actually paid RMB 5 million. What funding?",
            2_500_000,
        ),
        # ... and not a rule whose base no figure names (premiums "actually paid") for an EDA purchase actually paid
        (
            "IC design house. The vendor's quote for domestic self-controllable EDA tools was ¥3.4m; we actually "
            "paid ¥2.9m after discount (final invoice). What's the subsidy?",
            1_450_000,
        ),
        # a figure whose own sentence names nothing is about what the sentence before it named
        (
            "We closed the deal for a domestic self-controllable EDA suite. The invoices came to CNY 3,300,000. "
            "Separately we renewed a foreign EDA tool for CNY 1,000,000. We are an IC design company. Funding?",
            1_650_000,
        ),
        # of two amounts of the base, the one whose object meets the support (a foreign tool's licences do not)
        (
            "We're an IC design firm. Last year we spent RMB 5,000,000 on domestic self-controllable EDA tools and "
            "RMB 12,000,000 renewing foreign EDA licences. How much EDA subsidy could we claim?",
            2_500_000,
        ),
        # 万 written out in English
        (
            "A 首台套 contract of 2,000 ten-thousand yuan for our catalogue-listed first-of-a-kind machine: support?",
            6_000_000,
        ),
        # the output figure only meets a fixed voucher's threshold: no second support
        ("标杆性示范项目，项目投资1500万，公司年产值8亿，奖励多少？", 3_000_000),
    ],
)
def test_only_the_amount_in_the_rules_role_is_computed(assistant: Assistant, question: str, amount: int) -> None:
    result = assistant.answer(question)
    assert result.calculation is not None and result.calculation.amount_yuan == amount
    assert len(result.items) <= 1


def test_two_supports_each_computed_and_an_ineligible_one_left_out(assistant: Assistant) -> None:
    result = assistant.answer("我们买了国产EDA工具500万，另外上线验证的保险费200万，分别能补多少？")
    assert [item.amount_yuan for item in result.items] == [2_500_000, 1_000_000]
    left_out = assistant.answer("首台套合同1000万，另外我们是外地注册的Ⅰ类创新药，研发投入1亿，分别能补多少？")
    assert left_out.calculation is not None and left_out.calculation.amount_yuan == 3_000_000  # 30% of 1000万
    assert "未计入" in left_out.answer and "在本市（上海）注册" in left_out.answer
    # a support of another measure, named by words of its own (保费) beside a device's R&D of measure 15
    across = assistant.answer(
        "我们的创新医疗器械走了特别审查、首次注册、本市生产，研发投入1,000万；另外自主可控的集成电路装备上线验证"
        "保费实际付了200万。两项分别能拿多少？"
    )
    assert [item.amount_yuan for item in across.items] == [3_000_000, 1_000_000]
    # two amounts of one support's base, asked each: each computed ("18 million each" earlier is a unit price)
    both = assistant.answer(
        "两份合同：首台套装备合同1,500万，首批次材料合同800万，都在推荐目录里。两份分别能拿多少支持？"
    )
    assert [item.amount_yuan for item in both.items] == [4_500_000, 2_400_000]
    # two products of one measure, each amount described by shared words (R&D) and its object by its own support's
    # conditions: each support computed on its product's amount
    products = assistant.answer(
        "Two products here. Product A is a Class I innovative drug, approved, Shanghai registration applicant, made "
        "by a CMO; R&D spent 25 million yuan. Product B is an innovative medical device in the special review "
        "procedure with its first registration certificate, produced in Shanghai; R&D spent 8 million yuan. "
        "Support for each?"
    )
    assert [item.amount_yuan for item in products.items] == [7_500_000, 2_400_000]


def test_two_supports_of_measures_retrieval_ranks_apart_are_each_computed(assistant: Assistant) -> None:
    """The 5G project's measure ranked third, behind one neither amount names: both supports computed, each on its
    own amount (the project's investment is no device R&D)."""
    result = assistant.answer(
        "Two things: a 5G benchmark demonstration project with RMB 30 million invested, and an innovative medical "
        "device (special review, first registration certificate, made in Shanghai) with R&D of RMB 9 million. "
        "What can each get?"
    )
    assert [(item.clause, item.amount_yuan) for item in result.items] == [(19, 6_000_000), (15, 2_700_000)]


@pytest.mark.parametrize(
    "question",
    [
        "Post-marketing re-evaluation for our innovative device: study costs 5.9 million; we also pay 350k a year for "
        "product liability insurance. Max support for the re-evaluation?",
        "Re-evaluation after marketing of our innovative device: study costs 6.1 million; we also pay 420k a year for "
        "product liability insurance. What is the max support for the re-evaluation?",
    ],
)
def test_a_measure_ranked_further_down_joins_by_its_conditions_not_by_words(
    assistant: Assistant, question: str
) -> None:
    """ "Insurance" and "device" are words of measures 13 and 15, ranked behind the re-evaluation's measure 17; the
    question states none of their conditions, so only the re-evaluation is answered."""
    result = assistant.answer(question)
    assert [item.clause for item in result.items] in ([], [17]) and result.calculation.clause == 17


def test_a_question_about_the_policy_is_no_verdict(assistant: Assistant) -> None:
    """'Does the policy support X?' asks what the policy says; nothing about the asker is decided."""
    result = assistant.answer("Does the policy support first-of-a-kind equipment?")
    assert result.intent != "eligibility" and result.eligible is None


@pytest.mark.parametrize(
    "question",
    [
        "A battery-separator factory is an industrial project sited in Lingang. Does the policy secure its land "
        "quota through city-coordinated incremental construction land?",
        "该项目位于临港新片区，属于产业项目。政策是否保障其土地指标？",
        # a yes/no question after a greeting ended by a colon
        "Analyst here: is an industrial project sited in Lingang one whose land quota can be guaranteed through "
        "municipally coordinated incremental construction land?",
    ],
)
def test_a_question_about_the_policy_of_a_case_described_is_a_verdict(assistant: Assistant, question: str) -> None:
    """After a sentence describing a project, 'does the policy guarantee ITS quota?' asks about that case; so does
    a yes/no question after a greeting ("Analyst here: is a project in Lingang …?")."""
    result = assistant.answer(question)
    assert (result.intent, result.eligible) == ("eligibility", True)


def test_an_area_is_judged_under_its_supports_conditions(assistant: Assistant) -> None:
    """15% of own land for dormitories is for large enterprises: the area comes with the verdict, or not at all."""
    large = assistant.answer("大型企业，符合产业导向，自有土地3万平方米，配套宿舍最多能用多少面积？")
    assert (large.eligible, large.intent) == (True, "calculation") and "4,500" in large.answer
    small = assistant.answer(
        "We are a small firm with 30,000 m² of our own land. How much of it can go to staff dorms?"
    )
    assert (small.eligible, small.intent, small.calculation) == (False, "eligibility", None)
    assert checklist(small)["large_enterprise"] == "not_met"


def test_a_question_opening_with_the_enterprise_is_about_it(assistant: Assistant) -> None:
    """No 我们, but it describes the enterprise it asks about and ends in 吧: a verdict, not a quote."""
    result = assistant.answer("芯片设计公司，买的是国产自主可控EDA，这个可以申请资助吧？")
    assert (result.intent, result.eligible) == ("eligibility", True)


@pytest.mark.parametrize(
    "question",
    [
        "新厂区1号楼已经竣工了能正常用 符合规划和质量安全要求 1号楼能不能先单独做竣工验收",  # no 我们: facts of its own
        "Our new EV motor plant in Lingang: can the pile foundation works get their own construction permit first?",
        # a third person's project, stating the facts its conditions turn on
        "A new semiconductor materials plant is going into Lingang. Is it correct that its land quota can be "
        "guaranteed through municipal-level pooling?",
    ],
)
def test_a_question_stating_its_own_facts_gets_a_verdict(assistant: Assistant, question: str) -> None:
    result = assistant.answer(question)
    assert (result.intent, result.eligible) == ("eligibility", True)


def test_a_policy_term_in_other_punctuation_names_its_measure(assistant: Assistant) -> None:
    """两重点一重大 without the policy's 、 is still measure 9's term, not measure 8's hazchem warehouses."""
    result = assistant.answer(
        "An existing hazardous-chemicals producer outside any chemical park wants to build a hazchem unit supplying a "
        "key IC chain. It involves none of the 两重点一重大 items and the district has given its support. "
        "Can it go ahead?"
    )
    assert [c.clause for c in result.citations][:1] == [9]
    assert result.eligible is True


def test_a_beneficiary_set_aside_for_a_sibling_support(assistant: Assistant) -> None:
    """Not a verification institution, and a first-batch contract's amount named: the contract support, computed."""
    result = assistant.answer("我们是新材料生产企业不是验证服务机构 首批次新材料跟下游签了9000万的合同 能拿多少")
    assert result.eligible is not False
    assert result.calculation is not None and result.calculation.amount_yuan == 20_000_000
    # set aside without a sibling's amount, the condition still decides (not yet listed: no direct hospital entry)
    listed = assistant.answer("我们的创新药还在申请列入本市创新产品推荐目录，材料刚递上去。现在能不能按规定直接入院？")
    assert listed.eligible is False


@pytest.mark.parametrize(
    ("question", "cap"),
    [
        # the raised cap of recognized major renovations, quoted: that support, its recognition still to decide
        ("客户正在做一个总投入3亿元的技改项目，集成电路行业的。想问它的支持上限能不能按1亿元来算？", "100,000,000"),
        # a cap of a support of other amounts, quoted (the drug's for a device): the asker's own support stays
        (
            "Someone told me the cap is 20 million for innovative med devices. Our device (national special review, "
            "first registration cert, contract-manufactured in Shanghai) had R&D of 30 million. The real number?",
            "5,000,000",
        ),
    ],
)
def test_a_cap_quoted_names_its_support_among_those_of_the_same_amounts(
    assistant: Assistant, question: str, cap: str
) -> None:
    result = assistant.answer(question)
    assert cap in result.answer and result.eligible is not False


def test_a_list_price_beside_what_was_paid_is_one_purchase(assistant: Assistant) -> None:
    """Not a first-of-a-kind contract as well: one support, computed on what was paid."""
    result = assistant.answer("我们芯片设计公司买国产EDA，报价600万，最后实际付款520万，能补多少？")
    assert result.items == []
    assert result.calculation is not None and result.calculation.amount_yuan == 2_600_000


@pytest.mark.parametrize(
    ("question", "failed"),
    [
        ("我们做家具的，跟集成电路不沾边，买了国产EDA软件100万，能申请EDA资助吗？", "industries"),
        ("为了替换进口的设计软件，我们芯片公司买了国产EDA，付了200万，能补吗？", None),  # replaced, not bought
    ],
)
def test_what_the_asker_disowns_or_replaces(assistant: Assistant, question: str, failed: str | None) -> None:
    result = assistant.answer(question)
    if failed is None:
        assert result.eligible is True
        assert result.calculation is not None and result.calculation.amount_yuan == 1_000_000
    else:
        assert result.eligible is False and checklist(result)[failed] == "not_met"


def test_a_purchase_or_project_stated_without_its_amount_meets_the_above_zero_condition(assistant: Assistant) -> None:
    result = assistant.answer(
        "We're doing an energy performance contracting (合同能源管理) project at our plant. "
        "Is this covered, and what's the max per project?"
    )
    assert result.eligible is True and checklist(result)["spending.green_project"] == "met"
    assert "10,000,000" in result.answer


@pytest.mark.parametrize(
    ("question", "field", "eligible"),
    [
        ("我们买的EDA是国外厂商的，不属于自主安全可控，这个采购能拿第13条的资助吗？", "self_controllable", False),
        (
            "The EDA we bought is imported and not domestically self-controllable — does the 50% EDA funding apply?",
            "self_controllable",
            False,
        ),
        ("我们买的是国产自主安全可控的EDA，集成电路设计企业，花了800万，能拿第13条资助吗？", "self_controllable", True),
        ("我们的一类创新药还在三期临床，尚未获批上市，能按第15条拿研发投入支持吗？", "drug_marketing_approved", False),
        (
            "Our Class I drug hasn't been approved yet, still in trials — measure 15 support?",
            "drug_marketing_approved",
            False,
        ),
        (
            "项目总投资3亿，但还没被认定为重点产业领域重大技术改造项目，支持上限能提到1亿吗？",
            "recognized_key_renovation",
            False,
        ),
        (
            "Our project invests 300 million but is not recognised as a major technical renovation project — "
            "can the cap be raised to 100 million?",
            "recognized_key_renovation",
            False,
        ),
        (
            "我们已被认定为重点产业领域重大技术改造项目，总投资3亿，支持上限能提到1亿吗？",
            "recognized_key_renovation",
            True,
        ),
        (
            "我们不是第一次拿医疗器械注册证了，特别审查程序的创新医疗器械研发投入能补多少？",
            "first_device_registration",
            False,
        ),
        ("我们的创新医疗器械进入了特别审查程序，工厂在苏州，能拿研发投入支持吗？", "produced_in_shanghai", False),
        (
            "Our plant is in Suzhou, not Shanghai. Our innovative medical device went through special review — "
            "can we get the device R&D support?",
            "produced_in_shanghai",
            False,
        ),
        ("我们的创新药还在申请列入本市创新产品推荐目录，能不能按规定直接入院？", "catalogue_listed", False),
        ("我们的创新医疗器械已经列入本市创新产品推荐目录了，可以直接入院使用吗？", "catalogue_listed", True),
        ("我们是大型制造企业，厂区的地是从园区租的，不是自有土地，能用15%配套指标建宿舍吗？", "own_land", False),
        ("我们是做连锁餐饮的，门店装修借了银行贷款，能申请“二转二”开发贷款贴息吗？", "park_redevelopment_loan", False),
        (
            "Our innovative stent is still in clinical trials, no marketing approval yet. Could we get the "
            "post-market re-evaluation support?",
            "drug_marketing_approved",
            False,
        ),
        (
            "We're an existing hazardous-chemicals company outside any chemical park; the project supplies a key "
            "chain and its overall risk is low, but we haven't approached the district yet. Can we go ahead?",
            "district_support",
            False,
        ),
    ],
)
def test_a_stated_qualitative_condition_decides_the_verdict(
    assistant: Assistant, question: str, field: str, eligible: bool
) -> None:
    result = assistant.answer(question)
    assert (result.eligible, checklist(result)[field]) == (eligible, "met" if eligible else "not_met")
    assert eligible or result.calculation is None  # never an amount for what does not qualify
    assert not result.refused


@pytest.mark.parametrize(
    "question",
    [
        "已获批上市、上海注册、委托生产的一类创新药，研发投入5000万，能拿多少",
        "Our Class I innovative drug is approved for marketing, registered in Shanghai and contract-manufactured, "
        "R&D 50 million — how much?",
    ],
)
def test_an_approved_drug_gets_its_capped_amount(assistant: Assistant, question: str) -> None:
    result = assistant.answer(question)
    assert (result.eligible, checklist(result)["drug_marketing_approved"]) == (True, "met")
    assert result.calculation is not None and result.calculation.amount_yuan == 15_000_000  # 30% of 5000万


@pytest.mark.parametrize(
    "question",
    [
        "We make robots; our industrial output went from 0.9bn to 1.5bn this year, the first time over 1bn. "
        "Does the first-breakthrough encouragement apply?",
        "我们工业产值从9亿增长到12亿，今年首次突破10亿，能拿奖励吗？",
        # no tier named: the highest the figure now crosses (50亿), which the best year before did not
        "Our industrial output reached RMB 5.3 billion this year; our best year before was 4.6 billion. "
        "Does the support for crossing a scale tier for the first time apply?",
    ],
)
def test_a_figure_grown_from_below_the_tier_is_a_first_breakthrough(assistant: Assistant, question: str) -> None:
    """From A to B: A is the figure before, B the figure now (the one the tier is checked against)."""
    result = assistant.answer(question)
    assert result.eligible is True and checklist(result)["annual_output"] == "met"
