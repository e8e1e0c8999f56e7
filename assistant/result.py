"""The structured result of every answer: what the CLI prints with --json, the API returns and evals score."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.documents.info import Level, Validity

Intent = Literal["calculation", "eligibility", "lookup", "meta", "out_of_scope", "clarify", "invalid"]
ComposerName = Literal["template", "llm"]
ChosenBy = Literal["request", "question", "default"]  # how the answer's document was chosen


class DocumentReference(BaseModel):
    """A document as users see it, in the answer's language (Chinese names when no English is known)."""

    title: str
    issuer: str
    level: Level | None = Field(description="national, municipal or district; None when neither text nor metadata says")
    region: str
    issued: date | None
    effective: date | None
    expiry: date | None = Field(description="None when the document states no end")
    version: str = Field(description="'' when the document states none")
    validity: Validity = Field(description="on the day of the answer, from its dates (or a repeal its metadata states)")


class DocumentFigure(BaseModel):
    """One document that answers the question, and the figure it gives."""

    doc_id: str
    document: DocumentReference
    clause: int
    figure: str = Field(description="the rule and any computed amount, in the answer's language")
    amount: str = Field(description="the computed amount as an exact decimal string ('' for a lookup)")
    agrees: bool = Field(description="whether its figure equals the one the answer gives")


class Citation(BaseModel):
    doc_id: str
    document: DocumentReference | None = Field(default=None, description="the cited document")
    clause: int
    title: str
    quote: str = Field(description="the cited sentence(s), Chinese original")
    quote_en: str = Field(description="the English translation of the quote ('' when none ships)")
    responsible_units: list[str]
    score: float


class CalculationResult(BaseModel):
    doc_id: str
    clause: int
    rule: str = Field(description="rule id: doc#clause.sentence.position")
    rule_kind: str
    inputs: dict[str, str] = Field(description="exact decimal inputs, as strings")
    steps: list[str]
    amount_yuan: int | None = Field(description="the support in whole yuan; None for an area")
    unit: Literal["yuan", "m2"] = "yuan"
    amount: str = Field(default="", description="the exact result as a decimal string, in ``unit``")


class Check(BaseModel):
    """One condition of an eligibility verdict, checked against what the question states."""

    field: str = Field(description="the fact it turns on (an enterprise-profile field, e.g. registered_in_shanghai)")
    status: Literal["met", "not_met", "unknown"] = Field(description="unknown: the question does not say")
    condition: str = Field(description="what the policy requires, in the answer's language")
    stated: str = Field(description="what the question states ('unknown' / '未知' when it does not)")
    doc_id: str
    clause: int
    sentence_index: int
    quote: str = Field(description="the sentence stating the condition, Chinese original")
    quote_en: str = Field(description="its English translation ('' when none ships)")


RefusalReason = Literal["not_stated", "other_jurisdiction", "other_period", "out_of_domain", "unsupported_language"]


class AnswerResult(BaseModel):
    question: str
    language: Literal["zh", "en"]
    intent: Intent
    answer: str = Field(description="markdown")
    citations: list[Citation]
    retrieved: list[int] = Field(description="clause numbers, best first")
    retrieved_docs: list[str] = Field(default_factory=list, description="the document id of each retrieved clause")
    calculation: CalculationResult | None = None
    items: list[CalculationResult] = Field(default_factory=list, description="each support when several are asked")
    eligible: bool | None = None
    checklist: list[Check] = Field(
        default_factory=list,
        description="eligibility answers: each condition, met / not met / unknown, with its sentence",
    )
    refused: bool = False
    refusal_reason: RefusalReason | None = Field(
        default=None,
        description="why a refused answer does not answer: the policy does not state it, it is another place's or "
        "period's policy, the question is not about the policy at all, or it is in a language other than Chinese "
        "and English (unsupported_language: the answer asks, in both, to ask in one of them; intent is invalid). "
        "None for answers and other invalid input",
    )
    latency_ms: float = 0.0
    composer: ComposerName = Field(
        default="template",
        description="who wrote `answer`: the deterministic templates, or the LLM with every figure checked",
    )
    fallback: str | None = Field(
        default=None,
        description="why the LLM's answer was not used (a figure not in the sources, timeout, error) and the "
        "deterministic answer was given instead; None when the LLM's answer was used or no LLM is configured",
    )
    resolved_question: str | None = Field(
        default=None, description="a follow-up read as this standalone question (None for a new question)"
    )
    documents: list[DocumentFigure] = Field(
        default_factory=list,
        description="when several documents answer the asked figure: each, the answer's own first (they agree "
        "when every `agrees` is true); empty when one document was asked for, named, the default, or alone answers",
    )
    document_chosen_by: ChosenBy | None = Field(
        default=None,
        description="how the answer's document was chosen: the request's `doc`, the question naming it (奉贤区, the "
        "municipal measures, a year), the ASSISTANT_DEFAULT_DOC setting; None: every document was searched",
    )
