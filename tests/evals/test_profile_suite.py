"""The profile suite: well formed, varied, and the matcher meets its targets on it (fast: no model needed)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.corpus import Corpus
from evals.profiles import (
    TARGETS,
    ExpectedMeasure,
    ProfileCase,
    describe,
    failures,
    load_profile_suite,
    run_profiles,
    score,
)
from evals.suite import SuiteError, builtin_suite


@pytest.fixture(scope="module")
def cases() -> list[ProfileCase]:
    return load_profile_suite(builtin_suite("profiles"))


def test_size_languages_and_variety(cases: list[ProfileCase]) -> None:
    languages = Counter(case.lang for case in cases)
    assert len(cases) >= 20 and languages["zh"] >= 8 and languages["en"] >= 8
    industries = {key for case in cases for key in case.profile.industries or []}
    assert {"integrated_circuits", "biomedicine", "new_displays", "artificial_intelligence", "chemicals"} <= industries
    assert sum(not case.expected for case in cases) >= 2  # match nothing
    spenders = [
        case for case in cases if sum(v is not None and v > 0 for v in case.profile.spending.model_dump().values()) >= 3
    ]
    assert len(spenders) >= 3
    unknowns = [
        case for case in cases if case.profile.registered_in_shanghai is None or case.profile.industries is None
    ]
    assert len(unknowns) >= 2


def test_the_matcher_meets_the_targets(corpus: Corpus, cases: list[ProfileCase]) -> None:
    pairs = run_profiles(corpus, cases)
    assert not failures(pairs), describe(pairs)
    assert score(pairs)["recall"] == TARGETS["recall"] == 1.0


def test_metrics_count_misses(corpus: Corpus, cases: list[ProfileCase]) -> None:
    """Wrong expectations show up in the metric each one belongs to."""
    case = next(c for c in cases if c.id == "zh-biomed-class1-drug")
    n, doc = len(case.expected), case.expected[0].doc_id
    assert 7 not in {e.measure for e in case.expected}  # measure 7 pays nothing and is never matched
    extra = case.model_copy(update={"expected": [*case.expected, ExpectedMeasure(doc_id=doc, measure=7)]})
    wrong_amount = case.model_copy(
        update={"expected": [e if e.measure != 15 else e.model_copy(update={"amount_yuan": 1}) for e in case.expected]}
    )
    missing = case.model_copy(update={"expected": case.expected[:2]})
    metrics = score(run_profiles(corpus, [extra, wrong_amount, missing]))
    assert metrics["recall"] == round((2 * n + 2) / (2 * n + 3), 4)  # the extra measure 7 is not matched
    assert metrics["precision"] == round((2 * n + 2) / (3 * n), 4)  # n - 2 matched but not expected in `missing`
    assert metrics["amount_exact"] == round((2 * n + 1) / (2 * n + 3), 4)  # measure 7 missing, 15 wrong
    assert metrics["total_exact"] == round(1 / 3, 4)  # measure 7 sets no amount; 15 and the missing ones do
    assert failures(run_profiles(corpus, [wrong_amount])) == [
        f"amount_exact {round((n - 1) / n, 4)} < 1.0",
        "total_exact 0.0 < 1.0",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", r"x\.jsonl:1: not JSON"),
        ('{"id": "a", "lang": "zh", "description": "d", "expected": []}', r"x\.jsonl:1: invalid profile case: profile"),
        (
            json.dumps(
                {"id": "a", "lang": "en", "description": "d", "profile": {"annual_output": "-1万"}, "expected": []}
            ),
            r"profile\.annual_output: Amount '-1万' is negative",
        ),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SuiteError, match=message):
        load_profile_suite(path)


def test_duplicate_ids_and_missing_files(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "lang": "en", "description": "d", "profile": {}, "expected": []})
    path = tmp_path / "dup.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(SuiteError, match="unique"):
        load_profile_suite(path)
    with pytest.raises(SuiteError, match=r"profiles\.jsonl"):
        load_profile_suite(tmp_path / "missing.jsonl")
