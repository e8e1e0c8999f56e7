"""Planner decisions that do not depend on vectors: named measures, counts, several amounts."""

from __future__ import annotations

import pytest

from assistant.answering.planner import TOPIC_SHARE, Planner, meta_topic, referenced_measure
from assistant.chain import Assistant
from assistant.corpus import Corpus
from assistant.glossary import entries_in, glossary


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("第二十条讲什么？", 20),
        ("第13条的EDA支持", 13),
        ("第十三条", 13),
        ("第十条", 10),
        ("第二十五条", 25),
        ("第九条", 9),
        ("第十十条", None),
        ("第三四条", None),
        ("措施5有哪些要求", 5),
        ("What is Measure 20 about?", 20),
        ("article 3", 3),
        ("measure no. 7", 7),
        ("are measures 21 and 25 both in the last part?", 21),  # the first of several named
        ("all measure-15 conditions met", 15),
        ("the innovative drugs measure （No。 15） belongs to which part", 15),  # normalized from "(No. 15)"
        ("2022年第1季度", None),
        ("首台套合同1亿", None),
    ],
)
def test_referenced_measure(text: str, number: int | None) -> None:
    assert referenced_measure(text) == number


@pytest.mark.parametrize("question", ["第二十条讲什么？", "What is Measure 20 about?"])
def test_a_named_measure_is_quoted_whole(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    clause = bm25_assistant.corpus.policy().document.clause(20)
    assert result.intent == "lookup" and not result.refused
    assert result.retrieved[0] == 20
    assert result.citations[0].quote == "".join(s.text for s in clause.sentences)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("The measures mention '小升规、规转强' — what does that refer to?", 11),
        ("What is meant by ‘三首’ in the measures?", 13),
        ("“三首”指的是什么？", 13),
        ("What exactly are the 'three firsts' that the document refers to?", 13),  # its English name, quoted
    ],
)
def test_a_term_the_policy_names_is_found_in_any_quotes(bm25_assistant: Assistant, question: str, measure: int) -> None:
    result = bm25_assistant.answer(question)
    assert not result.refused and result.retrieved[0] == measure


def test_a_named_measure_outside_the_policy_is_not_invented(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer("第九十九条讲什么？")
    assert not result.citations or result.citations[0].clause != 99


def test_counts_are_looked_up_not_calculated(bm25_assistant: Assistant) -> None:
    """'多少名人才' asks for a count stated in the clause, not for money."""
    result = bm25_assistant.answer("每年要培育引进多少名高水平技能人才？")
    assert result.intent == "lookup"
    assert "200名" in result.answer


def test_three_supports_in_one_question_are_itemized(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer("买EDA 500万，保险费200万，首台套合同8000万，一共能补多少？")
    assert [item.amount_yuan for item in result.items] == [2_500_000, 1_000_000, 20_000_000]
    assert result.calculation is not None and result.calculation.amount_yuan == 23_500_000
    assert "23,500,000" in result.answer


def test_a_named_threshold_is_not_taken_for_the_askers_figure(bm25_assistant: Assistant) -> None:
    """In 'output 4.8 billion … the 50亿 milestone', 50亿 names the threshold, 4.8 billion is the asker's."""
    result = bm25_assistant.answer(
        "Our industrial output is 4.8 billion yuan. Do we qualify for the 50亿 milestone support?"
    )
    assert result.intent == "eligibility"
    assert result.eligible is False


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("首台套合同300能补多少？", "“300”没有单位"),
        ("First-of-a-kind contract 300, how much support?", '"300" has no unit'),
        # supports are paid in yuan and no exchange rate is ours to choose: the yuan figure is asked for
        ("首台套合同500万美元能补多少？", "“500万美元”是外币金额"),
        ("Our first-of-a-kind contract is USD 1 million. How much support?", '"USD 1 million" is in another currency'),
    ],
)
def test_an_amount_the_calculation_cannot_take_is_asked_for_in_yuan(
    bm25_assistant: Assistant, question: str, hint: str
) -> None:
    """A bare 300 could be 300 yuan or 300万, USD 1 million is no yuan: the answer says so instead of guessing."""
    result = bm25_assistant.answer(question)
    assert result.intent == "clarify" and result.calculation is None
    hints = [
        line
        for line in result.answer.splitlines()
        if "没有单位" in line or "has no unit" in line or "外币" in line or "another currency" in line
    ]
    assert len(hints) == 1 and hint in hints[0]


@pytest.mark.parametrize("question", ["2022年第13条讲什么", "5G应用场景能奖励多少？", "30%的比例适用于哪条"])
def test_years_measures_percentages_and_names_are_not_unitless_amounts(question: str) -> None:
    from assistant.question import parse_question

    assert parse_question(question, 2000).unitless == ()


