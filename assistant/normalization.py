"""Normalize PDF-extracted Chinese policy text while keeping a map back to the source.

PDF extraction leaves full-width digits (``１３．``, ``２．０``), ASCII ``.``/``,`` standing for
``。``/``，``, lines broken mid-sentence and page breaks that start a line with a space. Every
normalized character keeps the offset of the source character it came from, so a quote can
always be traced back to the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ASCII punctuation that PDF extraction substituted for its Chinese full-width form.
_CJK_PUNCTUATION = {
    ",": "，",
    ".": "。",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "?": "？",
    "!": "！",
    "«": "《",
    "»": "》",
}
_LINE_INDENT = " \t\u3000"


@dataclass(frozen=True)
class MappedText:
    """Normalized text plus, for every character, its offset in the source."""

    text: str
    offsets: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets covering normalized characters ``start:end``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])


def _is_digit(ch: str) -> bool:
    return unicodedata.numeric(ch, None) is not None and unicodedata.category(ch) == "Nd"


def normalize_char(prev: str, ch: str, nxt: str) -> str:
    """Normalize one character given its neighbours (needed to tell 2.0 from a full stop)."""
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII variants: digits, letters, ．, ％, ，
        ascii_ch = unicodedata.normalize("NFKC", ch)
        if ascii_ch in _CJK_PUNCTUATION and ascii_ch not in ".,":
            return _CJK_PUNCTUATION[ascii_ch]
        ch = ascii_ch
        if ch == ".":  # a decimal point (２．０) or a clause-number dot (１３．)
            return ch if _is_digit(prev) else _CJK_PUNCTUATION[ch]
        if ch == ",":  # a thousands separator only between digits; otherwise the Chinese comma
            return ch if _is_digit(prev) and _is_digit(nxt) else _CJK_PUNCTUATION[ch]
        return ch
    if ch in ".," and _is_digit(prev) and _is_digit(nxt):
        return ch
    return _CJK_PUNCTUATION.get(ch, ch)


# The only characters ``normalize_char`` may change: a line is rewritten where they are, not character by character
# (400 policies took 3.3 s to normalize one call per character).
_CHANGEABLE = re.compile(f"[\uff01-\uff5e{re.escape(''.join(_CJK_PUNCTUATION))}]")


def normalize_line(line: str) -> str:
    """Normalize a single line of text (used for queries as well as documents)."""
    padded = f" {line} "
    return _CHANGEABLE.sub(lambda m: normalize_char(padded[m.start() - 1], m.group(), padded[m.end()]), padded)[1:-1]


def normalize_lines(source: str) -> list[MappedText]:
    """Split ``source`` into non-empty, normalized lines without indentation, each mapped to the source."""
    lines: list[MappedText] = []
    start = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.lstrip(_LINE_INDENT).rstrip()
        if stripped:
            first = start + (len(body) - len(body.lstrip(_LINE_INDENT)))
            line = MappedText(normalize_line(stripped), tuple(range(first, first + len(stripped))))
            lines.append(_drop_cjk_spaces(line))
        start += len(raw)
    return lines


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’"


def _drop_cjk_spaces(line: MappedText) -> MappedText:
    """Remove the spaces PDF extractors put next to Chinese characters and punctuation (Chinese has none)."""
    keep = [
        i
        for i, ch in enumerate(line.text)
        if ch != " " or not (_is_cjk(line.text[i - 1] if i else "") or _is_cjk(line.text[i + 1 : i + 2] or "a"))
    ]
    return MappedText("".join(line.text[i] for i in keep), tuple(line.offsets[i] for i in keep))


def join(parts: list[MappedText]) -> MappedText:
    """Join broken lines without spaces: Chinese text has none between words."""
    return MappedText("".join(p.text for p in parts), tuple(o for p in parts for o in p.offsets))
