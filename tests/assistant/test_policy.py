"""Tests for assistant.policy: the shipped policy parses into the right record, traceable to its source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.corpus import Corpus
from assistant.normalization import normalize_line
from assistant.policy import Document, PolicyFormatError, document_id, parse_policy
from assistant.rules import extract_rules


@pytest.fixture(scope="module")
def document(corpus: Corpus) -> Document:
    return corpus.policy().document


def _flatten(quote: str) -> str:
    """Source text as one line: line breaks and page-break/indent whitespace removed."""
    return "".join(line.strip(" \t\u3000") for line in quote.splitlines())


def test_front_matter(document: Document) -> None:
    """Title, issuer and publication status come from the notice, not from a hard-coded table."""
    assert document.title == "上海市推进高端制造业发展的若干措施"
    assert document.issuer == "上海市人民政府办公厅"
    assert document.recipients == ("各区人民政府", "市政府各委、办、局")
    assert document.publication_status == "此件公开发布"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("notice_date", date(2022, 9, 29)),
        ("print_date", date(2022, 9, 30)),
        ("effective_date", date(2022, 10, 1)),
    ],
)
def test_dates(document: Document, field: str, expected: date) -> None:
    """Three different dates in three places: the notice, the print line and the closing 施行 line."""
    assert getattr(document, field) == expected


def test_exactly_25_clauses_numbered_in_order(document: Document) -> None:
    """No measure is lost to a page break or doubled by a number inside the text (２．０, ２０２２)."""
    assert [c.number for c in document.clauses] == list(range(1, 26))


@pytest.mark.parametrize(
    ("number", "section_number", "section_title"),
    [
        (1, 1, "保障产业优质空间载体"),
        (9, 1, "保障产业优质空间载体"),
        (10, 2, "加大资金支持高质量发展力度"),
        (15, 2, "加大资金支持高质量发展力度"),
        (16, 3, "拓展市场发展空间"),
        (19, 3, "拓展市场发展空间"),
        (20, 4, "优化产业综合生态"),
        (25, 4, "优化产业综合生态"),
    ],
)
def test_sections(document: Document, number: int, section_number: int, section_title: str) -> None:
    """Section boundaries fall exactly between the last and first measure of each section."""
    clause = document.clause(number)
    assert (clause.section_number, clause.section_title) == (section_number, section_title)


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "保障产业发展用地空间"),
        (3, "探索工业上楼新模式"),
        (5, "鼓励建设配套职工宿舍"),
        (13, "加大“三首”支持力度"),
        (19, "支持应用场景开放"),
        (25, "市、区协同加大创新政策支持力度"),
    ],
)
def test_titles(document: Document, number: int, title: str) -> None:
    """The title is the text up to the first full stop, without the clause number."""
    assert document.clause(number).title == title


@pytest.mark.parametrize(
    ("number", "units"),
    [
        (2, ("市规划资源局", "市经济信息化委")),
        (3, ("市经济信息化委", "市住房城乡建设管理委", "市规划资源局")),  # broken across lines
        (8, ("市应急局", "市生态环境局", "市住房城乡建设管理委", "市经济信息化委", "市规划资源局")),  # page break
        (13, ("市经济信息化委", "市财政局", "市科委", "上海银保监局")),
        (
            19,
            (
                "市经济信息化委",
                "市发展改革委",
                "市科委",
                "市财政局",
                "市公安局",
                "市交通委",
                "民航华东地区管理局",
                "民航华东空管局",
            ),
        ),
        (25, ("各有关部门", "各区")),
    ],
)
def test_responsible_units(document: Document, number: int, units: tuple[str, ...]) -> None:
    """Units split on 、 even when the note wraps onto the next line or page."""
    assert document.clause(number).responsible_units == units


def test_clause_19_has_eight_units(document: Document) -> None:
    """The longest unit list, wrapped over three lines, keeps every unit."""
    assert len(document.clause(19).responsible_units) == 8


def test_clause_13_sentences(document: Document) -> None:
    """The body (after the title) splits on 。 into four sentences; the third is the insurance subsidy."""
    sentences = document.clause(13).sentences
    assert len(sentences) == 4
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert "保险费用" in sentences[2].text
    assert all(s.text.endswith("。") for s in sentences)
    assert not any("责任单位" in s.text for s in sentences)


def test_last_clause_excludes_the_closing_lines(document: Document) -> None:
    """本文件自…施行, 抄送 and 印发 belong to the document, not to measure 25."""
    last = document.clause(25)
    assert last.text.endswith("（责任单位：各有关部门、各区）")
    for closing in ("本文件自", "施行", "抄送", "印发"):
        assert closing not in last.text
        assert closing not in document.quote(last.start, last.end)


@pytest.mark.parametrize("number", range(1, 26))
def test_clause_source_span_starts_with_the_full_width_number(document: Document, number: int) -> None:
    """Quoting a clause returns the original PDF text, beginning with its full-width number."""
    clause = document.clause(number)
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in str(number)) + "．"
    quote = document.quote(clause.start, clause.end)
    assert quote.startswith(full_width)
    assert normalize_line(_flatten(quote)) == f"{number}.{clause.text}"


@pytest.mark.parametrize("number", range(1, 26))
def test_sentence_source_spans(document: Document, number: int) -> None:
    """Every sentence's source span, normalized and unbroken, is exactly the sentence."""
    clause = document.clause(number)
    assert clause.sentences
    for sentence in clause.sentences:
        assert clause.start <= sentence.start < sentence.end <= clause.end
        assert normalize_line(_flatten(document.quote(sentence.start, sentence.end))) == sentence.text


