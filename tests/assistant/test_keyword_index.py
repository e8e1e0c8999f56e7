"""The sparse BM25+ keyword index: the scores of the dense matrix it replaced, saved, opened and refused when stale."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Plus

from assistant import keyword_index
from assistant.corpus import Corpus
from assistant.glossary import expand
from assistant.keyword_index import FOLDER, KeywordIndex, StaleKeywordsError, open_saved, save_keywords
from assistant.retrieval import BM25Retriever
from assistant.tokenizer import tokenize
from embeddings.index import corpus_passages, fingerprint
from embeddings.layout import CURRENT, MANIFEST, new_build
from evals.suite import load_suite

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = [case.question for case in load_suite(REPO / "evals" / "suites" / "public.jsonl")]
MODEL = "some-model"


class DenseReference:
    """The computation the sparse index replaced (BM25Retriever before issue 11), kept as the reference:
    rank_bm25's BM25+ weights of every token in every passage in one float64 vocabulary × passages matrix."""

    def __init__(self, texts: list[str]) -> None:
        tokenized = [tokenize(text) for text in texts]
        bm25 = BM25Plus(tokenized)
        self.rows = {token: row for row, token in enumerate(bm25.idf)}
        counts = np.zeros((len(self.rows), len(tokenized)), dtype=np.float64)
        for column, frequencies in enumerate(bm25.doc_freqs):
            for token, count in frequencies.items():
                counts[self.rows[token], column] = count
        idf = np.array(list(bm25.idf.values()))[:, None]
        norm = bm25.k1 * (1 - bm25.b + bm25.b * np.array(bm25.doc_len) / bm25.avgdl)
        self.weights = idf * (bm25.delta + counts * (bm25.k1 + 1) / (norm + counts))
        self.present = counts > 0

    def scores(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        rows = sorted({self.rows[t] for t in tokens if t in self.rows})
        if not rows:
            return None
        return self.weights[rows].sum(axis=0), self.present[rows].any(axis=0)


@pytest.fixture(scope="module")
def texts(corpus: Corpus) -> list[str]:
    return [p.text for p in corpus_passages(corpus)]


@pytest.fixture(scope="module")
def reference(texts: list[str]) -> DenseReference:
    return DenseReference(texts)


@pytest.fixture(scope="module")
def saved(texts: list[str], tmp_path_factory: pytest.TempPathFactory) -> KeywordIndex:
    folder = tmp_path_factory.mktemp("keywords") / FOLDER
    KeywordIndex.build(texts).save(folder, "fingerprint")
    return KeywordIndex.open(folder)[0]


@pytest.mark.parametrize("opened", [False, True], ids=["built", "saved-and-opened"])
def test_every_passage_scores_as_the_dense_matrix_did(
    texts: list[str], reference: DenseReference, saved: KeywordIndex, opened: bool
) -> None:
    """All 308 public questions, every passage: the same score to 1e-9 and the same passages sharing a keyword."""
    keywords = saved if opened else KeywordIndex.build(texts)
    compared = 0
    for question in QUESTIONS:
        tokens = tokenize(expand(question))
        expected, actual = reference.scores(tokens), keywords.scores(tokens)
        assert (actual is None) == (expected is None), question
        if expected is not None and actual is not None:
            np.testing.assert_allclose(actual[0], expected[0], rtol=0, atol=1e-9, err_msg=question)
            np.testing.assert_array_equal(actual[1], expected[1], err_msg=question)
            compared += 1
    assert compared > 0.9 * len(QUESTIONS)  # the rest share no word with the policy


def _views(array: object) -> list[object]:
    """The array and what it views, down to the buffer (scipy wraps the loaded arrays in views)."""
    chain = []
    while array is not None:
        chain.append(array)
        array = getattr(array, "base", None)
    return chain


def test_the_saved_arrays_are_memory_mapped_not_copied(saved: KeywordIndex) -> None:
    for array in (saved.matrix.data, saved.matrix.indices, saved.matrix.indptr, saved.floors):
        assert any(isinstance(view, np.memmap) for view in _views(array))


def _index(index_dir: Path, corpus: Corpus, keywords_fingerprint: str | None) -> Path:
    """An index build as ``build_index`` leaves it, minus the Chroma store this module never reads."""
    build = new_build(index_dir)
    if keywords_fingerprint is not None:
        save_keywords(build, [p.text for p in corpus_passages(corpus)], keywords_fingerprint)
    manifest = {"model": MODEL, "fingerprint": fingerprint(corpus, MODEL)}
    (build / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (index_dir / CURRENT).write_text(build.name, encoding="utf-8")
    return build


def _corrupt(build: Path) -> None:
    (build / FOLDER / "indptr.npy").write_bytes(b"not an array")


def _other_corpus_manifest(build: Path) -> None:
    (build / MANIFEST).write_text(json.dumps({"model": MODEL, "fingerprint": "0" * 16}), encoding="utf-8")


# (case, fingerprint the keywords are saved with (None: not saved), what else goes wrong, the reason given)
STALE = [
    ("no index", "skip", None, "no index at"),
    ("index saved before its keywords", None, None, "has no saved keyword index"),
    ("keywords of another build", "0123456789abcdef", None, "belongs to another build"),
    ("index of other policies", "same", _other_corpus_manifest, "built from other policies"),
    ("unreadable", "same", _corrupt, "is unreadable"),
]


@pytest.mark.parametrize(("case", "saved_with", "damage", "reason"), STALE, ids=[row[0] for row in STALE])
def test_a_missing_or_stale_keyword_index_is_refused_and_rebuilt_with_a_warning(
    corpus: Corpus,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    case: str,
    saved_with: str | None,
    damage: object,
    reason: str,
) -> None:
    if saved_with != "skip":
        build = _index(tmp_path, corpus, fingerprint(corpus, MODEL) if saved_with == "same" else saved_with)
        if callable(damage):
            damage(build)
    with pytest.raises(StaleKeywordsError, match=reason):
        open_saved(tmp_path, corpus)
    with caplog.at_level(logging.WARNING, logger="assistant.retrieval"):
        retriever = BM25Retriever.from_index(corpus, tmp_path)
    assert reason in caplog.text and "policy-assistant ingest" in caplog.text
    assert retriever.retrieve("首台套", 1)[0].clause == 13


def test_keywords_under_other_tokenizer_rules_are_stale(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _index(tmp_path, corpus, fingerprint(corpus, MODEL))
    open_saved(tmp_path, corpus)
    monkeypatch.setattr(keyword_index, "_rules", lambda: "other rules")
    with pytest.raises(StaleKeywordsError, match="other tokenizer rules"):
        open_saved(tmp_path, corpus)


def test_a_fresh_saved_index_is_opened_without_a_warning(
    corpus: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _index(tmp_path, corpus, fingerprint(corpus, MODEL))
    with caplog.at_level(logging.WARNING):
        opened = BM25Retriever.from_index(corpus, tmp_path)
    assert caplog.text == ""
    built = BM25Retriever(corpus)
    for question in QUESTIONS[::10]:
        assert opened.retrieve(question, 5) == built.retrieve(question, 5)


@pytest.mark.slow
def test_build_index_saves_the_keywords(index_dir: Path, corpus: Corpus) -> None:
    """The real ingest path (Chroma, the model) leaves keywords that fit its manifest."""
    assert open_saved(index_dir, corpus).matrix.shape[1] == len(corpus_passages(corpus))


def _arrays(index: KeywordIndex) -> list[np.ndarray]:
    return [index.matrix.data, index.matrix.indices, index.matrix.indptr, index.floors]


@pytest.mark.parametrize("same_rules", [True, False])
def test_a_new_build_tokenizes_only_texts_its_copy_did_not_hold(
    texts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_rules: bool
) -> None:
    """A build starts as a copy of the live one: its saved tokens serve, unless made under other rules."""
    build = tmp_path / "build"
    build.mkdir()
    save_keywords(build, texts[:-20], "before")
    if not same_rules:
        tokens = build / FOLDER / keyword_index.TOKENS
        tokens.write_text(tokens.read_text(encoding="utf-8").replace('"rules": "', '"rules": "x'), encoding="utf-8")
    tokenized: list[str] = []
    monkeypatch.setattr(keyword_index, "tokenize", lambda text: tokenized.append(text) or tokenize(text))
    save_keywords(build, texts, "after")
    assert set(tokenized) == (set(texts[-20:]) - set(texts[:-20]) if same_rules else set(texts))
    opened, stamp = KeywordIndex.open(build / FOLDER)
    fresh = KeywordIndex.build(texts)
    assert stamp["fingerprint"] == "after" and opened.rows == fresh.rows
    for actual, expected in zip(_arrays(opened), _arrays(fresh), strict=True):
        np.testing.assert_array_equal(actual, expected)
