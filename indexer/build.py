"""Build an index folder: files → documents → chunks → vectors + BM25 → swap in.

Unreadable files are reported and skipped, never half-indexed: the reason in French, what
the library said in the debug log (logger ``pacte.index``). Embeddings are
cached by content hash, so re-indexing an unchanged corpus embeds nothing and
does not even load the model. Chunks are cached too (the text indexed for each comes from
:mod:`indexer.passages`), and so is the text that OCR read on the scanned pages of a PDF
(:mod:`indexer.readers.ocr`); :mod:`indexer.index_writer` writes the folder.

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
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from indexer.analyzer import FrenchAnalyzer
from indexer.chunker import Chunker
from indexer.corpus import SUPPORTED, assign_ids, discover, distinct_titles, unsupported
from indexer.embed import Embedder
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.embed_model import SentenceTransformerEmbedder, make_embedder
from indexer.errors import PacteError, UnreadableFileError
from indexer.index_writer import write_index
from indexer.lexical import LexicalIndex
from indexer.manifest import load_manifests
from indexer.passages import cached_chunks, chunk_path, chunker_code, chunker_settings, passage_text
from indexer.readers import read_document
from indexer.readers.ocr import Ocr, pages_read
from indexer.sentence_vectors import embed_sentences
from indexer.sentence_worker import SentenceWorker, spacy_worker
from indexer.sentences import SentenceSplitter, spacy_sentences
from indexer.settings import Settings
from indexer.types import Chunk, Document

log = logging.getLogger("pacte.index")


@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[str] = field(default_factory=list)  # left out on purpose, manifest warnings
    seconds: float = 0.0
    index_path: str = ""


def load_documents(paths: Sequence[str | Path], progress: bool = True,
                   notes: list[str] | None = None, ocr: Ocr | None = None
                   ) -> tuple[list[Document], list[tuple[str, str]]]:
    """Read every file under ``paths``; return the documents and the skipped files. What is
    left out on purpose (a file with the very text of one read before it: a copy would
    answer every question twice), manifest entries without their file, text files read
    in Windows-1252, and PDF pages read by OCR (``ocr``: none without it) or that it could
    not read are added to ``notes``."""
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
            skipped.append((str(path), unsupported(path)))
            continue
        try:
            doc = read_document(path, *ids[path], ocr=ocr)
        except UnreadableFileError as e:
            skipped.append((str(path), e.reason))  # in French; the library's words below
            if e.detail:
                log.debug("%s : %s ; détail : %s", path, e.reason, e.detail)
            continue
        finally:
            if ocr is not None and notes is not None:
                notes += ocr.take_notes()  # pages OCR could not read
        digest = hashlib.sha256(doc.text.encode()).hexdigest()
        if digest in read:
            if notes is not None:
                notes.append(f"{path} : non indexé, même texte que {read[digest]}")
            continue
        read[digest] = path
        docs.append(doc)
        if doc.meta.encoding == "cp1252" and notes is not None:  # a guess: say so
            notes.append(f"{path} : lu en Windows-1252 (ce n'est pas de l'UTF-8) ; si ses accents "
                         "sont faux dans les résultats, réenregistrez-le en UTF-8")
        if doc.meta.ocr_pages and notes is not None:  # read, not typed: say so
            notes.append(f"{path} : {pages_read(doc.meta.ocr_pages)} par reconnaissance de "
                         "caractères (OCR) ; le texte peut contenir des erreurs de lecture")
    files = list(read.values())  # each document's file, in the same order
    titles = distinct_titles([(d.meta.title, f) for d, f in zip(docs, files, strict=True)])
    for i, (path, title) in enumerate(zip(files, titles, strict=True)):
        if not ids[path][1].title:  # a title the manifest gave stays as it is
            docs[i] = replace(docs[i], meta=replace(docs[i].meta, title=title))
    return docs, sorted(skipped)


def build_index(paths: Sequence[str | Path], settings: Settings,
                embedder: Embedder | None = None, progress: bool = True) -> BuildReport:
    """Index the files under ``paths`` into ``settings.index_path``."""
    t0 = time.perf_counter()
    spacy_child(settings, embedder)  # a cold process: spaCy starts loading now
    notes: list[str] = []
    with Ocr(settings.cache_path / "ocr.sqlite", progress=progress) as ocr:
        docs, skipped = load_documents(paths, progress, notes, ocr)
    if not docs:
        raise PacteError("Aucun document lisible : rien à indexer. "
                         + "; ".join(f"{p} : {r}" for p, r in skipped))
    report = build_from_documents(docs, settings, embedder, progress)
    report.skipped, report.notes = skipped, notes
    report.seconds = time.perf_counter() - t0
    return report


def spacy_child(settings: Settings, embedder: Embedder | None) -> SentenceWorker | None:
    """The process's spaCy child (:func:`indexer.sentence_worker.spacy_worker`), started when
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
    worker = worker or spacy_child(settings, embedder)
    embedder = embedder or make_embedder(settings)
    cache = EmbeddingCache(settings.cache_path / "embeddings.sqlite")
    chunk_cache = settings.cache_path / "chunks"
    chunker_key = json.dumps([chunker_settings(settings), embedder.name, chunker_code()],
                             sort_keys=True)
    cached = {d.doc_id: chunk_path(d, chunk_cache, chunker_key) for d in docs}
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
        for c in cached_chunks(doc, chunker, cached[doc.doc_id]):
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
    sentences = (embed_sentences(chunks, by_id, embedder, cache, progress)
                 if settings.sentence_weight > 0 else None)
    write_index(settings, docs, chunks, vectors, lexical, embedder.name, started=t0,
                sentences=sentences)
    return BuildReport(documents=len(docs), chunks=len(chunks),
                       seconds=time.perf_counter() - t0, index_path=str(settings.index_path))
