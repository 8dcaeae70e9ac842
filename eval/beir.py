"""BEIR layout in and out: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.

``corpus.jsonl`` rows are ``{"_id", "title", "text"}`` (paragraphs separated by a
blank line), ``queries.jsonl`` rows ``{"_id", "text", "metadata"}`` and the qrels a
TSV with the header ``query-id corpus-id score``. Two optional query metadata keys
are understood: ``"in_scope": false`` (the assistant should abstain) and
``"spans"`` (exact quotes: the set is then judged at passage level, see
:mod:`eval.spans`). The qrels file is read and checked by :mod:`eval.qrels`.

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
from typing import Any

from eval.data import (
    DatasetError,
    EvalSet,
    Query,
    identifier,
    iter_jsonl,
    once,
    require,
    where,
    write_jsonl,
)
from eval.qrels import check_agreement, document_qrels, qrels_rows, read_qrels
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
    fields: dict[str, Any] = {"title": title, "format": "txt", **meta}  # meta: text fields
    return Document(doc_id, text, blocks, DocMeta(**fields))


def read_corpus(path: Path) -> list[Document]:
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for n, row in iter_jsonl(path):
        doc_id = identifier(row, "_id", path, n)
        once(seen, doc_id, path, n, f"document {doc_id!r} déjà vu")
        text = require(row, "text", path, n)
        docs.append(document(doc_id, text, str(row.get("title") or "")))
    if not docs:
        raise DatasetError(f"{path} : aucun document.")
    return docs


def read_queries(path: Path) -> list[Query]:
    queries: list[Query] = []
    seen: dict[str, int] = {}
    for n, row in iter_jsonl(path):
        qid = identifier(row, "_id", path, n)
        once(seen, qid, path, n, f"requête {qid!r} déjà vue")
        meta = row.get("metadata") or {}
        if not isinstance(meta, dict):
            raise DatasetError(f"{where(path, n)} : « metadata » doit être un objet.")
        spans = meta.pop("spans", [])
        in_scope = meta.pop("in_scope", True)
        if not isinstance(spans, list) or not isinstance(in_scope, bool):
            raise DatasetError(f"{where(path, n)} : « spans » ou « in_scope » invalide.")
        bad = [s for s in spans if not isinstance(s, str) or not s.strip()]
        if bad:
            raise DatasetError(f"{where(path, n)} : citation {bad[0]!r} invalide dans « spans » "
                               "(un texte non vide est attendu).")
        queries.append(Query(qid, require(row, "text", path, n), in_scope, spans,
                             {**meta, "file": str(path), "line": n}))
    if not queries:
        raise DatasetError(f"{path} : aucune requête.")
    return queries


def import_beir(root: Path, split: str = "test", name: str | None = None) -> EvalSet:
    """Read a BEIR folder; the set is judged per passage when its queries carry spans.

    In such a span set the quotes decide; ``qrels/<split>.tsv`` is optional and, when
    present, must list exactly the documents that contain a quote (what
    :func:`export_beir` writes), or the set is refused.
    """
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"{root} : dossier BEIR introuvable.")
    docs = read_corpus(root / "corpus.jsonl")
    queries = read_queries(root / "queries.jsonl")
    qrels_path = root / "qrels" / f"{split}.tsv"
    doc_ids = {d.doc_id for d in docs}
    if any(q.spans for q in queries):
        evalset = EvalSet(name or root.name, docs, queries, "passage", {}, str(root))
        evalset.check()  # an in-scope query without quotes, a quote found nowhere…
        if qrels_path.exists():
            rows = qrels_rows(qrels_path, {q.qid: q for q in queries}, doc_ids)
            check_agreement(qrels_path, rows, evalset)
        return evalset
    qrels = read_qrels(qrels_path, queries, doc_ids)
    kept = [q for q in queries if q.qid in qrels or not q.in_scope]  # other splits' queries
    evalset = EvalSet(name or root.name, docs, kept, "document", qrels, str(root))
    if len(kept) < len(queries):
        evalset.notes.append(f"{len(queries) - len(kept)} requête(s) de queries.jsonl sans "
                             f"ligne dans {qrels_path.name} (d'un autre découpage ?) laissée(s) "
                             "de côté.")
    if not evalset.judged():
        raise DatasetError(f"{qrels_path} : aucune requête dans le champ n'est jugée (aucune "
                           "ligne de score positif pour une requête dans le champ).")
    evalset.check()
    return evalset


def export_beir(evalset: EvalSet, root: Path, split: str = "test") -> Path:
    """Write ``evalset`` as a BEIR folder; span sets keep their quotes in metadata."""
    root = Path(root)
    write_jsonl(root / "corpus.jsonl", [
        {"_id": d.doc_id, "title": d.meta.title, "text": d.text} for d in evalset.documents])
    rows = []
    for q in evalset.queries:
        meta = {k: v for k, v in q.meta.items() if k not in ("file", "line")}
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
