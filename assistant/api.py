"""The REST API under /v1 (and health checks): the core's structured results over HTTP."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.result import AnswerResult
from assistant.service import AssistantService, NotReadyError


class AskRequest(BaseModel):
    question: str = Field(min_length=1)
    session_id: str | None = None


def create_api(service: AssistantService) -> FastAPI:
    app = FastAPI(title="Policy Assistant", version="0.1.0")
    app.state.service = service

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        if service.ready:
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "not ready", "reason": service.reason}, status_code=503)

    @app.post("/v1/ask")
    def ask(request: AskRequest) -> AnswerResult:
        try:
            return service.assistant().answer(request.question)
        except NotReadyError as error:
            return JSONResponse({"error": str(error)}, status_code=503)  # type: ignore[return-value]

    return app
