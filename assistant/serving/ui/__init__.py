"""The web UI: one Gradio app per language, mounted at /zh/ and /en/, so that every label is in one
language; ``/`` opens the one the browser asked for (a remembered choice first, then Accept-Language)."""

from __future__ import annotations

from typing import Any

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from assistant.language import LANGUAGES, Language
from assistant.serving.feedback import FeedbackStore
from assistant.serving.service import AssistantService
from assistant.serving.ui.calculator import calculator_tab
from assistant.serving.ui.chat import chat_tab
from assistant.serving.ui.layout import COOKIE, HEAD, SWITCH_PATH, header
from assistant.serving.ui.match import match_tab
from assistant.serving.ui.measures import measures_tab
from assistant.serving.ui.texts import Texts
from embeddings.index import fingerprint

COOKIE_SECONDS = 365 * 24 * 3600


def build_ui(service: AssistantService, lang: Language, store: FeedbackStore) -> gr.Blocks:
    """The four tabs, every label in ``lang``; answers follow the language of each question."""
    texts = Texts(lang)
    corpus = service.corpus()
    with gr.Blocks(title=texts("page_title")) as blocks:
        gr.HTML(header(corpus.policy(), texts, None if service.ready else service.public_reason))
        with gr.Tabs():
            with gr.Tab(texts("tab_ask"), id="ask", elem_id="ask-tab"):
                chat_tab(blocks, service, store, texts)
            with gr.Tab(texts("tab_measures"), id="measures"):
                measures_tab(corpus, texts)
            with gr.Tab(texts("tab_calculator"), id="calculator"):
                calculator_tab(corpus, texts)
            with gr.Tab(texts("tab_match"), id="match"):
                match_tab(corpus, fingerprint(corpus, service.settings.embedding_model), texts)
    return blocks


def mount_ui(app: FastAPI, service: AssistantService, **mount: Any) -> FastAPI:
    """Mount both UIs (``mount``: Gradio's auth options) and the routes that choose between them."""
    store = FeedbackStore(service.settings.feedback_store)  # one for both languages' thumbs
    for lang in LANGUAGES:
        blocks = build_ui(service, lang, store)
        blocks.queue(default_concurrency_limit=2, max_size=service.settings.queue_size)
        app = gr.mount_gradio_app(app, blocks, path=f"/{lang}", footer_links=["api"], head=HEAD, **mount)

    @app.get("/", include_in_schema=False)
    def open_ui(request: Request) -> RedirectResponse:
        return RedirectResponse(f"{lang_of(request)}/", status_code=307)

    @app.get(f"/{SWITCH_PATH}/{{lang}}", include_in_schema=False)
    def switch_ui(lang: Language) -> RedirectResponse:
        response = RedirectResponse(f"../{lang}/", status_code=303)
        response.set_cookie(COOKIE, lang, max_age=COOKIE_SECONDS, samesite="lax", path="/")
        return response

    return app


def lang_of(request: Request) -> Language:
    """The UI language: the one chosen earlier in this browser, else the first of Accept-Language we speak."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen  # type: ignore[return-value]
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().casefold()
        for lang in LANGUAGES:
            if tag == lang or tag.startswith(f"{lang}-"):
                return lang
    return "en"
