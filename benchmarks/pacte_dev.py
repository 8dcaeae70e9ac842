"""Tune ``dense_weight_en`` on the pact gold set's dev split (``eval/datasets/pacte/dev.jsonl``).

English questions meet the French passages through the multilingual embeddings; the
French BM25 list mostly adds noise to them. This grid runs the real ``search()``
(through ``eval.runner.run_eval``) on the dev questions only, for several weights of
the dense list on English queries, and keeps the best R@5 on the English ones (ties:
nDCG@10 on all). The test questions (``questions.jsonl``) are never read here.

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
GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


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
    grid: dict[str, Any] = {}
    for w in GRID:
        s = eval_settings(base, WORK, "pacte-dev", {"dense_weight_en": w})
        r = run_eval(dev, s, embedder, answers=False, progress=False)
        grid[str(w)] = {"scores": {k: round(v, 4) for k, v in r.scores.items()},
                        "R@5 by type": by_type(r.per_query, r.query_types, "R@5")}
        print(w, grid[str(w)], flush=True)
    best = max(grid, key=lambda w: (grid[w]["R@5 by type"]["anglais"],
                                    grid[w]["scores"]["nDCG@10"]))
    out = {"split": "dev", "questions": len(dev.in_scope()), "parameter": "dense_weight_en",
           "grid": grid, "best": float(best)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pacte-dev-tuning.json").write_text(json.dumps(out, ensure_ascii=False, indent=2)
                                                   + "\n")
    print("best dense_weight_en:", best)


if __name__ == "__main__":
    main()
