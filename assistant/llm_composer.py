"""The optional LLM composer: a chat model words the answer, the figure guard decides whether anyone sees it.

How streaming and the guard combine: the model's text is cut into sentences (at 。！？；, at . ! ?
before a space, and at a line end), and complete sentences are released only after every figure in
the answer so far has passed the guard (``guard.py``) against what the model was given: the cited
sentences, the calculation and the deterministic answer. The first sentence that fails stops the
model's stream, and the deterministic answer is delivered in its place, with the reason in
``Composition.fallback``. So no unchecked figure is ever handed out; checked sentences may have
been, and a streaming client replaces them (the UI replaces the message; the OpenAI-compatible
stream sends a marker, then the deterministic answer, and flags the final chunk). The same happens
when the model sends nothing for ``timeout_s`` (before its first text or between two pieces), raises,
or ends with an empty answer or one that names no measure.

Only answers that rest on cited clauses (lookup, calculation, eligibility) go to the model;
refusals, clarifying questions and facts about the document itself stay with the templates.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import re
import threading
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.amounts import format_cny, format_money, format_yuan
from assistant.answering.composer import Composer, Composition, describe_rule, render_steps
from assistant.answering.planner import Plan
from assistant.guard import Evidence, collect_evidence, find_figures, unsupported
from assistant.result import Intent
from assistant.templates import render

logger = logging.getLogger(__name__)

LLM_INTENTS: frozenset[Intent] = frozenset({"lookup", "calculation", "eligibility"})
LANGUAGE_NAMES = {"zh": "Chinese (简体中文)", "en": "English"}
_SENTENCE_END = re.compile(r"[。！？；]|[.!?](?=\s)|\n")
_MAX_REASON_CHARS = 300


class RejectedAnswer(Exception):
    """The model's answer cannot be used; the message is the reason reported as ``fallback``."""


