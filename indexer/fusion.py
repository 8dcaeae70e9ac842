"""Fusion of ranked lists: weighted min-max fusion and reciprocal rank fusion.

Each input is a ranked list of ``(row, score)`` pairs, best first. Both functions
return ``{row: fused_score}``.

>>> dense = [(7, 0.90), (3, 0.80), (5, 0.70)]
>>> bm25 = [(3, 12.0), (9, 6.0)]
>>> {row: round(s, 6) for row, s in sorted(weighted_fusion([dense, bm25], [0.5, 0.5]).items())}
{3: 0.75, 5: 0.0, 7: 0.5, 9: 0.0}
>>> round(rrf_fusion([dense, bm25], [1.0, 1.0], k=60)[3], 6)
0.032522
"""

from __future__ import annotations

from collections.abc import Sequence

Ranked = Sequence[tuple[int, float]]


def minmax(ranked: Ranked) -> dict[int, float]:
    """Scale scores to [0, 1] within the list; a single-score list maps to 1."""
    if not ranked:
        return {}
    scores = [s for _, s in ranked]
    lo, hi = min(scores), max(scores)
    if hi == lo:
        return {row: 1.0 for row, _ in ranked}
    return {row: (s - lo) / (hi - lo) for row, s in ranked}


def weighted_fusion(lists: Sequence[Ranked], weights: Sequence[float]) -> dict[int, float]:
    """Convex combination of min-max-normalised scores; a row absent from a list gets 0."""
    fused: dict[int, float] = {}
    for ranked, w in zip(lists, weights, strict=True):
        for row, s in minmax(ranked).items():
            fused[row] = fused.get(row, 0.0) + w * s
    return fused


def rrf_fusion(lists: Sequence[Ranked], weights: Sequence[float], k: int = 60) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of w / (k + rank), ranks from 1."""
    fused: dict[int, float] = {}
    for ranked, w in zip(lists, weights, strict=True):
        for rank, (row, _) in enumerate(ranked, start=1):
            fused[row] = fused.get(row, 0.0) + w / (k + rank)
    return fused
