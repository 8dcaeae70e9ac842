"""Experiment (not the default): a learned fusion (LambdaMART) in place of linear fusion.

The candidates and signals are those of ``search()`` (``Retriever.candidates`` and
``Retriever.signals``) on the PIAF index of ``benchmarks/piaf.py``. Each candidate gets
12 features: cosine, BM25 and coverage per unit of the query's idf, each also minus its
best value for the question, the dense and BM25 ranks (log), the query's term count,
the passage's length (log), the share of the query's terms in the document title, and
raw BM25. A LightGBM ranker is trained on PIAF **train**, compared on **dev**, and the
disjoint **test** split is scored too; three seeds show how much of a gap is noise.
Rankings are folded to documents as in ``benchmarks/piaf.py``.

The linear default was chosen on three dev sets (``benchmarks/dev_tuning.py``), so the
rankers are also run on the other two, the pact gold set's dev questions and fiches dev,
through ``eval.runner.run_eval`` with ``Retriever.search`` swapped for the ranker's
(candidates, features and dedupe as above; no filters) for the length of those runs.

LightGBM is not a dependency of pacte: ``pip install lightgbm`` first.

    python -m benchmarks.learned_fusion   # → benchmarks/results/learned-fusion.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from benchmarks.dev_tuning import NPM
from benchmarks.piaf import RESULTS, settings_for
from eval.fiches import fiches_set, install
from eval.gold import load_gold
from eval.metrics import fold_to_documents, ndcg_at
from eval.piaf import DEFAULT_PATH, Question, load_piaf, split, train_split
from eval.runner import eval_settings, run_eval
from indexer.build import build_from_documents
from indexer.fusion import linear_fusion
from indexer.results import Filters, SearchResult
from indexer.search import Retriever
from indexer.settings import Settings

SEEDS = (1, 2, 3)


def features(r: Retriever, q: str, titles: list[set[str]], lengths: np.ndarray
             ) -> tuple[list[int], np.ndarray]:
    """The candidate rows of ``q`` and their feature matrix."""
    qv, bm25 = r.query_vector(q), r.lexical.scores(q)
    dense, lexical = r.candidates(q, None, qv, bm25)
    cos, per_idf, cov = r.signals(q, qv, dense, lexical, bm25)
    drank = {row: i for i, (row, _) in enumerate(dense)}
    lrank = {row: i for i, (row, _) in enumerate(lexical)}
    rows = list(cos)
    terms = r.lexical.analyzer(q)
    c, b, v = (np.array([m[x] for x in rows]) for m in (cos, per_idf, cov))
    return rows, np.stack([
        c, b, v, c - c.max(), b - b.max(), v - v.max(),
        np.log1p([drank.get(x, 200) for x in rows]), np.log1p([lrank.get(x, 200) for x in rows]),
        np.full(len(rows), len(terms)), np.log(lengths[rows]),
        [len(set(terms) & titles[x]) / max(1, len(set(terms))) for x in rows],
        bm25[rows]], axis=1)


def linear_scores(x: np.ndarray, s: Settings) -> np.ndarray:
    """The default's scores of the rows of ``x``: ``search()``'s own ``linear_fusion`` of
    the first three features (cosine, BM25 and coverage per unit of idf)."""
    cosine, bm25, coverage = (dict(enumerate(x[:, i].tolist())) for i in range(3))
    fused = linear_fusion(cosine, bm25, coverage, s.bm25_weight, s.coverage_weight, s.bm25_cap)
    return np.array(list(fused.values()))


def ndcg10(scores: np.ndarray, rows: list[list[int]], doc_of: list[str],
           qs: list[Question]) -> float:
    """Mean nDCG@10 over documents (max passage), one relevant document per question."""
    out, i = [], 0
    for rs, q in zip(rows, qs, strict=True):
        s = scores[i:i + len(rs)]
        i += len(rs)
        docs = fold_to_documents([doc_of[rs[j]] for j in np.argsort(-s, kind="stable")])
        out.append(ndcg_at(docs, {q.doc_id}, 10))
    return float(np.mean(out))


def side_features(r: Retriever) -> tuple[list[set[str]], np.ndarray]:
    """Per passage: its document title's terms and its length (at least 1)."""
    doc_of = [c["doc_id"] for c in r.chunks]
    titles = [set(r.lexical.analyzer(r.documents[d]["title"])) for d in doc_of]
    return titles, np.array([max(1, len(c["text"])) for c in r.chunks], dtype=np.float64)


