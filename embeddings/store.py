"""Where the live index is read from: this machine's index folder, or a Chroma server several replicas share.

Both keep the same design: versioned builds, each complete before a pointer names it, the pointer moved
in one atomic step (``embeddings.layout`` for a folder, ``embeddings.server`` for a server). A running
server asks ``version()`` on every request and reloads when it changes, so the one method each place
must make cheap is that one; ``read()`` runs once per version.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.corpus import Corpus, load_corpus


@dataclass(frozen=True)
class StoredIndex:
    """One build as read: its manifest, its passages (ids, embeddings, metadatas) and off-topic vectors.

    ``policy_files`` holds the ingested policies' files by path under the policies folder when the build
    came from a server (replicas have no such folder of their own); None: they are this machine's.
    """

    version: str | None
    where: str  # the folder or server, for messages
    manifest: dict[str, Any]
    passages: dict[str, Any]  # lists, or arrays mapped from the build's matrix (``embeddings.matrix``)
    off_topics: dict[str, Any]
    policy_files: dict[str, str] | None = None

    def corpus(self, policies_dir: Path) -> Corpus:
        """The policies this build indexes: the shipped ones and the ingested ones, from wherever they are kept."""
        if self.policy_files is None:
            return load_corpus(policies_dir)
        with tempfile.TemporaryDirectory(prefix="policy-files-") as folder:
            for name, text in self.policy_files.items():
                path = Path(folder) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            return load_corpus(Path(folder))


class IndexStore(Protocol):
    """A place that holds index builds and names the live one."""

    def version(self) -> str | None:
        """The live build's name (None: there is none); cheap enough to ask on every request."""
        ...

    def read(self) -> StoredIndex:
        """The live build, whole; raises ``IndexUnavailableError`` saying how to fix what is wrong."""
        ...


def index_store(index_dir: Path, chroma_url: str | None) -> IndexStore:
    """The Chroma server at ``chroma_url`` when one is set, else the folder ``index_dir``."""
    if chroma_url:
        from embeddings.server import ChromaServer  # both import this module: imported here

        return ChromaServer(chroma_url)
    from embeddings.index import FolderStore

    return FolderStore(index_dir)
