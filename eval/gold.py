"""The hand-written gold set of the bundled pact corpus (``eval/datasets/pacte/``).

Each line of ``questions.jsonl`` (and of ``dev.jsonl``, the questions kept for tuning)
is a question with its type (``factuelle``,
``liste``, ``paraphrase``, ``sans-accents``, ``anglais`` or ``hors-champ``), the
section it comes from, and the exact quotes that answer it. Out-of-scope questions
(``"in_scope": false``) have no quote: the assistant should abstain on them.

>>> gold = load_gold()
>>> len(gold.in_scope()) >= 60, len(gold.out_of_scope()) >= 15, gold.level
(True, True, 'passage')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eval.data import DatasetError, EvalSet, Query, identifier, iter_jsonl, once, require, where
from indexer.build import load_documents

GOLD_DIR = Path(__file__).parent / "datasets" / "pacte"
QUESTIONS = GOLD_DIR / "questions.jsonl"  # test: what the reports give
DEV_QUESTIONS = GOLD_DIR / "dev.jsonl"  # other questions, for tuning
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TYPES = {"factuelle", "liste", "paraphrase", "sans-accents", "anglais", "hors-champ"}


def read_span_queries(path: Path) -> list[Query]:
    """Questions with quotes, checked line by line (ids unique, quotes non-blank texts).

    Set-level rules (quotes for every in-scope question, none for the others, each
    found in the corpus) are :meth:`EvalSet.check`'s, which :func:`load_span_set` calls.
    """
    queries: list[Query] = []
    seen: dict[str, int] = {}
    for n, row in iter_jsonl(path):
        qid = identifier(row, "id", path, n)
        once(seen, qid, path, n, f"identifiant {qid!r} déjà utilisé")
        text = require(row, "question", path, n)
        in_scope = row.get("in_scope", True)
        spans = row.get("spans", [])
        if not isinstance(in_scope, bool) or not isinstance(spans, list) or not all(
                isinstance(s, str) and s.strip() for s in spans):
            raise DatasetError(f"{where(path, n)} : « in_scope » ou « spans » invalide.")
        kind = row.get("type", "")
        if kind and kind not in TYPES:
            raise DatasetError(f"{where(path, n)} : type {kind!r} inconnu "
                               f"({', '.join(sorted(TYPES))}).")
        queries.append(Query(qid, text, in_scope, list(spans),
                             {"type": kind, "section": row.get("section", ""), "file": str(path),
                              "line": n}))
    if not queries:
        raise DatasetError(f"{path} : aucune question.")
    return queries


def load_span_set(name: str, questions: Path, corpus: Sequence[Path]) -> EvalSet:
    """A span-anchored set: questions from ``questions``, documents read from ``corpus``."""
    docs, _skipped = load_documents(list(corpus), progress=False)
    if not docs:
        raise DatasetError(f"{', '.join(map(str, corpus))} : aucun document lisible.")
    evalset = EvalSet(name, docs, read_span_queries(questions), level="passage",
                      source=str(questions))
    evalset.check()  # quotes for in-scope questions only, each found in the corpus
    return evalset


def load_gold(corpus: Path = CORPUS, split: str = "test") -> EvalSet:
    """The gold set (``test``, the reported figures) or its ``dev`` split (tuning)."""
    if split == "dev":
        return load_span_set("pacte-dev", DEV_QUESTIONS, [corpus])
    return load_span_set("pacte", QUESTIONS, [corpus])


def describe(evalset: EvalSet) -> dict[str, int]:
    """Questions per type, for the report."""
    return dict(sorted(Counter(q.meta.get("type", "") or "?" for q in evalset.queries).items()))
