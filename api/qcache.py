"""A query-vector cache in front of the embedder: one ``/ask`` embeds its question once.

Search, sentence scoring and the confidence all need the question's vector; the cache
makes the second and later calls free. Everything else is passed through.

>>> from indexer.embed import HashEmbedder
>>> e = QueryCache(HashEmbedder(dim=8))
>>> v1 = e.embed_query("accès aux droits"); v2 = e.embed_query("accès aux droits")
>>> v1 is v2, e.name, e.dim, e.hits
(True, 'fake-hash', 8, 1)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from indexer.embed import Embedder


class QueryCache:
    def __init__(self, inner: Embedder, size: int = 512) -> None:
        self.inner, self.size = inner, size
        self.hits = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def passage_prompt(self) -> str:
        return self.inner.passage_prompt

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                self.hits += 1
                return hit
        vector = self.inner.embed_query(text)
        vector.setflags(write=False)  # shared between callers
        with self._lock:
            self._cache[text] = vector
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return vector

    def load(self) -> Any:
        """Load the inner model now, when it loads lazily."""
        load = getattr(self.inner, "load", None)
        return load() if callable(load) else None
