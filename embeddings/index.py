"""The vector index: clause and sentence vectors, Chinese and English, in a persistent Chroma store.

Chroma itself is reached through ``embeddings.chroma``. A build writes a fresh store in its own folder and then
points the index at it (``embeddings.layout``), so a crash at any step leaves one complete index
reachable, the old or the new. A manifest written last records
what the index holds; opening checks it, because a truncated sqlite file opens as an empty
database without any error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from assistant.corpus import Corpus
from assistant.keyword_index import save_keywords
from embeddings.cache import EmbeddingCache
from embeddings.chroma import (
    MAX_BATCH,
    PAGE,
    REBUILD_HINT,
    ChromaEmbedding,
    IndexUnavailableError,
    add_all,
    local_client,
    read_all,
    reading,
)
from embeddings.layout import CACHE, MANIFEST, current_build, new_build, publish, version
from embeddings.matrix import Matrix, open_matrix, save_matrix, text_digest
from embeddings.model import EmbeddingModel
from embeddings.store import StoredIndex

COLLECTION = "policy_passages"
OFF_TOPICS = "off_topics"


@dataclass(frozen=True)
class Passage:
    """One indexed text: a whole clause (sentence -1) or one sentence, in one language."""

    id: str
    text: str
    doc_id: str
    clause: int
    sentence: int
    lang: str


@dataclass(frozen=True)
class Hit:
    passage_id: str
    doc_id: str
    clause: int
    sentence: int
    lang: str
    similarity: float


def corpus_passages(corpus: Corpus) -> list[Passage]:
    """Every clause and sentence in Chinese, and in English where a translation exists.

    Sentences carry their clause title, so a sentence hit still knows what the measure is about.
    """
    passages = []
    for policy, clause in corpus.clauses():
        doc = policy.document.id
        english = policy.english(clause)
        versions = [("zh", clause.title, clause.text, [s.text for s in clause.sentences])]
        if english:
            versions.append(
                ("en", english.title, f"{english.title}. " + " ".join(english.sentences), list(english.sentences))
            )
        for lang, title, whole, sentences in versions:
            passages.append(Passage(f"{doc}#{clause.number}.-1.{lang}", whole, doc, clause.number, -1, lang))
            for index, sentence in enumerate(sentences):
                text = f"{title}: {sentence}"
                passages.append(Passage(f"{doc}#{clause.number}.{index}.{lang}", text, doc, clause.number, index, lang))
    return passages


def fingerprint(corpus: Corpus, model_name: str, passages: Sequence[Passage] | None = None) -> str:
    """Identifies the indexed texts and the model: a different one means the index is stale. ``passages``:
    the corpus's, when the caller has them already (listing 83,000 takes 0.13 s)."""
    digest = hashlib.sha256(model_name.encode())
    for passage in corpus_passages(corpus) if passages is None else passages:
        digest.update(f"\0{passage.id}\0{passage.text}".encode())
    for topic in corpus.off_topics:
        digest.update(f"\0off\0{topic}".encode())
    return digest.hexdigest()[:16]


