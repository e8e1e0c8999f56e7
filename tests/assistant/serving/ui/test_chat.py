"""The Ask tab in Debian's Chromium against a real server: answers, follow-ups, thumbs, conversations, and
what happens to the user's typing while an answer streams.

Streams that must stay open while the test types use an LLM (the one part that is not ours, so faked)
that sends its first sentence and then waits for the test to let it finish: no sleeps, no timing luck.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from playwright.sync_api import Browser, Page, expect

from assistant.answering.composer import TemplateComposer
from assistant.chain import Assistant
from assistant.llm_composer import LLMComposer
from assistant.serving.feedback import FeedbackStore
from assistant.settings import Settings
from tests.assistant.serving.ui.conftest import OpenPage
from tests.conftest import MODEL_CACHE
from tests.support import THUMBS_UP, ask, finished, serving_assistant

EDA_EN = "Which support applies to a new EDA tool purchase?"
FIRST_OF_A_KIND_ZH = "首台套设备合同1亿,最多补多少?"
QUOTE_ZH = "按照规定给予不超过创新产品合同金额30%、最高不超过2000万元支持。"
QUOTE_EN = "no more than 30% of the innovative product contract amount and up to RMB 20 million"
INJECTED = '<img src="/injected-by-user.png" alt="x">'  # rendered as HTML, the browser would fetch it
INJECTED_IMAGE = 'img[src*="injected-by-user"]'
FIRST_SENTENCE = "根据第13条，首台套合同1亿元按30%计算为3000万元，超过上限。"
REPLY = FIRST_SENTENCE + "最高可获2000万元支持。"
WRONG_LATER = FIRST_SENTENCE + "最高可获2500万元支持。"
TYPED = "while it streams I keep typing: 一二三 & <b>no markup</b>"


def bot(page: Page) -> Any:
    return page.locator('#chat [data-testid="bot"]').last


@pytest.mark.slow
def test_english_question_gets_a_cited_answer_in_english(open_page: OpenPage) -> None:
    page = open_page("en")
    answer = finished(ask(page, EDA_EN))
    expect(answer).to_contain_text("electronic design automation")
    expect(answer).to_contain_text("50%")
    card = answer.locator("details.citation").first
    expect(card.locator("summary")).to_contain_text("Source · Measure 13")
    card.locator("summary").click()
    expect(card.locator('blockquote[lang="en"]')).to_be_visible()
    expect(card).to_contain_text("Original (Chinese)")  # the authority follows the translation
    expect(card).to_contain_text("Responsible units: Shanghai Municipal Commission of Economy and Informatization")
    expect(card).not_to_contain_text("责任单位")


@pytest.mark.slow
def test_chinese_example_shows_amount_steps_and_citation_card_in_chinese(page: Page) -> None:
    page.get_by_text(FIRST_OF_A_KIND_ZH, exact=True).click()  # an example, shown in the empty chat
    answer = finished(bot(page))
    expect(answer).to_contain_text("20,000,000")
    expect(answer.locator("details.calculation summary")).to_contain_text("计算 · 第13条：20,000,000 元（2000万元）")
    card = answer.locator("details.citation").first
    quote = card.locator('blockquote[lang="zh"]')
    expect(quote).to_be_hidden()  # a card is closed until its summary is clicked
    card.locator("summary").click()
    expect(quote).to_contain_text(QUOTE_ZH)
    expect(card.locator('blockquote[lang="en"]')).to_have_count(0)
    expect(card).to_contain_text("责任单位：市经济信息化委、市财政局、市科委、上海银保监局")


@pytest.mark.slow
def test_follow_ups_resolve_against_the_conversation_and_say_how_they_were_read(page: Page) -> None:
    finished(ask(page, FIRST_OF_A_KIND_ZH))
    follow_up = finished(ask(page, "那如果是5000万呢？"))
    expect(follow_up).to_contain_text("15,000,000")
    expect(follow_up).to_contain_text("接上文理解为")
    expect(follow_up).to_contain_text("首台套设备合同5000万")
    expect(finished(ask(page, "哪个部门负责？"))).to_contain_text("市经济信息化委")
    on_its_own = finished(ask(page, "EDA工具采购有什么支持？"))  # a new topic, answered on its own
    expect(on_its_own).not_to_contain_text("接上文理解为")


@pytest.mark.slow
def test_an_eligibility_verdict_shows_its_checklist_in_words(page: Page) -> None:
    answer = finished(ask(page, "我们是外地注册的药企，Ⅰ类创新药研发投入1亿，能拿多少？"))
    card = answer.locator("details.checklist")
    expect(card.locator("summary")).to_contain_text("1 项不满足")
    card.locator("summary").click()
    expect(card.locator(".status.not_met")).to_contain_text("不满足")
    expect(card).to_contain_text("在本市（上海）注册")
    expect(card.locator('q[lang="zh"]').first).to_contain_text("对由本市注册申请人获得许可")
    expect(answer.locator("details.calculation")).to_have_count(0)  # no amount for what does not qualify


@pytest.mark.slow
def test_what_the_user_typed_is_shown_not_rendered(page: Page) -> None:
    answer = finished(ask(page, f"{INJECTED}首台套设备合同1亿,最多补多少?"))
    expect(answer).to_contain_text("20,000,000")
    expect(page.locator(f"#chat {INJECTED_IMAGE}")).to_have_count(0)


@pytest.mark.slow
def test_enter_sends_and_shift_enter_breaks_the_line(page: Page) -> None:
    box = page.locator("#question textarea")
    box.click()
    box.press_sequentially("第一行")
    box.press("Shift+Enter")
    box.press_sequentially("EDA工具采购有什么支持？")
    expect(box).to_have_value("第一行\nEDA工具采购有什么支持？")
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(0)
    box.press("Enter")
    expect(page.locator('#chat [data-testid="user"]').last).to_contain_text("EDA工具采购有什么支持？")
    expect(box).to_have_value("")


@pytest.mark.slow
def test_a_too_long_question_stays_in_the_box_with_the_reason(open_page: OpenPage, ui_settings: Settings) -> None:
    page = open_page("en")
    limit = ui_settings.max_question_chars
    text = "EDA " * (limit // 4 + 10)
    box = page.locator("#question textarea")
    box.fill(text)
    expect(page.locator("#question-count")).to_have_text(f"{len(text):,} / {limit:,}")
    expect(page.locator("#question-count")).to_have_class(re.compile("over"))
    box.press("Enter")
    expect(page.locator("#question-notice")).to_contain_text(f"too long ({len(text):,} characters, at most {limit:,})")
    expect(page.locator("#question-notice")).not_to_contain_text("太长")
    expect(box).to_have_value(text)
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(0)  # not echoed into the chat


@pytest.mark.slow
def test_new_conversation_and_reopening_an_earlier_one_after_a_reload(page: Page) -> None:
    finished(ask(page, FIRST_OF_A_KIND_ZH))
    page.get_by_role("button", name="新对话").click()
    expect(page.locator('#chat [data-testid="bot"]')).to_have_count(0)
    finished(ask(page, EDA_EN))

    page.reload()
    page.locator("#earlier-box").get_by_text("历史对话").click()
    page.locator("#earlier input").click()
    earlier = page.get_by_role("option", name=re.compile(re.escape(FIRST_OF_A_KIND_ZH)))
    expect(page.get_by_role("option")).to_have_count(2)  # both conversations, newest first
    earlier.click()
    expect(bot(page)).to_contain_text("20,000,000")
    follow_up = finished(ask(page, "那如果是5000万呢？"))  # the reopened conversation goes on
    expect(follow_up).to_contain_text("15,000,000")

    page.get_by_role("button", name="删除此对话").click()
    expect(page.locator('#chat [data-testid="bot"]')).to_have_count(0)
    page.reload()
    page.locator("#earlier-box").get_by_text("历史对话").click()
    page.locator("#earlier input").click()
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option", name=re.compile("EDA"))).to_be_visible()


@pytest.mark.slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_feedback_is_confirmed_next_to_the_conversation_and_its_comment_stored(
    open_page: OpenPage, ui_settings: Settings, size: str
) -> None:
    page = open_page("zh", size)
    question = f"EDA工具采购有什么支持？（{size}）"
    finished(ask(page, question))
    page.locator("#chat").get_by_role("button", name=THUMBS_UP).last.click()
    status = page.locator("#feedback-status")
    expect(status).to_contain_text("已记录：有帮助")
    expect(status).to_contain_text("EDA工具采购")  # names the answer rated
    expect(status).to_be_in_viewport(ratio=1)
    comment = page.locator("#comment textarea")
    expect(comment).to_be_in_viewport(ratio=1)
    text = "清楚 — it's clear'); DROP TABLE feedback; --"
    comment.fill(text)
    page.get_by_role("button", name="提交评论").click()
    expect(status).to_contain_text("评论已保存")
    stored = [f for f in FeedbackStore(ui_settings.feedback_db).list() if f.question == question]
    assert [(f.rating, f.comment) for f in stored] == [(1, text)]
    assert 13 in [citation.clause for citation in stored[0].result.citations]


# --- while an answer streams (a model that waits for the test) --------------------------------------


class GatedChatModel(FakeListChatModel):
    """Streams its first sentence, then waits for ``gate`` before sending the rest."""

    gate: Any = None

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for sent, chunk in enumerate(super()._stream(*args, **kwargs)):
            if sent == len(FIRST_SENTENCE):
                self.gate.wait(timeout=120)
            yield chunk


@pytest.fixture(scope="module")
def gate() -> threading.Event:
    return threading.Event()


@pytest.fixture(scope="module")
def model(gate: threading.Event) -> GatedChatModel:
    return GatedChatModel(responses=[REPLY], gate=gate)


@pytest.fixture
def reply(model: GatedChatModel) -> Iterator[None]:
    """The model's reply is REPLY unless a test changes it."""
    yield
    model.responses, model.i = [REPLY], 0