def test_more_amounts_than_rules_does_not_fail(bm25_assistant: Assistant) -> None:
    """Two amounts for a measure with one capped support: one item, never an exception."""
    result = bm25_assistant.answer("园区公共服务平台投入500万和800万，最多支持多少？")
    assert result.intent == "calculation"
    assert result.calculation is not None and result.calculation.amount_yuan == 2_000_000


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("深圳对首台套装备有什么补贴？比例是多少？", "other_jurisdiction"),  # a registration cue is not where we are
        ("北京对创新医疗器械首次注册给多少支持？", "other_jurisdiction"),
        # a plant elsewhere is the asker's only where the measure's conditions turn on production (not land rules)
        ("我们在苏州也有工厂，那边工业用地容积率最低要求是多少？", "other_jurisdiction"),
        (
            "Our factory is in Suzhou. What is the minimum plot ratio for industrial land over there?",
            "other_jurisdiction",
        ),
        # a measure named as the comparison for another place's own policy
        (
            "Does the Hefei municipal government offer a ceiling like measure 12 of the Shanghai policy?",
            "other_jurisdiction",
        ),
        ("我们是市级智能工厂，文件说的“一定支持”到底多少钱？", "not_stated"),  # the 5万 voucher is another support
        ("今年首版次软件的申报什么时候开始、几号截止？", "not_stated"),  # when applications open: no document date
        ("How much does the city give to a single-champion enterprise?", "not_stated"),
        ("Measure 12 says municipal smart factories get 'certain support'. In RMB, how much exactly?", "not_stated"),
        ("2023年上海GDP是多少？", "out_of_domain"),
        # the asker's own papers expiring are no question about the document's expiry
        ("My company's business licence expires in May, how do I renew it?", "out_of_domain"),
        ("When do these measures expire?", "not_stated"),
    ],
)
def test_what_the_policy_does_not_say_is_declined(bm25_assistant: Assistant, question: str, reason: str) -> None:
    result = bm25_assistant.answer(question)
    assert (result.refused, result.refusal_reason) == (True, reason)


@pytest.mark.parametrize(
    "question",
    [
        "园区开发主体的“二转二”开发贷款能不能拿到贴息？",  # whether, not how much: answered from measure 1
        "年产值2亿元，券值奖励能拿多少？",
    ],
)
def test_covered_questions_next_to_unpriced_grants_are_answered(bm25_assistant: Assistant, question: str) -> None:
    assert not bm25_assistant.answer(question).refused


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "eligible"),
    [
        ("我们2019年产值就超过了50亿，前两年回落，今年做到52亿，算首次突破50亿吗？", False),  # passed before
        (
            "Our industrial output was 9.1 billion yuan at its best before; in 2023 it reached 10.4 billion. "
            "Is that a first breakthrough of 10 billion for the district support?",
            True,
        ),
        # many figures do not make a question less about the policy; a sentence's "never" stays in it
        (
            "We are an advanced manufacturer. Our industrial output topped 5 billion yuan in 2020 (5.2bn), dropped to "
            "4.1bn in 2022 and reached 5.6bn in 2024. Does 2024 count as first breaking through 5 billion for the "
            "district support?",
            False,
        ),
        (
            "Our output reached 1.3 billion in 2024 and had never been above 1 billion before. "
            "Does the first-time support apply?",
            True,
        ),
        (
            "If the renovation project's total investment is exactly 10 million, "
            "does it qualify for the tiered support?",
            True,
        ),
        # the asker's figure equal to the tier they name: that tier, not passed
        ("子公司今年产值50亿元整，历史上头一回，算“首次突破50亿元”吗？", False),
        # their one output figure equal to a threshold is their own, beside the price of a service
        ("去年产值刚好1亿元整，想请咨询机构做数字化诊断，对方报价12万，券值奖励能申请吗？", True),
    ],
)
def test_a_first_time_threshold_reads_earlier_figures(assistant: Assistant, question: str, eligible: bool) -> None:
    assert assistant.answer(question).eligible is eligible


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("What's the minimum total investment for a renovation project to get tiered support?", ["10,000,000"]),
        ("min investment for a renovation project to get tiered support?", ["10,000,000"]),
        ("第十一条的工业产值首次突破有哪几档，分别是多少？", ["1,000,000,000", "5,000,000,000", "10,000,000,000"]),
        ("What are the caps for IC first-of-a-kind equipment verification service institutions?", ["1,000,000"]),
        ("首台套的支持标准是什么？", ["20,000,000"]),  # what the support is: its figures
        ("“小升规、规转强”是怎么支持的？", ["500,000"]),
        ("What support do AI benchmark demonstration projects get?", ["8,000,000"]),
        # two thresholds asked in parts of their own: each part's sentence and figure
        (
            "技改项目总投入最低要多少才能分档支持，券值奖励要求企业年产值达到多少？",
            ["10,000,000", "100,000,000"],
        ),
        # the caps of two measures asked each
        (
            "Two projects: an energy-saving renovation, and a post-market re-evaluation of an innovative device. "
            "What is the most each can get?",
            ["2,000,000", "10,000,000"],
        ),
        ("创新药上市后再评价项目和节能技改项目，各自最高能支持多少？", ["2,000,000", "10,000,000"]),
        # a numbered list asks each item; of a measure with several caps, the one its item names
        (
            "烦请告知：\n1. 核心团队成员人才奖励最高多少？\n2. 国际标准等软实力提升项目奖励最高多少？",
            ["500,000", "2,000,000"],
        ),
        (
            "(a) the max voucher for 小升规、规转强 enterprises? "
            "(b) the max municipal voucher for smart factory diagnosis?",
            ["500,000", "50,000"],
        ),
        # several questions announced in words: each asked
        ("我问两个事 一个是国际标准软实力奖励最高多少 还有就是核心团队成员奖励最高多少", ["2,000,000", "500,000"]),
        (
            "Two questions: the max reward for international standards, and the max award for core team members?",
            ["2,000,000", "500,000"],
        ),
        # two caps of one measure, each named in its own item: the raised ceiling and the voucher
        (
            "重点产业领域重大技术改造项目已经认定了：1. 支持上限是多少？2. 智能工厂诊断的券值奖励最高多少？",
            ["100,000,000", "50,000"],
        ),
        (
            "Our project is a recognised major technical renovation project. (a) its support ceiling? "
            "(b) the max voucher for smart factory diagnosis services?",
            ["100,000,000", "50,000"],
        ),
        # the land named as land decides, not an activity named (研发) in the building's use
        (
            "新拿到一块工业用地，面积20,000平方米，要建生产、研发一体的厂房，按工业用地容积率要求至少建多少平方米？",
            ["40,000"],
        ),
        (
            "An industrial plot of 10,000 m² for a production and R&D building: floor area at the usual minimum?",
            ["20,000"],
        ),
    ],
)
def test_figures_asked_in_a_lookup_are_written_out(assistant: Assistant, question: str, figures: list[str]) -> None:
    answer = assistant.answer(question).answer
    assert all(figure in answer for figure in figures), answer


