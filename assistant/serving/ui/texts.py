"""The UI's words in one language at a time (``prompts/ui.json``), filled in strictly: a missing value raises."""

from __future__ import annotations

import json
import string
from functools import cache
from importlib import resources
from typing import Any

from assistant.language import Language


class Texts:
    """The phrases of one UI language; ``texts("send")`` or ``texts("too_long", count=…, limit=…)``."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._phrases = _phrases()[lang]

    def __call__(self, key: str, **values: Any) -> str:
        phrase = self._phrases[key]
        needed = {name for _, name, _, _ in string.Formatter().parse(phrase) if name}
        if needed - set(values):
            raise KeyError(f"UI text {key!r} needs {', '.join(sorted(needed - set(values)))}")
        return phrase.format(**values)

    def examples(self) -> list[str]:
        return list(self._phrases["examples"])


@cache
def _phrases() -> dict[str, dict[str, Any]]:
    return json.loads((resources.files("prompts") / "ui.json").read_text(encoding="utf-8"))
