"""Parsed policies kept on disk by content, so that loading hundreds of policies parses only new or changed ones.

Why: parsing 400 policies took 2.4 s of adding one document to them (the rules, the translation's
alignment, the document's facts), reading them back parsed takes 0.25 s.

    <policies_dir>/.parsed/<key>.pickle   one parsed policy

The key digests every file of the policy's folder and the sources and data of the ``assistant`` package,
so an edited policy or an upgraded parser parses again. The cache only saves work: a file that cannot
be read or written is as if absent, and files no load used are removed. It is pickle, read from the data
directory, which is trusted as the index and the policies beside it are: whoever writes there decides
the answers already.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import assistant

FOLDER = ".parsed"
Parsed = TypeVar("Parsed")


@cache
def _code() -> bytes:
    """What parsing depends on besides the policy's own files: the package's sources and data."""
    root = Path(assistant.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")) + sorted((root / "corpus").glob("*.json")):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode() + path.read_bytes())
    return digest.digest()


def _key(folder: Path) -> str:
    digest = hashlib.sha256(_code())
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:32]


class PolicyCache:
    """The parsed policies of one policies folder; ``load`` parses on a miss, ``prune`` drops the unused."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._used: set[str] = set()

    def load(self, policy_folder: Path, parse: Callable[[Path], Parsed]) -> Parsed:
        key = _key(policy_folder)
        self._used.add(f"{key}.pickle")
        path = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # absent, short or from other classes: parsed again, and rewritten
            pass
        parsed = parse(policy_folder)
        self._write(path, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        return parsed

    def prune(self) -> None:
        """Remove the files no ``load`` of this cache used (policies removed or changed, an older parser)."""
        try:
            stale = [p for p in self.folder.iterdir() if p.name not in self._used]
            for path in stale:
                path.unlink(missing_ok=True)
        except OSError:  # read-only or absent: nothing to save
            pass

    def _write(self, path: Path, data: bytes) -> None:
        """Whole or not at all (a temporary file replaced into place). Nothing is written where no policy was
        ingested (the folder is made inside the policies folder only) or the data folder is read-only."""
        pending = path.with_name(f".{path.name}-{uuid.uuid4().hex[:8]}")
        try:
            self.folder.mkdir(exist_ok=True)
            pending.write_bytes(data)
            os.replace(pending, path)
        except OSError:
            with contextlib.suppress(OSError):
                pending.unlink(missing_ok=True)
