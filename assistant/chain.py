"""The answering chain (LangChain LCEL): parse → retrieve → plan (intent, rules, calculators) → compose.

``load_assistant`` wires the real parts from the settings; tests and the evals build an
``Assistant`` from the same parts with another retriever or composer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableConfig

from assistant.calculators import Calculation
from assistant.composer import Composer, TemplateComposer, render_steps
from assistant.corpus import Corpus, load_corpus
from assistant.planner import Plan, Planner
from assistant.question import InvalidQuestionError, clean, parse_question
from assistant.result import AnswerResult, CalculationResult, Citation
from assistant.retrieval import Retriever, build_retriever, off_topic_scorer
from assistant.settings import Settings
from assistant.templates import render

if TYPE_CHECKING:
    from embeddings.model import EmbeddingModel


class Step(Runnable[Any, Any]):
    """A chain step that calls its function and nothing else.

    Why not ``RunnableLambda``: it inspects the function's signature and opens a traced child run
    on every call, about 0.1 ms a step, which is a tenth of a warm answer here. The chain as a
    whole is still one traced run.
    """

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return self.func(input)


class Assistant:
    """Answers one question with a structured result; never raises for bad input."""

    def __init__(
        self,
        corpus: Corpus,
        retriever: Retriever,
        composer: Composer | None = None,
        off_topic: Callable[[str], float] | None = None,
        top_k: int = 5,
        max_question_chars: int = 2000,
    ) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self._planner = Planner(corpus, off_topic)
        self._composer = composer or TemplateComposer(corpus)
        self._top_k = top_k
        self._max_chars = max_question_chars
        self.chain: Runnable[dict[str, Any], AnswerResult] = (
            Step(self._parse) | Step(self._retrieve) | Step(self._plan) | Step(self._compose)
        )

    def answer(self, question: str | bytes, doc_id: str | None = None) -> AnswerResult:
        started = time.perf_counter()
        try:
            result = self.chain.invoke({"question": question, "doc_id": doc_id})
        except InvalidQuestionError as error:
            result = _invalid(clean(question) if isinstance(question, str | bytes) else "", error)
        result.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _parse(self, state: dict[str, Any]) -> dict[str, Any]:
        return {**state, "question": parse_question(state["question"], self._max_chars)}

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        return {**state, "hits": self.retriever.retrieve(state["question"].text, self._top_k, state["doc_id"])}

    def _plan(self, state: dict[str, Any]) -> Plan:
        return self._planner.plan(state["question"], state["hits"])

    def _compose(self, plan: Plan) -> AnswerResult:
        return _result(plan, self._composer.compose(plan))


def _calculation_result(calculation: Calculation, lang: str) -> CalculationResult:
    rule = calculation.rule
    return CalculationResult(
        doc_id=rule.doc_id,
        clause=rule.clause_number,
        rule=rule.id,
        rule_kind=rule.kind,
        inputs={k: f"{v:f}" for k, v in calculation.inputs.items()},
        steps=render_steps(calculation.steps, lang),  # type: ignore[arg-type]
        amount_yuan=calculation.amount_yuan,
    )


def _total(items: list[CalculationResult]) -> CalculationResult:
    """Several supports asked at once: one calculation that sums the itemized ones."""
    total = sum(item.amount_yuan for item in items)
    return CalculationResult(
        doc_id=items[0].doc_id,
        clause=items[0].clause,
        rule="+".join(item.rule for item in items),
        rule_kind="sum",
        inputs={item.rule: str(item.amount_yuan) for item in items},
        steps=[" + ".join(f"{item.amount_yuan:,}" for item in items) + f" = {total:,}"],
        amount_yuan=total,
    )


def _result(plan: Plan, answer: str) -> AnswerResult:
    lang = plan.question.lang
    scores = {hit.key: hit.score for hit in plan.hits}
    citations = []
    for policy, clause, indexes in plan.cited:
        english = policy.english(clause)
        quote, quote_en = policy.quotes(clause, indexes)
        citations.append(
            Citation(
                doc_id=policy.document.id,
                clause=clause.number,
                title=clause.title,
                quote=quote,
                quote_en=quote_en,
                responsible_units=list(
                    english.responsible_units if lang == "en" and english else clause.responsible_units
                ),
                score=round(scores.get((policy.document.id, clause.number), 0.0), 4),
            )
        )
    items = [_calculation_result(c, lang) for c in plan.calculations]
    calculation = items[0] if len(items) == 1 else (_total(items) if items else None)
    return AnswerResult(
        question=plan.question.raw,
        language=lang,
        intent=plan.intent,
        answer=answer,
        citations=citations,
        retrieved=[hit.clause for hit in plan.hits],
        calculation=calculation,
        items=items if len(items) > 1 else [],
        eligible=plan.eligibility.eligible if plan.eligibility else None,
        refused=plan.intent == "out_of_scope",
    )


def _invalid(question: str, error: InvalidQuestionError) -> AnswerResult:
    answer = render("invalid.md", message_en=error.message_en, message_zh=error.message_zh)
    has_han = any("\u4e00" <= ch <= "\u9fff" for ch in question)
    return AnswerResult(
        question=question[:200],
        language="zh" if has_han else "en",
        intent="invalid",
        answer=answer,
        citations=[],
        retrieved=[],
        refused=True,
    )


def load_assistant(
    settings: Settings, retriever_name: str | None = None, model: EmbeddingModel | None = None
) -> Assistant:
    """Load corpus, embedding model and index as the settings say; raises with a fix when one is missing."""
    from embeddings.batcher import BatchingModel
    from embeddings.index import ClauseIndex
    from embeddings.model import load_embedding_model

    corpus = load_corpus(settings.policies_dir)
    name = retriever_name or settings.retriever
    index = None
    if name != "bm25":
        model = model or load_embedding_model(
            settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
        )
        # Concurrent requests (the server) share forward passes instead of contending for the CPU.
        index = ClauseIndex(settings.index_dir, BatchingModel(model), corpus)
    return Assistant(
        corpus,
        build_retriever(name, corpus, index),
        off_topic=off_topic_scorer(index) if index else None,
        top_k=settings.top_k,
        max_question_chars=settings.max_question_chars,
    )
