"""The answering chain (LangChain LCEL): parse → retrieve → plan (intent, rules, calculators) → compose.

``load_assistant`` wires the real parts from the settings; tests and the evals build an
``Assistant`` from the same parts with another retriever or composer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableConfig

from assistant.answering.composer import Composer, Composition, TemplateComposer, compositions, render_steps
from assistant.answering.parts import asked_parts, merge_parts
from assistant.answering.planner import Plan, Planner
from assistant.calculators import Calculation, alternatives
from assistant.conversation import Resolution, Turn, carry, resolve
from assistant.corpus import Corpus, load_corpus
from assistant.documents.comparison import candidates, compare, in_one_document
from assistant.documents.mentions import resolve_document
from assistant.documents.presentation import figures, notes, reference
from assistant.documents.scope import Scope, scope_of
from assistant.language import detect_language
from assistant.question import InvalidQuestionError, clean, parse_question
from assistant.result import AnswerResult, CalculationResult, Check, Citation
from assistant.retrieval import BM25Retriever, Retriever, build_retriever, off_topic_scorer
from assistant.settings import Settings
from assistant.templates import render

if TYPE_CHECKING:
    from embeddings.model import EmbeddingModel

COMPARED_POOL = 60  # measures ranked over all documents to find the other documents that may answer


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
        default_doc: str | None = None,
        words: Iterable[str] | None = None,
    ) -> None:
        """``default_doc``: the document id questions that name none are answered from (None: all, compared).
        ``words``: every word of the corpus' passages when the caller has them (``BM25Retriever.words``)."""
        self.corpus = corpus
        self.retriever = retriever
        self._planner = Planner(corpus, off_topic, words=words)
        self._composer = composer or TemplateComposer(corpus)
        self._top_k = top_k
        self._max_chars = max_question_chars
        self._default_doc = default_doc
        self._planning: Runnable[dict[str, Any], dict[str, Any]] = (
            Step(self._parse) | Step(self._retrieve) | Step(self._plan)
        )
        self.chain: Runnable[dict[str, Any], AnswerResult] = self._planning | Step(self._compose)

    def answer(self, question: str | bytes, doc_id: str | None = None, previous: Turn | None = None) -> AnswerResult:
        """Answer ``question``; with the ``previous`` turn of a conversation, a follow-up is resolved against it.
        A message that asks several things is answered part by part (``assistant.answering.parts``)."""
        started = time.perf_counter()
        parts = self._parts(question)
        if len(parts) < 2:
            result = self._answer_one(question, doc_id, previous)
        else:
            answers = [(part, self._answer_one(part, doc_id, previous)) for part in parts]
            text = clean(question)
            result = merge_parts(text, detect_language(text) or answers[0][1].language, answers)
        result.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _parts(self, question: str | bytes) -> list[str]:
        """The questions a message asks; one for an invalid message, refused whole (its length is the whole's). Only
        a message that splits is validated here: a single question is parsed once, by the chain."""
        parts = asked_parts(clean(question))
        if len(parts) > 1:
            try:
                parse_question(question, self._max_chars)
            except InvalidQuestionError:
                return [clean(question)]
        return parts

    def _answer_one(self, question: str | bytes, doc_id: str | None, previous: Turn | None) -> AnswerResult:
        try:
            return self.chain.invoke({"question": question, "doc_id": doc_id, "previous": previous})
        except InvalidQuestionError as error:
            return _invalid(clean(question) if isinstance(question, str | bytes) else "", error)

    def answer_stream(
        self, question: str | bytes, doc_id: str | None = None, previous: Turn | None = None
    ) -> Iterator[str | AnswerResult]:
        """``answer`` as it is written: text pieces that passed the figure guard, then the result.

        Only an LLM composer sends pieces; when the result's ``fallback`` is set, its ``answer``
        replaces any pieces sent before it (see ``llm_composer``). Parsing, retrieval and planning run
        in this call, so their errors surface here; the composition runs as the iterator is consumed.
        """
        started = time.perf_counter()
        if len(self._parts(question)) > 1:  # answered part by part, then sent whole
            return iter([self.answer(question, doc_id, previous)])
        try:
            state = self._planning.invoke({"question": question, "doc_id": doc_id, "previous": previous})
        except InvalidQuestionError:
            return iter([self.answer(question, doc_id, previous)])  # the same refusal, built in one place
        return _stamped(self._composed(state), started)

    def context(self, questions: Sequence[str], doc_id: str | None = None, previous: Turn | None = None) -> Turn | None:
        """The turn earlier questions leave after ``previous``, planning them again in order: how stateless
        clients (the OpenAI-compatible endpoint, through ``assistant.serving.history``) get follow-ups without a
        server-side session. Nothing is composed (a turn needs the measures, not the words), so an LLM is
        never called for the replay, nor are documents compared (a turn keeps the best answer's measures)."""
        for question in questions:
            try:
                state = self._planning.invoke(
                    {"question": question, "doc_id": doc_id, "previous": previous, "replay": True}
                )
            except InvalidQuestionError:
                continue
            previous = carry(previous, self._finish(state, Composition("")))
        return previous

    def _parse(self, state: dict[str, Any]) -> dict[str, Any]:
        question = parse_question(state["question"], self._max_chars)
        return {**state, "resolution": resolve(question, state["previous"], self._planner.vocabulary, self._max_chars)}

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        resolution: Resolution = state["resolution"]
        text = f"{resolution.question.text} {resolution.context}".strip()
        scope = scope_of(
            resolution.question.text, state["doc_id"], self.corpus, self._default_doc, resolution.followed_up
        )
        hits = self.retriever.retrieve(text, self._top_k, scope.doc_id)
        if scope.named:  # several documents named together: answer from the best-ranked of them
            best = next((hit.doc_id for hit in hits if hit.doc_id in scope.named), scope.named[0])
            hits = self.retriever.retrieve(text, self._top_k, best)
        return {**state, "text": text, "scope": scope, "hits": hits}

    def _plan(self, state: dict[str, Any]) -> dict[str, Any]:
        resolution: Resolution = state["resolution"]
        focus = resolution.focus_given([hit.key for hit in state["hits"]])
        plan = self._planner.plan(resolution.question, state["hits"], focus, resolution.context)
        scope: Scope = state["scope"]
        comparison = None
        plan_in = partial(self._plan_in, state)
        several = scope.doc_id is None and not resolution.followed_up and len(self.corpus.policies) > 1
        if several:
            plan = in_one_document(plan, plan_in)
        if several and not state.get("replay", False):
            ranked = scope.named or [hit.doc_id for hit in self.retriever.retrieve(state["text"], COMPARED_POOL)]
            comparison = compare(plan, candidates(ranked, self.corpus), plan_in)
        return {**state, "plan": plan, "comparison": comparison}

    def _plan_in(self, state: dict[str, Any], doc_id: str) -> Plan:
        """The question planned as if asked of one document only."""
        resolution: Resolution = state["resolution"]
        hits = self.retriever.retrieve(state["text"], self._top_k, doc_id)
        return self._planner.plan(resolution.question, hits, None, resolution.context)

    def _compose(self, state: dict[str, Any]) -> AnswerResult:
        *_, result = self._composed(state)
        assert isinstance(result, AnswerResult)
        return result

    def _composed(self, state: dict[str, Any]) -> Iterator[str | AnswerResult]:
        """The composer's checked text pieces (a streaming composer's only), then the result; the documents'
        note (several documents differ) goes first, their agreement or the default document used last."""
        before, after = self._notes(state)
        opening, closing = (before + "\n" if before else ""), ("\n" + after if after else "")
        lead = opening  # sent with the first piece (only a streaming composer sends pieces)
        for piece in compositions(self._composer, state["plan"]):
            if isinstance(piece, str):
                yield lead + piece
                lead = ""
                continue
            text = opening + piece.text + closing
            yield self._finish(state, Composition(text, piece.composer, piece.fallback))

    def _notes(self, state: dict[str, Any]) -> tuple[str, str]:
        plan: Plan = state["plan"]
        if not plan.cited:
            return "", ""
        return notes(state.get("comparison"), state["scope"], plan.cited[0][0], plan.question.lang)

    def _finish(self, state: dict[str, Any], composition: Composition) -> AnswerResult:
        plan: Plan = state["plan"]
        result = _result(plan, composition.text)
        result.documents = figures(state.get("comparison"), plan.question.lang)
        result.document_chosen_by = state["scope"].chosen_by
        result.composer, result.fallback = composition.composer, composition.fallback
        resolution: Resolution = state["resolution"]
        if resolution.followed_up:
            result.resolved_question = resolution.topic
        return result


