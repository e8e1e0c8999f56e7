"""The web UI as a user meets it: a real server on loopback, the real hybrid assistant, Debian's Chromium.

The browser tests are slow; the tests of the UI's pure helpers at the end are not. Waits are
Playwright's auto-waiting assertions (generous timeouts, no sleeps, never networkidle: Gradio keeps
a request open). On failure the page is saved to artifacts/ and its path printed.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pydantic import ValidationError

from assistant.chain import Assistant
from assistant.corpus import Corpus
from assistant.matching.profile import PROFILE_FIELDS
from assistant.serving.feedback import FeedbackStore
from assistant.serving.service import AssistantService
from assistant.serving.ui import (
    answer_message,
    calculator_markdown,
    measure_rows,
    profile_from_form,
    rule_choices,
    stream_pieces,
)
from assistant.settings import Settings
from tests.conftest import FAILED_PHASES, MODEL_CACHE, REPO
from tests.support import ANSWER_TIMEOUT_MS, THUMBS_UP, ask, finished, serving

ARTIFACTS = REPO / "artifacts"

EDA_EN = "Which support applies to a new EDA tool purchase?"
FIRST_OF_A_KIND_ZH = "首台套设备合同1亿,最多补多少?"
QUOTE_ZH = "按照规定给予不超过创新产品合同金额30%、最高不超过2000万元支持。"
QUOTE_EN = "no more than 30% of the innovative product contract amount and up to RMB 20 million"
# Typed by a user; rendered as HTML, the browser would fetch it.
INJECTED = '<img src="/injected-by-user.png" alt="x">'
INJECTED_IMAGE = 'img[src*="injected-by-user"]'


@pytest.fixture(scope="module")
def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A temporary data folder, so feedback goes to a temporary SQLite file."""
    return Settings(data_dir=tmp_path_factory.mktemp("ui") / "data", model_cache_dir=MODEL_CACHE)


@pytest.fixture(scope="module")
def base_url(assistant: Assistant, ui_settings: Settings) -> Iterator[str]:
    service = AssistantService(ui_settings, loader=lambda _: assistant)
    service.start()
    with serving(service) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh session on the app; a screenshot of it is saved if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(base_url)
    yield page
    if request.node.stash.get(FAILED_PHASES, set()) & {"setup", "call"}:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the failed UI test: {path}")
    context.close()


@pytest.mark.slow
def test_english_question_gets_a_cited_answer(page: Page) -> None:
    answer = finished(ask(page, EDA_EN))
    expect(answer).to_contain_text("Measure 13")
    expect(answer).to_contain_text("50%")
    expect(answer).to_contain_text("electronic design automation")


@pytest.mark.slow
def test_chinese_calculation_shows_amount_steps_and_citation_card(page: Page) -> None:
    page.get_by_role("button", name=FIRST_OF_A_KIND_ZH).click()  # an example question
    answer = finished(page.locator('#chat [data-testid="bot"]').last)
    expect(answer).to_contain_text("20,000,000")
    expect(answer).to_contain_text("第13条")
    expect(answer.locator("details.calculation summary")).to_contain_text("2000万元")

    card = answer.locator("details.citation").first
    quote_zh, quote_en = card.locator('blockquote[lang="zh"]'), card.locator('blockquote[lang="en"]')
    expect(quote_en).to_be_hidden()  # a card is closed until its summary is clicked
    card.locator("summary").click()
    expect(quote_zh).to_be_visible()
    expect(quote_zh).to_contain_text(QUOTE_ZH)
    expect(quote_en).to_be_visible()
    expect(quote_en).to_contain_text(QUOTE_EN)
    expect(card).to_contain_text("责任单位：市经济信息化委、市财政局、市科委、上海银保监局")
    expect(card).to_contain_text("Responsible units: Shanghai Municipal Commission of Economy and Informatization")


@pytest.mark.slow
def test_follow_up_keeps_the_conversation(page: Page) -> None:
    finished(ask(page, EDA_EN))
    expect(ask(page, "When does it take effect?")).to_contain_text("2022-10-01")
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(2)
    expect(page.locator('#chat [data-testid="bot"]').first).to_contain_text("Measure 13")