@pytest.mark.parametrize("question", ["Which section is measure 13 in, and what is it called?", "第17条属于哪一部分？"])
def test_the_measure_a_section_question_names_leads_the_retrieved(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.retrieved[0] == int("".join(ch for ch in question if ch.isdigit()))


def test_a_clarifying_answer_gives_every_cap_of_its_sentence(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer("第15条的支持比例是多少，封顶多少？")
    assert result.intent == "clarify"
    assert "20,000,000" in result.answer and "5,000,000" in result.answer


@pytest.mark.parametrize(
    ("question", "measure", "related"),
    [
        # a policy term the measure states and few others do: related, so a refusal names its units
        ("我们公司买了一份保险，保费20万，能不能补贴一半？", 13, True),
        ("How much cash do I get back under the home appliance trade-in scheme?", 16, True),
        ("2020年的时候上海小升规奖励标准是多少？", 11, True),
        ("Did the 2020 version of Shanghai's Three Firsts policy have a higher cap?", 13, True),
        ("北京亦庄的EDA补贴是多少？", 13, True),
        # the measure retrieval found nearest, but nothing of the policy in the question: not related
        ("明天上海会下雨吗？", 16, False),
        ("What's the weather going to be like in Shanghai tomorrow?", 5, False),
        ("红烧肉怎么做比较好吃？", 16, False),
        ("2023年上海GDP是多少？", 6, False),
        ("How do I register a limited liability company in Shanghai?", 17, False),
        ("个人住房公积金贷款利率现在是多少？", 11, False),
        # a policy term of another measure does not relate this one
        ("我们公司买了一份保险，保费20万，能不能补贴一半？", 6, False),
        # terms nearly every measure states name no topic (责任单位, 各区)
        ("Which authority is responsible for interpreting these measures?", 9, False),
        ("各区有什么规定？", 4, False),
    ],
)
def test_a_refusal_relates_the_nearest_measure_only_by_a_shared_policy_term(
    corpus: Corpus, question: str, measure: int, related: bool
) -> None:
    policy = corpus.policy()
    assert Planner(corpus).related(question, policy, policy.document.clause(measure)) is related


def test_policy_terms_stated_by_most_measures_name_no_topic(corpus: Corpus) -> None:
    """The share is counted, not listed: 责任单位 (every measure) and 各区 (about half) are out, 首台套 (one) is in."""
    policy = corpus.policy()
    planner = Planner(corpus)
    measures = policy.document.clauses
    index = {entry.zh[0]: i for i, entry in enumerate(glossary())}
    for term, topic in [
        ("责任单位", False),
        ("各区", False),
        ("产业园区", False),
        ("首台套", True),
        ("职工宿舍", True),
    ]:
        stating = [c for c in measures if index[term] in entries_in(f"{c.title} {c.text}")]
        assert stating and (len(stating) <= TOPIC_SHARE * len(measures)) is topic
        assert any(planner.related(term, policy, c) for c in stating) is topic


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        # narrowed to one of two products: only that one is computed
        (
            "我们有一个Ⅰ类创新药，本市注册、委托生产，研发投入5000万；还有一个进入特别审查程序、首次取得注册证、"
            "在上海生产的医疗器械，研发投入1000万。只算器械的，能支持多少？",
            3_000_000,
        ),
        # a bullet list: what one line says is not about the next
        (
            "Context:\n- our first-of-a-kind tool is in the innovative product recommendation catalogue\n"
            "- first contract signed at RMB 30M\n- company revenue last year 120M\n"
            "- we also bought RMB 12M of other production equipment this year\n"
            "What 三首 support would that contract get?",
            9_000_000,
        ),
        # a total whose parts are told apart: only the part that qualifies is the base
        ("我们是集成电路企业，今年EDA一共买了230万，其中国外的那套100万，国产自主安全可控的130万，能拿多少", 650_000),
        (
            "We are an IC design firm. We bought EDA tools for RMB 2.3 million in total: RMB 1 million for a foreign "
            "suite and RMB 1.3 million for a domestic self-controllable one. How much support?",
            650_000,
        ),
    ],
)
def test_one_purchase_one_support(bm25_assistant: Assistant, question: str, amount: int) -> None:
    result = bm25_assistant.answer(question)
    assert result.items == []
    assert result.calculation is not None and result.calculation.amount_yuan == amount


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("工业用地1万平方米、通用类研发用地5000平方米，按容积率下限分别至少要建多少？", ["20,000", "15,000"]),
        (
            "We hold 30,000 m² of industrial land and 10,000 m² of general-purpose R&D land. "
            "Minimum floor area of each?",
            ["60,000", "30,000"],
        ),
    ],
)
def test_plots_of_two_land_types_each_get_their_floor_area(
    bm25_assistant: Assistant, question: str, figures: list[str]
) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "calculation"
    assert all(figure in result.answer for figure in figures)
    assert result.calculation is not None and result.calculation.amount_yuan is None  # areas are never yuan


