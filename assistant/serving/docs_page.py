"""The /docs page: the API's operations and a link to the OpenAPI schema, with nothing loaded from elsewhere.

FastAPI's Swagger and ReDoc pages load their scripts from a CDN, so offline they are blank; no
installed package ships those assets, so this page lists the operations itself and points tools at
``/openapi.json``.
"""

from __future__ import annotations

import html
from typing import Any

OPENAPI_URL = "/openapi.json"


def render_docs_page(schema: dict[str, Any]) -> str:
    """A self-contained HTML page: title, description, one row per operation, the schema link."""
    info = schema.get("info", {})
    rows = "".join(
        f"<tr><td><code>{html.escape(method.upper())}</code></td><td><code>{html.escape(path)}</code></td>"
        f"<td>{html.escape(operation.get('summary', ''))}</td></tr>"
        for path, operations in schema.get("paths", {}).items()
        for method, operation in operations.items()
    )
    title = html.escape(info.get("title", "API"))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} · API</title></head><body>"
        f"<h1>{title} API</h1><p>{html.escape(info.get('description', ''))}</p>"
        f'<p>The OpenAPI schema: <a href="{OPENAPI_URL}">{OPENAPI_URL}</a> '
        "(load it into any OpenAPI tool, or an OpenAI client for <code>/v1/chat/completions</code>).</p>"
        f"<table><thead><tr><th>method</th><th>path</th><th>what</th></tr></thead><tbody>{rows}</tbody></table>"
        "</body></html>"
    )
