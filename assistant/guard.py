"""The figure guard: every figure an LLM writes must be one the evidence it was given contains.

Pure functions. A figure is a money amount (any form ``amounts.py`` reads: 300万, 1.2亿, 3,000,000
yuan, RMB 5m, 三百万), a percentage (30%, 百分之三十, 30 percent), a date (2022年10月1日, 2022-10-01,
October 1, 2022), a measure number (第13条, 第十三条, 措施13, Measure 13, Article 13) or any other
Arabic number. Figures are compared by kind and value, never as strings: amounts as exact Decimal
yuan, so an answer may say 1500万 where the evidence says 15,000,000 yuan, but not 1500 yuan.

Not checked: counts written in Chinese numerals outside those forms (三年, 两家), and list markers
at the start of a line ("1. ").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from assistant.amounts import find_amounts, format_yuan, numeral_value

FigureKind = Literal["amount", "percent", "date", "measure", "number"]
FigureValue = Decimal | tuple[int, ...]

_CN_NUMERAL = "零〇一二三四五六七八九十百"
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = (
    # (pattern, group order): year, month[, day]
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE), "my"),
)
_MEASURE = re.compile(
    rf"第\s*(\d{{1,3}}|[{_CN_NUMERAL}]{{1,3}})\s*[条项]|(?:措施|条款)\s*(\d{{1,3}})"
    r"|\b(?:measures?|articles?|clauses?)\s*(?:no\.?\s*)?(\d{1,3})\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?<![\d.,])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)|百分之\s*(\d+(?:\.\d+)?|[{_CN_NUMERAL}]+)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+>][ \t]*)*\d{1,2}[.)、][ \t]", re.MULTILINE)


@dataclass(frozen=True)
class Figure:
    """One figure as written (``text``) and what it means (``kind``, ``value``)."""

    kind: FigureKind
    value: FigureValue
    text: str
    start: int = 0
    end: int = 0

    def describe(self) -> str:
        """How a rejection names it: '2500万元 (amount 25,000,000 yuan)'."""
        if isinstance(self.value, tuple):
            shown = "-".join(str(part) for part in self.value)
        elif self.kind == "amount":
            shown = f"{format_yuan(self.value)} yuan"
        else:
            shown = f"{self.value:f}" + ("%" if self.kind == "percent" else "")
        return f"{self.text} ({self.kind} {shown})"


@dataclass(frozen=True)
class Evidence:
    """The figures an answer may use: (kind, value) pairs."""

    figures: frozenset[tuple[FigureKind, FigureValue]]

    def supports(self, figure: Figure) -> bool:
        return (figure.kind, figure.value) in self.figures


def _normalized(text: str) -> str:
    """Full-width digits and signs as ASCII (３０％ → 30%); figures are read from this form."""
    return unicodedata.normalize("NFKC", text)


def _dates(text: str) -> Iterable[Figure]:
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            number = _MONTHS[month.lower()] if month.isalpha() else int(month)
            value = (int(parts["y"]), number, *([int(parts["d"])] if parts.get("d") else []))
            yield Figure("date", value, match.group(), *match.span())


def _measures(text: str) -> Iterable[Figure]:
    for match in _MEASURE.finditer(text):
        number = next(group for group in match.groups() if group)
        try:
            yield Figure("measure", numeral_value(number), match.group(), *match.span())
        except ValueError:
            continue  # 第一二条 is no numeral


def _percents(text: str) -> Iterable[Figure]:
    for match in _PERCENT.finditer(text):
        number = match.group(1) or match.group(2)
        try:
            yield Figure("percent", numeral_value(number), match.group(), *match.span())
        except ValueError:
            continue


def _amounts(text: str) -> Iterable[Figure]:
    for amount in find_amounts(text):
        yield Figure("amount", amount.value, amount.text, amount.start, amount.end)


def _numbers(text: str) -> Iterable[Figure]:
    for match in _NUMBER.finditer(text):
        try:
            yield Figure("number", Decimal(match.group().replace(",", "")), match.group(), *match.span())
        except InvalidOperation:
            continue


def find_figures(text: str) -> list[Figure]:
    """Every figure in the text, in order of position; a span belongs to the first kind that reads it.

    Dates come before measures and percentages, those before amounts; the digits left over (with
    what was read blanked out, so a figure half-read by another kind is not skipped) are plain numbers.
    """
    text = _normalized(text)
    taken = [False] * len(text)
    for marker in _LIST_MARKER.finditer(text):
        taken[marker.start() : marker.end()] = [True] * (marker.end() - marker.start())
    found: list[Figure] = []
    for finder in (_dates, _measures, _percents, _amounts):
        for figure in finder(text):
            if not any(taken[figure.start : figure.end]):
                taken[figure.start : figure.end] = [True] * (figure.end - figure.start)
                found.append(figure)
    rest = "".join(" " if used else char for char, used in zip(text, taken, strict=True))
    found += _numbers(rest)
    return sorted(found, key=lambda figure: figure.start)


def collect_evidence(
    texts: Iterable[str],
    amounts: Iterable[Decimal] = (),
    measures: Iterable[int] = (),
) -> Evidence:
    """The figures of the source texts plus the given values.

    Every Arabic number in the sources also counts as a plain number (so 13 is allowed where the
    sources say Measure 13), and every date also as its year and month (2022年10月 where they say
    2022-10-01).
    """
    figures: set[tuple[FigureKind, FigureValue]] = set()
    for text in texts:
        for figure in find_figures(text):
            figures.add((figure.kind, figure.value))
            if figure.kind == "date" and isinstance(figure.value, tuple) and len(figure.value) == 3:
                figures.add(("date", figure.value[:2]))
        figures.update(("number", figure.value) for figure in _numbers(_normalized(text)))
    figures.update(("amount", value) for value in amounts)
    figures.update(("measure", Decimal(number)) for number in measures)
    return Evidence(frozenset(figures))


def unsupported(text: str, evidence: Evidence) -> list[Figure]:
    """The figures in ``text`` the evidence does not contain (empty when the text may be shown)."""
    return [figure for figure in find_figures(text) if not evidence.supports(figure)]
