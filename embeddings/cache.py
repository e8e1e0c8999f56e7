"""Embeddings remembered by content, so a rebuild embeds only texts it has never seen.

Why: every ingest builds a whole new index (the crash-safe swap of ``embeddings.layout``), and
embedding is what costs: re-embedding every passage made adding documents one at a time quadratic.
A vector is keyed by a hash of the model name, the text kind and the text, so a changed model or
text is simply a miss, and a stale entry is never served. The cache is a single sqlite file beside
the builds (``index/embeddings.sqlite3``); it is only ever written under the ingest lock, and a
crash mid-build keeps the vectors already stored, so the next ingest resumes instead of restarting.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.model import EmbeddingModel, TextKind

PAGE = 900  # keys per lookup: well under sqlite's limit on SQL variables (999 in older builds)
EMBED_BATCH = 256  # texts per model call: each stored (and committed) before the next is embedded


def content_key(model_name: str, kind: TextKind, text: str) -> bytes:
    """What a vector depends on, and nothing else (not the passage id: a moved text keeps its vector)."""
    return hashlib.sha256(f"{model_name}\0{kind}\0{text}".encode()).digest()


class EmbeddingCache:
    """Vectors by content key, in ``path``; a file that is not a cache of ours is started afresh."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # corrupt or foreign: it only ever saves work, so start over
            path.unlink()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID")
        return db

    def close(self) -> None:
        self._db.close()

    def embed(self, model: EmbeddingModel, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        """The vectors of ``texts`` (float32 rows, in order), embedding through ``model`` only the misses."""
        keys = [content_key(model.name, kind, text) for text in texts]
        found = self._lookup(keys)
        missing = list(dict.fromkeys(text for key, text in zip(keys, texts, strict=True) if key not in found))
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            vectors = np.asarray(model.embed_batch(batch, kind), dtype=np.float32)
            rows = [
                (content_key(model.name, kind, text), vector.tobytes())
                for text, vector in zip(batch, vectors, strict=True)
            ]
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows)
            found.update((key, vector) for (key, _), vector in zip(rows, vectors, strict=True))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[key] for key in keys])

    def _lookup(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), PAGE):
            page = unique[start : start + PAGE]
            marks = ",".join("?" * len(page))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", page):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found
