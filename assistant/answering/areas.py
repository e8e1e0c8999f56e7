"""Land and floor areas written in questions, in square metres: 25,000平方米, 1.2万平米, 8,888 sqm, 3.2 hectares."""

from __future__ import annotations

import re
from decimal import Decimal

_AREA = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<wan>万)?\s*"
    r"(?P<unit>平方米|平米|㎡|m²|m2|sqm|sq\.? ?m\b|square met(?:re|er)s?|公顷|hectares?|\bha\b)",
    re.IGNORECASE,
)
_HECTARE = Decimal(10_000)


def find_areas(text: str) -> list[Decimal]:
    """Every area in the text, in m², in order."""
    areas = []
    for match in _AREA.finditer(text):
        value = Decimal(match["number"].replace(",", ""))
        if match["wan"]:
            value *= 10_000
        if match["unit"].lower().startswith(("公顷", "hectare", "ha")):
            value *= _HECTARE
        areas.append(value)
    return areas
