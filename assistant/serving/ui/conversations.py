"""Earlier conversations of one browser, kept in its localStorage (Gradio's BrowserState): newest first,
at most ``MAX_CONVERSATIONS``, each with its messages and the structured results its thumbs and follow-ups need.

What the browser sends back is the user's to change, so it is validated, and whatever does not validate
is dropped rather than shown.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError

MAX_CONVERSATIONS = 30  # a few MB of localStorage at most, well under browsers' 5 MB per site
TITLE_CHARS = 40


class Conversation(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    title: str = ""
    updated: str = ""
    messages: list[dict[str, Any]] = Field(default_factory=list)
    results: dict[int, str] = Field(default_factory=dict, description="assistant message index -> AnswerResult JSON")


def load(stored: Any) -> list[Conversation]:
    """The conversations in the browser's store, skipping anything that is not one."""
    conversations = []
    for item in stored if isinstance(stored, list) else []:
        try:
            conversations.append(Conversation.model_validate(item))
        except ValidationError:
            continue
    return conversations


def record(
    stored: Any, conversation_id: str | None, question: str, messages: list[dict[str, Any]], results: dict[int, str]
) -> tuple[list[dict[str, Any]], str]:
    """The store with this conversation saved first, and its id: a new one (``conversation_id`` None) is
    titled by ``question``, its first; beyond ``MAX_CONVERSATIONS`` the oldest are dropped."""
    earlier = find(stored, conversation_id)
    conversation = Conversation(
        title=earlier.title if earlier else _title(question),
        updated=datetime.now(UTC).isoformat(timespec="seconds"),
        messages=messages,
        results=results,
    )
    conversation.id = conversation_id or conversation.id
    others = [c for c in load(stored) if c.id != conversation.id]
    return [c.model_dump(mode="json") for c in [conversation, *others][:MAX_CONVERSATIONS]], conversation.id


def remove(stored: Any, conversation_id: str) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in load(stored) if c.id != conversation_id]


def find(stored: Any, conversation_id: str | None) -> Conversation | None:
    return next((c for c in load(stored) if c.id == conversation_id), None)


def choices(stored: Any) -> list[tuple[str, str]]:
    """(label, id) for the list of earlier conversations: the date and the first question."""
    return [(f"{c.updated[:10]} · {c.title}", c.id) for c in load(stored)]


def _title(question: str) -> str:
    line = " ".join(question.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"
