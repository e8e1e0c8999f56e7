"""Which language a question is in: the assistant answers Chinese and English, in the asker's language.

Anything else is detected as such (``None``) and answered, in both languages, with "please ask in Chinese or
English" (``refusal_reason`` ``unsupported_language``), never with an answer or a refusal in one of them:

- another script: Japanese kana, Korean hangul, Cyrillic, Arabic, Hebrew, Devanagari, Thai, Greek;
- another language in Latin letters (German, French, Spanish, Italian, Portuguese, Dutch): its function words
  and accented letters, which English does not have, outnumber English function words.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
# Scripts whose presence means the question is in a language we do not answer in.
_OTHER_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff\u0400-\u04ff\u0600-\u06ff\u0590-\u05ff\u0900-\u097f\u0e00-\u0e7f"
    r"\u0370-\u03ff]"
)
# Letters of Latin-script languages that English spelling does not use.
_ACCENTED = re.compile(r"[à-öø-ÿÀ-ÖØ-ßœŒ]")
# Function words, the commonest words of a language and the surest sign of it. Only words that are neither English
# words nor pinyin syllables askers write for Chinese terms: "was", "an", "in", "do", "per" and "de", "le", "du", "da",
# "di", "zu", "bei" are left out ("die" is kept: a policy question in English does not use it).
_FUNCTION_WORDS = {
    "en": "the of and to is are was were be been what which who whom whose how when where why does do did can could "
    "would should will shall may might must our we us you your my me it its this that these those there their they "
    "for with from about under into than not no any much many get apply applies eligible",
    "de": "der die das den dem des und ist sind nicht ein eine einen einem einer für mit auf wie wieviel viel welche "
    "welcher welches wir ich unser unsere unserer können kann gibt haben wird werden oder auch von nach über",
    "fr": "la les des est et pour une dans avec quel quelle quels quelles combien nous notre nos vous votre sont "
    "pas peut qui que sur au aux ce cette je il elle être avoir comment entreprise subvention",
    "es": "el los las es para del al con por cuánto cuanto cuál cual cómo como qué nuestra nuestro empresa puede hay",
    "it": "il gli che della delle degli sono quanto nostra nostro azienda",
    "pt": "os das dos não em uma quanto qual nossa nosso empresa",
    "nl": "het een van voor wat hoeveel niet onze wij ik bij zijn",
}
_ENGLISH = frozenset(_FUNCTION_WORDS["en"].split())
_OTHERS = frozenset(word for lang, words in _FUNCTION_WORDS.items() if lang != "en" for word in words.split())


def _latin_other(text: str) -> bool:
    """Whether Latin-script text is in another language than English: more signs of another language (its function
    words, accented letters) than English function words, and at least two of them."""
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    english = sum(word in _ENGLISH for word in words)
    other = sum(word in _OTHERS for word in words) + sum(bool(_ACCENTED.search(word)) for word in words)
    return other >= 2 and other > english


def detect_language(text: str) -> Language | None:
    """``zh`` or ``en``; ``None`` for any other language (Japanese, Korean, German, French …).

    Mixed questions ("首台套 contract 1亿 how much?") go to the language with more weight: each Han
    character counts one, each Latin word counts one and a half. Japanese is Han characters with kana between
    them: two hiragana (its particles, which Chinese never writes) make a question Japanese however many Han
    characters it has.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    other = len(_OTHER_SCRIPTS.findall(text))
    if other > han + words or len(_HIRAGANA.findall(text)) >= 2:
        return None
    if han == 0 and words == 0:
        return None
    if han >= 1.5 * words:
        return "zh"
    return None if _latin_other(text) else "en"
