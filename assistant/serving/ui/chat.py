"""The Ask tab: a chat whose answers stream, with Stop, conversations kept in the browser, and thumbs whose
confirmation and comment box sit right under the conversation.

Nothing the user types is lost: the answer never writes to the input box, a question sent while an
answer streams stays in the box with a visible note, and a question that is too long stays there too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.conversation import Turn
from assistant.result import AnswerResult
from assistant.serving.feedback import FeedbackStore
from assistant.serving.redaction import without_paths
from assistant.serving.service import AssistantService, NotReadyError
from assistant.serving.storage import StorageError
from assistant.serving.ui import conversations
from assistant.serving.ui.cards import answer_message, inert, stream_pieces
from assistant.serving.ui.texts import Texts
from assistant.settings import Settings

Messages = list[dict[str, Any]]
STREAM_PAUSE_SECONDS = 0.02
# Gradio encrypts a BrowserState with this before it goes to localStorage; the secret travels to the
# browser in the page config, so it protects nothing. It is fixed so that saved conversations survive a
# server restart and are shared by the Chinese and English UIs.
STORAGE_KEY = "policy-assistant-conversations"
STORAGE_SECRET = "policy-assistant-conversations-v1"
EXCERPT_CHARS = 30
PENDING = "…"  # the answer's message until its first words arrive


def chat_tab(blocks: gr.Blocks, service: AssistantService, store: FeedbackStore, texts: Texts) -> None:
    """Lay out the tab and wire its events; ``blocks`` loads the saved conversations when a page opens."""
    saved = gr.BrowserState([], storage_key=STORAGE_KEY, secret=STORAGE_SECRET)
    conversation_id = gr.State(None)  # the conversation on screen, once it has an answer
    results = gr.State({})  # assistant message index -> AnswerResult JSON, for the thumbs and follow-ups
    ratings = gr.State({})  # assistant message index -> feedback id, so a second click changes that rating
    rated = gr.State(None)  # the feedback id the comment box attaches to
    pending = gr.State("")  # the question being answered
    busy = gr.State(False)  # an answer is streaming

    with gr.Row(elem_id="conversation-bar", equal_height=True):
        new = gr.Button(texts("new_conversation"), size="sm", scale=0, min_width=110, elem_id="new-conversation")
        with (
            gr.Column(scale=1, min_width=160),
            gr.Accordion(texts("earlier_conversations"), open=False, elem_id="earlier-box"),
        ):
            earlier = gr.Dropdown(
                choices=[],
                value=None,
                label=texts("earlier_conversations"),
                show_label=False,
                info=texts("earlier_info"),
                elem_id="earlier",
            )
            delete = gr.Button(texts("delete_conversation"), size="sm", elem_id="delete")
        policies = service.corpus().policies
        document = gr.Dropdown(
            [(texts("all_documents"), ""), *((p.document.title, p.document.id) for p in policies)],
            value="",
            label=texts("document"),
            show_label=False,
            container=False,
            elem_id="document",
            scale=1,
            min_width=160,
            visible=len(policies) > 1,  # with one policy there is nothing to choose
        )
    chatbot = gr.Chatbot(
        label=texts("chat_label"),
        show_label=False,
        elem_id="chat",
        height="var(--chat-height)",
        buttons=["copy"],
        placeholder=texts("chat_placeholder"),
        examples=[{"text": example} for example in texts.examples()],
    )
    feedback_status = gr.Markdown(elem_id="feedback-status")
    with gr.Row(visible=False, elem_id="comment-row", equal_height=True) as comment_row:
        comment = gr.Textbox(
            label=texts("comment_label"),
            show_label=False,
            placeholder=texts("comment_label"),
            container=False,
            scale=6,
            max_lines=3,
            elem_id="comment",
        )
        send_comment = gr.Button(texts("send_comment"), scale=1, min_width=100)
    with gr.Row(elem_id="composer", equal_height=True):
        question = gr.Textbox(
            label=texts("question_label"),
            show_label=False,
            placeholder=texts("question_placeholder"),
            lines=1,
            max_lines=6,
            scale=6,
            container=False,
            elem_id="question",
        )
        send = gr.Button(texts("send"), variant="primary", scale=0, min_width=80, elem_id="send")
        stop = gr.Button(texts("stop"), variant="stop", scale=0, min_width=80, visible=False, elem_id="stop")
    limit = service.settings.max_question_chars
    with gr.Row(elem_id="composer-footer"):
        notice = gr.Markdown(elem_id="question-notice")
        gr.HTML(
            f'<div id="question-counter"><span class="keys">{texts("keys")}</span><span id="question-count"'
            f' data-limit="{limit}">0 / {limit:,}</span></div>'
        )

    def start(text: str, history: Messages, is_busy: bool) -> tuple[Any, ...]:
        """Accept a question (show it in the chat at once, even if the answer has to queue; clear the box;
        show Stop) or keep it in the box with the reason."""
        kept = (gr.skip(), gr.skip(), "", gr.skip(), gr.skip(), gr.skip())  # the box keeps the text
        if is_busy:
            return *kept, texts("busy")
        if not text.strip():
            return *kept, ""
        if len(text) > limit:
            return *kept, texts("too_long", count=f"{len(text):,}", limit=f"{limit:,}")
        asked = [*history, {"role": "user", "content": inert(text)}, {"role": "assistant", "content": PENDING}]
        return "", asked, text, True, gr.Button(visible=False), gr.Button(visible=True), ""

    def pick_example(history: Messages, is_busy: bool, example: gr.SelectData) -> tuple[Any, ...]:
        """An example is asked as typed, without touching what is in the input box."""
        _, *accepted = start(str(example.value["text"]), history, is_busy)
        return tuple(accepted)

    def ask(
        text: str, history: Messages, answers: dict[int, str], doc: str, current: str | None, stored: Any
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the answer to an accepted question into the message ``start`` opened for it (or a new
        one after the question, for a caller of the API); at the end save the conversation and show Send."""
        idle = (False, gr.Button(visible=True), gr.Button(visible=False))
        if not text:
            yield (gr.skip(),) * 9
            return
        opened = history and history[-1]["role"] == "assistant"
        history = [*(history[:-1] if opened else history), {"role": "assistant", "content": PENDING}]
        yield history, *(gr.skip(),) * 8
        try:
            events = service.assistant().answer_stream(text, doc or None, last_turn(answers))
            shown = ""
            for event in events:
                if isinstance(event, AnswerResult):
                    result = event
                else:  # an LLM's sentences, already past the figure guard
                    shown += event
                    history[-1]["content"] = inert(shown)
                    yield history, *(gr.skip(),) * 8
            if not shown:  # a template answer arrives whole: reveal it a few characters at a time
                for piece in stream_pieces(result.answer):
                    history[-1]["content"] = inert(piece)
                    yield history, *(gr.skip(),) * 8
                    time.sleep(STREAM_PAUSE_SECONDS)
        except NotReadyError as error:
            history[-1]["content"] = texts("not_answerable_now", reason=str(error))
            yield history, gr.skip(), gr.skip(), *idle, gr.skip(), gr.skip(), ""
            return
        # The final message replaces what streamed, including an LLM answer the guard stopped.
        history[-1]["content"] = answer_message(result, service.corpus())
        answers = {**answers, len(history) - 1: result.model_dump_json()}
        stored, current = conversations.record(stored, current, text, history, answers)
        listed = gr.Dropdown(choices=conversations.choices(stored), value=current)
        yield history, answers, current, *idle, stored, listed, ""  # and no "still answering" note

    def halt(history: Messages) -> tuple[Any, ...]:
        """Stop: what was shown stays, marked as stopped."""
        if history and history[-1]["role"] == "assistant":
            history = [*history[:-1], appended(history[-1], texts("stopped"))]
        return history, False, gr.Button(visible=True), gr.Button(visible=False), ""

    def show(conversation: conversations.Conversation | None) -> tuple[Any, ...]:
        """The screen for a conversation (a new one when None), idle, with no rating pending; the
        conversation on screen before is already saved with its last answer."""
        shown = conversation or conversations.Conversation(id="")
        return (
            *(shown.messages, shown.results, shown.id or None, {}, None, "", gr.Row(visible=False)),
            *(False, gr.Button(visible=True), gr.Button(visible=False), shown.id or None),
        )

    def reopen(chosen: str | None, stored: Any) -> tuple[Any, ...]:
        return show(conversations.find(stored, chosen))

    def forget(current: str | None, stored: Any) -> tuple[Any, ...]:
        stored = conversations.remove(stored, current) if current else stored
        return (*show(None)[:-1], gr.Dropdown(choices=conversations.choices(stored), value=None), stored)

    def rate(
        answers: dict[int, str], given: dict[int, int], like: gr.LikeData
    ) -> tuple[dict[int, int], int | None, str, Any]:
        index = like.index if isinstance(like.index, int) else like.index[0]
        if index not in answers:
            return given, None, texts("rate_only_answers"), gr.Row(visible=False)
        result = AnswerResult.model_validate_json(answers[index])
        feedback_id = given.get(index)
        excerpt = _excerpt(result.question)
        try:
            if like.liked not in (True, False):  # the thumb was clicked again: rating taken back
                if feedback_id is not None:
                    store.delete(feedback_id)
                rest = {k: v for k, v in given.items() if k != index}
                return rest, None, f"{texts('rating_removed')} — {excerpt}", gr.Row(visible=False)
            rating = 1 if like.liked else -1
            if feedback_id is None:
                feedback_id = store.record(result.question, answers[index], rating)
            else:
                store.update(feedback_id, rating=rating)
        except StorageError as error:
            return given, None, unsaved_feedback(error, texts, service.settings), gr.Row(visible=False)
        thanks = texts("thanks_up" if rating == 1 else "thanks_down")
        return {**given, index: feedback_id}, feedback_id, f"{thanks} — {excerpt}", gr.Row(visible=True)

    def add_comment(text: str, feedback_id: int | None) -> tuple[str, str, Any]:
        if feedback_id is None:
            return text, texts("rate_first"), gr.skip()
        try:
            store.update(feedback_id, comment=text.strip())
        except StorageError as error:
            return text, unsaved_feedback(error, texts, service.settings), gr.skip()
        return "", texts("comment_saved"), gr.Row(visible=False)

    accepted = {"outputs": [question, chatbot, pending, busy, send, stop, notice], "queue": False}
    answer_io = {
        "fn": ask,
        "inputs": [pending, chatbot, results, document, conversation_id, saved],
        "outputs": [chatbot, results, conversation_id, busy, send, stop, saved, earlier, notice],
        "api_name": "ask",
        # A stopped answer's event counts as running in the browser until its worker returns (when the
        # model sends its next piece): with Gradio's default "once", a question asked meanwhile was dropped.
        # ``start`` already refuses a question while one is answered.
        "trigger_mode": "multiple",
    }
    streams = [
        question.submit(start, [question, chatbot, busy], trigger_mode="multiple", **accepted).then(**answer_io),
        send.click(start, [question, chatbot, busy], **accepted).then(**answer_io),
        chatbot.example_select(pick_example, [chatbot, busy], accepted["outputs"][1:], queue=False).then(**answer_io),
    ]
    stop.click(halt, [chatbot], [chatbot, busy, send, stop, notice], cancels=streams, queue=False)
    resets = [chatbot, results, conversation_id, ratings, rated, feedback_status, comment_row, busy, send, stop]
    new.click(lambda: show(None), None, [*resets, earlier], cancels=streams, queue=False)
    earlier.input(reopen, [earlier, saved], [*resets, earlier], cancels=streams, queue=False)
    delete.click(forget, [conversation_id, saved], [*resets, earlier, saved], cancels=streams, queue=False)
    blocks.load(lambda stored: gr.Dropdown(choices=conversations.choices(stored)), [saved], [earlier], queue=False)
    chatbot.like(rate, [results, ratings], [ratings, rated, feedback_status, comment_row], queue=False)
    comment_io = {"inputs": [comment, rated], "outputs": [comment, feedback_status, comment_row], "queue": False}
    comment.submit(add_comment, **comment_io)
    send_comment.click(add_comment, **comment_io)


