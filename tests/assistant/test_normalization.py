"""Tests for assistant.normalization: PDF-extracted text normalized without losing the way back to the source."""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.normalization import MappedText, join, normalize_char, normalize_line, normalize_lines
from assistant.policy import parse_policy
from assistant.rules import extract_rules

# (raw text as PDF extraction leaves it, normalized text)
LINES = [
    ("１３．加大“三首”支持力度", "13.加大“三首”支持力度"),  # clause number: full-width digits and dot
    ("１．保障产业发展用地空间", "1.保障产业发展用地空间"),
    ("不低于２．０", "不低于2.0"),  # full-width decimal point
    ("不低于3.0", "不低于3.0"),  # ASCII decimal point between digits stays
    ("保障产业发展用地空间.结合新城建设", "保障产业发展用地空间。结合新城建设"),  # ASCII full stop
    ("各区人民政府,市政府各委、办、局:", "各区人民政府，市政府各委、办、局："),  # ASCII comma and colon
    ("不低于3.0.(责任单位", "不低于3.0。（责任单位"),  # decimal point, then a full stop after the digit
    ("3,000,000元", "3,000,000元"),  # ASCII thousands separators kept
    ("３，０００，０００元", "3,000,000元"),  # full-width thousands separators kept
    ("合同金额３０％", "合同金额30%"),  # full-width percent sign
    ("利用自有土地的１５％配套指标", "利用自有土地的15%配套指标"),
    ("«上海市推进高端制造业发展的若干措施»", "《上海市推进高端制造业发展的若干措施》"),  # guillemets → book-title marks
    ("(此件公开发布)", "（此件公开发布）"),
    ("人工智能、５G、工业互联网", "人工智能、5G、工业互联网"),  # full-width digit next to a letter
    ("２０２２年９月２９日", "2022年9月29日"),
]


@pytest.mark.parametrize(("raw", "expected"), LINES)
def test_normalize_line(raw: str, expected: str) -> None:
    """Each PDF artefact maps to the form the parser and the rule patterns expect."""
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), LINES)
def test_normalize_line_keeps_length(raw: str, expected: str) -> None:
    """Normalization is one character to one character, which is what makes the offset map possible."""
    assert len(normalize_line(raw)) == len(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("共１００，其中", "共100，其中"),
        ("不低于２．０，通用类", "不低于2.0，通用类"),
    ],
)
def test_full_width_comma_after_a_number_is_a_chinese_comma(raw: str, expected: str) -> None:
    """Only a comma between digits is a thousands separator; the ASCII branch already checks both sides."""
    assert normalize_line(raw) == expected


def test_full_width_comma_after_a_number_does_not_leak_into_rules() -> None:
    """The same sentence written with a Chinese comma must give the same rules as the PDF's ASCII comma."""
    source = (
        "某某市人民政府办公厅关于印发«某某措施»的通知\n一、集约用地\n"
        "１．集约用地.工业用地容积率一般不低于２．０，通用类研发用地容积率一般不低于３．０.(责任单位:市规划资源局)\n"
    )
    rules = extract_rules(parse_policy(source).clauses[0])
    assert [r.beneficiary for r in rules] == ["工业用地", "通用类研发用地"]


def test_lines_are_joined_without_spaces() -> None:
    """A sentence broken across lines reads as one: Chinese puts no space between words."""
    source = "１．保障产业发展用地空间.结合新城建设和南北转型,对符\n\n合总体功能导向\n"
    assert join(normalize_lines(source)).text == "1.保障产业发展用地空间。结合新城建设和南北转型，对符合总体功能导向"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (" ３．探索工业上楼新模式.在产业\n", ["3.探索工业上楼新模式。在产业"]),  # page break: leading space
        ("　　为强化高端产业引领功能,\n", ["为强化高端产业引领功能，"]),  # ideographic-space indent
        ("\t缩进\r\n下一行  \n", ["缩进", "下一行"]),  # tab indent, CRLF, trailing spaces
        ("第一行\n\n   \n第二行", ["第一行", "第二行"]),  # blank and whitespace-only lines dropped
    ],
)
def test_normalize_lines_strips_indentation_and_page_breaks(source: str, expected: list[str]) -> None:
    """Indentation and page-break spaces are layout, not text, and must not end up inside sentences."""
    assert [line.text for line in normalize_lines(source)] == expected


def test_page_break_line_offsets_skip_the_leading_space() -> None:
    """The first character of a page-break line maps to the digit, not to the space before it."""
    source = "上一页\n ３．探索\n"
    line = normalize_lines(source)[1]
    assert source[line.offsets[0]] == "３"
    assert line.text[0] == "3"


SOURCES = [
    "１．保障产业发展用地空间.结合新城建设和南北转型,对符\n\n合总体功能导向\n",
    " ３．探索工业上楼新模式.工业用地容积率一般不低于２．０,通用类研发用地容积率\n\n一般不低于３．０.\n",
    "　　各区人民政府,市政府各委、办、局:\r\n\r\n２０２２年９月２９日\n(此件公开发布)\n",
    "给予不超过创新产品合同\n 金额３０％、最高不超过２０００万元支持.3,000,000\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_offsets_map_back_to_the_source(source: str) -> None:
    """Every normalized character comes from the source character at its offset (normalized in context)."""
    joined = join(normalize_lines(source))
    assert len(joined.offsets) == len(joined.text)
    assert list(joined.offsets) == sorted(set(joined.offsets))  # strictly increasing: reading order kept
    for ch, offset in zip(joined.text, joined.offsets, strict=True):
        prev = source[offset - 1] if offset else " "
        nxt = source[offset + 1] if offset + 1 < len(source) else " "
        assert normalize_char(prev, source[offset], nxt) == ch, (offset, source[offset], ch)


def test_offsets_map_back_for_the_whole_shipped_policy(corpus: Corpus) -> None:
    """The real PDF text, page breaks and all, keeps an exact map for every character."""
    source = corpus.policy().document.source
    lines = normalize_lines(source)
    assert lines
    for line in lines:
        for ch, offset in zip(line.text, line.offsets, strict=True):
            prev = source[offset - 1] if offset else " "
            nxt = source[offset + 1] if offset + 1 < len(source) else " "
            assert normalize_char(prev, source[offset], nxt) == ch, (offset, source[offset - 5 : offset + 5])


def test_source_span_and_slice() -> None:
    """A normalized span maps to the source span covering it, across a line break."""
    source = "保障产业\n 发展用地\n"
    joined = join(normalize_lines(source))
    start, end = joined.source_span(2, 6)  # 产业发展
    assert source[start:end] == "产业\n 发展"
    sliced = joined.slice(2, 6)
    assert sliced == MappedText("产业发展", joined.offsets[2:6])


def test_spaces_next_to_chinese_are_dropped_but_english_spacing_kept() -> None:
    """pypdf writes '投入 . 对' and '« 某某 »'; Chinese has no spaces, English words keep theirs."""
    from assistant.normalization import normalize_lines

    (line,) = normalize_lines("１．支持研发投入 . 对企业 ( 责任单位 : 市科委 ) 支持 REITs 试点, and some English words")
    assert line.text == "1.支持研发投入。对企业（责任单位：市科委）支持REITs试点，and some English words"
