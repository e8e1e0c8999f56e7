"""Load figures for the server: /v1/ask over loopback from this process at several concurrency levels.

The server runs in its own process (``policy-assistant serve``) so the load generator never shares
its interpreter; requests go to 127.0.0.1 only, and every level is bounded in count and time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

READY_TIMEOUT_S = 120
LEVEL_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Start ``policy-assistant serve`` on a free loopback port; yield (base URL, pid); stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after {READY_TIMEOUT_S} s")
            time.sleep(0.25)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


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
    with running_server() as (url, pid):
        run_level(url, questions, 2, 40)  # warm-up: first requests pay for lazy imports
        results = [run_level(url, questions, clients, requests) for clients, requests in levels]
        return {"levels": results, "server_peak_mb": peak_memory_mb(pid)}