def split_sentences(text: str) -> tuple[str, str]:
    """(the complete sentences at the start of ``text``, the unfinished rest)."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    cut = ends[-1] if ends else 0
    return text[:cut], text[cut:]


def _material(plan: Plan, reference: str) -> dict[str, Any]:
    """What the model is given besides the question: the prompt's variables, and the guard's evidence."""
    lang = plan.question.lang
    sentences = [
        {
            "doc_id": policy.document.id,
            "measure": clause.number,
            "title": clause.title,
            "zh": clause.sentences[index].text,
            "en": policy.english_sentence(clause, index),
        }
        for policy, clause, indexes in plan.cited
        for index in indexes
    ]
    calculations = [
        {
            "measure": calculation.rule.clause_number,
            "rule": describe_rule(calculation.rule, lang),
            "inputs": "; ".join(
                f"{calculation.rule.base or name} = {format_money(value, 'en')}"
                for name, value in calculation.inputs.items()
            ),
            "steps": render_steps(calculation.steps, lang),
            "amount_yuan": format_yuan(calculation.amount),
            "amount_cny": format_cny(calculation.amount),
        }
        for calculation in plan.calculations
    ]
    several = len(plan.calculations) > 1
    check = plan.eligibility
    return {
        "sentences": sentences,
        "calculations": calculations,
        "total": format_money(sum((c.amount for c in plan.calculations), Decimal(0)), "en") if several else "",
        "eligibility": {
            "measure": check.rule.clause_number,
            "condition": describe_rule(check.rule, lang),
            "value": format_money(check.value, "en"),
            "steps": render_steps(check.steps, lang),
            "eligible": check.eligible,
        }
        if check
        else None,
        "reference": reference.strip(),
    }


def _evidence(plan: Plan, given: dict[str, Any]) -> Evidence:
    """The figures the model was given (``_material``'s texts) and the exact values behind them."""
    texts = [given["reference"], given["total"]]
    measures = [sentence["measure"] for sentence in given["sentences"]]
    for sentence in given["sentences"]:
        texts += [sentence["zh"], sentence["en"]]
    for item in given["calculations"]:
        texts += [item["rule"], item["inputs"], *item["steps"], item["amount_yuan"], item["amount_cny"]]
        measures.append(item["measure"])
    amounts = [value for c in plan.calculations for value in (*c.inputs.values(), c.amount)]
    if check := given["eligibility"]:
        texts += [check["condition"], check["value"], *check["steps"]]
        measures.append(check["measure"])
    if plan.eligibility:
        amounts.append(plan.eligibility.value)
    return collect_evidence(texts, amounts=amounts, measures=measures)


class LLMComposer:
    """Wraps the deterministic composer: the model writes, the guard checks, the template is the fallback."""

    def __init__(self, template: Composer, model: BaseChatModel, timeout_s: float) -> None:
        self._template = template
        self._model = model
        self._timeout_s = timeout_s

    def compose(self, plan: Plan) -> str:
        """The checked answer of the model, or the deterministic one (``stream`` also says which, and why)."""
        *_, last = self.stream(plan)
        assert isinstance(last, Composition)
        return last.text

    def prompt(self, plan: Plan, reference: str) -> list[BaseMessage]:
        language = LANGUAGE_NAMES[plan.question.lang]
        return [
            SystemMessage(render("llm_system.md", language=language)),
            HumanMessage(
                render("llm_user.md", question=plan.question.text, language=language, **_material(plan, reference))
            ),
        ]

    def stream(self, plan: Plan) -> Iterator[str | Composition]:
        """Checked sentences as the model writes them, then the ``Composition`` (see the module docstring)."""
        reference = self._template.compose(plan)
        if plan.intent not in LLM_INTENTS:
            yield Composition(reference)
            return
        checked = _evidence(plan, _material(plan, reference))
        written = ""
        try:
            with closing(self._sentences(self.prompt(plan, reference))) as sentences:
                for sentence in sentences:
                    wrong = unsupported(written + sentence, checked)
                    if wrong:
                        raise RejectedAnswer("figures not in the sources: " + ", ".join(f.describe() for f in wrong))
                    written += sentence
                    yield sentence
            if not written.strip():
                raise RejectedAnswer("the model's answer was empty")
            if not any(figure.kind == "measure" for figure in find_figures(written)):
                raise RejectedAnswer("the model's answer names no measure")
        except RejectedAnswer as rejection:
            logger.warning("LLM answer not used: %s", rejection)
            yield Composition(reference, fallback=str(rejection))
            return
        yield Composition(written, "llm")

    def _sentences(self, messages: list[BaseMessage]) -> Iterator[str]:
        """The model's complete sentences as they arrive (several at once when they come together), then the rest."""
        buffer = ""
        with closing(self._pieces(messages)) as pieces:
            for piece in pieces:
                done, buffer = split_sentences(buffer + piece)
                if done:
                    yield done
        if buffer:
            yield buffer

    def _pieces(self, messages: list[BaseMessage]) -> Iterator[str]:
        """The model's text as it streams, from a worker thread, so a silent model cannot hold the request.

        Each wait is at most ``timeout_s``. Closing this iterator tells the worker to stop and close the
        model's stream at its next piece.
        """
        pieces: queue.Queue[str | Exception | None] = queue.Queue()
        stopped = threading.Event()

        def pump() -> None:
            stream = self._model.stream(messages)
            try:
                for chunk in stream:
                    if stopped.is_set():
                        return
                    pieces.put(chunk.text)
                pieces.put(None)
            except Exception as error:  # connection, HTTP status, timeout, parsing: each means "no answer"
                pieces.put(error)
            finally:
                stream.close()

        # The context travels along, so LangChain callbacks and tracing still see the call.
        context = contextvars.copy_context()
        threading.Thread(target=context.run, args=(pump,), name="llm-stream", daemon=True).start()
        try:
            while True:
                try:
                    piece = pieces.get(timeout=self._timeout_s)
                except queue.Empty:
                    raise RejectedAnswer(f"the model sent nothing for {self._timeout_s:g} s (timeout)") from None
                if piece is None:
                    return
                if isinstance(piece, Exception):
                    reason = f"the model failed: {type(piece).__name__}" + (f": {piece}" if str(piece) else "")
                    raise RejectedAnswer(reason[:_MAX_REASON_CHARS]) from piece
                yield piece
        finally:
            stopped.set()