def test_tiers_asked_in_a_sentence_of_their_own_are_stated_by_the_sentence_listing_them(
    bm25_assistant: Assistant,
) -> None:
    """The voucher's cap asked first, then the first-breakthrough tiers: measure 11 lists them in another sentence
    than the voucher's, so the question is no refusal."""
    result = bm25_assistant.answer("成长券的券值奖励最高是多少？产值首次突破是哪几档？")
    assert not result.refused and "500,000" in result.answer


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("What annual output does an enterprise need for the smart-factory assessment voucher?", ["100,000,000"]),
        ("申请智评券，企业年产值有啥要求？", ["100,000,000"]),  # a requirement on output is its threshold
        (
            "What industrial output milestones does the tiered cultivation measure name for first-time breakthroughs?",
            ["1,000,000,000", "5,000,000,000", "10,000,000,000"],
        ),
        (  # the minimum named with words between, beside the cap asked too
            "Technical renovation: what's the minimum total project investment to get in, and how high is the ceiling?",
            ["10,000,000", "100,000,000"],
        ),
        # levels asked, not the asker's verdict ("count for" asks which, not whether)
        (
            "which revenue levels count for the first-time breakthrough support? pls list",
            ["1,000,000,000", "5,000,000,000", "10,000,000,000"],
        ),
        ("产值首次突破那几档是多少？", ["1,000,000,000", "5,000,000,000", "10,000,000,000"]),
        (
            "Which output scales does the tiered cultivation measure list for first-time breakthroughs?",
            ["1,000,000,000", "5,000,000,000", "10,000,000,000"],
        ),
        # a short question naming a term only one measure states in the policy's own words (首次 is measure 15's too)
        ("首次突破分哪几档？", ["1,000,000,000", "5,000,000,000", "10,000,000,000"]),
    ],
)
def test_a_threshold_asked_as_what_one_needs_is_answered_with_it(
    bm25_assistant: Assistant, question: str, figures: list[str]
) -> None:
    answer = bm25_assistant.answer(question).answer
    assert all(figure in answer for figure in figures)


@pytest.mark.parametrize(
    ("question", "in_force"),
    [
        ("这些措施从哪天起开始实施？", None),
        ("Were the measures already in efect on 3 March 2023?", True),  # typed with a typo
        ("From what date do the measures apply?", None),
        ("Would the measures have been in force for a project we launched in March 2023?", True),
        ("2022年9月签的合同，当时这个政策已经施行了吗？", False),
        ("2022年10月这个政策生效了吗？", True),  # from its first day
        ("When does the policy start?", None),
        ("2022年10月1日当天就开始执行了吗？", True),  # no word for the policy: the date and 执行 ask it
        ("9月30号那天已经开始执行了吗？", False),
        ("The copy says it was printed on 30 September 2022 — does that mean it already applied that day?", False),
        # beside the asker's own figure: the day still asks whether it was in force
        ("Our EDA licence contract (RMB 1.2m) was signed on 20 Nov 2022. Was the document in effect then?", True),
        ("我们2022年9月20日签了500万的首台套合同，那时候这个政策已经施行了吗？", False),
        ("We signed a first-batch contract (RMB 12m) on 2022-11-03. Had the measures taken effect by then?", True),
        ("2022年11月20日的时候这些措施在执行中吗？", True),  # 在执行中 on a day
        ("2022年9月25号的时候，这个措施已经在执行了吧？", False),  # a comma between the day and 执行
        ("我们10月9号签的合同，那天这个政策就已经生效了吗？", True),
        ("落款是9月29号，那9月29号当天就算开始执行了吗？", False),  # 就算 between 当天 and 开始执行
        # a date spoken in numerals, an English month with a comma before its year
        ("我们二零二二年九月二十号签的合同 那时候这个措施已经施行了没有", False),
        ("Was the policy in force for a contract signed in November, 2022?", True),
    ],
)
def test_effective_date_questions_in_other_words(
    bm25_assistant: Assistant, question: str, in_force: bool | None
) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "meta" and not result.refused
    assert "2022-10-01" in result.answer
    assert result.eligible is in_force


