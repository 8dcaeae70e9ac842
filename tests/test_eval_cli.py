"""``pacte eval`` end to end on a small BEIR folder, with the hash embedder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval import runner
from eval.beir import document, export_beir
from eval.data import EvalSet, Query
from indexer.cli import cli
from indexer.embed import HashEmbedder
from indexer.settings import Settings


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
    md = (out / "report.md").read_text()
    row = next(line for line in md.splitlines() if line.startswith("| personnalisée | 6 |"))
    assert row.count("[") == 2  # nDCG@10 and R@5, each with its 95 % interval


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
    assert "valeur non permise (valeurs permises : 'hybrid', 'dense' ou 'bm25')" in res.output
    toml = beir.parent / "cfg.toml"
    toml.write_text("dense_weight = \n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir), "--config", str(toml)])
    assert res.exit_code == 1
    assert "cfg.toml : TOML invalide, ligne 1, colonne 16 : valeur invalide" in res.output
    res = CliRunner().invoke(cli, ["eval", "compare", "--dataset", str(beir), "--configs", "x"])
    assert res.exit_code == 1 and "configuration(s) inconnue(s) : x" in res.output
    (beir / "queries.jsonl").write_text("pas du json\n")
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir)])
    assert res.exit_code == 1 and "queries.jsonl:1 : JSON invalide" in res.output


def test_configuration_names_must_be_file_names(beir: Path) -> None:
    out = beir.parent / "cmp"
    for name in ("bm25/seul", "../x", "/tmp/abs", ".cache", "dense seul"):
        toml = beir.parent / "cfg.toml"
        toml.write_text(f'["{name}"]\nretrieval = "bm25"\n', encoding="utf-8")
        res = CliRunner().invoke(cli, ["eval", "compare", "--dataset", str(beir), "--out",
                                       str(out), "--config", str(toml), "-q", "--no-answers"])
        assert res.exit_code == 1, res.output
        assert f"cfg.toml [{name}] : nom de configuration {name!r} refusé" in res.output
    assert not out.exists() and not (beir.parent / "x.trec").exists()


def test_span_set_files_give_the_report_figures(beir: Path) -> None:
    from eval.metrics import MEASURES, evaluate
    from eval.trec import load_run

    quote = "Les restaurants solidaires servent des repas chauds."
    docs = [document(f"d{i}", quote) for i in range(3)]  # one quote, carried by 3 passages
    docs += [document("d3", "Les bains-douches sont gratuits."),
             document("d4", "Le 115 répond jour et nuit.")]
    root = export_beir(EvalSet("cit", docs, [Query("s1", quote, spans=["servent des repas"])],
                               "passage"), beir.parent / "cit")
    out = beir.parent / "rapport-cit"
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(root), "--out", str(out),
                                   "-q", "--no-answers"])
    assert res.exit_code == 0, res.output
    assert (out / "défaut.qrels.tsv").read_text() == "s1 0 s1#1 1\n"
    run = load_run(out / "défaut.trec")  # the quote, then the other passages (credited once)
    passages = load_run(out / "défaut.passages.trec")["s1"]  # as search() ranked them
    carriers = json.loads((out / "results.json").read_text())["results"][0]["units"]["s1"]
    assert sorted(c.split(":")[0] for c in carriers["s1#1"]) == ["d0", "d1", "d2"]
    assert passages[0][0] in carriers["s1#1"] and len(passages) == 5
    assert [d for d, _s in run["s1"]] == ["s1#1"] + [c for c, _s in passages[1:]]
    qrels = {"s1": {"s1#1": 1}}
    report = json.loads((out / "results.json").read_text())["results"][0]
    assert evaluate(qrels, run, ["R@1"]) == {"s1": {"R@1": 1.0}}  # the passage qrels gave 1/3
    assert report["recall_curve"]["R@1"] == 1.0
    assert evaluate(qrels, run) == report["per_query"] == {"s1": dict.fromkeys(MEASURES, 1.0)}


def test_out_that_is_a_file_and_a_negative_sample_are_refused_first(tmp_path: Path) -> None:
    (tmp_path / "rapport").write_text("")
    out = CliRunner().invoke(cli, ["eval", "run", "-d", "piaf", "--out", str(tmp_path / "rapport")])
    assert out.exit_code == 2  # a usage error, before anything is read or built
    assert f"'--out': {tmp_path / 'rapport'} est un fichier, pas un dossier." in out.output
    out = CliRunner().invoke(cli, ["eval", "run", "-d", "piaf", "--sample", "-5"])
    assert out.exit_code == 2 and "'--sample': -5 is not in the range x>=0." in out.output


def test_a_config_file_of_the_wrong_shape_is_refused(beir: Path) -> None:
    toml = beir.parent / "cfg.toml"
    toml.write_text('[bm25seul]\nretrieval = "bm25"\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "run", "--dataset", str(beir), "--config", str(toml)])
    assert res.exit_code == 1 and "tables [bm25seul] : elles décrivent des configurations " \
        "pour `pacte eval compare`" in res.output
    toml.write_text('dense_weight = 0.4\n[bm25seul]\nretrieval = "bm25"\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "compare", "--dataset", str(beir), "--config",
                                   str(toml)])
    assert res.exit_code == 1 and "réglage(s) de premier niveau dense_weight" in res.output


def test_a_reused_out_folder_keeps_no_stale_run(beir: Path) -> None:
    out = beir.parent / "cmp"
    (out).mkdir()
    (out / "mes-notes.trec").write_text("à moi\n")  # not written by a report: kept
    args = ["eval", "compare", "--dataset", str(beir), "--out", str(out), "-q", "--no-answers"]
    assert CliRunner().invoke(cli, [*args, "--configs", "bm25,dense"]).exit_code == 0
    assert (out / "dense.trec").exists() and (out / "gains-pertes.png").exists()
    res = CliRunner().invoke(cli, [*args, "--configs", "hybride"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "hybride.qrels.tsv", "hybride.trec", "latences.png", "mes-notes.trec", "rappel-k.png",
        "report.html", "report.md", "results.json"]
    md = (out / "report.md").read_text()
    assert f"- modèle : `{HashEmbedder().name}`" in md
    threshold = Settings.model_fields["answer_threshold"].default  # the settings are recorded
    assert "| restore_accents | True |" in md and f"| answer_threshold | {threshold} |" in md
