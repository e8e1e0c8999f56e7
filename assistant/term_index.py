"""Which of many fixed terms a text may hold, without testing every term against it.

Facts, glossary entries and amount words are hundreds of phrases each, and every question is read for them
several times: testing each phrase costs more than answering the rest of the question. Filed under their
first two characters, only the phrases whose first two characters occur in the text are tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class TermIndex(Generic[Item]):
    """Items filed under the text each begins with; ``candidates`` is a superset of the items a text holds."""

    def __init__(self, items: Iterable[tuple[str, Item]]) -> None:
        self._filed: dict[str, list[Item]] = {}
        for lead, item in items:
            if lead:
                self._filed.setdefault(lead[:2], []).append(item)

    def candidates(self, text: str) -> set[Item]:
        """Every item whose lead occurs in the text, and some whose first two characters only do."""
        heads = {text[i : i + 2] for i in range(len(text))} | set(text)
        return {item for head in heads for item in self._filed.get(head, ())}
