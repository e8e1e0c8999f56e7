"""Directories derived once from a source file (a converted model, an exported graph), published atomically.

Why: start-up calls these builders every time, several processes may race, and a build killed
half-way must never be mistaken for a finished one. So each directory is built in a temporary
sibling, marked complete last (``conversion.json`` records the source's stamp and the format),
then renamed into place; a directory whose marker matches the source is reused as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARKER_FILENAME = "conversion.json"


def build_once(source: Path, dest: Path, fmt: int, build: Callable[[Path], dict[str, Any]]) -> Path:
    """Return ``dest``, first running ``build(staging_dir)`` unless ``dest`` already holds this build.

    ``build`` writes the files and returns facts to record in the marker. ``dest`` is either
    absent or complete; only an empty directory or an older build of ours is ever replaced.
    """
    stamp = _source_stamp(source)
    if _is_complete(dest, stamp, fmt):
        return dest
    if dest.exists() and not _may_replace(dest):
        raise FileExistsError(f"{dest} exists and was not built by the assistant; refusing to overwrite it")

    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(dest)
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        info = build(staging)
        marker = {"format": fmt, "source": stamp, "model": info, "seconds": round(time.perf_counter() - started, 2)}
        # The marker is written last: its presence means the directory is complete.
        write_json(staging / MARKER_FILENAME, marker)
        _publishable(staging)
        _install(staging, dest, stamp, fmt)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return dest


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _source_stamp(source: Path) -> dict[str, Any]:
    """Identify the source file by name, size and a sha256 prefix (cheap next to building)."""
    digest = hashlib.sha256()
    with source.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            digest.update(chunk)
    return {"name": source.name, "size": source.stat().st_size, "sha256": digest.hexdigest()[:16]}


def _read_marker(dest: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((dest / MARKER_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def _is_complete(dest: Path, stamp: dict[str, Any], fmt: int) -> bool:
    """True if ``dest`` holds a finished build of exactly this source, in this format."""
    marker = _read_marker(dest)
    if marker is None or marker.get("format") != fmt:
        return False
    recorded = marker.get("source") or {}
    return recorded.get("size") == stamp["size"] and recorded.get("sha256") == stamp["sha256"]


def _may_replace(dest: Path) -> bool:
    """Only an empty directory or an older/other build of ours may be replaced."""
    if not dest.is_dir():
        return False
    return _read_marker(dest) is not None or not any(dest.iterdir())


def _install(staging: Path, dest: Path, stamp: dict[str, Any], fmt: int) -> None:
    """Atomically move the finished ``staging`` directory to ``dest``."""
    old: Path | None = None
    if dest.exists():
        if _is_complete(dest, stamp, fmt):  # another process finished first
            return
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.replace(dest, old / "model")
    try:
        os.replace(staging, dest)
    except OSError:
        # Losing the race to another process's complete build is fine.
        if not _is_complete(dest, stamp, fmt):
            raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    fsync_dir(dest.parent)


def _remove_stale_staging(dest: Path, max_age: float = 3600.0) -> None:
    """Delete leftovers of builds killed mid-way (a live one finishes in seconds)."""
    now = time.time()
    for pattern in (f".{dest.name}.tmp-*", f".{dest.name}.old-*"):
        for path in dest.parent.glob(pattern):
            try:
                if now - path.stat().st_mtime > max_age:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def _publishable(root: Path) -> None:
    """Give the staged tree ordinary permissions and flush it, so a crash after the rename
    cannot expose empty files (mkdtemp creates 0700, safetensors writes 0600)."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file():
            path.chmod(0o644)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            path.chmod(0o755)
            fsync_dir(path)
    root.chmod(0o755)
    fsync_dir(root)


def fsync_dir(path: Path) -> None:
    """Make renames inside a folder durable: they live in the folder's own entry."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
