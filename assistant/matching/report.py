"""The Markdown report of a match: inputs, each support's checklist with the quoted sentences, amounts,
total, open questions and the corpus version, so a reader can check every line against the policy.

The layout lives in ``prompts/match_report.<lang>.md`` (strict: a missing variable raises); this
module only turns the result into the template's variables in one language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.amounts import format_money
from assistant.language import Language
from assistant.matching.matcher import ClauseRef, MatchItem, MatchResult, Source, Text
from assistant.matching.profile import PROFILE_FIELDS, display_value, field_value
from assistant.templates import render

_MARKS = {
    "zh": {"met": "✅ 满足", "not_met": "❌ 不满足", "unknown": "❓ 未知"},
    "en": {"met": "✅ met", "not_met": "❌ not met", "unknown": "❓ unknown"},
}

_UP_TO = {"zh": "最高", "en": "up to"}


def _pick(text: Text, lang: Language) -> str:
    return text.zh if lang == "zh" else text.en


def _item(item: MatchItem, lang: Language) -> dict[str, Any]:
    """One support for the template; a sentence is quoted once per item, later mentions only cite it."""
    quoted: set[int] = set()

    def cite(source: Source) -> dict[str, Any]:
        first = source.sentence_index not in quoted
        quoted.add(source.sentence_index)
        quote = {"zh": source.quote_zh, "en": source.quote_en} if first else None
        return {"sentence": source.sentence_index, "quote": quote}

    conditions = [
        {
            "status": check.status,
            "mark": _MARKS[lang][check.status],
            "condition": _pick(check.condition, lang),
            "value": _pick(check.value, lang),
            "working": [_pick(step, lang) for step in check.working],
            **cite(check.source),
        }
        for check in item.conditions
    ]
    estimate = item.estimate
    figure = None
    if estimate is not None:
        amount = estimate.amount_yuan
        figure = {
            "description": _pick(estimate.description, lang),
            "steps": [_pick(step, lang) for step in estimate.steps],
            "result": f"{_UP_TO[lang]} {format_money(Decimal(amount), lang)}"
            if amount is not None
            else f"{Decimal(estimate.amount):,f} m²",
            **cite(estimate.source),
        }
    return {
        "clause": item.clause,
        "doc_id": item.doc_id,
        "doc_title": _pick(item.doc_title, lang),
        "title": _pick(item.title, lang),
        "status": _MARKS[lang][item.status],
        "support": item.support,
        "conditions": conditions,
        "figure": figure,
        "sets_figure": item.figure_rule is not None,
        "units": _pick(item.responsible_units, lang),
        "reasons": [c for c in conditions if c["status"] == "not_met"],
    }


def render_report(result: MatchResult, lang: Language, fingerprint: str, today: date) -> str:
    """The report in one language (quotes always in Chinese and English); ``fingerprint`` identifies the corpus."""
    profile = result.profile
    inputs = [
        {"label": getattr(field, f"label_{lang}"), "value": display_value(field_value(profile, path), field.kind, lang)}
        for path, field in PROFILE_FIELDS.items()
    ]
    several = len(result.documents) > 1
    titles = {d.id: _pick(d.title, lang) for d in result.documents}

    def measure(ref: ClauseRef) -> str:
        name = f"第{ref.clause}条" if lang == "zh" else f"measure {ref.clause}"
        if not several:
            return name
        return f"《{titles[ref.doc_id]}》{name}" if lang == "zh" else f"{name} of {titles[ref.doc_id]}"

    return render(
        f"match_report.{lang}.md",
        date=today.isoformat(),
        enterprise=profile.name,
        notes=profile.notes,
        inputs=inputs,
        items=[_item(item, lang) for item in result.items],
        ruled_out=[_item(item, lang) for item in result.ruled_out],
        total=format_money(Decimal(result.total_yuan), lang),
        total_met=format_money(Decimal(result.total_met_yuan), lang),
        questions=[
            {
                "zh": question.text.zh,
                "en": question.text.en,
                "settles": ("、" if lang == "zh" else ", ").join(measure(ref) for ref in question.settles),
            }
            for question in result.questions
        ],
        documents=[{"id": d.id, "title": _pick(d.title, lang), "matched": d.matched} for d in result.documents],
        fingerprint=fingerprint,
    )
