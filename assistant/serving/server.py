"""One server: the FastAPI app with the API under /v1 and the Gradio UI at /zh/ and /en/, run by uvicorn."""

from __future__ import annotations

import os

from fastapi import FastAPI

from assistant.serving.service import AssistantService
from assistant.serving.storage import unwritable_notice
from assistant.settings import Settings, is_loopback

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


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


def build_app(service: AssistantService) -> FastAPI:
    """The API and the UI over one loaded assistant."""
    from assistant.serving.api import create_api, key_matches
    from assistant.serving.perimeter import Perimeter
    from assistant.serving.ui import mount_ui

    key = service.settings.api_key
    # With a key the web UI asks for it too (any user name), so the UI is no way around the API's check.
    auth = (lambda _user, password: key_matches(password, key)) if key else None
    app = mount_ui(create_api(service), service, auth=auth, auth_message=UI_LOGIN_MESSAGE)
    app.add_middleware(Perimeter, settings=service.settings)  # outermost: every response, the UI's too
    return app


def serve(settings: Settings) -> None:
    """Check the exposure rules, load the assistant once, then serve until interrupted."""
    import uvicorn

    check_exposure(settings)
    service = AssistantService(settings)
    service.start()
    app = build_app(service)
    shown = "localhost" if is_loopback(settings.host) else settings.host
    shown = f"[{shown}]" if ":" in shown else shown  # an IPv6 address in a URL
    print(f"policy assistant at http://{shown}:{settings.port}/  (API: /v1, docs: /docs)", flush=True)
    if not service.ready:
        print(f"not ready: {service.reason}", flush=True)
    notice = unwritable_notice(settings)
    if notice:
        print(notice, flush=True)
    if settings.database_url:
        from assistant.serving.database import shown_url

        print(f"API conversations and feedback in {shown_url(settings.database_url)}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
