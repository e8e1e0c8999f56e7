"""Thumbs up/down on answers, kept in a local SQLite file and exported as eval-suite cases.

Rated answers are the cheapest source of new eval cases: a thumbs-up pins what the assistant
cited (and computed) as expected; a thumbs-down becomes a case flagged for a human to fill in.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.result import AnswerResult, Intent
from assistant.serving.storage import writing

Rating = Literal[1, -1]
PURPOSE = "feedback (the web UI's thumbs and comments)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT ''
)
"""
_COLUMNS = "id, created_at, question, answer_json, rating, comment"

# Eval kinds by answer intent; clarify and invalid answers are scored like lookups.
_KIND: dict[Intent, str] = {
    "calculation": "numeric",
    "eligibility": "eligibility",
    "meta": "meta",
    "out_of_scope": "out_of_scope",
}


@dataclass(frozen=True)
class Feedback:
    id: int
    created_at: str
    question: str
    answer_json: str
    rating: Rating
    comment: str

    @property
    def result(self) -> AnswerResult:
        return AnswerResult.model_validate_json(self.answer_json)


class FeedbackStore:
    """One SQLite file; a connection per call under a lock, so the UI's worker threads can share it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._created = False  # the file is made on first use, so a read-only data folder still serves answers

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock, writing(self.path, PURPOSE):
            if not self._created:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path)
            try:
                with db:  # commits, or rolls back on error
                    if not self._created:
                        db.execute(_SCHEMA)
                        self._created = True
                    yield db
            finally:
                db.close()

    def record(self, question: str, answer_result_json: str, rating: Rating, comment: str = "") -> int:
        """Store one rating; the answer must be an AnswerResult's JSON so it can be exported later."""
        AnswerResult.model_validate_json(answer_result_json)
        _check_rating(rating)
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, question, answer_json, rating, comment) VALUES (?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), question, answer_result_json, rating, comment),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, feedback_id: int, *, rating: Rating | None = None, comment: str | None = None) -> None:
        """Change the rating (the user clicked the other thumb) or attach a comment."""
        if rating is not None:
            _check_rating(rating)
        with self._connect() as db:
            db.execute(
                "UPDATE feedback SET rating = COALESCE(?, rating), comment = COALESCE(?, comment) WHERE id = ?",
                (rating, comment, feedback_id),
            )

    def delete(self, feedback_id: int) -> None:
        """The user took the rating back."""
        with self._connect() as db:
            db.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,))

    def list(self) -> list[Feedback]:
        with self._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM feedback ORDER BY id").fetchall()
        return [Feedback(*row) for row in rows]

    def export_cases(self) -> list[dict[str, Any]]:
        """Every rating as an eval-suite case (see ``evals.suite.Case``)."""
        return [to_case(feedback) for feedback in self.list()]


def _check_rating(rating: int) -> None:
    if rating not in (1, -1):
        raise ValueError(f"rating must be +1 (thumbs up) or -1 (thumbs down), got {rating!r}")


def to_case(feedback: Feedback) -> dict[str, Any]:
    """A thumbs-up expects what the answer cited and computed; a thumbs-down leaves that to a reviewer."""
    result = feedback.result
    liked = feedback.rating == 1
    cited = list(dict.fromkeys(citation.clause for citation in result.citations))
    verdict = "thumbs up" if liked else "thumbs down: needs review, fill in the expected clauses"
    return {
        "id": f"fb-{feedback.id}",
        "lang": result.language,
        "question": feedback.question,
        "expected_clauses": cited if liked else [],
        "kind": _KIND.get(result.intent, "lookup"),
        "expected_amount_yuan": result.calculation.amount_yuan if liked and result.calculation else None,
        "expected_figures": [],
        "expected_eligible": result.eligible if liked else None,
        "notes": f"{verdict}; comment: {feedback.comment}" if feedback.comment else verdict,
    }
