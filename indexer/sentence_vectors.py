"""Sentence vectors beside the passage vectors: a passage's cosine mixed with its best sentence.

A passage of 200 tokens often answers a question with one sentence, which its single
vector blurs. With ``Settings.sentence_weight`` above 0, the build embeds each passage's
sentences too, each after the passage's header (« titre — section », as the answerer
embeds them), and search reads a passage's cosine as
``(1 − weight) × its own cosine + weight × the best cosine of its sentences``
(:func:`mix`). The vectors are stored in float16 (``sentences.npy``) with each passage's
first row (``sentence_rows.npy``, one more entry than passages) and each sentence's
``[start, end]`` in its passage's text (``sentence_spans.npy``; ``chunks.jsonl`` leaves them
out, so loading an index never parses them). A loaded index reads a
query's candidates' rows from the file (:class:`RowFile`, one positioned read per passage)
and keeps nothing else: memory-mapping the file instead let the kernel map whole cached
stretches around each row, 170 MB of resident pages after one query at 100k passages.

>>> sv = SentenceVectors(np.array([[1, 0], [0, 1], [0.6, 0.8]], np.float16),
...                      np.array([0, 2, 3]))
>>> [round(float(x), 3) for x in sv.best([1, 0], np.array([0.8, 0.6], np.float32))]
[0.96, 0.8]
>>> {row: round(c, 3) for row, c in mix({0: 0.5, 1: 0.7}, {0: 0.8, 1: 0.96}, 0.5).items()}
{0: 0.65, 1: 0.83}
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from indexer.embed import Embedder
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.passages import passage_header, with_header
from indexer.types import Chunk, Document

VECTORS, ROWS, SPANS = "sentences.npy", "sentence_rows.npy", "sentence_spans.npy"


class RowFile:
    """The rows of a 2-D ``.npy`` file, read on demand with ``os.pread`` (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self._file: BinaryIO = path.open("rb")
        version = np.lib.format.read_magic(self._file)
        shape, fortran, self.dtype = (np.lib.format.read_array_header_1_0(self._file)
                                      if version == (1, 0) else
                                      np.lib.format.read_array_header_2_0(self._file))
        if fortran or len(shape) != 2:
            raise ValueError(f"{path} : tableau 2-D en ordre C attendu")
        self.shape: tuple[int, int] = shape
        self._offset, self._row = self._file.tell(), shape[1] * self.dtype.itemsize
        if os.fstat(self._file.fileno()).st_size < self._offset + shape[0] * self._row:
            raise ValueError(f"{path} : fichier tronqué")

    def __getitem__(self, rows: slice) -> np.ndarray:
        a, b, _ = rows.indices(self.shape[0])
        return self.runs(np.array([a]), np.array([max(a, b)]))

    def runs(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Rows ``starts[i]:ends[i]`` for each i, end to end."""
        fd = self._file.fileno()
        data = b"".join(os.pread(fd, int(b - a) * self._row, self._offset + int(a) * self._row)
                        for a, b in zip(starts, ends, strict=True) if b > a)
        return np.frombuffer(data, self.dtype).reshape(-1, self.shape[1])


@dataclass(frozen=True)
class SentenceVectors:
    vectors: np.ndarray | RowFile  # (sentences, dim) float16: passage i's at rows[i]:rows[i+1]
    rows: np.ndarray  # (passages + 1,) int64
    spans: np.ndarray | None = None  # (sentences, 2) int32: [start, end] in the passage text

    def best(self, passages: Sequence[int], qv: np.ndarray) -> np.ndarray:
        """The best sentence cosine of each of ``passages`` (−1 for one without sentences)."""
        idx = np.asarray(passages, np.int64)  # an empty list too (a filter left none)
        starts, ends = self.rows[idx], self.rows[idx + 1]
        if isinstance(self.vectors, RowFile):
            block = self.vectors.runs(starts, ends)
        else:
            block = self.vectors[np.concatenate(
                [np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
                or [np.zeros(0, np.int64)])]
        cos = np.asarray(block, np.float32) @ qv
        out = np.full(len(passages), -1.0, np.float32)
        has = ends > starts
        if has.any():  # reduceat over the non-empty runs, which lie end to end in ``block``
            out[has] = np.maximum.reduceat(cos, np.cumsum(np.r_[0, (ends - starts)[has]])[:-1])
        return out

    def save(self, folder: Path) -> None:
        vectors = self.vectors[:] if isinstance(self.vectors, RowFile) else self.vectors
        np.save(folder / VECTORS, vectors.astype(np.float16), allow_pickle=False)
        np.save(folder / ROWS, self.rows.astype(np.int64), allow_pickle=False)
        if self.spans is not None:
            np.save(folder / SPANS, self.spans.astype(np.int32), allow_pickle=False)

    def of(self, passage: int) -> tuple[np.ndarray, np.ndarray]:
        """Passage ``passage``'s sentence spans (in its text) and their vectors (float32)."""
        a, b = int(self.rows[passage]), int(self.rows[passage + 1])
        spans = self.spans[a:b] if self.spans is not None else np.zeros((0, 2), np.int32)
        return spans, np.asarray(self.vectors[a:b], np.float32)

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors:
        spans = folder / SPANS  # 3 MB at 100k passages; an index of 2026-11-24 may lack it
        return cls(RowFile(folder / VECTORS), np.load(folder / ROWS, allow_pickle=False),
                   np.load(spans, allow_pickle=False) if spans.exists() else None)

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
    spans = np.array([span for c in chunks for span in c.sentences], np.int32).reshape(-1, 2)
    return SentenceVectors(vectors.astype(np.float16), rows, spans)


def mix(cosine: Mapping[int, float], best: Mapping[int, float], weight: float
        ) -> dict[int, float]:
    """``(1 − weight) × cosine + weight × best sentence`` for each row of ``cosine``."""
    return {row: (1 - weight) * c + weight * best[row] for row, c in cosine.items()}
