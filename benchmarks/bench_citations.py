"""Quotes of the extractive answerer on the gold set's dev questions: the answer-type prior.

For a "combien / how many" question, a sentence that holds a number gets
``number_boost``. This grid answers every in-scope dev question (abstention off: the
quotes are what is measured) and reports, for the quantity questions and for all:
the share of quotes inside a relevant span (``accuracy``) and the share of answers whose
first quote is right (``first_right``). The best quantity accuracy wins (then the other
figures); among tied values, the middle one. The test questions are never read here.

    python -m benchmarks.bench_citations   # → benchmarks/results/citations-dev.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from api.answer import ExtractiveAnswerer
from api.language import asks_quantity
from eval.answering import AnswerCheck, citation_scores, load_answerer, run_answers
from eval.data import Query
from eval.gold import load_gold
from eval.runner import ensure_index, eval_settings
from indexer.embed_model import make_embedder
from indexer.search import Retriever
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"
WORK = Path("benchmarks/out/citations")
GRID = (0.0, 0.1, 0.2, 0.3, 0.4)


def first_right(check: AnswerCheck, queries: list[Query], docs: dict[str, str]) -> float:
    """Share of questions whose first quote lies in a relevant span."""
    firsts = AnswerCheck(citations={q.qid: check.citations[q.qid][:1] for q in queries})
    per_query = citation_scores(firsts, queries, docs)["per_query"]
    return sum(per_query.get(q.qid) == 1.0 for q in queries) / len(queries)


def always_answering(retriever: Retriever, settings: Settings) -> ExtractiveAnswerer:
    """The answerer as the eval builds it (one encoding per question), abstention off."""
    answerer, why = load_answerer(retriever, settings)
    if answerer is None:
        raise SystemExit(why)
    answerer.thresholds = {"fr": float("-inf"), "en": float("-inf")}
    return cast(ExtractiveAnswerer, answerer)


def gold_dev() -> tuple[ExtractiveAnswerer, list[Query], dict[str, str]]:
    """The answerer on the gold set's dev index, abstention off; the in-scope dev
    questions; the documents' texts."""
    dev = load_gold(split="dev")
    base = Settings()
    embedder = make_embedder(base)
    settings, _ = ensure_index(dev, eval_settings(base, WORK, "pacte-dev"), embedder, False)
    retriever = Retriever.load(settings, embedder)
    return always_answering(retriever, settings), dev.in_scope(), dict(retriever.texts)


def main() -> None:
    answerer, in_scope, docs = gold_dev()
    groups = {"quantity": [q for q in in_scope if asks_quantity(q.text)], "all": in_scope}
    grid: dict[str, Any] = {}
    for boost in GRID:
        answerer.number_boost = boost
        row: dict[str, Any] = {}
        for name, queries in groups.items():
            check = run_answers(answerer.answer, queries, progress=False)
            row[name] = {"questions": len(queries),
                         "accuracy": round(citation_scores(check, queries, docs)["accuracy"], 4),
                         "first_right": round(first_right(check, queries, docs), 4)}
        grid[str(boost)] = row
        print(boost, row, flush=True)
    def key(b: str) -> tuple[float, ...]:
        return (grid[b]["quantity"]["accuracy"], grid[b]["quantity"]["first_right"],
                grid[b]["all"]["accuracy"], grid[b]["all"]["first_right"])

    top = max(key(b) for b in grid)
    tied = [b for b in grid if key(b) == top]
    best = tied[(len(tied) - 1) // 2]  # ties: the middle of the tied range, not its edge
    out = {"split": "dev", "parameter": "number_boost", "grid": grid, "best": float(best)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "citations-dev.json").write_text(json.dumps(out, indent=2) + "\n")
    print("best number_boost:", best)


if __name__ == "__main__":
    main()
