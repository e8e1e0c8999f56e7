"""Policy records (document, section, clause) and the parser for numbered-measure policies.

Shanghai policies share one layout: a notice (issuer, title, recipients, date), then sections
``一、…`` holding numbered measures ``1．title。text…（责任单位：…）``, then the effective date and
the print line. The parser reads that layout, not this particular document, so other policies
written the same way parse too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from assistant.normalization import MappedText, join, normalize_lines

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_CLAUSE = re.compile(r"^(\d{1,3})\.(?!\d)")
_DATE = r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_UNITS = re.compile(r"（责任单位：([^）]*)）")
_SENTENCE = re.compile(r"[^。]*。|[^。]+$")


class PolicyFormatError(ValueError):
    """The text is not a numbered-measure policy this parser understands."""


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offsets into the document source
    end: int


@dataclass(frozen=True)
class Clause:
    doc_id: str
    number: int
    section_number: int
    section_title: str
    title: str
    text: str
    sentences: tuple[Sentence, ...]
    responsible_units: tuple[str, ...]
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.number}"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    issuer: str
    notice_date: date | None
    print_date: date | None
    effective_date: date | None
    recipients: tuple[str, ...]
    publication_status: str
    source: str
    clauses: tuple[Clause, ...] = field(repr=False)

    def clause(self, number: int) -> Clause:
        for clause in self.clauses:
            if clause.number == number:
                return clause
        raise KeyError(f"{self.id} has no measure {number}: it has measures 1–{len(self.clauses)}")

    def quote(self, start: int, end: int) -> str:
        """The original, unnormalized source text of a span (for exact quoting)."""
        return self.source[start:end]


def document_id(source: str) -> str:
    """A stable id from the content, so re-ingesting the same text is idempotent."""
    return "doc-" + hashlib.sha256(source.strip().encode("utf-8")).hexdigest()[:12]


def _find_date(pattern: str, text: str) -> date | None:
    match = re.search(pattern, text)
    return date(int(match["y"]), int(match["m"]), int(match["d"])) if match else None


def _split_sentences(body: MappedText) -> tuple[Sentence, ...]:
    sentences = []
    for match in _SENTENCE.finditer(body.text):
        text = match.group().strip()
        if text:
            start, end = body.source_span(match.start(), match.end())
            sentences.append(Sentence(len(sentences), text, start, end))
    return tuple(sentences)


def _parse_clause(doc_id: str, section: tuple[int, str], number: int, text: MappedText) -> tuple[Clause, MappedText]:
    """Build one clause; returns it and any trailing text after its 责任单位 note (e.g. 本文件自…施行)."""
    body = text.slice(len(_CLAUSE.match(text.text).group()), len(text.text))
    notes = list(_UNITS.finditer(body.text))
    units_match = notes[-1] if notes else None  # the last 责任单位 note closes the clause
    clause_end = units_match.end() if units_match else len(body.text)
    trailer = body.slice(clause_end, len(body.text))
    body = body.slice(0, clause_end)
    prose = body.slice(0, units_match.start()) if units_match else body
    title_end = prose.text.find("。")
    title = prose.text[:title_end] if title_end > 0 else prose.text
    sentences = _split_sentences(prose.slice(title_end + 1, len(prose.text)) if title_end > 0 else prose)
    units = tuple(u.strip() for u in units_match.group(1).split("、") if u.strip()) if units_match else ()
    start, end = text.source_span(0, len(text.text) - len(trailer.text))
    clause = Clause(doc_id, number, section[0], section[1], title, body.text, sentences, units, start, end)
    return clause, trailer


def parse_policy(source: str) -> Document:
    """Parse a numbered-measure policy into a document with its clauses."""
    lines = normalize_lines(source)
    doc_id = document_id(source)
    front: list[MappedText] = []
    blocks: list[tuple[tuple[int, str], int, list[MappedText]]] = []
    section: tuple[int, str] | None = None
    for line in lines:
        section_match = _SECTION.match(line.text)
        clause_match = _CLAUSE.match(line.text)
        if section_match and (not blocks or section is not None):
            section = ((section[0] + 1) if section else 1, section_match.group(2))
        elif clause_match and section and int(clause_match.group(1)) == (blocks[-1][1] + 1 if blocks else 1):
            blocks.append((section, int(clause_match.group(1)), [line]))
        elif blocks:
            blocks[-1][2].append(line)
        else:
            front.append(line)
    if not blocks:
        raise PolicyFormatError(
            "no numbered measures found: expected sections like '一、…' followed by measures like '1．…（责任单位：…）'"
        )
    clauses = []
    trailer = ""
    for block_section, number, block_lines in blocks:
        clause, rest = _parse_clause(doc_id, block_section, number, join(block_lines))
        clauses.append(clause)
        trailer = rest.text  # the last measure's trailer is the closing text: 本文件自…施行, 抄送, 印发
    return _document(doc_id, source, join(front).text, trailer, tuple(clauses))


def _document(doc_id: str, source: str, front: str, back: str, clauses: tuple[Clause, ...]) -> Document:
    title_match = re.search(r"《([^》]+)》", front)
    issuer_match = re.search(r"^(.+?)关于印发", front) or re.search(
        r"([\u4e00-\u9fff]+)\s*\d{4}年\d{1,2}月\d{1,2}日印发", back
    )
    recipients_match = re.search(r"的通知(.+?)：", front)
    status_match = re.search(r"（(此件[^）]*)）", front)
    return Document(
        id=doc_id,
        title=title_match.group(1) if title_match else clauses[0].section_title,
        issuer=issuer_match.group(1).strip() if issuer_match else "",
        notice_date=_find_date(_DATE, front),
        print_date=_find_date(_DATE + "印发", back),
        effective_date=_find_date(r"自" + _DATE + r"起(?:施行|实施|执行)", back),
        recipients=tuple(r for r in recipients_match.group(1).split("，") if r) if recipients_match else (),
        publication_status=status_match.group(1) if status_match else "",
        source=source,
        clauses=clauses,
    )
