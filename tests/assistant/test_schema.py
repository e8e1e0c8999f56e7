"""Schemathesis over every operation of the OpenAPI schema, against the real server on loopback.

Run as its command line with ``--continue-on-failure`` and a bounded example count per operation,
valid and invalid requests, with the key and without: no response may be a server error, have a
status or content type the schema does not document for that operation, break the documented schema
or headers, let a missing or wrong key in, or answer an undocumented method with anything but 405;
every request the schema rejects must be refused (``negative_data_rejection``), and on the operations
whose inputs the schema can state in full, every request it allows must be accepted
(``positive_data_acceptance``).

Not checked: that every schema-valid body of the four POST operations is accepted
(``positive_data_acceptance`` is off for them alone), because what refuses it there with a documented
422 is not expressible in JSON Schema:

- ``/v1/ask``: a question must read as one in Chinese or English (not mostly symbols), be within
  ASSISTANT_MAX_QUESTION_CHARS once cleaned and hold no negative or absurd amount: rules over the
  meaning and share of its characters, which no pattern can count;
- ``/v1/chat/completions``: its last user message is that question, under the same rules (and JSON
  Schema cannot single out the last element of a list);
- ``/v1/calculate``: which of ``amount`` and ``area_m2`` is needed depends on the rule ``rule_id``
  names, and an amount is text in the amount grammar (1亿, 300万元, RMB 5m, 三百万) with a range;
- ``/v1/match``: amounts and areas may be text as users type them (300万, '5,000 m2'), read by that grammar.
"""

from __future__ import annotations

import json
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
    "positive_data_acceptance",
    "negative_data_rejection",
)
# Where a schema-valid body can still be a documented 422 (why: the module docstring); every other check runs.
VALID_BUT_REFUSED = ("POST /v1/ask", "POST /v1/chat/completions", "POST /v1/calculate", "POST /v1/match")
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
    # Checks are chosen here rather than with --checks, which would override the per-operation exception.
    config = tmp_path / "schemathesis.toml"
    checks = "".join(f"{check}.enabled = true\n" for check in CHECKS)
    names = ", ".join(json.dumps(name) for name in VALID_BUT_REFUSED)
    config.write_text(
        f"[checks]\nenabled = false\n{checks}\n"
        f"[[operations]]\ninclude-name = [{names}]\nchecks.positive_data_acceptance.enabled = false\n"
    )
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: Bearer {KEY}",
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
