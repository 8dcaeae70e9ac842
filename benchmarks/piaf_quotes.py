"""The answerer's quotes on PIAF: does the first quote hold the answer the question asks?

PIAF marks, for each question, the span of its paragraph that answers it (SQuAD
``answer_start``). Each question goes through the answerer as ``/ask`` runs it (abstention
off: the quotes are measured), on the PIAF index of ``benchmarks/piaf.py``; a quote is
right when it lies in the question's paragraph and contains the answer span. Reported:
``first`` (the first quote is right), ``any`` (one of the quotes is), ``read`` (the paragraph
is among the passages read, the ceiling of both), ``quotes`` (quotes per answer), overall and
per kind of question (``combien``, ``quand``, ``où``, ``qui``, ``autre``).

``tune`` tries values of one setting of the quotes on a fixed sample of PIAF's **train**
split and on the gold set's **dev** questions (``first_right`` as in
``benchmarks/bench_citations.py``), keeps the best mean of the two, and checks it on PIAF
**dev**: ``answer_document_prior`` (how much a document's search score counts,
``api.quotes.by_document``) or ``answer_context_weight`` (the question's words in the
sentence before, ``api.quotes.in_context``). ``report`` gives the default settings on
**test**, and the same with each of the two at 0.

    python -m benchmarks.piaf_quotes tune     # → benchmarks/results/piaf-quotes-tuning.json
    python -m benchmarks.piaf_quotes tune --param context_weight
                                              # → piaf-quotes-tuning-context_weight.json
    python -m benchmarks.piaf_quotes report   # → benchmarks/results/piaf-quotes-test.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from api.answer import Answer, ExtractiveAnswerer
from benchmarks.bench_citations import always_answering, first_right, gold_dev
from eval.answering import citation_scores, run_answers
from eval.data import DatasetError, Query
from eval.piaf import DEFAULT_PATH, SEED, Question, load_piaf, split, train_split
from eval.stats import paired
from indexer.build import build_from_documents
from indexer.search import Retriever
from indexer.settings import Settings

RESULTS = Path(__file__).parent / "results"
TRAIN_SAMPLE = 1000
# The answerer attributes tune chooses (settings answer_…), and the values it tries.
GRIDS = {"document_prior": (0.0, 0.5, 1.0, 2.0, 3.0, 5.0),
         "context_weight": (0.0, 0.1, 0.2, 0.25, 0.3, 0.35)}
KINDS = (("combien", r"\bcombien\b"), ("quand", r"\bquand\b|\ben quelle année\b"),
         ("où", r"\boù\b|\bd'où\b"), ("qui", r"^\s*(?:par |avec |pour |à |de )?qui\b"))


def kind(question: str) -> str:
    """The kind of question, by its interrogative word.

    >>> kind("Combien de personnes ?"), kind("Où est né Zola ?"), kind("Qui a écrit Nana ?")
    ('combien', 'où', 'qui')
    >>> kind("Quel livre a-t-il écrit ?")
    'autre'
    """
    low = question.lower()
    return next((name for name, pattern in KINDS if re.search(pattern, low)), "autre")


def judge(answer: Answer, doc_id: str, spans: Sequence[tuple[int, int]]) -> dict[str, float]:
    """``first`` / ``any`` quote holds an answer span; ``read``: its paragraph was read.

    >>> from api.quotes import Citation
    >>> from indexer.search import SearchResult
    >>> r = SearchResult("d:1", "d", "T", "", "", 1.0, 0, 90, None, "", "text", "")
    >>> a = Answer("", [Citation(1, r, "", 0, 20), Citation(2, r, "", 30, 60)], True, 1.0,
    ...            "fr", "plain", passages=[r])
    >>> judge(a, "d", [(35, 40)])
    {'first': 0.0, 'any': 1.0, 'read': 1.0, 'quotes': 2.0}
    """
    right = [c.result.doc_id == doc_id and any(c.start <= s and e <= c.end for s, e in spans)
             for c in answer.citations]
    return {"first": float(right[:1] == [True]), "any": float(any(right)),
            "read": float(any(r.doc_id == doc_id for r in answer.passages)),
            "quotes": float(len(answer.citations))}


def judged(ask: Callable[[str], Answer], questions: list[Question],
           desc: str) -> dict[str, dict[str, float]]:
    """:func:`judge` of each question's answer, by question id."""
    return {q.qid: judge(ask(q.text), q.doc_id, q.answers)
            for q in tqdm(questions, desc=desc, leave=False)}


def summary(rows: dict[str, dict[str, float]], questions: list[Question]) -> dict[str, Any]:
    """Mean of each figure of ``rows``, overall and per :func:`kind`."""
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    for q in questions:
        groups["toutes"].append(rows[q.qid])
        groups[kind(q.text)].append(rows[q.qid])
    return {g: {"questions": len(rs),
                **{m: round(sum(r[m] for r in rs) / len(rs), 4) for m in rs[0]}}
            for g, rs in sorted(groups.items())}


