"""Incremental builds: the content cache means a rebuild embeds only texts no earlier build embedded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import Corpus
from embeddings.cache import EmbeddingCache
from embeddings.index import ClauseIndex, build_index, corpus_passages
from embeddings.layout import CACHE
from embeddings.model import EmbeddingModel, TextKind

pytestmark = pytest.mark.slow


class _Counting:
    """The real model, counting the texts it is asked to embed (our seam, ``embed_batch``)."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self._model = model
        self.texts: list[str] = []

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        self.texts.extend(texts)
        return self._model.embed_batch(texts, kind)


def _texts(corpus: Corpus, doc_id: str | None = None) -> set[str]:
    passages = {p.text for p in corpus_passages(corpus) if doc_id in (None, p.doc_id)}
    return passages | (set(corpus.off_topics) if doc_id is None else set())


def test_builds_embed_and_write_only_what_is_new(
    tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus, two_documents: Corpus, district: str
) -> None:
    index_dir = tmp_path / "index"
    new = len([p for p in corpus_passages(two_documents) if p.doc_id == district])
    steps = [  # (corpus built, texts the model must see, passages written into the store)
        (corpus, _texts(corpus), len(corpus_passages(corpus))),  # first build: everything, each text once
        (corpus, set(), 0),  # re-ingesting unchanged documents
        (two_documents, _texts(two_documents, district), new),  # one more document: its passages only
        (corpus, set(), 0),  # removing it
        (two_documents, set(), new),  # and adding it back: embedded before, written again
    ]
    for step, (built, expected, written) in enumerate(steps):
        counting = _Counting(embedding_model)
        manifest = build_index(built, counting, index_dir)  # type: ignore[arg-type]
        assert sorted(counting.texts) == sorted(expected), step
        assert manifest["written"] == written, step
        opened = ClauseIndex(index_dir, embedding_model, built)
        assert opened.search("首台套", 1)[0].clause == 13, step
        assert {h.doc_id for h in opened.search("机器人", 300)} == {p.document.id for p in built.policies}, step


def test_cached_vectors_are_the_models(tmp_path: Path, embedding_model: EmbeddingModel) -> None:
    texts = ["首台套设备", "EDA tools", "首台套设备"]
    cache = EmbeddingCache(tmp_path / CACHE)
    first = cache.embed(embedding_model, texts, "passage")
    cache.close()
    again = EmbeddingCache(tmp_path / CACHE).embed(_Counting(embedding_model), texts, "passage")  # type: ignore[arg-type]
    expected = np.asarray(embedding_model.embed_batch(texts, "passage"), dtype=np.float32)
    assert np.allclose(first, expected, atol=1e-6) and np.array_equal(first, again)


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_a_kind_or_model_not_seen_is_a_miss(tmp_path: Path, embedding_model: EmbeddingModel, kind: TextKind) -> None:
    cache = EmbeddingCache(tmp_path / CACHE)
    cache.embed(embedding_model, ["首台套设备"], "passage")
    counting = _Counting(embedding_model)
    cache.embed(counting, ["首台套设备"], kind)  # type: ignore[arg-type]
    assert counting.texts == ([] if kind == "passage" else ["首台套设备"])
    counting.name = "another-model"
    cache.embed(counting, ["首台套设备"], "passage")  # type: ignore[arg-type]
    assert counting.texts[-1:] == ["首台套设备"]


def test_a_corrupt_cache_is_started_afresh(tmp_path: Path, embedding_model: EmbeddingModel) -> None:
    (tmp_path / CACHE).write_bytes(b"\x00junk" * 1000)
    assert EmbeddingCache(tmp_path / CACHE).embed(embedding_model, ["EDA"], "passage").shape[0] == 1


def test_another_model_rewrites_every_passage(tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> None:
    """Vectors of one model are never kept under another: the build starts empty, not from the copy."""
    index_dir = tmp_path / "index"
    build_index(corpus, embedding_model, index_dir)
    renamed = _Counting(embedding_model)
    renamed.name = "another-model"
    manifest = build_index(corpus, renamed, index_dir)  # type: ignore[arg-type]
    assert manifest["written"] == len(corpus_passages(corpus)) and len(renamed.texts) == len(_texts(corpus))
