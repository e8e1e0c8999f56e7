"""Eval suites: JSON Lines files of question/answer cases, validated on load."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, Field, ValidationError

from assistant.result import RefusalReason


class _Identified(Protocol):
    id: str


CaseT = TypeVar("CaseT", bound=_Identified)


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
    expected_refusal_reason: RefusalReason | None = None
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


def read_suite(
    path: Path,
    parse: Callable[[Any], list[CaseT]],
    name: str,
    hint: str,
    what: str = "case",
    describe: Callable[[ValidationError], str] = lambda error: (
        f"{error.errors()[0]['msg']} at {error.errors()[0]['loc']}"
    ),
) -> list[CaseT]:
    """The cases of a JSON Lines suite, each line parsed by ``parse``; an error names the file and line.

    Shared by every kind of suite (questions, conversations, enterprise profiles): ``name`` and ``hint``
    word a missing file, ``what`` and ``describe`` a line that does not validate.
    """
    if not path.is_file():
        raise SuiteError(f"{name} not found at {path}: pass a .jsonl file ({hint})")
    cases: list[CaseT] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases += parse(json.loads(line))
        except ValidationError as error:
            raise SuiteError(f"{path}:{number}: invalid {what}: {describe(error)}") from error
        except ValueError as error:
            raise SuiteError(f"{path}:{number}: not JSON: {error}") from error
    ids = [case.id for case in cases]
    if len(ids) != len(set(ids)):
        raise SuiteError(f"{path}: case ids must be unique")
    return cases


def _questions(record: Any) -> list[Case]:
    """A line of a question suite: one case, or a conversation's turns."""
    if isinstance(record, dict) and "turns" in record:
        return Conversation.model_validate(record).cases()
    return [Case.model_validate(record)]


def load_suite(path: Path) -> list[Case]:
    return read_suite(path, _questions, "suite", f"the public one is {builtin_suite()}")
