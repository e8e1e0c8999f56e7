"""The REST API under /v1 (and health checks): the core's structured results over HTTP.

Request handling stays thin: validate, call the assistant or a calculator, shape the answer. Every
error is JSON ``{"error": {"message", "type"}}`` as OpenAI clients expect, never a traceback or an
HTML page. The key check and the body-size limit run in one ASGI middleware, before any body is
parsed, so an unauthenticated or oversized request costs nothing.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, SecretStr
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from assistant.amounts import AmountError, parse_amount
from assistant.answering.composer import describe_rule, render_steps
from assistant.calculators import CalculationError, calculate_area, calculate_support, check_threshold, parse_area
from assistant.chain import Assistant
from assistant.conversation import Turn
from assistant.corpus import Corpus, CorpusError, Policy
from assistant.language import LANGUAGES
from assistant.matching.matcher import MatchResult, match
from assistant.matching.profile import EnterpriseProfile
from assistant.policy import Clause
from assistant.question import InvalidQuestionError, parse_question
from assistant.result import AnswerResult
from assistant.rules import SupportRule
from assistant.schema_types import NOT_BLANK
from assistant.serving.asgi import ASGIApp, Message, Receive, Scope, Send
from assistant.serving.body_text import text_error
from assistant.serving.docs_page import render_docs_page
from assistant.serving.lockout import ClientLimiter
from assistant.serving.openai_compat import ChatCompletionRequest, completion, stream_events
from assistant.serving.redaction import without_paths
from assistant.serving.service import AssistantService, NotReadyError
from assistant.serving.sessions import SESSION_ID
from assistant.serving.storage import StorageError
from assistant.settings import EXPOSED_REQUEST_RATE, is_loopback

logger = logging.getLogger(__name__)

API_PREFIX = "/v1"
UI_LOGIN_PATHS = tuple(f"/{lang}/login{end}" for lang in LANGUAGES for end in ("", "/"))  # each UI's (Gradio)
ErrorType = Literal[
    "invalid_request_error",
    "authentication_error",
    "rate_limit_error",
    "not_found_error",
    "service_unavailable",
    "server_error",
]


class APIError(Exception):
    """An error the client can act on: status, OpenAI-like type and a message saying what to change."""

    def __init__(self, status: int, message: str, kind: ErrorType = "invalid_request_error", **extra: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.extra = extra


class ErrorDetail(BaseModel):
    message: str = Field(description="what went wrong and what to change")
    type: ErrorType
    message_zh: str | None = Field(default=None, description="the message in Chinese, for refused questions")
    code: Literal["unsupported_language"] | None = Field(
        default=None,
        description="unsupported_language: the question is in a language other than Chinese and English (the "
        "message asks, in both, to ask in one of them)",
    )


class ErrorBody(BaseModel):
    """Every error of the API has this shape, as OpenAI clients expect."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        400: "more than one Authorization header",
        401: "missing or wrong API key",
        404: "unknown endpoint, document, measure or rule",
        405: "method not allowed on this endpoint",
        413: "request body over ASSISTANT_MAX_BODY_BYTES",
        422: "invalid input (the message names the field)",
        429: "too many failed authentications from this client (see Retry-After)",
        503: "index missing or unreadable (run `policy-assistant ingest`), or conversations cannot be saved",
    }.items()
}


CHAT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a chat.completion, or with `stream: true` server-sent chat.completion.chunk events",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/event-stream": {"schema": {"type": "string"}},
        },
    }
}


def error_response(
    status: int, message: str, kind: ErrorType, headers: dict[str, str] | None = None, **extra: str
) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, **extra}}, status_code=status, headers=headers)


# --- request and response models (they also document /docs) ---


class AskRequest(BaseModel):
    question: str = Field(
        description="in Chinese or English", examples=["首台套设备合同1亿,最多补多少?"], json_schema_extra=NOT_BLANK
    )
    session_id: str | None = Field(
        default=None,
        pattern=SESSION_ID.pattern,
        description="keeps a conversation server-side, so follow-ups ('那如果是5000万呢？') resolve against it",
    )
    doc: str | None = Field(default=None, description="restrict to one loaded document id")


