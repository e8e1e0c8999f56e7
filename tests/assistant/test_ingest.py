"""ensure_index on an up-to-date index: the older layout is migrated, not rebuilt; stale builds are removed;
an index without its saved keyword index is rebuilt. Two ingests of one data folder take turns."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ingest import ensure_index, one_at_a_time
from assistant.keyword_index import FOLDER, open_saved
from assistant.serving.storage import StorageError
from assistant.settings import Settings
from embeddings.layout import BUILDS, CACHE, CURRENT, LEGACY, current_build, version
from tests.conftest import MODEL_CACHE
from tests.support import STARTUP_SECONDS


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
    assert sorted(p.name for p in settings.index_dir.iterdir()) == sorted([BUILDS, CACHE, CURRENT]), "cache kept"
    assert not (settings.data_dir / ".index-build-0badc0de").exists()


@pytest.mark.slow
def test_an_index_without_its_keyword_index_is_rebuilt(settings: Settings, index_dir: Path) -> None:
    """A build made before keyword indexes were saved: its vectors are up to date, its keywords missing."""
    shutil.copytree(index_dir, settings.index_dir)
    live = current_build(settings.index_dir)
    assert live is not None
    shutil.rmtree(live / FOLDER)
    corpus, manifest = ensure_index(settings)
    assert manifest is not None, "the index should be rebuilt"
    assert open_saved(settings.index_dir, corpus).matrix.shape[1] == manifest["count"]


def ingest(data: Path) -> subprocess.Popen[str]:
    """``policy-assistant ingest --force`` in its own process: it builds and publishes whatever is there."""
    environment = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE)}
    command = [sys.executable, "-m", "assistant.cli", "ingest", "--force"]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def holding(lock: Path, process: subprocess.Popen[str]) -> None:
    """Return once ``process`` holds the lock (it writes its process id there)."""
    for _ in range(STARTUP_SECONDS * 10):
        if lock.is_file() and lock.read_text(encoding="utf-8") == str(process.pid):
            return
        if process.poll() is not None:
            pytest.fail(f"the first ingest ended before taking the lock: {process.communicate()}")
        time.sleep(0.1)
    pytest.fail(f"the first ingest did not take {lock} within {STARTUP_SECONDS} s")


@pytest.mark.slow
def test_a_second_ingest_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    """Two real processes: the first is stopped while it holds the lock, so the second must wait for it
    (before the lock, the second built anyway, and the first's publish removed its half-written build)."""
    data = tmp_path / "data"
    lock = Settings(data_dir=data).ingest_lock
    first = ingest(data)
    second: subprocess.Popen[str] | None = None
    try:
        holding(lock, first)
        os.kill(first.pid, signal.SIGSTOP)
        second = ingest(data)
        assert second.stderr is not None
        said = ""
        while "waiting" not in said and (line := second.stderr.readline()):  # until it says so, or ends
            said = line
        assert f"waiting for the other ingest (process {first.pid}) to finish: it holds {lock}" in said
        assert second.poll() is None, "the second ingest went on while the first held the lock"
        os.kill(first.pid, signal.SIGCONT)
        first_out, first_err = first.communicate(timeout=600)
        second_out, second_err = second.communicate(timeout=600)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)
                process.kill()
                process.wait()
    assert (first.returncode, second.returncode) == (0, 0), first_err + second_err
    assert "built index" in first_out and "built index" in second_out
    index = Settings(data_dir=data).index_dir
    assert [build.name for build in (index / BUILDS).iterdir()] == [version(index)]
    assert lock.read_text(encoding="utf-8") == "", "no process id is left once both are done"


def test_a_lock_that_cannot_be_taken_names_the_folder_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    lock = tmp_path / "file" / "data" / "ingest.lock"
    with pytest.raises(StorageError, match="set ASSISTANT_DATA_DIR to a writable folder"), one_at_a_time(lock, print):
        pytest.fail("the lock was taken")
