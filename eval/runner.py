"""Run one data set through the real pipeline: ``build_from_documents`` → ``Retriever.search``.

Nothing here ranks on its own: every ranking is what ``Retriever.search()`` (the
function the CLI and the API serve) returned, with the configuration given as
ordinary :class:`~indexer.settings.Settings` overrides. Span-anchored sets are judged
per passage (qrels derived from the quotes for this very index, each quote counted
once: :func:`eval.spans.unit_run`); the others per document, chunks folded by max
passage. ``RunResult.run`` and ``RunResult.qrels`` are exactly what was scored (for
span sets: quote units ``qid#1``… in place of the passages that carry them), so
``trec_eval -c`` on the written files gives the report's figures (``-c``: a query
without any result has no line in a run file, and scores 0); ``passages`` keeps the
ranking of passages as ``search()`` returned it and ``units`` which passages carry
each quote.

>>> import tempfile
>>> from eval.gold import load_gold
>>> from indexer.embed import HashEmbedder
>>> gold = load_gold()
>>> gold.queries = gold.queries[:3] + gold.out_of_scope()[:1]
>>> tmp = tempfile.mkdtemp()
>>> s = eval_settings(Settings(data_dir=tmp), tmp, "pacte", {"chunk_tokens": 60})
>>> r = run_eval(gold, s, HashEmbedder(), answers=False, progress=False)
>>> sorted(r.scores), len(r.per_query), r.level
(['MRR@10', 'R@10', 'R@100', 'R@5', 'nDCG@10'], 3, 'passage')
"""

from __future__ import annotations

import hashlib
import json
import resource
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.answering import (
    abstention_errors,
    abstention_scores,
    citation_scores,
    load_answerer,
    run_answers,
)
from eval.data import DatasetError, EvalSet, Qrels
from eval.metrics import Run, evaluate, fold_run, mean_scores, percentile
from eval.notes import run_notes
from eval.spans import span_units, unit_run
from indexer import store
from indexer.build import build_from_documents
from indexer.embed import Embedder
from indexer.embed_cache import EmbeddingCache
from indexer.embed_model import make_embedder
from indexer.index_writer import corpus_hash
from indexer.passages import chunker_settings
from indexer.search import Retriever, timed_search
from indexer.settings import Settings

DEPTH = 100  # results asked of search(): enough for R@100
CURVE = tuple(f"R@{k}" for k in (1, 2, 3, 5, 10, 20, 50, 100))  # the report's R@k curve


@dataclass
class RunResult:
    dataset: str
    config: str
    level: str
    settings: dict[str, Any]
    scores: dict[str, float]
    per_query: dict[str, dict[str, float]]
    run: Run  # what was scored: documents, or quote units and non-relevant passages
    qrels: Qrels  # what it was scored against
    latencies_ms: list[float]
    cost: dict[str, Any]
    abstention: dict[str, Any] | None = None
    citations: dict[str, Any] | None = None
    query_types: dict[str, str] = field(default_factory=dict)
    recall_curve: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    passages: Run = field(default_factory=dict)  # span sets: search()'s passage ranking
    units: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # unit -> passages

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def eval_settings(base: Settings, work: Path | str, dataset: str,
                  overrides: dict[str, Any] | None = None) -> Settings:
    """``base`` plus ``overrides``, indexing into ``work`` and sharing ``base``'s cache."""
    values = {**base.model_dump(), **(overrides or {})}
    values.update(data_dir=Path(work) / dataset, index_dir=None,
                  cache_dir=values.get("cache_dir") or base.cache_path)
    return Settings(**values)


def settings_summary(s: Settings) -> dict[str, Any]:
    return {"retrieval": s.retrieval, "fusion": s.fusion, "bm25_weight": s.bm25_weight,
            "bm25_cap": s.bm25_cap,
            "coverage_weight": s.coverage_weight, "dense_weight": s.dense_weight,
            "dense_weight_en": s.dense_weight_en,
            "rrf_k": s.rrf_k, "candidates": s.candidates, "chunk_tokens": s.chunk_tokens,
            "context_header": s.context_header, "restore_accents": s.restore_accents,
            "sentence_weight": s.sentence_weight, "model": s.model,
            **{k: getattr(s, k) for k in sorted(type(s).model_fields) if k.startswith("answer_")}}


