"""Which sentence-transformers directories the ONNX export accepts, and the message when it cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embeddings.export import ExportUnsupportedError, export_onnx

TRANSFORMER = {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}
POOLING = {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}
NORMALIZE = {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}
DENSE = {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}


def _model_dir(tmp_path: Path, modules: list[dict[str, object]], pooling: str = "mean_tokens") -> Path:
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    modes = {f"pooling_mode_{mode}": mode == pooling for mode in ("cls_token", "mean_tokens", "max_tokens")}
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 384, **modes}))
    return tmp_path


@pytest.mark.parametrize(
    ("modules", "pooling", "problem"),
    [
        ([TRANSFORMER, POOLING, DENSE], "mean_tokens", "Dense"),
        ([TRANSFORMER, POOLING, NORMALIZE], "cls_token", "cls"),
        ([TRANSFORMER, POOLING], "max_tokens", "max"),
    ],
)
def test_other_pipelines_are_refused_with_the_fix(
    tmp_path: Path, modules: list[dict[str, object]], pooling: str, problem: str
) -> None:
    with pytest.raises(ExportUnsupportedError, match=f"(?s){problem}.*ASSISTANT_EMBEDDING_ENGINE=torch"):
        export_onnx(_model_dir(tmp_path, modules, pooling), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_directory_without_weights_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportUnsupportedError, match=r"model\.safetensors"):
        export_onnx(_model_dir(tmp_path, [TRANSFORMER, POOLING, NORMALIZE]), tmp_path / "out")


def test_a_corrupt_modules_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text("{not json")
    with pytest.raises(ExportUnsupportedError, match="cannot read"):
        export_onnx(tmp_path, tmp_path / "out")
