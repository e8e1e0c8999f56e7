"""The LLM settings and the chat model they select: ChatOpenAI built from settings, no request made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr, ValidationError

from assistant import chat_model
from assistant.chain import load_assistant
from assistant.settings import Settings

BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: nothing here makes a request


def llm_settings(tmp_path: Path, **overrides: object) -> Settings:
    values = {"data_dir": tmp_path, "llm_base_url": BASE_URL, "llm_model": "qwen2.5-7b-instruct", **overrides}
    return Settings(**values)  # type: ignore[arg-type]


def test_chat_openai_gets_the_endpoint_a_short_timeout_and_no_retries(tmp_path: Path) -> None:
    model = chat_model.load_chat_model(llm_settings(tmp_path, llm_api_key=SecretStr("sk-test"), llm_timeout_s=1.5))
    assert isinstance(model, ChatOpenAI)
    assert (model.openai_api_base, model.model_name) == (BASE_URL, "qwen2.5-7b-instruct")
    assert (model.request_timeout, model.max_retries) == (1.5, 0)
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == "sk-test"
    client = model.root_client  # the openai client that would send the request
    assert (str(client.base_url), client.timeout, client.max_retries) == (BASE_URL + "/", 1.5, 0)


def test_without_a_key_the_environment_key_is_not_sent_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-meant-for-openai")
    model = chat_model.load_chat_model(llm_settings(tmp_path))
    assert isinstance(model, ChatOpenAI) and model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == chat_model.NO_KEY


@pytest.mark.parametrize(
    ("env", "enabled"),
    [
        ({}, False),
        ({"ASSISTANT_LLM_BASE_URL": BASE_URL, "ASSISTANT_LLM_MODEL": "deepseek-chat"}, True),
        ({"ASSISTANT_LLM_BASE_URL": BASE_URL}, None),  # half a configuration is an error
        ({"ASSISTANT_LLM_MODEL": "deepseek-chat"}, None),
    ],
)
def test_llm_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], enabled: bool | None
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if enabled is None:
        with pytest.raises(ValidationError, match="ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL"):
            Settings()
    else:
        settings = Settings()
        assert settings.llm_enabled is enabled
        assert settings.llm_timeout_s == 5.0


def test_load_assistant_uses_the_llm_only_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reply = "Measure 13 funds EDA tool purchases with up to 50% of the actual purchase amount."
    monkeypatch.setattr(chat_model, "load_chat_model", lambda settings: GenericFakeChatModel(messages=iter([reply])))
    question = "Which support applies to a new EDA tool purchase?"
    assert load_assistant(Settings(data_dir=tmp_path), "bm25").answer(question).composer == "template"
    result = load_assistant(llm_settings(tmp_path), "bm25").answer(question)
    assert (result.composer, result.answer) == ("llm", reply)


def test_the_deterministic_path_never_imports_the_vendor_package(tmp_path: Path) -> None:
    """A fresh interpreter, since this one has imported it for the tests above."""
    code = (
        "import sys; from pathlib import Path; from assistant.chain import load_assistant; "
        "from assistant.settings import Settings; "
        f"load_assistant(Settings(data_dir=Path({str(tmp_path)!r})), 'bm25').answer('EDA 工具'); "
        "sys.exit(' '.join(m for m in sys.modules if m.split('.')[0] in ('langchain_openai', 'openai')) or None)"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_LLM_")}
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert completed.returncode == 0, completed.stderr
