"""Adding policies: read .txt/.md/.pdf files into policy folders, then (re)build the index when stale, and
publish it to the Chroma server when one is set."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.corpus import (
    MATCHING_FILE,
    OVERRIDES_FILE,
    POLICY_FILE,
    TRANSLATION_FILE,
    Corpus,
    CorpusError,
    builtin_policy_dirs,
    ingested_policy_dirs,
    load_corpus,
    load_policy,
)
from assistant.documents.info import DOCUMENT_FILE
from assistant.policy import PolicyFormatError, document_id, parse_policy
from assistant.serving.storage import writing
from assistant.settings import Settings

SUPPORTED = (".txt", ".md", ".pdf")


@contextmanager
def one_at_a_time(lock: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock`` for a whole ingest; a second one waits its turn.

    Two at once would interleave: each publish removes every build but the live one, the other's
    half-written build included, and both stage policies in the same folders. Waiting, not failing,
    so ``make run`` and a hand-run ingest both finish. The kernel drops the lock when the process ends,
    however it ends, so a killed ingest leaves none behind; the file holds the holder's process id.
    """
    with writing(lock, "policies and the index (ingest takes a lock there)"):
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a+", encoding="utf-8")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            who = f"process {holder}" if holder.isdigit() else "another process"
            waiting(f"waiting for the other ingest ({who}) to finish: it holds {lock}; this one goes on after it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)  # no process id left to name once this one is done


def read_policy_text(path: Path) -> str:
    """The text of a policy file; PDFs go through pypdf page by page."""
    if not path.is_file():
        raise FileNotFoundError(f"no policy file at {path}")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise PolicyFormatError(f"{path}: unsupported file type {suffix!r}; use one of {', '.join(SUPPORTED)}")
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8-sig")


def add_policy(path: Path, policies_dir: Path) -> Path:
    """Store a policy under its content id (so adding the same text twice is a no-op), with its sidecars.

    Sidecars beside the file: ``NAME.en.json`` (sentence-aligned translation), ``NAME.overrides.json``
    (rule corrections), ``NAME.matching.json`` (profile matching criteria) and ``NAME.document.json`` (issuer,
    level, region, dates, version: ``assistant.documents.info``). The text is parsed first, so a file that is
    not a numbered-measure policy is refused before anything is written, and the staged folder is loaded
    before it replaces anything, so a broken sidecar is refused with its error and leaves nothing behind.
    """
    text = read_policy_text(path)
    parse_policy(text)
    folder = policies_dir / document_id(text)
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / POLICY_FILE).write_text(text, encoding="utf-8")
    sidecars = (
        (".en.json", TRANSLATION_FILE),
        (".overrides.json", OVERRIDES_FILE),
        (".matching.json", MATCHING_FILE),
        (".document.json", DOCUMENT_FILE),
    )
    for suffix, name in sidecars:
        sidecar = path.with_name(path.stem + suffix)
        if sidecar.is_file():
            shutil.copyfile(sidecar, staging / name)
    try:
        load_policy(staging)
    except CorpusError:
        shutil.rmtree(staging)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


def remove_policy(doc_id: str, policies_dir: Path) -> Path:
    """Delete an ingested policy's folder (the caller rebuilds the index); returns the folder removed.

    Shipped policies are part of the package, not of the data folder, so they cannot be removed; an
    unknown id gets the list of ids that can. The policy text goes first (one unlink): a folder without
    it is not loaded, so a crash mid-delete leaves no half policy behind.
    """
    shipped = {document_id((folder / POLICY_FILE).read_text(encoding="utf-8")) for folder in builtin_policy_dirs()}
    if doc_id in shipped:
        raise KeyError(f"{doc_id} is a shipped policy, part of the package: only ingested documents can be removed")
    ingested = {folder.name: folder for folder in ingested_policy_dirs(policies_dir)}
    if doc_id not in ingested:
        known = ", ".join(sorted(ingested)) or "none"
        raise KeyError(
            f"no ingested document {doc_id} in {policies_dir} (ingested: {known}); "
            "`policy-assistant ingest` lists the loaded documents"
        )
    folder = ingested[doc_id]
    (folder / POLICY_FILE).unlink()
    shutil.rmtree(folder)
    return folder


def ensure_index(settings: Settings, force: bool = False) -> tuple[Corpus, dict[str, object] | None]:
    """Build the vector index unless an up-to-date one exists; returns the corpus and the new manifest."""
    from assistant.keyword_index import StaleKeywordsError, open_saved
    from embeddings.index import ClauseIndex, IndexUnavailableError, build_index
    from embeddings.layout import clean, migrate
    from embeddings.model import load_embedding_model

    corpus = load_corpus(settings.policies_dir)
    model = load_embedding_model(
        settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
    )
    if not force:
        try:
            ClauseIndex(settings.index_dir, model, corpus)
            open_saved(settings.index_dir, corpus)  # an index saved before its keywords, or under other rules
            # An up-to-date index of the older layout moves into a build; builds of killed ingests go.
            if not migrate(settings.index_dir):
                clean(settings.index_dir)
            return corpus, None
        except (IndexUnavailableError, StaleKeywordsError):
            pass
    return corpus, build_index(corpus, model, settings.index_dir)


def publish_index(settings: Settings, force: bool = False) -> str | None:
    """With ``ASSISTANT_CHROMA_URL``, copy the live local build and the policies to the Chroma server unless it
    already serves that index; returns the version published (None: nothing to do).

    The server gets what this machine built, so ingest from one machine: it keeps the policies folder.
    """
    from embeddings.layout import MANIFEST, current_build
    from embeddings.server import ChromaServer

    build = current_build(settings.index_dir)
    if not settings.chroma_url or build is None:
        return None
    server = ChromaServer(settings.chroma_url)
    live = server.manifest()
    fingerprint = json.loads((build / MANIFEST).read_text(encoding="utf-8"))["fingerprint"]
    if not force and live is not None and live.get("fingerprint") == fingerprint:
        return None
    return server.publish(build, settings.policies_dir)
