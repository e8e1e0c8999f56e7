"""One contract for every retriever (dense, BM25, hybrid): same protocol, same guarantees.

Written once as a base class and run against each implementation, like langchain-chroma's
VectorStoreIntegrationTests, so a new retriever only has to add a subclass with its fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rank_bm25 import BM25Plus

from assistant.answering.planner import Planner
from assistant.corpus import Corpus
from assistant.glossary import expand
from assistant.retrieval import BM25Retriever, DenseRetriever, HybridRetriever, Retriever, build_retriever
from assistant.tokenizer import tokenize
from embeddings.index import ClauseIndex, corpus_passages

pytestmark = pytest.mark.slow

# Questions whose measure is unmistakable, in both languages and mixed.
CLEAR = [
    ("首台套设备合同1亿，最多补多少？", 13),
    ("Which support applies to a new EDA tool purchase?", 13),
    ("我们年产值8000万，能拿智能工厂诊断的券值奖励吗？", 12),
    ("支持企业建设职工宿舍的用地比例是多少？", 5),
    ("What support is there for Class I innovative drugs?", 15),
    ("无人机试验区在哪里建设？", 19),
    ("international standards award", 22),
    ("EDA软件采购300万能补多少", 13),
]


class RetrieverContract:
    """Subclasses provide a ``retriever`` fixture."""

    @pytest.fixture
    def retriever(self) -> Retriever:
        raise NotImplementedError

    @pytest.mark.parametrize(("question", "clause"), CLEAR)
    def test_finds_the_measure_in_the_top_three(self, retriever: Retriever, question: str, clause: int) -> None:
        assert clause in [hit.clause for hit in retriever.retrieve(question, 3)]

    def test_respects_k_and_orders_by_score(self, retriever: Retriever) -> None:
        hits = retriever.retrieve("集成电路 EDA 首台套 保险", 4)
        assert 0 < len(hits) <= 4
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    def test_returns_each_clause_once(self, retriever: Retriever) -> None:
        hits = retriever.retrieve("支持 资金 奖励 土地 产业", 25)
        assert len({hit.key for hit in hits}) == len(hits)

    def test_points_at_the_sentence_inside_the_clause(self, retriever: Retriever) -> None:
        """Measure 13 holds four supports; the insurance question is about its third sentence."""
        hit = next(h for h in retriever.retrieve("上线验证 保险费用 50%", 5) if h.clause == 13)
        assert hit.best_sentences()[0] == 2

    def test_filters_by_document(self, retriever: Retriever, corpus: Corpus) -> None:
        doc = corpus.policy().document.id
        assert all(h.doc_id == doc for h in retriever.retrieve("EDA", 5, doc_id=doc))
        assert retriever.retrieve("EDA", 5, doc_id="doc-000000000000") == []

    def test_junk_query_does_not_raise(self, retriever: Retriever) -> None:
        assert isinstance(retriever.retrieve("%%% ### ???", 3), list)


class TestBM25(RetrieverContract):
    @pytest.fixture
    def retriever(self, corpus: Corpus) -> Retriever:
        return BM25Retriever(corpus)

    def test_no_shared_keyword_means_no_hit(self, retriever: Retriever) -> None:
        assert retriever.retrieve("xyzzy plugh", 3) == []

    @pytest.mark.parametrize("question", ["首台套装备保险补偿", "EDA tools purchase subsidy", "工业互联网 平台 10亿"])
    def test_scores_are_rank_bm25s(self, retriever: Retriever, corpus: Corpus, question: str) -> None:
        """The keyword index gives rank_bm25's BM25+ score for each clause's best passage."""
        passages = corpus_passages(corpus)
        tokenized = [tokenize(p.text) for p in passages]
        tokens = set(tokenize(expand(question)))
        scores = BM25Plus(tokenized).get_scores(list(tokens))
        best: dict[int, float] = {}
        for passage, words, score in zip(passages, tokenized, scores, strict=True):
            if tokens & set(words):
                best[passage.clause] = max(best.get(passage.clause, 0.0), float(score))
        hits = retriever.retrieve(question, 25)
        assert hits
        assert {hit.clause: hit.lexical for hit in hits} == pytest.approx(
            {c: best[c] for c in (h.clause for h in hits)}
        )
        assert [hit.clause for hit in hits] == sorted(best, key=lambda c: -best[c])[: len(hits)]


class TestDense(RetrieverContract):
    @pytest.fixture
    def retriever(self, clause_index: ClauseIndex) -> Retriever:
        return DenseRetriever(clause_index)

    def test_similarity_is_a_cosine(self, retriever: Retriever) -> None:
        hit = retriever.retrieve("首台套", 1)[0]
        assert 0.0 < hit.similarity <= 1.0


class TestHybrid(RetrieverContract):
    @pytest.fixture
    def retriever(self, corpus: Corpus, clause_index: ClauseIndex) -> Retriever:
        return HybridRetriever([DenseRetriever(clause_index), BM25Retriever(corpus)])

    def test_keeps_the_evidence_of_both(self, retriever: Retriever) -> None:
        hit = retriever.retrieve("电子设计自动化工具 采购", 1)[0]
        assert hit.similarity > 0 and hit.lexical > 0


@pytest.mark.parametrize("name", ["hybrid", "dense", "bm25"])
def test_build_retriever_by_name(name: str, corpus: Corpus, clause_index: ClauseIndex, index_dir: Path) -> None:
    retriever = build_retriever(name, clause_index, BM25Retriever.from_index(corpus, index_dir))
    assert retriever.retrieve("首台套", 1)[0].clause == 13


@pytest.mark.parametrize(("name", "needed"), [("hybrid", "vector"), ("dense", "vector"), ("bm25", "keyword")])
def test_a_retriever_needs_its_indexes(name: str, needed: str) -> None:
    with pytest.raises(ValueError, match=f"needs the {needed} index"):
        build_retriever(name, None, None)


def test_the_saved_keywords_hold_every_word_of_the_passages(corpus: Corpus, index_dir: Path) -> None:
    """The planner's vocabulary comes from the saved keyword index instead of tokenizing the corpus again."""
    saved = BM25Retriever.from_index(corpus, index_dir).words
    assert saved == {token for passage in corpus_passages(corpus) for token in tokenize(passage.text)}
    assert Planner(corpus, words=saved).vocabulary == Planner(corpus).vocabulary
