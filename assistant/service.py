"""The loaded assistant shared by the API and the web UI, and why it is not ready when it is not."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property

from assistant.chain import Assistant, load_assistant
from assistant.corpus import Corpus, CorpusError, load_corpus
from assistant.sessions import SessionStore
from assistant.settings import Settings
from embeddings.conversion import ModelNotFoundError
from embeddings.index import IndexUnavailableError

# Failures a user fixes by running a command; anything else is a bug and should be loud.
FIXABLE = (IndexUnavailableError, ModelNotFoundError, CorpusError)


class NotReadyError(RuntimeError):
    """The assistant could not be loaded; the message says how to fix it."""


class AssistantService:
    """Loads model, index and corpus once, at start-up, and hands the same assistant to every request."""

    def __init__(self, settings: Settings, loader: Callable[[Settings], Assistant] = load_assistant) -> None:
        self.settings = settings
        self._loader = loader
        self._assistant: Assistant | None = None
        self._error: str | None = "starting"
        self._lock = threading.Lock()

    def start(self) -> None:
        """Load the assistant; a fixable failure is kept as the reason the service is not ready."""
        with self._lock:
            try:
                self._assistant = self._loader(self.settings)
                self._error = None
            except FIXABLE as error:
                self._assistant = None
                self._error = str(error)

    @property
    def ready(self) -> bool:
        return self._assistant is not None

    @property
    def reason(self) -> str | None:
        """Why the service is not ready (None when it is)."""
        return self._error

    def assistant(self) -> Assistant:
        if self._assistant is None:
            raise NotReadyError(self._error or "the assistant is not loaded")
        return self._assistant

    @cached_property
    def sessions(self) -> SessionStore:
        """The API's conversations, opened on first use (the web UI keeps its own per browser tab)."""
        settings = self.settings
        return SessionStore(settings.sessions_db, settings.session_ttl_s, settings.max_sessions, settings.max_turns)

    def corpus(self) -> Corpus:
        """The loaded corpus, or the policies on disk when the index is not ready (browsing still works)."""
        return self._assistant.corpus if self._assistant else load_corpus(self.settings.policies_dir)
