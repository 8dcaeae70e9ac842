"""Evaluation data sets: queries, relevance, documents, and careful JSONL reading.

An :class:`EvalSet` is what ``pacte eval run`` needs: the documents to index, the
queries, and the relevance judgements. Judgements are either **document-level qrels**
(BEIR, PIAF, fiches: ``{qid: {doc_id: grade}}``, chunks folded to documents) or
**text spans** (the pact gold set: a chunk is relevant when it contains a span; see
:mod:`eval.spans`). Bad input is reported with its file and line, never skipped.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "q.jsonl"
>>> _ = p.write_text('{"_id": "q1", "text": "logement"}\\n\\n{oops\\n', encoding="utf-8")
>>> try:
...     read_jsonl(p)
... except DatasetError as e:
...     print(str(e).split(" : ")[0].endswith("q.jsonl:3"))
True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from indexer.errors import PacteError
from indexer.types import Document

Level = Literal["document", "passage"]
Qrels = dict[str, dict[str, int]]  # qid -> {doc or chunk id -> grade}


class DatasetError(PacteError):
    """A data set that cannot be used as it is; the message names the file and line."""


def where(path: Path | str, line: int | None = None) -> str:
    """``"file:line"`` for messages."""
    return f"{path}:{line}" if line is not None else str(path)


@dataclass
class Query:
    qid: str
    text: str
    in_scope: bool = True
    spans: list[str] = field(default_factory=list)  # exact quotes (span-anchored sets)
    meta: dict[str, Any] = field(default_factory=dict)  # type, section, language…


@dataclass
class EvalSet:
    """Documents + queries + judgements, ready for :func:`eval.runner.run_eval`."""

    name: str
    documents: list[Document]
    queries: list[Query]
    level: Level = "document"
    qrels: Qrels = field(default_factory=dict)  # document level; empty for span sets
    source: str = ""

    def in_scope(self) -> list[Query]:
        return [q for q in self.queries if q.in_scope]

    def out_of_scope(self) -> list[Query]:
        return [q for q in self.queries if not q.in_scope]

    def check(self) -> None:
        """Refuse an empty query set, or qrels naming unknown queries or documents."""
        if not self.queries:
            raise DatasetError(f"{self.source or self.name} : aucune requête à évaluer.")
        if not self.documents:
            raise DatasetError(f"{self.source or self.name} : aucun document à indexer.")
        if self.level == "document":
            qids = {q.qid for q in self.queries}
            docs = {d.doc_id for d in self.documents}
            for qid, judged in self.qrels.items():
                if qid not in qids:
                    raise DatasetError(f"{self.source} : qrels pour une requête inconnue {qid!r}.")
                unknown = sorted(set(judged) - docs)
                if unknown:
                    raise DatasetError(f"{self.source} : qrels de {qid!r} nommant des documents "
                                       f"inconnus : {', '.join(unknown[:5])}.")
            if not any(any(g > 0 for g in self.qrels.get(q.qid, {}).values())
                       for q in self.queries):
                raise DatasetError(f"{self.source or self.name} : aucune requête n'a de "
                                   "document pertinent.")


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; a bad line raises with file:line."""
    if not path.exists():
        raise DatasetError(f"{path} : fichier introuvable.")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{where(path, n)} : JSON invalide ({exc.msg}).") from None
            if not isinstance(row, dict):
                raise DatasetError(f"{where(path, n)} : un objet JSON est attendu.")
            yield n, row


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [row for _, row in iter_jsonl(path)]


def require(row: dict[str, Any], key: str, path: Path, line: int, kind: type = str) -> Any:
    """``row[key]``, checked: present, of type ``kind`` and, for strings, not blank."""
    value = row.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise DatasetError(f"{where(path, line)} : champ {key!r} manquant ou invalide.")
    return value


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
