"""Concurrent callers get their own vectors, batched together, and errors reach the caller."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from embeddings.batcher import MAX_PADDED_CHARS, BatchingModel
from embeddings.model import EmbeddingModel, TextKind

pytestmark = pytest.mark.slow

QUESTIONS = [f"第{n}条讲什么？ question {n} about measure {n}" for n in range(1, 41)]


class _Recording:
    """The real model, remembering the size of every batch it was given."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self.model = model
        self.sizes: list[int] = []
        self.batches: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        self.entered.set()
        self.release.wait(timeout=120)
        self.sizes.append(len(texts))
        self.batches.append(list(texts))
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


class _Gated:
    """The real model, holding its first call until the test has queued everything it wants batched."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self.model = model
        self.entered = threading.Event()
        self.release = threading.Event()
        self.sizes: list[int] = []

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        if not self.entered.is_set():
            self.entered.set()
            self.release.wait()
        self.sizes.append(len(texts))
        return self.model.embed_batch(texts, kind)


def test_a_bad_input_fails_only_its_own_caller(embedding_model: EmbeddingModel) -> None:
    """A lone surrogate makes the tokenizer raise; the questions batched with it still get their vectors."""
    gated = _Gated(embedding_model)
    batching = BatchingModel(gated)
    # the bad ones about as long as the others, so that they share their pass (LENGTH_SPREAD)
    texts = [
        *QUESTIONS[:6],
        "EDA \ud800 第7条讲什么？ about measure 7",
        *QUESTIONS[6:12],
        "\udfff 第13条讲什么？ measure 13",
    ]
    with ThreadPoolExecutor(max_workers=len(texts) + 1) as pool:
        blocker = pool.submit(batching.embed_batch, ["warm-up"], "query")
        assert gated.entered.wait(timeout=60), "the worker never started"
        futures = [pool.submit(batching.embed_batch, [text], "query") for text in texts]
        while batching._queue.qsize() < len(texts):  # all queued behind the held call: one shared batch
            threading.Event().wait(0.01)
        gated.release.set()
        blocker.result()
        for text, future in zip(texts, futures, strict=True):
            if "\ud800" in text or "\udfff" in text:
                with pytest.raises(TypeError):
                    future.result()
            else:
                want = embedding_model.embed_batch([text], "query")[0]
                assert float(np.dot(future.result()[0], want)) > 0.9999
    assert len(texts) in gated.sizes, "the bad inputs should have been batched with the good ones first"


def test_a_long_question_does_not_share_a_padded_pass_with_short_ones(embedding_model: EmbeddingModel) -> None:
    """A pass pads every text to the longest: one 2,000-character question among 30 short ones used to
    cost 31 long passes (the server's memory doubled and its throughput fell with concurrency)."""
    recording = _Recording(embedding_model)
    batching = BatchingModel(recording)
    long_question = ("Our plant buys EDA tools and renovates its lines; how much support applies? " * 27)[:2000]
    recording.release.clear()  # the worker holds the first request in its pass while the others queue
    with ThreadPoolExecutor(max_workers=32) as pool:
        first = pool.submit(batching.embed_batch, ["EDA?"], "query")
        assert recording.entered.wait(timeout=120)
        rest = [pool.submit(batching.embed_batch, [text], "query") for text in [long_question, *QUESTIONS[:30]]]
        while batching._queue.qsize() < len(rest):  # every caller waiting: they will be taken together
            threading.Event().wait(0.01)
        recording.release.set()
        vectors = [future.result()[0] for future in [first, *rest]]
    assert len(vectors) == 32
    together = next(batch for batch in recording.batches if long_question in batch)
    assert together == [long_question]
    assert all(len(batch) * max(map(len, batch)) <= MAX_PADDED_CHARS for batch in recording.batches if len(batch) > 1)
    assert max(recording.sizes) == 30, "the short ones still share one pass"


def test_a_follow_up_with_its_context_does_not_pad_short_questions(embedding_model: EmbeddingModel) -> None:
    """A pass of texts of very different lengths pads the short ones to the long one: three short questions
    beside a 350-character follow-up cost 95 ms on one core, 52 ms in two passes."""
    recording = _Recording(embedding_model)
    batching = BatchingModel(recording)
    follow_up = ("Earlier: our plant renovates lines and buys EDA tools. " * 7)[:350] + " And the cap?"
    recording.release.clear()  # the worker holds the first request in its pass while the others queue
    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(batching.embed_batch, ["EDA?"], "query")
        assert recording.entered.wait(timeout=120)
        rest = [pool.submit(batching.embed_batch, [text], "query") for text in [follow_up, *QUESTIONS[:3]]]
        while batching._queue.qsize() < len(rest):
            threading.Event().wait(0.01)
        recording.release.set()
        for future in [first, *rest]:
            future.result()
    assert next(batch for batch in recording.batches if follow_up in batch) == [follow_up]
    assert sorted(QUESTIONS[:3]) == sorted(next(b for b in recording.batches if QUESTIONS[0] in b))
