"""Concurrent callers get their own vectors, batched together, and errors reach the caller."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from embeddings.batcher import BatchingModel
from embeddings.model import EmbeddingModel, TextKind

pytestmark = pytest.mark.slow

QUESTIONS = [f"第{n}条讲什么？ question {n} about measure {n}" for n in range(1, 41)]


class _Recording:
    """The real model, remembering the size of every batch it was given."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self.model = model
        self.sizes: list[int] = []

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        self.sizes.append(len(texts))
        return self.model.embed_batch(texts, kind)


def test_concurrent_callers_get_their_own_vectors_batched(embedding_model: EmbeddingModel) -> None:
    recording = _Recording(embedding_model)
    batching = BatchingModel(recording)
    with ThreadPoolExecutor(max_workers=20) as pool:
        vectors = list(pool.map(lambda q: batching.embed_batch([q], "query")[0], QUESTIONS))
    expected = embedding_model.embed_batch(QUESTIONS, "query")
    for got, want in zip(vectors, expected, strict=True):
        assert float(np.dot(got, want)) > 0.9999
    assert sum(recording.sizes) == len(QUESTIONS)
    assert max(recording.sizes) > 1, "concurrent requests should have shared a forward pass"


def test_queries_and_passages_are_not_mixed(embedding_model: EmbeddingModel) -> None:
    batching = BatchingModel(embedding_model)
    text = "电子设计自动化工具"
    with ThreadPoolExecutor(max_workers=2) as pool:
        query, passage = pool.map(lambda kind: batching.embed_batch([text], kind)[0], ["query", "passage"])
    assert np.allclose(query, embedding_model.embed_batch([text], "query")[0], atol=1e-5)
    assert np.allclose(passage, embedding_model.embed_batch([text], "passage")[0], atol=1e-5)


class _Failing:
    name = "failing"

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        raise RuntimeError("model crashed")


def test_an_error_reaches_the_caller_and_the_worker_survives() -> None:
    failing = BatchingModel(_Failing())
    with pytest.raises(RuntimeError, match="model crashed"):
        failing.embed_batch(["x"], "query")
    with pytest.raises(RuntimeError, match="model crashed"):
        failing.embed_batch(["y"], "query")
