"""BM25+ keyword scores as a sparse matrix, built once at ingest and saved in the index build.

A dense vocabulary × passages matrix took 1 GB at 78,000 passages and was rebuilt, every passage
tokenized by jieba again, at every start. BM25+ gives a passage a floor (idf × delta) for each query
word it lacks, so only what a passage's own words add above that floor needs storing: a CSR matrix,
tokens × passages, about as large as the passages' tokens. A question's score for every passage is
the floors of its words plus the rows it selects. Scores are rank_bm25's ``BM25Plus`` with its
defaults (k1 1.5, b 0.75, delta 1) to rounding (``tests/assistant/test_keyword_index.py``).

On disk, beside the Chroma store of one build (``embeddings.layout``), read memory-mapped::

    <build>/keywords/data.npy, indices.npy, indptr.npy   the matrix (float64, int32, int32/int64)
    <build>/keywords/floors.npy                          idf × delta per token
    <build>/keywords/vocabulary.json                     the tokens, in row order
    <build>/keywords/stamp.json                          what it was made from; written last
    <build>/keywords/tokens.json                         each distinct text's tokens, so a new build
                                                         tokenizes only texts no earlier build held
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba
import numpy as np
from scipy import sparse

from assistant import amounts, tokenizer
from assistant.corpus import Corpus
from assistant.glossary import chinese_terms
from assistant.tokenizer import tokenize
from embeddings.layout import MANIFEST, current_build

K1, B, DELTA = 1.5, 0.75, 1.0
FOLDER = "keywords"
STAMP = "stamp.json"
TOKENS = "tokens.json"  # each distinct text's tokens, for the next build; checked by the rules it was made under
ARRAYS = ("data", "indices", "indptr", "floors")


class StaleKeywordsError(RuntimeError):
    """No saved keyword index fits the live build and corpus; the message says why."""


def _rules() -> str:
    """What decides a text's tokens and their weights: an index saved under other rules is stale.

    The tokenizer's and the amount parser's sources stand for their rules, so any change to them
    (a stop word, a stem, a new amount form) makes the next start rebuild instead of serving old tokens.
    """
    digest = hashlib.sha256(f"{jieba.__version__}\0{K1}\0{B}\0{DELTA}".encode())
    for module in (tokenizer, amounts):
        digest.update(Path(str(module.__file__)).read_bytes())
    for term in chinese_terms():
        digest.update(f"\0{term}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare by
class KeywordIndex:
    """BM25+ over fixed passages: ``rows`` maps a token to its row of ``matrix`` and ``floors``."""

    rows: dict[str, int]
    floors: np.ndarray
    matrix: sparse.csr_array

    @classmethod
    def build(cls, texts: Sequence[str], known: Mapping[str, list[str]] | None = None) -> KeywordIndex:
        """Tokenize each distinct passage text once (``known``: texts tokenized before) and weigh each
        (token, passage) it holds."""
        rows: dict[str, int] = {}
        rows_of = {  # each distinct text's token rows, rows numbered in order of first appearance
            text: np.fromiter((rows.setdefault(t, len(rows)) for t in tokens), dtype=np.int64, count=len(tokens))
            for text, tokens in tokens_of(texts, known or {}).items()
        }
        lengths = np.fromiter((len(rows_of[text]) for text in texts), dtype=np.int64, count=len(texts))
        token_rows = np.concatenate([rows_of[text] for text in texts]) if texts else np.zeros(0, dtype=np.int64)
        columns = np.repeat(np.arange(len(texts)), lengths)
        shape = (len(rows), len(texts))
        counts = sparse.coo_array((np.ones(len(columns)), (token_rows, columns)), shape=shape).tocsr()  # sums repeats
        idf = np.log((len(texts) + 1) / np.diff(counts.indptr))
        norm = K1 * (1 - B + B * lengths / (lengths.sum() / len(texts)))
        entry_rows = np.repeat(np.arange(len(rows)), np.diff(counts.indptr))
        tf = counts.data
        counts.data = idf[entry_rows] * (tf * (K1 + 1) / (norm[counts.indices] + tf))
        return cls(rows, idf * DELTA, counts)

    def scores(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """Every passage's score for the distinct known tokens, and which passages hold one of them;
        None when the corpus knows none."""
        rows = sorted({self.rows[t] for t in tokens if t in self.rows})
        if not rows:
            return None
        # Rows sliced by hand: scipy's row indexing costs about a millisecond whatever the rows hold.
        spans = [slice(self.matrix.indptr[row], self.matrix.indptr[row + 1]) for row in rows]
        columns = np.concatenate([self.matrix.indices[span] for span in spans])
        weights = np.concatenate([self.matrix.data[span] for span in spans])
        passages = self.matrix.shape[1]
        scores = np.bincount(columns, weights=weights, minlength=passages) + self.floors[rows].sum()
        present = np.zeros(passages, dtype=bool)
        present[columns] = True
        return scores, present

    def save(self, folder: Path, fingerprint: str) -> None:
        """Write the arrays, then the stamp naming the index build (its manifest's fingerprint) and the rules."""
        folder.mkdir()
        arrays = {"data": self.matrix.data, "indices": self.matrix.indices, "indptr": self.matrix.indptr}
        for name, array in {**arrays, "floors": self.floors}.items():
            np.save(folder / f"{name}.npy", array)
        (folder / "vocabulary.json").write_text(json.dumps(list(self.rows), ensure_ascii=False), encoding="utf-8")
        stamp = {"fingerprint": fingerprint, "rules": _rules(), "passages": self.matrix.shape[1]}
        (folder / STAMP).write_text(json.dumps(stamp), encoding="utf-8")

    @classmethod
    def open(cls, folder: Path) -> tuple[KeywordIndex, dict[str, Any]]:
        """The saved index, its arrays memory-mapped (read, never copied), and its stamp."""
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        data, indices, indptr, floors = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS)
        matrix = sparse.csr_array((data, indices, indptr), shape=(len(vocabulary), stamp["passages"]), copy=False)
        return cls({token: row for row, token in enumerate(vocabulary)}, floors, matrix), stamp