def unsaved_feedback(error: StorageError, texts: Texts, settings: Settings) -> str:
    """Why a rating or comment was not kept, naming the folder by its setting, never by its path."""
    if error.path is None:  # a database server (ASSISTANT_DATABASE_URL)
        return texts("feedback_unsaved_database")
    folder = without_paths(str(error.path.parent), settings)
    return texts("feedback_unsaved", why=texts("disk_full" if error.full else "not_writable"), folder=folder)


def appended(message: dict[str, Any], markdown: str) -> dict[str, Any]:
    """The message with a paragraph added to its text; the chat sends content back as a list of parts (a
    part of its own would show as a message of its own)."""
    content = message["content"]
    parts = [content] if isinstance(content, str) else [p.get("text", "") for p in content if p.get("type") == "text"]
    return {**message, "content": "".join(parts) + f"\n\n{markdown}"}


def last_turn(answers: dict[int, str]) -> Turn | None:
    """This tab's conversation so far: the latest answered turn (the answers are kept in order)."""
    for index in sorted(answers, reverse=True):
        turn = Turn.from_result(AnswerResult.model_validate_json(answers[index]))
        if turn.answered:
            return turn
    return None


def _excerpt(question: str) -> str:
    line = " ".join(question.split())
    return "“" + inert(line if len(line) <= EXCERPT_CHARS else line[: EXCERPT_CHARS - 1] + "…") + "”"