@pytest.mark.parametrize(
    "question",
    [
        "Are we eligible for the up to 5 million yuan support for innovative devices?",
        "We are a medical device company. Can we get the 5 million support?",  # a support named by its figure
    ],
)
def test_a_quoted_cap_names_the_measure_that_states_it_and_is_no_base(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.retrieved[0] == 15 and not result.refused
    assert result.calculation is None or result.calculation.amount_yuan != 1_500_000  # 30% of the quoted cap


@pytest.mark.parametrize(
    "question",
    [
        "We're an SME (120 staff) that needs GPU compute for training a defect-detection model. Can we apply for the "
        "算力券?",
        "Our output first passed 5 billion in 2019, fell during the pandemic and is 5.4 billion now. Does this count "
        "as crossing 50亿 for the first time?",
    ],
)
def test_an_enterprise_asking_about_what_a_measure_names_is_answered(assistant: Assistant, question: str) -> None:
    """Words the off-topic descriptions share (a model's training, the pandemic) once refused these."""
    result = assistant.answer(question)
    assert not result.refused and result.intent == "eligibility"


def test_an_enterprise_asking_how_much_of_what_a_measure_names_is_the_policys_question(assistant: Assistant) -> None:
    """A typo (劵 for 券) once made it look unrelated: it is asked of the measure naming the voucher."""
    result = assistant.answer("我们刚拿到算力劵，能抵多少")
    assert result.refusal_reason != "out_of_domain" and result.retrieved[0] == 18


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Which office is responsible for interpreting this document?", "not_stated"),
        ("日本政府对首台套装备有什么补贴？", "other_jurisdiction"),
        ("市级园区高质量发展基金的规模有多大？", "not_stated"),
        ("What's the usual amount of the 租税投 linked support for a growth-stage company?", "not_stated"),
        ("第17条说鼓励保险公司开发普惠型医疗保险，这个保险一年保费多少钱？", "not_stated"),  # the 200万 is another's
        ("工业用地经批准提高容积率，不用补缴土地款，那契税要不要交？", "not_stated"),
        ("第12条说给予国家级智能工厂一定支持，具体给多少钱？", "not_stated"),
        ("A draft of these measures had a higher core-team reward. What was the cap in that draft?", "other_period"),
        # the rules in force in another year: their figure, not when this version took effect
        ("Approved in 2019 under the rules in force then. What percentage did the 2019 rules give?", "other_period"),
        ("2019年那版政策当时生效的时候，技改补贴比例是多少？", "other_period"),
        ("Parks supply staff dormitories — what will a worker pay per month to live in one?", "not_stated"),
        ("How many hukou points does a skilled-talent designation under measure 24 give?", "not_stated"),
    ],
)
def test_more_of_what_the_policy_does_not_say(bm25_assistant: Assistant, question: str, reason: str) -> None:
    result = bm25_assistant.answer(question)
    assert (result.refused, result.refusal_reason) == (True, reason)


@pytest.mark.parametrize(
    "question",
    [
        "我们是小微企业，贷款是用设备抵押从银行贷的，能申请贴息吗？",
        "我们药企做的是仿制药的上市后再评价项目，能申请再评价的支持吗？",
        "Our plot is commercial office land and the planning bureau approved a higher FAR. No land premium for us?",
        # a recognition applied for, not obtained; a first batch already supported; a loan the parent guaranteed
        "Our 8亿 renovation is applying to be recognized as a major technical renovation project in a key field. "
        "Does the 100 million ceiling apply to us now?",
        "我们的新材料上次作为首批次已经拿过支持，这次是第三批订单，合同1500万，还能按首批次申请吗？",
        "我们是小微企业，贷款是集团母公司担保的，没有走政府性融资担保，可以申请贴息吗？",
    ],
)
def test_a_stated_fact_that_fails_a_condition_is_a_no(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.eligible is False
    assert result.calculation is None


def test_the_units_of_a_quoted_support_are_looked_up(assistant: Assistant) -> None:
    """The figure quoted names the support; the question asks who is in charge of it, not how much."""
    result = assistant.answer("特色产业园区建公共服务平台最高200万那条，责任单位有哪几家？")
    assert result.intent == "lookup" and not result.refused and result.calculation is None
    assert "市经济信息化委、上海科创办、市财政局、各区" in result.answer


@pytest.mark.parametrize(
    "question",
    ["What are the titles of the sections the measures are grouped into?", "这个文件分为几个部分，各部分标题是什么？"],
)
def test_sections_asked_together_are_all_listed(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    titles = {clause.section_title for clause in bm25_assistant.corpus.policy().document.clauses}
    assert result.intent == "meta" and len(titles) == 4
    assert all(title in result.answer for title in titles)


@pytest.mark.parametrize(
    ("question", "reason", "measure"),
    [  # retrieval by meaning, as served: keywords alone find the measures of other words
        # a voucher's value is read where the voucher is named, never from another voucher's figure
        ("How much is one computing-power voucher (算力券) worth?", "not_stated", 18),
        ("一张算力券面值多少？", "not_stated", 18),
        ("What reimbursement ratio do patients get once the drug is covered by medical insurance?", "not_stated", 17),
        ("上海现在有多少个市级特色产业园区？", "not_stated", 6),
        ("How many municipal-level characteristic industrial parks are there in Shanghai now?", "not_stated", 6),
        ("境外投资者再投资递延纳税能递延几年？", "not_stated", 23),
        ("How many years can the reinvestment tax deferral for foreign investors last?", "not_stated", 23),
        ("苏州工业园区一类创新药研发投入能补多少钱？我们在考虑落地苏州还是上海", "other_jurisdiction", None),
        ("Hangzhou Binjiang district's EDA subsidy rate?", "other_jurisdiction", None),
        # what "符合条件" means in detail, quoted as the measure words it: the measure found, its criteria unstated
        ("上市后再评价支持要求的“符合条件”，具体标准是什么？样本量要多少例？", "not_stated", 17),
    ],
)
def test_values_the_measures_never_state_are_declined(
    assistant: Assistant, question: str, reason: str, measure: int | None
) -> None:
    result = assistant.answer(question)
    assert (result.refused, result.refusal_reason) == (True, reason)
    assert [c.clause for c in result.citations][:1] == ([measure] if measure else [])


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("measure 12 voucher reward for firms over 1亿 output: how much?", 50_000),
        ("智评券面值多少？", 50_000),  # named in one sentence, priced in the next
        ("成长券最高多少钱？", 500_000),
        ("EDA工具采购300万元，补贴比例是多少，能拿多少？", 1_500_000),
    ],
)
def test_values_the_measures_state_are_answered(assistant: Assistant, question: str, amount: int) -> None:
    result = assistant.answer(question)
    assert not result.refused
    assert result.calculation is not None and result.calculation.amount_yuan == amount


