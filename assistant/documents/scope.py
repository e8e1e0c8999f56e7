"""Which document a question is answered from: the one the caller asked for, the one the question names or
implies, the configured default, or none (every document, compared on the asked figure)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.documents.mentions import named_documents
from assistant.result import ChosenBy


@dataclass(frozen=True)
class Scope:
    """``doc_id`` None: no one document; ``named`` then holds the documents a question names together
    (奉贤区 when two of its versions are loaded), among which it is answered and compared."""

    doc_id: str | None = None
    chosen_by: ChosenBy | None = None
    named: tuple[str, ...] = ()


def scope_of(question: str, requested: str | None, corpus: Corpus, default: str | None, followed_up: bool) -> Scope:
    """The caller's document first, then the question's own, then (for a new question) the default.

    A follow-up without a document of its own stays where its conversation is (the measure it continues
    is pinned by the planner), so the default does not pull it elsewhere.
    """
    if requested is not None:
        return Scope(requested, "request")
    named = named_documents(question, corpus.policies)
    if len(named) == 1:
        return Scope(named[0], "question")
    if named:
        return Scope(named=tuple(named))
    if default is not None and not followed_up:
        return Scope(default, "default")
    return Scope()
