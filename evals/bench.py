"""Speed figures on this machine: index build, cold start to first answer, warm latency, bare embedding, memory,
and the server under load (``evals.load``).

Run with ``make bench`` or ``python -m evals.bench [--rounds N] [--json OUT]``. It prints figures
and never asserts: targets are judged by people reading the README, not by timed tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.chain import load_assistant
from assistant.settings import get_settings
from embeddings.index import build_index
from embeddings.model import load_embedding_model
from evals import load
from evals.suite import builtin_suite, load_suite

COLD_START = """
import time, sys
started = float(sys.argv[1])
from assistant.chain import load_assistant
from assistant.settings import get_settings
result = load_assistant(get_settings()).answer("首台套设备合同1亿,最多补多少?")
assert result.calculation is not None
print(time.time() - started)
"""


def _percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(cuts[94], 2),
        "mean": round(statistics.fmean(values), 2),
    }


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def measure(rounds: int) -> dict[str, Any]:
    settings = get_settings()
    questions = [case.question for case in load_suite(builtin_suite())]
    figures: dict[str, Any] = {"questions": len(questions), "rounds": rounds}

    cold = [
        float(
            subprocess.run(
                [sys.executable, "-c", COLD_START, str(time.time())], check=True, capture_output=True, text=True
            ).stdout.strip()
        )
        for _ in range(3)
    ]
    figures["cold_start_s"] = round(statistics.median(cold), 2)
    figures["assistant_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)  # a process that loads and answers

    model = load_embedding_model(
        settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
    )
    assistant = load_assistant(settings, model=model)
    for question in questions[:20]:  # warm up both
        assistant.answer(question)
        model.embed_batch([question], "query")

    embed_ms, ask_ms = [], []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            model.embed_batch([question], "query")
            embed_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.answer(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
    figures["query_embedding_ms"] = _percentiles(embed_ms)
    figures["ask_ms"] = _percentiles(ask_ms)
    figures["ask_p50_over_embedding_p50"] = round(figures["ask_ms"]["p50"] / figures["query_embedding_ms"]["p50"], 2)

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        manifest = build_index(assistant.corpus, model, Path(folder) / "index")
        figures["index_build_s"] = round(time.perf_counter() - started, 2)
        figures["index_passages"] = manifest["count"]
    figures["bench_process_peak_mb"] = _peak_mb(resource.RUSAGE_SELF)  # includes the index build
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the public suite for warm latency")
    parser.add_argument("--json", default=None, help="also write the figures here")
    parser.add_argument("--skip-load", action="store_true", help="leave out the server load test")
    args = parser.parse_args(argv)
    figures = measure(args.rounds)
    if not args.skip_load:
        figures["server"] = load.measure(load.LEVELS, load.LEVEL_SECONDS)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
