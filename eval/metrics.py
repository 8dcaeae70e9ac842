"""Ranking metrics for binary relevance, per query.

>>> ndcg_at(["a", "b", "c"], {"b"}, 10)  # 1 / log2(3)
0.6309297535714575
>>> recall_at(["a", "b", "c"], {"b", "z"}, 2), mrr_at(["a", "b"], {"b"}, 10)
(0.5, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set


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
