"""What every HTTP response of the server passes through: the Host allow-list and the security headers.

The server is keyless on loopback by default, so a web page elsewhere could reach it through DNS
rebinding (its own name resolving to 127.0.0.1); a request must therefore name an allowed host. Every
response, the UI's included, tells browsers not to sniff types, not to frame the app and not to send
its URLs on as referrers.
"""

from __future__ import annotations

from assistant.serving.api import error_response
from assistant.serving.asgi import ASGIApp, Message, Receive, Scope, Send
from assistant.settings import Settings

HOST_REFUSED = (
    "this server does not answer to the host name in the request; if it is meant to, add the name to "
    "ASSISTANT_ALLOWED_HOSTS (comma-separated) on the server"
)

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
)


def host_name(header: str) -> str:
    """The name in a Host header, without port, brackets or a trailing dot, lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):  # an IPv6 address: [::1]:8000
        return header[1:].partition("]")[0]
    name, _, port = header.rpartition(":")
    return (name if name and ":" not in name and port.isdigit() else header).rstrip(".")


class Perimeter:
    """ASGI middleware: a request naming another host gets 400 (as JSON), every response the headers."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self._app = app
        self._hosts = settings.served_hosts

    def allows(self, scope: Scope) -> bool:
        """A request without a Host header (HTTP/1.0) cannot come from a rebound name, so it passes."""
        if "*" in self._hosts:
            return True
        given = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"host"]
        return all(host_name(value) in self._hosts for value in given)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if self.allows(scope):
            await self._app(scope, receive, with_headers)
        elif scope["type"] == "http":
            await error_response(400, HOST_REFUSED, "invalid_request_error")(scope, receive, with_headers)
        else:
            await send({"type": "websocket.close", "code": 1008})
