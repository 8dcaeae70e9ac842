"""A query-vector cache in front of the embedder, with dynamic batching of cache misses.

Search, sentence scoring and the confidence all need the question's vector; the cache
makes the second and later calls free. Misses of concurrent requests are encoded
together: one worker thread takes whatever questions are waiting and encodes them in one
batch (a batch of 8 short questions costs about 3 times one on a CPU core), so a lone
client waits for nothing and 8 clients share forward passes. Everything else is passed
through to the inner embedder.

>>> from indexer.embed import HashEmbedder
>>> e = QueryCache(HashEmbedder(dim=8))
>>> v1 = e.embed_query("accès aux droits"); v2 = e.embed_query("accès aux droits")
>>> v1 is v2, e.name, e.dim, e.hits
(True, 'fake-hash', 8, 1)
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import numpy as np

from indexer.embed import Embedder

EncodeMany = Callable[[list[str]], np.ndarray]
Job = tuple[str, "Future[np.ndarray]"]


class Batcher:
    """Encodes the questions waiting at the same moment in one call of ``encode_many``.

    >>> b = Batcher(lambda texts: np.array([[len(t)] for t in texts], dtype=np.float32))
    >>> b("abc").tolist(), b("de").tolist()
    ([3.0], [2.0])
    >>> b.close()

    Once closed (the server stopping), a question is encoded directly: it would otherwise
    wait for a worker that is gone.

    >>> b("fgh").tolist()
    [3.0]
    """

    def __init__(self, encode_many: EncodeMany, max_batch: int = 32) -> None:
        self.encode_many, self.max_batch = encode_many, max_batch
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()  # no job is queued after the worker's stop
        self._thread = threading.Thread(target=self._run, name="pacte-requetes", daemon=True)
        self._thread.start()

    def __call__(self, text: str) -> np.ndarray:
        future: Future[np.ndarray] = Future()
        with self._lock:
            queued = not self._closed
            if queued:  # the worker reads every job put before its stop
                self._jobs.put((text, future))
        return future.result() if queued else self.encode_many([text])[0]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._jobs.put(None)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            batch, stop = [job], False
            while len(batch) < self.max_batch:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            try:
                vectors = self.encode_many([text for text, _ in batch])
            except BaseException as exc:  # the callers get the error, the worker goes on
                for _, future in batch:
                    future.set_exception(exc)
            else:
                for (_, future), vector in zip(batch, vectors, strict=True):
                    future.set_result(vector)
            if stop:
                return


def batch_encoder(inner: Embedder) -> EncodeMany | None:
    """Batched query encoding, when the embedder has it (None for others)."""
    embed_queries = getattr(inner, "embed_queries", None)
    return embed_queries if callable(embed_queries) else None


class QueryCache:
    def __init__(self, inner: Embedder, size: int = 512, batch: bool = True) -> None:
        self.inner, self.size = inner, size
        self.hits = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        encode_many = batch_encoder(inner) if batch else None
        self._batcher = Batcher(encode_many) if encode_many is not None else None

    def close(self) -> None:
        if self._batcher is not None:
            self._batcher.close()

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
        encode = self._batcher or self.inner.embed_query
        vector = encode(text)
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
