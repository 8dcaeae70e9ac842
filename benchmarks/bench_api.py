"""Speed of the API, against a real ``pacte serve`` (uvicorn) process on the bundled corpus.

    python benchmarks/bench_api.py                 # latency, then 60 s of load with wrk
    python benchmarks/bench_api.py --duration 20   # shorter load test
    python benchmarks/bench_api.py --no-load       # latency only

1. One client, sequential: ``/search`` p50 over distinct questions (the abstention sets),
   ``/ask`` (extractive) p95 over other distinct questions (``eval/datasets/pacte``), so
   that no question is answered from the server's query-vector cache.
2. 8 concurrent clients on ``/search`` for ``--duration`` seconds with ``wrk`` (Debian:
   ``apt-get install wrk``) and a Lua script that POSTs a different query every time.
   The rate limit is turned off for the run (``PACTE_RATE_LIMIT_PER_MINUTE=0``): all the
   load comes from one address.

The machine's load average is recorded before and after: figures taken on a busy machine
are slower than on a quiet one. Results go to ``benchmarks/results/api.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from eval.metrics import percentile
from indexer.build import build_index
from indexer.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
OUT = ROOT / "benchmarks" / "out" / "api"
LUA = """
counter = 0
topics = {"accès aux droits", "logement d'abord", "hébergement d'urgence", "signature du pacte",
          "engagements de l'acte 2", "insertion professionnelle", "prévenir la rue",
          "gouvernance partenariale", "ville du quart d'heure solidaire", "partenaires",
          "millions d'euros", "accompagnement sans rupture", "changer le regard", "Aurore"}
request = function()
  counter = counter + 1
  local q = topics[(counter % #topics) + 1] .. " " .. counter .. " " .. math.random(1, 1000000)
  return wrk.format("POST", "/search", {["Content-Type"] = "application/json"},
                    '{"query": "' .. q .. '", "k": 5}')
end
"""


def questions(path: Path, key: str = "question") -> list[str]:
    return [json.loads(line)[key] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> tuple[subprocess.Popen[bytes], float]:
    env = {**os.environ, "PACTE_DATA_DIR": str(OUT), "PACTE_RATE_LIMIT_PER_MINUTE": "0"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/health"
    while time.perf_counter() - t0 < 300:
        try:
            if httpx.get(url, timeout=2).json().get("ready"):
                return proc, time.perf_counter() - t0
        except (httpx.HTTPError, ValueError):
            pass
        if proc.poll() is not None:
            raise SystemExit("le serveur s'est arrêté au démarrage")
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("le serveur n'a pas démarré en 300 s")


def timed(client: httpx.Client, path: str, body: dict[str, Any]) -> float:
    t0 = time.perf_counter()
    r = client.post(path, json=body)
    ms = (time.perf_counter() - t0) * 1000
    r.raise_for_status()
    return ms


def latency(base: str) -> dict[str, Any]:
    searches = questions(ROOT / "api/data/abstention-dev.jsonl") + \
        questions(ROOT / "api/data/abstention-test.jsonl")
    asks = questions(ROOT / "eval/datasets/pacte/questions.jsonl")
    with httpx.Client(base_url=base, timeout=30) as client:
        for q in ("échauffement", "warm-up", "pacte"):
            client.post("/ask", json={"question": q})
        s = [timed(client, "/search", {"query": q, "k": 5}) for q in searches]
        a = [timed(client, "/ask", {"question": q}) for q in asks]
    return {"search": {"n": len(s), "p50_ms": round(percentile(s, 50), 1),
                       "p95_ms": round(percentile(s, 95), 1)},
            "ask": {"n": len(a), "p50_ms": round(percentile(a, 50), 1),
                    "p95_ms": round(percentile(a, 95), 1)}}


def load(port: int, duration: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk introuvable (apt-get install wrk)"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
    out = subprocess.run([wrk, "-t2", "-c8", f"-d{duration}s", "--latency", "-s", f.name,
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True).stdout
    os.unlink(f.name)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + \
        (sum(int(x) for x in sock.groups()) if sock else 0)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    return {"tool": "wrk 4 (-t2 -c8, Lua POST, a new query per request)",
            "duration_s": duration, "connections": 8,
            "requests": int(total.group(1)) if total else None,
            "requests_per_s": float(rps.group(1)) if rps else None, "errors": errors,
            "latency_p50": p50.group(1) if p50 else None, "raw": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--no-load", action="store_true")
    args = ap.parse_args()
    build_index([ROOT / "corpus"], Settings(data_dir=OUT), progress=False)
    port = free_port()
    load_before = os.getloadavg()
    proc, started = start_server(port)
    try:
        result: dict[str, Any] = {"machine": f"{os.cpu_count()} cores",
                                  "server_start_s": round(started, 1),
                                  **latency(f"http://127.0.0.1:{port}")}
        result["loadavg_before"] = [round(x, 2) for x in load_before]
        if not args.no_load:
            result["load_8_clients_search"] = load(port, args.duration)
        result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        proc.terminate()
        proc.wait(30)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    shown = {k: v for k, v in result.items() if k != "load_8_clients_search"}
    if "load_8_clients_search" in result:
        shown["load"] = {k: v for k, v in result["load_8_clients_search"].items() if k != "raw"}
    print(json.dumps(shown, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
