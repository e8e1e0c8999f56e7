"""Tests for assistant.glossary: a term in one language brings its main term in the other."""

from __future__ import annotations

import pytest

from assistant.glossary import entries_in, expand


@pytest.mark.parametrize(
    ("text", "brought"),
    [
        ("Could we apply for the municipal compute vouchers?", "算力券"),  # a voucher named in the plural
        ("How many companies have received the growth vouchers so far?", "成长券"),
        ("买国产EDA能补多少", "EDA"),
        ("first-of-a-kind equipment insurance", "首台套"),
        ("none of the 'two key points, one major' items", "两重点、一重大"),  # the policy's own wording
        # a policy term in pinyin, as a foreign staff member hears it from Chinese colleagues
        ("my manager keep saying sanshou, what are they?", "三首"),
        ("max voucher for xiao sheng gui?", "小升规"),
        ("does our shoutaitao contract qualify?", "首台套"),
    ],
)
def test_a_term_brings_its_other_language(text: str, brought: str) -> None:
    assert brought in expand(text)


def test_a_term_inside_a_longer_word_is_no_mention() -> None:
    """ "ic" (integrated circuits) is not in "electric"."""
    assert entries_in("an electric motor") == entries_in("a motor")
