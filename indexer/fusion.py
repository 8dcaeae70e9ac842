"""Fusion of the dense and BM25 candidates: linear fusion of absolute scores (the
default), weighted min-max fusion, and reciprocal rank fusion.

``linear_fusion`` adds to each candidate's cosine its BM25 score and its idf-weighted
coverage of the query's terms, both per unit of the query's idf
(``LexicalIndex.match``): three numbers that mean the same from one query to the next.
The two others read ranked lists of ``(row, score)`` pairs, best first, and rescale
within each list. All return ``{row: fused_score}``.

>>> round(linear_fusion({4: 0.81, 6: 0.84}, {4: 0.9}, {4: 0.6, 6: 0.2}, 0.05, 0.1)[4], 6)
0.915
>>> round(linear_fusion({4: 0.81, 6: 0.84}, {4: 0.9}, {4: 0.6, 6: 0.2}, 0.05, 0.1, 0.3)[4], 6)
0.885

>>> dense = [(7, 0.90), (3, 0.80), (5, 0.70)]
>>> bm25 = [(3, 12.0), (9, 6.0)]
>>> {row: round(s, 6) for row, s in sorted(weighted_fusion([dense, bm25], [0.5, 0.5]).items())}
{3: 0.75, 5: 0.0, 7: 0.5, 9: 0.0}
>>> round(rrf_fusion([dense, bm25], [1.0, 1.0], k=60)[3], 6)
0.032522
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def linear_fusion(cosine: Mapping[int, float], bm25: Mapping[int, float],
                  coverage: Mapping[int, float], bm25_weight: float,
                  coverage_weight: float, bm25_cap: float | None = None) -> dict[int, float]:
    """``cosine + bm25_weight · min(bm25, bm25_cap) + coverage_weight · coverage`` for
    each row of ``cosine`` (every candidate, whichever retriever found it); a missing
    lexical signal counts 0. The cap bounds what lexical overlap alone can add: past it,
    a passage that repeats the question's words more is no closer to the answer."""
    cap = float("inf") if bm25_cap is None else bm25_cap
    return {row: c + bm25_weight * min(bm25.get(row, 0.0), cap)
            + coverage_weight * coverage.get(row, 0.0) for row, c in cosine.items()}