def _stamped(events: Iterator[str | AnswerResult], started: float) -> Iterator[str | AnswerResult]:
    """The events, with the final result's latency measured when it is ready."""
    for event in events:
        if isinstance(event, AnswerResult):
            event.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        yield event


def _calculation_result(calculation: Calculation, lang: str) -> CalculationResult:
    rule = calculation.rule
    return CalculationResult(
        doc_id=rule.doc_id,
        clause=rule.clause_number,
        rule=rule.id,
        rule_kind=rule.kind,
        inputs={k: f"{v:f}" for k, v in calculation.inputs.items()},
        steps=render_steps(calculation.steps, lang),  # type: ignore[arg-type]
        amount_yuan=calculation.amount_yuan if calculation.unit == "yuan" else None,
        unit=calculation.unit,
        amount=f"{calculation.amount:f}",
    )


def _total(items: list[CalculationResult]) -> CalculationResult:
    """Several supports asked at once: one calculation that sums the itemized ones (plots of several land types: their
    areas, in m², never as yuan)."""
    if all(item.unit == "m2" for item in items):
        area = sum(Decimal(item.amount) for item in items)
        return CalculationResult(
            doc_id=items[0].doc_id,
            clause=items[0].clause,
            rule="+".join(item.rule for item in items),
            rule_kind="sum",
            inputs={item.rule: item.amount for item in items},
            steps=[" + ".join(f"{Decimal(item.amount):,f}" for item in items) + f" = {area:,f} m²"],
            amount_yuan=None,
            unit="m2",
            amount=f"{area:f}",
        )
    total = sum(item.amount_yuan or 0 for item in items)
    return CalculationResult(
        doc_id=items[0].doc_id,
        clause=items[0].clause,
        rule="+".join(item.rule for item in items),
        rule_kind="sum",
        inputs={item.rule: str(item.amount_yuan) for item in items},
        steps=[" + ".join(f"{item.amount_yuan or 0:,}" for item in items) + f" = {total:,}"],
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
                document=reference(policy.info, lang),
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
    # one sentence's caps for different beneficiaries have no total: the first is the asker's
    single = len(items) == 1 or alternatives(plan.calculations)
    calculation = items[0] if single else (_total(items) if items else None)
    return AnswerResult(
        question=plan.question.raw,
        language=lang,
        intent=plan.intent,
        answer=answer,
        citations=citations,
        retrieved=[hit.clause for hit in plan.hits],
        retrieved_docs=[hit.doc_id for hit in plan.hits],
        calculation=calculation,
        items=items if len(items) > 1 else [],
        eligible=plan.eligible,
        checklist=_checklist(plan),
        refused=plan.intent == "out_of_scope",
        refusal_reason=plan.refusal_reason,
    )


def _checklist(plan: Plan) -> list[Check]:
    if plan.verdict is None:
        return []
    lang = plan.question.lang
    return [
        Check(
            field=check.field,
            status=check.status,
            condition=getattr(check.condition, lang),
            stated=getattr(check.value, lang),
            doc_id=check.source.doc_id,
            clause=check.source.clause,
            sentence_index=check.source.sentence_index,
            quote=check.source.quote_zh,
            quote_en=check.source.quote_en,
        )
        for check in plan.verdict.item.conditions
    ]


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
        refusal_reason=error.reason,
    )