def measure(ask: Callable[[str], Answer], questions: list[Question],
            desc: str) -> dict[str, Any]:
    """:func:`summary` of the answers to ``questions``."""
    return summary(judged(ask, questions, desc), questions)


def answerer_for(out: Path, piaf: Path) -> tuple[ExtractiveAnswerer, list[Question]]:
    """The answerer on the PIAF index (built, or brought up to date), abstention off, and
    the questions."""
    try:
        docs, questions = load_piaf(piaf)
    except DatasetError as e:
        sys.exit(str(e))
    settings = Settings(data_dir=out)
    build_from_documents(docs, settings)
    return always_answering(Retriever.load(settings), settings), questions


def gold_quotes(answerer: ExtractiveAnswerer, queries: list[Query], docs: dict[str, str]
                ) -> dict[str, float]:
    """Share of quotes inside a relevant span, and of answers whose first quote is."""
    check = run_answers(answerer.answer, queries, progress=False)
    return {"questions": len(queries),
            "accuracy": round(citation_scores(check, queries, docs)["accuracy"], 4),
            "first_right": round(first_right(check, queries, docs), 4)}


def tune(answerer: ExtractiveAnswerer, questions: list[Question], dev: list[Question],
         param: str) -> dict[str, Any]:
    """``param`` over its grid on the train sample and the gold dev questions; the best mean
    of the two (then the smallest value), checked on PIAF dev against 0."""
    train = random.Random(SEED).sample(train_split(questions), TRAIN_SAMPLE)
    pact, pact_dev, docs = gold_dev()  # as benchmarks/bench_citations.py reads it
    grid: dict[str, Any] = {}
    for value in GRIDS[param]:
        setattr(answerer, param, value)
        setattr(pact, param, value)
        grid[str(value)] = {"piaf_train": measure(answerer.answer, train, f"train {value}"),
                            "pact_dev": gold_quotes(pact, pact_dev, docs)}
        print(value, json.dumps(grid[str(value)]["piaf_train"]["toutes"]),
              grid[str(value)]["pact_dev"], flush=True)

    def mean(v: str) -> float:
        return (grid[v]["piaf_train"]["toutes"]["first"] + grid[v]["pact_dev"]["first_right"]) / 2

    best = max(grid, key=lambda v: (round(mean(v), 4), -float(v)))
    checks = {}
    for key, value in (("piaf_dev_at_best", float(best)), ("piaf_dev_at_0", 0.0)):
        setattr(answerer, param, value)
        checks[key] = measure(answerer.answer, dev, f"dev {value}")
    return {"split": f"PIAF train (sample of {TRAIN_SAMPLE}), gold dev; PIAF dev: check",
            "seed": SEED, "parameter": f"answer_{param}",
            "others": {p: getattr(answerer, p) for p in GRIDS if p != param}, "grid": grid,
            "choice": "best mean of PIAF train first and gold dev first_right, then the "
                      "smallest", "best": float(best), **checks}


def report(answerer: ExtractiveAnswerer, test: list[Question]) -> dict[str, Any]:
    """The default settings on test, and the same with each quote re-ranking off."""
    rows = judged(answerer.answer, test, "test")
    result: dict[str, Any] = {"split": "test", "seed": SEED,
                              **{p: getattr(answerer, p) for p in GRIDS},
                              "test": summary(rows, test), "without": {}, "first_paired": {}}
    for param in GRIDS:
        value = getattr(answerer, param)
        setattr(answerer, param, 0.0)
        without = judged(answerer.answer, test, f"test, {param} 0")
        setattr(answerer, param, value)
        first, first0 = ({qid: r["first"] for qid, r in x.items()} for x in (rows, without))
        result["without"][param] = summary(without, test)
        # paired over the questions: t-test and randomisation p-values
        result["first_paired"][param] = {k: round(v, 4) if isinstance(v, float) else v
                                         for k, v in paired(first, first0).items()}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["tune", "report"])
    ap.add_argument("--param", choices=sorted(GRIDS), default="document_prior",
                    help="the setting `tune` chooses (answer_…)")
    ap.add_argument("--piaf", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out/piaf-sent"))
    args = ap.parse_args()
    answerer, questions = answerer_for(args.out, args.piaf)
    dev, test = split(questions)
    if args.mode == "report":
        result, name = report(answerer, test), "piaf-quotes-test.json"
    else:
        result = tune(answerer, questions, dev, args.param)
        name = ("piaf-quotes-tuning.json" if args.param == "document_prior"
                else f"piaf-quotes-tuning-{args.param}.json")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
