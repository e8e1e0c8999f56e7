"""Calendar dates written in questions: 2022年9月15日, 2022-10-01, 2022/9/30, Sept 30, 2022, 30 September 2022;
and months (2023年3月, 2023-03, March 2023) where no day is written."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# a year in full, or by its last two digits before 年 (22年11月8号: 2022)
_YEAR = r"(?P<year>(?:19|20)\d{2}|(?<!\d)\d{2}(?=\s*年))"
_COMMA = r"(?:\s*[,，]\s*|\s+)"  # before the year: a question's commas are Chinese ones once normalized
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FORMS = [
    re.compile(rf"{_YEAR}\s*(?:年|[-/.])\s*(?P<month>\d{{1,2}})\s*(?:月|[-/.])\s*(?P<day>\d{{1,2}})"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_COMMA}(?P<year>(?:19|20)\d{{2}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d{{2}})\b", re.IGNORECASE),
]


_MONTH_DAY = re.compile(r"(?<![\d年/.-])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]")


def find_date(text: str, year: int | None = None) -> date | None:
    """The first valid calendar date in the text; None when there is none (or it does not exist, 2022-02-30).

    With ``year``, a date written without one (9月30号) is taken to be in that year.
    """
    text = unicodedata.normalize("NFKC", text)  # full-width digits (２０２２年９月１５号) and commas
    forms = [*_FORMS, _MONTH_DAY] if year else _FORMS
    found = sorted((m.start(), m) for form in forms for m in form.finditer(text))
    for _, match in found:
        parts = match.groupdict()
        month = int(parts["month"]) if parts.get("month") else _MONTHS[parts["month_name"].lower()]
        try:
            return date(full_year(parts.get("year")) or year or 0, month, int(parts["day"]))
        except ValueError:
            continue
    return None


def full_year(digits: str | None) -> int | None:
    """A year written in full or by its last two digits (this century's)."""
    return None if digits is None else int(digits) + (2000 if len(digits) == 2 else 0)


_MONTHS_OF_YEAR = [
    re.compile(rf"{_YEAR}\s*年\s*(?P<month>\d{{1,2}})\s*月(?!\s*\d)"),
    re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})(?![\d/.-])"),
    re.compile(rf"\b{_MONTH}{_COMMA}(?P<year>(?:19|20)\d{{2}})\b", re.IGNORECASE),
]


def find_month(text: str) -> tuple[date, date] | None:
    """The first and last day of the first month written without a day (2023年3月, March 2023); None when none."""
    found = sorted((m.start(), m) for form in _MONTHS_OF_YEAR for m in form.finditer(text))
    for _, match in found:
        parts = match.groupdict()
        month = int(parts["month"]) if parts.get("month") else _MONTHS[parts["month_name"].lower()]
        if 1 <= month <= 12:
            year = full_year(parts["year"])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return None
