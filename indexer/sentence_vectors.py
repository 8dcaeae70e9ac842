"""Sentence vectors beside the passage vectors: a passage's cosine mixed with its best sentence.

A passage of 200 tokens often answers a question with one sentence, which its single
vector blurs. With ``Settings.sentence_weight`` above 0, the build embeds each passage's
sentences too, each after the passage's header (« titre — section », as the answerer
embeds them), and search reads a passage's cosine as
``(1 − weight) × its own cosine + weight × the best cosine of its sentences``
(:func:`mix`). The vectors are stored in float16 (``sentences.npy``) with each passage's
first row (``sentence_rows.npy``, one more entry than passages), and read back
memory-mapped: a query touches only its candidates' rows.

>>> sv = SentenceVectors(np.array([[1, 0], [0, 1], [0.6, 0.8]], np.float16),
...                      np.array([0, 2, 3]))
>>> [round(float(x), 3) for x in sv.best([1, 0], np.array([0.8, 0.6], np.float32))]
[0.96, 0.8]
>>> {row: round(c, 3) for row, c in mix({0: 0.5, 1: 0.7}, {0: 0.8, 1: 0.96}, 0.5).items()}
{0: 0.65, 1: 0.83}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.embed import Embedder
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.passages import passage_header, with_header
from indexer.types import Chunk, Document

VECTORS, ROWS = "sentences.npy", "sentence_rows.npy"


@dataclass(frozen=True)
class SentenceVectors:
    vectors: np.ndarray  # (sentences, dim) float16, the sentences of passage i at rows[i]:rows[i+1]
    rows: np.ndarray  # (passages + 1,) int64

    def best(self, passages: Sequence[int], qv: np.ndarray) -> np.ndarray:
        """The best sentence cosine of each of ``passages`` (−1 for one without sentences)."""
        idx = np.asarray(passages, np.int64)  # an empty list too (a filter left none)
        starts, ends = self.rows[idx], self.rows[idx + 1]
        take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
                              or [np.zeros(0, np.int64)])
        cos = np.asarray(self.vectors[take], np.float32) @ qv
        out = np.full(len(passages), -1.0, np.float32)
        has = ends > starts
        if has.any():  # reduceat over the non-empty runs, which lie end to end in ``take``
            out[has] = np.maximum.reduceat(cos, np.cumsum(np.r_[0, (ends - starts)[has]])[:-1])
        return out

    def save(self, folder: Path) -> None:
        np.save(folder / VECTORS, self.vectors.astype(np.float16), allow_pickle=False)
        np.save(folder / ROWS, self.rows.astype(np.int64), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors:
        return cls(np.load(folder / VECTORS, mmap_mode="r", allow_pickle=False),
                   np.load(folder / ROWS, allow_pickle=False))

    def info(self) -> dict[str, Any]:
        """What the manifest records."""
        return {"count": int(self.vectors.shape[0]), "dtype": "float16", "header": True}


def sentence_texts(chunks: Sequence[Chunk], docs: Mapping[str, Document]
                   ) -> tuple[list[str], np.ndarray]:
    """Each chunk's sentences (the chunker's spans) after its header, and each chunk's first
    row."""
    texts: list[str] = []
    rows = [0]
    for c in chunks:
        header = passage_header(docs[c.doc_id].meta.title, c.section)
        texts += [with_header(header, c.text[a:b]) for a, b in c.sentences]
        rows.append(len(texts))
    return texts, np.array(rows, np.int64)


def embed_sentences(chunks: Sequence[Chunk], docs: Mapping[str, Document], embedder: Embedder,
                    cache: EmbeddingCache | None, progress: bool = True) -> SentenceVectors:
    """The sentence vectors of ``chunks``; sentences already in ``cache`` are not embedded."""
    texts, rows = sentence_texts(chunks, docs)
    vectors = embed_with_cache(embedder, cache, texts, progress=progress, unit="phrase")
    return SentenceVectors(vectors.astype(np.float16), rows)


def mix(cosine: Mapping[int, float], best: Mapping[int, float], weight: float
        ) -> dict[int, float]:
    """``(1 − weight) × cosine + weight × best sentence`` for each row of ``cosine``."""
    return {row: (1 - weight) * c + weight * best[row] for row, c in cosine.items()}
