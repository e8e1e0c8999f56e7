"""The Markdown report of a match, summary first: the total the enterprise can expect and how many supports are
met, unknown and not met; then every support, surest and most valuable first; then each one's checklist with the
sentences it rests on, the open questions, what is ruled out and why, and the inputs.

The layout lives in ``prompts/match_report.<lang>.md`` (strict: a missing variable raises); this module only turns
the result into the template's variables in one language. What a reader sees names supports and measures by their
titles and numbers, never by the ids files and the API use (support ids, document ids, sentence indexes), and each
report is in one language only: quotes in the report's language (the Chinese original where no translation ships).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.amounts import format_money
from assistant.language import Language
from assistant.matching.matcher import ClauseRef, MatchItem, MatchResult, Source, Status, Text, ranked
from assistant.matching.profile import PROFILE_FIELDS, display_value, field_value
from assistant.templates import render

# Plain words, no emoji: a symbol font may be missing, and a screen reader reads words.
STATUS_LABELS: dict[Language, dict[Status, str]] = {
    "zh": {"met": "符合", "unknown": "待确认", "not_met": "不符合"},
    "en": {"met": "Met", "unknown": "Unknown", "not_met": "Not met"},
}

_UP_TO = {"zh": "最高", "en": "up to"}


def status_label(status: Status, lang: Language) -> str:
    return STATUS_LABELS[lang][status]


def _pick(text: Text, lang: Language) -> str:
    return text.zh if lang == "zh" else text.en


def _quote(source: Source, lang: Language) -> str:
    """The sentence in the report's language; the original where no translation ships."""
    return source.quote_zh if lang == "zh" or not source.quote_en else source.quote_en


class _Namer:
    """Measures as a reader names them: 第13条「加大“三首”支持力度」 / measure 13 (Stepping Up …), with the document's
    title only when several documents are matched."""

    def __init__(self, result: MatchResult, lang: Language) -> None:
        self.lang = lang
        self.several = len(result.documents) > 1
        self.titles = {d.id: _pick(d.title, lang) for d in result.documents}

    def number(self, ref: ClauseRef | MatchItem) -> str:
        name = f"第{ref.clause}条" if self.lang == "zh" else f"measure {ref.clause}"
        if not self.several:
            return name
        title = self.titles[ref.doc_id]
        return f"《{title}》{name}" if self.lang == "zh" else f"{name} of the *{title}*"

    def measure(self, item: MatchItem) -> str:
        title = _pick(item.title, self.lang)
        return f"{self.number(item)}「{title}」" if self.lang == "zh" else f"{self.number(item)} ({title})"


def _figure(item: MatchItem, lang: Language) -> str:
    """What the support is worth, in a phrase for the overview table."""
    estimate = item.estimate
    if item.status == "not_met":
        return "—"
    if estimate is None:
        if item.figure_rule is None:
            return "政策未规定金额" if lang == "zh" else "no amount set by the policy"
        return "待回答问题后计算" if lang == "zh" else "needs the open questions answered"
    if estimate.amount_yuan is not None:
        return f"{_UP_TO[lang]} {format_money(Decimal(estimate.amount_yuan), lang)}"
    area = f"{Decimal(estimate.amount):,f} m²"
    return f"{area}（面积，不计入合计）" if lang == "zh" else f"{area} (an area, not in the total)"


def _item(item: MatchItem, lang: Language, namer: _Namer) -> dict[str, Any]:
    """One support for the template; each sentence it rests on is quoted once, after its conditions."""
    quotes: list[str] = []
    seen: set[tuple[int, int]] = set()

    def quote(source: Source) -> None:
        key = (source.clause, source.sentence_index)
        if key not in seen:
            seen.add(key)
            quotes.append(_quote(source, lang))

    conditions = []
    for check in item.conditions:
        quote(check.source)
        conditions.append(
            {
                "status": check.status,
                "label": status_label(check.status, lang),
                "threshold": check.test == "threshold",
                "condition": _pick(check.condition, lang),
                "value": _pick(check.value, lang),
                "working": [_pick(step, lang) for step in check.working],
            }
        )
    estimate = item.estimate
    figure = None
    if estimate is not None:
        figure_quoted = (estimate.source.clause, estimate.source.sentence_index) in seen
        figure = {
            "description": _pick(estimate.description, lang),
            "steps": [_pick(step, lang) for step in estimate.steps],
            "result": _figure(item, lang),
            "quote": None if figure_quoted else _quote(estimate.source, lang),
        }
    return {
        "name": _pick(item.name, lang),
        "measure": namer.measure(item),
        "status": item.status,
        "label": status_label(item.status, lang),
        "worth": _figure(item, lang),
        "conditions": conditions,
        "quotes": quotes,
        "figure": figure,
        "sets_figure": item.figure_rule is not None,
        "units": _pick(item.responsible_units, lang),
        "reasons": [c for c in conditions if c["status"] == "not_met"],
    }


def render_report(result: MatchResult, lang: Language, fingerprint: str, today: date) -> str:
    """The report in one language; ``fingerprint`` identifies the corpus (the one in the index manifest)."""
    profile = result.profile
    namer = _Namer(result, lang)
    inputs = [
        {"label": getattr(field, f"label_{lang}"), "value": display_value(field_value(profile, path), field.kind, lang)}
        for path, field in PROFILE_FIELDS.items()
    ]
    order = ranked([*result.items, *result.ruled_out])
    items = [_item(item, lang, namer) for item in order]
    return render(
        f"match_report.{lang}.md",
        date=today.isoformat(),
        enterprise=profile.name,
        notes=profile.notes,
        inputs=inputs,
        overview=items,
        items=[item for item in items if item["status"] != "not_met"],
        ruled_out=[item for item in items if item["status"] == "not_met"],
        counts=result.counts,
        labels=STATUS_LABELS[lang],
        total=format_money(Decimal(result.total_yuan), lang),
        total_met=format_money(Decimal(result.total_met_yuan), lang),
        questions=[
            {
                "text": _pick(question.text, lang),
                "settles": ("、" if lang == "zh" else ", ").join(namer.number(ref) for ref in question.settles),
            }
            for question in result.questions
        ],
        documents=[{"title": _pick(d.title, lang), "matched": d.matched} for d in result.documents],
        fingerprint=fingerprint,
    )
