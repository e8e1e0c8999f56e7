"""The page as a whole, at the sizes people use: the input on screen on landing, one scroll area, nothing
covering an answer, every tab reachable, one language at a time (switchable, remembered), and no serious
or critical accessibility violation (axe-core, from npm, injected into the page). Screenshots of every tab
at both sizes are saved under artifacts/ for a person to look at."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.assistant.serving.ui.conftest import ARTIFACTS, SIZES, OpenPage
from tests.conftest import REPO
from tests.support import ask, finished

AXE = REPO / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
TABS = {"zh": ["问答", "措施", "计算器", "匹配"], "en": ["Ask", "Measures", "Calculator", "Match"]}
HAN = re.compile(r"[\u4e00-\u9fff]")
QUESTIONS = ["首台套设备合同1亿,最多补多少?", "EDA工具采购有什么支持？", "Which measure covers smart factories?"]

# Every visible element drawn above the flow inside the chat (position absolute, fixed or sticky) that
# intersects a line of an answer's text.
COVERING = """() => {
  const texts = [...document.querySelectorAll('#chat [data-testid="bot"] :is(p, li, summary, blockquote)')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  const chat = document.querySelector('#chat').getBoundingClientRect();
  const floating = [...document.querySelectorAll('#chat *, #chat ~ *, label')].filter(e => {
    const style = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return ['absolute', 'fixed', 'sticky'].includes(style.position) && style.visibility !== 'hidden'
      && style.display !== 'none' && Number(style.opacity) > 0 && r.width > 0 && r.height > 0
      && !e.closest('[data-testid="bot"]') && !e.closest('[data-testid="user"]');
  });
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const visible = r => r.bottom > chat.top && r.top < chat.bottom;
  return floating.flatMap(e => {
    const r = e.getBoundingClientRect();
    return texts.some(t => visible(t) && overlaps(r, t)) ? [e.outerHTML.slice(0, 120)] : [];
  });
}"""


# The focused element as "<id of its nearest element with one>:<its text>".
FOCUSED = """(() => {
  const e = document.activeElement;
  return (e.closest('[id]') ? e.closest('[id]').id + ':' : '') + (e.innerText || e.tagName).trim();
})()"""


def scroll_height(page: Page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollHeight"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_on_landing_the_input_is_on_screen_and_only_the_chat_scrolls(open_page: OpenPage, size: str, lang: str) -> None:
    page = open_page(lang, size)
    expect(page.locator("#question textarea")).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("button", name=TABS[lang][0] and ("发送" if lang == "zh" else "Send"))).to_be_in_viewport()
    assert scroll_height(page) <= SIZES[size]["height"] + 1, "the page scrolls around the chat"
    for question in QUESTIONS:
        finished(ask(page, question))
    expect(page.locator("#question textarea")).to_be_in_viewport(ratio=1)  # still there, under a long chat
    assert scroll_height(page) <= SIZES[size]["height"] + 1
    overflow = page.evaluate(
        "getComputedStyle(document.querySelector('#chat [role=log], #chat .bubble-wrap')).overflowY"
    )
    assert overflow in ("auto", "scroll"), "the chat is the scroll area"


@pytest.mark.slow
@pytest.mark.parametrize("width", [360, 390, 768, 1440, 1920])
def test_nothing_covers_the_answer_text(open_page: OpenPage, base_url: str, width: int) -> None:
    page = open_page("en", "phone" if width < 640 else "desktop")
    page.set_viewport_size({"width": width, "height": 844 if width < 640 else 900})
    for question in QUESTIONS:
        finished(ask(page, question))
    log = page.locator("#chat [role=log], #chat .bubble-wrap").first
    for position in ("0", "el.scrollHeight / 3", "el.scrollHeight"):  # top, middle (the ↓ button shows), end
        log.evaluate(f"el => el.scrollTo(0, {position})")
        page.wait_for_timeout(300)  # let a scroll-triggered button appear
        assert page.evaluate(COVERING) == [], f"covered at {width} px, scrolled to {position}"


@pytest.mark.slow
@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_is_reachable_without_a_hidden_menu(open_page: OpenPage, lang: str, width: int) -> None:
    page = open_page(lang, "phone")
    page.set_viewport_size({"width": width, "height": 844})
    for name in TABS[lang]:
        tab = page.get_by_role("tab", name=name, exact=True)
        expect(tab).to_be_in_viewport(ratio=1)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")


@pytest.mark.slow
@pytest.mark.parametrize(("locale", "lang"), [("zh", "zh"), ("en", "en")])
def test_the_browser_s_language_decides_until_the_user_switches(open_page: OpenPage, locale: str, lang: str) -> None:
    page = open_page(locale, path="/")
    expect(page).to_have_url(re.compile(f"/{lang}/$"))
    other, link = ("en", "English") if lang == "zh" else ("zh", "中文")
    page.get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(f"/{other}/$"))
    page.locator("#question textarea").wait_for()
    page.goto(page.url.rsplit("/", 2)[0] + "/")  # the root again: the choice is remembered
    expect(page).to_have_url(re.compile(f"/{other}/$"))
    expect(page.get_by_role("tab", name=TABS[other][0], exact=True)).to_be_visible()


@pytest.mark.slow
def test_the_english_ui_has_no_chinese_labels(open_page: OpenPage) -> None:
    page = open_page("en")
    for name in TABS["en"]:
        page.get_by_role("tab", name=name, exact=True).click()
        shown = page.locator("body").inner_text()
        labels = shown.replace("中文", "")  # the link to the Chinese UI names its language in it
        assert not HAN.search(labels.split("Original (Chinese)")[0]), f"Chinese text on the English {name} tab"


def _axe(page: Page) -> list[dict[str, Any]]:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make browser` (npm install axe-core)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_tab_passes_axe_and_is_photographed(open_page: OpenPage, size: str, lang: str) -> None:
    page = open_page(lang, size)
    finished(ask(page, QUESTIONS[0]))  # an answer with its cards, so they are checked too
    ARTIFACTS.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    for name in TABS[lang]:
        page.get_by_role("tab", name=name, exact=True).click()
        page.wait_for_timeout(300)  # the tab's content is drawn
        page.screenshot(path=str(ARTIFACTS / f"ui-{size}-{lang}-{TABS['en'][TABS[lang].index(name)].lower()}.png"))
        violations = _axe(page)
        if violations:
            found[name] = [f"{v['id']} ({v['impact']}): {[n['html'][:80] for n in v['nodes']][:4]}" for v in violations]
    assert found == {}, found


@pytest.mark.slow
def test_the_ask_tab_is_reachable_by_keyboard(open_page: OpenPage) -> None:
    """Tab from the top of the page reaches the language link, the tabs, New conversation, the question box
    and Send; typing and Enter then ask."""
    page = open_page("en")
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
        if reached[-1].startswith("question:"):
            break
    assert any(name.endswith("中文") for name in reached), reached
    assert any(name.endswith("Ask") for name in reached), reached
    assert any(name.startswith("new-conversation:") for name in reached), reached
    assert reached[-1].startswith("question:"), reached
    page.keyboard.type("Which support applies to a new EDA tool purchase?")
    page.keyboard.press("Enter")
    expect(finished(page.locator('#chat [data-testid="bot"]').last)).to_contain_text("50%")
