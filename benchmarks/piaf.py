"""PIAF retrieval benchmark (question → paragraph), through the real ``search()``.

Questions are shuffled with a fixed seed and split once: a **dev** split (tuning
of the fusion, written to ``benchmarks/results/fusion-tuning.json``) and a
disjoint **test** split of 1,000 questions (the reported figures). Each PIAF
paragraph is indexed as a document titled by its Wikipedia article, through the
same ``build_from_documents`` and ``Retriever.search`` that the CLI and API use.

    python benchmarks/piaf.py tune    # grid on the dev split
    python benchmarks/piaf.py report  # default settings on the test split
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.data import DatasetError
from eval.metrics import fold_to_documents, mrr_at, ndcg_at, percentile, recall_at
from eval.piaf import DEFAULT_PATH, SEED, Question, load_piaf, split
from indexer.build import build_from_documents
from indexer.fusion import rrf_fusion, weighted_fusion
from indexer.search import Retriever
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"


def settings_for(out: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=out, **overrides)


def scores(rankings: list[list[str]], qs: list[Question]) -> dict[str, float]:
    n = len(qs)
    return {
        "nDCG@10": sum(ndcg_at(r, {q.doc_id}, 10) for r, q in zip(rankings, qs, strict=True)) / n,
        "R@5": sum(recall_at(r, {q.doc_id}, 5) for r, q in zip(rankings, qs, strict=True)) / n,
        "MRR@10": sum(mrr_at(r, {q.doc_id}, 10) for r, q in zip(rankings, qs, strict=True)) / n,
    }


def tune(retriever: Retriever, dev: list[Question]) -> dict[str, Any]:
    """Evaluate fusion variants on the dev split from one pass of candidate retrieval."""
    cands = [retriever.candidates(q.text) for q in tqdm(dev, desc="Candidats (dev)")]
    doc_of = [c["doc_id"] for c in retriever.chunks]

    def rank(fused: dict[int, float]) -> list[str]:
        rows = sorted(fused, key=lambda r: (-fused[r], r))
        return fold_to_documents([doc_of[r] for r in rows])

    grid: dict[str, dict[str, float]] = {}
    for w in [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]:
        grid[f"weighted dense_weight={w}"] = scores(
            [rank(weighted_fusion([d, b], [w, 1 - w])) for d, b in cands], dev)
    for k in (10, 30, 60):
        grid[f"rrf k={k}"] = scores([rank(rrf_fusion([d, b], [1, 1], k)) for d, b in cands], dev)
    best = max(grid, key=lambda name: grid[name]["nDCG@10"])
    return {"split": "dev", "questions": len(dev), "seed": SEED, "grid": grid, "best": best}


def report(retriever: Retriever, test: list[Question]) -> dict[str, Any]:
    rankings, latencies = [], []
    for q in tqdm(test, desc="Recherche (test)"):
        t0 = time.perf_counter()
        results = retriever.search(q.text, k=30)
        latencies.append((time.perf_counter() - t0) * 1000)
        rankings.append(fold_to_documents([r.doc_id for r in results]))
    s = retriever.settings
    return {"split": "test", "questions": len(test), "seed": SEED,
            "settings": {"fusion": s.fusion, "dense_weight": s.dense_weight, "rrf_k": s.rrf_k,
                         "chunk_tokens": s.chunk_tokens, "context_header": s.context_header,
                         "model": s.model},
            "metrics": scores(rankings, test),
            "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["tune", "report"])
    ap.add_argument("--piaf", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out/piaf"))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a setting, e.g. --set fusion=rrf")
    args = ap.parse_args()
    overrides = dict(kv.split("=", 1) for kv in args.set)
    settings = settings_for(args.out, **overrides)
    try:
        docs, questions = load_piaf(args.piaf)
    except DatasetError as e:
        sys.exit(str(e))
    dev, test = split(questions)
    t0 = time.perf_counter()
    build = build_from_documents(docs, settings)
    print(f"index: {build.documents} paragraphes, {build.chunks} passages, "
          f"{time.perf_counter() - t0:.1f} s")
    retriever = Retriever.load(settings)
    result = tune(retriever, dev) if args.mode == "tune" else report(retriever, test)
    result["index"] = {"documents": build.documents, "chunks": build.chunks}
    RESULTS.mkdir(exist_ok=True)
    name = "fusion-tuning.json" if args.mode == "tune" else "piaf-test.json"
    tag = "".join(f"-{k}-{v}" for k, v in sorted(overrides.items()) if not k.endswith("_dir"))
    out = RESULTS / name.replace(".json", f"{tag}.json")
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
