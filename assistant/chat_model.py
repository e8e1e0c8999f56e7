"""The chat model behind the optional LLM composer: the only import of ``langchain_openai``.

Any OpenAI-compatible endpoint (vLLM, Ollama, DeepSeek, Qwen, OpenAI) is reached the same way, so one
class serves them all. ``chain.load_assistant`` imports this module only when an LLM is configured,
so the deterministic path never pays for the vendor package.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from assistant.settings import Settings

# Local servers (vLLM, Ollama) want no key, but the client insists on one. Passing it explicitly also
# keeps an OPENAI_API_KEY from the environment from being sent to whatever ASSISTANT_LLM_BASE_URL names.
NO_KEY = "not-needed"


def load_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI on the configured endpoint: a short timeout and no retries, so a slow or failing model
    costs one timeout before the deterministic answer, never several."""
    if settings.llm_base_url is None or settings.llm_model is None:
        raise ValueError("no LLM configured: set ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else NO_KEY
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=key,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0,
    )
