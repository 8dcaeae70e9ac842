"""Embedders: text → L2-normalised float32 vectors.

:class:`Embedder` is what the index builder and the retriever need; the real model is
:class:`indexer.embed_model.SentenceTransformerEmbedder`, built by
:func:`indexer.embed_model.make_embedder`. :class:`HashEmbedder` is a deterministic
stand-in for fast tests (same text up to case and accents, same vector). The cache of
computed vectors is :mod:`indexer.embed_cache`.

>>> emb = HashEmbedder(dim=16)
>>> v = emb.embed_passages(["Un toit pour tous", "UN TOIT pour tous"])
>>> v.shape, bool((v[0] == v[1]).all()), round(float(v[0] @ v[0]), 6)
((2, 16), True, 1.0)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """What the index builder and the retriever need from an embedding model."""

    @property
    def name(self) -> str: ...  # model id recorded in the index manifest
    @property
    def dim(self) -> int: ...
    @property
    def passage_prompt(self) -> str: ...  # prepended to passages; part of the cache key
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32
    def embed_query(self, text: str) -> np.ndarray: ...  # (dim,) float32
    def count_tokens(self, text: str) -> int: ...  # model tokens, no special tokens


_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lowercase and strip accents: ``fold("Été")`` → ``"ete"``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class HashEmbedder:
    """Deterministic fake: signed hashing of folded words into ``dim`` buckets, normalised."""

    passage_prompt = ""

    def __init__(self, dim: int = 256, name: str = "fake-hash") -> None:
        self.dim, self.name = dim, name

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, np.float32)
        for word in _WORD.findall(fold(text)):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            vector[h % self.dim] += -1.0 if h >> 63 else 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def count_tokens(self, text: str) -> int:
        return len(text.split())