@pytest.mark.slow
def test_follow_up_questions_resolve_against_the_tab_s_conversation(page: Page) -> None:
    finished(ask(page, FIRST_OF_A_KIND_ZH))
    follow_up = finished(ask(page, "那如果是5000万呢？"))
    expect(follow_up).to_contain_text("15,000,000")
    expect(follow_up).to_contain_text("Read as a follow-up to")
    expect(follow_up).to_contain_text("首台套设备合同5000万")
    units = finished(ask(page, "哪个部门负责？"))
    expect(units).to_contain_text("市经济信息化委")


@pytest.mark.slow
def test_thumbs_up_with_comment_is_stored(page: Page, ui_settings: Settings) -> None:
    question = "EDA工具采购有什么支持？"
    finished(ask(page, question))
    page.locator("#chat").get_by_role("button", name=THUMBS_UP).last.click()
    expect(page.locator("#feedback-status")).to_contain_text("Thanks")

    comment = "清楚 — it's clear'); DROP TABLE feedback; --"
    page.get_by_label("评论（可选）· Comment (optional)").fill(comment)
    page.get_by_role("button", name="提交评论 · Send comment").click()
    expect(page.locator("#feedback-status")).to_contain_text("Comment saved")

    stored = [f for f in FeedbackStore(ui_settings.feedback_db).list() if f.question == question]
    assert [(f.rating, f.comment) for f in stored] == [(1, comment)]
    assert 13 in [citation.clause for citation in stored[0].result.citations]


@pytest.mark.slow
def test_calculator_tab(page: Page) -> None:
    page.get_by_role("tab", name="计算器 · Calculators").click()
    page.get_by_label("支持项目 · Support").click()
    page.get_by_role("option", name=re.compile("第13条 · 不超过创新产品合同金额30%")).click()
    amount = page.get_by_label("创新产品合同金额 · Amount")  # the label names what to enter
    result = page.locator("#calculator-result")

    amount.fill("1亿")
    page.get_by_role("button", name="计算 · Calculate").click()
    expect(result).to_contain_text("20,000,000")
    expect(result).to_contain_text("2000万元")
    expect(result).to_contain_text("第13条")
    expect(result).to_contain_text("30,000,000 > 20,000,000")

    amount.fill("3,000,000")
    amount.press("Enter")
    expect(result).to_contain_text("900,000")

    amount.fill("a lot")
    amount.press("Enter")
    expect(result).to_contain_text("金额有误 · Check the amount")
    expect(result).to_contain_text("300万元")  # the message shows how to write an amount


@pytest.mark.slow
def test_measures_tab_search_and_detail(page: Page) -> None:
    page.get_by_role("tab", name="措施 · Measures").click()
    table = page.locator("#measures")
    page.get_by_label("搜索措施 · Search the measures").fill("EDA")
    expect(table).to_contain_text("Stepping Up Support")
    expect(table).not_to_contain_text("智能工厂")

    table.get_by_text("加大“三首”支持力度", exact=True).filter(visible=True).click()
    detail = page.locator("#measure-detail")
    expect(detail).to_contain_text("第13条 · 加大“三首”支持力度")
    expect(detail).to_contain_text("Measure 13")
    expect(detail).to_contain_text("对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具")
    expect(detail).to_contain_text("electronic design automation (EDA) tools")
    expect(detail).to_contain_text("市经济信息化委")
    expect(detail).to_contain_text("不超过创新产品合同金额30%，最高不超过20,000,000 元（2000万元）")

    page.get_by_label("搜索措施 · Search the measures").fill("首台套")
    expect(table).to_contain_text("加大“三首”支持力度")


