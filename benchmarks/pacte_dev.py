"""Tune the linear fusion weights on the pact gold set's dev split, jointly with PIAF train.

The same grid of ``bm25_weight`` × ``coverage_weight`` as ``benchmarks/piaf.py tune``
runs through the real ``search()`` (``eval.runner.run_eval``) on the dev questions of
``eval/datasets/pacte/dev.jsonl`` only; the test questions (``questions.jsonl``) are
never read here. The chosen point is the one with the best mean nDCG@10 over the two
tuning splits: these dev questions and PIAF train (``fusion-tuning.json``, written by
``python -m benchmarks.piaf tune``). The previous min-max fusion is run as a reference.

    python -m benchmarks.pacte_dev   # → benchmarks/results/pacte-dev-tuning.json
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean
from typing import Any

from eval.gold import load_gold
from eval.runner import eval_settings, run_eval
from indexer.embed import make_embedder
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"
WORK = Path("benchmarks/out/pacte-dev")
BM25 = (0.0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
COVERAGE = (0.0, 0.05, 0.075, 0.1)


def by_type(per_query: dict[str, dict[str, float]], types: dict[str, str], metric: str
            ) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for qid, scores in per_query.items():
        groups.setdefault(types[qid], []).append(scores[metric])
    return {t: round(mean(v), 4) for t, v in sorted(groups.items())}


def main() -> None:
    dev = load_gold(split="dev")
    base = Settings()
    embedder = make_embedder(base)
    piaf = json.loads((RESULTS / "fusion-tuning.json").read_text(encoding="utf-8"))["train"]
    grid: dict[str, Any] = {}
    points = {f"linear bm25_weight={b} coverage_weight={c}": {"fusion": "linear",
              "bm25_weight": b, "coverage_weight": c} for b in BM25 for c in COVERAGE}
    points["weighted dense_weight=0.5"] = {"fusion": "weighted", "dense_weight": 0.5}
    for name, overrides in points.items():
        s = eval_settings(base, WORK, "pacte-dev", overrides)
        r = run_eval(dev, s, embedder, answers=False, progress=False)
        grid[name] = {"scores": {k: round(v, 4) for k, v in r.scores.items()},
                      "R@5 by type": by_type(r.per_query, r.query_types, "R@5"),
                      "piaf_train_nDCG@10": round(piaf[name]["nDCG@10"], 4),
                      "mean_nDCG@10": round((r.scores["nDCG@10"] + piaf[name]["nDCG@10"]) / 2, 4)}
        print(name, grid[name], flush=True)
    best = max((n for n in grid if n.startswith("linear")), key=lambda n: grid[n]["mean_nDCG@10"])
    out = {"split": "dev", "questions": len(dev.in_scope()),
           "criterion": "mean nDCG@10 of pact dev and PIAF train", "grid": grid, "best": best}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pacte-dev-tuning.json").write_text(json.dumps(out, ensure_ascii=False, indent=2)
                                                   + "\n")
    print("best:", best)


if __name__ == "__main__":
    main()
