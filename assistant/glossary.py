"""Bilingual query expansion: an English term brings its Chinese equivalents and back."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from assistant.term_index import TermIndex


@dataclass(frozen=True)
class Entry:
    en: tuple[str, ...]
    zh: tuple[str, ...]


@cache
def glossary() -> tuple[Entry, ...]:
    data = json.loads((resources.files("assistant") / "corpus" / "glossary.json").read_text(encoding="utf-8"))
    return tuple(Entry(tuple(t["en"]), tuple(t["zh"])) for t in data["terms"])


@cache
def _word(term: str) -> re.Pattern[str]:
    """An English term as whole words only: "ic" must not match "electric"."""
    return re.compile(rf"(?<![a-z]){re.escape(term.lower())}(?![a-z])")


def _mentions(text: str, term: str) -> bool:
    if not term.isascii():
        return term in text
    return term.lower() in text and _word(term).search(text) is not None  # the substring test is the cheap one


@cache
def _filed() -> TermIndex[int]:
    """The glossary's entries (their indexes) filed by each of their terms."""
    return TermIndex((term.lower(), i) for i, entry in enumerate(glossary()) for term in entry.en + entry.zh)


def _entries(lowered: str) -> list[int]:
    """The entries (their indexes, in glossary order) a lower-cased text mentions by any of their terms."""
    entries = glossary()
    return sorted(
        i for i in _filed().candidates(lowered) if any(_mentions(lowered, t) for t in entries[i].en + entries[i].zh)
    )


@lru_cache(maxsize=4096)
def expand(text: str) -> str:
    """The text followed by the main term, in each language, of every glossary entry it mentions.

    Only the first (canonical) term per language: enough to bridge languages, short enough that
    embedding the expanded query stays about as fast as embedding the question.
    """
    lowered = text.lower()
    extra: list[str] = []
    for i in _entries(lowered):
        entry = glossary()[i]
        extra.extend(t for t in (entry.en[0], entry.zh[0]) if not _mentions(lowered, t) and t not in extra)
    return f"{text} {' '.join(extra)}" if extra else text


def entries_in(text: str) -> frozenset[int]:
    """The glossary entries (their indexes) a text mentions, by any of their terms in either language."""
    return frozenset(_entries(text.lower()))


def chinese_terms() -> list[str]:
    """Chinese terms for the word segmenter, so 首台套 stays one word."""
    return [t for entry in glossary() for t in entry.zh if not t.isascii()]
