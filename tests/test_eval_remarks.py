"""What ``pacte eval`` says beside its figures: remarks on empty rankings, small corpora,
ignored options, reused indexes; and how ``compare`` picks its configurations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_eval_cli import beir as beir_fixture

from eval.beir import export_beir
from eval.configs import BUILTIN
from eval.data import EvalSet, Query
from eval.metrics import evaluate, mean_scores
from eval.trec import load_run
from indexer.cli import cli

beir = beir_fixture  # the small BEIR folder and the hash embedder of test_eval_cli


def _invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, ["eval", *args])
    return res.exit_code, res.output


def _with_unanswerable(beir: Path) -> Path:
    """The mini set plus q6, whose words occur nowhere: BM25 finds nothing for it."""
    from eval.beir import import_beir

    s = import_beir(beir)
    s.queries.append(Query("q6", "xyzzy plugh"))
    s.qrels["q6"] = {"d0": 1}
    return export_beir(s, beir.parent / "vide")


def test_a_query_without_result_is_named_and_trec_eval_needs_c(beir: Path) -> None:
    root, out = _with_unanswerable(beir), beir.parent / "cmp"
    code, output = _invoke("compare", "-d", str(root), "--out", str(out), "--configs",
                           "hybride,bm25", "-q", "--no-answers")
    assert code == 0, output
    note = ("1 requête(s) sans aucun résultat de search() : q6. Elles comptent 0 dans les "
            "moyennes ; un fichier TREC ne peut pas contenir de classement vide")
    assert f"Remarque (bm25) : {note}" in output
    md = (out / "report.md").read_text()
    assert f"- bm25 : {note}" in md and "`trec_eval -c`" in md
    # The figures stay those of every judged query (0 for q6), as trec_eval -c gives them.
    run, report = load_run(out / "bm25.trec"), json.loads((out / "results.json").read_text())
    assert "q6" not in run and report["results"][1]["per_query"]["q6"]["nDCG@10"] == 0.0
    qrels = {q: {d: 1} for q, d in (("q0", "d0"), ("q1", "d1"), ("q2", "d2"), ("q3", "d3"),
                                    ("q4", "d4"), ("q5", "d5"), ("q6", "d0"))}
    with_c = mean_scores(evaluate(qrels, run))  # evaluate() scores a missing query 0, as -c
    assert with_c["nDCG@10"] == pytest.approx(report["results"][1]["scores"]["nDCG@10"])


def test_the_toml_configurations_run_after_those_of_configs(beir: Path) -> None:
    toml, out = beir.parent / "cfg.toml", beir.parent / "cmp"
    toml.write_text('[bm25-seul]\nretrieval = "bm25"\n[dense-seul]\nretrieval = "dense"\n',
                    encoding="utf-8")
    for configs in ("bm25", "bm25,dense-seul"):
        code, output = _invoke("compare", "-d", str(beir), "--out", str(out), "--configs",
                               configs, "--config", str(toml), "-q", "--no-answers")
        assert code == 0, output
        ran = [r["config"] for r in json.loads((out / "results.json").read_text())["results"]]
        assert ran == ["bm25", "dense-seul", "bm25-seul"] if "," in configs else [
            "bm25", "bm25-seul", "dense-seul"]


def test_a_toml_table_may_not_take_a_builtin_name(beir: Path) -> None:
    toml = beir.parent / "cfg.toml"
    toml.write_text('[bm25]\nretrieval = "dense"\n', encoding="utf-8")
    code, output = _invoke("compare", "-d", str(beir), "--config", str(toml), "-q")
    assert code == 1
    assert ("cfg.toml [bm25] : nom déjà pris par une configuration intégrée (intégrées : "
            + ", ".join(BUILTIN) + ")") in output


def test_small_corpus_and_folded_passages_are_said_per_configuration(beir: Path) -> None:
    out = beir.parent / "cmp"
    code, output = _invoke("compare", "-d", str(beir), "--out", str(out), "--configs",
                           "hybride,bm25", "-q", "--no-answers")
    assert code == 0, output
    md = (out / "report.md").read_text()
    # Every configuration: 6 passages only. hybride returns them all, bm25 fewer.
    assert ("- hybride : R@100 : le corpus ne compte que 6 passages, pas plus que les 100 "
            "demandés à search() ; chaque requête les a tous reçus : R@100 vaut 1 par "
            "construction.") in md
    assert ("- bm25 : R@100 : le corpus ne compte que 6 passages, pas plus que les 100 "
            "demandés à search() ; R@100 y est le rappel de tout ce que search() a rendu.") in md
    # Folded: bm25's passages (1 per query, not 100), named as bm25's.
    assert ("- bm25 : R@100 (documents) : search() a rendu 1 passage(s) par requête en "
            "moyenne (100 demandés), soit 1 document(s) distinct(s) une fois repliés") in md
    assert "100 passages rendus" not in md and "Remarque (bm25) : R@100 (documents)" in output
    # One index for both: bm25's build time is that of the index hybride built just before.
    costs = md.split("## Coûts")[1].splitlines()
    hybride, bm25 = (next(line for line in costs if line.startswith(f"| {c} | "))
                     for c in ("hybride", "bm25"))
    seconds = hybride.split(" | ")[1]
    assert bm25.startswith(f"| bm25 | {seconds} (index de hybride) | oui |")


def test_a_reused_index_says_its_build_time_is_an_earlier_one(beir: Path) -> None:
    args = ("run", "-d", str(beir), "--out", str(beir.parent / "r"), "-q", "--no-answers")
    code, first = _invoke(*args)
    assert code == 0 and "Coût (défaut) : construction " in first, first
    assert "RSS max du processus " in first and "réutilisé" not in first
    code, again = _invoke(*args)
    assert code == 0, again
    assert "Coût (défaut) : index réutilisé (construit en " in again
    assert " s lors d'une exécution précédente)" in again
    md = (beir.parent / "r" / "report.md").read_text()
    assert "(exécution précédente)" in md and "RSS max du processus (Mo)" in md
    assert "pic de mémoire du processus entier" in md


def test_options_that_do_not_apply_are_said(beir: Path) -> None:
    code, output = _invoke("run", "-d", str(beir), "--sample", "50", "--piaf", "x.json", "-q",
                           "--no-answers", "--out", str(beir.parent / "r"))
    assert code == 0, output
    assert ("Remarque : --sample et --piaf ne valent que pour --dataset piaf : ignorées "
            "ici.") in output
    code, output = _invoke("compare", "-d", str(beir), "--configs", "bm25,bm25", "-q",
                           "--no-answers", "--out", str(beir.parent / "c"))
    assert code == 0, output
    assert "Remarque : bm25 nommée(s) plusieurs fois dans --configs, exécutée(s) une fois." \
        in output
    assert "Remarque : une seule configuration (bm25) : rien à comparer." in output
    code, output = _invoke("run", "-d", str(beir), "-q", "--no-answers", "--out",
                           str(beir.parent / "r"))
    assert code == 0 and "ignorée" not in output  # the default --sample: nothing to say


def test_a_sample_larger_than_the_piaf_test_split_says_all_are_used(beir: Path) -> None:
    from eval.piaf import DEV

    paragraphs = [{"context": f"Le paragraphe {i} parle du sujet {i}.",
                   "qas": [{"id": f"p{i}-{j}", "question": f"Sujet {i} ?"} for j in range(6)]}
                  for i in range(85)]  # 510 questions: 500 for dev, 10 for test
    squad = beir.parent / "mini-piaf.json"
    squad.write_text(json.dumps({"data": [{"title": "T", "paragraphs": paragraphs}]}))
    assert 85 * 6 - DEV == 10
    code, output = _invoke("run", "-d", "piaf", "--piaf", str(squad), "--sample", "5000", "-q",
                           "--no-answers", "--out", str(beir.parent / "p"))
    assert code == 0, output
    note = "5000 questions demandées (--sample), mais la partie test de PIAF n'en a que 10 : " \
           "toutes sont utilisées."
    assert f"Remarque : {note}" in output
    assert f"- {note}" in (beir.parent / "p" / "report.md").read_text()


def test_compare_help_lists_the_builtin_configurations() -> None:
    code, output = _invoke("compare", "--help")
    assert code == 0 and all(name in output for name in BUILTIN)
    assert "en plus de celles de --configs" in " ".join(output.split())


def test_unjudged_queries_are_named(beir: Path) -> None:
    from eval.beir import import_beir

    s = import_beir(beir)
    s.queries.append(Query("q6", "question sans pertinent"))
    s.qrels["q6"] = {"d0": 0}  # judged, but nothing relevant
    root = export_beir(EvalSet(s.name, s.documents, s.queries, "document", s.qrels),
                       beir.parent / "zero")
    code, output = _invoke("run", "-d", str(root), "-q", "--no-answers", "--out",
                           str(beir.parent / "r"))
    assert code == 0, output
    assert ("Remarque : 1 requête(s) dans le champ sans document pertinent (score > 0), "
            "ignorée(s) : q6.") in output
