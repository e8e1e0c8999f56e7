"""The corpus: every loaded policy with its English translation and its support rules.

A policy lives in a folder holding ``policy.txt`` (the source text), optionally
``translation.en.json`` (sentence-aligned English, and ``terms``: the clause words rules quote, in
English), ``overrides.json`` (curated rule corrections), ``document.json`` (what the document is, where
its text does not say: see ``assistant.documents.info``) and ``matching.json`` (which enterprise-profile
fields decide which supports, see ``assistant.matching.criteria``). The default policy ships inside
the package; ``policy-assistant ingest`` adds folders under the data directory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

from assistant.documents.info import DocumentInfo, DocumentInfoError, read_info
from assistant.matching.criteria import Criteria, CriteriaError, Support, load_criteria, rule_id
from assistant.policy import Clause, Document, parse_policy
from assistant.policy_cache import FOLDER as PARSED
from assistant.policy_cache import PolicyCache
from assistant.rules import SupportRule, apply_overrides, extract_rules

POLICY_FILE = "policy.txt"
TRANSLATION_FILE = "translation.en.json"
OVERRIDES_FILE = "overrides.json"
MATCHING_FILE = "matching.json"


class CorpusError(RuntimeError):
    """A policy folder is incomplete or inconsistent."""


@dataclass(frozen=True)
class ClauseTranslation:
    title: str
    sentences: tuple[str, ...]
    responsible_units: tuple[str, ...]


@dataclass(frozen=True)
class Translation:
    title: str
    issuer: str
    recipients: tuple[str, ...]
    sections: dict[int, str]
    clauses: dict[int, ClauseTranslation]
    terms: dict[str, str]  # the clause words rules quote (their bases: 研发投入 …) in English


@dataclass(frozen=True)
class Policy:
    document: Document
    translation: Translation | None
    rules: tuple[SupportRule, ...]
    info: DocumentInfo
    criteria: Criteria | None = None  # from matching.json; None: this policy is not matched against profiles

    def clause_rules(self, number: int) -> list[SupportRule]:
        return [r for r in self.rules if r.clause_number == number]

    def sibling_rules(self, rule: SupportRule) -> list[SupportRule]:
        """The rules of the same kind on the same base in the same sentence, this one included: the tiers a
        sentence lists (10亿元、50亿元、100亿元), or its caps for different beneficiaries (drugs, devices)."""
        return [
            r
            for r in self.clause_rules(rule.clause_number)
            if (r.sentence_index, r.base, r.kind) == (rule.sentence_index, rule.base, rule.kind)
        ]

    def support_of(self, rule: SupportRule) -> Support | None:
        """The support (matching.json) whose figure the rule is; None when it is none's."""
        supports = self.criteria.supports if self.criteria else ()
        return next((s for s in supports if s.figure and rule_id(rule.doc_id, s.figure.rule) == rule.id), None)

    def english(self, clause: Clause) -> ClauseTranslation | None:
        return self.translation.clauses.get(clause.number) if self.translation else None

    def english_sentence(self, clause: Clause, index: int) -> str:
        english = self.english(clause)
        return english.sentences[index] if english else ""

    def quotes(self, clause: Clause, indexes: list[int]) -> tuple[str, str]:
        """The cited sentences in Chinese and in English ('' when no translation ships)."""
        zh = "".join(clause.sentences[i].text for i in indexes)
        return zh, " ".join(self.english_sentence(clause, i) for i in indexes).strip()


@dataclass(frozen=True)
class Corpus:
    policies: tuple[Policy, ...]
    off_topics: tuple[str, ...] = ()  # topic descriptions no policy here covers (see off_topics.json)

    @cached_property
    def _by_id(self) -> dict[str, Policy]:
        return {policy.document.id: policy for policy in self.policies}

    def policy(self, doc_id: str | None = None) -> Policy:
        if doc_id is None:
            return self.policies[0]
        if doc_id in self._by_id:
            return self._by_id[doc_id]
        known = ", ".join(p.document.id for p in self.policies)
        raise KeyError(f"unknown document {doc_id!r}: loaded documents are {known}")

    def has_clause(self, doc_id: str, number: int) -> bool:
        return any(
            p.document.id == doc_id and any(c.number == number for c in p.document.clauses) for p in self.policies
        )

    def clauses(self) -> list[tuple[Policy, Clause]]:
        return [(p, c) for p in self.policies for c in p.document.clauses]

    def rule(self, rule_id: str) -> SupportRule:
        for policy in self.policies:
            for rule in policy.rules:
                if rule.id == rule_id:
                    return rule
        raise KeyError(f"unknown rule {rule_id!r}: list rules with `policy-assistant clauses N`")


