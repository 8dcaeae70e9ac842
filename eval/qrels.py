"""Qrels TSV files (``query-id corpus-id score``), read with every line checked, and the
document-level qrels that a span set's quotes imply.

Grades are integers of 0 or more (0: not relevant); the header is optional and blank
lines are skipped. A bad line is a :class:`~eval.data.DatasetError` naming its file
and line. The BEIR folder around them is :mod:`eval.beir`'s.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "test.tsv"
>>> _ = p.write_text("query-id\\tcorpus-id\\tscore\\nq1\\td1\\t2\\nq1\\td2\\t0\\n")
>>> read_qrels(p, [Query("q1", "logement ?")], {"d1", "d2"})
{'q1': {'d1': 2, 'd2': 0}}
>>> _ = p.write_text("q1\\td1\\t-1\\n")
>>> try:
...     read_qrels(p, [Query("q1", "logement ?")], {"d1"})
... except DatasetError as e:
...     print(str(e).split(" : ", 1)[1])
score négatif '-1' (0 = non pertinent, 1, 2… = pertinent).
"""

from __future__ import annotations

from pathlib import Path

from eval.data import DatasetError, EvalSet, Qrels, Query, once, read_lines, where
from eval.spans import contains, normalize

Row = tuple[int, str, str, int]  # (line, query id, document id, grade)


def _grade(score: str, path: Path, n: int, first: bool) -> int:
    """A grade of 0 or more; ``1.0`` is 1, ``0.5``, ``inf``, ``abc`` or ``-1`` are refused."""
    try:
        grade = int(score)
    except ValueError:
        try:
            value = float(score)
        except ValueError:
            value = float("nan")
        if not value.is_integer():
            hint = " ; en-tête attendu : query-id, corpus-id, score" if first else ""
            raise DatasetError(f"{where(path, n)} : score non entier {score!r} (0 = non "
                               f"pertinent, 1, 2… = pertinent){hint}.") from None
        grade = int(value)
    if grade < 0:
        raise DatasetError(f"{where(path, n)} : score négatif {score!r} (0 = non pertinent, "
                           "1, 2… = pertinent).")
    return grade


def _trec(cols: list[str], path: Path, n: int) -> list[str]:
    """``[qid, docid, grade]`` of a TREC line (``qid iteration docid grade``); a line of 4
    columns that is not one (BEIR plus a column, say) names the column that is wrong."""
    wrong = ""
    if not (cols[1] == "Q0" or cols[1].lstrip("+-").isdigit()):
        wrong = f"la 2e colonne {cols[1]!r} devrait être 0"
    else:
        try:
            whole = float(cols[3]).is_integer()  # a negative grade: _grade() says so
        except ValueError:
            whole = False
        if not whole:
            wrong = f"la 4e colonne (score) {cols[3]!r} n'est pas un entier"
    if wrong:
        raise DatasetError(f"{where(path, n)} : 4 colonnes, alors que 3 (BEIR : query-id, "
                           "corpus-id, score) ou 4 (TREC : qid 0 docid score) sont attendues ; "
                           f"lue comme TREC, {wrong}.")
    return [cols[0], cols[2], cols[3]]


def qrels_rows(path: Path, queries: dict[str, Query], doc_ids: set[str]) -> list[Row]:
    """The checked lines of a qrels TSV (header optional, blank lines skipped)."""
    if not path.exists():
        raise DatasetError(f"{path} : fichier de qrels introuvable.")
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for i, (n, line) in enumerate(read_lines(path)):
        cols = line.rstrip("\r\n").split("\t")
        if cols[0].strip() == "query-id":
            if i == 0:
                continue
            raise DatasetError(f"{where(path, n)} : en-tête (query-id, corpus-id, score) "
                               "ailleurs qu'en première ligne : retirez cette ligne.")
        trec = line.split()
        if len(cols) != 3 and len(trec) == 4:  # TREC: « qid 0 docid grade », as reports write
            cols = _trec(trec, path, n)
        if len(cols) != 3:
            raise DatasetError(f"{where(path, n)} : 3 colonnes séparées par des tabulations "
                               "(query-id, corpus-id, score) ou 4 colonnes TREC (qid 0 docid "
                               "score) attendues.")
        qid, doc_id, score = cols
        grade = _grade(score, path, n, i == 0)
        if qid not in queries:
            raise DatasetError(f"{where(path, n)} : requête inconnue {qid!r}.")
        if doc_id not in doc_ids:
            raise DatasetError(f"{where(path, n)} : document inconnu {doc_id!r}.")
        once(seen, (qid, doc_id), path, n, f"paire ({qid}, {doc_id}) déjà vue")
        q = queries[qid]
        if grade > 0 and not q.in_scope:
            read_at = where(q.meta.get("file", "requêtes"), q.meta.get("line"))
            raise DatasetError(f"{where(path, n)} : {doc_id!r} jugé pertinent pour {qid!r}, "
                               f"requête hors champ ({read_at}, "
                               "« in_scope » : false) : contradiction.")
        rows.append((n, qid, doc_id, grade))
    return rows


def read_qrels(path: Path, queries: list[Query], doc_ids: set[str]) -> Qrels:
    """Qrels TSV; an unknown id, a repeated pair or a non-integer score names its line."""
    qrels: Qrels = {}
    for _n, qid, doc_id, grade in qrels_rows(path, {q.qid: q for q in queries}, doc_ids):
        qrels.setdefault(qid, {})[doc_id] = grade
    return qrels


def check_agreement(path: Path, rows: list[Row], evalset: EvalSet) -> None:
    """Quotes decide in a span set: its qrels must be their document-level view."""
    derived = document_qrels(evalset)
    origin = {q.qid: evalset.origin(q) for q in evalset.queries}
    found: set[tuple[str, str]] = set()
    for n, qid, doc_id, grade in rows:
        quoted = doc_id in derived.get(qid, {})
        if quoted != (grade > 0):
            state = "jugé pertinent" if grade > 0 else "jugé non pertinent"
            raise DatasetError(
                f"{where(path, n)} : {doc_id!r} {state} pour {qid!r}, mais il "
                f"{'contient' if quoted else 'ne contient'} {'une' if quoted else 'aucune'} de "
                f"ses citations ({origin[qid]}). Les citations font foi : corrigez ou "
                "retirez ce fichier.")
        found.update([(qid, doc_id)] if quoted else [])
    missing = sorted((q, d) for q, docs in derived.items() for d in docs if (q, d) not in found)
    if missing:
        qid, doc_id = missing[0]
        raise DatasetError(f"{path} : paire ({qid}, {doc_id}) absente, alors que {doc_id!r} "
                           f"contient une citation de {qid!r} ({origin[qid]}) ; les citations "
                           f"font foi : complétez ou retirez ce fichier ({len(missing)} en tout).")


def document_qrels(evalset: EvalSet) -> Qrels:
    """Document-level qrels of a span set: the documents that contain a quote."""
    texts = {d.doc_id: normalize(d.text) for d in evalset.documents}
    return {q.qid: {doc_id: 1 for doc_id, t in texts.items()
                    if any(contains(t, normalize(s)) for s in q.spans)}
            for q in evalset.queries if q.spans}
