"""The UI's words: the same phrases in both languages, filled in strictly."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from assistant.serving.ui.texts import Texts


def test_both_languages_have_the_same_phrases() -> None:
    phrases = json.loads((resources.files("prompts") / "ui.json").read_text(encoding="utf-8"))
    assert set(phrases["zh"]) == set(phrases["en"])
    assert len(Texts("zh").examples()) == len(Texts("en").examples()) > 0


def test_a_missing_value_raises_instead_of_rendering_blank() -> None:
    with pytest.raises(KeyError, match="needs count, limit"):
        Texts("en")("too_long")
    assert Texts("zh")("too_long", count="2,345", limit="2,000").startswith("问题太长（2,345 字")
