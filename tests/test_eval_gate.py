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


@pytest.mark.parametrize("text, message", [
    ("[1, 2", r"référence illisible \(JSON invalide, ligne 1, colonne 6\)\.$"),
    ("", r"référence illisible \(JSON invalide, ligne 1, colonne 1\)\.$"),
    ('{"sets":\n {"piaf" 1}}', r"référence illisible \(JSON invalide, ligne 2, colonne 10\)\.$"),
    ('{"sets": []}', "objet « sets » attendu"),
    ('{"sets": {"piaf": {"R@5": 0.9}}}', "« piaf » n'a pas de nDCG@10 numérique"),
    ('{"sets": {"piaf": {"nDCG@10": "0.9"}}}', "« piaf » n'a pas de nDCG@10 numérique"),
    ('{"sets": {"piaf": {"nDCG@10": 0.9}}, "tolerance": -1}', "tolérance -1 invalide"),
])
def test_malformed_baseline_is_named_not_crashed(tmp_path: Path, text: str,
                                                 message: str) -> None:
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        read_baseline(tmp_path / "b.json")


def test_the_baselines_own_tolerance_is_used(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"sets": {"piaf": {"nDCG@10": 0.85}}, "tolerance": 0.05}')
    baseline = read_baseline(path)
    assert check({"piaf": {"nDCG@10": 0.81}}, baseline) == []  # 0.04 below: within 0.05
    assert check({"piaf": {"nDCG@10": 0.79}}, baseline) == [
        "piaf : nDCG@10 0.790 < 0.850 - 0.05"]
    path.write_text('{"sets": {"piaf": {"nDCG@10": 0.85}}}')  # no tolerance: the default
    assert check({"piaf": {"nDCG@10": 0.82}}, read_baseline(path)) == [
        "piaf : nDCG@10 0.820 < 0.850 - 0.02"]


def test_gate_warns_when_settings_differ_from_the_baseline(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eval.cli_gate import gate_cmd

    path = tmp_path / "b.json"
    path.write_text('{"sets": {"pacte": {"nDCG@10": 0.8}}, "settings": {"dense_weight": 0.4}}')
    result = CliRunner().invoke(gate_cmd, ["--baseline", str(path), "--piaf", str(tmp_path)])
    assert "réglages différents de ceux de la référence : dense_weight : 0.4 → 0.5" \
        in result.output


def test_baseline_writes_where_gate_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from eval import gate
    from eval.cli_gate import baseline_cmd, gate_cmd

    gold = load_gold()
    gold.queries = gold.in_scope()[:5]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PACTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(gate, "gate_sets", lambda *a, **k: [gold])
    monkeypatch.setattr(gate, "make_embedder", lambda *a, **k: HashEmbedder())
    from indexer.settings import get_settings

    get_settings.cache_clear()  # this test's PACTE_DATA_DIR
    path = tmp_path / "ref" / "b.json"
    missing = CliRunner().invoke(gate_cmd, ["--baseline", str(path), "-q"])
    assert missing.exit_code == 1
    assert f"pas de référence. Enregistrez-en une avec `pacte eval baseline --baseline {path}`" \
        in missing.output
    before = gate.BASELINE.read_bytes() if gate.BASELINE.exists() else None
    made = CliRunner().invoke(baseline_cmd, ["--baseline", str(path), "-q"])
    assert made.exit_code == 0, made.output
    assert f"Référence enregistrée : {path}" in made.output
    assert read_baseline(path)["sets"]["pacte"]["queries"] == 5
    assert (gate.BASELINE.read_bytes() if gate.BASELINE.exists() else None) == before
    passed = CliRunner().invoke(gate_cmd, ["--baseline", str(path), "-q"])
    get_settings.cache_clear()  # the next tests see their own environment
    assert passed.exit_code == 0 and "Porte franchie" in passed.output, passed.output
