"""The page around the tabs: the header with the language switch, and the CSS and script the UI's layout
needs (one scroll area on the Ask tab, the input always at the bottom, a character counter, status
colours that do not depend on emoji fonts)."""

from __future__ import annotations

import html

from assistant.corpus import Policy
from assistant.language import Language
from assistant.serving.ui.texts import Texts

SWITCH_PATH = "ui-language"  # /ui-language/<lang> remembers the choice in a cookie and opens that UI
COOKIE = "ui_language"

# The Ask tab fills the screen: the chat is the one scroll area and the input stays below it. The height
# left for the chat is the viewport minus the header, tabs, conversation bar and input (--chrome), and
# minus the feedback line, comment box and input note while they are shown (checked by the browser tests
# at 360–1920 px widths).
CSS = """
body { --chrome: 270px; --feedback: 0px; --notice: 0px;
  --chat-height: max(200px, calc(100dvh - var(--chrome) - var(--feedback) - var(--notice))); }
body:has(#feedback-status p) { --feedback: 36px; }
body:has(#comment-row) { --feedback: 90px; }
body:has(#question-notice p) { --notice: 44px; }
#ask-tab, #ask-tab .column { gap: 6px; }
#composer-footer { flex-wrap: nowrap; align-items: start; gap: 8px; }
#composer-footer > * { min-width: 0 !important; }
.gradio-container .main.app { padding: 8px 24px 0 !important; }
.html-container:has(#page-header), .html-container:has(#question-counter) { padding: 0 4px !important; }
#page-header { display: flex; align-items: center; gap: 4px 12px; margin: 0; min-width: 0; }
#page-header h1 { font-size: 1.15rem; margin: 0; white-space: nowrap; }
#page-header .document { color: var(--body-text-color-subdued); font-size: 0.85rem; flex: 1 1 0;
  min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#page-header .switch { margin-left: auto; font-weight: 600; white-space: nowrap; }
#page-header .not-ready { flex-basis: 100%; color: var(--error-text-color); margin: 0; }
#page-header { flex-wrap: wrap; }
#conversation-bar { flex-wrap: nowrap; align-items: start; gap: 8px; }
#conversation-bar > button { white-space: nowrap; margin-top: 6px; }
#earlier-box { padding: 4px 10px !important; }
#chat .top-panel { display: none !important; }  /* Gradio's unlabelled clear icon: New conversation does that */
#chat .scroll-down-button-container { display: none !important; }  /* it floated over the answer text */
#composer { align-items: end; flex-wrap: nowrap; gap: 8px; }
#composer button { min-height: 42px; }
#question-notice:empty, #feedback-status:empty { display: none; }
#question-counter { font-size: 0.8rem; color: var(--body-text-color-subdued); text-align: right; white-space: nowrap; }
.keys::after { content: " · "; }
#question-count.over { color: var(--error-text-color); font-weight: 600; }
.card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 4px 12px; margin: 8px 0; }
.card summary { cursor: pointer; font-weight: 600; }
/* Contrast of at least 4.5:1 (WCAG AA) where Gradio's default orange and greys fall short. */
.gradio-container button.primary { background: #c2410c !important; border-color: #c2410c !important;
  color: #fff !important; }
.gradio-container button.primary:hover { background: #9a3412 !important; }
.gradio-container button.stop { background: #b91c1c !important; border-color: #b91c1c !important;
  color: #fff !important; }
.gradio-container .tab-wrapper button.selected { color: #c2410c !important; }
#page-header .document, footer, footer * { color: #4b5563 !important; }
.status.met { color: #116329; }
.status.not_met { color: #a40e26; }
.status.unknown { color: #6e5400; }
@media (max-width: 640px) {
  body { --chrome: 215px; }
  body:has(#question-notice p) { --notice: 70px; }
  body:has(#comment-row) { --feedback: 110px; }
  .gradio-container .main.app { padding: 4px 8px 0 !important; }
  footer, .keys { display: none !important; }
}
"""

# Gradio scopes the css= option's rules and drops @media blocks, so the CSS goes into <head> as it is.
# A counter under the question box, read from the box itself so it is right after a paste, a send (which
# empties it) or a reload; no server round trip per keystroke.
HEAD = f"""
<style>{CSS}</style>
<script>
setInterval(() => {{
  const box = document.querySelector('#question textarea');
  const counter = document.getElementById('question-count');
  if (!box || !counter) return;
  const limit = Number(counter.dataset.limit);
  const count = [...box.value].length;
  const text = `${{count.toLocaleString()}} / ${{limit.toLocaleString()}}`;
  if (counter.textContent !== text) counter.textContent = text;
  counter.classList.toggle('over', count > limit);
}}, 250);
</script>
"""


def header(policy: Policy, texts: Texts, reason: str | None) -> str:
    """Title, the document, the link to the other language and, when questions cannot be answered, why."""
    other: Language = "en" if texts.lang == "zh" else "zh"
    title = policy.translation.title if texts.lang == "en" and policy.translation else policy.document.title
    not_ready = html.escape(texts("not_ready", reason=reason)) if reason else ""
    not_ready = f'<p class="not-ready"><strong>{not_ready}</strong></p>' if reason else ""
    return (
        f'<header id="page-header"><h1>{html.escape(texts("title"))}</h1>'
        f'<span class="document">{html.escape(title)}</span>'
        f'<a class="switch" href="../{SWITCH_PATH}/{other}" lang="{other}" hreflang="{other}"'
        f' aria-label="{html.escape(texts("switch_language_name"))}">{html.escape(texts("switch_language"))}</a>'
        f"{not_ready}</header>"
    )
