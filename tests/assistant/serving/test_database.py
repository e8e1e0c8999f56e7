"""ASSISTANT_DATABASE_URL: what it accepts, and what a store says when its database server cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.serving.database import DatabaseURLError, check_url, shown_url
from assistant.serving.feedback import FeedbackStore
from assistant.serving.sessions import SessionStore
from assistant.serving.storage import StorageError, unwritable_notice
from assistant.settings import Settings, SettingsError, get_settings
from evals.server_process import free_port


def test_unset_keeps_the_sqlite_files_in_the_data_folder(settings: Settings) -> None:
    assert settings.database_url is None
    assert settings.sessions_store == settings.data_dir / "sessions.sqlite3"
    assert settings.feedback_store == settings.data_dir / "feedback.sqlite3"


def test_a_postgresql_url_holds_both_stores(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://assistant:secret@db.internal:5432/assistant"
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    chosen = get_settings()
    assert chosen.sessions_store == chosen.feedback_store == url
    settings.data_dir.mkdir(parents=True)
    settings.data_dir.chmod(0o500)  # a read-only data folder does not matter: nothing is written there
    try:
        assert unwritable_notice(chosen) is None
    finally:
        settings.data_dir.chmod(0o700)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "http://example.org", "sqlite://", "postgres"])
def test_other_engines_are_refused_naming_the_variable(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    with pytest.raises(SettingsError, match="ASSISTANT_DATABASE_URL must start with postgresql://"):
        get_settings()


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite:///:memory:", "mysql://u@h/db"])
def test_the_store_refuses_urls_it_cannot_keep_anything_in(url: str) -> None:
    with pytest.raises(DatabaseURLError, match="ASSISTANT_DATABASE_URL"):
        check_url(url)


def test_the_console_shows_the_url_without_its_password() -> None:
    assert shown_url("postgresql://assistant:s3cret@db:5432/a") == "postgresql+psycopg://assistant:***@db:5432/a"


def test_a_sqlite_url_is_one_file_for_both(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/state.sqlite3"
    SessionStore(url, 60, 10, 5)
    assert FeedbackStore(url).list() == []
    assert FeedbackStore(url).path == tmp_path / "state.sqlite3"


def test_an_unreachable_server_names_the_setting_and_hides_the_password() -> None:
    url = f"postgresql://assistant:s3cret-password@127.0.0.1:{free_port()}/assistant"
    with pytest.raises(StorageError) as raised:
        SessionStore(url, 60, 10, 5)
    message = str(raised.value)
    assert message.startswith("cannot save API conversations (requests with a session_id): the database of ")
    assert "ASSISTANT_DATABASE_URL (postgresql+psycopg://assistant:***@127.0.0.1:" in message
    assert "cannot be reached or refuses writes" in message and "s3cret" not in message
    assert raised.value.path is None and not raised.value.full
    with pytest.raises(StorageError, match="cannot save feedback"):
        FeedbackStore(url).list()


@pytest.mark.parametrize(("lang", "said"), [("en", "Feedback could not be saved:"), ("zh", "反馈未能保存")])
def test_the_thumbs_say_the_database_could_not_save(settings: Settings, lang: str, said: str) -> None:
    from assistant.serving.ui.chat import unsaved_feedback
    from assistant.serving.ui.texts import Texts

    error = StorageError.of_database("postgresql+psycopg://a:***@db:5432/a", "feedback", False, "refused")
    shown = unsaved_feedback(error, Texts(lang), settings)  # type: ignore[arg-type]
    assert said in shown and "ASSISTANT_DATABASE_URL" in shown and "db:5432" not in shown
