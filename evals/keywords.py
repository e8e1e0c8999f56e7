"""Start-up of the BM25 part: the keyword index opened from a saved build against built in memory (the fallback).

Run with ``python -m evals.keywords [--copies N]``: N copies of the shipped passages (each with its own
document id and one extra word, so a larger corpus without new policies); each way is measured in a fresh
process, so its time and memory are its own. It prints figures and never asserts, like ``evals.bench``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import embeddings.index
from assistant import retrieval
from assistant.corpus import load_corpus
from assistant.keyword_index import save_keywords
from embeddings.layout import CURRENT, MANIFEST, new_build

QUESTION = "首台套设备合同1亿，最多补多少？"
MODEL = "evals.keywords"


def _memory_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _copy_passages(copies: int) -> None:
    """Make every reader of the corpus's passages see ``copies`` copies of them (1: the shipped ones as they are)."""
    if copies == 1:
        return
    passages = embeddings.index.corpus_passages(load_corpus(Path(tempfile.mkdtemp())))
    copied = [
        dataclasses.replace(p, id=f"{p.id}~{k}", doc_id=f"{p.doc_id}~{k}", text=f"{p.text} 区{k:03d}")
        for k in range(copies)
        for p in passages
    ]
    for module in (embeddings.index, retrieval):
        module.corpus_passages = lambda corpus: copied  # type: ignore[attr-defined]


def save(copies: int, index_dir: Path) -> dict[str, Any]:
    """What ingest does for the keywords, in a build holding only them and a manifest."""
    _copy_passages(copies)
    corpus = load_corpus(Path(tempfile.mkdtemp()))
    passages = embeddings.index.corpus_passages(corpus)
    build = new_build(index_dir)
    started = time.perf_counter()
    fingerprint = embeddings.index.fingerprint(corpus, MODEL)
    save_keywords(build, [p.text for p in passages], fingerprint)
    seconds = time.perf_counter() - started
    (build / MANIFEST).write_text(json.dumps({"model": MODEL, "fingerprint": fingerprint}), encoding="utf-8")
    (index_dir / CURRENT).write_text(build.name, encoding="utf-8")
    size = sum(f.stat().st_size for f in (build / "keywords").iterdir())
    return {"passages": len(passages), "save_s": round(seconds, 2), "saved_mb": round(size / 2**20, 1)}


def start(way: str, copies: int, index_dir: Path) -> dict[str, Any]:
    """One start of the BM25 retriever, ``opened`` from the saved build or ``built`` in memory, and a question."""
    _copy_passages(copies)
    corpus = load_corpus(Path(tempfile.mkdtemp()))
    before, _ = _memory_mb()
    started = time.perf_counter()
    bm25 = retrieval.BM25Retriever.from_index(corpus, index_dir) if way == "opened" else retrieval.BM25Retriever(corpus)
    seconds = time.perf_counter() - started
    after, peak = _memory_mb()
    started = time.perf_counter()
    bm25.retrieve(QUESTION, 5)
    first = time.perf_counter() - started
    return {
        "way": way,
        "start_s": round(seconds, 2),
        "rss_growth_mb": round(after - before),
        "peak_growth_mb": round(peak - before),
        "first_question_ms": round(first * 1000, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the shipped passages (default 1)")
    parser.add_argument("--start", choices=["opened", "built"], help=argparse.SUPPRESS)  # one measured process
    parser.add_argument("--index-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start:
        print(json.dumps(start(args.start, args.copies, args.index_dir)))
        return
    with tempfile.TemporaryDirectory(prefix="keywords-") as folder:
        print(json.dumps(save(args.copies, Path(folder))))
        for way in ("opened", "built"):
            command = [sys.executable, "-m", "evals.keywords", "--copies", str(args.copies), "--start", way]
            measured = subprocess.run([*command, "--index-dir", folder], capture_output=True, text=True, check=True)
            print(measured.stdout.strip())


if __name__ == "__main__":
    main()
