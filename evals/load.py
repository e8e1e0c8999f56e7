"""Load figures for the server: /v1/ask over loopback from this process at several concurrency levels.

The server runs in its own process (``policy-assistant serve``) so the load generator never shares
its interpreter; requests go to 127.0.0.1 only, and every level is bounded in count and time.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from evals.server_process import running_server

LEVEL_TIMEOUT_S = 120


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def run_level(url: str, questions: Sequence[str], clients: int, requests: int) -> dict[str, Any]:
    """``clients`` threads share ``requests`` POST /v1/ask calls; returns throughput, latency and errors."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + LEVEL_TIMEOUT_S

    def client() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=30) as session:
            for n in counter:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                try:
                    ok = session.post("/v1/ask", json={"question": questions[n % len(questions)]}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 100
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(cuts[94], 1),
    }


def measure_load(questions: Sequence[str], levels: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """Each (clients, requests) level against one server, after a warm-up, plus the server's peak memory."""
    with running_server() as server:
        run_level(server.url, questions, 2, 40)  # warm-up: first requests pay for lazy imports
        results = [run_level(server.url, questions, clients, requests) for clients, requests in levels]
        return {"levels": results, "server_peak_mb": peak_memory_mb(server.pid)}
