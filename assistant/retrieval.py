"""Retrievers rank the clauses that answer a question, and the sentences inside each clause.

Three implementations share one protocol: dense (vectors in Chroma), BM25 (jieba keywords) and
hybrid (reciprocal rank fusion of the two). All work on the same passages (clauses and sentences,
Chinese and English) and aggregate passage hits to clauses, so they are interchangeable in the
chain and in the evals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.corpus import Corpus
from assistant.glossary import expand
from assistant.keyword_index import KeywordIndex, StaleKeywordsError, open_saved
from assistant.tokenizer import tokenize
from embeddings.index import ClauseIndex, Hit, corpus_passages, rows_by_document, top_rows

logger = logging.getLogger(__name__)

RRF_K = 60
PASSAGE_POOL = 60  # passages fetched per retriever before aggregating to clauses


@dataclass
class ClauseHit:
    """A ranked clause with the evidence behind it.

    ``similarity`` is the best dense cosine similarity and ``lexical`` the best BM25 score of any of
    its passages (0 when that retriever did not run); ``sentences`` scores sentence indexes.
    """

    doc_id: str
    clause: int
    score: float
    similarity: float = 0.0
    lexical: float = 0.0
    sentences: dict[int, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int]:
        return self.doc_id, self.clause

    def best_sentences(self) -> list[int]:
        return sorted(self.sentences, key=lambda i: -self.sentences[i])


class Retriever(Protocol):
    """Ranks clauses for a question, best first."""

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[ClauseHit]: ...


def _aggregate(hits: Iterable[Hit], score_field: str) -> list[ClauseHit]:
    """Clause score = its best passage; sentence scores = best passage per sentence (any language)."""
    clauses: dict[tuple[str, int], ClauseHit] = {}
    for hit in hits:
        clause = clauses.setdefault((hit.doc_id, hit.clause), ClauseHit(hit.doc_id, hit.clause, float("-inf")))
        clause.score = max(clause.score, hit.similarity)
        setattr(clause, score_field, max(getattr(clause, score_field), hit.similarity))
        if hit.sentence >= 0:
            clause.sentences[hit.sentence] = max(clause.sentences.get(hit.sentence, float("-inf")), hit.similarity)
    return sorted(clauses.values(), key=lambda c: -c.score)


class DenseRetriever:
    def __init__(self, index: ClauseIndex) -> None:
        self._index = index

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[ClauseHit]:
        return _aggregate(self._index.search(expand(question), PASSAGE_POOL, doc_id), "similarity")[:k]


class BM25Retriever:
    """Keyword retrieval; BM25+ because plain BM25 scores every term 0 on tiny corpora.

    The scores come from a sparse matrix (``assistant.keyword_index``): ``from_index`` opens the one
    ingest saved with the live index build, ``BM25Retriever(corpus)`` builds one in memory.
    """

    def __init__(self, corpus: Corpus, keywords: KeywordIndex | None = None) -> None:
        self._passages = corpus_passages(corpus)
        self._keywords = KeywordIndex.build([p.text for p in self._passages]) if keywords is None else keywords
        self._rows_of = rows_by_document([p.doc_id for p in self._passages])

    @classmethod
    def from_index(cls, corpus: Corpus, index_dir: Path | None) -> BM25Retriever:
        """The saved keyword index; when it is missing or stale, one built here, slower, with a warning saying why.

        No ``index_dir`` (the index is on a Chroma server, which keeps no keyword index): built here, as expected.
        """
        if index_dir is None:
            return cls(corpus)
        try:
            return cls(corpus, open_saved(index_dir, corpus))
        except StaleKeywordsError as error:
            started = time.perf_counter()
            retriever = cls(corpus)
            logger.warning(
                "%s: built the keyword index in memory instead (%.1f s); `policy-assistant ingest` saves it",
                error,
                time.perf_counter() - started,
            )
            return retriever

    @property
    def words(self) -> frozenset[str]:
        """Every word of the passages, as tokenized when the keyword index was built (at ingest, when saved)."""
        return frozenset(self._keywords.rows)

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[ClauseHit]:
        scored = self._keywords.scores(tokenize(expand(question)))
        if scored is None:
            return []
        # BM25+ scores every passage above 0: keep those that share a keyword.
        scores, keep = scored
        rows = np.flatnonzero(keep) if doc_id is None else self._rows_of.get(doc_id, np.zeros(0, dtype=np.intp))
        hits = [self._hit(int(i), float(scores[i])) for i in top_rows(scores, PASSAGE_POOL, rows[keep[rows]])]
        return _aggregate(hits, "lexical")[:k]

    def _hit(self, i: int, score: float) -> Hit:
        p = self._passages[i]
        return Hit(p.id, p.doc_id, p.clause, p.sentence, p.lang, score)


class HybridRetriever:
    """Reciprocal rank fusion of several retrievers, at clause and at sentence level."""

    def __init__(self, retrievers: Sequence[Retriever]) -> None:
        self._retrievers = retrievers

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[ClauseHit]:
        fused: dict[tuple[str, int], ClauseHit] = {}
        for retriever in self._retrievers:
            for rank, hit in enumerate(retriever.retrieve(question, PASSAGE_POOL, doc_id)):
                clause = fused.setdefault(hit.key, ClauseHit(hit.doc_id, hit.clause, 0.0))
                clause.score += 1.0 / (RRF_K + rank + 1)
                clause.similarity = max(clause.similarity, hit.similarity)
                clause.lexical = max(clause.lexical, hit.lexical)
                for sentence_rank, sentence in enumerate(hit.best_sentences()):
                    clause.sentences[sentence] = clause.sentences.get(sentence, 0.0) + 1.0 / (RRF_K + sentence_rank + 1)
        return sorted(fused.values(), key=lambda c: -c.score)[:k]


def off_topic_scorer(index: ClauseIndex) -> Callable[[str], float]:
    """How close a question is to topics no policy covers, on the same expanded text dense search embeds."""
    return lambda question: index.off_topic_similarity(expand(question))


def build_retriever(name: str, index: ClauseIndex | None, keywords: BM25Retriever | None) -> Retriever:
    """The retriever named in the settings: dense and hybrid need the vector index, bm25 and hybrid the keywords."""
    if name != "bm25" and index is None:
        raise ValueError(f"the {name} retriever needs the vector index")
    if name != "dense" and keywords is None:
        raise ValueError(f"the {name} retriever needs the keyword index")
    if name == "bm25":
        return keywords  # type: ignore[return-value]
    dense = DenseRetriever(index)  # type: ignore[arg-type]
    return dense if name == "dense" else HybridRetriever([dense, keywords])  # type: ignore[list-item]
