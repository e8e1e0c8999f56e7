"""Figures at scale: synthetic corpora of N variants of the shipped policy, built, loaded and queried.

Run with ``python -m evals.scale [--sizes 1 10 40] [--questions 60] [--figures 88] [--json OUT]``. Each size
gets a fresh data folder: the N variants are ingested, the index built (timed, texts embedded counted), one
more variant added (timed and counted: the incremental case, beside the time its passages take to embed
alone), then a new process loads the assistant and answers (cold start, peak RSS) and goes on with
public-suite questions (warm p50 / p95, and the same questions' bare embedding: the answer's p50 beyond it is
the part that depends on the corpus). Then the public suite's questions with an expected amount (all about
the shipped, municipal policy) are asked with no document filter and each answer counted by what it does with
the amount (``outcome``): the municipal figure, several documents' differing figures shown, or another
document's figure given silently (the count that should be 0). It prints figures and never asserts. Variants
differ as district copies do: the issuer's name, the year and every amount in 万 / 亿 change, the rest of the
text is shared (so the content cache serves those sentences).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.corpus import POLICY_FILE, builtin_policy_dirs, load_corpus
from assistant.ingest import add_policy
from assistant.result import AnswerResult
from assistant.settings import get_settings
from embeddings.cache import EMBED_BATCH
from embeddings.index import build_index, corpus_passages
from embeddings.model import EmbeddingModel, TextKind, load_embedding_model

DISTRICTS = ("浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区")
DISTRICTS += ("嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")
AMOUNT = re.compile(r"([0-9０-９]+)(万|亿)")
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CHILD = """
import json, statistics, sys, time
started = float(sys.argv[1])
from assistant.chain import load_assistant
from assistant.settings import get_settings
from evals.scale import outcome
from embeddings.model import load_embedding_model
from evals.suite import builtin_suite, load_suite
assistant = load_assistant(get_settings())
assistant.answer("首台套设备合同1亿,最多补多少?")
cold = time.time() - started
questions = [case.question for case in load_suite(builtin_suite())][: int(sys.argv[2])]
for question in questions[:10]:
    assistant.answer(question)
latencies = []
for question in questions:
    began = time.perf_counter()
    assistant.answer(question)
    latencies.append((time.perf_counter() - began) * 1000)
cuts = statistics.quantiles(latencies, n=100, method="inclusive")
# VmHWM, not ru_maxrss: Linux keeps a forked child's ru_maxrss at its parent's high-water mark across exec, so
# this process reported the benchmark's own memory (972 MB at one document, 1,968 MB after building 400)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
settings = get_settings()
model = load_embedding_model(settings.embedding_model, settings.models_dir, settings.embedding_threads,
                             settings.embedding_engine)
embedding_ms = []
for question in questions:
    began = time.perf_counter()
    model.embed_batch([question], "query")
    embedding_ms.append((time.perf_counter() - began) * 1000)
shipped = assistant.corpus.policies[0].document.id
outcomes, figure_ms = {}, []
cases = [case for case in load_suite(builtin_suite()) if case.expected_amount_yuan is not None]
for case in cases[: int(sys.argv[3])]:
    began = time.perf_counter()
    kind = outcome(assistant.answer(case.question), shipped, case.expected_amount_yuan)
    figure_ms.append((time.perf_counter() - began) * 1000)
    outcomes[kind] = outcomes.get(kind, 0) + 1
print(json.dumps({"cold_start_s": round(cold, 2), "warm_p50_ms": round(statistics.median(latencies), 1),
                  "warm_p95_ms": round(cuts[94], 1), "peak_rss_mb": round(peak),
                  "embedding_p50_ms": round(statistics.median(embedding_ms), 1),
                  "beyond_embedding_p50_ms": round(statistics.median(latencies) - statistics.median(embedding_ms), 1),
                  "figures": {"asked": sum(outcomes.values()), **outcomes,
                              "p50_ms": round(statistics.median(figure_ms), 1)}}))
