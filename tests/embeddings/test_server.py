"""The index on a real Chroma server (``chroma run``): publish a local build, read it back, switch versions."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from assistant.corpus import Corpus
from embeddings.chroma import server_client
from embeddings.index import ClauseIndex, IndexUnavailableError, build_index
from embeddings.layout import current_build
from embeddings.model import EmbeddingModel
from embeddings.server import PARTS, PREFIX, ChromaServer
from evals.server_process import free_port

POLICY_FILES = {"doc-x/policy.txt": "一、测试\n1．测试。\n", "doc-x/translation.en.json": "{}"}


def policies(folder: Path) -> Path:
    for name, text in POLICY_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def versions(url: str) -> set[str]:
    """The versions whose collections the server holds."""
    names = [collection.name for collection in server_client(url).list_collections()]
    return {name.removeprefix(PREFIX)[: -len(part) - 1] for name in names for part in PARTS if name.endswith(part)}


@pytest.mark.slow
def test_a_published_build_reads_back_whole_with_its_policy_files(
    chroma_url: str, index_dir: Path, tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    server = ChromaServer(chroma_url)
    assert server.version() is None
    with pytest.raises(IndexUnavailableError, match="holds no index yet: run `policy-assistant ingest`"):
        server.read()

    build = current_build(index_dir)
    assert build is not None
    assert server.publish(build, policies(tmp_path / "policies")) == build.name
    assert server.version() == build.name
    stored = server.read()
    assert stored.policy_files == POLICY_FILES
    remote = ClauseIndex(stored, embedding_model, corpus)
    local = ClauseIndex(index_dir, embedding_model, corpus)
    assert remote.manifest == local.manifest
    hits, expected = remote.search("电子设计自动化工具", 8), local.search("电子设计自动化工具", 8)
    assert [hit.passage_id for hit in hits] == [hit.passage_id for hit in expected]
    assert [hit.similarity for hit in hits] == pytest.approx([hit.similarity for hit in expected])
    assert remote.off_topic_similarity("今天天气怎么样") == pytest.approx(local.off_topic_similarity("今天天气怎么样"))


@pytest.mark.slow
def test_readers_always_find_a_complete_version_while_new_ones_are_published(
    chroma_url: str, index_dir: Path, tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    server = ChromaServer(chroma_url)
    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder)
    builds = []

    def publish() -> None:
        build = current_build(folder)
        assert build is not None
        server.publish(build, tmp_path / "no-policies")
        builds.append(build.name)

    publish()
    seen: list[str | None] = []
    failures: list[Exception] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                stored = ChromaServer(chroma_url).read()
                assert len(stored.passages["ids"]) == stored.manifest["count"]
                seen.append(stored.version)
            except Exception as error:
                failures.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(2):
            build_index(corpus, embedding_model, folder)  # a new build of the same corpus: a new version
            publish()
            assert versions(chroma_url) == set(builds[-2:]), "the version replaced is kept, older ones go"
    finally:
        done.set()
        reader.join()
    assert not failures
    assert set(seen) <= set(builds) and seen[-1] == builds[-1]


def test_an_unreachable_server_is_named_with_its_setting() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    server = ChromaServer(url)
    assert server.version() is None  # a running replica keeps what it loaded
    with pytest.raises(IndexUnavailableError) as raised:
        server.read()
    assert str(raised.value).startswith(f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): ")
    assert "chroma run --path DIR --port PORT" in str(raised.value)
