"""Evaluation data sets: queries, relevance, documents, and careful JSONL reading.

An :class:`EvalSet` is what ``pacte eval run`` needs: the documents to index, the
queries, and the relevance judgements. Judgements are either **document-level qrels**
(BEIR, PIAF, fiches: ``{qid: {doc_id: grade}}``, chunks folded to documents) or
**text spans** (the pact gold set: a chunk is relevant when it contains a span; see
:mod:`eval.spans`). Bad input is reported with its file and line, never skipped: files
are read as UTF-8 (a leading BOM is allowed), blank lines are skipped, identifiers may
not contain blanks (TREC files separate their columns with blanks).

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

import codecs
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eval.spans import unmatched
from indexer.errors import PacteError, os_reason
from indexer.types import Document

log = logging.getLogger("pacte.eval")
Level = Literal["document", "passage"]
Qrels = dict[str, dict[str, int]]  # qid -> {doc or chunk id -> grade}
_BLANK = re.compile(r"\s")


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
    notes: list[str] = field(default_factory=list)  # what loading left out, said in the report

    def in_scope(self) -> list[Query]:
        return [q for q in self.queries if q.in_scope]

    def out_of_scope(self) -> list[Query]:
        return [q for q in self.queries if not q.in_scope]

    def origin(self, q: Query) -> str:
        """``file:line`` where ``q`` was read (its ``meta``), else the set's source."""
        return where(q.meta.get("file") or self.source or self.name, q.meta.get("line"))

    def judged(self) -> list[Query]:
        """In-scope queries with a judgement: quotes, or a relevant document."""
        if self.level == "passage":
            return [q for q in self.in_scope() if q.spans]
        return [q for q in self.in_scope()
                if any(g > 0 for g in self.qrels.get(q.qid, {}).values())]

    def check(self) -> None:
        """Refuse what cannot be measured as it is (see the messages); quotes are looked up."""
        src = self.source or self.name
        if not self.queries:
            raise DatasetError(f"{src} : aucune requête à évaluer.")
        if not self.documents:
            raise DatasetError(f"{src} : aucun document à indexer.")
        for q in self.queries:
            if has_blank(q.qid):
                raise DatasetError(f"{self.origin(q)} : {blank_id(q.qid)}")
        for d in self.documents:
            if has_blank(d.doc_id):
                raise DatasetError(f"{src} : {blank_id(d.doc_id)}")
        if self.level == "passage":
            self._check_spans()
        else:
            self._check_qrels(src)
        if not self.judged():
            raise DatasetError(f"{src} : aucune requête dans le champ n'est jugée "
                               f"({len(self.in_scope())} dans le champ, "
                               f"{len(self.out_of_scope())} hors champ).")

    def _check_spans(self) -> None:
        for q in self.queries:
            if q.in_scope and not q.spans:
                raise DatasetError(f"{self.origin(q)} : question dans le champ sans citation "
                                   "(un jeu jugé par citations en demande une par question).")
            if not q.in_scope and q.spans:
                raise DatasetError(f"{self.origin(q)} : question hors champ avec des citations "
                                   "(contradiction : retirez l'un ou l'autre).")
        broken = unmatched({q.qid: q.spans for q in self.queries},
                           {d.doc_id: d.text for d in self.documents})
        if broken:
            qid, quote = broken[0]
            q = next(q for q in self.queries if q.qid == qid)
            raise DatasetError(f"{self.origin(q)} : citation introuvable dans le corpus : "
                               f"« {quote} » ({len(broken)} en tout).")

    def _check_qrels(self, src: str) -> None:
        queries = {q.qid: q for q in self.queries}
        docs = {d.doc_id for d in self.documents}
        for qid, judged in self.qrels.items():
            if qid not in queries:
                raise DatasetError(f"{src} : qrels pour une requête inconnue {qid!r}.")
            unknown = sorted(set(judged) - docs)
            if unknown:
                raise DatasetError(f"{src} : qrels de {qid!r} nommant des documents "
                                   f"inconnus : {', '.join(unknown[:5])}.")
            if not queries[qid].in_scope and any(g > 0 for g in judged.values()):
                raise DatasetError(f"{self.origin(queries[qid])} : requête hors champ qui a "
                                   "pourtant un document pertinent (contradiction).")


