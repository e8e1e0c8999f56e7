"""The ONNX engine: an ``EmbeddingModel`` that runs an exported encoder on onnxruntime.

onnxruntime and tokenizers are imported here and nowhere else. The graph (see
``embeddings.export``) already pools and normalizes, so this tokenizes exactly as
sentence-transformers does (same ``tokenizer.json``, same prompts, same truncation) and runs it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.export import GRAPH, SETTINGS
from embeddings.model import TextKind

BATCH = 32


class OnnxModel:
    """Embeds with onnxruntime on ``threads`` CPU threads; batches are grouped by length to pad little."""

    def __init__(self, export_dir: Path, name: str, threads: int = 2) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        settings = json.loads((export_dir / SETTINGS).read_text(encoding="utf-8"))
        self.name = name
        self._prompts: dict[str, str] = settings["prompts"]
        self._tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=settings["max_tokens"])
        self._tokenizer.enable_padding(pad_id=settings["pad_id"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(export_dir / GRAPH), options, providers=["CPUExecutionProvider"]
        )

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        prompt = self._prompts.get(kind, "")
        prompted = [prompt + text for text in texts]
        order = sorted(range(len(prompted)), key=lambda i: len(prompted[i]))
        vectors: list[list[float]] = [[] for _ in prompted]
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            for i, vector in zip(chunk, self._embed([prompted[i] for i in chunk]), strict=True):
                vectors[i] = vector
        return vectors

    def _embed(self, texts: list[str]) -> list[list[float]]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (embedding,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        return embedding.tolist()
