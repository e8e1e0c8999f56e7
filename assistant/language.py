"""Which language a question is in: the assistant answers Chinese and English, in the asker's language."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Scripts whose presence means the question is in a language we do not answer in.
_OTHER_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff\u0600-\u06ff\u0590-\u05ff\u0900-\u097f\u0e00-\u0e7f\u0370-\u03ff]"
)


def detect_language(text: str) -> Language | None:
    """``zh`` or ``en``; ``None`` when the text is mostly in another script (Japanese, Korean, Cyrillic …).

    Mixed questions ("首台套 contract 1亿 how much?") go to the language with more weight: each Han
    character counts one, each Latin word counts one and a half.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    other = len(_OTHER_SCRIPTS.findall(text))
    if other > han + words:
        return None
    if han == 0 and words == 0:
        return None
    return "zh" if han >= 1.5 * words else "en"
