"""Tune ``sentence_weight`` with the fusion weights on the three tuning sets; no test question.

PIAF **train** comes from ``python -m benchmarks.piaf tune --set sentence_weight=W --out
benchmarks/out/piaf-sent`` (one ``fusion-tuning-sentence_weight-W.json`` per weight; W = 0
is ``fusion-tuning.json``). The pact gold set's **dev** questions and fiches **dev** run
here through the real ``search()`` (``eval.runner.run_eval``), on the points of the PIAF
grid with the default cap. The chosen point has the best mean nDCG@10 over the three sets,
each set counting once.

    python -m benchmarks.sentence_tuning   # → benchmarks/results/sentence-tuning.json

>>> best_point({"a": {"piaf": 0.8, "pacte-dev": 0.9, "fiches-dev": 0.7},
...             "b": {"piaf": 0.9, "pacte-dev": 0.8, "fiches-dev": 0.8}})
('b', 0.8333)
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.dev_tuning import NPM, RESULTS
from benchmarks.piaf import point_name
from eval.fiches import fiches_set, install
from eval.gold import load_gold
from eval.runner import eval_settings, run_eval
from indexer.embed_model import make_embedder
from indexer.settings import Settings

WORK = Path("benchmarks/out/sentence-tuning")
WEIGHTS = (0.0, 0.35, 0.5, 0.65, 0.8)
BM25, COVERAGE, CAP = (0.1, 0.15, 0.2, 0.25, 0.3), (0.05, 0.075), 0.3


def piaf_train(weight: float) -> dict[str, Any]:
    name = "fusion-tuning.json" if weight == 0 else f"fusion-tuning-sentence_weight-{weight}.json"
    return json.loads((RESULTS / name).read_text(encoding="utf-8"))


def best_point(points: dict[str, dict[str, float]]) -> tuple[str, float]:
    """The point with the best mean over its sets, and that mean."""
    means = {p: round(mean(v.values()), 4) for p, v in points.items()}
    best = max(means, key=lambda p: means[p])
    return best, means[best]


def main() -> None:
    sets = {"pacte-dev": load_gold(split="dev"),
            "fiches-dev": fiches_set(install(NPM), split="dev")}
    base = Settings()
    embedder = make_embedder(base)
    rows: dict[str, dict[str, Any]] = {}
    for w in WEIGHTS:
        piaf = piaf_train(w)
        for b in BM25:
            for c in COVERAGE:
                key = f"sentence_weight={w} bm25_weight={b} coverage_weight={c}"
                name = point_name(b, c, CAP)
                row: dict[str, Any] = {"piaf-train": round(piaf["train"][name]["nDCG@10"], 4),
                                       "piaf-dev": round(piaf["dev"][name]["nDCG@10"], 4)}
                for set_name, evalset in sets.items():
                    s = eval_settings(base, WORK, set_name, {
                        "sentence_weight": w, "bm25_weight": b, "coverage_weight": c,
                        "bm25_cap": CAP, "fusion": "linear"})
                    scores = run_eval(evalset, s, embedder, answers=False, progress=False).scores
                    row[set_name] = round(scores["nDCG@10"], 4)
                    row[f"{set_name} R@5"] = round(scores["R@5"], 4)
                rows[key] = row
                print(key, row, flush=True)
    chosen, score = best_point({k: {"piaf": v["piaf-train"], "pacte-dev": v["pacte-dev"],
                                    "fiches-dev": v["fiches-dev"]} for k, v in rows.items()})
    out = {"measure": "nDCG@10", "cap": CAP, "chosen": chosen, "chosen_mean": score,
           "points": rows}
    (RESULTS / "sentence-tuning.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"chosen": chosen, "mean": score}, ensure_ascii=False))


if __name__ == "__main__":
    main()