@pytest.mark.parametrize(
    "question",
    [
        "我们是苏州的公司，想在上海设厂，能享受第13条吗",
        "We are a Suzhou company planning a plant in Shanghai; can we get measure 13?",
    ],
)
def test_an_asker_from_elsewhere_asking_about_the_policy_is_answered(assistant: Assistant, question: str) -> None:
    result = assistant.answer(question)
    assert result.refusal_reason != "other_jurisdiction"


@pytest.mark.parametrize(
    "question",
    [
        "Which government body issued this high-end manufacturing document?",
        "Which government body actually issued this document?",
        "Which municipal department published these measures?",
        "这个文件是谁发布的？",
    ],
)
def test_the_issuer_is_answered_in_more_words(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "meta" and not result.refused and "上海市人民政府办公厅" in result.answer


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("这个文件一共有几条措施？", "count"),
        ("第十几条那个政府性融资担保贷款贴息，我们能不能享受？", None),  # a measure half-remembered, no count
        ("How many hukou points does the talent measure give?", None),
        ("Measure 24 says skilled talent can get hukou. How many points do they need?", None),  # a score needed
        ("How many points does the document have?", "count"),
        ("The district hasn't signed off either. Can we go ahead?", None),  # no signing of the notice asked
        ("When was the notice signed?", "notice_date"),
        ("Who exactly issued this notice?", "issuer"),
        ("What date is on the notice itself?", "notice_date"),
        ("What are the four part headings of the measures?", "section"),
        ("Is measure 21 in the last part?", "section"),
    ],
)
def test_what_counts_the_documents_measures(question: str, topic: str | None) -> None:
    assert meta_topic(question) == topic


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "measure"),
    [
        (
            "We're an SME doing machine-vision QC and we rent GPU computing-power services from a cloud provider to "
            "train models. Is this the kind of thing the 算力券 supports?",
            18,
        ),
        ("What does 三首 refer to in these measures?", 13),  # two characters are a term too
        ("三首是什么意思？", 13),  # in a Chinese question, unquoted
        ("政策里老说三首 三首具体是哪三个首啊", 13),
    ],
)
def test_a_chinese_term_of_one_measure_is_in_scope(assistant: Assistant, question: str, measure: int) -> None:
    """The policy's own word (算力券, measure 18's) keeps a question about it from being declined as off-topic."""
    result = assistant.answer(question)
    assert not result.refused and measure in result.retrieved[:2]


