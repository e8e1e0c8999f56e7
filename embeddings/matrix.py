"""The passage vectors as one matrix beside a build, memory-mapped at start-up instead of read from Chroma.

Why: reading 41,704 vectors back from Chroma took 2.7 s of a 10.6 s cold start and held them as Python
floats first; a ``.npy`` file maps in milliseconds, and its pages are the page cache's, shared by every
worker on the machine. Chroma stays the store of record: each build writes the matrix from the vectors it
hands Chroma, stamps it last with the build's fingerprint and count, and a build without a sound matrix
(an older build, a killed write, one edited by hand) is read from Chroma as before.

    builds/<version>/matrix/vectors.npy     float32, one row per passage
    builds/<version>/matrix/off_topics.npy  float32, one row per off-topic description
    builds/<version>/matrix/rows.json       each row's passage id, text digest, document, clause, sentence, language
    builds/<version>/matrix/stamp.json      written last: the fingerprint and count of the build's manifest
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.layout import MANIFEST

FOLDER = "matrix"
STAMP = "stamp.json"
COLUMNS = ("doc_id", "clause", "sentence", "lang")


@dataclass(frozen=True)
class Matrix:
    """A build's vectors and what each row is (``metadatas`` as Chroma holds them)."""

    ids: list[str]
    metadatas: list[dict[str, Any]]
    digests: list[str]  # of each row's text (``text_digest``): what the next build compares, not reading Chroma
    vectors: np.ndarray
    off_topics: np.ndarray


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def save_matrix(build: Path, matrix: Matrix) -> None:
    """Write ``matrix`` into ``build`` (replacing the copy a build starts from), stamped from its manifest,
    which must already be written: the stamp ties the matrix to exactly that build."""
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    folder = build / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    np.save(folder / "vectors.npy", np.asarray(matrix.vectors, dtype=np.float32))
    np.save(folder / "off_topics.npy", np.asarray(matrix.off_topics, dtype=np.float32))
    columns = {column: [meta[column] for meta in matrix.metadatas] for column in COLUMNS}
    rows = json.dumps({"ids": matrix.ids, "digests": matrix.digests, **columns}, ensure_ascii=False)
    (folder / "rows.json").write_text(rows, encoding="utf-8")
    (folder / STAMP).write_text(json.dumps(_stamp(manifest)), encoding="utf-8")


def open_matrix(build: Path) -> Matrix | None:
    """The build's matrix, memory-mapped, when it is the one its manifest describes; None otherwise."""
    folder = build / FOLDER
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        if json.loads((folder / STAMP).read_text(encoding="utf-8")) != _stamp(manifest):
            return None
        rows = json.loads((folder / "rows.json").read_text(encoding="utf-8"))
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")  # a short file raises here
        off_topics = np.load(folder / "off_topics.npy", mmap_mode="r")
    except (OSError, ValueError, EOFError):  # an empty file is EOFError
        return None
    count = manifest["count"]
    short = any(len(rows.get(key, ())) != count for key in ("ids", "digests", *COLUMNS))
    if vectors.ndim != 2 or len(vectors) != count or short:
        return None
    columns = zip(*(rows[key] for key in COLUMNS), strict=True)
    metadatas = [dict(zip(COLUMNS, values, strict=True)) for values in columns]
    return Matrix(rows["ids"], metadatas, rows["digests"], vectors, off_topics.reshape(-1, vectors.shape[1]))


def _stamp(manifest: dict[str, Any]) -> dict[str, Any]:
    return {"fingerprint": manifest.get("fingerprint"), "count": manifest.get("count")}
