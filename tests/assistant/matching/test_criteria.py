"""Tests for assistant.matching.criteria: the shipped matching.json fits its policy; a stale or wrong one fails."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.corpus import MATCHING_FILE, Corpus, CorpusError, builtin_policy_dirs, load_policy
from assistant.matching.criteria import CriteriaError, ThresholdCondition, load_criteria

Data = dict[str, Any]


@pytest.fixture(scope="module")
def shipped() -> Data:
    return json.loads((builtin_policy_dirs()[0] / MATCHING_FILE).read_text(encoding="utf-8"))


def support(data: Data, support_id: str) -> Data:
    return next(s for s in data["supports"] if s["id"] == support_id)


def test_the_shipped_criteria_are_loaded_with_the_policy(corpus: Corpus) -> None:
    criteria = corpus.policy().criteria
    assert criteria is not None
    numbers = {s.clause for s in criteria.supports}
    assert {13, 15, 14, 12, 11, 19} <= numbers  # the measures that pay money to enterprises
    eda = next(s for s in criteria.supports if s.id == "eda-tools")
    assert eda.figure is not None and eda.figure.rule == "13.1.41" and eda.figure.base == "spending.eda_tools"


def test_threshold_conditions_point_at_threshold_rules(corpus: Corpus) -> None:
    policy = corpus.policy()
    assert policy.criteria is not None
    thresholds = [c for s in policy.criteria.supports for c in s.conditions if isinstance(c, ThresholdCondition)]
    rules = [corpus.rule(f"{policy.document.id}#{c.rule}") for c in thresholds]
    assert [(r.clause_number, r.threshold, r.inclusive) for r in rules] == [
        (11, 1_000_000_000, False),  # 首次突破10亿元: exclusive
        (12, 10_000_000, True),  # 总投入1000万元以上: inclusive
        (12, 10_000_000, True),  # the same threshold for the recognized major renovation's raised cap
        (12, 100_000_000, True),  # 年产值1亿元以上
    ]


def _set(support_id: str, path: tuple[Any, ...], value: Any) -> Callable[[Data], None]:
    def edit(data: Data) -> None:
        target: Any = support(data, support_id)
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_set("eda-tools", ("figure", "rule"), "13.1.99"), "rule 13.1.99 is not a rule of measure 13"),
        (_set("eda-tools", ("figure", "rule"), "12.2.20"), "rule 12.2.20 is not a rule of measure 13"),
        (_set("technical-renovation", ("conditions", 0, "rule"), "12.0.51"), "12.0.51 is not a threshold rule"),
        (_set("eda-tools", ("conditions", 0, "sentence"), 9), "measure 13 has no sentence 9"),
        (_set("eda-tools", ("conditions", 1, "field"), "spending.eda"), "'spending.eda' is not a profile field"),
        (_set("innovative-drug", ("conditions", 0, "field"), "annual_output"), "is not a profile field of kind bool"),
        (_set("eda-tools", ("conditions", 0, "values"), ["steel"]), "unknown industries ['steel']"),
        (_set("eda-tools", ("conditions", 0, "or_is"), "annual_output"), "is not a profile field of kind bool"),
        (_set("eda-tools", ("figure", "base"), None), "needs base field"),
        (_set("green-project", ("figure", "base"), "spending.green_project"), "takes no base field"),
        (_set("eda-tools", ("figure", "base"), "spending.green_project"), "must also be a condition"),
        (_set("land-quota", ("figure",), {"rule": "2.0.0"}), "rule 2.0.0 is not a rule of measure 2"),
        (_set("first-of-a-kind", ("clause",), 99), "has no measure 99"),
        (_set("eda-tools", ("id",), "first-of-a-kind"), "support ids must be unique"),
        (_set("eda-tools", ("conditions", 0, "test"), "contains"), "conditions.0"),
        (_set("eda-tools", ("colour",), "red"), "Extra inputs are not permitted"),
    ],
)
def test_a_mapping_that_does_not_fit_names_the_support_and_the_problem(
    corpus: Corpus, shipped: Data, tmp_path: Path, edit: Callable[[Data], None], message: str
) -> None:
    data = copy.deepcopy(shipped)
    edit(data)
    path = tmp_path / MATCHING_FILE
    path.write_text(json.dumps(data), encoding="utf-8")
    policy = corpus.policy()
    with pytest.raises(CriteriaError) as error:
        load_criteria(path, policy.document, policy.rules)
    assert message in str(error.value) and str(path) in str(error.value)


def test_a_broken_mapping_stops_the_policy_from_loading(tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    shutil.copytree(builtin_policy_dirs()[0], folder)
    (folder / MATCHING_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(CorpusError, match=MATCHING_FILE):
        load_policy(folder)


def test_a_policy_without_a_mapping_loads_without_criteria(tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    shutil.copytree(builtin_policy_dirs()[0], folder)
    (folder / MATCHING_FILE).unlink()
    assert load_policy(folder).criteria is None