"""


def outcome(result: AnswerResult, shipped: str, expected: int) -> str:
    """What an answer without a document filter does with a question about the shipped policy's amount.

    ``municipal``: its amount from the shipped policy; ``agreed``: the expected amount from another document
    whose figure every compared document shares (said so); ``several_shown``: several documents' differing
    figures shown, the shipped one's among them; ``several_without_municipal``: differing figures shown, the
    shipped policy not among them; ``same_amount_elsewhere``: the expected amount from another document, no
    comparison said (a copy's measure that the shipped one's overrides.json corrects is another kind of rule, so
    the two are not compared); ``silent_other``: another document's different amount, nothing said (the count
    to bring to 0); ``no_amount`` / ``wrong_amount``: no amount, or the shipped policy's wrong amount (what the
    one-document assistant also gets wrong).
    """
    calculation = result.calculation
    if result.documents and not all(figure.agrees for figure in result.documents):
        shown = any(f.doc_id == shipped for f in result.documents)
        return "several_shown" if shown else "several_without_municipal"
    if calculation is None or calculation.amount_yuan is None:
        return "no_amount"
    if calculation.doc_id == shipped:
        return "municipal" if calculation.amount_yuan == expected else "wrong_amount"
    if calculation.amount_yuan != expected:
        return "silent_other"
    return "agreed" if result.documents else "same_amount_elsewhere"


def variant(text: str, number: int) -> str:
    """The shipped text as district ``number`` might have copied it: its name, a year, its own amounts."""
    district = DISTRICTS[number % len(DISTRICTS)]
    factor = 1 + (number % 97 + 1) / 100  # distinct amounts, so no two variants are the same text

    def scaled(match: re.Match[str]) -> str:
        return f"{int(int(match.group(1).translate(FULL_WIDTH)) * factor)}{match.group(2)}"

    year = 2022 + number % 4
    return AMOUNT.sub(scaled, text.replace("上海市", f"上海市{district}").replace("２０２２", str(year)))


class _Counting:
    """Counts the texts the build sends to the model (the wrapper goes around the real one)."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.name = model.name
        self.model = model
        self.texts = 0

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> list[list[float]]:
        self.texts += len(texts)
        return self.model.embed_batch(texts, kind)


def _timed_build(settings: Any, model: EmbeddingModel) -> dict[str, Any]:
    """Build the index of what is ingested (as ``ingest`` does), timed, counting what reaches the model."""
    counting = _Counting(model)
    started = time.perf_counter()
    manifest = build_index(load_corpus(settings.policies_dir), counting, settings.index_dir)  # type: ignore[arg-type]
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "passages": manifest["count"],
        "embedded": counting.texts,
    }


def _embed_alone(settings: Any, model: EmbeddingModel, doc_id: str) -> dict[str, Any]:
    """Embedding the added document's passages with the model, nothing cached: what adding it should cost."""
    texts = [p.text for p in corpus_passages(load_corpus(settings.policies_dir)) if p.doc_id == doc_id]
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        model.embed_batch(texts[start : start + EMBED_BATCH], "passage")
    return {"texts": len(texts), "seconds": round(time.perf_counter() - started, 1)}


def measure(size: int, questions: int, amounts: int, model: EmbeddingModel, models_dir: Path) -> dict[str, Any]:
    shipped = (builtin_policy_dirs()[0] / POLICY_FILE).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-scale-") as folder:
        data = Path(folder) / "data"
        environment = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODEL_CACHE_DIR": str(models_dir)}
        os.environ.update(environment)
        get_settings.cache_clear()
        settings = get_settings()
        sources = Path(folder) / "sources"
        sources.mkdir()
        for number in range(1, size):  # the shipped policy is the first of the N
            path = sources / f"variant-{number}.txt"
            path.write_text(variant(shipped, number), encoding="utf-8")
            add_policy(path, settings.policies_dir)
        figures: dict[str, Any] = {"documents": size, "build": _timed_build(settings, model)}
        extra = sources / "one-more.txt"
        extra.write_text(variant(shipped, size + 1000), encoding="utf-8")
        added = add_policy(extra, settings.policies_dir).name
        figures["add_one"] = _timed_build(settings, model)
        figures["add_one"]["embed_alone"] = _embed_alone(settings, model, added)
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(time.time()), str(questions), str(amounts)],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        )
        figures.update(json.loads(child.stdout.strip().splitlines()[-1]))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 40], help="documents per corpus")
    parser.add_argument("--questions", type=int, default=60, help="public-suite questions timed warm")
    parser.add_argument("--figures", type=int, default=88, help="public-suite amount questions asked unfiltered")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    settings = get_settings()
    model = load_embedding_model(
        settings.embedding_model, settings.models_dir, settings.embedding_threads, settings.embedding_engine
    )
    rows = []
    for size in args.sizes:
        rows.append(measure(size, args.questions, args.figures, model, settings.models_dir))
        print(json.dumps(rows[-1]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
