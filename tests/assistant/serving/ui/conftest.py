"""One real server for the UI's browser tests (the real hybrid assistant, feedback in a temporary folder),
and pages on it at the two sizes the UI is designed for. On failure the page is saved to artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from assistant.chain import Assistant
from assistant.settings import Settings
from tests.conftest import FAILED_PHASES, MODEL_CACHE, REPO
from tests.support import ANSWER_TIMEOUT_MS, serving_assistant

ARTIFACTS = REPO / "artifacts"
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCALES = {"zh": "zh-CN", "en": "en-US"}
OpenPage = Callable[..., Page]


@pytest.fixture(scope="package")
def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("ui") / "data", model_cache_dir=MODEL_CACHE)


@pytest.fixture(scope="package")
def base_url(assistant: Assistant, ui_settings: Settings) -> Iterator[str]:
    with serving_assistant(assistant, ui_settings) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[OpenPage]:
    """``open_page(lang="zh", size="desktop", url=…)``: a fresh browser (its own storage) on that UI."""
    pages: list[Page] = []

    def opened(lang: str = "zh", size: str = "desktop", url: str | None = None, path: str | None = None) -> Page:
        context = browser.new_context(viewport=SIZES[size], locale=LOCALES[lang])
        page = context.new_page()
        page.set_default_timeout(ANSWER_TIMEOUT_MS)
        page.goto(f"{url or base_url}{path if path is not None else f'/{lang}/'}")
        page.locator("#question textarea").wait_for()
        pages.append(page)
        return page

    yield opened
    failed = request.node.stash.get(FAILED_PHASES, set()) & {"setup", "call"}
    for number, page in enumerate(pages):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}-{number}.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failed UI test: {path}")
        page.context.close()


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """The Chinese UI on a desktop."""
    return open_page()
