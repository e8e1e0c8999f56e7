"""What any client can meet at the server's edge, over real HTTP on loopback: the Host allow-list,
security headers on every response, the offline /docs page, the documented error JSON for unknown
/v1 paths and methods, and no folders of this machine in what unauthenticated callers see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.chain import Assistant
from assistant.serving.perimeter import SECURITY_HEADERS, host_name
from assistant.serving.redaction import without_paths
from assistant.serving.service import AssistantService
from assistant.settings import Settings, get_settings
from tests.conftest import MODEL_CACHE
from tests.support import serving, serving_assistant


@pytest.fixture(scope="module")
def url(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("perimeter") / "data", model_cache_dir=MODEL_CACHE)
    with serving_assistant(assistant, settings) as served:
        yield served


def error_of(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, str] = response.json()["error"]
    return error


@pytest.mark.slow
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil"])
def test_a_foreign_host_name_is_refused(url: str, host: str) -> None:
    """DNS rebinding: a page at evil.example whose name resolves to 127.0.0.1 must not reach the keyless server."""
    for path in ("/readyz", "/v1/clauses", "/", "/config"):
        error = error_of(httpx.get(f"{url}{path}", headers={"Host": host}), 400)
        assert "ASSISTANT_ALLOWED_HOSTS" in error["message"] and error["type"] == "invalid_request_error"


@pytest.mark.slow
@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8000", "127.0.0.1:1234", "[::1]:8000", "localhost."])
def test_localhost_names_are_served(url: str, host: str) -> None:
    assert httpx.get(f"{url}/v1/clauses", headers={"Host": host}).status_code == 200


@pytest.mark.slow
def test_allowed_hosts_are_configurable(assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_ALLOWED_HOSTS", " policy.example.org , Intranet-Box.")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        settings = get_settings()
    finally:
        get_settings.cache_clear()
    assert settings.allowed_hosts == ("policy.example.org", "intranet-box")
    with serving_assistant(assistant, settings) as served:
        assert httpx.get(f"{served}/readyz", headers={"Host": "intranet-box:8000"}).status_code == 200
        assert httpx.get(f"{served}/readyz", headers={"Host": "localhost"}).status_code == 400  # replaced, not added


def test_the_bound_address_is_served_and_a_wildcard_is_not_a_name(settings: Settings) -> None:
    assert "192.168.1.10" in settings.model_copy(update={"host": "192.168.1.10"}).served_hosts
    assert settings.model_copy(update={"host": "0.0.0.0"}).served_hosts == {"localhost", "127.0.0.1", "::1"}


@pytest.mark.parametrize(
    ("header", "name"),
    [("localhost:8000", "localhost"), ("[::1]:80", "::1"), ("Example.ORG.", "example.org"), ("::1", "::1")],
)
def test_host_names(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.slow
def test_every_response_carries_the_security_headers(url: str) -> None:
    responses = [
        httpx.get(f"{url}/", follow_redirects=True),  # Gradio's page
        httpx.get(f"{url}/config"),
        httpx.get(f"{url}/readyz"),
        httpx.get(f"{url}/docs"),
        httpx.get(f"{url}/v1/clauses"),
        httpx.get(f"{url}/v1/no-such-thing"),
        httpx.post(f"{url}/v1/ask", json={"question": ""}),
        httpx.get(f"{url}/readyz", headers={"Host": "evil.example"}),
    ]
    for response in responses:
        for name, value in SECURITY_HEADERS:
            assert response.headers.get(name.decode()) == value.decode(), (response.url, name)


@pytest.mark.slow
def test_docs_load_nothing_from_elsewhere(url: str) -> None:
    page = httpx.get(f"{url}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/openapi.json"' in page.text and "/v1/chat/completions" in page.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "an asset from another origin"
    assert "cdn" not in httpx.get(f"{url}/redoc").text.lower()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/v1/nope", "/v1/clauses/13/extra", "/v1/", "/v1"])
def test_an_unknown_v1_path_is_the_documented_404(url: str, path: str) -> None:
    error = error_of(httpx.get(f"{url}{path}"), 404)
    assert error["type"] == "not_found_error" and "/openapi.json" in error["message"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "path", "allowed"), [("GET", "/v1/ask", "POST"), ("DELETE", "/v1/clauses/3", "GET")]
)
def test_a_wrong_method_is_the_documented_405(url: str, method: str, path: str, allowed: str) -> None:
    response = httpx.request(method, f"{url}{path}")
    error = error_of(response, 405)
    assert response.headers["allow"] == allowed and f"use {allowed}" in error["message"]


@pytest.mark.slow
def test_readyz_names_no_folder_of_this_machine(settings: Settings) -> None:
    """The real loader on a data folder without an index: the console keeps the path, callers get the setting."""
    service = AssistantService(settings)
    service.start()
    assert service.reason is not None and str(settings.data_dir) in service.reason
    with serving(service) as served:
        for response in (httpx.get(f"{served}/readyz"), httpx.post(f"{served}/v1/ask", json={"question": "EDA?"})):
            assert response.status_code == 503
            text = response.text
            assert str(settings.data_dir) not in text and "/tmp" not in text and "ASSISTANT_DATA_DIR/index" in text
            assert "policy-assistant ingest" in text


def test_paths_become_settings_or_names(settings: Settings) -> None:
    data, models = settings.data_dir, settings.models_dir
    text = f"index not found at {data}/index: run it; model at {models}/e5 (see /etc/x/y.conf); url http://a/b"
    assert without_paths(text, settings) == (
        "index not found at ASSISTANT_DATA_DIR/index: run it; model at ASSISTANT_MODEL_CACHE_DIR/e5 "
        "(see y.conf); url http://a/b"
    )
