"""Where a policy applies, and whether a question asks about somewhere else."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from assistant.policy import Document


@cache
def _places() -> tuple[tuple[str, str], ...]:
    data = json.loads((resources.files("assistant") / "corpus" / "places.json").read_text(encoding="utf-8"))
    return tuple((zh, en) for zh, en in data["places"])


def mentioned_places(text: str) -> set[str]:
    """The places (Chinese names) a text names, in either language."""
    lowered = text.lower()
    return {zh for zh, en in _places() if zh in text or re.search(rf"\b{re.escape(en)}\b", lowered)}


def home(document: Document) -> set[str]:
    """The places named by the issuer (上海市人民政府办公厅 → 上海)."""
    return {zh for zh, _ in _places() if zh in document.issuer}


def asks_elsewhere(text: str, document: Document) -> bool:
    """True when the question names places, none of them the policy's own."""
    mentioned = mentioned_places(text)
    return bool(mentioned) and not (mentioned & home(document))