def build_index(corpus: Corpus, model: EmbeddingModel, index_dir: Path) -> dict[str, Any]:
    """Write the corpus into a new build folder and point the index at it (``embeddings.layout``).

    The new build starts as a copy of the live one when that is sound and of the same model, and only
    the passages whose text changed or is new are written: rewriting every passage took 22 s of 23 to add
    one document to 40. Vectors come from the content cache beside the builds, so only texts no earlier
    build embedded reach the model; Chroma is handed them ready, never asked to embed.
    """
    started = time.perf_counter()
    passages = corpus_passages(corpus)
    base = _reusable(index_dir, model)
    build = new_build(index_dir)
    cache = EmbeddingCache(index_dir / CACHE)
    try:
        if base is not None:
            shutil.copytree(base, build, dirs_exist_ok=True)
        client = local_client(build)
        space = {"hnsw": {"space": "cosine"}}
        if base is None:
            collection = client.create_collection(
                COLLECTION, embedding_function=ChromaEmbedding(model), configuration=space
            )
        else:
            collection = client.get_collection(COLLECTION, embedding_function=ChromaEmbedding(model))
            client.delete_collection(OFF_TOPICS)  # a few dozen: rewritten whole
        off_topics = client.create_collection(
            OFF_TOPICS, embedding_function=ChromaEmbedding(model), configuration=space
        )
        off_topic_vectors = cache.embed(model, corpus.off_topics, "passage")
        if corpus.off_topics:
            off_topics.add(
                ids=[f"off-{i}" for i in range(len(corpus.off_topics))],
                embeddings=off_topic_vectors,
                documents=list(corpus.off_topics),
            )
        earlier = open_matrix(base) if base else None
        stored = _stored_digests(collection, earlier) if base else {}
        wanted = {p.id: text_digest(p.text) for p in passages}
        stale = [id for id, digest in stored.items() if wanted.get(id) != digest]
        for start in range(0, len(stale), MAX_BATCH):
            collection.delete(ids=stale[start : start + MAX_BATCH])
        missing = [p for p in passages if stored.get(p.id) != wanted[p.id]]
        fresh = cache.embed(model, [p.text for p in missing], "passage")
        add_all(
            collection,
            {
                "ids": [p.id for p in missing],
                "embeddings": fresh,
                "documents": [p.text for p in missing],
                "metadatas": [_metadata(p) for p in missing],
            },
        )
        known = dict(zip([p.id for p in missing], fresh, strict=True))
        vectors = _vectors(passages, known, earlier, collection)
        identity = fingerprint(corpus, model.name, passages)
        save_keywords(build, [p.text for p in passages], identity)
        manifest = {
            "collection": COLLECTION,
            "count": len(passages),
            "model": model.name,
            "fingerprint": identity,
            "documents": [p.document.id for p in corpus.policies],
            "written": len(missing),
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        (build / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        metadatas = [_metadata(p) for p in passages]
        ids = [p.id for p in passages]
        save_matrix(build, Matrix(ids, metadatas, [wanted[id] for id in ids], vectors, off_topic_vectors))
        publish(index_dir, build)
    finally:
        cache.close()
        if version(index_dir) != build.name:  # failed before the pointer moved: the build is of no use
            shutil.rmtree(build, ignore_errors=True)
    return manifest


def _metadata(passage: Passage) -> dict[str, Any]:
    return {"doc_id": passage.doc_id, "clause": passage.clause, "sentence": passage.sentence, "lang": passage.lang}


def _stored_digests(collection: Any, earlier: Matrix | None) -> dict[str, str]:
    """Each stored passage's text digest, by id: from the copied build's matrix, else read from Chroma (reading
    41,704 texts back took 3.1 s of adding one document to 400)."""
    if earlier is not None:
        return dict(zip(earlier.ids, earlier.digests, strict=True))
    kept = read_all(collection, ["documents"])
    return {id: text_digest(text) for id, text in zip(kept["ids"], kept["documents"], strict=True)}


def _vectors(
    passages: list[Passage], known: dict[str, np.ndarray], earlier: Matrix | None, collection: Any
) -> np.ndarray:
    """Every passage's vector, in order: ``known`` (just written), then the kept ones from the build this one
    copies (its matrix, else its Chroma collection), so adding a document reads no vector it did not add."""
    rows = {id: row for row, id in enumerate(earlier.ids)} if earlier else {}
    kept = [(index, rows[p.id]) for index, p in enumerate(passages) if p.id not in known and p.id in rows]
    unread = [p.id for p in passages if p.id not in known and p.id not in rows]
    for start in range(0, len(unread), PAGE):
        page = collection.get(ids=unread[start : start + PAGE], include=["embeddings"])
        known.update(zip(page["ids"], np.asarray(page["embeddings"], dtype=np.float32), strict=True))
    if not passages:
        return np.zeros((0, 0), dtype=np.float32)
    width = earlier.vectors.shape[1] if earlier is not None else len(next(iter(known.values())))
    vectors = np.empty((len(passages), width), dtype=np.float32)
    if kept:  # copied as one block: row by row, 83,000 rows of a memory map took 0.5 s
        into, source = zip(*kept, strict=True)
        vectors[list(into)] = earlier.vectors[list(source)]  # type: ignore[union-attr]
    given = [index for index, p in enumerate(passages) if p.id in known]
    if given:
        vectors[given] = np.stack([known[passages[index].id] for index in given])
    return vectors


def _reusable(index_dir: Path, model: EmbeddingModel) -> Path | None:
    """The live build, when a new one may start as its copy: a build (not the older layout, whose folder
    holds the builds), of this model (its vectors are kept), whose store holds what its manifest says."""
    build = current_build(index_dir)
    if build is None or build == index_dir:
        return None
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("model") != model.name:
            return None
        count = local_client(build).get_collection(COLLECTION, embedding_function=ChromaEmbedding(model)).count()
    except Exception:  # unreadable: the build starts empty, as a first one does
        return None
    return build if count == manifest.get("count") else None


@contextmanager
def _writable(build: Path) -> Iterator[Path]:
    """The build folder, or a temporary copy of it when this process may not write there (a read-only
    mount or folder): Chroma writes to its sqlite file even to read, and the vectors are read once."""
    files = [build, *build.rglob("*")]
    if all(os.access(path, os.W_OK) for path in files):
        yield build
        return
    with tempfile.TemporaryDirectory(prefix="policy-index-") as folder:
        copy = Path(folder) / build.name
        shutil.copytree(build, copy)
        for path in [copy, *copy.rglob("*")]:  # a copy keeps the read-only modes
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
        yield copy


def top_rows(scores: np.ndarray, limit: int, rows: np.ndarray | None = None) -> np.ndarray:
    """The ``limit`` best of ``rows`` (all when None) by score, best first, ties by row.

    A partial selection (``np.partition``) then a sort of the selected only: at 78,000 passages a full
    sort took 7 ms of a 13 ms search. The filter comes first, so a document's own passages are ranked
    whatever the others score. Every score tied with the last kept is selected before the sort, so the
    result is a stable full sort's: near-identical documents tie on many passages, and which of them a
    search finds must not depend on the partition's order (it chose other documents' copies of a rule).
    """
    candidates = np.arange(len(scores)) if rows is None else rows
    if limit <= 0 or not len(candidates):
        return candidates[:0]
    selected = scores[candidates]
    if limit < len(candidates):
        last = np.partition(-selected, limit - 1)[limit - 1]
        keep = np.flatnonzero(-selected <= last)
        candidates, selected = candidates[keep], selected[keep]
    return candidates[np.lexsort((candidates, -selected))][:limit]


def rows_by_document(doc_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """Each document's rows, found once, so a search filtered by document selects among its own rows only."""
    column = np.asarray(doc_ids)
    return {str(doc): np.flatnonzero(column == doc) for doc in np.unique(column)}


class FolderStore:
    """The index folder of this machine: builds in folders and a ``CURRENT`` file naming the live one."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def version(self) -> str | None:
        return version(self.index_dir)

    def read(self) -> StoredIndex:
        build = current_build(self.index_dir)
        if build is None or not (build / MANIFEST).is_file():
            raise IndexUnavailableError(f"index not found at {self.index_dir}: {REBUILD_HINT}")
        matrix = open_matrix(build)
        if matrix is not None:
            manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
            passages = {"ids": matrix.ids, "metadatas": matrix.metadatas, "embeddings": matrix.vectors}
            return StoredIndex(build.name, str(self.index_dir), manifest, passages, {"embeddings": matrix.off_topics})
        try:
            manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
            with _writable(build) as store:
                client = local_client(store)
                passages = read_all(
                    client.get_collection(COLLECTION, embedding_function=reading()), ["embeddings", "metadatas"]
                )
                off_topics = read_all(client.get_collection(OFF_TOPICS, embedding_function=reading()), ["embeddings"])
        except Exception as error:  # any failure to open means the same thing to the user
            raise IndexUnavailableError(f"index at {self.index_dir} is unreadable ({error}): {REBUILD_HINT}") from error
        return StoredIndex(build.name, str(self.index_dir), manifest, passages, off_topics)


@cache
def limit_blas_to_one_thread() -> None:
    """Runs this process's BLAS (numpy's matrix products) on one thread, once.

    After a product OpenBLAS's idle threads spin-wait, taking the cores the embedding model runs on: at
    41,704 passages the search's product (1.2 ms on two threads, 1.9 ms on one) made the next question's
    embedding take 16 ms instead of 7. Products over a few hundred passages never start those threads.
    """
    threadpool_limits(limits=1, user_api="blas")


class ClauseIndex:
    """Read side of the index: the stored vectors, searched exactly in memory.

    A policy corpus is a few hundred to a hundred thousand passages, so a matrix product over all of
    them (a few milliseconds at the top) is exact and simpler than an approximate graph search.
    """

    def __init__(self, index: Path | StoredIndex, model: EmbeddingModel, corpus: Corpus) -> None:
        """``index``: a build as read (``embeddings.store``), or an index folder to read the live build of."""
        stored = FolderStore(index).read() if isinstance(index, Path) else index
        manifest, passages = stored.manifest, stored.passages
        count = len(passages["ids"])
        if count != manifest.get("count"):
            raise IndexUnavailableError(
                f"index at {stored.where} is corrupt: it holds {count} passages, its manifest says "
                f"{manifest.get('count')}: {REBUILD_HINT}"
            )
        if manifest.get("fingerprint") != fingerprint(corpus, model.name):
            raise IndexUnavailableError(
                f"index at {stored.where} was built from other policies or another model: {REBUILD_HINT}"
            )
        self.manifest = manifest
        self._model = model
        self._ids: list[str] = passages["ids"]
        self._metadatas = passages["metadatas"]
        self._vectors = np.asarray(passages["embeddings"], dtype=np.float32)
        self._rows_of = rows_by_document([meta["doc_id"] for meta in self._metadatas])
        self._off_topics = np.asarray(stored.off_topics["embeddings"], dtype=np.float32).reshape(
            -1, self._vectors.shape[1]
        )
        self._last = threading.local()
        limit_blas_to_one_thread()

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding; each thread keeps its last one, so search and the scope check of
        one request embed once, and concurrent requests do not evict each other's."""
        last: tuple[str, np.ndarray] | None = getattr(self._last, "query", None)
        if last is not None and last[0] == query:
            return last[1]
        vector = np.asarray(self._model.embed_batch([query], "query")[0], dtype=np.float32)
        self._last.query = (query, vector)
        return vector

    def off_topic_similarity(self, query: str) -> float:
        """Cosine similarity of the query to the closest off-topic description (0 when there are none)."""
        if not len(self._off_topics):
            return 0.0
        return float((self._off_topics @ self.query_vector(query)).max())

    def scores(self, query: str) -> np.ndarray:
        """Every passage's cosine similarity to the query, kept per thread like the query's vector: a question
        searched in several documents one after another (``assistant.documents.comparison``) scores once."""
        last: tuple[str, np.ndarray] | None = getattr(self._last, "scores", None)
        if last is not None and last[0] == query:
            return last[1]
        scores = self._vectors @ self.query_vector(query)
        self._last.scores = (query, scores)
        return scores

    def search(self, query: str, limit: int, doc_id: str | None = None) -> list[Hit]:
        scores = self.scores(query)
        rows = None if not doc_id else self._rows_of.get(doc_id, np.zeros(0, dtype=np.intp))
        return [
            Hit(
                self._ids[i],
                meta["doc_id"],
                int(meta["clause"]),
                int(meta["sentence"]),
                str(meta["lang"]),
                float(scores[i]),
            )
            for i, meta in ((int(i), self._metadatas[int(i)]) for i in top_rows(scores, limit, rows))
        ]
