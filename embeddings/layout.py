"""The index folder's layout: versioned build folders and a ``CURRENT`` pointer naming the live one.

    index/CURRENT              the name of the live build, replaced atomically (write, fsync, os.replace)
    index/builds/<version>/    one complete Chroma store each, with its manifest written last
    index/embeddings.sqlite3   vectors by content (``embeddings.cache``), shared by every build

A build is written in its own folder and only then pointed at, so at every instant the pointer names
a complete index: a crash or an I/O error before the pointer is replaced leaves the old one live,
after it the new one. Builds the pointer does not name (the one replaced, ones left by killed
ingests) are removed at the next publish; so are the files of the older layout, where ``index/``
itself was the store, which still opens until then. That removal would take another build still being
written, so builds of one index are published one at a time (``assistant.ingest.one_at_a_time``).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

from embeddings.artifact import fsync_dir

CURRENT = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
LEGACY = "legacy"  # the version of an index in the older layout
CACHE = "embeddings.sqlite3"  # kept across builds, with its sqlite journal (``embeddings.cache``)


def current_build(index_dir: Path) -> Path | None:
    """The folder of the live build (``index_dir`` itself in the older layout), or None when there is none."""
    name = version(index_dir)
    if name is None:
        return None
    return index_dir if name == LEGACY else index_dir / BUILDS / name


def version(index_dir: Path) -> str | None:
    """The live build's name, cheap enough to ask on every request; ``LEGACY`` for the older layout."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return LEGACY if (index_dir / MANIFEST).is_file() else None
    except NotADirectoryError:
        return None
    return name if name and "/" not in name and name not in (".", "..") else None


def new_build(index_dir: Path) -> Path:
    """A fresh, empty build folder that nothing points to yet."""
    build = index_dir / BUILDS / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    build.mkdir(parents=True)
    return build


def publish(index_dir: Path, build: Path) -> None:
    """Point ``CURRENT`` at ``build`` in one atomic step, then remove what no longer counts."""
    pending = index_dir / f".{CURRENT}-{uuid.uuid4().hex[:8]}"
    descriptor = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(descriptor, build.name.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(pending, index_dir / CURRENT)
    fsync_dir(index_dir)  # the replaced pointer, durable
    clean(index_dir)


def migrate(index_dir: Path) -> bool:
    """Copy an index of the older layout into a build and point at it; False when there was none."""
    if version(index_dir) != LEGACY:
        return False
    build = index_dir / BUILDS / f"{LEGACY}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(index_dir, build, ignore=shutil.ignore_patterns(BUILDS, f".{CURRENT}-*", f"{CACHE}*"))
    publish(index_dir, build)
    return True


def clean(index_dir: Path) -> None:
    """Remove every build but the live one, half-written pointers, the older layout's files once a
    pointer exists, and the staging folders of the older layout's killed ingests beside ``index_dir``;
    keep the embedding cache, which only ever saves work.

    Failures are left for the next publish: nothing removed here is reachable any more.
    """
    live = version(index_dir)
    if live is None or live == LEGACY:
        return
    for entry in _entries(index_dir / BUILDS):
        if entry.name != live:
            _remove(entry)
    for entry in _entries(index_dir):
        if entry.name not in (CURRENT, BUILDS) and not entry.name.startswith(CACHE):
            _remove(entry)
    for entry in _entries(index_dir.parent):
        if entry.name.startswith((f".{index_dir.name}-build-", f".{index_dir.name}-old-")):
            _remove(entry)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _remove(entry: Path) -> None:
    try:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            os.unlink(entry)
    except OSError:
        pass
