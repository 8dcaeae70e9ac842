"""``Retriever.search()``: the one retrieval path for the CLI, the API and the eval.

Dense (FAISS inner product over normalised e5 vectors) and French BM25 candidates
are fused (linear fusion of cosine, BM25 and term coverage by default; or weighted
min-max fusion, where an English query leans on the dense side, ``dense_weight_en``;
or plain RRF), overlapping chunks of the same document are deduplicated, and filters
restrict documents, editions or kinds. A misspelt word one edit away from a word of the
index is corrected first (``indexer.spelling``), and a question typed without accents
gets them back before it is encoded (``indexer.accents``).

>>> from indexer.embed import HashEmbedder
>>> from indexer.settings import Settings
>>> from indexer.build import build_index
>>> import tempfile
>>> s = Settings(data_dir=tempfile.mkdtemp(), chunk_tokens=60)
>>> _ = build_index(["corpus"], s, embedder=HashEmbedder(), progress=False)
>>> r = Retriever.load(s, embedder=HashEmbedder())
>>> r.search("piliers du pacte", k=1)[0].doc_id
'pacte-2015-aurore'
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from threadpoolctl import threadpool_limits

from indexer import store
from indexer.accents import AccentRestorer, spacy_lexicon
from indexer.analyzer import FrenchAnalyzer
from indexer.embed import Embedder
from indexer.embed_model import make_embedder
from indexer.errors import EmptyQueryError, IndexMismatchError, UnknownDocumentError
from indexer.fusion import linear_fusion, rrf_fusion, weighted_fusion
from indexer.language import detect_language
from indexer.lexical import LexicalIndex, top_n
from indexer.results import Filters, SearchResult
from indexer.sentence_vectors import SentenceVectors, mix
from indexer.settings import Settings
from indexer.spelling import Spelled, Speller, known_words
from indexer.texts import read_documents

__all__ = ["Filters", "Retriever", "SearchResult", "timed_search"]  # Filters and
# SearchResult live in indexer.results; most callers import them from here.


def checked_query(query: str) -> str:
    """``query`` with its spaces collapsed; an empty or word-less one (« ??? », « 🏠 »:
    nothing to rank by) raises :class:`EmptyQueryError`."""
    query = " ".join((query or "").split())
    if not query:
        raise EmptyQueryError("La requête est vide : écrivez une question ou des mots-clés.")
    if not any(c.isalnum() for c in query):
        raise EmptyQueryError("La requête ne contient aucun mot : écrivez une question ou "
                              "des mots-clés.")
    return query


class Retriever:
    """A loaded index folder plus the query encoder."""

    def __init__(self, index_path: Path, manifest: dict[str, Any], chunks: list[dict[str, Any]],
                 documents: dict[str, dict[str, Any]], texts: Mapping[str, str],
                 vectors: faiss.Index,
                 lexical: LexicalIndex, embedder: Embedder, settings: Settings,
                 accents: AccentRestorer | None = None, speller: Speller | None = None,
                 sentences: SentenceVectors | None = None) -> None:
        self.index_path = index_path
        self.manifest = manifest
        self.chunks = chunks
        self.documents = documents  # doc_id → metadata, with "chars" but not the text
        self.texts = texts  # doc_id → text, read from disk when asked (indexer.texts)
        self.vectors = vectors
        self.lexical = lexical
        self.embedder = embedder
        self.settings = settings
        self.accents = accents
        self.speller = speller
        self.sentences = sentences
        if isinstance(vectors, faiss.IndexHNSW):
            vectors.hnsw.efSearch = int(manifest["faiss"].get("efSearch", 128))
        # Per-chunk columns for fast filtering and overlap checks.
        self._doc = np.array([c["doc_id"] for c in chunks], dtype=object)
        self._kind = np.array([c["kind"] for c in chunks], dtype=object)
        self._edition = np.array([documents[c["doc_id"]].get("edition", "") for c in chunks],
                                 dtype=object)
        self._row = {c["chunk_id"]: i for i, c in enumerate(chunks)}  # for /chunks, sentences

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> Retriever:
        """Load ``settings.index_path``; refuse an index built with another model."""
        one_blas_thread()
        path = settings.index_path
        manifest = store.read_manifest(path)
        embedder = embedder or make_embedder(settings)
        store.check_model(manifest, embedder.name, embedder.dim)
        try:
            shared: dict[str, str] = {}
            chunks = store.read_jsonl(path / store.CHUNKS, shared)
            docs, texts = read_documents(path / store.DOCUMENTS, shared)
            del shared
            vectors = faiss.read_index(str(path / store.VECTORS))
            lexical = LexicalIndex.load(path / store.BM25, FrenchAnalyzer())
            spellings = path / store.ACCENTS  # an index put together by hand may lack it
            corpus = (json.loads(spellings.read_text(encoding="utf-8"))
                      if settings.restore_accents and spellings.exists() else {})
            sentences = (SentenceVectors.load(path) if settings.sentence_weight > 0
                         and "sentences" in manifest else None)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:  # faiss: RuntimeError
            raise store.damaged(path, exc) from None
        if settings.sentence_weight > 0 and sentences is None:
            raise IndexMismatchError(
                f"L'index {path} n'a pas de vecteurs de phrases, que demande "
                "sentence_weight > 0 : relancez `pacte index` avec ce réglage.")
        lexicon = spacy_lexicon(settings.spacy_model)
        accents = AccentRestorer(corpus, lexicon) if settings.restore_accents else None
        speller = (Speller(lexical, known_words(settings.spacy_model), {**lexicon, **corpus})
                   if settings.correct_spelling else None)
        return cls(path, manifest, chunks, docs, texts, vectors, lexical, embedder, settings,
                   accents, speller, sentences)

    def __len__(self) -> int:
        return len(self.chunks)

    def row(self, chunk_id: str) -> int | None:
        """The row of passage ``chunk_id``, or None when the index has none."""
        return self._row.get(chunk_id)

    def rows_of(self, doc_id: str) -> list[int]:
        """The rows of document ``doc_id``'s passages, in index order."""
        return np.flatnonzero(self._doc == doc_id).tolist()

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[SearchResult]:
        """Hybrid search; results best first, at most ``k``."""
        query = self.spell(checked_query(query)).text
        if k < 1:
            raise ValueError("k doit valoir au moins 1")
        allowed = self._allowed(filters)
        qv, bm25 = self.query_vector(query), self.lexical.scores(query)  # each computed once
        dense, lexical = self.candidates(query, allowed, qv, bm25)
        s = self.settings
        if s.retrieval != "hybrid":  # one retriever alone, as it ranks
            fused = dict(dense if s.retrieval == "dense" else lexical)
        elif s.fusion == "linear":
            fused = linear_fusion(*self.signals(query, qv, dense, lexical, bm25),
                                  s.bm25_weight, s.coverage_weight, s.bm25_cap)
        elif s.fusion == "rrf":  # plain RRF: the reference of the comparisons
            fused = rrf_fusion([dense, lexical], [1.0, 1.0], k=s.rrf_k)
        else:
            w = s.dense_weight_en if detect_language(query) == "en" else s.dense_weight
            fused = weighted_fusion([dense, lexical], [w, 1.0 - w])
        ranked = sorted(fused.items(), key=lambda rs: (-rs[1], rs[0]))
        return [self.result(row, score) for row, score in self._dedupe(ranked, k)]

    def spell(self, query: str) -> Spelled:
        """``query`` with its misspelt words corrected (as typed when the setting is off)."""
        return self.speller(query) if self.speller is not None else Spelled(query, ())

    def candidates(self, query: str, allowed: np.ndarray | None = None,
                   qv: np.ndarray | None = None, bm25: np.ndarray | None = None
                   ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """Dense and BM25 candidate lists ``[(row, score)]``, best first (``qv``, ``bm25``:
        the query's vector and BM25 scores when the caller has them already)."""
        n = min(self.settings.candidates, len(self.chunks))
        dense = self.nearest(self.query_vector(query) if qv is None else qv, n, allowed)
        if allowed is not None and not allowed.any():
            return [], []
        scores = self.lexical.scores(query) if bm25 is None else bm25
        lex_rows, lex_scores = top_n(scores if allowed is None else np.where(allowed, scores, 0),
                                     n)
        return dense, [(int(r), float(sc)) for r, sc in zip(lex_rows, lex_scores, strict=True)]

    def dense(self, query: str, n: int, allowed: np.ndarray | None = None
              ) -> list[tuple[int, float]]:
        """The ``n`` nearest passages by inner product ``[(row, cosine)]``, best first."""
        return self.nearest(self.query_vector(query), n, allowed)

    def nearest(self, qv: np.ndarray, n: int, allowed: np.ndarray | None = None
                ) -> list[tuple[int, float]]:
        """:meth:`dense` for a query vector already computed."""
        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed).astype(np.int64)
            n = min(n, len(ids))
            if n == 0:
                return []
            selector = faiss.IDSelectorBatch(ids)  # kept alive until the search is done
            params = faiss.SearchParameters()
            params.sel = selector
        scores, rows = self.vectors.search(qv.reshape(1, -1), min(n, len(self.chunks)),
                                           params=params)
        return [(int(r), float(sc)) for r, sc in zip(rows[0], scores[0], strict=True) if r >= 0]

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, accents put back first when it was typed without any."""
        text = self.accents(query) if self.accents is not None else query
        return self.embedder.embed_query(text).astype(np.float32)

    def signals(self, query: str, qv: np.ndarray, dense: list[tuple[int, float]],
                lexical: list[tuple[int, float]], bm25: np.ndarray | None = None
                ) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        """What linear fusion reads, for every candidate of either list: cosine (a
        BM25-only candidate's from its stored vector; mixed with its best sentence's when
        the index has sentence vectors), BM25 and coverage per unit of the query's idf
        (``LexicalIndex.match``)."""
        cosine = dict(dense)
        missing = [row for row, _ in lexical if row not in cosine]
        if missing:
            stored = self.vectors.reconstruct_batch(np.array(missing, dtype=np.int64))
            cosine.update(zip(missing, (stored @ qv).tolist(), strict=True))
        if self.sentences is not None:
            rows = list(cosine)
            best = self.sentences.best(rows, qv)
            cosine = mix(cosine, dict(zip(rows, best.tolist(), strict=True)),
                         self.settings.sentence_weight)
        per_idf, coverage = self.lexical.match(query, bm25)
        rows = list(cosine)
        return (cosine, dict(zip(rows, per_idf[rows].tolist(), strict=True)),
                dict(zip(rows, coverage[rows].tolist(), strict=True)))

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or filters.is_empty():
            return None
        unknown = [d for d in filters.doc_ids or () if d not in self.documents]
        if unknown:  # an empty result would read as "nothing about it"
            known = ", ".join(sorted(self.documents)[:20]) + (", …" if len(self.documents) > 20
                                                              else "")
            what = "Documents inconnus" if len(unknown) > 1 else "Document inconnu"
            raise UnknownDocumentError(f"{what} : {', '.join(unknown)} (documents de l'index : "
                                       f"{known}).")
        mask = np.ones(len(self.chunks), dtype=bool)
        for column, wanted in ((self._doc, filters.doc_ids), (self._edition, filters.editions),
                               (self._kind, filters.kinds)):
            if wanted:
                mask &= np.isin(column, list(wanted))
        return mask

    def _dedupe(self, ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """Drop a chunk that overlaps a better-ranked chunk of the same document and kind
        (a commitment stays findable beside the text passage of its list)."""
        kept: list[tuple[int, float]] = []
        for row, score in ranked:
            c = self.chunks[row]
            if any(self.chunks[r]["doc_id"] == c["doc_id"] and self.chunks[r]["kind"] == c["kind"]
                   and _overlap(self.chunks[r], c) for r, _ in kept):
                continue
            kept.append((row, score))
            if len(kept) == k:
                break
        return kept

    def result(self, row: int, score: float = 0.0) -> SearchResult:
        """The chunk at ``row`` as a search result with its document's fields."""
        c = self.chunks[row]
        d = self.documents[c["doc_id"]]
        return SearchResult(chunk_id=c["chunk_id"], doc_id=c["doc_id"], title=d.get("title", ""),
                            section=c["section"], text=c["text"], score=round(score, 6),
                            start=c["start"], end=c["end"], page=c.get("page"),
                            url=d.get("url", ""), kind=c["kind"], edition=d.get("edition", ""),
                            publisher=d.get("publisher", ""), date=d.get("date", ""),
                            page_breaks=c.get("page_breaks", ()), **_ocr(c, d))


