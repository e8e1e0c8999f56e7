"""One server: the FastAPI app with the API under /v1 and the Gradio UI at /zh/ and /en/, run by uvicorn.

``serve --workers N`` runs the API in N processes sharing the port, without the UI: Gradio keeps each
browser's events and state in the process that took them, so a question sent to one worker and awaited
from another never comes (one in four in a trial with two workers).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from assistant.serving.service import AssistantService
from assistant.serving.storage import unwritable_notice
from assistant.settings import Settings, get_settings, is_loopback

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


APP_FACTORY = "assistant.serving.server:create_app"
NO_UI = (
    "No web UI here: this server runs several worker processes (policy-assistant serve --workers N), which "
    "Gradio's UI cannot share. The API is under /v1 (operations at /docs); a server started with --workers 1 "
    "serves the UI."
)
UI_LOGIN_MESSAGE = "Enter the API key as the password (any user name). 请输入API密钥作为密码（用户名任意）。"


class ServerConfigError(ValueError):
    """The server would be unsafe or cannot start as configured; the message says what to set."""


def check_exposure(settings: Settings) -> None:
    """Binding beyond this machine without an API key would open the assistant to the network."""
    if not is_loopback(settings.host) and settings.api_key is None:
        raise ServerConfigError(
            f"refusing to bind to {settings.host} without an API key: set ASSISTANT_API_KEY to a long random "
            "secret (clients send it as 'Authorization: Bearer <key>'), or bind to 127.0.0.1"
        )


def build_app(service: AssistantService, ui: bool = True) -> FastAPI:
    """The API and (unless ``ui`` is False: several workers) the UI over one loaded assistant."""
    from fastapi.responses import PlainTextResponse

    from assistant.serving.api import create_api, key_matches
    from assistant.serving.perimeter import Perimeter
    from assistant.serving.ui import mount_ui

    key = service.settings.api_key
    # With a key the web UI asks for it too (any user name), so the UI is no way around the API's check.
    auth = (lambda _user, password: key_matches(password, key)) if key else None
    app = create_api(service)
    if ui:
        app = mount_ui(app, service, auth=auth, auth_message=UI_LOGIN_MESSAGE)
    else:
        app.get("/", include_in_schema=False)(lambda: PlainTextResponse(NO_UI, status_code=404))
    app.add_middleware(Perimeter, settings=service.settings)  # outermost: every response, the UI's too
    return app


def create_app() -> FastAPI:
    """The app of one worker process of ``serve --workers N``: uvicorn imports this by name in each process,
    which loads its own assistant from the settings (the parent put its overrides in the environment)."""
    return build_app(_started(get_settings()), ui=False)


def _started(settings: Settings) -> AssistantService:
    """The service, loaded; when it cannot be, why (the console is the operator's first place to look)."""
    service = AssistantService(settings)
    service.start()
    if not service.ready:
        print(f"not ready: {service.reason}", flush=True)
    return service


def serve(settings: Settings, workers: int = 1) -> None:
    """Check the exposure rules, load the assistant (in each of ``workers`` processes), then serve until
    interrupted. Several workers share the port; each holds its own model and index in memory."""
    import uvicorn

    check_exposure(settings)
    shown = "localhost" if is_loopback(settings.host) else settings.host
    shown = f"[{shown}]" if ":" in shown else shown  # an IPv6 address in a URL
    app = build_app(_started(settings)) if workers == 1 else None
    processes = "" if workers == 1 else f", {workers} worker processes, no web UI"
    print(f"policy assistant at http://{shown}:{settings.port}/  (API: /v1, docs: /docs{processes})", flush=True)
    notice = unwritable_notice(settings)
    if notice:
        print(notice, flush=True)
    if settings.database_url:
        from assistant.serving.database import shown_url

        print(f"API conversations and feedback in {shown_url(settings.database_url)}", flush=True)
    if settings.chroma_url:
        print(f"index from the Chroma server at {settings.chroma_url}", flush=True)
    if app is not None:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
        return
    os.environ.update({"ASSISTANT_HOST": settings.host, "ASSISTANT_PORT": str(settings.port)})
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=settings.host, port=settings.port, log_level="warning")
