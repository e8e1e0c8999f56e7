"""The shipped (municipal) policy with two district copies of it, as ``evals.scale`` makes them: 奉贤区 (2024,
every 万/亿 amount ×1.15) and 长宁区 (2025, ×1.04); and an assistant over a real index of the three."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chain import Assistant
from assistant.corpus import Corpus, load_corpus
from assistant.ingest import add_policy
from embeddings.model import EmbeddingModel
from evals.scale import variant
from tests.support import indexed_assistant

FENGXIAN, CHANGNING = 14, 3  # variant numbers


def copies_of(corpus: Corpus, folder: Path, numbers: tuple[int, ...]) -> Corpus:
    for number in numbers:
        source = folder / f"variant-{number}.txt"
        source.write_text(variant(corpus.policy().document.source, number), encoding="utf-8")
        add_policy(source, folder / "policies")
    return load_corpus(folder / "policies")


@pytest.fixture(scope="session")
def district_copies(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return copies_of(corpus, tmp_path_factory.mktemp("copies"), (FENGXIAN, CHANGNING))


@pytest.fixture(scope="session")
def ids(district_copies: Corpus) -> dict[str, str]:
    """Document ids by region: 上海市 (the shipped policy), 奉贤区, 长宁区."""
    return {p.info.region: p.document.id for p in district_copies.policies}


@pytest.fixture(scope="session")
def copies_assistant(
    district_copies: Corpus, embedding_model: EmbeddingModel, tmp_path_factory: pytest.TempPathFactory
) -> Assistant:
    return indexed_assistant(district_copies, embedding_model, tmp_path_factory.mktemp("copies-index") / "index")