def has_blank(value: str) -> bool:
    """True for an identifier that contains a blank (space, tab, line break…)."""
    return bool(_BLANK.search(value))


def blank_id(value: str) -> str:
    """The message for an identifier that contains a blank."""
    return (f"identifiant {value!r} contenant un blanc (interdit : les fichiers TREC "
            "séparent leurs colonnes par des blancs).")


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each non-blank line, decoded as UTF-8 (BOM allowed)."""
    if not path.exists():
        raise DatasetError(f"{path} : fichier introuvable.")
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            if n == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DatasetError(f"{where(path, n)} : le fichier n'est pas en UTF-8 (octet "
                                   f"0x{raw[exc.start]:02x}) ; réenregistrez-le en UTF-8."
                                   ) from None
            if line.strip():
                yield n, line


def json_where(exc: json.JSONDecodeError, name: str, line: bool = True) -> str:
    """Where the JSON parser stopped, in French: « ligne 2, colonne 7 » (« colonne 7 »
    without ``line``); its own words, in English, go to the debug log only.

    >>> try:
    ...     json.loads('{"a" 1}')
    ... except json.JSONDecodeError as exc:
    ...     print(json_where(exc, "x.json"), "/", json_where(exc, "x.jsonl:3", line=False))
    ligne 1, colonne 6 / colonne 6
    """
    log.debug("%s : JSON : %s", name, exc)
    return f"ligne {exc.lineno}, colonne {exc.colno}" if line else f"colonne {exc.colno}"


def read_json(path: Path, what: str) -> Any:
    """A whole JSON file; one that cannot be read raises « PATH : WHAT (why). », in French.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "b.json"
    >>> _ = bad.write_text('{"a" 1}', encoding="utf-8")
    >>> try:
    ...     read_json(bad, "référence illisible")
    ... except DatasetError as exc:
    ...     print(str(exc).split(" : ")[1])
    référence illisible (JSON invalide, ligne 1, colonne 6).
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        reason = f"JSON invalide, {json_where(exc, str(path))}"
    except UnicodeDecodeError:
        reason = "le fichier n'est pas en UTF-8"
    except OSError as exc:
        reason = os_reason(exc)
    raise DatasetError(f"{path} : {what} ({reason}).")


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; a bad line raises with file:line
    and the column where the JSON went wrong."""
    for n, line in read_lines(path):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            at = where(path, n)
            raise DatasetError(f"{at} : JSON invalide ({json_where(exc, at, line=False)})."
                               ) from None
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


def identifier(row: dict[str, Any], key: str, path: Path, line: int) -> str:
    """``row[key]`` as an identifier: a non-blank string without blanks."""
    value: str = require(row, key, path, line)
    if has_blank(value):
        raise DatasetError(f"{where(path, line)} : {blank_id(value)}")
    return value


def once(seen: dict[Any, int], key: Any, path: Path, line: int, described: str) -> None:
    """Note that ``key`` is read at ``line`` of ``path``; a second reading is an error that
    names the first line (``described``: what is repeated, with its participle).

    >>> seen: dict[Any, int] = {}
    >>> once(seen, "q1", Path("queries.jsonl"), 2, "requête 'q1' déjà vue")
    >>> once(seen, "q1", Path("queries.jsonl"), 5, "requête 'q1' déjà vue")
    Traceback (most recent call last):
    eval.data.DatasetError: queries.jsonl:5 : requête 'q1' déjà vue ligne 2.
    """
    if key in seen:
        raise DatasetError(f"{where(path, line)} : {described} ligne {seen[key]}.")
    seen[key] = line


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
