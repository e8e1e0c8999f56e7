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


@pytest.mark.parametrize(
    ("kind", "minimum"), [("numeric", 90), ("eligibility", 59), ("out_of_scope", 50), ("meta", 26)]
)
def test_kind_counts(cases: list, kind: str, minimum: int) -> None:
    """The harder public suite of issue 8: 40 more eligibility, 30 more out-of-scope, 20 numeric, 10 meta cases."""
    assert sum(case.kind == kind for case in cases) >= minimum


def test_out_of_scope_cases_next_to_covered_topics_say_why(cases: list) -> None:
    adjacent = [
        c for c in cases if c.kind == "out_of_scope" and c.expected_refusal_reason not in (None, "out_of_domain")
    ]
    assert len(adjacent) >= 30


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_measure_is_asked_in_both_languages(cases: list, lang: str) -> None:
    covered = {number for case in cases if case.lang == lang for number in case.expected_clauses}
    assert covered == set(range(1, 26))


def test_wholly_unrelated_and_document_questions_expect_no_clause(cases: list) -> None:
    """A question next to a covered topic expects the measure it should point to; others expect none."""
    unrelated = [c for c in cases if c.kind == "out_of_scope" and c.expected_refusal_reason is None]
    assert unrelated and all(not case.expected_clauses for case in unrelated)


@pytest.mark.parametrize("name", ["blind", "dev", "dev2", "dev3"])
def test_the_blind_and_dev_splits_cover_every_kind_in_both_languages(name: str) -> None:
    split = load_suite(builtin_suite(name))
    languages = Counter(case.lang for case in split)
    assert len(split) >= 120 and languages["zh"] == languages["en"]
    assert {case.kind for case in split} >= {"numeric", "eligibility", "out_of_scope"}
    assert {True, False} <= {case.expected_eligible for case in split}


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
