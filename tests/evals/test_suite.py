"""The public suite is well formed and covers what the issue asks for; bad suite files fail clearly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from evals.suite import SuiteError, builtin_suite, load_suite


@pytest.fixture(scope="module")
def cases() -> list:
    return load_suite(builtin_suite())


def test_size_and_language_balance(cases: list) -> None:
    languages = Counter(case.lang for case in cases)
    assert len(cases) >= 150
    assert abs(languages["zh"] - languages["en"]) <= 2


@pytest.mark.parametrize(("kind", "minimum"), [("numeric", 40), ("eligibility", 15), ("out_of_scope", 15), ("meta", 8)])
def test_kind_counts(cases: list, kind: str, minimum: int) -> None:
    assert sum(case.kind == kind for case in cases) >= minimum


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_measure_is_asked_in_both_languages(cases: list, lang: str) -> None:
    covered = {number for case in cases if case.lang == lang for number in case.expected_clauses}
    assert covered == set(range(1, 26))


def test_out_of_scope_and_meta_cases_expect_no_clause(cases: list) -> None:
    assert all(not case.expected_clauses for case in cases if case.kind in ("out_of_scope", "meta"))


def test_numeric_cases_expect_whole_yuan(cases: list) -> None:
    assert all(isinstance(case.expected_amount_yuan, int) for case in cases if case.expected_amount_yuan is not None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a"}\n', r"x\.jsonl:1: invalid case"),
        ("not json\n", r"x\.jsonl:1"),
        ('{"id": "a", "lang": "fr", "question": "q", "expected_clauses": [], "kind": "meta"}\n', r"x\.jsonl:1"),
        (  # a conversation needs at least two turns
            '{"id": "c", "turns": [{"lang": "en", "question": "q", "expected_clauses": [], "kind": "meta"}]}\n',
            r"x\.jsonl:1: invalid case",
        ),
        ('{"id": "c", "turns": [{"lang": "en"}, {"lang": "en"}]}\n', r"x\.jsonl:1: invalid case"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SuiteError, match=message):
        load_suite(path)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    line = '{"id": "a", "lang": "en", "question": "q", "expected_clauses": [], "kind": "meta"}\n'
    path = tmp_path / "dup.jsonl"
    path.write_text(line * 2, encoding="utf-8")
    with pytest.raises(SuiteError, match="unique"):
        load_suite(path)


def test_missing_suite_points_at_the_public_one(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="public"):
        load_suite(tmp_path / "missing.jsonl")


@pytest.fixture(scope="module")
def turns() -> list:
    return load_suite(builtin_suite("conversations"))


def test_conversations_cover_both_languages(turns: list) -> None:
    conversations = {case.conversation: case.lang for case in turns}
    assert len(conversations) >= 30
    assert Counter(conversations.values())["zh"] >= 15 and Counter(conversations.values())["en"] >= 15
    assert all(case.conversation and case.id.startswith(case.conversation + "#") for case in turns)


def test_every_conversation_has_follow_ups_in_order(turns: list) -> None:
    positions: dict[str, list[int]] = {}
    for case in turns:
        positions.setdefault(case.conversation, []).append(int(case.id.split("#")[1]))
    assert all(numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2 for numbers in positions.values())
