"""Settings that cannot work are refused at start-up, naming the variable and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from assistant.cli import EXIT_USER_ERROR, main
from assistant.settings import EMBEDDING_THREADS, MIN_API_KEY_CHARS, Settings, SettingsError, get_settings


@pytest.mark.parametrize(
    ("key", "says"), [("", "set but empty"), ("   ", "set but empty"), ("short-key", "9 characters")]
)
def test_an_empty_or_short_api_key_is_refused(tmp_path: Path, key: str, says: str) -> None:
    with pytest.raises(ValidationError, match=f"{says}.*at least {MIN_API_KEY_CHARS}.*secrets.token_urlsafe"):
        Settings(data_dir=tmp_path, api_key=SecretStr(key))


def test_a_key_of_sixteen_characters_is_taken(tmp_path: Path) -> None:
    key = SecretStr("k" * MIN_API_KEY_CHARS)
    assert Settings(data_dir=tmp_path, api_key=key).api_key == key


def test_get_settings_names_the_variable(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "99")
    monkeypatch.setenv("ASSISTANT_API_KEY", "")
    get_settings.cache_clear()
    with pytest.raises(SettingsError) as error:
        get_settings()
    assert str(error.value).startswith("ASSISTANT_TOP_K: Input should be less than or equal to 25; ")
    assert "ASSISTANT_API_KEY is set but empty" in str(error.value)


def test_serve_with_an_empty_key_stops_at_start_up_with_the_fix(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_API_KEY", "")
    get_settings.cache_clear()
    assert main(["serve", "--host", "0.0.0.0"]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: ASSISTANT_API_KEY is set but empty") and "unset it" in err


@pytest.mark.parametrize(
    ("url", "taken"),
    [("", None), ("  ", None), ("http://chroma.internal:8000/", "http://chroma.internal:8000")],
)
def test_a_chroma_url_is_an_http_address_or_unset(tmp_path: Path, url: str, taken: str | None) -> None:
    assert Settings(data_dir=tmp_path, chroma_url=url).chroma_url == taken


@pytest.mark.parametrize("url", ["chroma.internal:8000", "ftp://chroma.internal", "http://"])
def test_a_chroma_url_that_is_not_an_address_is_refused_with_the_form(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValidationError, match=r"ASSISTANT_CHROMA_URL must be .*http://HOST:PORT"):
        Settings(data_dir=tmp_path, chroma_url=url)


@pytest.mark.parametrize(("cores", "threads"), [({0}, 1), ({0, 1}, 2), (set(range(16)), EMBEDDING_THREADS)])
def test_embedding_threads_follow_the_cores_the_process_may_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: set[int], threads: int
) -> None:
    """A second intra-op thread on one core only takes turns with the first: half the throughput there."""
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: cores)
    monkeypatch.delenv("ASSISTANT_EMBEDDING_THREADS", raising=False)
    assert Settings(data_dir=tmp_path).embedding_threads == threads
