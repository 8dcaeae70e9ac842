import pytest

from eval.metrics import mrr_at, ndcg_at, percentile, recall_at
from indexer.fusion import linear_fusion, minmax, rrf_fusion, weighted_fusion


def test_minmax_exact():
    assert minmax([(1, 4.0), (2, 3.0), (3, 2.0)]) == {1: 1.0, 2: 0.5, 3: 0.0}
    assert minmax([(5, 0.3)]) == {5: 1.0}
    assert minmax([]) == {}


def test_weighted_fusion_exact():
    dense = [(7, 0.9), (3, 0.8), (5, 0.7)]
    bm25 = [(3, 12.0), (9, 6.0)]
    fused = weighted_fusion([dense, bm25], [0.6, 0.4])
    # 7: 0.6*1 ; 3: 0.6*0.5 + 0.4*1 ; 5: 0 ; 9: 0.4*0
    assert fused == pytest.approx({7: 0.6, 3: 0.6 * 0.5 + 0.4, 5: 0.0, 9: 0.0}, abs=1e-12)


def test_linear_fusion_exact():
    cosine = {1: 0.80, 2: 0.85, 3: 0.70}  # 3 came from BM25 alone: its cosine was looked up
    fused = linear_fusion(cosine, {1: 0.6, 3: 1.2}, {1: 0.5, 2: 0.25, 3: 1.0}, 0.2, 0.1)
    assert fused == pytest.approx({1: 0.80 + 0.12 + 0.05, 2: 0.85 + 0.025, 3: 0.70 + 0.24 + 0.1})
    assert list(fused) == [1, 2, 3]  # every candidate, none added


def test_linear_fusion_cap_bounds_the_bm25_term():
    cosine = {1: 0.80, 2: 0.87, 3: 0.70}
    bm25, coverage = {1: 0.6, 3: 0.25}, {1: 0.5, 2: 0.5, 3: 1.0}
    fused = linear_fusion(cosine, bm25, coverage, 0.2, 0.1, 0.3)
    # 1: 0.6 counts as 0.3 → + 0.06 ; 3: 0.25, under the cap, counts whole → + 0.05
    assert fused == pytest.approx({1: 0.80 + 0.06 + 0.05, 2: 0.87 + 0.05, 3: 0.70 + 0.05 + 0.1})
    uncapped = linear_fusion(cosine, bm25, coverage, 0.2, 0.1)
    assert uncapped[1] == pytest.approx(0.97) and uncapped[1] > uncapped[2]  # 1 led on BM25
    assert fused[2] > fused[1]  # capped, the closer passage leads


def test_rrf_exact():
    fused = rrf_fusion([[(1, 9.0), (2, 8.0)], [(2, 1.0)]], [1.0, 0.5], k=10)
    assert fused[1] == 1 / 11
    assert fused[2] == 1 / 12 + 0.5 / 11


def test_metrics_exact():
    assert ndcg_at(["x", "a"], {"a"}, 10) == 1 / 1.584962500721156  # 1/log2(3)
    assert ndcg_at(["a"], {"a", "b"}, 10) == 1 / (1 + 1 / 1.584962500721156)
    assert recall_at(["a", "b", "c"], {"c"}, 2) == 0.0
    assert mrr_at(["x", "y", "a"], {"a"}, 10) == 1 / 3
    assert mrr_at(["x", "y", "a"], {"a"}, 2) == 0.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 4.8