@pytest.mark.parametrize(
    ("question", "eligible"),
    [
        # colloquial first person (咱, 俺): the asker's own case, so a verdict
        ("咱公司牵头研究制定了一项国际标准 第22条那个软实力提升项目奖励 俺们能申请不", True),
        ("俺们是嘉定的工业企业 自己的工业用地 规划部门批了提高容积率 那是不是不用再补缴土地款了", True),
        # 是不是 / 在不在 ask yes or no beside the asker's figures
        (
            "我们工业产值今年首次超过10亿元，达到10.5亿元，以前最高9亿。我们是不是第十一条里区里可以支持的那类企业？",
            True,
        ),
        # a case put for someone else: a lawyer's client, a hotline caller's company
        (
            "王律师您好，客户是张江的器械公司，产品进了国家创新医疗器械特别审查通道，今年第一次拿到注册证，"
            "生产是委托松江一家工厂做的。这个情况在不在第15条的支持范围里？",
            True,
        ),
        # typed in traditional characters: 註冊 in 杭州, 沒有進入 the special review
        ("老師好，我們是杭州註冊的藥企，Ⅰ類創新藥拿到了許可，委託上海工廠生產，能申請研發投入支持嗎？", False),
        ("請問我們的醫療器械沒有進入創新醫療器械特別審查程序，首次拿到註冊證，在上海生產，可以申請支持嗎？", False),
        # Taiwan's word for 集成电路
        ("我們是積體電路設計公司，買了國產自主安全可控的EDA工具，可以申請資助嗎？", True),
        # a client's case asked in the third person ("can they apply")
        (
            "Client's output first went past 10亿 in 2018 (1.02 billion), slipped to about 0.95 billion in 2020, and "
            "crossed 1 billion again in 2023 with 1.2bn. Can they apply as a first-time 1-billion breakthrough "
            "enterprise for 2023?",
            False,
        ),
        ("【12345热线记录】来电人称其公司的产品是2类改良型新药，询问能否按第15条申请研发投入30%的支持。", False),
        (
            "律师咨询：委托人是一家在化工园区外面的存量危化品企业，拟建一个给集成电路产业链配套的电子化学品项目，"
            "经评估不涉及“两重点、一重大”，所在区政府已经书面出具了支持意见。这个项目能否实施？",
            True,
        ),
    ],
)
def test_colloquial_askers_get_a_verdict(bm25_assistant: Assistant, question: str, eligible: bool) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "eligibility" and result.eligible is eligible


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "eligible"),
    [
        # a rough headcount (二十几个人) asks no count: the guaranteed loan's interest subsidy gets its verdict
        ("我们是小微企业二十几个人然后去年通过政府性融资担保机构担保从银行贷了五百万想问这个贷款能不能贴息", True),
        # the 没 of an earlier clause stops where 听说 opens the next
        ("我们做汽车零部件的前年产值九亿去年第一次做到十一个亿以前从来没到过我听说首次突破有支持我们符合吗", True),
        # a total said after its parts
        ("技改项目设备投七百万软件两百万安装一百万加起来总投入正好一千万能不能够上技改支持的门槛", True),
        (
            "A district-level (not municipal-level) characteristic park wants a testing centre. Can it get the 2m?",
            False,
        ),
    ],
)
def test_messages_typed_by_voice_or_with_asides_get_their_verdict(
    assistant: Assistant, question: str, eligible: bool
) -> None:
    result = assistant.answer(question)
    assert result.intent == "eligibility" and result.eligible is eligible


@pytest.mark.parametrize(
    "question",
    [
        "首台套装备验证服务机构、首批次新材料验证服务机构的研发资助上限分别是多少？",
        "What are the R&D funding caps for verification institutions of first-of-a-kind IC equipment and of "
        "first-batch new materials, respectively?",
        # one compared with the other
        "我们是首批次新材料验证服务机构，研发资助上限多少？和装备验证机构有区别吗？",
        "As a verification provider for first-of-a-kind IC equipment, is our R&D funding cap the same as for "
        "new-material verifiers?",
        "我们是给首批次新材料做验证服务的机构，研发资助最多能拿多少？跟做首台套装备验证的机构是一个标准吗？",
    ],
)
def test_the_caps_of_each_beneficiary_of_one_sentence_when_each_is_asked(
    bm25_assistant: Assistant, question: str
) -> None:
    """Each cap is shown under the name of the support it is, so the asker sees whose is whose."""
    result = bm25_assistant.answer(question)
    assert "1,000,000" in result.answer and "500,000" in result.answer
    assert result.calculation is not None and result.calculation.amount_yuan in (1_000_000, 500_000)  # no total
    assert "1,500,000" not in result.answer
    names = ("验证服务机构研发资助：最高不超过", "R&D funding for verification institutions of")
    assert sum(result.answer.count(name) for name in names) == 2


@pytest.mark.parametrize(
    ("question", "cap"),
    [
        ("我们是集成电路首批次新材料的验证服务机构，注意不是首台套装备那个，研发资助最多给多少", 500_000),
        ("We verify first-batch IC materials, not the first-of-a-kind equipment one. Max R&D funding?", 500_000),
        ("集成电路首台套装备验证服务机构，不是新材料那个，研发资助最多多少", 1_000_000),
    ],
)
def test_an_item_set_aside_chooses_no_cap(bm25_assistant: Assistant, question: str, cap: int) -> None:
    result = bm25_assistant.answer(question)
    assert result.calculation is not None and result.calculation.amount_yuan == cap


