"""Opportunistic batching: concurrent requests share one forward pass of the embedding model.

A single worker thread owns the model. Each call queues its texts and waits; the worker takes
everything waiting (up to a limit) and embeds it in batches of similar length, shortest first. A lone
request is embedded at once, so there is no added wait at low load; under concurrent load the CPU does
a few padded batches instead of many small passes fighting over the same two cores. When a shared batch fails, each
request in it is embedded alone, so an error reaches only the caller whose input caused it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from embeddings.model import EmbeddingModel, TextKind

MAX_BATCH = 32
MAX_PADDED_CHARS = 2048  # 32 questions of 64 characters, or one long question alone
# The longest text of a pass at most this many times the shortest: three short questions padded to a
# 350-character follow-up beside them cost 95 ms on one core, against 52 ms in two passes.
LENGTH_SPREAD = 2


@dataclass
class _Request:
    texts: list[str]
    kind: TextKind
    result: Future[list[list[float]]] = field(default_factory=Future)


def padded_groups(requests: list[_Request], max_chars: int) -> list[list[_Request]]:
    """The requests, shortest first, in groups whose padded size (count × longest text) stays within
    ``max_chars`` and whose longest text is at most LENGTH_SPREAD times their shortest: a forward pass pads
    every text to the longest, so one 2,000-character question in a batch of 32 short ones would cost 32
    long passes and make the short ones wait for them."""
    groups: list[list[_Request]] = []
    for request in sorted(requests, key=_longest):  # so each request is the longest of its group so far
        texts = len(request.texts) + (sum(len(r.texts) for r in groups[-1]) if groups else 0)
        spread = not groups or _longest(request) > LENGTH_SPREAD * max(1, _shortest(groups[-1][0]))
        if spread or texts * _longest(request) > max_chars:
            groups.append([])
        groups[-1].append(request)
    return groups


def _longest(request: _Request) -> int:
    return max((len(text) for text in request.texts), default=0)


def _shortest(request: _Request) -> int:
    return min((len(text) for text in request.texts), default=0)


class BatchingModel:
    """An ``EmbeddingModel`` that funnels every call through one worker thread, batching what waits."""

    def __init__(self, model: EmbeddingModel, max_batch: int = MAX_BATCH, max_chars: int = MAX_PADDED_CHARS) -> None:
        self.name = model.name
        self._model = model
        self._max_batch = max_batch
        self._max_chars = max_chars
        self._queue: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        threading.Thread(target=self._work, name="embedding-batcher", daemon=True).start()

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        request = _Request(list(texts), kind)
        self._queue.put(request)
        return request.result.result()

    def _work(self) -> None:
        while True:
            waiting = [self._queue.get()]
            while len(waiting) < self._max_batch:
                try:
                    waiting.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            for kind in ("query", "passage"):
                for group in padded_groups([r for r in waiting if r.kind == kind], self._max_chars):
                    self._embed(group, kind)

    def _embed(self, requests: list[_Request], kind: TextKind) -> None:
        if not requests:
            return
        try:
            vectors = self._model.embed_batch([t for r in requests for t in r.texts], kind)
        except Exception as error:  # the caller re-raises it in its own thread
            if len(requests) > 1:
                # One caller's bad input must not fail the others it was batched with: each goes alone.
                for request in requests:
                    self._embed([request], kind)
                return
            requests[0].result.set_exception(error)
            return
        start = 0
        for request in requests:
            request.result.set_result(vectors[start : start + len(request.texts)])
            start += len(request.texts)
