"""Tests for evals.floors: floors are the measured figures rounded toward passing, and raising never lowers one."""

from __future__ import annotations

import json
from pathlib import Path

from evals.floors import load_floors, measured, raise_floors

TABLE = {
    "lang=zh": {"hit@1": 0.987, "amount_exact": None, "eligibility_accuracy": 0.8333, "false_refusal_rate": 0.0212},
    "lang=en": {"hit@1": 1.0, "amount_exact": 0.9, "eligibility_accuracy": 0.75, "false_refusal_rate": 0.0},
    "all": {"hit@1": 0.99, "amount_exact": 0.9, "eligibility_accuracy": 0.79, "false_refusal_rate": 0.01},
}


def test_measured_rounds_down_and_false_refusals_up() -> None:
    floors = measured(TABLE)
    assert floors["lang=zh"] == {"hit@1": 0.98, "eligibility_accuracy": 0.83, "false_refusal_rate": 0.03}
    assert floors["lang=en"]["amount_exact"] == 0.9


def test_raising_keeps_the_better_of_old_and_new(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    old = {"lang=zh": {"hit@1": 0.99, "false_refusal_rate": 0.01}, "lang=en": {}, "all": {}}
    path.write_text(json.dumps({"why": "test", "floors": {"s": old}}), encoding="utf-8")
    moved = raise_floors("s", TABLE, path)
    floors = load_floors(path)["s"]
    assert floors["lang=zh"]["hit@1"] == 0.99  # 0.98 measured: not lowered
    assert floors["lang=zh"]["false_refusal_rate"] == 0.01  # 0.03 measured: not raised
    assert floors["lang=zh"]["eligibility_accuracy"] == 0.83  # new
    assert "s lang=zh eligibility_accuracy: None -> 0.83" in moved
    assert not any("hit@1: 0.99" in line for line in moved)
