"""Several configurations on one data set, with paired significance tests.

Every configuration runs through :func:`eval.runner.run_eval` (the real index build
and ``Retriever.search()``); only its settings differ. Configurations that share
chunking share one index. Each is compared with the first (the reference) on
nDCG@10 and R@5, query by query.

>>> import tempfile
>>> from eval.gold import load_gold
>>> from indexer.embed import HashEmbedder
>>> gold = load_gold()
>>> gold.queries = gold.in_scope()[:6]
>>> tmp = tempfile.mkdtemp()
>>> results, pairs = compare(gold, Settings(chunk_tokens=60, data_dir=tmp), tmp,
...                          {"hybride": {}, "bm25": {"retrieval": "bm25"}}, HashEmbedder(),
...                          progress=False)
>>> [r.config for r in results], [p["measure"] for p in pairs]
(['hybride', 'bm25'], ['nDCG@10', 'R@5'])
>>> results[1].cost["shared_with"]  # same chunking: bm25 searched the index hybride built
'hybride'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.data import EvalSet
from eval.runner import RunResult, eval_settings, run_eval
from eval.stats import paired
from indexer.embed import Embedder
from indexer.embed_model import make_embedder
from indexer.settings import Settings

TESTED = ("nDCG@10", "R@5")


def compare(evalset: EvalSet, base: Settings, work: Path | str,
            configs: dict[str, dict[str, Any]], embedder: Embedder | None = None, *,
            answers: bool = False, progress: bool = True
            ) -> tuple[list[RunResult], list[dict[str, Any]]]:
    """Run each configuration; answers (abstention, citations) for the reference only."""
    results: list[RunResult] = []
    for i, (name, overrides) in enumerate(configs.items()):
        settings = eval_settings(base, work, evalset.name, overrides)
        own = embedder
        if own is None or ("model" in overrides and overrides["model"] != base.model):
            own = make_embedder(settings, progress=progress)
            embedder = embedder or own
        results.append(run_eval(evalset, settings, own, config=name,
                                answers=answers and i == 0, progress=progress))
    built: dict[str, RunResult] = {}  # index -> the result that built it in this comparison
    for r in results:
        if not r.cost["reused"]:
            built.setdefault(r.cost["index"], r)
        elif r.cost["index"] in built:  # that build, as its configuration timed it
            b = built[r.cost["index"]]
            r.cost.update(shared_with=b.config, build_s=b.cost["build_s"])
    return results, pairs(results)


def pairs(results: list[RunResult]) -> list[dict[str, Any]]:
    """Each result against the first, on ``TESTED`` measures."""
    if not results:
        return []
    ref = results[0]
    out = []
    for r in results[1:]:
        for m in TESTED:
            a = {q: s[m] for q, s in r.per_query.items()}
            b = {q: s[m] for q, s in ref.per_query.items()}
            out.append({"config": r.config, "reference": ref.config, "measure": m,
                        **paired(a, b)})
    return out
