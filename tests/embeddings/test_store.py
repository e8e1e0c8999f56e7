"""Where the index is read from: the folder by default, a Chroma server when its URL is set."""

from __future__ import annotations

from pathlib import Path

from embeddings.index import FolderStore
from embeddings.server import ChromaServer
from embeddings.store import StoredIndex, index_store
from tests.conftest import DISTRICT_POLICY


def stored(policy_files: dict[str, str] | None) -> StoredIndex:
    return StoredIndex("v1", "somewhere", {}, {"ids": []}, {"ids": []}, policy_files)


def test_a_build_from_a_server_brings_its_policies(tmp_path: Path) -> None:
    corpus = stored({"doc-district/policy.txt": DISTRICT_POLICY}).corpus(tmp_path / "unused")
    assert [policy.document.title for policy in corpus.policies][1:] == ["某某区支持机器人产业发展若干措施"]
    assert not (tmp_path / "unused").exists()


def test_a_build_from_the_folder_reads_the_local_policies(tmp_path: Path) -> None:
    assert len(stored(None).corpus(tmp_path / "policies").policies) == 1  # the shipped policy only


def test_the_url_decides_where_the_index_is(tmp_path: Path) -> None:
    assert isinstance(index_store(tmp_path, None), FolderStore)
    server = index_store(tmp_path, "http://127.0.0.1:9")  # nothing listens: nothing is asked yet
    assert isinstance(server, ChromaServer) and server.url == "http://127.0.0.1:9"