def test_clause_ids(document: Document) -> None:
    """Clause ids combine the document id and the measure number."""
    assert document.clause(13).id == f"{document.id}#13"


def test_unknown_clause_raises_key_error(document: Document) -> None:
    """Asking for measure 26 says how many measures there are."""
    with pytest.raises(KeyError, match="1–25"):
        document.clause(26)


def test_document_id_is_stable(document: Document) -> None:
    """Same text, same id (re-ingesting is idempotent); surrounding whitespace does not matter."""
    assert document_id(document.source) == document.id
    assert parse_policy(document.source).id == document.id
    assert document_id("\n" + document.source + "\n\n") == document.id
    assert document.id.startswith("doc-")


def test_document_id_changes_with_the_text(document: Document) -> None:
    """A one-character edit is a different document."""
    edited = document.source.replace("２００万元", "３００万元", 1)
    assert edited != document.source
    assert document_id(edited) != document.id


@pytest.mark.parametrize(
    "text",
    [
        "",
        "上海市人民政府办公厅关于印发某某的通知\n没有编号的措施.\n",
        "一、支持创新\n支持研发.但没有编号.\n",
        "１．没有章节的措施.(责任单位:市科委)\n",  # a measure must sit under a section
    ],
)
def test_text_without_numbered_measures_raises(text: str) -> None:
    """A text the parser does not understand fails loudly instead of yielding an empty policy."""
    with pytest.raises(PolicyFormatError, match="no numbered measures"):
        parse_policy(text)


def test_policy_format_error_is_a_value_error() -> None:
    """Callers that catch ValueError also catch a format error."""
    assert issubclass(PolicyFormatError, ValueError)


SYNTHETIC = """\
某某市人民政府办公厅关于印发«某某措施»的通知
各区人民政府,市政府各委、办、局:
２０２２年１２月１日
一、支持创新
１．支持研发.对企业研发投入给予不超过研发投入２０％、最高不超过３００万元支持.(责任单位:市科委)
２．支持人才.对高层次人才给予最高不超过５０万元奖励.(责任单位:市人力资源社会保障局、
各区)
本文件自２０２３年１月１日起施行.
"""


@pytest.fixture(scope="module")
def synthetic() -> Document:
    return parse_policy(SYNTHETIC)


def test_synthetic_policy_front_matter(synthetic: Document) -> None:
    """The parser reads the layout, not the shipped document: another policy in the same style parses."""
    assert synthetic.title == "某某措施"
    assert synthetic.issuer == "某某市人民政府办公厅"
    assert synthetic.recipients == ("各区人民政府", "市政府各委、办、局")
    assert synthetic.notice_date == date(2022, 12, 1)
    assert synthetic.effective_date == date(2023, 1, 1)
    assert synthetic.print_date is None
    assert synthetic.publication_status == ""


def test_synthetic_policy_clauses(synthetic: Document) -> None:
    """Two measures in one section, with titles, sentences and units; the 施行 line stays out."""
    assert [c.number for c in synthetic.clauses] == [1, 2]
    first, second = synthetic.clauses
    assert (first.section_number, first.section_title) == (1, "支持创新")
    assert (first.title, second.title) == ("支持研发", "支持人才")
    assert [s.text for s in first.sentences] == ["对企业研发投入给予不超过研发投入20%、最高不超过300万元支持。"]
    assert first.responsible_units == ("市科委",)
    assert second.responsible_units == ("市人力资源社会保障局", "各区")
    assert "施行" not in second.text
    assert synthetic.quote(first.start, first.end).startswith("１．支持研发")


def test_synthetic_policy_rules(synthetic: Document) -> None:
    """Rules come from the drafting formulas, so the synthetic measures yield their own figures."""
    first = extract_rules(synthetic.clauses[0])
    second = extract_rules(synthetic.clauses[1])
    assert [(r.kind, r.ratio, r.cap, r.base) for r in first] == [
        ("ratio", Decimal("0.2"), Decimal(3_000_000), "研发投入")
    ]
    assert [(r.kind, r.cap, r.form, r.beneficiary) for r in second] == [("cap", Decimal(500_000), "奖励", "高层次人才")]
    assert all(r.doc_id == synthetic.id for r in first + second)
