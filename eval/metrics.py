"""Ranking metrics for binary relevance, per query.

>>> ndcg_at(["a", "b", "c"], {"b"}, 10)  # 1 / log2(3)
0.6309297535714575
>>> recall_at(["a", "b", "c"], {"b", "z"}, 2), mrr_at(["a", "b"], {"b"}, 10)
(0.5, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set
from typing import Any


def ndcg_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranking[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    return len(set(ranking[:k]) & relevant) / len(relevant) if relevant else 0.0


def mrr_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranking[:k]) if d in relevant), 0.0)


def fold_to_documents(doc_ids: Sequence[str]) -> list[str]:
    """Max-passage folding: a document ranks where its best chunk ranks."""
    return list(dict.fromkeys(doc_ids))


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


# --- ir-measures (pytrec_eval) on whole runs, per query ----------------------------------

MEASURES = ("nDCG@10", "MRR@10", "R@5", "R@10", "R@100")
Run = dict[str, list[tuple[str, float]]]  # qid -> [(id, score)], best first


def _measure(name: str) -> Any:
    import ir_measures

    return ir_measures.parse_measure(name.replace("MRR@", "RR@"))


def evaluate(qrels: dict[str, dict[str, int]], run: Run,
             measures: Sequence[str] = MEASURES) -> dict[str, dict[str, float]]:
    """Per-query scores ``{qid: {measure: value}}`` for every judged query.

    The ranking is the run's order: ir-measures receives rank-derived scores, so
    equal retrieval scores never reorder it. A judged query missing from the run
    (no result) scores 0.

    >>> evaluate({"q": {"b": 1, "z": 1}}, {"q": [("a", 0.9), ("b", 0.9)]}, ["R@5", "MRR@10"])
    {'q': {'R@5': 0.5, 'MRR@10': 0.5}}
    """
    import ir_measures

    judged = {q: d for q, d in qrels.items() if any(g > 0 for g in d.values())}
    by_name = {_measure(m): m for m in measures}
    out = {q: dict.fromkeys(measures, 0.0) for q in judged}
    qrel_rows = [ir_measures.Qrel(q, d, g) for q, docs in judged.items() for d, g in docs.items()]
    run_rows = [ir_measures.ScoredDoc(q, d, float(len(ranked) - i))
                for q, ranked in run.items() if q in judged for i, (d, _) in enumerate(ranked)]
    if run_rows:
        for m in ir_measures.iter_calc(list(by_name), qrel_rows, run_rows):
            out[m.query_id][by_name[m.measure]] = float(m.value)
    return out


def mean_scores(per_query: dict[str, dict[str, float]],
                measures: Sequence[str] = MEASURES) -> dict[str, float]:
    """Mean of each measure over the queries (0 for none)."""
    n = len(per_query)
    return {m: (sum(s[m] for s in per_query.values()) / n if n else 0.0) for m in measures}


def fold_run(ranked: Sequence[tuple[str, str, float]]) -> list[tuple[str, float]]:
    """Max-passage folding of ``[(chunk_id, doc_id, score)]`` to ``[(doc_id, score)]``."""
    seen: dict[str, float] = {}
    for _chunk, doc, score in ranked:
        seen.setdefault(doc, score)
    return list(seen.items())
