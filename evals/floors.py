"""Regression floors: the figures each suite reached when they were last raised, which CI must not fall below.

The targets (``metrics.TARGETS``) say where every suite has to get; the floors say where it is. A
suite that does not meet the targets yet (the harder public suite, the frozen blind split) is held
at its floor so that no change makes it worse unnoticed, and its gap to the targets is printed.
Floors are raised with ``policy-assistant eval --raise-floors`` after an improvement; one is lowered
only by hand, with the reason in ``floors.json`` and the commit.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

from evals.metrics import GROUPS, TARGETS

Floors = dict[str, dict[str, dict[str, float]]]  # suite -> group -> metric -> bar


def floors_path() -> Path:
    return Path(str(resources.files("evals") / "suites" / "floors.json"))


def load_floors(path: Path | None = None) -> Floors:
    data: Floors = json.loads((path or floors_path()).read_text(encoding="utf-8"))["floors"]
    return data


def measured(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """A suite's floors from its metrics: each target metric rounded down, false refusals rounded up (2 places)."""
    floors: dict[str, dict[str, float]] = {}
    for group in GROUPS:
        metrics = table.get(group, {})
        bars = {name: math.floor(metrics[name] * 100) / 100 for name in TARGETS if metrics.get(name) is not None}
        if metrics.get("false_refusal_rate") is not None:
            bars["false_refusal_rate"] = max(math.ceil(metrics["false_refusal_rate"] * 100) / 100, 0.0)
        floors[group] = bars
    return floors


def raise_floors(suite: str, table: dict[str, dict[str, Any]], path: Path | None = None) -> list[str]:
    """Raise a suite's floors to what it measures now, never lowering one; the lines say what moved."""
    path = path or floors_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    old = data["floors"].get(suite, {})
    new = measured(table)
    moved = []
    for group, bars in new.items():
        for name, value in bars.items():
            before = old.get(group, {}).get(name)
            worse = before is not None and (value > before if name == "false_refusal_rate" else value < before)
            if worse:
                bars[name] = before
            elif value != before:
                moved.append(f"{suite} {group} {name}: {before} -> {value}")
    data["floors"][suite] = new
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return moved
