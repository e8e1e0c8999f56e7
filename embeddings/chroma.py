"""The one place that imports chromadb: clients (a local folder or a server), our embedding function, paged reads.

Chroma has limits its callers must respect wherever the store is: one ``add`` takes at most 5,461 items,
and one ``get`` of more than 32,766 fails ("too many SQL variables"), so writes go in batches and reads
in pages. Its default embedding function downloads a model; every collection gets ours instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
import httpx
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings

from embeddings.model import EmbeddingModel

MAX_BATCH = 5000  # Chroma accepts at most 5,461 items per add
PAGE = 10000  # items per get: one get of more than 32,766 fails ("too many SQL variables")
REBUILD_HINT = "run `policy-assistant ingest` to rebuild it"
HEARTBEAT_TIMEOUT_S = 5  # the client's own requests wait forever: reachability is checked first, bounded

logging.getLogger("chromadb").setLevel(logging.ERROR)


class IndexUnavailableError(RuntimeError):
    """The index is missing, corrupt, built from other data or out of reach; the message says how to fix it."""


class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Adapts an ``EmbeddingModel`` to Chroma, so Chroma never falls back to its downloading default."""

    def __init__(self, model: EmbeddingModel) -> None:
        self._model = model

    def __call__(self, input: list[str]) -> list[list[float]]:
        return self._model.embed_batch(input, "passage")

    def embed_query(self, input: list[str]) -> list[list[float]]:
        return self._model.embed_batch(input, "query")

    @staticmethod
    def name() -> str:
        return "policy_assistant"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._model.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EmbeddingFunction[Documents]:
        """Chroma rebuilds functions from stored config; ours needs a loaded model, so it refuses to embed."""
        return ChromaEmbedding(NoModel(str(config.get("model", ""))))


class NoModel:
    """Stands for a model Chroma cannot load by itself: the assistant always passes its own, or only reads
    vectors stored ready (a replica reading a server's index embeds queries itself)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def embed_batch(self, texts: Sequence[str], kind: str) -> list[list[float]]:
        raise IndexUnavailableError(f"open the index through ClauseIndex, which loads the model {self.name!r}")


def reading(model_name: str = "") -> ChromaEmbedding:
    """The embedding function of a collection only read (vectors are stored ready): it never embeds."""
    return ChromaEmbedding(NoModel(model_name))


def local_client(path: Path) -> Any:
    """A Chroma store in a folder of this machine."""
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def unreachable(url: str, cause: str) -> IndexUnavailableError:
    return IndexUnavailableError(
        f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): {cause}; start it "
        "(`chroma run --path DIR --port PORT`) or set ASSISTANT_CHROMA_URL to where it runs"
    )


def server_client(url: str) -> Any:
    """A client of the Chroma server at ``url``, once its heartbeat answered within a bounded wait."""
    parts = urlsplit(url)
    try:
        httpx.get(f"{url.rstrip('/')}/api/v2/heartbeat", timeout=HEARTBEAT_TIMEOUT_S).raise_for_status()
        return chromadb.HttpClient(
            host=str(parts.hostname),
            port=parts.port or (443 if parts.scheme == "https" else 80),
            ssl=parts.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except (httpx.HTTPError, ValueError) as error:
        raise unreachable(url, str(error) or type(error).__name__) from error


def read_all(collection: Any, include: list[str]) -> dict[str, list[Any]]:
    """The whole collection, read ``PAGE`` items at a time (one large get exceeds sqlite's variables)."""
    total = collection.count()
    stored: dict[str, list[Any]] = {"ids": [], **{field: [] for field in include}}
    for offset in range(0, total, PAGE):
        page = collection.get(include=include, limit=PAGE, offset=offset)
        for field, values in stored.items():
            values.extend(page[field])
    return stored


def add_all(collection: Any, records: dict[str, Sequence[Any]]) -> None:
    """Add ``records`` (ids and their columns, same length) ``MAX_BATCH`` items at a time."""
    for start in range(0, len(records["ids"]), MAX_BATCH):
        collection.add(**{field: values[start : start + MAX_BATCH] for field, values in records.items()})
