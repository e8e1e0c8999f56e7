"""ensure_index: an up-to-date index of the older layout (the store itself at index/) is migrated, not rebuilt."""

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
