"""The conversation a stateless client (the OpenAI-compatible endpoint) sends, rebuilt at a bounded cost.

Each request carries every earlier user message; the turn they leave is what a follow-up resolves
against. Rebuilding it plans each earlier message again, so it is bounded twice:

- **Remembered.** The turn after each prefix of a conversation is kept (least recently used first
  out), keyed by a hash of the document and the messages. A client continuing its conversation sends
  what it sent before plus the answer and one new question, so only that one question is planned again.
- **Capped.** Whatever is not remembered is replayed from the latest message back, at most
  ``max_chars`` characters in at most ``max_turns`` messages; older ones are not replayed. An earlier
  message longer than what is left of the budget ends the replay there.

So one request plans at most ``max_chars`` characters of history besides its own question.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

from assistant.chain import Assistant
from assistant.conversation import Turn

REMEMBERED = 4096  # conversation prefixes kept; a turn is a question and a few measure numbers


class History:
    """Turns of earlier conversations, and the replay that rebuilds the rest within the bound."""

    def __init__(self, max_chars: int, max_turns: int, remembered: int = REMEMBERED) -> None:
        self.max_chars = max_chars
        self.max_turns = max_turns
        self._remembered = remembered
        self._turns: OrderedDict[str, Turn | None] = OrderedDict()
        self._lock = threading.Lock()

    def context(self, assistant: Assistant, questions: Sequence[str], doc_id: str | None) -> Turn | None:
        """The turn ``questions`` (the earlier user messages, oldest first) leave, planning as few as it can."""
        keys = _prefix_keys(questions, doc_id)
        start = self._window_start(questions)
        first, turn = start, None
        for known in range(len(questions), start - 1, -1):  # the longest remembered prefix within reach
            remembered, recalled = self._recall(keys[known])
            if remembered:
                first, turn = known, recalled
                break
        for index in range(first, len(questions)):
            turn = assistant.context([questions[index]], doc_id, turn)
            self._remember(keys[index + 1], turn)
        return turn

    def _window_start(self, questions: Sequence[str]) -> int:
        """The oldest message the budget reaches: replay never plans more than the cap."""
        budget = self.max_chars
        start = len(questions)
        while start > 0 and len(questions) - start < self.max_turns and len(questions[start - 1]) <= budget:
            budget -= len(questions[start - 1])
            start -= 1
        return start

    def _recall(self, key: str) -> tuple[bool, Turn | None]:
        """Whether the prefix is remembered, and its turn (None: no topic yet)."""
        with self._lock:
            if key not in self._turns:
                return False, None
            self._turns.move_to_end(key)
            return True, self._turns[key]

    def _remember(self, key: str, turn: Turn | None) -> None:
        with self._lock:
            self._turns[key] = turn
            self._turns.move_to_end(key)
            while len(self._turns) > self._remembered:
                self._turns.popitem(last=False)


def _prefix_keys(questions: Sequence[str], doc_id: str | None) -> list[str]:
    """A key for each prefix of the conversation (``keys[k]``: the first k messages), hashed as it grows."""
    digest = hashlib.sha256(f"{doc_id}\0".encode())
    keys = [digest.hexdigest()]
    for question in questions:
        digest.update(question.encode("utf-8", "surrogatepass") + b"\0\1")
        keys.append(digest.hexdigest())
    return keys
