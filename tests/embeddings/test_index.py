"""The Chroma index: atomic builds, and a clear message for a missing, corrupt or stale index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from assistant.corpus import Corpus
from embeddings.index import (
    ClauseIndex,
    IndexUnavailableError,
    build_index,
    corpus_passages,
    limit_blas_to_one_thread,
)
from embeddings.layout import CACHE, MANIFEST, current_build
from embeddings.matrix import FOLDER
from embeddings.model import EmbeddingModel

pytestmark = pytest.mark.slow


def test_passages_cover_every_clause_and_sentence_in_both_languages(corpus: Corpus) -> None:
    passages = corpus_passages(corpus)
    sentences = sum(len(c.sentences) for _, c in corpus.clauses())
    assert len(passages) == 2 * (len(corpus.clauses()) + sentences)
    assert len({p.id for p in passages}) == len(passages)
    assert {p.lang for p in passages} == {"zh", "en"}


def test_search_returns_cosine_hits(clause_index: ClauseIndex) -> None:
    hits = clause_index.search("电子设计自动化工具", 5)
    assert len(hits) == 5
    assert hits[0].clause == 13
    assert all(-1.0 <= h.similarity <= 1.0 for h in hits)


def test_a_query_searched_again_is_scored_once(clause_index: ClauseIndex) -> None:
    """Searching one question in several documents in turn (the documents' comparison) reuses its scores."""
    scores = clause_index.scores("首台套设备")
    assert clause_index.scores("首台套设备") is scores and clause_index.scores("EDA") is not scores
    hits = clause_index.search("首台套设备", 3)
    assert [hit.similarity for hit in hits] == sorted(scores, reverse=True)[:3]


def test_an_index_runs_the_products_of_its_searches_on_one_blas_thread(
    index_dir: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    """Idle BLAS threads spin after a product and slow the embedding model that shares their cores."""
    threadpool_limits(limits=2, user_api="blas")
    limit_blas_to_one_thread.cache_clear()
    ClauseIndex(index_dir, embedding_model, corpus)
    assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {1}


def test_missing_index_names_the_rebuild_command(
    tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    with pytest.raises(IndexUnavailableError, match=r"index not found at .*policy-assistant ingest"):
        ClauseIndex(tmp_path / "nowhere", embedding_model, corpus)


@pytest.fixture
def index_copy(tmp_path: Path, index_dir: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    return copy


def _live(index_dir: Path) -> Path:
    build = current_build(index_dir)
    assert build is not None
    return build


@pytest.fixture
def chroma_only(index_copy: Path) -> Path:
    """The index copy without its matrix (``embeddings.matrix``): its vectors are read from Chroma."""
    shutil.rmtree(_live(index_copy) / FOLDER)
    return index_copy


def test_truncated_sqlite_is_detected(chroma_only: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> None:
    """A truncated sqlite file opens as an empty database without error: the manifest count catches it."""
    sqlite = _live(chroma_only) / "chroma.sqlite3"
    sqlite.write_bytes(sqlite.read_bytes()[:4096])
    with pytest.raises(IndexUnavailableError, match="policy-assistant ingest"):
        ClauseIndex(chroma_only, embedding_model, corpus)


def test_garbage_sqlite_is_detected(chroma_only: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> None:
    (_live(chroma_only) / "chroma.sqlite3").write_bytes(b"\x00junk" * 1000)
    with pytest.raises(IndexUnavailableError, match="policy-assistant ingest"):
        ClauseIndex(chroma_only, embedding_model, corpus)


def test_stale_index_is_detected(index_copy: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> None:
    manifest = _live(index_copy) / MANIFEST
    manifest.write_text(manifest.read_text().replace('"fingerprint": "', '"fingerprint": "x'), encoding="utf-8")
    with pytest.raises(IndexUnavailableError, match="other policies or another model"):
        ClauseIndex(index_copy, embedding_model, corpus)


class _FailingModel:
    """Embeds the first batch, then fails: a crash in the middle of a build."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self._model = model

    def embed_batch(self, texts: list[str], kind: str) -> list[list[float]]:
        raise RuntimeError("simulated crash mid-build")


def test_a_crash_mid_build_keeps_the_working_index(
    index_copy: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    (index_copy / CACHE).unlink()  # else every vector is cached and the model is never called

    def files() -> list[Path]:  # the cache keeps what was embedded before the crash: the next build resumes
        return sorted(p.relative_to(index_copy) for p in index_copy.rglob("*") if not p.name.startswith(CACHE))

    before = files()
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(corpus, _FailingModel(embedding_model), index_copy)  # type: ignore[arg-type]
    assert files() == before, "the failed build is removed"
    assert ClauseIndex(index_copy, embedding_model, corpus).search("首台套", 1)[0].clause == 13


def test_rebuild_replaces_the_index(index_copy: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> None:
    replaced = _live(index_copy)
    manifest = build_index(corpus, embedding_model, index_copy)
    assert manifest["count"] == len(corpus_passages(corpus))
    assert ClauseIndex(index_copy, embedding_model, corpus).manifest["fingerprint"] == manifest["fingerprint"]
    assert _live(index_copy) != replaced and not replaced.exists()
