"""Schemathesis over every operation of the OpenAPI schema, against the real server on loopback.

Run as its command line with ``--continue-on-failure`` and a bounded example count per operation,
valid and invalid requests, with the key and without: no response may be a server error, have a
status or content type the schema does not document for that operation, break the documented schema
or headers, let a missing or wrong key in, or answer an undocumented method with anything but 405.
Not checked: that every schema-valid body is accepted (an empty question is valid JSON for the schema
and a documented 422 for the assistant), and that pydantic's lax coercion (``0`` for ``false``) is refused.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from assistant.chain import Assistant
from assistant.serving.service import AssistantService
from assistant.settings import Settings
from tests.conftest import MODEL_CACHE
from tests.support import serving

KEY = "schema-test-key-0123456789abcdef"
EXAMPLES_PER_OPERATION = 50
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
    "missing_required_header",
    "unsupported_method",
)
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture(scope="module")
def url(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """With a key (so authentication is tested too) and a failure limit no test run reaches."""
    data = tmp_path_factory.mktemp("schema") / "data"
    settings = Settings(data_dir=data, model_cache_dir=MODEL_CACHE, api_key=SecretStr(KEY), auth_failures=10**9)
    service = AssistantService(settings, loader=lambda s: assistant)
    service.start()
    with serving(service) as served:
        yield served


@pytest.mark.slow
def test_every_operation_keeps_its_documented_contract(url: str, tmp_path: Path) -> None:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: Bearer {KEY}",
        "--checks",
        ",".join(CHECKS),
        "--continue-on-failure",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        "1",  # the same requests on every run, so a failure can be replayed
        "--request-timeout",
        "120",
        "--workers",
        "1",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    operations = sum(len(methods) for methods in httpx.get(f"{url}/openapi.json").json()["paths"].values())
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
    assert f"Selected: {operations}/{operations}" in result.stdout, result.stdout[-3_000:]
    assert f"Tested: {operations}" in result.stdout, result.stdout[-3_000:]
    assert "failures" not in result.stdout.splitlines()[-1], result.stdout[-3_000:]
