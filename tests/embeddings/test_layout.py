"""The index layout survives a crash or an I/O error at every filesystem step of a publish.

Every call the layout makes that changes the disk goes through a counting proxy of ``os`` and
``shutil``; for each step k the proxy fails the k-th call, either once (an I/O error: later steps
run, cleanup included) or from then on (the process was killed: nothing after it reaches the disk).
After each, one complete index must open with either the old or the new content, and the next
build must leave exactly one build folder behind.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from assistant.corpus import Corpus
from embeddings import artifact, index, layout
from embeddings.index import ClauseIndex, IndexUnavailableError, build_index
from embeddings.layout import BUILDS, CACHE, CURRENT, LEGACY, MANIFEST, current_build, migrate, version
from embeddings.model import EmbeddingModel, TextKind

pytestmark = pytest.mark.slow

CHANGES = frozenset({"open", "write", "fsync", "close", "replace", "rename", "unlink", "rmtree", "copytree"})


class _Crash(OSError):
    """The injected failure."""


class _Failing:
    """A stand-in for ``os`` or ``shutil`` whose disk-changing calls are counted and fail at step ``fail_at``."""

    def __init__(self, module: ModuleType, steps: list[str], fail_at: int | None, killed: bool) -> None:
        self._module = module
        self._steps = steps
        self._fail_at = fail_at
        self._killed = killed

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._module, name)
        if name not in CHANGES:
            return real

        def counted(*args: Any, **kwargs: Any) -> Any:
            step = len(self._steps)
            self._steps.append(name)
            if self._fail_at is not None and (step == self._fail_at or (self._killed and step > self._fail_at)):
                raise _Crash(f"injected failure at step {step} ({name})")
            return real(*args, **kwargs)

        return counted


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> Callable[[int | None, bool], list[str]]:
    """Install the failing proxies in the layout and index modules (and artifact, whose folder fsync layout
    calls); returns the list the steps go into."""

    def install(fail_at: int | None, killed: bool) -> list[str]:
        steps: list[str] = []
        for module in (layout, index, artifact):
            monkeypatch.setattr(module, "os", _Failing(os, steps, fail_at, killed), raising=False)
            monkeypatch.setattr(module, "shutil", _Failing(shutil, steps, fail_at, killed), raising=False)
        return steps

    return install


class _Remembering:
    """The real model, remembering vectors, so the many builds below cost Chroma's writes only."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self._model = model
        self._known: dict[tuple[str, str], list[float]] = {}

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in self._known]
        if missing:
            self._known.update(zip(((kind, t) for t in missing), self._model.embed_batch(missing, kind), strict=True))
        return [self._known[(kind, t)] for t in texts]


@pytest.fixture(scope="module")
def model(embedding_model: EmbeddingModel) -> _Remembering:
    return _Remembering(embedding_model)


@pytest.fixture
def old_index(tmp_path: Path, index_dir: Path) -> Path:
    """A live index of the shipped corpus (the session's, copied)."""
    copy = tmp_path / "data" / "index"
    shutil.copytree(index_dir, copy)
    return copy


def _content(index_dir: Path, model: _Remembering, *corpora: Corpus) -> list[str]:
    """The documents of the index that opens, checked against the corpus it was built from."""
    build = current_build(index_dir)
    assert build is not None, f"no index reachable in {sorted(p.name for p in index_dir.iterdir())}"
    documents = json.loads((build / MANIFEST).read_text(encoding="utf-8"))["documents"]
    corpus = next(c for c in corpora if [p.document.id for p in c.policies] == documents)
    opened = ClauseIndex(index_dir, model, corpus)  # type: ignore[arg-type]
    assert opened.manifest["documents"] == documents
    return documents


def _only_the_live_build(index_dir: Path) -> None:
    assert sorted(p.name for p in index_dir.iterdir() if p.name != CACHE) == sorted([BUILDS, CURRENT])
    assert [p.name for p in (index_dir / BUILDS).iterdir()] == [version(index_dir)]
    assert [p.name for p in index_dir.parent.iterdir()] == [index_dir.name]


def _every_step(
    failing: Callable[[int | None, bool], list[str]], reset: Callable[[], None], run: Callable[[], object]
) -> Iterator[tuple[int, bool, bool]]:
    """Count the steps of ``run``, then run it from the ``reset`` state for each step failing once and
    failing for good; the caller checks the disk (after ``monkeypatch.undo()``) at each yield."""
    reset()
    steps = failing(None, False)
    run()
    assert len(steps) >= 8, f"too few filesystem steps seen: {steps}"
    for killed in (False, True):
        for step in range(len(steps)):
            reset()
            failing(step, killed)
            try:
                run()
                finished = True
            except _Crash:
                finished = False
            yield step, killed, finished


def test_a_failure_at_any_step_of_a_build_leaves_the_old_or_the_new_index(
    old_index: Path,
    model: _Remembering,
    corpus: Corpus,
    two_documents: Corpus,
    failing: Callable[[int | None, bool], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = [p.document.id for p in corpus.policies]
    new = [p.document.id for p in two_documents.policies]
    template = old_index.parent.parent / "template"
    shutil.copytree(old_index.parent, template)

    def reset() -> None:
        shutil.rmtree(old_index.parent)
        shutil.copytree(template, old_index.parent)

    for step, killed, finished in _every_step(failing, reset, lambda: build_index(two_documents, model, old_index)):  # type: ignore[arg-type]
        monkeypatch.undo()
        content = _content(old_index, model, corpus, two_documents)
        assert content in (old, new), (step, killed)
        if finished:
            assert content == new, (step, killed)
        build_index(two_documents, model, old_index)  # type: ignore[arg-type]  # the next ingest
        assert _content(old_index, model, two_documents) == new
        _only_the_live_build(old_index)


def test_a_failure_at_any_step_of_a_migration_keeps_the_older_layout_readable(
    tmp_path: Path,
    index_dir: Path,
    model: _Remembering,
    corpus: Corpus,
    failing: Callable[[int | None, bool], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    legacy = tmp_path / "data" / "index"

    def fresh_legacy() -> None:
        shutil.rmtree(legacy.parent, ignore_errors=True)
        build = current_build(index_dir)
        assert build is not None
        shutil.copytree(build, legacy)  # the older layout: the store itself at index/
        (legacy.parent / ".index-build-1a2b3c4d").mkdir()  # left by a killed ingest of the older code
        (legacy.parent / ".index-old-5e6f7a8b").mkdir()

    fresh_legacy()
    assert version(legacy) == LEGACY and _content(legacy, model, corpus)
    for step, killed, _ in _every_step(failing, fresh_legacy, lambda: migrate(legacy)):
        monkeypatch.undo()
        assert _content(legacy, model, corpus) == [p.document.id for p in corpus.policies], (step, killed)
        build_index(corpus, model, legacy)  # type: ignore[arg-type]
        _only_the_live_build(legacy)


def test_a_pointer_to_a_missing_build_says_how_to_rebuild(old_index: Path, model: _Remembering, corpus: Corpus) -> None:
    (old_index / CURRENT).write_text("20260101T000000-deadbeef", encoding="utf-8")
    with pytest.raises(IndexUnavailableError, match=r"index not found at .*policy-assistant ingest"):
        ClauseIndex(old_index, model, corpus)  # type: ignore[arg-type]


@pytest.mark.parametrize("pointer", ["", "../../elsewhere", ".."])
def test_a_garbled_pointer_is_no_index(old_index: Path, pointer: str) -> None:
    (old_index / CURRENT).write_text(pointer, encoding="utf-8")
    assert version(old_index) is None and current_build(old_index) is None
