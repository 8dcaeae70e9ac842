"""BEIR layout in and out: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.

``corpus.jsonl`` rows are ``{"_id", "title", "text"}`` (paragraphs separated by a
blank line), ``queries.jsonl`` rows ``{"_id", "text", "metadata"}`` and the qrels a
TSV with the header ``query-id corpus-id score``. Two optional query metadata keys
are understood: ``"in_scope": false`` (the assistant should abstain) and
``"spans"`` (exact quotes: the set is then judged at passage level, see
:mod:`eval.spans`).

>>> import tempfile, pathlib
>>> from indexer.types import Block, Document
>>> d = Document("d1", "Un toit.", [Block("paragraph", 0, 8)])
>>> s = EvalSet("demo", [d], [Query("q1", "logement ?")], qrels={"q1": {"d1": 1}})
>>> root = export_beir(s, pathlib.Path(tempfile.mkdtemp()))
>>> back = import_beir(root)
>>> back.qrels, back.documents[0].text
({'q1': {'d1': 1}}, 'Un toit.')
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from eval.data import DatasetError, EvalSet, Qrels, Query, iter_jsonl, require, where, write_jsonl
from eval.spans import normalize
from indexer.types import Block, DocMeta, Document

_PARA = re.compile(r"\n\s*\n")


def document(doc_id: str, text: str, title: str = "", **meta: str) -> Document:
    """A document whose blocks are its blank-line-separated paragraphs."""
    blocks, pos = [], 0
    for part in _PARA.split(text):
        start = text.index(part, pos) if part else pos
        stripped = part.strip()
        if stripped:
            a = start + part.index(stripped)
            blocks.append(Block("paragraph", a, a + len(stripped)))
        pos = start + len(part)
    return Document(doc_id, text, blocks, DocMeta(title=title, format="txt", **meta))


def read_corpus(path: Path) -> list[Document]:
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for n, row in iter_jsonl(path):
        doc_id = str(require(row, "_id", path, n))
        if doc_id in seen:
            raise DatasetError(f"{where(path, n)} : document {doc_id!r} déjà vu ligne "
                               f"{seen[doc_id]}.")
        seen[doc_id] = n
        text = require(row, "text", path, n)
        docs.append(document(doc_id, text, str(row.get("title") or "")))
    return docs


def read_queries(path: Path) -> list[Query]:
    queries: list[Query] = []
    seen: set[str] = set()
    for n, row in iter_jsonl(path):
        qid = str(require(row, "_id", path, n))
        if qid in seen:
            raise DatasetError(f"{where(path, n)} : requête {qid!r} en double.")
        seen.add(qid)
        meta = row.get("metadata") or {}
        if not isinstance(meta, dict):
            raise DatasetError(f"{where(path, n)} : « metadata » doit être un objet.")
        spans = meta.pop("spans", [])
        in_scope = meta.pop("in_scope", True)
        if not isinstance(spans, list) or not isinstance(in_scope, bool):
            raise DatasetError(f"{where(path, n)} : « spans » ou « in_scope » invalide.")
        queries.append(Query(qid, require(row, "text", path, n), in_scope,
                             [str(s) for s in spans], {**meta, "line": n}))
    return queries


def read_qrels(path: Path, qids: set[str], doc_ids: set[str]) -> Qrels:
    """Qrels TSV; an unknown query or document id is an error naming the line."""
    if not path.exists():
        raise DatasetError(f"{path} : fichier de qrels introuvable.")
    qrels: Qrels = {}
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if not row or (n == 1 and row[0] == "query-id"):
                continue
            if len(row) != 3:
                raise DatasetError(f"{where(path, n)} : 3 colonnes attendues "
                                   "(query-id, corpus-id, score).")
            qid, doc_id, score = row
            try:
                grade = int(float(score))
            except ValueError:
                raise DatasetError(f"{where(path, n)} : score {score!r} non numérique.") from None
            if qid not in qids:
                raise DatasetError(f"{where(path, n)} : requête inconnue {qid!r}.")
            if doc_id not in doc_ids:
                raise DatasetError(f"{where(path, n)} : document inconnu {doc_id!r}.")
            qrels.setdefault(qid, {})[doc_id] = grade
    return qrels


def import_beir(root: Path, split: str = "test", name: str | None = None) -> EvalSet:
    """Read a BEIR folder; the set is judged per passage when its queries carry spans."""
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"{root} : dossier BEIR introuvable.")
    docs = read_corpus(root / "corpus.jsonl")
    queries = read_queries(root / "queries.jsonl")
    if not queries:
        raise DatasetError(f"{root / 'queries.jsonl'} : aucune requête.")
    qrels_path = root / "qrels" / f"{split}.tsv"
    spans = any(q.spans for q in queries)
    qrels = {} if spans and not qrels_path.exists() else read_qrels(
        qrels_path, {q.qid for q in queries}, {d.doc_id for d in docs})
    judged = set(qrels)
    queries = [q for q in queries if q.qid in judged or q.spans or not q.in_scope]
    if not queries:
        raise DatasetError(f"{qrels_path} : aucune requête jugée.")
    evalset = EvalSet(name or root.name, docs, queries, "passage" if spans else "document",
                      {} if spans else qrels, str(root))
    evalset.check()
    return evalset


def export_beir(evalset: EvalSet, root: Path, split: str = "test") -> Path:
    """Write ``evalset`` as a BEIR folder; span sets keep their quotes in metadata."""
    root = Path(root)
    write_jsonl(root / "corpus.jsonl", [
        {"_id": d.doc_id, "title": d.meta.title, "text": d.text} for d in evalset.documents])
    rows = []
    for q in evalset.queries:
        meta = {k: v for k, v in q.meta.items() if k != "line"}
        if q.spans:
            meta["spans"] = q.spans
        if not q.in_scope:
            meta["in_scope"] = False
        rows.append({"_id": q.qid, "text": q.text, "metadata": meta})
    write_jsonl(root / "queries.jsonl", rows)
    qrels = evalset.qrels or document_qrels(evalset)
    (root / "qrels").mkdir(parents=True, exist_ok=True)
    with (root / "qrels" / f"{split}.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["query-id", "corpus-id", "score"])
        for qid in sorted(qrels):
            for doc_id, grade in sorted(qrels[qid].items()):
                w.writerow([qid, doc_id, grade])
    return root


def document_qrels(evalset: EvalSet) -> Qrels:
    """Document-level qrels of a span set: the documents that contain a quote."""
    texts = {d.doc_id: normalize(d.text) for d in evalset.documents}
    return {q.qid: {doc_id: 1 for doc_id, t in texts.items()
                    if any(normalize(s) in t for s in q.spans)}
            for q in evalset.queries if q.spans}