def tokens_of(texts: Sequence[str], known: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Each distinct text's tokens: ``known`` ones as they are, the others tokenized now."""
    return {text: known[text] if text in known else tokenize(text) for text in dict.fromkeys(texts)}


def _saved_tokens(folder: Path) -> dict[str, list[str]]:
    """The tokens a build saved of its texts, when made under today's rules; none otherwise (it only saves work)."""
    try:
        saved = json.loads((folder / TOKENS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved["tokens"] if isinstance(saved, dict) and saved.get("rules") == _rules() else {}


def save_keywords(build: Path, texts: Sequence[str], fingerprint: str) -> None:
    """The ingest hook: build the keyword index of a new index build's passages into that build. A new build
    starts as a copy of the live one (``embeddings.index``): the texts its keywords tokenized are not tokenized
    again (adding one document to 400 tokenized 41,704 passages, 4.9 s), and the copied keywords go first."""
    known = _saved_tokens(build / FOLDER)
    tokens = tokens_of(texts, known)
    shutil.rmtree(build / FOLDER, ignore_errors=True)
    KeywordIndex.build(texts, tokens).save(build / FOLDER, fingerprint)
    saved = json.dumps({"rules": _rules(), "tokens": tokens}, ensure_ascii=False)
    (build / FOLDER / TOKENS).write_text(saved, encoding="utf-8")


def open_saved(index_dir: Path, corpus: Corpus) -> KeywordIndex:
    """The keyword index saved in the live build, if that build indexes this corpus under these rules."""
    from embeddings.index import fingerprint  # embeddings.index saves through this module: imported here

    build = current_build(index_dir)
    if build is None or not (build / MANIFEST).is_file():
        raise StaleKeywordsError(f"no index at {index_dir}")
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        keywords, stamp = KeywordIndex.open(build / FOLDER)
    except FileNotFoundError as error:
        raise StaleKeywordsError(f"the index build {build} has no saved keyword index ({error.filename})") from error
    except (OSError, ValueError, KeyError) as error:
        raise StaleKeywordsError(f"the keyword index in {build} is unreadable ({error})") from error
    if manifest.get("fingerprint") != fingerprint(corpus, str(manifest.get("model"))):
        raise StaleKeywordsError(f"the index at {index_dir} was built from other policies")
    if stamp.get("fingerprint") != manifest.get("fingerprint"):
        raise StaleKeywordsError(f"the keyword index in {build} belongs to another build")
    if stamp.get("rules") != _rules():
        raise StaleKeywordsError(f"the keyword index in {build} was made by other tokenizer rules")
    return keywords
