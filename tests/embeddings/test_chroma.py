"""The chromadb adapter: batched writes and paged reads across Chroma's limits, no embedding of its own, and
an unreachable server named with its setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeddings.chroma import (
    MAX_BATCH,
    PAGE,
    IndexUnavailableError,
    add_all,
    local_client,
    read_all,
    reading,
    server_client,
)
from evals.server_process import free_port


def test_writes_go_in_batches_and_reads_in_pages(tmp_path: Path) -> None:
    count = PAGE + MAX_BATCH + 1  # more than one add (at most 5,461) and more than one page can take
    collection = local_client(tmp_path).create_collection("paged", embedding_function=reading())
    add_all(collection, {"ids": [str(i) for i in range(count)], "embeddings": [[float(i), 1.0] for i in range(count)]})
    stored = read_all(collection, ["embeddings"])
    assert sorted(map(int, stored["ids"])) == list(range(count))
    assert {str(int(vector[0])) for vector in stored["embeddings"]} == set(stored["ids"])


def test_a_collection_never_embeds_by_itself(tmp_path: Path) -> None:
    collection = local_client(tmp_path).create_collection("texts", embedding_function=reading("some-model"))
    with pytest.raises(IndexUnavailableError, match="some-model"):
        collection.add(ids=["a"], documents=["a text Chroma would have embedded with a downloaded model"])


def test_an_unreachable_server_is_named_with_its_setting_and_the_fix() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(IndexUnavailableError) as raised:
        server_client(url)
    message = str(raised.value)
    assert message.startswith(f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): ")
    assert "`chroma run --path DIR --port PORT`" in message
