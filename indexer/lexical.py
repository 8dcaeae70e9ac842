"""BM25 index over chunk texts (bm25s, Lucene variant), tokenised by our French analyser.

bm25s precomputes, for every (term, chunk) pair, ``idf(t) · tf / (tf + k1·(1 − b + b·|d|/avgdl))``
with ``idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))`` and stores it as a CSC matrix;
a query score is the sum of its terms' columns (a repeated query term counts twice,
as in bm25s). Files are bm25s's own ``.npy`` arrays and JSON (no pickle), plus
``lexical.json`` with the analyser settings, checked on load.

>>> index = LexicalIndex.build(["L'accès aux droits", "Le logement d'abord", "Aide au logement"])
>>> rows, scores = index.search("logements", n=5)
>>> rows.tolist()
[1, 2]
>>> index.search("le la les", n=5)[0].size
0
>>> bm25, coverage = index.match("aide au logement social")  # "social" is in no row
>>> coverage.round(3).tolist()
[0.0, 0.133, 0.411]
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from indexer.analyzer import Analyzer, default_analyzer
from indexer.errors import IndexMismatchError, IndexMissingError

FORMAT_VERSION = 1
META_FILE = "lexical.json"
METHOD = "lucene"

logging.getLogger("bm25s").setLevel(logging.WARNING)


def token_ids(docs: list[list[str]]) -> tuple[list[list[int]], dict[str, int]]:
    """Map tokens to dense ids, in order of first appearance."""
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(tok, len(vocab)) for tok in doc] for doc in docs]
    return ids, vocab


def top_n(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows with a positive score, best first (ties: lower row first), at most ``n``."""
    rows = np.flatnonzero(scores > 0)
    if rows.size > n:
        rows = rows[np.argpartition(-scores[rows], n - 1)[:n]]
    rows = rows[np.lexsort((rows, -scores[rows]))]
    return rows.astype(np.int64), scores[rows].astype(np.float32)


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)


class LexicalIndex:
    """BM25 search over a list of chunk texts; rows are positions in that list."""

    def __init__(self, analyzer: Analyzer | None = None, *, k1: float = 1.2,
                 b: float = 0.75) -> None:
        self.analyzer: Analyzer = analyzer if analyzer is not None else default_analyzer()
        self.bm25 = bm25s.BM25(k1=k1, b=b, method=METHOD)
        self.bm25.vocab_dict = {}
        self.bm25.scores = {"data": np.empty(0, np.float32), "indices": np.empty(0, np.int32),
                            "indptr": np.zeros(1, np.int32), "num_docs": 0}

    @classmethod
    def build(cls, texts: list[str], analyzer: Analyzer | None = None, *, k1: float = 1.2,
              b: float = 0.75) -> LexicalIndex:
        """Analyse and index ``texts``."""
        index = cls(analyzer, k1=k1, b=b)
        ids, vocab = token_ids([index.analyzer(text) for text in texts])
        if vocab:
            index.bm25.index((ids, vocab), create_empty_token=False, show_progress=False)
        else:  # nothing to index: keep the empty matrix, but count the rows
            index.bm25.scores["num_docs"] = len(texts)
        return index

    def __len__(self) -> int:
        return int(self.bm25.scores["num_docs"])

    @property
    def vocab_size(self) -> int:
        return len(self.bm25.vocab_dict)

    def doc_freq(self, term: str) -> int:
        """How many rows hold the analysed ``term`` (0 for a term not in the vocabulary)."""
        tid = self.bm25.vocab_dict.get(term)
        indptr = self.bm25.scores["indptr"]
        return 0 if tid is None else int(indptr[tid + 1] - indptr[tid])

    def query_ids(self, query: str) -> np.ndarray:
        """Vocabulary ids of the query's tokens; unknown tokens are left out."""
        vocab = self.bm25.vocab_dict
        return np.array([vocab[t] for t in self.analyzer(query) if t in vocab], dtype=np.int64)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row (float64, zero where no query term occurs)."""
        ids = self.query_ids(query)
        s = self.bm25.scores
        if ids.size == 0:
            return np.zeros(len(self), dtype=np.float64)
        indptr, starts = s["indptr"], s["indptr"][ids]
        ends = indptr[ids + 1]
        rows = np.concatenate([s["indices"][a:z] for a, z in zip(starts, ends, strict=True)])
        weights = np.concatenate([s["data"][a:z] for a, z in zip(starts, ends, strict=True)])
        return np.bincount(rows, weights=weights, minlength=len(self))

    def match(self, query: str, scores: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the BM25 score and the idf-weighted share of the query's distinct terms
        found in it, both divided by the query's total idf (a term no row contains counts
        with the idf of ``df = 0``). Comparable across queries, unlike raw BM25.
        ``scores``: :meth:`scores` of ``query``, when the caller has them already."""
        n = len(self)
        terms = list(dict.fromkeys(self.analyzer(query)))
        s, vocab = self.bm25.scores, self.bm25.vocab_dict
        ids = np.array([vocab.get(t, -1) for t in terms], dtype=np.int64)
        known = ids[ids >= 0]
        df = np.zeros(ids.size)
        df[ids >= 0] = s["indptr"][known + 1] - s["indptr"][known]
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        total = float(idf.sum())
        if total == 0 or known.size == 0:
            return np.zeros(n), np.zeros(n)
        postings = [s["indices"][s["indptr"][t] : s["indptr"][t + 1]] for t in known]
        weights = np.repeat(idf[ids >= 0], [p.size for p in postings])
        coverage = np.bincount(np.concatenate(postings), weights=weights, minlength=n)
        return (self.scores(query) if scores is None else scores) / total, coverage / total

    def search(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` rows (int64) and BM25 scores (float32), best first, scores > 0 only."""
        if n <= 0 or len(self) == 0:
            return _empty()
        return top_n(self.scores(query), n)

    def settings(self) -> dict[str, Any]:
        """Parameters recorded next to the index (and in the manifest)."""
        return {"format": FORMAT_VERSION, "method": METHOD, "k1": self.bm25.k1,
                "b": self.bm25.b, "num_docs": len(self), "vocab_size": self.vocab_size,
                "analyzer": self.analyzer.settings()}

    def save(self, folder: Path) -> None:
        """Write bm25s's arrays (``.npy``) and vocabulary (JSON), and ``lexical.json``."""
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder), show_progress=False)
        text = json.dumps(self.settings(), ensure_ascii=False, indent=2)
        (folder / META_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, analyzer: Analyzer | None = None) -> LexicalIndex:
        """Read an index written by :meth:`save`; the analyser must match the saved one."""
        meta_path = folder / META_FILE
        if not meta_path.is_file():
            raise IndexMissingError(f"Aucun index lexical dans {folder} : lancez `pacte index`.")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        index = cls(analyzer, k1=meta["k1"], b=meta["b"])
        if meta.get("format") != FORMAT_VERSION or meta["analyzer"] != index.analyzer.settings():
            raise IndexMismatchError(
                "L'index lexical a été construit avec un autre analyseur ou format : "
                "relancez `pacte index`."
            )
        index.bm25 = bm25s.BM25.load(str(folder), mmap=False, allow_pickle=False,
                                     show_progress=False)
        return index
