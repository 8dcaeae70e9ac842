"""Bad evaluation input: refused with its file and line, never dropped or half-read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eval.beir import import_beir
from eval.data import DatasetError, EvalSet, Query
from eval.runner import eval_settings, run_eval
from eval.trec import write_run
from indexer.embed import HashEmbedder
from indexer.settings import Settings
from indexer.types import Block, Document

CORPUS = [{"_id": "d1", "text": "Les personnes sans domicile appellent le 115."},
          {"_id": "d2", "text": "Les restaurants solidaires servent des repas chauds, même le "
                                "dimanche."},
          {"_id": "d3", "text": "Les bains-douches municipaux sont gratuits."}]
QUERIES = [{"_id": "q1", "text": "Quel numéro appeler ?"},
           {"_id": "q2", "text": "Où manger ?"},
           {"_id": "q3", "text": "Prix d'un billet pour Tokyo ?", "metadata": {"in_scope": False}}]
SPANS = [{"_id": "s1", "text": "Quel numéro ?", "metadata": {"spans": ["appellent le 115"]}},
         {"_id": "s2", "text": "Où manger ?", "metadata": {"spans": ["servent des repas chauds"]}},
         {"_id": "s3", "text": "Tokyo ?", "metadata": {"in_scope": False}}]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\n"


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _beir(tmp_path: Path, corpus: str | bytes = _jsonl(CORPUS),
          queries: str | bytes = _jsonl(QUERIES), qrels: str | bytes | None = QRELS) -> Path:
    root = tmp_path / "jeu"
    (root / "qrels").mkdir(parents=True, exist_ok=True)
    for name, content in (("corpus.jsonl", corpus), ("queries.jsonl", queries),
                          ("qrels/test.tsv", qrels)):
        if content is not None:
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("score", ["0.5", "1.7", "inf", "1e999", "nan", "abc"])
def test_qrels_scores_must_be_integers(tmp_path: Path, score: str) -> None:
    root = _beir(tmp_path, qrels=QRELS + f"q2\td3\t{score}\n")
    with pytest.raises(DatasetError, match=rf"test\.tsv:4 : score non entier '{score}'"):
        import_beir(root)


@pytest.mark.parametrize("score", ["-1", "-2", "-1.0"])
def test_qrels_scores_may_not_be_negative(tmp_path: Path, score: str) -> None:
    root = _beir(tmp_path, qrels=QRELS + f"q2\td3\t{score}\n")
    with pytest.raises(DatasetError, match=rf"^\S*test\.tsv:4 : score négatif '{score}' \(0 = "
                                           r"non pertinent, 1, 2… = pertinent\)\.$"):
        import_beir(root)
    spans = _beir(tmp_path, queries=_jsonl(SPANS), qrels="s1\td1\t1\ns2\td2\t1\n"
                  f"s1\td3\t{score}\n")  # a span set's qrels are read by the same rules
    with pytest.raises(DatasetError, match=rf"test\.tsv:3 : score négatif '{score}'"):
        import_beir(spans)


def test_grade_zero_means_not_relevant(tmp_path: Path) -> None:
    assert import_beir(_beir(tmp_path, qrels=QRELS + "q2\td3\t0\nq1\td3\t-0\n")).qrels == {
        "q1": {"d1": 1, "d3": 0}, "q2": {"d2": 2, "d3": 0}}


def test_integral_scores_and_repeated_pairs(tmp_path: Path) -> None:
    assert import_beir(_beir(tmp_path, qrels=QRELS + "q2\td3\t1.0\n")).qrels == {
        "q1": {"d1": 1}, "q2": {"d2": 2, "d3": 1}}
    root = _beir(tmp_path, qrels=QRELS + "q1\td1\t0\n")
    with pytest.raises(DatasetError, match=r"test\.tsv:4 : paire \(q1, d1\) déjà vue ligne 2\."):
        import_beir(root)


def test_bom_blank_lines_and_late_header(tmp_path: Path) -> None:
    bom = "\ufeff"
    qrels = bom + "\n\nquery-id\tcorpus-id\tscore\n  \nq1\td1\t1\n\n\t\nq2\td2\t2\n"
    s = import_beir(_beir(tmp_path, bom + _jsonl(CORPUS), bom + _jsonl(QUERIES), qrels))
    assert s.qrels == {"q1": {"d1": 1}, "q2": {"d2": 2}}
    assert [d.doc_id for d in s.documents] == ["d1", "d2", "d3"]
    assert [q.qid for q in s.queries] == ["q1", "q2", "q3"]
    # Without a header, the first line is data; a header further down is not one.
    assert import_beir(_beir(tmp_path, qrels=bom + "q1\td1\t1\n")).qrels == {"q1": {"d1": 1}}
    root = _beir(tmp_path, qrels="q1\td1\t1\nquery-id\tcorpus-id\tscore\n")
    with pytest.raises(DatasetError, match=r"test\.tsv:2 : en-tête \(query-id, corpus-id, "
                                           r"score\) ailleurs qu'en première ligne"):
        import_beir(root)


def test_trec_qrels_as_reports_write_them_are_read(tmp_path: Path) -> None:
    # `<configuration>.qrels.tsv` of a report: « qid 0 docid grade », spaces.
    assert import_beir(_beir(tmp_path, qrels="q1 0 d1 1\nq2 0 d2 2\n")).qrels == {
        "q1": {"d1": 1}, "q2": {"d2": 2}}
    with pytest.raises(DatasetError, match=r"test\.tsv:2 : 3 colonnes séparées par des "
                       r"tabulations \(query-id, corpus-id, score\) ou 4 colonnes TREC"):
        import_beir(_beir(tmp_path, qrels="q1\td1\t1\nq2 d2\n"))


def test_files_not_in_utf8(tmp_path: Path) -> None:
    corpus = _jsonl(CORPUS[:1]).encode() + _jsonl(CORPUS[1:]).encode("latin-1")
    root = _beir(tmp_path, corpus=corpus)
    with pytest.raises(DatasetError, match=r"corpus\.jsonl:2 : le fichier n'est pas en UTF-8"):
        import_beir(root)
    root = _beir(tmp_path, corpus=_jsonl(CORPUS), qrels=QRELS.encode() + "q2\tdé\t1\n".encode(
        "latin-1"))
    with pytest.raises(DatasetError, match=r"test\.tsv:4 : le fichier n'est pas en UTF-8"):
        import_beir(root)


def test_identifiers_with_blanks(tmp_path: Path) -> None:
    root = _beir(tmp_path, corpus=_jsonl([*CORPUS, {"_id": "doc 7", "text": "Sept."}]))
    with pytest.raises(DatasetError, match=r"corpus\.jsonl:4 : identifiant 'doc 7' contenant un "
                                           "blanc"):
        import_beir(root)
    root = _beir(tmp_path, corpus=_jsonl(CORPUS),
                 queries=_jsonl([{"_id": "q\t1", "text": "Quoi ?"}, *QUERIES]))
    with pytest.raises(DatasetError, match=r"queries\.jsonl:1 : identifiant 'q\\t1'"):
        import_beir(root)
    with pytest.raises(DatasetError, match=r"identifiant 'd 1' contenant un blanc"):
        write_run(io.StringIO(), {"q1": [("d 1", 1.0)]}, "x")
    docs = [Document("a b", "Un toit.", [Block("paragraph", 0, 8)])]
    with pytest.raises(DatasetError, match=r"x\.jsonl : identifiant 'a b'"):
        EvalSet("x", docs, [Query("q1", "toit ?")], qrels={"q1": {"a b": 1}},
                source="x.jsonl").check()


def test_out_of_scope_queries_are_not_judged(tmp_path: Path) -> None:
    root = _beir(tmp_path, qrels=QRELS + "q3\td3\t1\n")
    with pytest.raises(DatasetError, match=r"test\.tsv:4 : 'd3' jugé pertinent pour 'q3', requête "
                                           r"hors champ \(.*queries\.jsonl:3, .*contradiction"):
        import_beir(root)
    s = import_beir(_beir(tmp_path, qrels=QRELS + "q3\td3\t0\n"))  # not relevant: consistent
    assert [q.qid for q in s.out_of_scope()] == ["q3"]
    docs = [Document("d1", "Un toit.", [Block("paragraph", 0, 8)])]
    hors = Query("h1", "météo ?", in_scope=False, meta={"file": "h.jsonl", "line": 4})
    with pytest.raises(DatasetError, match=r"h\.jsonl:4 : requête hors champ qui a pourtant"):
        EvalSet("x", docs, [hors], qrels={"h1": {"d1": 1}}).check()
    # Queries built in code (no file, no line) get the same French error, not a KeyError.
    from eval.qrels import read_qrels

    (tmp_path / "q.tsv").write_text("query-id\tcorpus-id\tscore\nh1\td1\t1\n")
    with pytest.raises(DatasetError, match=r"q\.tsv:2 : 'd1' jugé pertinent pour 'h1', requête "
                                           r"hors champ \(requêtes, .*contradiction"):
        read_qrels(tmp_path / "q.tsv", [Query("h1", "météo ?", in_scope=False)], {"d1"})


def test_a_set_with_no_judged_in_scope_query(tmp_path: Path) -> None:
    root = _beir(tmp_path, qrels="query-id\tcorpus-id\tscore\nq1\td1\t0\n")
    with pytest.raises(DatasetError, match=r"jeu/qrels/test\.tsv : aucune requête dans le champ "
                                           "n'est jugée"):
        import_beir(root)
    docs = [Document("d1", "Un toit.", [Block("paragraph", 0, 8)])]
    hors = Query("h1", "météo ?", in_scope=False)
    for level in ("document", "passage"):
        with pytest.raises(DatasetError, match=r"^q\.jsonl : aucune requête dans le champ n'est "
                                               r"jugée \(0 dans le champ, 1 hors champ\)"):
            EvalSet("x", docs, [hors], level, source="q.jsonl").check()  # type: ignore[arg-type]


def test_span_sets_check_their_quotes(tmp_path: Path) -> None:
    s = import_beir(_beir(tmp_path, queries=_jsonl(SPANS), qrels=None))
    assert s.level == "passage" and [(q.qid, q.spans) for q in s.in_scope()] == [
        ("s1", ["appellent le 115"]), ("s2", ["servent des repas chauds"])]
    rows = json.loads(json.dumps(SPANS))
    rows[1]["metadata"]["spans"].append("une phrase absente")
    with pytest.raises(DatasetError, match=r"queries\.jsonl:2 : citation introuvable dans le "
                                           r"corpus : « une phrase absente » \(1 en tout\)"):
        import_beir(_beir(tmp_path, queries=_jsonl(rows)))
    for bad, shown in (("", "''"), (None, "None"), (5, "5"), ("  ", "'  '")):
        rows[1]["metadata"]["spans"] = ["servent des repas chauds", bad]
        with pytest.raises(DatasetError, match=rf"queries\.jsonl:2 : citation {shown} invalide"):
            import_beir(_beir(tmp_path, queries=_jsonl(rows)))
    del rows[1]["metadata"]
    with pytest.raises(DatasetError, match=r"queries\.jsonl:2 : question dans le champ sans "
                                           "citation"):
        import_beir(_beir(tmp_path, queries=_jsonl(rows)))
    rows = json.loads(json.dumps(SPANS))
    rows[2]["metadata"]["spans"] = ["sont gratuits"]
    with pytest.raises(DatasetError, match=r"queries\.jsonl:3 : question hors champ avec des "
                                           "citations"):
        import_beir(_beir(tmp_path, queries=_jsonl(rows)))


def test_span_set_qrels_must_agree_with_the_quotes(tmp_path: Path) -> None:
    agreed = "query-id\tcorpus-id\tscore\ns1\td1\t1\ns2\td2\t1\ns2\td3\t0\n"
    assert import_beir(_beir(tmp_path, queries=_jsonl(SPANS), qrels=agreed)).level == "passage"
    for qrels, message in (
            (agreed + "s1\td3\t1\n", r"test\.tsv:5 : 'd3' jugé pertinent pour 's1', mais il ne "
                                     r"contient aucune de ses citations \(.*queries\.jsonl:1\)\. "
                                     "Les citations font foi"),
            (agreed.replace("s1\td1\t1", "s1\td1\t0"), r"test\.tsv:2 : 'd1' jugé non pertinent "
                                                       "pour 's1', mais il contient une"),
            (agreed.replace("s2\td2\t1\n", ""), r"test\.tsv : paire \(s2, d2\) absente"),
            (agreed + "s3\td3\t1\n", r"test\.tsv:5 : 'd3' jugé pertinent pour 's3', requête "
                                     "hors champ")):
        with pytest.raises(DatasetError, match=message):
            import_beir(_beir(tmp_path, queries=_jsonl(SPANS), qrels=qrels))


def test_gold_questions_bom_and_out_of_scope_quotes(tmp_path: Path) -> None:
    from eval.gold import CORPUS as PACT
    from eval.gold import load_span_set

    q = tmp_path / "q.jsonl"
    rows = [{"id": "a", "question": "Combien ?", "spans": ["106 engagements"]},
            {"id": "h", "question": "Météo ?", "in_scope": False, "spans": ["106 engagements"]}]
    q.write_text("\ufeff" + _jsonl(rows[:1]), encoding="utf-8")
    assert [x.qid for x in load_span_set("t", q, [PACT]).queries] == ["a"]
    q.write_text(_jsonl(rows), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"q\.jsonl:2 : question hors champ avec des citations"):
        load_span_set("t", q, [PACT])
    q.write_text(_jsonl([{"id": "a b", "question": "Combien ?", "spans": ["106 engagements"]}]))
    with pytest.raises(DatasetError, match=r"q\.jsonl:1 : identifiant 'a b' contenant un blanc"):
        load_span_set("t", q, [PACT])
    q.write_text(_jsonl([rows[0], {"id": "c", "question": "Quand ?", "in_scope": False},
                         rows[0]]))
    with pytest.raises(DatasetError, match=r"^\S*q\.jsonl:3 : identifiant 'a' déjà utilisé "
                                           r"ligne 1\.$"):
        load_span_set("t", q, [PACT])


def test_a_repeated_beir_query_names_its_first_line(tmp_path: Path) -> None:
    root = _beir(tmp_path, queries=_jsonl(QUERIES + QUERIES[1:2]))
    with pytest.raises(DatasetError, match=r"^\S*queries\.jsonl:4 : requête 'q2' déjà vue "
                                           r"ligne 2\.$"):
        import_beir(root)


def _span_set(*queries: Query) -> EvalSet:
    text = "Titre caché. Les restaurants solidaires servent des repas chauds."
    docs = [Document("d1", text, [Block("paragraph", 13, len(text))])]  # the title: no block
    return EvalSet("b", docs, list(queries), "passage", source="dossier")


def test_quote_errors_name_the_questions_file(tmp_path: Path) -> None:
    s = eval_settings(Settings(data_dir=tmp_path), tmp_path, "b")
    found = Query("s1", "repas ?", spans=["servent des repas"], meta={"file": "q.jsonl", "line": 1})
    nowhere = Query("s2", "x ?", spans=["absente"], meta={"file": "q.jsonl", "line": 2})
    with pytest.raises(DatasetError, match=r"^q\.jsonl:2 : citation introuvable"):
        run_eval(_span_set(found, nowhere), s, HashEmbedder(), answers=False, progress=False)
    assert not list(tmp_path.rglob("index-*"))  # refused before any index was built
    hidden = Query("s3", "titre ?", spans=["repas chauds", "Titre caché"],
                   meta={"file": "q.jsonl", "line": 3})  # one quote of two is lost
    with pytest.raises(DatasetError, match=r"^q\.jsonl:3 : la citation « Titre caché » de 's3' "
                                           "est dans le corpus mais dans aucun passage indexé"):
        run_eval(_span_set(found, hidden), s, HashEmbedder(), answers=False, progress=False)


def test_queries_without_a_qrels_line_are_left_out_with_a_note(tmp_path: Path) -> None:
    # q4 has no line in qrels/test.tsv (another split's query): left out, and said so.
    extra = [*QUERIES, {"_id": "q4", "text": "Où se laver ?"}]
    s = import_beir(_beir(tmp_path, queries=_jsonl(extra)))
    assert [q.qid for q in s.queries] == ["q1", "q2", "q3"]
    assert s.notes == ["1 requête(s) de queries.jsonl sans ligne dans test.tsv (d'un autre "
                       "découpage ?) laissée(s) de côté."]
    settings = eval_settings(Settings(data_dir=tmp_path / "data"), tmp_path / "work", s.name, {})
    result = run_eval(s, settings, answers=False, progress=False, embedder=HashEmbedder())
    assert s.notes[0] in result.notes


def test_document_recall_names_how_many_documents_the_passages_fold_into(
        tmp_path: Path) -> None:
    long = " ".join(f"Le logement social numéro {i} accueille des familles." for i in range(60))
    docs = [Document("d0", long, [Block("paragraph", 0, len(long))])]
    for i, text in enumerate(["Les bains-douches sont gratuits.", "Le 115 répond la nuit."], 1):
        docs.append(Document(f"d{i}", text, [Block("paragraph", 0, len(text))]))
    evalset = EvalSet("f", docs, [Query("q", "logement social familles")], "document",
                      {"q": {"d0": 1}})
    s = eval_settings(Settings(data_dir=tmp_path, chunk_tokens=60), tmp_path, "f")
    r = run_eval(evalset, s, HashEmbedder(), depth=3, answers=False, progress=False)
    assert len(r.run["q"]) < 3  # 3 passages, of fewer documents
    assert f"R@3 (documents) : search() a rendu 3 passage(s) par requête en moyenne (3 " \
           f"demandés), soit {len(r.run['q'])} document(s) distinct(s) une fois repliés : R@3 " \
           "est un rappel sur ces documents-là." in r.notes
