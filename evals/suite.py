"""Eval suites: JSON Lines files of question/answer cases, validated on load."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError


class SuiteError(ValueError):
    """A suite file is missing or has a malformed case; the message names the line."""


class Case(BaseModel):
    id: str
    lang: Literal["zh", "en"]
    question: str
    expected_clauses: list[int]
    kind: Literal["lookup", "numeric", "eligibility", "out_of_scope", "meta"]
    expected_amount_yuan: int | None = None
    expected_figures: list[str] = []
    expected_eligible: bool | None = None
    notes: str = ""


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
            cases.append(Case.model_validate_json(line))
        except ValidationError as error:
            raise SuiteError(
                f"{path}:{number}: invalid case: {error.errors()[0]['msg']} at {error.errors()[0]['loc']}"
            ) from error
    ids = [case.id for case in cases]
    if len(ids) != len(set(ids)):
        raise SuiteError(f"{path}: case ids must be unique")
    return cases