@pytest.mark.slow
def test_match_tab_checks_a_profile_and_offers_the_report(page: Page) -> None:
    """Also: the enterprise name is shown as typed, not rendered as HTML, and no temporary folder is left."""
    temporary = Path(tempfile.gettempdir())
    folders_before = set(temporary.glob("policy-match-*"))
    page.get_by_role("tab", name="政策匹配 · Match").click()
    page.get_by_label("企业名称 · Enterprise name").fill(f"{INJECTED}芯测科技")
    page.get_by_label("集成电路 · integrated circuits").check()
    page.get_by_label("采购自主安全可控EDA工具的金额 · spending on EDA").fill("300万")
    page.get_by_role("button", name="匹配 · Match").click()
    result = page.locator("#match-result")
    expect(result).to_contain_text(f"政策匹配报告：{INJECTED}芯测科技")
    expect(result.locator(INJECTED_IMAGE)).to_have_count(0)
    expect(result).to_contain_text("第13条 · 加大“三首”支持力度")
    expect(result).to_contain_text("最高 1,500,000 元（150万元）")
    expect(result).to_contain_text("企业是否在上海注册？")  # a question for what the form left unknown
    link = page.locator("#match-report a[download]").first
    expect(link).to_have_attribute("download", re.compile(r"^policy-match-\d{4}-\d{2}-\d{2}\.md$"))
    report = page.request.get(link.get_attribute("href") or "")
    assert report.ok and "最高 1,500,000 元（150万元）" in report.text()
    assert f"# 政策匹配报告：{INJECTED}芯测科技" in report.text()  # the file is Markdown as written
    assert set(temporary.glob("policy-match-*")) == folders_before


@pytest.mark.slow
def test_what_the_user_typed_is_shown_not_rendered(page: Page) -> None:
    question = f"{INJECTED}首台套设备合同1亿,最多补多少?"
    answer = finished(ask(page, question))  # the user's bubble shows the text as typed
    expect(answer).to_contain_text("20,000,000")
    expect(page.locator(f"#chat {INJECTED_IMAGE}")).to_have_count(0)


# --- the helpers behind the tabs (fast) -----------------------------------------------------------


def test_stream_pieces_grow_to_the_whole_answer() -> None:
    text = "第13条 · 加大“三首”支持力度：不超过创新产品合同金额30%，最高不超过2000万元。" * 10
    pieces = list(stream_pieces(text))
    assert pieces[-1] == text
    assert all(text.startswith(piece) for piece in pieces)
    assert all(len(a) < len(b) for a, b in itertools.pairwise(pieces))
    assert 10 < len(pieces) <= 41
    assert list(stream_pieces("short")) == ["shor", "short"]


@pytest.mark.slow
def test_an_eligibility_verdict_shows_its_checklist(page: Page) -> None:
    answer = finished(ask(page, "我们是外地注册的药企，Ⅰ类创新药研发投入1亿，能拿多少？"))
    expect(answer).to_contain_text("不符合")
    card = answer.locator("details.checklist")
    expect(card.locator("summary")).to_contain_text("1 ✗")
    card.locator("summary").click()
    expect(card).to_contain_text("✗ 不满足 · not met")
    expect(card).to_contain_text("在本市（上海）注册")
    expect(card.locator('q[lang="zh"]').first).to_contain_text("对由本市注册申请人获得许可")
    expect(answer.locator("details.calculation")).to_have_count(0)  # no amount for what does not qualify


