"""Metric functions against hand-computed values on tiny runs (ir-measures + pytrec_eval)."""

from __future__ import annotations

import math

import pytest

from eval.metrics import evaluate, fold_run, mean_scores, mrr_at, ndcg_at, recall_at
from eval.stats import bootstrap_ci, paired, paired_t, randomisation


def test_hand_computed_values() -> None:
    # q1: relevant d2 and d4; ranking d1 d2 d3 d4 → hits at ranks 2 and 4.
    # q2: relevant x; ranking y then x at rank 7 → outside R@5, inside R@10.
    qrels = {"q1": {"d2": 1, "d4": 1}, "q2": {"x": 1}}
    run = {"q1": [("d1", 4.0), ("d2", 3.0), ("d3", 2.0), ("d4", 1.0)],
           "q2": [("y", 1.0), *((f"n{i}", 0.5) for i in range(5)), ("x", 0.1)]}
    got = evaluate(qrels, run)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3)
    assert got["q1"]["nDCG@10"] == pytest.approx(dcg / idcg)
    assert got["q1"]["MRR@10"] == pytest.approx(0.5)
    assert got["q1"]["R@5"] == pytest.approx(1.0)
    assert got["q2"]["nDCG@10"] == pytest.approx(1 / math.log2(8))
    assert got["q2"]["MRR@10"] == pytest.approx(1 / 7)
    assert (got["q2"]["R@5"], got["q2"]["R@10"], got["q2"]["R@100"]) == (0.0, 1.0, 1.0)
    assert mean_scores(got)["MRR@10"] == pytest.approx((0.5 + 1 / 7) / 2)
    # The simple functions of eval.metrics (used by benchmarks/piaf.py) agree.
    ranking = [d for d, _ in run["q1"]]
    assert ndcg_at(ranking, {"d2", "d4"}, 10) == pytest.approx(got["q1"]["nDCG@10"])
    assert recall_at(ranking, {"d2", "d4"}, 5) == 1.0
    assert mrr_at(ranking, {"d2", "d4"}, 10) == 0.5


def test_ties_keep_the_run_order_and_missing_queries_score_zero() -> None:
    # Equal scores: trec_eval would break the tie by docid; the eval keeps search()'s order.
    got = evaluate({"q": {"a": 1}, "lost": {"z": 1}}, {"q": [("b", 1.0), ("a", 1.0)]})
    assert got["q"]["MRR@10"] == 0.5
    assert got["lost"] == dict.fromkeys(got["lost"], 0.0)


def test_max_passage_folding() -> None:
    ranked = [("c1", "d1", 0.9), ("c7", "d2", 0.8), ("c2", "d1", 0.7), ("c9", "d3", 0.1)]
    assert fold_run(ranked) == [("d1", 0.9), ("d2", 0.8), ("d3", 0.1)]


def test_significance_tests() -> None:
    from scipy import stats

    a = {f"q{i}": 0.5 + 0.01 * i for i in range(30)}
    b = {f"q{i}": 0.4 + 0.012 * (i % 7) for i in range(30)}
    res = paired(a, b)
    x = [a[q] for q in sorted(a)]
    y = [b[q] for q in sorted(a)]
    assert res["t_p"] == pytest.approx(stats.ttest_rel(x, y).pvalue)
    assert res["rand_p"] < 0.01 and res["wins"] + res["losses"] + res["ties"] == 30
    import numpy as np

    same = np.array([0.3, 0.5, 0.7])
    assert paired_t(same, same) == 1.0 and randomisation(same, same) == 1.0


def test_bootstrap_interval() -> None:
    # One value resampled is that value; two values 0 and 1 give means 0, 0.5, 1 with odds
    # 1/4, 1/2, 1/4, so the 2.5th and 97.5th percentiles are 0 and 1.
    assert bootstrap_ci([0.5] * 10) == (0.5, 0.5)
    assert bootstrap_ci([0.0, 1.0]) == (0.0, 1.0)
    assert bootstrap_ci([]) == (0.0, 0.0)
    # 100 questions, 80 found: the mean's standard error is sqrt(0.8 * 0.2 / 100) = 0.04,
    # so the 95 % interval is about 0.8 ± 1.96 × 0.04 = [0.72, 0.88].
    lo, hi = bootstrap_ci([1.0] * 80 + [0.0] * 20)
    assert lo == pytest.approx(0.72, abs=0.011) and hi == pytest.approx(0.88, abs=0.011)
    assert bootstrap_ci([1.0] * 80 + [0.0] * 20) == (lo, hi)  # fixed seed: same interval
