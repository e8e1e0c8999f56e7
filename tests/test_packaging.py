"""An installed wheel carries every file the assistant loads at run time, not only a checkout does."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_corpus_prompts_and_suites(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("policy_assistant-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "assistant/corpus/sh-high-end-manufacturing-2022/policy.txt",
        "assistant/corpus/sh-high-end-manufacturing-2022/translation.en.json",
        "assistant/corpus/sh-high-end-manufacturing-2022/overrides.json",
        "assistant/corpus/sh-high-end-manufacturing-2022/matching.json",
        "assistant/corpus/glossary.json",
        "assistant/corpus/places.json",
        "evals/suites/public.jsonl",
        "evals/suites/profiles.jsonl",
        "prompts/labels.json",
    }
    expected |= {f"prompts/{p.name}" for p in (REPO / "prompts").glob("*.md")}
    assert expected <= names