def _indexer_code() -> str:
    """Digest of the indexer's source: an index built by other code is never reused."""
    h = hashlib.sha256()
    for path in sorted(Path(store.__file__).parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def ensure_index(evalset: EvalSet, settings: Settings, embedder: Embedder,
                 progress: bool) -> tuple[Settings, dict[str, Any]]:
    """Build (or reuse, when corpus, chunking, model, sentence vectors and indexer code
    match) the index."""
    key = hashlib.sha256(json.dumps([corpus_hash(evalset.documents), chunker_settings(settings),
                                     embedder.name, _indexer_code(),
                                     settings.sentence_weight > 0], sort_keys=True).encode()
                         ).hexdigest()[:12]
    settings = settings.model_copy(update={"index_dir": settings.data_dir / f"index-{key}"})
    manifest = settings.index_path / store.MANIFEST
    if manifest.exists():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        return settings, {"build_s": info.get("build_seconds"), "reused": True,
                          "index": key,
                          "documents": info["corpus"]["documents"],
                          "chunks": info["corpus"]["chunks"], "new_vectors": 0}
    cache = EmbeddingCache(settings.cache_path / "embeddings.sqlite")
    before = len(cache)
    report = build_from_documents(evalset.documents, settings, embedder, progress)
    new = len(cache) - before
    cache.close()
    return settings, {"build_s": round(report.seconds, 3), "reused": False, "index": key,
                      "documents": report.documents, "chunks": report.chunks, "new_vectors": new}


def run_eval(evalset: EvalSet, settings: Settings, embedder: Embedder | None = None, *,
             config: str = "défaut", depth: int = DEPTH, answers: bool = True,
             progress: bool = True) -> RunResult:
    """Index ``evalset`` with ``settings``, search every query, score the run."""
    evalset.check()  # before the index is built: a quote found nowhere, no judged query…
    embedder = embedder or make_embedder(settings, progress=progress)
    settings, cost = ensure_index(evalset, settings, embedder, progress)
    retriever = Retriever.load(settings, embedder)
    timed_search(retriever, evalset.queries[0].text, depth)  # warm-up, not timed
    chunk_runs: dict[str, list[tuple[str, str, float]]] = {}
    latencies: list[float] = []
    for q in tqdm(evalset.queries, desc=f"Recherche ({evalset.name}, {config})",
                  unit="requête", disable=not progress):
        results, ms = timed_search(retriever, q.text, depth)
        latencies.append(ms)
        chunk_runs[q.qid] = [(r.chunk_id, r.doc_id, r.score) for r in results]
    in_scope = evalset.in_scope()
    if evalset.level == "passage":
        texts = dict(retriever.texts)
        lost: list[tuple[str, str]] = []
        units = span_units({q.qid: q.spans for q in in_scope}, retriever.chunks, texts, lost)
        if lost:  # in the corpus (checked above) but not in what the indexer kept
            q = next(q for q in in_scope if q.qid == lost[0][0])
            raise DatasetError(f"{evalset.origin(q)} : la citation « {lost[0][1]} » de "
                               f"{q.qid!r} est dans le corpus mais dans aucun passage indexé "
                               f"(titre, texte écarté à l'indexation ?) ; {len(lost)} en tout.")
        passages = {q: [(c, s) for c, _d, s in r] for q, r in chunk_runs.items()}
        qrels = {q: dict.fromkeys((u for u, _c in us), 1) for q, us in units.items()}
        run = {q: unit_run(passages[q], us) for q, us in units.items()}
        carriers = {q: {u: sorted(cs) for u, cs in us} for q, us in units.items()}
    else:
        qrels = {q.qid: evalset.qrels[q.qid] for q in in_scope if q.qid in evalset.qrels}
        run = {q: fold_run(r) for q, r in chunk_runs.items()}
        passages, carriers = {}, {}
    per_query = evaluate(qrels, run)  # not empty: check() refused a set with no judged query
    curve = mean_scores(evaluate(qrels, run, CURVE), CURVE)
    cost.update(queries=len(latencies), p50_ms=round(percentile(latencies, 50), 2),
                p95_ms=round(percentile(latencies, 95), 2),
                peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    used = {**settings_summary(settings), "model": embedder.name}  # the model that ran
    result = RunResult(evalset.name, config, evalset.level, used,
                       mean_scores(per_query), per_query, run, qrels, latencies, cost,
                       query_types={q.qid: str(q.meta.get("type", "")) for q in evalset.queries},
                       recall_curve=curve, passages=passages, units=carriers)
    result.notes += evalset.notes + run_notes(
        {q: len(r) for q, r in chunk_runs.items()}, run, list(per_query),
        [q.qid for q in in_scope], level=evalset.level, depth=depth,
        chunks=len(retriever.chunks), documents=len(evalset.documents))
    if answers and (evalset.out_of_scope() or evalset.level == "passage"):
        _answers(result, evalset, retriever, settings, progress)
    return result


def _answers(result: RunResult, evalset: EvalSet, retriever: Retriever, settings: Settings,
             progress: bool) -> None:
    answerer, why = load_answerer(retriever, settings)
    if answerer is None:
        result.notes.append(f"Abstention et citations non évaluées : {why}. Seule la recherche "
                            "est évaluée.")
        return
    answerer.warm()  # as the API does at start-up: not part of any answer's latency
    try:
        check = run_answers(answerer.answer, evalset.queries, progress)
    finally:
        answerer.retriever.embedder.close()  # the query cache's batching thread
    result.abstention = {**abstention_scores(check.abstained, {q.qid for q in
                                                              evalset.out_of_scope()}),
                         **abstention_errors(check, evalset.queries)}
    texts = dict(retriever.texts)
    result.citations = citation_scores(check, evalset.queries, texts)
    result.cost.update(answer_p50_ms=round(percentile(check.latencies_ms, 50), 2),
                       answer_p95_ms=round(percentile(check.latencies_ms, 95), 2))
