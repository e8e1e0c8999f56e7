"""Eval suites: JSON Lines files of question/answer cases, validated on load."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError


class SuiteError(ValueError):
    """A suite file is missing or has a malformed case; the message names the line."""


class DocClause(BaseModel):
    """An expected clause of a named document, for suites run on a corpus of several policies."""

    doc: str
    clause: int


class Case(BaseModel):
    id: str
    lang: Literal["zh", "en"]
    question: str
    expected_clauses: list[int | DocClause] = Field(description="a bare number matches that measure of any document")
    kind: Literal["lookup", "numeric", "eligibility", "out_of_scope", "meta"]
    expected_amount_yuan: int | None = None
    expected_figures: list[str] = []
    expected_eligible: bool | None = None
    notes: str = ""
    conversation: str = Field(default="", description="the conversation this case is a turn of; turns run in order")


class Conversation(BaseModel):
    """One line of a multi-turn suite: turns in the case fields (no ids), asked in order in one session."""

    id: str
    notes: str = ""
    turns: list[dict[str, Any]] = Field(min_length=2)

    def cases(self) -> list[Case]:
        return [
            Case.model_validate({**turn, "id": f"{self.id}#{n}", "conversation": self.id})
            for n, turn in enumerate(self.turns, start=1)
        ]


def builtin_suite(name: str = "public") -> Path:
    """A suite shipped with the package (``evals/suites/<name>.jsonl``)."""
    return Path(str(resources.files("evals") / "suites" / f"{name}.jsonl"))


def load_suite(path: Path) -> list[Case]:
    if not path.is_file():
        raise SuiteError(f"suite not found at {path}: pass a .jsonl file (the public one is {builtin_suite()})")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            cases += Conversation.model_validate(record).cases() if "turns" in record else [Case.model_validate(record)]
        except ValidationError as error:
            raise SuiteError(
                f"{path}:{number}: invalid case: {error.errors()[0]['msg']} at {error.errors()[0]['loc']}"
            ) from error
        except ValueError as error:
            raise SuiteError(f"{path}:{number}: not JSON: {error}") from error
    ids = [case.id for case in cases]
    if len(ids) != len(set(ids)):
        raise SuiteError(f"{path}: case ids must be unique")
    return cases
