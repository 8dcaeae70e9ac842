"""Abstention and citations, through the answerer that serves the API's ``/ask``.

The API composes answers with ``api.answer.ExtractiveAnswerer`` on top of the same
``Retriever``; the eval calls that very object. It abstains when ``grounded`` is
false. When the API package is missing or incompatible, only retrieval is evaluated
and the report says why (:func:`load_answerer` returns ``None`` and a reason).

* Abstention: the positive class is "abstain"; precision is the share of
  abstentions that were out-of-scope questions, recall the share of out-of-scope
  questions on which it abstained.
* Citations: the share of citations (of in-scope, answered questions) whose quote
  overlaps a relevant span of the same document (:func:`eval.spans.locate`).

>>> abstention_scores({"h1": True, "h2": False, "p1": True, "p2": False}, {"h1", "h2"})
{'precision': 0.5, 'recall': 0.5, 'abstained_in_scope': 1, 'out_of_scope': 2, 'in_scope': 2}
>>> abstention_scores({"p1": False}, set())["recall"] is None
True

The questions behind those figures, for an evaluator to read:

>>> check = AnswerCheck(abstained={"h1": False, "p1": True, "p2": False},
...                     confidence={"h1": 0.93, "p1": 0.871, "p2": 0.95})
>>> qs = [Query("h1", "Lyon ?", in_scope=False), Query("p1", "Qui a signé ?"), Query("p2", "?")]
>>> errors = abstention_errors(check, qs)
>>> errors["wrong"]
[{'qid': 'p1', 'question': 'Qui a signé ?', 'confidence': 0.871}]
>>> errors["missed"]
[{'qid': 'h1', 'question': 'Lyon ?', 'confidence': 0.93}]
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from eval.data import Query
from eval.spans import locate
from indexer.search import Retriever
from indexer.settings import Settings


@dataclass
class AnswerCheck:
    """What the answerer did on each question."""

    abstained: dict[str, bool] = field(default_factory=dict)
    citations: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)


def load_answerer(retriever: Retriever, settings: Settings) -> tuple[Any | None, str]:
    """``(answerer, "")`` or ``(None, reason)`` when ``api.answer`` cannot be used."""
    try:
        from api.answer import ExtractiveAnswerer
        from api.qcache import QueryCache
    except Exception as exc:  # the API is optional for the eval: say why, do not fail
        return None, f"api.answer indisponible ({type(exc).__name__} : {exc})"
    # As in the API: one encoding per question, shared by search, sentence scores and
    # confidence (a copy of the retriever, so the eval's own searches stay uncached).
    cached = copy.copy(retriever)
    cached.embedder = QueryCache(retriever.embedder)
    try:
        answerer = ExtractiveAnswerer.from_retriever(cached, settings)
    except Exception as exc:
        return None, f"api.answer incompatible ({type(exc).__name__} : {exc})"
    return answerer, ""


def run_answers(answer: Callable[[str], Any], queries: Sequence[Query],
                progress: bool = True) -> AnswerCheck:
    """Ask every question; record abstention and citation offsets."""
    check = AnswerCheck()
    for q in tqdm(queries, desc="Réponses (/ask)", unit="question", disable=not progress):
        t0 = time.perf_counter()
        a = answer(q.text)
        check.latencies_ms.append((time.perf_counter() - t0) * 1000)
        check.abstained[q.qid] = not bool(a.grounded)
        check.confidence[q.qid] = float(getattr(a, "confidence", 0.0))
        check.citations[q.qid] = [(c.result.doc_id, int(c.start), int(c.end))
                                  for c in a.citations]
    return check


def abstention_scores(abstained: Mapping[str, bool], out_of_scope: set[str]) -> dict[str, Any]:
    did = {q for q, a in abstained.items() if a}
    hits = len(did & out_of_scope)
    # Undefined (None, shown "—") rather than a perfect 1.000: no abstention, or no
    # out-of-scope question to abstain on.
    return {"precision": hits / len(did) if did else None,
            "recall": hits / len(out_of_scope) if out_of_scope else None,
            "abstained_in_scope": len(did - out_of_scope), "out_of_scope": len(out_of_scope),
            "in_scope": len(abstained) - len(out_of_scope & set(abstained))}


def abstention_errors(check: AnswerCheck, queries: Sequence[Query]
                      ) -> dict[str, list[dict[str, Any]]]:
    """The in-scope questions it abstained on (``wrong``) and the out-of-scope ones it
    answered (``missed``), in the order of ``queries``, each with its confidence."""
    out: dict[str, list[dict[str, Any]]] = {"wrong": [], "missed": []}
    for q in queries:
        if q.qid in check.abstained and check.abstained[q.qid] == q.in_scope:
            out["wrong" if q.in_scope else "missed"].append(
                {"qid": q.qid, "question": q.text,
                 "confidence": round(check.confidence.get(q.qid, 0.0), 3)})
    return out


def citation_scores(check: AnswerCheck, queries: Sequence[Query],
                    documents: Mapping[str, str]) -> dict[str, Any]:
    """Share of citations overlapping a relevant span, over in-scope answered questions."""
    total = good = 0
    per_query: dict[str, float] = {}
    for q in queries:
        cites = check.citations.get(q.qid, [])
        if not q.in_scope or not q.spans or not cites:
            continue
        ranges = {(doc, a, b) for doc, text in documents.items() for s in q.spans
                  for a, b in locate(s, text)}
        ok = sum(any(doc == d and start < b and a < end for d, a, b in ranges)
                 for doc, start, end in cites)
        per_query[q.qid] = ok / len(cites)
        total, good = total + len(cites), good + ok
    return {"accuracy": good / total if total else None, "citations": total,
            "questions": len(per_query), "per_query": per_query}
