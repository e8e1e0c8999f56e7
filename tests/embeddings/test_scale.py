"""An index above sqlite's 32,766 variables opens, and partial selection ranks as a full sort does."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.corpus import Corpus
from embeddings.index import COLLECTION, MAX_BATCH, OFF_TOPICS, ClauseIndex, fingerprint, top_rows
from embeddings.layout import MANIFEST, new_build, publish
from embeddings.model import TextKind

PASSAGES = 33_000  # one get() of more than 32,766 fails
DIMENSIONS = 16  # small vectors: the size that matters here is the count
DOCUMENTS = 7


class _Synthetic:
    """A model whose query vector is a hash of the text: the test needs a vector, not meaning."""

    name = "synthetic"

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        vectors = []
        for text in texts:
            vector = np.random.default_rng(abs(hash((kind, text))) % 2**32).normal(size=DIMENSIONS)
            vectors.append((vector / np.linalg.norm(vector)).tolist())
        return vectors


def _full_sort(scores: np.ndarray, limit: int, rows: np.ndarray) -> list[int]:
    return [int(i) for i in rows[np.argsort(-scores[rows], kind="stable")[:limit]]]


@pytest.fixture(scope="module")
def large_index(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> tuple[Path, np.ndarray, np.ndarray]:
    """A real Chroma store of ``PASSAGES`` synthetic vectors, added in pages, with the manifest the
    reader checks (count, and the fingerprint of the corpus it is opened with)."""
    index_dir = tmp_path_factory.mktemp("large") / "index"
    build = new_build(index_dir)
    vectors = np.random.default_rng(11).normal(size=(PASSAGES, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    docs = np.arange(PASSAGES) % DOCUMENTS
    client = chromadb.PersistentClient(path=str(build), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(COLLECTION, embedding_function=None)
    client.create_collection(OFF_TOPICS, embedding_function=None)
    for start in range(0, PASSAGES, MAX_BATCH):
        rows = range(start, min(start + MAX_BATCH, PASSAGES))
        collection.add(
            ids=[f"p{i}" for i in rows],
            embeddings=vectors[start : rows.stop],
            metadatas=[{"doc_id": f"doc-{docs[i]}", "clause": i % 25 + 1, "sentence": -1, "lang": "zh"} for i in rows],
        )
    manifest = {"collection": COLLECTION, "count": PASSAGES, "fingerprint": fingerprint(corpus, _Synthetic.name)}
    (build / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    publish(index_dir, build)
    return index_dir, vectors, docs


@pytest.mark.parametrize(
    ("size", "limit", "filtered"),
    [
        (1, 1, False),
        (10, 3, False),
        (10, 10, False),
        (10, 20, False),
        (1000, 50, False),
        (1000, 50, True),
        (5, 0, False),
    ],
)
@pytest.mark.parametrize("tied", [False, True])
def test_partial_selection_ranks_as_a_full_sort(size: int, limit: int, filtered: bool, tied: bool) -> None:
    """With ties too: copies of one text in several documents score exactly alike."""
    scores = np.random.default_rng(size).normal(size=size).astype(np.float32)
    if tied:
        scores = np.round(scores, 1)  # a few distinct values, each shared by many rows
    rows = np.flatnonzero(np.arange(size) % 3 == 0) if filtered else np.arange(size)
    assert [int(i) for i in top_rows(scores, limit, rows if filtered else None)] == _full_sort(scores, limit, rows)


@pytest.fixture(scope="module")
def opened(large_index: tuple[Path, np.ndarray, np.ndarray], corpus: Corpus) -> ClauseIndex:
    return ClauseIndex(large_index[0], _Synthetic(), corpus)  # type: ignore[arg-type]


@pytest.mark.slow
def test_an_index_above_32766_passages_opens(opened: ClauseIndex) -> None:
    assert opened.manifest["count"] == PASSAGES
    assert opened.search("首台套", 1)[0].passage_id.startswith("p")


@pytest.mark.slow
@pytest.mark.parametrize(("query", "limit", "doc"), [("首台套", 10, None), ("EDA", 40, "doc-3"), ("土地", 5, "doc-6")])
def test_search_at_size_equals_a_full_sort(
    large_index: tuple[Path, np.ndarray, np.ndarray], opened: ClauseIndex, query: str, limit: int, doc: str | None
) -> None:
    _, vectors, docs = large_index
    scores = vectors @ opened.query_vector(query)
    rows = np.flatnonzero(docs == int(doc.split("-")[1])) if doc else np.arange(PASSAGES)
    hits = opened.search(query, limit, doc)
    assert [h.passage_id for h in hits] == [f"p{i}" for i in _full_sort(scores, limit, rows)]
    assert all(h.doc_id == doc for h in hits) or doc is None
