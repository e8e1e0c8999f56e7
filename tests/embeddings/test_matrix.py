"""The vectors mapped from a build's matrix are the ones Chroma holds, and an unsound matrix is never used."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import Corpus
from embeddings import index as index_module
from embeddings.chroma import local_client, read_all, reading
from embeddings.index import COLLECTION, OFF_TOPICS, ClauseIndex, FolderStore, build_index
from embeddings.layout import current_build
from embeddings.matrix import FOLDER, STAMP, open_matrix
from embeddings.model import EmbeddingModel

pytestmark = pytest.mark.slow


def _live(index_dir: Path) -> Path:
    build = current_build(index_dir)
    assert build is not None
    return build


def _chroma(build: Path) -> tuple[dict[str, tuple[np.ndarray, dict]], np.ndarray]:
    """What Chroma holds in ``build``: each passage's vector and metadata by id, and the off-topic vectors."""
    client = local_client(build)
    passages = read_all(client.get_collection(COLLECTION, embedding_function=reading()), ["embeddings", "metadatas"])
    off_topics = read_all(client.get_collection(OFF_TOPICS, embedding_function=reading()), ["embeddings"])
    rows = zip(passages["ids"], passages["embeddings"], passages["metadatas"], strict=True)
    by_id = dict(zip(off_topics["ids"], off_topics["embeddings"], strict=True))
    in_order = np.asarray([by_id[f"off-{row}"] for row in range(len(by_id))], dtype=np.float32)
    return {id: (np.asarray(vector, dtype=np.float32), meta) for id, vector, meta in rows}, in_order


def _assert_matrix_is_chroma(build: Path) -> None:
    matrix = open_matrix(build)
    assert matrix is not None and isinstance(matrix.vectors, np.memmap)
    held, off_topics = _chroma(build)
    assert sorted(matrix.ids) == sorted(held)
    for id, vector, meta in zip(matrix.ids, matrix.vectors, matrix.metadatas, strict=True):
        assert np.allclose(vector, held[id][0], rtol=0, atol=1e-6) and meta == held[id][1], id
    assert np.allclose(matrix.off_topics, off_topics, rtol=0, atol=1e-6)  # Chroma rounds in the last bit


def test_each_build_maps_what_chroma_holds(
    tmp_path: Path, embedding_model: EmbeddingModel, corpus: Corpus, two_documents: Corpus
) -> None:
    """A first build, one that adds a document (kept rows come from the copied build's matrix) and one that
    removes it; and one built from a copy without a matrix (an older build), whose kept rows come from Chroma."""
    index_dir = tmp_path / "index"
    for built in (corpus, two_documents, corpus):
        build_index(built, embedding_model, index_dir)
        _assert_matrix_is_chroma(_live(index_dir))
    shutil.rmtree(_live(index_dir) / FOLDER)
    build_index(two_documents, embedding_model, index_dir)
    _assert_matrix_is_chroma(_live(index_dir))


def _stamp_of_another_build(folder: Path) -> None:
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    (folder / STAMP).write_text(json.dumps({**stamp, "fingerprint": "another"}), encoding="utf-8")


def _truncated_vectors(folder: Path) -> None:
    vectors = folder / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:-4096])


def _rows_missing(folder: Path) -> None:
    rows = json.loads((folder / "rows.json").read_text(encoding="utf-8"))
    (folder / "rows.json").write_text(json.dumps({**rows, "ids": rows["ids"][:-1]}), encoding="utf-8")


UNSOUND: dict[str, Callable[[Path], None]] = {
    "no matrix": lambda folder: shutil.rmtree(folder),
    "no stamp (a write killed before it)": lambda folder: (folder / STAMP).unlink(),
    "stamp of another build": _stamp_of_another_build,
    "truncated vectors": _truncated_vectors,
    "empty vectors": lambda folder: (folder / "vectors.npy").write_bytes(b""),
    "a row missing": _rows_missing,
    "garbage rows": lambda folder: (folder / "rows.json").write_bytes(b"\x00junk"),
}


@pytest.mark.parametrize("damage", UNSOUND.values(), ids=UNSOUND.keys())
def test_an_unsound_matrix_is_not_used_and_chroma_is_read(
    tmp_path: Path, index_dir: Path, embedding_model: EmbeddingModel, corpus: Corpus, damage: Callable[[Path], None]
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    damage(_live(copy) / FOLDER)
    assert open_matrix(_live(copy)) is None
    stored = FolderStore(copy).read()
    assert isinstance(stored.passages["embeddings"], list)  # as Chroma returns them
    sound = ClauseIndex(index_dir, embedding_model, corpus)
    read = ClauseIndex(stored, embedding_model, corpus)
    for query in ("首台套设备", "EDA software insurance"):
        hits, expected = read.search(query, 10), sound.search(query, 10)
        assert [hit.passage_id for hit in hits] == [hit.passage_id for hit in expected]
        assert [hit.similarity for hit in hits] == pytest.approx([hit.similarity for hit in expected], abs=1e-6)


def test_a_sound_matrix_serves_without_opening_chroma(
    tmp_path: Path, index_dir: Path, embedding_model: EmbeddingModel, corpus: Corpus
) -> None:
    """Answers need only the matrix: a damaged Chroma file is found by the next ingest, which then builds afresh."""
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    (_live(copy) / "chroma.sqlite3").write_bytes(b"\x00junk" * 1000)
    opened = ClauseIndex(copy, embedding_model, corpus)
    assert opened.search("首台套", 1)[0].clause == 13
    manifest = build_index(corpus, embedding_model, copy)
    assert manifest["written"] == manifest["count"]
    _assert_matrix_is_chroma(_live(copy))


def test_a_build_copied_from_a_sound_matrix_reads_nothing_back_from_chroma(
    tmp_path: Path,
    embedding_model: EmbeddingModel,
    corpus: Corpus,
    two_documents: Corpus,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What is stored and what is new come from the copied matrix's digests and vectors (reading 41,704 texts and
    vectors back from Chroma took seconds of adding one document to 400)."""
    index_dir = tmp_path / "index"
    build_index(corpus, embedding_model, index_dir)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read back from Chroma")

    monkeypatch.setattr(index_module, "read_all", refuse)
    manifest = build_index(two_documents, embedding_model, index_dir)
    monkeypatch.undo()
    assert 0 < manifest["written"] < manifest["count"]
    _assert_matrix_is_chroma(_live(index_dir))