class RuleInfo(BaseModel):
    """A support rule with its figures as exact decimal strings (ratio is a fraction: "0.3" is 30%)."""

    id: str
    kind: str
    clause: int
    sentence_index: int
    ratio: str | None
    cap: str | None = Field(description="yuan")
    threshold: str | None = Field(description="yuan")
    minimum: str | None = Field(description="floor-area ratio floor")
    inclusive: bool
    base: str
    beneficiary: str
    form: str
    description_zh: str
    description_en: str


class ClauseSummary(BaseModel):
    doc_id: str
    number: int
    section_number: int
    section_title: str
    section_title_en: str | None
    title: str
    title_en: str | None


class ClauseList(BaseModel):
    doc_id: str
    title: str
    title_en: str | None
    documents: list[str] = Field(description="every loaded document id (pick one with ?doc=)")
    clauses: list[ClauseSummary]


class Sentence(BaseModel):
    index: int
    zh: str
    en: str | None


class ClauseDetail(ClauseSummary):
    text: str
    sentences: list[Sentence]
    responsible_units: list[str]
    responsible_units_en: list[str]
    rules: list[RuleInfo]


class CalculateRequest(BaseModel):
    rule_id: str = Field(
        description="from GET /v1/clauses/{number}", examples=["doc-263f3af9b8ab#13.0.35"], json_schema_extra=NOT_BLANK
    )
    amount: str | None = Field(
        default=None, description="base amount or figure to check: 1亿, 300万元, 3,000,000", examples=["1亿"]
    )
    area_m2: str | None = Field(default=None, description="for land-share and floor-area rules: 5000, '5,000 m2'")
    lang: Literal["zh", "en"] = "en"


class CalculateResponse(BaseModel):
    rule: str
    kind: str
    description: str
    inputs: dict[str, str] = Field(description="exact decimal inputs, as strings")
    steps: list[str]
    unit: Literal["yuan", "m2"]
    amount_yuan: int | None = Field(default=None, description="the support, for ratio and cap rules")
    amount: str | None = Field(default=None, description="m² for area rules, the threshold (yuan) for threshold rules")
    eligible: bool | None = Field(default=None, description="threshold rules: whether the amount meets it")


# --- helpers ---


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _rule_info(rule: SupportRule) -> RuleInfo:
    return RuleInfo(
        id=rule.id,
        kind=rule.kind,
        clause=rule.clause_number,
        sentence_index=rule.sentence_index,
        ratio=_decimal(rule.ratio),
        cap=_decimal(rule.cap),
        threshold=_decimal(rule.threshold),
        minimum=_decimal(rule.minimum),
        inclusive=rule.inclusive,
        base=rule.base,
        beneficiary=rule.beneficiary,
        form=rule.form,
        description_zh=describe_rule(rule, "zh"),
        description_en=describe_rule(rule, "en"),
    )


def _policy(corpus: Corpus, doc: str | None) -> Policy:
    try:
        return corpus.policy(doc)
    except KeyError as error:
        raise APIError(404, error.args[0], "not_found_error") from None


def _summary(policy: Policy, clause: Clause) -> dict[str, Any]:
    english = policy.english(clause)
    sections = policy.translation.sections if policy.translation else {}
    return {
        "doc_id": policy.document.id,
        "number": clause.number,
        "section_number": clause.section_number,
        "section_title": clause.section_title,
        "section_title_en": sections.get(clause.section_number),
        "title": clause.title,
        "title_en": english.title if english else None,
    }


def _checked_question(question: str, max_chars: int) -> None:
    """Empty, too long or unreadable questions are the client's to fix: 422 with the reason (and the limit)."""
    try:
        parse_question(question, max_chars)
    except InvalidQuestionError as error:
        code = {"code": error.reason} if error.reason else {}
        raise APIError(422, error.message_en, message_zh=error.message_zh, **code) from None


