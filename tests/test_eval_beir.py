"""BEIR import/export round trip and bad input reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.beir import document, export_beir, import_beir
from eval.data import DatasetError, EvalSet, Query


def _set() -> EvalSet:
    docs = [document("d1", "Un toit pour tous.\n\nDeuxième paragraphe.", "Logement"),
            document("d2", "Accès aux droits.", "Droits")]
    queries = [Query("q1", "logement ?", meta={"type": "factuelle"}),
               Query("q2", "droits ?"), Query("h1", "météo ?", in_scope=False)]
    return EvalSet("demo", docs, queries, "document", {"q1": {"d1": 1}, "q2": {"d2": 2}}, "x")


def test_round_trip(tmp_path: Path) -> None:
    original = _set()
    back = import_beir(export_beir(original, tmp_path / "demo"))
    assert back.qrels == original.qrels and back.level == "document"
    assert [(d.doc_id, d.meta.title, d.text) for d in back.documents] == [
        (d.doc_id, d.meta.title, d.text) for d in original.documents]
    assert [b.kind for b in back.documents[0].blocks] == ["paragraph", "paragraph"]
    assert [(q.qid, q.text, q.in_scope) for q in back.queries] == [
        (q.qid, q.text, q.in_scope) for q in original.queries]
    assert back.queries[0].meta["type"] == "factuelle"
    qrels = (tmp_path / "demo" / "qrels" / "test.tsv").read_text().splitlines()
    assert qrels == ["query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td2\t2"]


def test_span_sets_keep_their_quotes(tmp_path: Path) -> None:
    from eval.gold import load_gold

    gold = load_gold()
    back = import_beir(export_beir(gold, tmp_path / "pacte"))
    assert back.level == "passage"
    assert {q.qid: q.spans for q in back.queries} == {q.qid: q.spans for q in gold.queries}
    assert len(back.out_of_scope()) == len(gold.out_of_scope())


def test_malformed_jsonl_line(tmp_path: Path) -> None:
    root = export_beir(_set(), tmp_path / "demo")
    with (root / "queries.jsonl").open("a") as f:
        f.write('{"_id": "q9", "text": \n')
    with pytest.raises(DatasetError, match=r"queries\.jsonl:4 : JSON invalide"):
        import_beir(root)


def test_missing_field_and_duplicate_ids(tmp_path: Path) -> None:
    root = export_beir(_set(), tmp_path / "demo")
    (root / "corpus.jsonl").write_text('{"_id": "d1", "text": "a"}\n{"_id": "d1", "text": "b"}\n')
    with pytest.raises(DatasetError, match=r"corpus\.jsonl:2 : document 'd1' déjà vu ligne 1"):
        import_beir(root)
    (root / "corpus.jsonl").write_text('{"_id": "d1"}\n')
    with pytest.raises(DatasetError, match=r"corpus\.jsonl:1 : champ 'text'"):
        import_beir(root)


def test_qrels_naming_unknown_ids(tmp_path: Path) -> None:
    root = export_beir(_set(), tmp_path / "demo")
    tsv = root / "qrels" / "test.tsv"
    tsv.write_text(tsv.read_text() + "q1\tnope\t1\n")
    with pytest.raises(DatasetError, match=r"test\.tsv:4 : document inconnu 'nope'"):
        import_beir(root)
    tsv.write_text("query-id\tcorpus-id\tscore\nq404\td1\t1\n")
    with pytest.raises(DatasetError, match=r"test\.tsv:2 : requête inconnue 'q404'"):
        import_beir(root)


def test_empty_query_set(tmp_path: Path) -> None:
    root = export_beir(_set(), tmp_path / "demo")
    (root / "queries.jsonl").write_text("\n")
    with pytest.raises(DatasetError, match="aucune requête"):
        import_beir(root)
    with pytest.raises(DatasetError, match="aucune requête"):
        EvalSet("vide", _set().documents, [], source="vide.jsonl").check()


def test_gold_set_bad_lines(tmp_path: Path) -> None:
    from eval.gold import CORPUS, load_span_set

    q = tmp_path / "q.jsonl"
    rows = [{"id": "a", "question": "Combien ?", "spans": ["106 engagements"]},
            {"id": "b", "question": "Qui ?", "spans": ["une citation qui n'existe pas"]}]
    q.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with pytest.raises(DatasetError, match=r"q\.jsonl:2 : citation introuvable"):
        load_span_set("t", q, [CORPUS])
    q.write_text(json.dumps({"id": "a", "question": "Combien ?"}) + "\n")
    with pytest.raises(DatasetError, match=r"q\.jsonl:1 : question dans le champ sans citation"):
        load_span_set("t", q, [CORPUS])
