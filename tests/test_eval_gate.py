"""The regression gate fails on a deliberately worse configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.data import DatasetError
from eval.gate import check, measure, read_baseline, write_baseline
from eval.gold import load_gold
from indexer.embed import HashEmbedder
from indexer.settings import Settings


def test_gate_fails_on_a_worse_configuration(tmp_path: Path) -> None:
    gold = load_gold()
    gold.queries = gold.in_scope()[:30]
    base = Settings(chunk_tokens=60, data_dir=tmp_path)  # own cache
    current, _ = measure([gold], base, tmp_path / "work", HashEmbedder(), progress=False)
    path = write_baseline(current, base, tmp_path / "baseline.json")
    baseline = read_baseline(path)
    assert check(current, baseline) == []
    # The same settings again: passes. One candidate per retriever, dense alone: fails.
    again, _ = measure([gold], base, tmp_path / "work", HashEmbedder(), progress=False)
    assert check(again, baseline) == []
    worse = base.model_copy(update={"retrieval": "dense", "candidates": 1})
    bad, _ = measure([gold], worse, tmp_path / "work", HashEmbedder(), progress=False)
    assert bad["pacte"]["nDCG@10"] < current["pacte"]["nDCG@10"] - 0.02
    failures = check(bad, baseline)
    assert failures and failures[0].startswith("pacte : nDCG@10")


def test_missing_or_broken_baseline(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="pas de référence"):
        read_baseline(tmp_path / "none.json")
    (tmp_path / "b.json").write_text("{}")
    with pytest.raises(DatasetError, match="référence illisible"):
        read_baseline(tmp_path / "b.json")
    assert check({}, {"sets": {"piaf": {"nDCG@10": 0.9}}}) == ["piaf : absent de l'évaluation"]


def test_committed_baseline_is_readable() -> None:
    from eval.gate import BASELINE

    if not BASELINE.exists():
        pytest.skip("pas encore de référence")
    data = read_baseline(BASELINE)
    assert {"pacte", "piaf"} <= set(data["sets"])
