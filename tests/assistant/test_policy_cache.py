"""Tests for assistant.policy_cache: a policy is parsed once, then read back; any change parses it again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import POLICY_FILE, Policy, builtin_policy_dirs, load_corpus, load_policy
from assistant.policy_cache import PolicyCache
from tests.support import read_only


class _Counting:
    """``load_policy``, counting the folders it parses."""

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def __call__(self, folder: Path) -> Policy:
        self.parsed.append(folder.name)
        return load_policy(folder)


@pytest.fixture()
def policy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "policies" / "one"
    shutil.copytree(builtin_policy_dirs()[0], folder)
    return folder


def test_a_policy_is_parsed_once_and_read_back_equal(policy_folder: Path) -> None:
    parse = _Counting()
    first = PolicyCache(policy_folder.parent / ".parsed").load(policy_folder, parse)
    again = PolicyCache(policy_folder.parent / ".parsed").load(policy_folder, parse)
    assert parse.parsed == ["one"]
    assert again == first == load_policy(policy_folder)


def test_an_edited_policy_is_parsed_again(policy_folder: Path) -> None:
    parse = _Counting()
    cache = PolicyCache(policy_folder.parent / ".parsed")
    before = cache.load(policy_folder, parse)
    text = (policy_folder / POLICY_FILE).read_text(encoding="utf-8")
    (policy_folder / POLICY_FILE).write_text(text.replace("市经济信息化委", "市经信委"), encoding="utf-8")
    after = cache.load(policy_folder, parse)
    assert parse.parsed == ["one", "one"]
    assert after != before and "市经信委" in after.document.clause(13).responsible_units


@pytest.mark.parametrize("damage", [b"", b"\x80junk", b"not a pickle at all"])
def test_a_damaged_cache_file_is_parsed_again_and_rewritten(policy_folder: Path, damage: bytes) -> None:
    folder = policy_folder.parent / ".parsed"
    PolicyCache(folder).load(policy_folder, load_policy)
    [saved] = folder.iterdir()
    saved.write_bytes(damage)
    parse = _Counting()
    assert PolicyCache(folder).load(policy_folder, parse) == load_policy(policy_folder)
    assert parse.parsed == ["one"] and saved.read_bytes() != damage


def test_a_read_only_policies_folder_loads_without_writing(policy_folder: Path) -> None:
    """Permissions do not stop root: the folder is mounted read-only for the loading process."""
    policies = policy_folder.parent
    script = "import sys, pathlib, assistant.corpus as c; print(len(c.load_corpus(pathlib.Path(sys.argv[1])).policies))"
    result = subprocess.run(
        [*read_only(policies), sys.executable, "-c", script, str(policies)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.strip() == "1", result.stderr
    assert not (policies / ".parsed").exists()


def test_load_corpus_keeps_only_what_it_used(policy_folder: Path) -> None:
    policies = policy_folder.parent
    text = (policy_folder / POLICY_FILE).read_text(encoding="utf-8")
    other = policies / "two"
    other.mkdir()
    (other / POLICY_FILE).write_text(text.replace("上海市", "上海市奉贤区"), encoding="utf-8")
    assert len(load_corpus(policies).policies) == 2
    assert len(list((policies / ".parsed").iterdir())) == 2  # the shipped one and its copy share one: same files
    shutil.rmtree(other)
    corpus = load_corpus(policies)
    assert len(corpus.policies) == 1 and len(list((policies / ".parsed").iterdir())) == 1


def test_no_cache_is_made_where_nothing_was_ingested(tmp_path: Path) -> None:
    load_corpus(tmp_path / "policies")
    assert not (tmp_path / "policies").exists()