def _translation(path: Path, document: Document) -> Translation:
    data = json.loads(path.read_text(encoding="utf-8"))
    clauses = {}
    for clause in document.clauses:
        entry = data["clauses"].get(str(clause.number))
        if entry is None:
            raise CorpusError(f"{path}: measure {clause.number} is not translated")
        if len(entry["sentences"]) != len(clause.sentences):
            raise CorpusError(
                f"{path}: measure {clause.number} has {len(clause.sentences)} sentences but "
                f"{len(entry['sentences'])} translated: keep the translation sentence-aligned"
            )
        clauses[clause.number] = ClauseTranslation(
            entry["title"], tuple(entry["sentences"]), tuple(entry.get("responsible_units", ()))
        )
    sections = {int(k): v for k, v in data.get("sections", {}).items()}
    terms = dict(data.get("terms", {}))
    return Translation(
        data["title"], data.get("issuer", ""), tuple(data.get("recipients", ())), sections, clauses, terms
    )


def load_policy(folder: Path) -> Policy:
    """Load one policy folder; translation, overrides and matching criteria are optional."""
    source_path = folder / POLICY_FILE
    if not source_path.is_file():
        raise CorpusError(f"{folder} has no {POLICY_FILE}: ingest the policy with `policy-assistant ingest PATH`")
    document = parse_policy(source_path.read_text(encoding="utf-8"))
    translation_path = folder / TRANSLATION_FILE
    translation = _translation(translation_path, document) if translation_path.is_file() else None
    rules = [r for clause in document.clauses for r in extract_rules(clause)]
    overrides_path = folder / OVERRIDES_FILE
    if overrides_path.is_file():
        rules = apply_overrides(rules, json.loads(overrides_path.read_text(encoding="utf-8"))["overrides"])
    if translation is not None:
        rules = [replace(r, base_en=translation.terms.get(r.base, "")) for r in rules]
    matching_path = folder / MATCHING_FILE
    try:
        criteria = load_criteria(matching_path, document, tuple(rules)) if matching_path.is_file() else None
    except CriteriaError as error:
        raise CorpusError(str(error)) from None
    try:
        info = read_info(document, folder, *((translation.title, translation.issuer) if translation else ()))
    except DocumentInfoError as error:
        raise CorpusError(str(error)) from None
    return Policy(document, translation, tuple(rules), info, criteria)


def builtin_policy_dirs() -> list[Path]:
    """Policy folders shipped inside the package (works from a wheel as well as a checkout)."""
    root = resources.files("assistant") / "corpus"
    return sorted(Path(str(p)) for p in root.iterdir() if p.is_dir() and (p / POLICY_FILE).is_file())


def ingested_policy_dirs(policies_dir: Path) -> list[Path]:
    if not policies_dir.is_dir():
        return []
    return sorted(p for p in policies_dir.iterdir() if (p / POLICY_FILE).is_file())


def off_topics() -> tuple[str, ...]:
    """Chinese and English descriptions of topics outside industrial-support policy."""
    data = json.loads((resources.files("assistant") / "corpus" / "off_topics.json").read_text(encoding="utf-8"))
    return tuple(text for pair in data["topics"] for text in pair)


def load_corpus(policies_dir: Path) -> Corpus:
    """The shipped policies followed by the ingested ones, without duplicates (same content, same id); each
    parsed once and then read back parsed (``assistant.policy_cache``)."""
    policies: dict[str, Policy] = {}
    parsed = PolicyCache(policies_dir / PARSED)
    for folder in builtin_policy_dirs() + ingested_policy_dirs(policies_dir):
        policy = parsed.load(folder, load_policy)
        policies.setdefault(policy.document.id, policy)
    parsed.prune()
    return Corpus(tuple(policies.values()), off_topics())
