"""An answer as the chat shows it: the answer's markdown, then collapsed cards for the checklist, each
calculation and each cited measure, all in the answer's language (the language the question was asked in).

Everything a user or a quoted document typed is escaped: the chat renders HTML, and an ``<img src=…>``
would be fetched.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator
from decimal import Decimal

from assistant.amounts import format_cny, format_yuan
from assistant.corpus import Corpus
from assistant.result import AnswerResult, CalculationResult, Check, Citation, DocumentReference
from assistant.serving.ui.texts import Texts
from assistant.templates import labels

STREAM_PIECES = 40  # a template answer arrives whole: it is revealed in about this many steps


def answer_message(result: AnswerResult, corpus: Corpus) -> str:
    """The answer's markdown (after how a follow-up was read) and its checklist, calculation and citation cards."""
    texts = Texts(result.language)
    calculations = result.items or ([result.calculation] if result.calculation else [])
    cards = [checklist_card(result.checklist, texts)] if result.checklist else []
    cards += [calculation_card(c, texts) for c in calculations]
    cards += [citation_card(c, corpus, texts) for c in result.citations]
    resolved = result.resolved_question
    # Only when the question was really read together with an earlier one, i.e. its wording changed.
    read_as = [texts("read_as", question=inert(resolved))] if resolved and resolved.strip() != result.question else []
    fallback = [texts("fallback")] if result.fallback else []
    return "\n\n".join([*read_as, *fallback, inert(result.answer), *cards])


def stream_pieces(text: str, pieces: int = STREAM_PIECES) -> Iterator[str]:
    """Growing prefixes of the text, a few characters more each time, ending with the whole text."""
    size = max(4, math.ceil(len(text) / pieces))
    for end in range(size, len(text) + size, size):
        yield text[:end]


def inert(markdown: str) -> str:
    """Markdown that may hold what a user typed, with any HTML in it shown as text instead of rendered;
    '>' stays, so Markdown quotes still work."""
    return markdown.replace("&", "&amp;").replace("<", "&lt;")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def card(kind: str, summary: str, body: str) -> str:
    """A collapsed <details> card, on one line so the markdown renderer passes it through as HTML."""
    return f'<details class="card {kind}"><summary>{summary}</summary>{body}</details>'


def checklist_card(checklist: list[Check], texts: Texts) -> str:
    """Each condition of an eligibility verdict: its status in words, what the question stated, the sentence."""
    rows = "".join(
        f'<li><b class="status {check.status}">{esc(texts(check.status))}</b> {esc(check.condition)}'
        + (f" — {esc(check.stated)}" if check.status != "unknown" else "")
        + f"<br><small>{esc(texts('measure_ref', clause=check.clause))}: {_quote(check.quote, check.quote_en, texts)}"
        "</small></li>"
        for check in checklist
    )
    failed = sum(check.status == "not_met" for check in checklist)
    summary = texts("checklist", count=len(checklist)) + (texts("checklist_failed", failed=failed) if failed else "")
    return card("checklist", esc(summary), f"<ul>{rows}</ul>")


def calculation_card(calculation: CalculationResult, texts: Texts) -> str:
    """The working of one calculation; its summary already shows the amount."""
    steps = "".join(f"<li>{esc(step)}</li>" for step in calculation.steps)
    amount = (
        texts("area_amount", area=format_yuan(Decimal(calculation.amount)))
        if calculation.amount_yuan is None
        else texts("yuan_amount", yuan=f"{calculation.amount_yuan:,}", wan=format_cny(Decimal(calculation.amount_yuan)))
    )
    summary = texts("calculation", clause=calculation.clause, amount=amount)
    return card("calculation", esc(summary), f"<ol>{steps}</ol><p>{esc(texts('result'))}: <b>{esc(amount)}</b></p>")


def citation_card(citation: Citation, corpus: Corpus, texts: Texts) -> str:
    """One cited measure: number and title, the quote (an English answer also shows the Chinese original,
    which is the authority), and the responsible units."""
    policy = corpus.policy(citation.doc_id)
    clause = policy.document.clause(citation.clause)
    english = policy.english(clause) if texts.lang == "en" else None
    title = english.title if english else citation.title
    units = "; ".join(english.responsible_units) if english else "、".join(clause.responsible_units)
    summary = texts("source", clause=citation.clause, title=title)
    body = _quote(citation.quote, citation.quote_en, texts, block=True)
    document = document_lines(citation.document, texts) if citation.document else ""
    return card("citation", esc(summary), f"{body}<p>{esc(texts('responsible_units', units=units))}</p>{document}")


def document_lines(document: DocumentReference, texts: Texts) -> str:
    """The cited document by name (never its id): title and issuer, then level, dates, version and validity."""
    words = labels(texts.lang)
    facts = [
        words[f"level_{document.level}"] if document.level else "",
        texts("issued_on", date=document.issued) if document.issued else "",
        texts("effective_on", date=document.effective) if document.effective else "",
        texts("expires_on", date=document.expiry) if document.expiry else "",
        texts("version_is", version=document.version) if document.version else "",
        words[f"validity_{document.validity}"],
    ]
    line = texts("document_line", title=document.title, issuer=document.issuer)
    return f'<p class="document">{esc(line)}<br><small>{esc(" · ".join(f for f in facts if f))}</small></p>'


def _quote(zh: str, en: str, texts: Texts, block: bool = False) -> str:
    """The sentence in the reader's language; for English, the Chinese original follows it."""
    tag = "blockquote" if block else "q"
    chinese = f'<{tag} lang="zh">{esc(zh)}</{tag}>'
    if texts.lang == "zh" or not en:
        return chinese
    original = f"<small>{esc(texts('quote_original'))}:</small> {chinese}"
    return f'<{tag} lang="en">{esc(en)}</{tag}>' + (original if block else f" ({original})")
