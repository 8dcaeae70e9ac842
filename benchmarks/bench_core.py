"""Speed and memory of the retrieval core, with the real default model.

    python -m benchmarks.bench_core build     # build wall time vs model-only encode time; re-index
    python -m benchmarks.bench_core process   # the same, each side a fresh process from the shell
    python -m benchmarks.bench_core latency   # single-query search() latency on a 10k-chunk index
    python -m benchmarks.bench_core memory    # RSS added by loading a 100k-chunk index, and
                                              # the reader's latency (/chunks, /documents) on it
    python -m benchmarks.bench_core ask       # extractive answers on the 10k index (after latency)

Texts come from PIAF (French Wikipedia paragraphs, ``--piaf``). The 10k and 100k
indexes repeat the PIAF paragraphs under new document ids: repeated texts hit
the embedding cache, so they are built without hours of encoding, while FAISS
(exact inner product over every vector) and BM25 do the same work per query as
on distinct texts. Results go to ``benchmarks/results/core-*.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from benchmarks.piaf import DEFAULT_PATH, load_piaf, split
from eval.metrics import percentile
from indexer import store
from indexer.analyzer import FrenchAnalyzer
from indexer.build import build_from_documents
from indexer.embed_model import make_embedder
from indexer.index_writer import make_faiss
from indexer.lexical import LexicalIndex
from indexer.passages import passage_text
from indexer.search import Retriever
from indexer.sentence_vectors import SentenceVectors, sentence_texts
from indexer.settings import Settings
from indexer.types import DocMeta, Document

RESULTS = Path(__file__).parent / "results"
OUT = Path("benchmarks/out")
SHARED_CACHE = OUT / "piaf" / "cache"  # PIAF vectors already computed by benchmarks/piaf.py


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"  # noqa: E501


def copies(docs: list[Document], n: int) -> list[Document]:
    """``n`` copies of ``docs`` under new ids (same texts and titles)."""
    return [Document(f"{d.doc_id}-c{i}", d.text, d.blocks, DocMeta(**d.meta.to_dict()))
            for i in range(n) for d in docs]


def bench_build(docs: list[Document], n_docs: int, repeats: int = 3) -> dict[str, Any]:
    """``repeats`` fresh builds, each against the model-only encode time of the same
    passages measured right after it (the 2 shared cores are noisy). The model is loaded
    before the first build, so that build also pays spaCy's one-off load of its French
    rules (a few seconds) with nothing to overlap it (a cold ``pacte index`` loads the two
    side by side: ``process``); later builds find it loaded."""
    data = OUT / "build"
    subset = docs[:n_docs]
    embedder = make_embedder(Settings(data_dir=data))
    embedder.load()  # model load is timed apart: both sides below start with it in memory
    embedder.embed_passages([d.text for d in subset[:16]])  # first-call warm-up, untimed
    runs = []
    for _ in range(repeats):
        shutil.rmtree(data, ignore_errors=True)
        settings = Settings(data_dir=data)
        t0 = time.perf_counter()
        report = build_from_documents(subset, settings, embedder, progress=False)
        build_s = time.perf_counter() - t0
        rows = [_chunk(c) for c in store.read_jsonl(settings.index_path / store.CHUNKS)]
        if settings.sentence_weight > 0:  # the spans the build recorded
            sv = SentenceVectors.load(settings.index_path)
            assert sv.spans is not None
            spans, first = sv.spans.tolist(), sv.rows
            rows = [replace(c, sentences=spans[first[i]:first[i + 1]]) for i, c in enumerate(rows)]
        by_id = {d.doc_id: d for d in subset}
        passages = [passage_text(c, by_id[c.doc_id], settings.context_header) for c in rows]
        t0 = time.perf_counter()
        embedder.embed_passages(passages)
        encode_s = time.perf_counter() - t0
        run = {"build_s": round(build_s, 2), "encode_only_s": round(encode_s, 2),
               "ratio": round(build_s / encode_s, 3)}
        if settings.sentence_weight > 0:  # the build embeds each passage's sentences too
            texts, _ = sentence_texts(rows, by_id)
            t0 = time.perf_counter()
            embedder.embed_passages(texts)
            sentences_s = time.perf_counter() - t0
            run |= {"sentences": len(texts), "encode_sentences_only_s": round(sentences_s, 2),
                    "ratio_to_all_encoding": round(build_s / (encode_s + sentences_s), 3)}
        runs.append(run)
    t0 = time.perf_counter()
    build_from_documents(subset, settings, embedder, progress=False)
    rebuild_s = time.perf_counter() - t0
    return {"documents": report.documents, "chunks": report.chunks,
            "ratio_first": runs[0]["ratio"],
            "ratio_median": statistics.median(r["ratio"] for r in runs),
            "sentence_weight": settings.sentence_weight, "runs": runs,
            "reindex_unchanged_s": rebuild_s}


_ENCODE_ONLY = """
import json, sys, time
t0 = time.perf_counter()
from indexer.embed_model import make_embedder
from indexer.settings import Settings
passages = json.loads(open(sys.argv[1], encoding="utf-8").read())
make_embedder(Settings(), progress=False).embed_passages(passages)
print(time.perf_counter() - t0)
"""


def bench_process(docs: list[Document], n_docs: int, repeats: int = 2,
                  corpus: Path | None = None) -> dict[str, Any]:
    """What a user waits for: ``pacte index DIR`` in a fresh process (imports, model load,
    spaCy's French rules, reading, chunking, encoding, BM25, FAISS), against a fresh
    process that imports the model, loads it and encodes the same passages. ``DIR`` holds
    the first ``n_docs`` PIAF paragraphs, or is ``corpus``."""
    import subprocess
    import sys

    root = OUT / "process"
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    if corpus is not None:
        shutil.copytree(corpus, root / "docs", dirs_exist_ok=True)
    else:
        for d in docs[:n_docs]:
            (root / "docs" / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
    pacte = str(Path(sys.executable).with_name("pacte"))
    runs = []
    for _ in range(repeats):
        shutil.rmtree(root / "data", ignore_errors=True)
        env = {**os.environ, "PACTE_DATA_DIR": str(root / "data")}
        t0 = time.perf_counter()
        subprocess.run([pacte, "index", str(root / "docs"), "-q"], env=env, check=True,
                       capture_output=True)
        index_s = time.perf_counter() - t0
        settings = Settings(data_dir=root / "data")
        chunks = store.read_jsonl(settings.index_path / store.CHUNKS)
        by_id = {d["doc_id"]: d for d in store.read_jsonl(settings.index_path / store.DOCUMENTS)}
        passages = [passage_text(_chunk(c), Document(c["doc_id"], by_id[c["doc_id"]]["text"], [],
                                 DocMeta(title=by_id[c["doc_id"]]["title"])),
                                 settings.context_header) for c in chunks]
        (root / "passages.json").write_text(json.dumps(passages), encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", _ENCODE_ONLY, str(root / "passages.json")],
                       check=True, capture_output=True)
        encode_s = time.perf_counter() - t0
        runs.append({"index_process_s": round(index_s, 2), "encode_process_s": round(encode_s, 2),
                     "ratio": round(index_s / encode_s, 3), "chunks": len(chunks)})
    return {"documents": str(corpus) if corpus else n_docs, "runs": runs,
            "ratio_median": statistics.median(r["ratio"] for r in runs)}


def _chunk(row: dict[str, Any]) -> Any:
    from indexer.types import Chunk

    return Chunk(**row)


def bench_latency(docs: list[Document], queries: list[str], target: int) -> dict[str, Any]:
    data = OUT / "latency"
    settings = Settings(data_dir=data, cache_dir=SHARED_CACHE)
    base = build_from_documents(docs, settings, progress=True)
    n = max(1, round(target / base.chunks))
    report = build_from_documents(copies(docs, n), settings, progress=True)
    retr = Retriever.load(settings)
    for q in queries[:10]:
        retr.search(q, k=10)
    lat, enc = [], []
    for q in queries:
        t0 = time.perf_counter()
        retr.embedder.embed_query(q)
        enc.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        retr.search(q, k=10)
        lat.append((time.perf_counter() - t0) * 1000)
    return {"chunks": report.chunks, "queries": len(queries),
            "search_ms": {"p50": percentile(lat, 50), "p95": percentile(lat, 95),
                          "max": max(lat)},
            "query_encode_ms": {"p50": percentile(enc, 50), "p95": percentile(enc, 95)}}


def bench_memory(n_chunks: int) -> dict[str, Any]:
    """Tile the latency index up to ``n_chunks`` rows, then measure the RSS a load adds."""
    src = Settings(data_dir=OUT / "latency", cache_dir=SHARED_CACHE)
    small = Retriever.load(src)
    data = OUT / "memory"
    settings = Settings(data_dir=data)
    reps = -(-n_chunks // len(small.chunks))
    chunks, docs = [], []
    for i in range(reps):
        for doc_id, d in small.documents.items():  # documents.jsonl rows: text, no chars
            docs.append({**{k: v for k, v in d.items() if k != "chars"},
                         "doc_id": f"{doc_id}-m{i}", "text": small.texts[doc_id]})
        for c in small.chunks:
            chunks.append({**c, "doc_id": f"{c['doc_id']}-m{i}",
                           "chunk_id": f"{c['chunk_id']}-m{i}"})
    chunks = chunks[:n_chunks]
    vecs = small.vectors.reconstruct_n(0, small.vectors.ntotal)
    vectors = np.tile(vecs, (reps, 1))[:n_chunks]
    sentences = None
    if small.sentences is not None:  # the same sentences, each copy's rows shifted
        sv, n_sent = small.sentences, int(small.sentences.rows[-1])
        rows = np.r_[np.concatenate([sv.rows[:-1] + i * n_sent for i in range(reps)]),
                     reps * n_sent][: n_chunks + 1]
        spans = None if sv.spans is None else np.tile(sv.spans, (reps, 1))[: rows[-1]]
        sentences = SentenceVectors(np.tile(sv.vectors[:], (reps, 1))[: rows[-1]], rows, spans)
    texts = [c["text"] for c in chunks]
    with store.staging(settings.index_path) as tmp:
        index, info = make_faiss(vectors)
        import faiss

        faiss.write_index(index, str(tmp / store.VECTORS))
        store.write_jsonl(tmp / store.CHUNKS, chunks)
        store.write_jsonl(tmp / store.DOCUMENTS, docs)
        LexicalIndex.build(texts, FrenchAnalyzer()).save(tmp / store.BM25)
        shutil.copy(small.index_path / store.ACCENTS, tmp / store.ACCENTS)  # same texts
        if sentences is not None:
            sentences.save(tmp)
        manifest = dict(small.manifest)
        manifest["faiss"] = info
        manifest["corpus"] = {"documents": len(docs), "chunks": len(chunks), "sha256": "tiled"}
        if sentences is not None:
            manifest["sentences"] = sentences.info()
        store.write_json(tmp / store.MANIFEST, manifest)
    del small, vectors, vecs, chunks, docs, texts, sentences
    gc.collect()
    # Measure in a fresh process so nothing above is counted.
    code = (
        "import gc, psutil, json; from indexer.settings import Settings; "
        "from indexer.embed_model import make_embedder; from indexer.search import Retriever; "
        f"s = Settings(data_dir={str(data)!r}); e = make_embedder(s); e.load(); "
        "e.embed_query('échauffement'); gc.collect(); p = psutil.Process(); "
        "a = p.memory_info().rss; "
        "r = Retriever.load(s, e); r.search('accès aux droits', k=5); gc.collect(); "
        "b = p.memory_info().rss; from benchmarks.bench_core import reader_ms; "
        "print(json.dumps({'chunks': len(r), 'rss_model_mb': a / 2**20, "
        "'rss_added_mb': (b - a) / 2**20, **reader_ms(r)}))"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def reader_ms(retriever: Retriever, n: int = 200) -> dict[str, dict[str, float]]:
    """Latency of the reader behind a citation (``GET /chunks/{id}``, ``/documents/{id}``,
    their route functions) for ``n`` passages and documents drawn with a fixed seed."""
    from api.routes.documents import get_chunk, get_document

    rng = np.random.default_rng(0)
    picked = rng.choice(len(retriever.chunks), n, replace=False)
    ids = [retriever.chunks[i]["chunk_id"] for i in picked]
    docs = [retriever.chunks[i]["doc_id"] for i in picked]
    out = {}
    for name, route, keys in (("chunk_ms", get_chunk, ids), ("document_ms", get_document, docs)):
        lat = []
        for key in keys:
            t0 = time.perf_counter()
            route(key, retriever)
            lat.append((time.perf_counter() - t0) * 1000)
        out[name] = {"p50": percentile(lat, 50), "p95": percentile(lat, 95)}
    return out


def bench_ask(queries: list[str]) -> dict[str, Any]:
    """``/ask``'s extractive answer on the latency index (too big to be warmed at start, so
    each question reads passages no earlier one read), the answerer taking the sentences'
    vectors from the index, then encoding them as it did before (other questions)."""
    from api.answer import ExtractiveAnswerer

    settings = Settings(data_dir=OUT / "latency", cache_dir=SHARED_CACHE)
    retr = Retriever.load(settings)
    half = len(queries) // 2
    out: dict[str, Any] = {"chunks": len(retr.chunks), "queries_each": half}
    for name, qs in (("index_vectors", queries[:half]), ("encoded", queries[half:])):
        answerer = ExtractiveAnswerer.from_retriever(retr, settings)
        if name == "encoded":
            answerer.bank.stored = None
        answerer.answer("échauffement")
        lat = []
        for q in qs:
            t0 = time.perf_counter()
            answerer.answer(q)
            lat.append((time.perf_counter() - t0) * 1000)
        out[name] = {"p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=["build", "process", "latency", "memory", "ask"])
    ap.add_argument("--piaf", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--docs", type=int, default=300, help="documents for the build benchmark")
    ap.add_argument("--repeats", type=int, default=3, help="builds measured (the first is cold)")
    ap.add_argument("--corpus", type=Path, help="process: index this folder instead of PIAF")
    ap.add_argument("--chunks", type=int, default=10_000, help="latency index size")
    ap.add_argument("--memory-chunks", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    docs, questions = load_piaf(args.piaf)
    _, test = split(questions)
    if args.what == "build":
        result = bench_build(docs, args.docs, args.repeats)
    elif args.what == "process":
        result = bench_process(docs, args.docs, corpus=args.corpus)
    elif args.what == "latency":
        result = bench_latency(docs, [q.text for q in test[: args.queries]], args.chunks)
    elif args.what == "ask":
        result = bench_ask([q.text for q in test[: args.queries]][:60])
    else:
        result = bench_memory(args.memory_chunks)
    result = {"benchmark": args.what, "machine": machine(), **result}
    RESULTS.mkdir(exist_ok=True)
    name = (f"core-{args.what}-{args.corpus.name if args.corpus else f'{args.docs}docs'}"
            if args.what in ("build", "process") else f"core-{args.what}")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
