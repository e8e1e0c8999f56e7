"""Traditional Chinese characters in their simplified form, the policy's script.

Askers from Taiwan- and Hong Kong-invested firms type 設備補貼、註冊、億; the policy, its facts and its keyword
index are in simplified characters. OpenCC (the ``opencc`` package, which ships its dictionaries) is imported here
and nowhere else; its t2s conversion leaves simplified text as it is.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def _converter() -> _Converter:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional characters written in simplified form; anything else unchanged."""
    return _converter().convert(text)
