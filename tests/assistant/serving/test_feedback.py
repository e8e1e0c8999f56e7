"""The feedback store and its export to eval-suite cases (fast: the BM25 assistant, no model), on both
engines (``database``: a SQLite file and a real PostgreSQL database)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.chain import Assistant
from assistant.cli import main
from assistant.result import AnswerResult
from assistant.serving.feedback import FeedbackStore
from assistant.settings import Settings, get_settings
from evals.suite import Case, load_suite

EDA = "Which support applies to a new EDA tool purchase?"
FIRST_OF_A_KIND = "首台套设备合同1亿,最多补多少?"
TOO_SMALL = "我们年产值8000万,能拿智能工厂诊断的券值奖励吗?"
WHEN = "When does it take effect?"


@pytest.fixture
def store(database: Path | str) -> FeedbackStore:
    return FeedbackStore(database)


@pytest.fixture(scope="module")
def answers(bm25_assistant: Assistant) -> dict[str, AnswerResult]:
    return {q: bm25_assistant.answer(q) for q in (EDA, FIRST_OF_A_KIND, TOO_SMALL, WHEN)}


def rate(store: FeedbackStore, result: AnswerResult, rating: int, comment: str = "") -> int:
    return store.record(result.question, result.model_dump_json(), rating, comment)  # type: ignore[arg-type]


def test_records_and_lists_in_order(store: FeedbackStore, answers: dict[str, AnswerResult]) -> None:
    first = rate(store, answers[EDA], 1)
    second = rate(store, answers[FIRST_OF_A_KIND], -1, "太笼统")
    listed = store.list()
    assert [f.id for f in listed] == [first, second]
    assert [(f.question, f.rating, f.comment) for f in listed] == [(EDA, 1, ""), (FIRST_OF_A_KIND, -1, "太笼统")]
    assert listed[1].result == answers[FIRST_OF_A_KIND]
    assert FeedbackStore(store.target).list() == listed  # persisted, and reopening keeps the table


def test_update_and_delete(store: FeedbackStore, answers: dict[str, AnswerResult]) -> None:
    feedback_id = rate(store, answers[EDA], 1)
    store.update(feedback_id, comment="clear")
    store.update(feedback_id, rating=-1)
    assert [(f.rating, f.comment) for f in store.list()] == [(-1, "clear")]
    store.delete(feedback_id)
    assert store.list() == []


@pytest.mark.parametrize(
    "comment",
    [
        "'); DROP TABLE feedback; --",
        '" OR 1=1 --',
        "Robert'); DELETE FROM feedback WHERE ('1'='1",
        "评论'；DROP TABLE feedback；",
    ],
)
def test_sql_looking_comments_are_stored_verbatim(
    store: FeedbackStore, answers: dict[str, AnswerResult], comment: str
) -> None:
    feedback_id = rate(store, answers[EDA], 1, comment)
    store.update(feedback_id, comment=comment + " (edited)")
    rate(store, answers[WHEN], -1, comment)
    assert [f.comment for f in store.list()] == [comment + " (edited)", comment]


def test_rejects_bad_rating_and_non_result_json(store: FeedbackStore, answers: dict[str, AnswerResult]) -> None:
    with pytest.raises(ValueError, match="rating"):
        rate(store, answers[EDA], 5)
    with pytest.raises(ValueError):
        store.record(EDA, '{"not": "a result"}', 1)
    assert store.list() == []


def test_concurrent_records_from_threads(store: FeedbackStore, answers: dict[str, AnswerResult]) -> None:
    threads = [threading.Thread(target=rate, args=(store, answers[EDA], 1)) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.list()) == 12


def test_export_cases_map_ratings_to_expectations(store: FeedbackStore, answers: dict[str, AnswerResult]) -> None:
    liked_calc = rate(store, answers[FIRST_OF_A_KIND], 1, "准确")
    disliked = rate(store, answers[EDA], -1, "wrong measure?")
    liked_eligibility = rate(store, answers[TOO_SMALL], 1)
    liked_meta = rate(store, answers[WHEN], 1)
    cases = {case["id"]: Case.model_validate(case) for case in store.export_cases()}

    calc = cases[f"fb-{liked_calc}"]
    assert (calc.lang, calc.kind, calc.question) == ("zh", "numeric", FIRST_OF_A_KIND)
    assert calc.expected_clauses == [13]
    assert calc.expected_amount_yuan == 20_000_000
    assert calc.notes == "thumbs up; comment: 准确"

    review = cases[f"fb-{disliked}"]
    assert (review.lang, review.kind, review.expected_clauses, review.expected_amount_yuan) == (
        "en",
        "lookup",
        [],
        None,
    )
    assert "needs review" in review.notes and "wrong measure?" in review.notes

    eligibility = cases[f"fb-{liked_eligibility}"]
    assert (eligibility.kind, eligibility.expected_eligible, eligibility.expected_clauses) == (
        "eligibility",
        False,
        [12],
    )
    assert cases[f"fb-{liked_meta}"].kind == "meta"


def test_export_lines_load_as_a_suite(store: FeedbackStore, answers: dict[str, AnswerResult], tmp_path: Path) -> None:
    for result in answers.values():
        rate(store, result, 1, "ok\nmultiline 'quoted'")
        rate(store, result, -1)
    path = tmp_path / "feedback.jsonl"
    path.write_text("".join(json.dumps(case, ensure_ascii=False) + "\n" for case in store.export_cases()))
    assert len(load_suite(path)) == 8


def test_two_stores_on_one_database_see_each_other_s_ratings(
    database: Path | str, answers: dict[str, AnswerResult]
) -> None:
    """What two replicas do: a rating given through one is changed and exported through the other."""
    first, second = FeedbackStore(database), FeedbackStore(database)
    feedback_id = rate(first, answers[EDA], 1)
    second.update(feedback_id, comment="from the other replica")
    assert [(f.id, f.comment) for f in first.list()] == [(feedback_id, "from the other replica")]
    assert [case["id"] for case in second.export_cases()] == [f"fb-{feedback_id}"]


@pytest.fixture
def export_settings(settings: Settings, database: Path | str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The command's settings: the default SQLite file in the data folder, or ASSISTANT_DATABASE_URL."""
    if isinstance(database, Path):
        yield settings
        return
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", database)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_cli_export_writes_a_loadable_suite(
    export_settings: Settings, answers: dict[str, AnswerResult], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = FeedbackStore(export_settings.feedback_store)
    rate(store, answers[FIRST_OF_A_KIND], 1)
    rate(store, answers[EDA], -1, "'; DROP TABLE feedback; --")
    out = tmp_path / "out" / "feedback.jsonl"

    assert main(["feedback", "export", "--out", str(out)]) == 0
    assert "2 cases" in capsys.readouterr().out
    cases = load_suite(out)
    assert [(c.kind, c.expected_amount_yuan) for c in cases] == [("numeric", 20_000_000), ("lookup", None)]
    assert "'; DROP TABLE feedback; --" in cases[1].notes

    assert main(["feedback", "export"]) == 0  # to standard output
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [c.id for c in cases]


def test_cli_export_with_no_feedback_is_empty(export_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "export"]) == 0
    assert capsys.readouterr().out == ""