def _calculate(request: CalculateRequest, rule: SupportRule) -> CalculateResponse:
    common = {"rule": rule.id, "kind": rule.kind, "description": describe_rule(rule, request.lang)}
    if rule.kind == "threshold":
        if not request.amount:
            raise CalculationError(f"rule {rule.id} is a threshold: give the {rule.base or 'amount'} to check")
        check = check_threshold(rule, parse_amount(request.amount))
        return CalculateResponse(
            **common,
            inputs={"value": f"{check.value:f}"},
            steps=render_steps(check.steps, request.lang),
            unit="yuan",
            amount=_decimal(rule.threshold),
            eligible=check.eligible,
        )
    if rule.kind in ("land_share", "floor_area_ratio"):
        if not request.area_m2:
            raise CalculationError(f"rule {rule.id} is an area rule: give area_m2, e.g. 5000")
        calculation = calculate_area(rule, parse_area(request.area_m2))
    else:
        calculation = calculate_support(rule, parse_amount(request.amount) if request.amount else None)
    return CalculateResponse(
        **common,
        inputs={k: f"{v:f}" for k, v in calculation.inputs.items()},
        steps=render_steps(calculation.steps, request.lang),
        unit=calculation.unit,
        amount_yuan=calculation.amount_yuan if calculation.unit == "yuan" else None,
        amount=f"{calculation.amount:f}" if calculation.unit == "m2" else None,
    )


# --- the key check and the body-size limit ---


def _unrouted(routes: Sequence[BaseRoute], scope: Scope, unknown: bool) -> JSONResponse | None:
    """The documented 405 for a method an operation does not take, and with ``unknown`` the 404 for a
    path none has (None when an operation takes the request); without them Gradio, mounted at /, would
    answer with its own ``{"detail": "Not Found"}``."""
    allowed: set[str] = set()
    for route in routes:
        if isinstance(route, APIRoute):  # each with its full path: the router adds its prefix
            matched, _ = route.matches(scope)
            if matched is Match.FULL:
                return None
            if matched is Match.PARTIAL:
                allowed |= route.methods
    path = scope["path"]
    if allowed:
        methods = ", ".join(sorted(allowed))
        message = f"{scope['method']} is not allowed on {path}: use {methods}"
        return error_response(405, message, "invalid_request_error", {"Allow": methods})
    if not unknown:
        return None
    message = f"no endpoint at {path}: the API's operations are listed at /openapi.json and /docs"
    return error_response(404, message, "not_found_error")