def test_figures_counted_in_passing_announce_no_second_question(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer(
        "We verify first-batch new materials for the IC industry; the lab upgrade cost three million. What's the "
        "R&D funding ceiling for an institution like ours? There seem to be two numbers in there."
    )
    assert result.calculation is not None and result.calculation.amount_yuan == 500_000  # no second cap added


@pytest.mark.parametrize(
    "question",
    [
        "听说成长券市级最高5万？小升规企业的成长券最多多少",
        "A friend says the growth voucher is capped at 5 wan. Is that right? What is its municipal maximum?",
    ],
)
def test_a_voucher_named_decides_over_another_measures_cap_quoted(bm25_assistant: Assistant, question: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.retrieved[0] == 11
    assert result.calculation is not None and result.calculation.amount_yuan == 500_000


def test_a_measure_named_by_its_title_without_quotes_is_the_one_asked_about(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer("请问我们公司想申请创新药械落地发展的支持，符合条件吗")
    assert result.retrieved[0] == 15 and not result.refused


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How big must a first-of-a-kind contract be to get the full 20 million?", "66,666,667"),
        ("标杆性示范项目投资多少才能拿满800万？", "40,000,000"),
    ],
)
def test_the_base_from_which_the_cap_is_paid_is_answered(assistant: Assistant, question: str, figure: str) -> None:
    assert figure in assistant.answer(question).answer


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Which section is the measure with the 2 million re-evaluation support in?", "拓展市场发展空间"),
        ("最高2000万支持首台套的那条，属于第几部分？", "加大资金支持高质量发展力度"),
    ],
)
def test_the_section_of_a_measure_named_by_its_figure(bm25_assistant: Assistant, question: str, section: str) -> None:
    result = bm25_assistant.answer(question)
    assert result.intent == "meta" and section in result.answer


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        # a term only measure 13 states, over a fact measure 15's conditions turn on (registered in Shanghai)
        (
            "We're registered in Shanghai and signed a 12 million contract for a new machine. "
            "Does the 三首 support apply?",
            13,
        ),
        # a term only measure 23 states (外资) describing the asker: the drug's measure states more of the question
        ("我们是外资药企，上海注册申请人，1类创新药已获批，委托生产，研发投入8000万，能拿多少？", 15),
    ],
)
def test_a_term_only_one_measure_states_names_it(assistant: Assistant, question: str, measure: int) -> None:
    assert assistant.answer(question).retrieved[0] == measure


@pytest.mark.parametrize(
    ("question", "eligible"),
    [
        ("General-purpose R&D land, 21,000 m2, plot ratio of 2.5. Does 2.5 meet the minimum for this land?", False),
        ("我们工业用地容积率做到1.8，符合要求吗", False),
        ("工业用地容积率2.2，达标吗", True),
    ],
)
def test_the_askers_floor_area_ratio_is_judged_against_the_minimum(
    bm25_assistant: Assistant, question: str, eligible: bool
) -> None:
    result = bm25_assistant.answer(question)
    assert (result.intent, result.eligible) == ("eligibility", eligible)


def test_a_floor_area_asked_beside_a_ratio_stated_is_computed(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer("Industrial plot 18,000 m², FAR 1.2 now. What's the minimum floor area?")
    assert result.intent == "calculation" and "36,000" in result.answer


def test_an_area_asked_in_square_metres_beside_the_policys_share_is_computed(bm25_assistant: Assistant) -> None:
    """The quota quoted (the 15% ancillary quota) is the policy's, and "fits" is no verdict asked."""
    result = bm25_assistant.answer(
        "A large enterprise that fits the industrial orientation owns 53,400 m² of its own land. Using the 15% "
        "quota of its own land for staff dormitories, how many square metres is that?"
    )
    assert result.intent == "calculation" and "8,010" in result.answer


@pytest.mark.parametrize(
    ("question", "eligible"),
    [
        (
            "Large enterprise, 50,000 m2 of our own land. Dormitory on 20% of the land: does that fit the measures?",
            False,
        ),
        ("大型企业，自有土地3万平方米，宿舍占自有土地的12%，符合要求吗", True),
        ("我们是小企业，自有土地3万平方米，宿舍占自有土地的12%，符合要求吗", False),  # the support's own condition
    ],
)
def test_the_askers_land_share_is_judged_against_the_quota(
    bm25_assistant: Assistant, question: str, eligible: bool
) -> None:
    result = bm25_assistant.answer(question)
    assert (result.intent, result.eligible) == ("eligibility", eligible)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "amount"),
    [
        (
            "我们的创新医疗器械进了特别审查程序，首次拿到注册证，在上海生产。研发投入3000万，30%就是900万，能给900万吗？",
            5_000_000,
        ),
        ("首台套合同金额3000万，这次能拿到1000万吗？", 9_000_000),  # more than 30% of the contract, under the cap
        (
            "Our Class I innovative drug is approved, made by a CMO, and we are registered in Shanghai. R&D was "
            "100 million, so can we get 30 million?",
            20_000_000,
        ),
    ],
)
def test_more_asked_than_the_cap_allows_gets_the_capped_amount(
    assistant: Assistant, question: str, amount: int
) -> None:
    result = assistant.answer(question)
    assert result.eligible is False  # not what was asked for …
    assert result.calculation is not None and result.calculation.amount_yuan == amount  # … but this much


@pytest.mark.slow
def test_a_procedure_still_pending_fails_in_a_question_about_a_project(assistant: Assistant) -> None:
    """Asked of "the project", in the third person, as a consultant asks: the pending certification decides."""
    result = assistant.answer(
        "A municipal major semiconductor project applied to build a central hazardous-chemicals warehouse; the "
        "certification by the municipal authority for such warehouses is still pending. Does it meet the conditions?"
    )
    assert result.eligible is False
    assert [check.field for check in result.checklist if check.status == "not_met"] == ["warehouse_certified"]


@pytest.mark.slow
def test_allowed_to_asks_a_verdict(assistant: Assistant) -> None:
    result = assistant.answer(
        "existing hazchem enterprise outside any chemical park, project for the IC chain, no '两重点一重大', district "
        "support letter issued. allowed to implement?"
    )
    assert result.eligible is True