@contextmanager
def ranked_by(predict: Callable[[np.ndarray], np.ndarray]) -> Iterator[None]:
    """``Retriever.search`` ranks ``search()``'s own candidates with ``predict`` meanwhile."""
    linear, side = Retriever.search, {}

    def search(self: Retriever, query: str, k: int = 5, filters: Filters | None = None
               ) -> list[SearchResult]:
        assert filters is None or filters.is_empty()
        if id(self) not in side:
            side[id(self)] = side_features(self)
        rows, x = features(self, " ".join(query.split()), *side[id(self)])
        ranked = sorted(zip(rows, predict(x).tolist(), strict=True), key=lambda rs: (-rs[1], rs[0]))
        return [self.result(row, score) for row, score in self._dedupe(ranked, k)]

    Retriever.search = search  # type: ignore[method-assign]
    try:
        yield
    finally:
        Retriever.search = linear  # type: ignore[method-assign]


def other_dev_sets(models: dict[str, Any]) -> dict[str, dict[str, float]]:
    """nDCG@10 of the linear default and of each ranker on pact dev and fiches dev."""
    sets = {"pacte-dev": load_gold(split="dev"), "fiches-dev": fiches_set(install(NPM),
                                                                          split="dev")}
    base = Settings()
    out: dict[str, dict[str, float]] = {}
    for name, predict in {"linear (default)": None, **models}.items():
        out[name] = {}
        for set_name, evalset in sets.items():
            s = eval_settings(base, Path("benchmarks/out/learned-fusion"), set_name)
            if predict is None:
                r = run_eval(evalset, s, answers=False, progress=False)
            else:
                with ranked_by(predict):
                    r = run_eval(evalset, s, answers=False, progress=False)
            out[name][set_name] = round(r.scores["nDCG@10"], 4)
    return out


def main() -> None:
    try:
        import lightgbm as lgb
    except ImportError:
        sys.exit("Cette expérience demande LightGBM : pip install lightgbm")
    settings = settings_for(Path("benchmarks/out/piaf"))
    docs, questions = load_piaf(DEFAULT_PATH)
    build_from_documents(docs, settings)
    r = Retriever.load(settings)
    doc_of = [c["doc_id"] for c in r.chunks]
    titles, lengths = side_features(r)
    dev, test = split(questions)
    data: dict[str, Any] = {}
    for name, qs in (("train", train_split(questions)), ("dev", dev), ("test", test)):
        feats = [features(r, q.text, titles, lengths) for q in tqdm(qs, desc=name)]
        x = np.concatenate([f for _, f in feats])
        y = np.concatenate([[doc_of[row] == q.doc_id for row in rows]
                            for (rows, _), q in zip(feats, qs, strict=True)]).astype(int)
        data[name] = (x, y, [rows for rows, _ in feats], qs)
    s = settings
    result: dict[str, Any] = {"features": 12, "candidates": s.candidates, "scores": {}}
    linear = {n: ndcg10(linear_scores(x, s), rows, doc_of, qs)
              for n, (x, _, rows, qs) in data.items()}
    result["scores"]["linear (default)"] = linear
    x_tr, y_tr, rows_tr, _ = data["train"]
    predictors = {}
    for seed in SEEDS:
        model = lgb.LGBMRanker(objective="lambdarank", n_estimators=300, learning_rate=0.05,
                               num_leaves=31, min_child_samples=50, subsample=0.8,
                               subsample_freq=1, colsample_bytree=0.8, random_state=seed,
                               lambdarank_truncation_level=20, verbose=-1)
        model.fit(x_tr, y_tr, group=[len(rs) for rs in rows_tr])
        result["scores"][f"lambdarank seed {seed}"] = {
            n: ndcg10(model.predict(x), rows, doc_of, qs)
            for n, (x, _, rows, qs) in data.items() if n != "train"}
        predictors[f"lambdarank seed {seed}"] = model.predict
    result["other dev sets, nDCG@10"] = other_dev_sets(predictors)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "learned-fusion.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