def _guard(
    app: ASGIApp, service: AssistantService, routes: Sequence[BaseRoute], own_routes: Sequence[BaseRoute]
) -> ASGIApp:
    """Wrap the app: /v1 needs one Authorization header with the bearer key (when one is set; a client
    that failed too often, here or at the web UI's login, is refused for a while) and a body within
    max_body_bytes that is Unicode text (``body_text``), the one check every field of every endpoint
    passes through. A path or method no operation takes gets the documented 404 or 405 (``own_routes``:
    the health checks and docs outside /v1, for their methods only).

    The body is read here (it is small by construction) so a chunked upload without Content-Length
    is counted too, then replayed to the app.
    """

    limiter = ClientLimiter(service.settings.auth_failures, service.settings.auth_window_s)
    rate = service.settings.request_rate or (None if is_loopback(service.settings.host) else EXPOSED_REQUEST_RATE)
    requests = ClientLimiter(rate, service.settings.request_window_s) if rate else None

    async def send_error(send: Send, response: JSONResponse) -> None:
        await send({"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})

    def locked_out(client: str) -> JSONResponse | None:
        """The 429 for a client with too many failed authentications (None when it may try)."""
        wait = limiter.retry_after(client)
        if wait is None:
            return None
        settings = service.settings
        message = (
            f"too many failed authentications from this client: retry in {wait} s with the right key "
            f"(more than {settings.auth_failures} in {settings.auth_window_s:g} s are refused)"
        )
        return error_response(429, message, "rate_limit_error", {"Retry-After": str(wait)})

    async def login(scope: Scope, receive: Receive, send: Send) -> None:
        """The web UI's login (Gradio answers a wrong password with 400): limited like wrong API keys."""
        client = _client_of(scope)
        refusal = locked_out(client)
        if refusal is not None:
            await send_error(send, refusal)
            return

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (400, 401):
                limiter.record(client)
            await send(message)

        await app(scope, receive, observed)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path in UI_LOGIN_PATHS and service.settings.api_key is not None:
            await login(scope, receive, send)
            return
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            wrong_method = _unrouted(own_routes, scope, unknown=False)  # /healthz, /readyz, /docs
            await (send_error(send, wrong_method) if wrong_method else app(scope, receive, send))
            return
        settings = service.settings
        pairs = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        headers = dict(pairs)
        authorizations = sum(1 for name, _ in pairs if name == "authorization")
        if authorizations > 1:
            message = f"the request has {authorizations} Authorization headers: send exactly one"
            await send_error(send, error_response(400, message, "invalid_request_error"))
            return
        if settings.api_key is not None:
            client = _client_of(scope)
            refusal = locked_out(client)
            if refusal is not None:
                await send_error(send, refusal)
                return
            if not _authorized(headers.get("authorization", ""), settings.api_key):
                limiter.record(client)
                message = (
                    "missing or wrong API key: send 'Authorization: Bearer <key>' with the server's ASSISTANT_API_KEY"
                )
                headers_out = {"WWW-Authenticate": "Bearer"}
                await send_error(send, error_response(401, message, "authentication_error", headers_out))
                return
        if requests is not None:
            client = _client_of(scope)
            wait = requests.retry_after(client)
            if wait is not None:
                message = (
                    f"too many requests from this client: retry in {wait} s "
                    f"(ASSISTANT_REQUEST_RATE: {rate} in {settings.request_window_s:g} s)"
                )
                await send_error(send, error_response(429, message, "rate_limit_error", {"Retry-After": str(wait)}))
                return
            requests.record(client)
        unrouted = _unrouted(routes, scope, unknown=True)
        if unrouted is not None:
            await send_error(send, unrouted)
            return
        limit = settings.max_body_bytes
        too_large = error_response(
            413,
            f"request body is larger than the limit of {limit:,} bytes (set by ASSISTANT_MAX_BODY_BYTES)",
            "invalid_request_error",
        )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await send_error(send, too_large)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await send_error(send, too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        problem = text_error(b"".join(chunks))
        if problem is not None:
            await send_error(send, error_response(422, problem, "invalid_request_error"))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would

        await app(scope, replay, send)

    return guarded


def _client_of(scope: Scope) -> str:
    """The client's address: what failed authentications are counted against."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def key_matches(given: str, key: SecretStr) -> bool:
    """Constant-time comparison, so response timing does not reveal how much of a guess was right."""
    return secrets.compare_digest(given.encode("utf-8"), key.get_secret_value().encode("utf-8"))


def _authorized(header: str, key: SecretStr) -> bool:
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and key_matches(token.strip(), key)


# --- the application ---


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(APIError)
    async def api_error(request: Request, error: APIError) -> JSONResponse:
        return error_response(error.status, error.message, error.kind, **error.extra)

    @app.exception_handler(NotReadyError)
    async def not_ready(request: Request, error: NotReadyError) -> JSONResponse:
        return error_response(503, str(error), "service_unavailable")

    @app.exception_handler(CorpusError)
    async def corpus_error(request: Request, error: CorpusError) -> JSONResponse:
        return error_response(503, without_paths(str(error), request.app.state.service.settings), "service_unavailable")

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, error: StorageError) -> JSONResponse:
        return error_response(503, without_paths(str(error), request.app.state.service.settings), "service_unavailable")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return error_response(422, "; ".join(problems) or "invalid request", "invalid_request_error")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        kind: ErrorType = "not_found_error" if error.status_code == 404 else "invalid_request_error"
        return error_response(error.status_code, str(error.detail), kind, headers=dict(error.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # Starlette re-raises after this response is sent, so the server logs the traceback as well.
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error: the details are in the server log", "server_error")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Answers are CPU-bound Python sharing one interpreter lock: more threads than a few per core only
    take turns slower (40 by default) and starve the event loop that reads requests and health probes;
    the requests beyond ASSISTANT_WORKER_THREADS wait in order instead, and share embedding passes."""
    to_thread.current_default_thread_limiter().total_tokens = app.state.service.settings.worker_threads
    yield


def create_api(service: AssistantService) -> FastAPI:
    """The FastAPI app over one service; server.build_app mounts the UI on it."""
    app = FastAPI(
        title="Policy Assistant",
        version="0.1.0",
        description="Answers about the loaded industrial policies, quoting their clauses. "
        "Send `Authorization: Bearer <key>` when the server has ASSISTANT_API_KEY set.",
        docs_url=None,  # FastAPI's pages load Swagger and ReDoc from a CDN: blank offline
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.service = service
    _install_error_handlers(app)
    # Documents the bearer scheme and the error statuses; the key check itself is in the middleware.
    v1 = APIRouter(prefix=API_PREFIX, dependencies=[Depends(HTTPBearer(auto_error=False))], responses=ERROR_RESPONSES)
    # The lists the routes below join: /v1's, and the app's own (health checks, docs).
    app.add_middleware(_GuardMiddleware, service=service, routes=v1.routes, own_routes=app.router.routes)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs_page(app.openapi()))

    # Health checks run on the event loop, not in the thread pool the answers queue for, so an
    # orchestrator's probe is answered at once under any load (readiness reads one small file).
    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        if service.ready:
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "not ready", "reason": service.public_reason}, status_code=503)

    def checked(question: str, doc: str | None) -> Assistant:
        """The assistant, once the question and the document are known to be fine (else the API error)."""
        _checked_question(question, service.settings.max_question_chars)
        assistant = service.assistant()
        if doc is not None:
            _policy(assistant.corpus, doc)
        return assistant

    def answer(question: str, doc: str | None, previous: Turn | None = None) -> AnswerResult:
        return checked(question, doc).answer(question, doc, previous)

    @v1.post("/ask")
    def ask(request: AskRequest) -> AnswerResult:
        if request.session_id is None:
            return answer(request.question, request.doc)
        sessions = service.sessions
        result = answer(request.question, request.doc, sessions.last_turn(request.session_id))
        sessions.add_turn(request.session_id, Turn.from_result(result))
        return result

    @v1.post("/chat/completions", response_model=None, responses=CHAT_RESPONSES)
    def chat_completions(request: ChatCompletionRequest) -> dict[str, Any] | StreamingResponse:
        question = request.question()
        if question is None:
            raise APIError(422, "messages holds no message with role 'user': the last one is answered")
        assistant = checked(question, request.doc)
        # Stateless: the conversation so far is rebuilt from the earlier user messages, at a bounded cost.
        previous = service.history.context(assistant, request.earlier_questions(), request.doc)
        if not request.stream:
            return completion(request, assistant.answer(question, request.doc, previous))
        # Planned before streaming starts, so errors keep their status; an LLM's sentences then stream as
        # they pass the figure guard.
        events = assistant.answer_stream(question, request.doc, previous)
        return StreamingResponse(
            stream_events(request, events),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @v1.get("/clauses")
    def clauses(doc: str | None = None) -> ClauseList:
        corpus = service.corpus()
        policy = _policy(corpus, doc)
        translation = policy.translation
        return ClauseList(
            doc_id=policy.document.id,
            title=policy.document.title,
            title_en=translation.title if translation else None,
            documents=[p.document.id for p in corpus.policies],
            clauses=[ClauseSummary(**_summary(policy, c)) for c in policy.document.clauses],
        )

    @v1.get("/clauses/{number}")
    def clause(number: int, doc: str | None = None) -> ClauseDetail:
        policy = _policy(service.corpus(), doc)
        try:
            record = policy.document.clause(number)
        except KeyError as error:
            raise APIError(404, error.args[0], "not_found_error") from None
        english = policy.english(record)
        return ClauseDetail(
            **_summary(policy, record),
            text=record.text,
            sentences=[
                Sentence(index=s.index, zh=s.text, en=english.sentences[s.index] if english else None)
                for s in record.sentences
            ],
            responsible_units=list(record.responsible_units),
            responsible_units_en=list(english.responsible_units) if english else [],
            rules=[_rule_info(rule) for rule in policy.clause_rules(number)],
        )

    @v1.post("/calculate")
    def calculate(request: CalculateRequest) -> CalculateResponse:
        try:
            rule = service.corpus().rule(request.rule_id)
        except KeyError as error:
            raise APIError(404, error.args[0], "not_found_error") from None
        try:
            return _calculate(request, rule)
        except (AmountError, CalculationError) as error:
            raise APIError(422, str(error)) from None

    @v1.post("/match")
    def match_profile(profile: EnterpriseProfile) -> MatchResult:
        """The supports that may apply to a profile; matching needs no model, so it works before the index is built."""
        return match(profile, service.corpus())

    app.include_router(v1)
    return app


class _GuardMiddleware:
    """``_guard`` in the shape ``add_middleware`` expects."""

    def __init__(
        self, app: ASGIApp, service: AssistantService, routes: Sequence[BaseRoute], own_routes: Sequence[BaseRoute]
    ) -> None:
        self._call = _guard(app, service, routes, own_routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._call(scope, receive, send)
