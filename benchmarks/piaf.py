"""PIAF retrieval benchmark (question → paragraph), through the real ``search()``.

Questions are shuffled with a fixed seed and split once (``eval.piaf``): the fusion
weights are chosen on **train** (6,069 questions) and checked on **dev** (500), both
written to ``benchmarks/results/fusion-tuning.json``; the disjoint **test** split of
1,000 questions gives the reported figures. Each PIAF
paragraph is indexed as a document titled by its Wikipedia article, through the
same ``build_from_documents`` and ``Retriever.search`` that the CLI and API use.

    python benchmarks/piaf.py tune    # grid on the train split, checked on dev
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
from eval.piaf import DEFAULT_PATH, SEED, Question, load_piaf, split, train_split
from eval.stats import bootstrap_ci
from indexer.build import build_from_documents
from indexer.fusion import linear_fusion, rrf_fusion, weighted_fusion
from indexer.search import Retriever
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"
# The linear fusion grid, shared with benchmarks/dev_tuning.py: every (bm25_weight,
# coverage_weight) pair uncapped, and the middle of that grid with a cap on BM25.
BM25, COVERAGE, CAPS = (0.0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3), (0.0, 0.05, 0.075, 0.1), \
    (0.4, 0.3, 0.2)
GRID = [(b, c, None) for b in BM25 for c in COVERAGE] + [
    (b, c, cap) for cap in CAPS for b in BM25 if b >= 0.1 for c in COVERAGE if c >= 0.05]


def point_name(bm25_weight: float, coverage_weight: float, bm25_cap: float | None) -> str:
    cap = "" if bm25_cap is None else f" bm25_cap={bm25_cap}"
    return f"linear bm25_weight={bm25_weight} coverage_weight={coverage_weight}{cap}"


def settings_for(out: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=out, **overrides)


def per_question(rankings: list[list[str]], qs: list[Question]) -> dict[str, list[float]]:
    """Each measure's value for each question, in the order of ``qs``."""
    measures = {"nDCG@10": (ndcg_at, 10), "R@5": (recall_at, 5), "MRR@10": (mrr_at, 10)}
    return {m: [f(r, {q.doc_id}, k) for r, q in zip(rankings, qs, strict=True)]
            for m, (f, k) in measures.items()}


def means(per: dict[str, list[float]]) -> dict[str, float]:
    return {m: sum(v) / len(v) for m, v in per.items()}


def scores(rankings: list[list[str]], qs: list[Question]) -> dict[str, float]:
    return means(per_question(rankings, qs))


def tune(retriever: Retriever, train: list[Question], dev: list[Question]) -> dict[str, Any]:
    """Grid of fusion weights, scored on train (the choice) and dev (a check), from one
    pass of candidate retrieval per question."""
    doc_of = [c["doc_id"] for c in retriever.chunks]

    def gather(qs: list[Question], name: str) -> list[Any]:
        out = []
        for q in tqdm(qs, desc=f"Candidats ({name})"):
            qv, bm25 = retriever.query_vector(q.text), retriever.lexical.scores(q.text)
            dense, lexical = retriever.candidates(q.text, None, qv, bm25)
            out.append((dense, lexical, retriever.signals(q.text, qv, dense, lexical, bm25)))
        return out

    def rank(fused: dict[int, float]) -> list[str]:
        rows = sorted(fused, key=lambda r: (-fused[r], r))
        return fold_to_documents([doc_of[r] for r in rows])

    variants: dict[str, Any] = {
        point_name(b, c, cap): (lambda d, lx, sig, b=b, c=c, cap=cap: linear_fusion(
            sig[0], sig[1], sig[2], b, c, cap))
        for b, c, cap in GRID}
    variants |= {f"weighted dense_weight={w}": (lambda d, lx, sig, w=w: weighted_fusion(
        [d, lx], [w, 1 - w])) for w in (0.4, 0.5, 0.6)}
    variants["rrf k=60"] = lambda d, lx, sig: rrf_fusion([d, lx], [1, 1], 60)
    result: dict[str, Any] = {"seed": SEED, "questions": {"train": len(train), "dev": len(dev)}}
    for name, qs in (("train", train), ("dev", dev)):
        cands = gather(qs, name)
        result[name] = {v: scores([rank(f(*c)) for c in cands], qs) for v, f in variants.items()}
    result["best"] = max(variants, key=lambda v: result["train"][v]["nDCG@10"])
    return result


def report(retriever: Retriever, test: list[Question]) -> dict[str, Any]:
    rankings, latencies = [], []
    for q in tqdm(test, desc="Recherche (test)"):
        t0 = time.perf_counter()
        results = retriever.search(q.text, k=30)
        latencies.append((time.perf_counter() - t0) * 1000)
        rankings.append(fold_to_documents([r.doc_id for r in results]))
    s, per = retriever.settings, per_question(rankings, test)
    return {"split": "test", "questions": len(test), "seed": SEED,
            "settings": {"fusion": s.fusion, "bm25_weight": s.bm25_weight,
                         "bm25_cap": s.bm25_cap,
                         "coverage_weight": s.coverage_weight,
                         "sentence_weight": s.sentence_weight,
                         "dense_weight": s.dense_weight, "rrf_k": s.rrf_k,
                         "chunk_tokens": s.chunk_tokens, "context_header": s.context_header,
                         "model": s.model},
            "metrics": means(per),
            # bootstrap over the questions: the margin due to the sample
            "ci95": {m: bootstrap_ci(per[m]) for m in ("nDCG@10", "R@5")},
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
    result = (tune(retriever, train_split(questions), dev) if args.mode == "tune"
              else report(retriever, test))
    result["index"] = {"documents": build.documents, "chunks": build.chunks}
    RESULTS.mkdir(exist_ok=True)
    name = "fusion-tuning.json" if args.mode == "tune" else "piaf-test.json"
    tag = "".join(f"-{k}-{v}" for k, v in sorted(overrides.items()) if not k.endswith("_dir"))
    out = RESULTS / name.replace(".json", f"{tag}.json")
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