def load_assistant(
    settings: Settings, retriever_name: str | None = None, model: EmbeddingModel | None = None
) -> Assistant:
    """Load corpus, embedding model and index as the settings say; raises with a fix when one is missing.

    ``model`` reuses a loaded one (behind a batcher unless it is one already: the server's reloads). With a
    Chroma server the corpus comes from the index version read there, so every replica answers from the same.
    """
    from embeddings.batcher import BatchingModel
    from embeddings.index import ClauseIndex
    from embeddings.model import load_embedding_model
    from embeddings.store import index_store

    name = retriever_name or settings.retriever
    stored = None
    if name != "bm25" or settings.chroma_url:
        stored = index_store(settings.index_dir, settings.chroma_url).read()
    corpus = stored.corpus(settings.policies_dir) if stored else load_corpus(settings.policies_dir)
    index = None
    if name != "bm25":
        assert stored is not None
        model = model or load_embedding_model(
            settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
        )
        # Concurrent requests (the server) share forward passes instead of contending for the CPU.
        batching = model if isinstance(model, BatchingModel) else BatchingModel(model)
        index = ClauseIndex(stored, batching, corpus)
    keywords = None
    if name != "dense":
        keywords = BM25Retriever.from_index(corpus, None if settings.chroma_url else settings.index_dir)
    composer = None
    if settings.llm_enabled:
        # Imported only here: without an LLM the deterministic path never loads the vendor package.
        from assistant.chat_model import load_chat_model
        from assistant.llm_composer import LLMComposer

        composer = LLMComposer(TemplateComposer(corpus), load_chat_model(settings), settings.llm_timeout_s)
    return Assistant(
        corpus,
        build_retriever(name, index, keywords),
        composer=composer,
        off_topic=off_topic_scorer(index) if index else None,
        top_k=settings.top_k,
        max_question_chars=settings.max_question_chars,
        default_doc=resolve_document(settings.default_doc, corpus.policies) if settings.default_doc else None,
        words=keywords.words if keywords else None,
    )
