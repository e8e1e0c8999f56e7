"""Speed of the API's conversation store: ``add_turn`` on an empty store and on one holding N sessions.

Run with ``python -m evals.sessions [--sessions 10000] [--writes 2000]``. It prints figures and never
asserts: targets are judged by people reading the README, not by timed tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.conversation import Turn
from assistant.serving.sessions import SessionStore

TURN = Turn(question="首台套设备合同1亿,最多补多少?", lang="zh", intent="calculation", measures=[("doc", 13)])


def _timings(store: SessionStore, ids: Sequence[str]) -> dict[str, float]:
    """add_turn over the ids in order, each timed; p50, p95 and p99 in ms."""
    spent = []
    for session_id in ids:
        started = time.perf_counter()
        store.add_turn(session_id, TURN)
        spent.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(spent, n=100, method="inclusive")
    return {"p50_ms": round(statistics.median(spent), 3), "p95_ms": round(cuts[94], 3), "p99_ms": round(cuts[98], 3)}


def measure(sessions: int, writes: int) -> dict[str, Any]:
    """Writes to an empty store, then the same to a full one: half to new sessions (each evicting the
    least recent), half continuing existing ones."""
    with tempfile.TemporaryDirectory() as folder:
        empty = SessionStore(Path(folder) / "empty.sqlite3", 7200, sessions, 20)
        figures: dict[str, Any] = {"empty": _timings(empty, [f"e{n % 50}" for n in range(writes)])}
        full = SessionStore(Path(folder) / "full.sqlite3", 7200, sessions, 20)
        for n in range(sessions):
            full.add_turn(f"s{n}", TURN)
        ids = [f"new{n}" if n % 2 else f"s{(n * 7919) % sessions}" for n in range(writes)]
        figures[f"at_{sessions}_sessions"] = _timings(full, ids)
        figures["sessions"] = sessions
        figures["writes"] = writes
        return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.sessions", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000, help="sessions the full store holds")
    parser.add_argument("--writes", type=int, default=2000, help="timed add_turn calls per store")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.sessions, args.writes), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