def test_answer_message_escapes_quotes_into_cards(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer(FIRST_OF_A_KIND_ZH)
    result.citations[0].quote = "<script>alert(1)</script>"
    message = answer_message(result, bm25_assistant.corpus)
    assert message.startswith(result.answer)
    assert "<script>" not in message and "&lt;script&gt;" in message
    assert '<details class="calculation"' in message and "20,000,000 元 / yuan (2000万元)" in message
    assert "Responsible units: Shanghai Municipal Commission of Economy and Informatization" in message


def test_answer_message_shows_user_text_as_text(bm25_assistant: Assistant) -> None:
    result = bm25_assistant.answer(FIRST_OF_A_KIND_ZH)
    result.resolved_question = f"{INJECTED}首台套设备合同5000万"
    result.answer = f"> quoted & kept\n\n{INJECTED} echoed"
    message = answer_message(result, bm25_assistant.corpus)
    assert "<img" not in message and "&lt;img" in message
    assert "> quoted &amp; kept" in message  # Markdown quotes still work


def test_rule_choices_are_money_and_threshold_rules(corpus: Corpus) -> None:
    choices = dict(rule_choices(corpus))
    first_of_a_kind = next(label for label, rule_id in choices.items() if rule_id.endswith("#13.0.35"))
    assert first_of_a_kind.startswith("第13条 · 不超过创新产品合同金额30%，最高不超过20,000,000 元（2000万元） — ")
    assert "Measure 13 · up to 30%" in first_of_a_kind
    kinds = {corpus.rule(rule_id).kind for rule_id in choices.values()}
    assert kinds == {"ratio", "cap", "threshold"}


@pytest.mark.parametrize(
    ("rule_suffix", "amount", "expected"),
    [
        ("#13.0.35", "1亿", "20,000,000 元 / yuan (2000万元)"),
        ("#13.0.35", "300万", "900,000 元 / yuan (90万元)"),
        ("#13.3.24", "", "1,000,000 元 / yuan (100万元)"),  # a fixed cap needs no amount
        ("#12.2.4", "8000万", "不符合 · Not eligible"),
        ("#12.2.4", "1.2亿", "符合 · Eligible"),
        ("#13.0.35", " ", "请输入创新产品合同金额"),
        ("#13.0.35", "-5万", "金额有误 · Check the amount"),
        ("#13.0.35", "300", "请注明单位"),
    ],
)
def test_calculator_results_and_messages(corpus: Corpus, rule_suffix: str, amount: str, expected: str) -> None:
    rule = next(r for r in corpus.policy().rules if r.id.endswith(rule_suffix))
    assert expected in calculator_markdown(corpus, rule, amount)


@pytest.mark.parametrize(
    ("query", "numbers"),
    [("EDA", [13]), ("eda 首台套", [13]), ("第13条", [13]), ("", list(range(1, 26))), ("no such words", [])],
)
def test_measure_search_in_both_languages(corpus: Corpus, query: str, numbers: list[int]) -> None:
    assert [row[0] for row in measure_rows(corpus, query)] == numbers


def test_match_form_answers_become_a_profile() -> None:
    answers = {path: None for path in PROFILE_FIELDS} | {
        "industries": ["integrated_circuits"],
        "registered_in_shanghai": "yes",
        "large_enterprise": "no",
        "crossed_scale_threshold_this_year": "unknown",
        "annual_output": " 1.2亿 ",
        "spending.eda_tools": "300万",
        "spending.green_project": "  ",
        "land.industrial_land_m2": "20,000 m2",
    }
    profile = profile_from_form(" 芯测 ", "", answers)
    assert (profile.name, profile.industries) == ("芯测", ["integrated_circuits"])
    assert (profile.registered_in_shanghai, profile.large_enterprise, profile.crossed_scale_threshold_this_year) == (
        True,
        False,
        None,
    )
    assert profile.annual_output == 120_000_000 and profile.spending.eda_tools == 3_000_000
    assert profile.spending.green_project is None and profile.land.industrial_land_m2 == 20_000
    assert profile_from_form("", "", {"industries": []}).industries is None  # nothing ticked: unknown
    with pytest.raises(ValidationError, match=r"eda_tools\n.*not a recognizable amount"):
        profile_from_form("", "", {"spending.eda_tools": "a lot"})


@pytest.fixture(scope="module")
def two_doc_url(two_doc_assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("ui-two") / "data", model_cache_dir=MODEL_CACHE)
    service = AssistantService(settings, loader=lambda _: two_doc_assistant)
    service.start()
    with serving(service) as url:
        yield url


@pytest.mark.slow
def test_the_document_filter_restricts_a_question(browser: Browser, two_doc_url: str) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN").new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(two_doc_url)
    page.locator("#document input").click()
    page.get_by_role("option", name=re.compile("机器人")).click()
    district = finished(ask(page, "第2条讲什么？"))
    expect(district).to_contain_text("某某区支持机器人产业发展若干措施")
    expect(district).to_contain_text("支持机器人应用示范")
    page.locator("#document input").click()
    page.get_by_role("option", name="全部文件 · All documents").click()
    expect(finished(ask(page, "首台套设备合同1亿，最多补多少？"))).to_contain_text("上海市推进高端制造业发展的若干措施")
    page.context.close()