def _ocr(chunk: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """``ocr`` (some page of the chunk was read by OCR) and the document's ``ocr_pages``
    that the chunk's pages meet."""
    read = doc.get("ocr_pages") or ()
    if not read or chunk.get("page") is None:
        return {}
    first = chunk["page"]
    pages = range(first, first + len(chunk.get("page_breaks") or ()) + 1)
    mine = [p for p in pages if p in read]
    return {"ocr": bool(mine), "ocr_pages": mine}


def _overlap(kept: dict[str, Any], new: dict[str, Any]) -> bool:
    """True when more than half of ``new`` is already in ``kept`` (a long passage that
    overlaps a short better-ranked one by a sentence still brings its own text)."""
    shared = min(kept["end"], new["end"]) - max(kept["start"], new["start"])
    return shared > 0.5 * (new["end"] - new["start"])


def timed_search(retriever: Retriever, query: str, k: int = 5,
                 filters: Filters | None = None) -> tuple[list[SearchResult], float]:
    """``search()`` plus its wall time in milliseconds."""
    t0 = time.perf_counter()
    results = retriever.search(query, k, filters)
    return results, (time.perf_counter() - t0) * 1000


def one_blas_thread() -> None:
    """Keep numpy's BLAS (and faiss's) to one thread in this process. Its threads spin a
    while after each product, and the next question's encoding, on torch's own threads,
    then ran at half speed: on the fiches set, ``search()`` p50 57 → 27 ms and p95 124 →
    30 ms (2 cores). The products of a search are small; torch keeps its threads."""
    threadpool_limits(1, user_api="blas")