@pytest.fixture(scope="module")
def gated_url(
    bm25_assistant: Assistant, model: GatedChatModel, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    corpus = bm25_assistant.corpus
    composer = LLMComposer(TemplateComposer(corpus), model, timeout_s=120)
    gated = Assistant(corpus, bm25_assistant.retriever, composer=composer)
    settings = Settings(data_dir=tmp_path_factory.mktemp("gated") / "data", model_cache_dir=MODEL_CACHE)
    with serving_assistant(gated, settings) as url:
        yield url


@pytest.fixture
def streaming(open_page: OpenPage, gated_url: str, gate: threading.Event, reply: None) -> Iterator[Page]:
    """A page whose question has streamed its first sentence and waits; the gate is opened afterwards."""
    gate.clear()
    page = open_page("en", url=gated_url)
    ask(page, FIRST_OF_A_KIND_ZH)
    expect(bot(page)).to_contain_text(FIRST_SENTENCE)
    yield page
    gate.set()


@pytest.mark.slow
def test_typing_while_an_answer_streams_keeps_every_character(streaming: Page, gate: threading.Event) -> None:
    box = streaming.locator("#question textarea")
    box.press_sequentially(TYPED)
    expect(streaming.get_by_role("button", name="Stop")).to_be_visible()
    expect(streaming.get_by_role("button", name="Send")).to_be_hidden()
    gate.set()
    expect(bot(streaming).locator("details.citation").first).to_be_attached()
    expect(box).to_have_value(TYPED)
    expect(streaming.get_by_role("button", name="Send")).to_be_visible()


@pytest.mark.slow
def test_a_question_sent_while_streaming_stays_in_the_box_with_a_note(streaming: Page, gate: threading.Event) -> None:
    box = streaming.locator("#question textarea")
    box.fill("Which support applies to a new EDA tool purchase?")
    box.press("Enter")
    notice = streaming.locator("#question-notice")
    expect(notice).to_contain_text("The previous answer is still coming")
    expect(box).to_have_value("Which support applies to a new EDA tool purchase?")
    expect(streaming.locator('#chat [data-testid="user"]')).to_have_count(1)
    gate.set()
    expect(bot(streaming).locator("details.citation").first).to_be_attached()
    expect(notice).not_to_contain_text("still coming")
    box.press("Enter")  # now it is asked
    expect(streaming.locator('#chat [data-testid="user"]')).to_have_count(2)


@pytest.mark.slow
def test_stop_keeps_what_was_shown_and_marks_it_stopped(streaming: Page) -> None:
    streaming.get_by_role("button", name="Stop").click()
    answer = bot(streaming)
    expect(answer).to_contain_text("(stopped)")
    expect(answer).to_contain_text(FIRST_SENTENCE)
    expect(answer).not_to_contain_text("'type'")  # the text as shown, not the message's parts
    expect(answer.locator("details.citation")).to_have_count(0)
    expect(streaming.get_by_role("button", name="Send")).to_be_visible()
    finished(ask(streaming, EDA_EN))  # the chat goes on while the stopped model is still silent


@pytest.mark.slow
def test_a_model_answer_streams_and_ends_with_its_cards(streaming: Page, gate: threading.Event) -> None:
    answer = bot(streaming)
    expect(answer).not_to_contain_text("最高可获")  # only the first, checked sentence so far
    gate.set()
    expect(answer).to_contain_text(REPLY)
    expect(answer.locator("details.citation").first).to_be_attached()
    expect(answer).not_to_contain_text("未采用模型回答")


@pytest.mark.slow
def test_a_rejected_model_answer_is_replaced_and_flagged(
    open_page: OpenPage, gated_url: str, model: GatedChatModel, gate: threading.Event, reply: None
) -> None:
    model.responses, model.i = [WRONG_LATER], 0
    gate.set()
    answer = finished(ask(open_page("zh", url=gated_url), FIRST_OF_A_KIND_ZH))
    expect(answer).to_contain_text("未采用模型回答")
    expect(answer).to_contain_text("最高可获支持 20,000,000 元（2000万元）")  # the deterministic answer
    expect(answer).not_to_contain_text("2500万元")


# --- several documents -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_doc_url(two_doc_assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("ui-two") / "data", model_cache_dir=MODEL_CACHE)
    with serving_assistant(two_doc_assistant, settings) as url:
        yield url


@pytest.mark.slow
def test_the_document_filter_restricts_a_question(browser: Browser, open_page: OpenPage, two_doc_url: str) -> None:
    page = open_page("zh", url=two_doc_url)
    page.locator("#document input").click()
    page.get_by_role("option", name=re.compile("机器人")).click()
    district = finished(ask(page, "第2条讲什么？"))
    expect(district).to_contain_text("某某区支持机器人产业发展若干措施")
    expect(district).to_contain_text("支持机器人应用示范")
    page.locator("#document input").click()
    page.get_by_role("option", name="全部文件").click()
    expect(finished(ask(page, "首台套设备合同1亿，最多补多少？"))).to_contain_text("上海市推进高端制造业发展的若干措施")
