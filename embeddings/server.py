"""An index on a Chroma server (``ASSISTANT_CHROMA_URL``), so an ingest on one machine reaches every replica.

The local design, on the server: ``publish`` copies a complete local build (``embeddings.layout``) into
collections named after its version, then moves a pointer, the metadata of one small collection, in one
atomic update. At every instant the pointer names a complete index, the old or the new. After it moved, the
version it replaced is kept (a replica may be reading it still) and every older one is deleted. What a
replica needs beside the vectors travels with them: the manifest (the passages collection's metadata) and
the ingested policies' files (a collection of their texts). The keyword index is not stored: a replica
builds it from the passages' texts when it loads a version.

    policy-assistant-pointer            metadata {"version": V}
    pa-V-passages                       vectors, texts, metadatas; metadata {"manifest": JSON}
    pa-V-off-topics                     vectors of topics no policy covers
    pa-V-policies                       one record per ingested policy file, id its path under policies/
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from assistant.corpus import ingested_policy_dirs
from embeddings.chroma import (
    IndexUnavailableError,
    add_all,
    local_client,
    read_all,
    reading,
    server_client,
    unreachable,
)
from embeddings.layout import MANIFEST
from embeddings.store import StoredIndex

T = TypeVar("T")
POINTER = "policy-assistant-pointer"
PREFIX = "pa-"
PARTS = ("passages", "off-topics", "policies")
POLL_S = 1.0  # a replica asks the server for the pointer at most this often: a new version shows soon after
INGEST_HINT = "run `policy-assistant ingest` with ASSISTANT_CHROMA_URL set"
# The collections of a local build (``embeddings.index``) and what is copied of each (off-topics have no metadata).
_LOCAL_COLLECTIONS = {
    "passages": ("policy_passages", ["embeddings", "documents", "metadatas"]),
    "off-topics": ("off_topics", ["embeddings", "documents"]),
}
_FLAT = [1.0]  # the vector of a record that is only text (a policy file): Chroma wants one on every record


def collection_name(version: str, part: str) -> str:
    """``pa-<version>-<part>``: ASCII, as Chroma requires of names (a build's name is a timestamp and hex)."""
    return f"{PREFIX}{version}-{part}"


def _part(client: Any, version: str, part: str) -> Any:
    """One collection of a published version, opened for reading (never with Chroma's own embedding)."""
    return client.get_collection(collection_name(version, part), embedding_function=reading())


def _manifest(passages: Any) -> dict[str, Any]:
    """The manifest a version's passages collection carries in its metadata."""
    return dict(json.loads(passages.metadata["manifest"]))


class ChromaServer:
    """The index kept on the Chroma server at ``url``; connects on first use, so a server down at start-up
    is a reason the service is not ready, not a crash."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._client: Any = None
        self._polled: tuple[float, str | None] = (float("-inf"), None)  # when the pointer was asked, its answer
        self._polling = False
        self._lock = threading.Lock()

    def _connected(self) -> Any:
        if self._client is None:
            self._client = server_client(self.url)
        return self._client

    def _call(self, action: str, work: Callable[[Any], T]) -> T:
        """Run ``work(client)``; a failure says whether the server was out of reach or its index unreadable."""
        try:
            return work(self._connected())
        except IndexUnavailableError:
            raise
        except httpx.TransportError as error:
            self._client = None  # reconnect next time: the server may have restarted
            raise unreachable(self.url, f"{action} failed: {error}") from error
        except Exception as error:  # a version deleted under us, a half-written one: the fix is an ingest
            raise IndexUnavailableError(
                f"the index on the Chroma server at {self.url} is unreadable ({action}: {error}): {INGEST_HINT}"
            ) from error

    def version(self) -> str | None:
        """The pointer as last asked of the server (None: unreachable or empty). Asked again in the background
        once older than ``POLL_S``, so a request never waits on the server; only the first ask is made here."""
        with self._lock:
            asked, _ = self._polled
            first = asked == float("-inf")
            if not first and not self._polling and time.monotonic() - asked >= POLL_S:
                self._polling = True
                threading.Thread(target=self._poll, name="chroma-pointer", daemon=True).start()
        if first:
            self._poll()
        return self._polled[1]

    def _poll(self) -> None:
        try:
            known = self._pointer()
        except IndexUnavailableError:
            known = None
        with self._lock:
            self._polled, self._polling = (time.monotonic(), known), False

    def _pointer(self) -> str | None:
        def read(client: Any) -> str | None:
            names = {collection.name for collection in client.list_collections()}
            if POINTER not in names:
                return None
            return (client.get_collection(POINTER, embedding_function=reading()).metadata or {}).get("version")

        return self._call("reading the index pointer", read)

    def read(self) -> StoredIndex:
        """The version the pointer names, read whole, vectors in pages."""
        current = self._pointer()
        if current is None:
            raise IndexUnavailableError(f"the Chroma server at {self.url} holds no index yet: {INGEST_HINT}")

        def read(client: Any) -> StoredIndex:
            passages = _part(client, current, "passages")
            files = read_all(_part(client, current, "policies"), ["documents"])
            return StoredIndex(
                current,
                f"the Chroma server {self.url} (version {current})",
                _manifest(passages),
                read_all(passages, ["embeddings", "metadatas"]),
                read_all(_part(client, current, "off-topics"), ["embeddings"]),
                dict(zip(files["ids"], files["documents"], strict=True)),
            )

        return self._call(f"reading index version {current}", read)

    def manifest(self) -> dict[str, Any] | None:
        """The live version's manifest (None when there is none), to tell whether a publish is needed."""
        current = self._pointer()
        if current is None:
            return None
        return self._call("reading the manifest", lambda client: _manifest(_part(client, current, "passages")))

    def publish(self, build: Path, policies_dir: Path) -> str:
        """Copy a complete local build and the ingested policies' files into a new version, point at it, then
        delete the versions before the one it replaced. Returns the version."""
        version = build.name
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        local = local_client(build)
        parts = {
            part: read_all(local.get_collection(source, embedding_function=reading()), fields)
            for part, (source, fields) in _LOCAL_COLLECTIONS.items()
        }
        folders = ingested_policy_dirs(policies_dir)  # not the parsed cache beside them (``assistant.policy_cache``)
        files = sorted(path for folder in folders for path in folder.iterdir() if path.is_file())
        parts["policies"] = {
            "ids": [path.relative_to(policies_dir).as_posix() for path in files],
            "documents": [path.read_text(encoding="utf-8") for path in files],
            "embeddings": [_FLAT] * len(files),
        }

        def write(client: Any) -> None:
            existing = {collection.name for collection in client.list_collections()}
            for part in PARTS:  # a half-written copy left by a killed publish of this same build
                if collection_name(version, part) in existing:
                    client.delete_collection(collection_name(version, part))
            for part in PARTS:
                target = client.create_collection(
                    collection_name(version, part),
                    embedding_function=reading(manifest["model"]),
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"manifest": json.dumps(manifest)} if part == "passages" else None,
                )
                add_all(target, parts[part])
            pointer = client.get_or_create_collection(POINTER, embedding_function=reading())
            replaced = (pointer.metadata or {}).get("version")
            pointer.modify(metadata={"version": version})  # the switch: one update of one row
            kept = (f"{PREFIX}{version}-", f"{PREFIX}{replaced}-")
            for name in existing:
                if name.startswith(PREFIX) and not name.startswith(kept):
                    client.delete_collection(name)

        self._call(f"publishing index version {version}", write)
        with self._lock:
            self._polled = (float("-inf"), None)
        return version
