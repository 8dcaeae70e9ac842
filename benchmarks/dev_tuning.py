"""Tune the linear fusion weights on three tuning sets; no test question is read.

1. PIAF **train** (6,069 questions): ``python -m benchmarks.piaf tune`` scores the grid
   and writes ``fusion-tuning.json``, read here.
2. The pact gold set's **dev** questions (``eval/datasets/pacte/dev.jsonl``).
3. Fiches **dev**: 200 service-public question fiches and 200 distractors, none of them in
   the fiches test set (``eval.fiches.fiches_set(split="dev")``).

The same grid (``benchmarks.piaf.GRID``: ``bm25_weight`` × ``coverage_weight``, and an
optional cap on the BM25 term) runs through the real ``search()``
(``eval.runner.run_eval``) on the two dev sets. The chosen point has the best mean
nDCG@10 over the three sets, each set counting once. Dense alone, BM25 alone and the
previous min-max fusion are run as references.

    python -m benchmarks.dev_tuning   # → benchmarks/results/dev-tuning.json
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.piaf import GRID, point_name
from eval.fiches import fiches_set, install
from eval.gold import load_gold
from eval.runner import eval_settings, run_eval
from indexer.embed_model import make_embedder
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"
WORK = Path("benchmarks/out/dev-tuning")
NPM = Path(__file__).resolve().parents[1] / "eval" / "out" / "npm"  # as `pacte eval` uses
REFERENCES: dict[str, dict[str, Any]] = {
    "weighted dense_weight=0.5": {"fusion": "weighted", "dense_weight": 0.5},
    "dense": {"retrieval": "dense"}, "bm25": {"retrieval": "bm25"}}


def by_type(per_query: dict[str, dict[str, float]], types: dict[str, str], metric: str
            ) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for qid, scores in per_query.items():
        groups.setdefault(types[qid], []).append(scores[metric])
    return {t: round(mean(v), 4) for t, v in sorted(groups.items())}


def main() -> None:
    sets = {"pacte-dev": load_gold(split="dev"), "fiches-dev": fiches_set(install(NPM),
                                                                          split="dev")}
    base = Settings()
    embedder = make_embedder(base)
    piaf = json.loads((RESULTS / "fusion-tuning.json").read_text(encoding="utf-8"))["train"]
    points: dict[str, dict[str, Any]] = {
        point_name(b, c, cap): {"fusion": "linear", "bm25_weight": b, "coverage_weight": c,
                                "bm25_cap": cap} for b, c, cap in GRID}
    grid: dict[str, Any] = {}
    for name, overrides in (points | REFERENCES).items():
        row: dict[str, Any] = {}
        for set_name, evalset in sets.items():
            s = eval_settings(base, WORK, set_name, overrides)
            r = run_eval(evalset, s, embedder, answers=False, progress=False)
            row[set_name] = {k: round(v, 4) for k, v in r.scores.items()}
            if set_name == "pacte-dev":
                row["pacte-dev R@5 by type"] = by_type(r.per_query, r.query_types, "R@5")
        if name in piaf:
            row["piaf-train"] = {"nDCG@10": round(piaf[name]["nDCG@10"], 4)}
            row["mean_nDCG@10"] = round(mean(row[k]["nDCG@10"] for k in
                                             ("piaf-train", "pacte-dev", "fiches-dev")), 4)
        grid[name] = row
        print(name, json.dumps(row, ensure_ascii=False), flush=True)
    best = max(points, key=lambda n: grid[n]["mean_nDCG@10"])
    out = {"questions": {k: len(v.in_scope()) for k, v in sets.items()},
           "criterion": "mean nDCG@10 of PIAF train, pact dev and fiches dev",
           "grid": grid, "best": best}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dev-tuning.json").write_text(json.dumps(out, ensure_ascii=False, indent=2)
                                             + "\n")
    print("best:", best)


if __name__ == "__main__":
    main()
