"""Significance of a difference between two configurations on the same queries, and
how far one configuration's mean could move with another sample of queries.

Both tests are paired, over per-query scores of one measure: Student's paired
t-test (scipy) and a two-sided randomisation (sign-flip) test with a fixed seed.
``bootstrap_ci`` resamples the queries (percentile bootstrap, fixed seed).

>>> a = {"q1": 0.9, "q2": 0.8, "q3": 1.0, "q4": 0.7}
>>> b = {"q1": 0.5, "q2": 0.4, "q3": 0.6, "q4": 0.2}
>>> d = paired(a, b)
>>> d["delta"], d["wins"], d["losses"], d["t_p"] < 0.01, d["rand_p"]
(0.425, 4, 0, True, 0.125)
>>> bootstrap_ci([0.0, 1.0])  # resampled means 0, 0.5 or 1 with odds 1/4, 1/2, 1/4
(0.0, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

TRIALS = 10_000
SEED = 20261122


def paired_t(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided p-value of the paired t-test (1.0 when the differences are all equal)."""
    from scipy import stats

    diff = a - b
    if len(diff) < 2 or np.allclose(diff, diff[0]):
        return 1.0 if len(diff) < 2 or math.isclose(float(diff[0]), 0.0) else 0.0
    return float(stats.ttest_rel(a, b).pvalue)


def randomisation(a: np.ndarray, b: np.ndarray, trials: int = TRIALS, seed: int = SEED) -> float:
    """Two-sided sign-flip test; exact enumeration when there are at most 2^16 flips."""
    diff = a - b
    n = len(diff)
    if n == 0:
        return 1.0
    observed = abs(diff.mean())
    if n <= 16:  # every sign pattern
        signs = 1 - 2 * ((np.arange(2**n)[:, None] >> np.arange(n)) & 1)
        means = np.abs((signs * diff).mean(axis=1))
        return float((means >= observed - 1e-12).mean())
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(trials, n))
    means = np.abs((signs * diff).mean(axis=1))
    return float(((means >= observed - 1e-12).sum() + 1) / (trials + 1))


def paired(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, Any]:
    """Compare ``a`` against ``b`` on their common queries."""
    qids = sorted(set(a) & set(b))
    x = np.array([a[q] for q in qids], dtype=float)
    y = np.array([b[q] for q in qids], dtype=float)
    delta = float((x - y).mean()) if qids else 0.0
    return {"n": len(qids), "mean_a": float(x.mean()) if qids else 0.0,
            "mean_b": float(y.mean()) if qids else 0.0, "delta": round(delta, 6),
            "wins": int((x > y + 1e-12).sum()), "losses": int((x < y - 1e-12).sum()),
            "ties": int((np.abs(x - y) <= 1e-12).sum()),
            "t_p": paired_t(x, y), "rand_p": randomisation(x, y)}


def bootstrap_ci(values: Sequence[float], level: float = 0.95, trials: int = TRIALS,
                 seed: int = SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of per-query ``values``."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(trials, len(x)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return round(float(lo), 6), round(float(hi), 6)
