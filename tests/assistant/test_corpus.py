"""Tests for assistant.corpus: policy folders, the sentence-aligned translation, deduplication and lookups."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus import (
    OVERRIDES_FILE,
    POLICY_FILE,
    TRANSLATION_FILE,
    Corpus,
    CorpusError,
    Policy,
    builtin_policy_dirs,
    load_corpus,
    load_policy,
)

_FIGURE = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def policy(corpus: Corpus) -> Policy:
    return corpus.policy()


@pytest.fixture(scope="module")
def shipped_dir() -> Path:
    dirs = builtin_policy_dirs()
    assert [d.name for d in dirs] == ["sh-high-end-manufacturing-2022"]
    return dirs[0]


def _copy(shipped_dir: Path, target: Path) -> Path:
    shutil.copytree(shipped_dir, target)
    return target


def test_shipped_corpus_has_one_translated_policy(corpus: Corpus, policy: Policy) -> None:
    """The package ships one policy, loaded with its translation and rules."""
    assert len(corpus.policies) == 1
    assert corpus.policy(None) is policy
    assert policy.translation is not None
    assert policy.translation.title.startswith("Several Measures to Promote the Development of High-End Manufacturing")
    assert sorted(policy.translation.sections) == [1, 2, 3, 4]
    assert policy.rules


def test_every_clause_is_translated(policy: Policy) -> None:
    """Answers in English need an English version of every measure."""
    assert policy.translation is not None
    assert sorted(policy.translation.clauses) == [c.number for c in policy.document.clauses]


@pytest.mark.parametrize("number", range(1, 26))
def test_translation_is_sentence_aligned(policy: Policy, number: int) -> None:
    """Sentence i of the English is sentence i of the Chinese, so a quote can be shown in both languages."""
    clause = policy.document.clause(number)
    english = policy.english(clause)
    assert english is not None
    assert len(english.sentences) == len(clause.sentences)
    assert len(english.responsible_units) == len(clause.responsible_units)
    assert english.title
    assert all(s.strip() for s in english.sentences)


@pytest.mark.parametrize("number", range(1, 26))
def test_translation_keeps_every_figure(policy: Policy, number: int) -> None:
    """A number in a Chinese sentence appears in its English sentence: misaligned or mistranslated figures show."""
    clause = policy.document.clause(number)
    for sentence in clause.sentences:
        english = policy.english_sentence(clause, sentence.index)
        missing = [f for f in _FIGURE.findall(sentence.text) if f not in english]
        assert not missing, (sentence.index, sentence.text, english)


def test_folder_without_translation_loads(shipped_dir: Path, tmp_path: Path) -> None:
    """The translation is optional: the policy loads, with rules and overrides, and English lookups are empty."""
    folder = _copy(shipped_dir, tmp_path / "policy")
    (folder / TRANSLATION_FILE).unlink()
    loaded = load_policy(folder)
    assert loaded.translation is None
    clause = loaded.document.clause(13)
    assert loaded.english(clause) is None
    assert loaded.english_sentence(clause, 0) == ""
    assert [r.base for r in loaded.clause_rules(19)] == ["示范项目投资"]


def _edit_translation(folder: Path, number: int, edit: str) -> None:
    path = folder / TRANSLATION_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    if edit == "drop_sentence":
        data["clauses"][str(number)]["sentences"].pop()
    elif edit == "extra_sentence":
        data["clauses"][str(number)]["sentences"].append("An extra sentence.")
    else:
        del data["clauses"][str(number)]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "edit", "message"),
    [
        (13, "drop_sentence", r"measure 13 has 4 sentences but 3 translated: keep the translation sentence-aligned"),
        (2, "drop_sentence", r"measure 2 has 1 sentences but 0 translated: keep the translation sentence-aligned"),
        (5, "extra_sentence", r"measure 5 has 2 sentences but 3 translated: keep the translation sentence-aligned"),
        (25, "drop_clause", r"measure 25 is not translated"),
    ],
)
def test_misaligned_translation_raises(shipped_dir: Path, tmp_path: Path, number: int, edit: str, message: str) -> None:
    """A translation out of step with the text fails at load time, naming the measure."""
    folder = _copy(shipped_dir, tmp_path / "policy")
    _edit_translation(folder, number, edit)
    with pytest.raises(CorpusError, match=message):
        load_policy(folder)


def test_folder_without_policy_text_raises(shipped_dir: Path, tmp_path: Path) -> None:
    """A folder with only a translation tells the user how to add the policy."""
    folder = _copy(shipped_dir, tmp_path / "policy")
    (folder / POLICY_FILE).unlink()
    with pytest.raises(CorpusError, match="`policy-assistant ingest PATH`") as excinfo:
        load_policy(folder)
    assert str(folder) in str(excinfo.value)


def test_stale_override_fails_loading(shipped_dir: Path, tmp_path: Path) -> None:
    """An override that no longer matches a rule stops the load instead of rotting silently."""
    folder = _copy(shipped_dir, tmp_path / "policy")
    stale = {"overrides": [{"why": "stale", "match": {"clause": 18, "sentence": 0, "kind": "ratio"}, "set": {}}]}
    (folder / OVERRIDES_FILE).write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(ValueError, match="matches 0 rules"):
        load_policy(folder)


def test_load_corpus_deduplicates_the_same_text(shipped_dir: Path, tmp_path: Path, policy: Policy) -> None:
    """Ingesting the shipped policy again, even twice, adds nothing: same content, same id."""
    policies_dir = tmp_path / "policies"
    _copy(shipped_dir, policies_dir / "again")
    _copy(shipped_dir, policies_dir / "and-again")
    loaded = load_corpus(policies_dir)
    assert [p.document.id for p in loaded.policies] == [policy.document.id]


def test_load_corpus_keeps_a_different_policy(shipped_dir: Path, tmp_path: Path, policy: Policy) -> None:
    """A changed text is another document, listed after the shipped ones; folders without policy.txt are skipped."""
    policies_dir = tmp_path / "policies"
    other = _copy(shipped_dir, policies_dir / "edited")
    source = (other / POLICY_FILE).read_text(encoding="utf-8")
    (other / POLICY_FILE).write_text(source.replace("２００万元", "３００万元", 1), encoding="utf-8")
    (policies_dir / "empty").mkdir()
    loaded = load_corpus(policies_dir)
    ids = [p.document.id for p in loaded.policies]
    assert len(ids) == 2
    assert ids[0] == policy.document.id
    assert loaded.policy(ids[1]).clause_rules(6)[0].cap == 3_000_000


def test_load_corpus_with_missing_policies_dir(tmp_path: Path, policy: Policy) -> None:
    """A fresh install has no ingest folder yet: the shipped policies still load."""
    loaded = load_corpus(tmp_path / "does-not-exist")
    assert [p.document.id for p in loaded.policies] == [policy.document.id]


def test_unknown_policy_raises_key_error_listing_ids(corpus: Corpus, policy: Policy) -> None:
    """The error lists the loaded ids so the caller can pick a valid one."""
    with pytest.raises(KeyError, match=f"'doc-000000000000'.*{policy.document.id}"):
        corpus.policy("doc-000000000000")


def test_rule_lookup_round_trips(corpus: Corpus) -> None:
    """Every rule is found again by its id (ids are unique, or the lookup would return another rule)."""
    rules = [r for p in corpus.policies for r in p.rules]
    assert len(rules) == 24
    for rule in rules:
        assert corpus.rule(rule.id) is rule


def test_unknown_rule_raises_key_error(corpus: Corpus, policy: Policy) -> None:
    """An unknown rule id points the user at the command that lists rules."""
    with pytest.raises(KeyError, match="policy-assistant clauses N"):
        corpus.rule(f"{policy.document.id}#13.9.0")


def test_clauses_pairs_every_clause_with_its_policy(corpus: Corpus, policy: Policy) -> None:
    """clauses() walks all policies in order, each clause paired with the policy holding it."""
    pairs = corpus.clauses()
    assert [c.number for _, c in pairs] == list(range(1, 26))
    assert all(p is policy and c.doc_id == policy.document.id for p, c in pairs)
