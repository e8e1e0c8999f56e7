"""A server that notices a new index: real ingests into the data folder of a real server on loopback.

No restart between the steps: the server starts before any index exists, becomes ready once one is
built, and serves a rebuilt index (with a second policy) while a streamed answer that began on the
old index finishes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from assistant.ingest import add_policy, ensure_index, publish_index
from assistant.serving.service import PICKED_UP, AssistantService
from assistant.settings import Settings
from embeddings.layout import current_build
from evals.server_process import free_port
from tests.conftest import DISTRICT_POLICY
from tests.support import STARTUP_SECONDS, serving

pytestmark = pytest.mark.slow

EDA = "Which support applies to a new EDA tool purchase?"


def _until(condition: Callable[[], bool], what: str) -> None:
    """Poll until ``condition`` holds; the deadline only stops a hung test, it is not a speed assertion."""
    for _ in range(STARTUP_SECONDS * 10):
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {STARTUP_SECONDS} s")


def test_the_server_picks_up_a_first_and_a_rebuilt_index_without_a_restart(settings: Settings, tmp_path: Path) -> None:
    service = AssistantService(settings)
    service.start()
    with serving(service) as url, httpx.Client(base_url=url, timeout=60) as http:
        waiting = http.get("/readyz")
        assert waiting.status_code == 503
        assert "policy-assistant ingest" in waiting.json()["reason"] and PICKED_UP in waiting.json()["reason"]

        ensure_index(settings)  # what `policy-assistant ingest` does, in another process or this one
        _until(lambda: http.get("/readyz").status_code == 200, "/readyz turning ready")
        answer = http.post("/v1/ask", json={"question": EDA})
        assert answer.status_code == 200 and answer.json()["citations"][0]["clause"] == 13
        first = current_build(settings.index_dir)

        def rebuild() -> None:
            ensure_index(settings, force=True)
            assert first is not None and not first.exists(), "the old build is gone from the disk while it streams"

        district = _rebuilt_during_a_stream(http, tmp_path, settings.policies_dir, rebuild)

        def serves_the_district() -> bool:
            assert http.get("/readyz").status_code == 200, "the old index is served until the new one is loaded"
            return district in http.get("/v1/clauses").json()["documents"]

        _until(serves_the_district, "the rebuilt index being served")
        robots = http.post("/v1/ask", json={"question": "工业机器人整机研发投入1000万能补多少？", "doc": district})
        assert robots.status_code == 200 and robots.json()["citations"][0]["doc_id"] == district


def test_a_server_on_a_chroma_server_picks_up_an_ingest_made_on_another_machine(
    settings: Settings, chroma_url: str, tmp_path: Path
) -> None:
    replica = settings.model_copy(update={"chroma_url": chroma_url})
    ingesting = replica.model_copy(update={"data_dir": tmp_path / "ingest-machine"})
    service = AssistantService(replica)
    service.start()
    with serving(service) as url, httpx.Client(base_url=url, timeout=60) as http:
        waiting = http.get("/readyz")
        assert waiting.status_code == 503
        assert f"the Chroma server at {chroma_url} holds no index yet" in waiting.json()["reason"]

        ensure_index(ingesting)  # what `policy-assistant ingest` does on the other machine
        publish_index(ingesting)
        _until(lambda: http.get("/readyz").status_code == 200, "/readyz turning ready")
        assert http.post("/v1/ask", json={"question": EDA}).json()["citations"][0]["clause"] == 13

        def republish() -> None:
            ensure_index(ingesting, force=True)
            publish_index(ingesting)

        district = _rebuilt_during_a_stream(http, tmp_path, ingesting.policies_dir, republish)

        _until(lambda: district in http.get("/v1/clauses").json()["documents"], "the new version being served")
        robots = http.post("/v1/ask", json={"question": "工业机器人整机研发投入1000万能补多少？", "doc": district})
        assert robots.status_code == 200 and robots.json()["citations"][0]["doc_id"] == district
    assert not (replica.data_dir / "index").exists() and not replica.policies_dir.exists()  # all from the server


def test_an_unreachable_chroma_server_is_why_the_server_is_not_ready(settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    service = AssistantService(settings.model_copy(update={"chroma_url": url}))
    service.start()
    with serving(service) as served, httpx.Client(base_url=served, timeout=60) as http:
        response = http.get("/readyz")
    assert response.status_code == 503
    reason = response.json()["reason"]
    assert reason.startswith(f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): ")
    assert "Traceback" not in reason


def _rebuilt_during_a_stream(http: httpx.Client, tmp_path: Path, policies: Path, rebuild: Callable[[], None]) -> str:
    """Start a streamed answer, add the district policy and ``rebuild`` while it streams, and check the answer
    finishes (on the index it started with); returns the district's document id."""
    with http.stream(
        "POST", "/v1/chat/completions", json={"stream": True, "messages": [{"role": "user", "content": EDA}]}
    ) as in_flight:
        events = in_flight.iter_lines()
        assert next(events).startswith("data: ")  # the answer is planned on the first index
        source = tmp_path / "robots.txt"
        source.write_text(DISTRICT_POLICY, encoding="utf-8")
        district = add_policy(source, policies).name
        rebuild()
        rest = [line for line in events if line]
    assert rest[-1] == "data: [DONE]" and '"finish_reason":"stop"' in rest[-2]
    return district
