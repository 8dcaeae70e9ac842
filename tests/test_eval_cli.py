"""``pacte eval`` end to end on a small BEIR folder, with the hash embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval import runner
from eval.beir import document, export_beir
from eval.data import EvalSet, Query
from indexer.cli import cli
from indexer.embed import HashEmbedder


@pytest.fixture
def beir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PACTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(runner, "make_embedder", lambda *a, **k: HashEmbedder())
    from eval import compare

    monkeypatch.setattr(compare, "make_embedder", lambda *a, **k: HashEmbedder())
    from indexer.settings import get_settings

    get_settings.cache_clear()
    topics = ["logement social", "accès aux droits", "santé des personnes", "emploi durable",
              "hébergement d'urgence", "aide alimentaire"]
    docs = [document(f"d{i}", f"Ce texte traite de {t}. " * 3, t.title())
            for i, t in enumerate(topics)]
    queries = [Query(f"q{i}", f"question sur {t}") for i, t in enumerate(topics)]
    yield export_beir(EvalSet("mini", docs, queries, "document",
                              {f"q{i}": {f"d{i}": 1} for i in range(len(topics))}),
                      tmp_path / "mini")
    get_settings.cache_clear()  # the next tests see their own environment


def test_run_writes_reports_and_prints_a_table(beir: Path) -> None:
    out = beir.parent / "rapport"
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir), "--out", str(out),
                                   "-q", "--set", "chunk_tokens=60"])
    assert res.exit_code == 0, res.output
    assert "nDCG@10" in res.output and "personnalisée" in res.output
    for name in ("report.md", "report.html", "results.json", "personnalisée.trec",
                 "rappel-k.png", "latences.png"):
        assert (out / name).exists(), name
    assert "<img" in (out / "report.html").read_text()


def test_compare_three_retrievers(beir: Path) -> None:
    out = beir.parent / "cmp"
    res = CliRunner().invoke(cli, ["eval", "compare", "--dataset", str(beir), "--out", str(out),
                                   "--configs", "bm25,dense,hybride", "-q", "--no-answers"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[2].startswith("hybride")  # the reference comes first
    assert "randomisation p" in res.output and (out / "gains-pertes.png").exists()


def test_user_errors_are_reported(beir: Path) -> None:
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir), "--set", "nope=1"])
    assert res.exit_code == 1 and "réglage(s) inconnu(s) nope" in res.output
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir), "--set",
                                   "retrieval=magique"])
    assert res.exit_code == 1 and "valeur invalide pour retrieval" in res.output
    res = CliRunner().invoke(cli, ["eval", "compare", "--dataset", str(beir), "--configs", "x"])
    assert res.exit_code == 1 and "configuration(s) inconnue(s) : x" in res.output
    (beir / "queries.jsonl").write_text("pas du json\n")
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir)])
    assert res.exit_code == 1 and "queries.jsonl:1 : JSON invalide" in res.output
