"""The loaded assistant shared by the API and the web UI, and why it is not ready when it is not.

The index can change under a running server (``policy-assistant ingest`` points ``index/CURRENT``, or
the Chroma server's pointer, at a new build): every look at the service compares the pointer's version
with the one loaded, a small file read (a request to the server at most once a second), and a change
loads the new index in the background. Requests keep the assistant
they started with, so in-flight answers finish on the old index while new ones get the new.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import cached_property

from assistant.chain import Assistant, load_assistant
from assistant.corpus import Corpus, CorpusError, load_corpus
from assistant.serving.history import History
from assistant.serving.redaction import without_paths
from assistant.serving.sessions import SessionStore
from assistant.settings import Settings
from embeddings.batcher import BatchingModel
from embeddings.conversion import ModelNotFoundError
from embeddings.index import IndexUnavailableError
from embeddings.model import load_embedding_model
from embeddings.store import index_store

# Failures a user fixes by running a command; anything else is a bug and should be loud.
FIXABLE = (IndexUnavailableError, ModelNotFoundError, CorpusError)
PICKED_UP = "the running server picks up a new index without a restart"

logger = logging.getLogger(__name__)


class NotReadyError(RuntimeError):
    """The assistant could not be loaded; the message says how to fix it."""


class AssistantService:
    """Loads model, index and corpus at start-up, hands the same assistant to every request, and
    loads again when the index is rebuilt (the embedding model is loaded once and kept)."""

    def __init__(self, settings: Settings, loader: Callable[[Settings], Assistant] | None = None) -> None:
        self.settings = settings
        self._loader = loader or self._load_assistant
        self._store = index_store(settings.index_dir, settings.chroma_url)
        self._model: BatchingModel | None = None
        self._assistant: Assistant | None = None
        # Conversations the OpenAI-compatible endpoint rebuilds from messages; they belong to one index.
        self.history = self._new_history()
        self._error: str | None = "starting"
        self._version: str | None = None  # of the index the last load was from
        self._loading = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Load the assistant; a fixable failure is kept as the reason the service is not ready."""
        with self._lock:
            self._loading = True
        self._load(self._store.version())

    @property
    def ready(self) -> bool:
        self._notice_new_index()
        return self._assistant is not None

    @property
    def reason(self) -> str | None:
        """Why the service is not ready (None when it is)."""
        return self._error

    @property
    def public_reason(self) -> str | None:
        """The reason as callers see it: the setting instead of this machine's folders (the console has them)."""
        return None if self._error is None else without_paths(self._error, self.settings)

    def assistant(self) -> Assistant:
        self._notice_new_index()
        assistant = self._assistant
        if assistant is None:
            raise NotReadyError(self.public_reason or "the assistant is not loaded")
        return assistant

    @cached_property
    def sessions(self) -> SessionStore:
        """The API's conversations, opened on first use (the web UI keeps its own per browser tab)."""
        settings = self.settings
        return SessionStore(settings.sessions_store, settings.session_ttl_s, settings.max_sessions, settings.max_turns)

    def corpus(self) -> Corpus:
        """The loaded corpus, or the policies on disk when the index is not ready (browsing still works)."""
        self._notice_new_index()  # a replica asked only to browse still moves to a new index
        assistant = self._assistant
        return assistant.corpus if assistant else load_corpus(self.settings.policies_dir)

    def _notice_new_index(self) -> None:
        """Start loading in the background when the index pointer names another build than the one loaded."""
        current = self._store.version()
        with self._lock:
            if self._loading or current == self._version:
                return
            self._loading = True
        threading.Thread(target=self._load, args=(current,), name="index-reload", daemon=True).start()

    def _load(self, current: str | None) -> None:
        try:
            assistant = self._loader(self.settings)
        except FIXABLE as error:
            if self._assistant is not None:  # the index being served stays: a broken rebuild is no reason to stop
                logger.warning("kept the loaded index: the new one failed to load: %s", error)
            else:
                hint = f"; {PICKED_UP}" if isinstance(error, IndexUnavailableError) else ""
                self._error = f"{error}{hint}"
        else:
            self._assistant, self._error, self.history = assistant, None, self._new_history()
        finally:
            with self._lock:
                self._version, self._loading = current, False

    def _new_history(self) -> History:
        return History(self.settings.max_replay_chars, self.settings.max_turns)

    def _load_assistant(self, settings: Settings) -> Assistant:
        """The real assistant, reusing the embedding model (and its batcher) across index reloads."""
        if self._model is None and settings.retriever != "bm25":
            self._model = BatchingModel(
                load_embedding_model(
                    settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
                )
            )
        return load_assistant(settings, model=self._model)
