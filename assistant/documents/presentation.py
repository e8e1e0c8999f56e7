"""How documents appear to users: the reference a citation carries, the figures of the documents that answer,
and the note an answer gets when several documents answer or the default one was used (prompts/documents.*).

Users see titles, issuers and levels, never document ids.
"""

from __future__ import annotations

from assistant.corpus import Policy
from assistant.documents.comparison import Comparison
from assistant.documents.info import DocumentInfo
from assistant.documents.scope import Scope
from assistant.language import Language
from assistant.result import DocumentFigure, DocumentReference
from assistant.templates import labels, render


def reference(info: DocumentInfo, lang: Language) -> DocumentReference:
    english = lang == "en"
    return DocumentReference(
        title=info.title_en if english else info.title,
        issuer=info.issuer_en if english else info.issuer,
        level=info.level,
        region=info.region_en if english else info.region,
        issued=info.issued,
        effective=info.effective,
        expiry=info.expiry,
        version=info.version,
        validity=info.validity(),
    )


def figures(comparison: Comparison | None, lang: Language) -> list[DocumentFigure]:
    """The structured result's list of the documents that answer and their figures."""
    if comparison is None:
        return []
    own = comparison.figures[0].value
    return [
        DocumentFigure(
            doc_id=figure.policy.document.id,
            document=reference(figure.policy.info, lang),
            clause=figure.clause,
            figure=figure.text(lang),
            amount="" if figure.amount is None else f"{figure.amount:f}",
            agrees=figure.value == own,
        )
        for figure in comparison.figures
    ]


def _level(info: DocumentInfo, lang: Language) -> str:
    return labels(lang)[f"level_{info.level}"] if info.level else ""


def notes(comparison: Comparison | None, scope: Scope, policy: Policy, lang: Language) -> tuple[str, str]:
    """What goes before and after the composed answer: the figures of documents that differ (and the question
    which one applies) before it; that the others agree, or that the default document was used, after it."""
    used = policy.info.name(lang)
    if comparison is not None and not comparison.agree:
        documents = [
            {
                "name": f.policy.info.name(lang),
                "issuer": f.policy.info.issuer_en if lang == "en" else f.policy.info.issuer,
                "level": _level(f.policy.info, lang),
                "clause": f.clause,
                "figure": f.text(lang),
            }
            for f in comparison.figures
        ]
        return _render("differ", lang, used, documents, []), ""
    if comparison is not None:
        agreeing = [f.policy.info.name(lang) for f in comparison.figures[1:]]
        return "", _render("agree", lang, used, [], agreeing)
    if scope.chosen_by == "default":
        return "", _render("default", lang, used, [], [])
    return "", ""


def _render(kind: str, lang: Language, used: str, documents: list[dict[str, object]], agreeing: list[str]) -> str:
    return render(f"documents.{lang}.md", kind=kind, used=used, documents=documents, agreeing=agreeing)
