"""ensure_index on an up-to-date index: the older layout is migrated, not rebuilt; stale builds are removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest import ensure_index
from assistant.settings import Settings
from embeddings.layout import BUILDS, CURRENT, LEGACY, current_build, version


@pytest.mark.slow
def test_an_index_of_the_older_layout_is_migrated_without_a_rebuild(settings: Settings, index_dir: Path) -> None:
    live = current_build(index_dir)
    assert live is not None
    shutil.copytree(live, settings.index_dir)
    assert version(settings.index_dir) == LEGACY
    _, manifest = ensure_index(settings)
    assert manifest is None, "an up-to-date index should not be rebuilt"
    assert sorted(p.name for p in settings.index_dir.iterdir()) == sorted([BUILDS, CURRENT])
    assert str(version(settings.index_dir)).startswith(f"{LEGACY}-")
    assert ensure_index(settings)[1] is None, "the migrated index opens as up to date"


@pytest.mark.slow
def test_an_up_to_date_ingest_removes_what_killed_ingests_left(settings: Settings, index_dir: Path) -> None:
    shutil.copytree(index_dir, settings.index_dir)
    live = version(settings.index_dir)
    (settings.index_dir / BUILDS / "20260101T000000-0badc0de").mkdir()  # a killed ingest's build
    (settings.index_dir / f".{CURRENT}-0badc0de").write_text("half", encoding="utf-8")  # and its pointer
    (settings.data_dir / ".index-build-0badc0de").mkdir()  # a killed ingest of the older code
    assert ensure_index(settings)[1] is None
    assert [p.name for p in (settings.index_dir / BUILDS).iterdir()] == [live]
    assert sorted(p.name for p in settings.index_dir.iterdir()) == sorted([BUILDS, CURRENT])
    assert not (settings.data_dir / ".index-build-0badc0de").exists()
