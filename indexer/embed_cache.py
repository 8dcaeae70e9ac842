"""The embedding cache: vectors already computed, keyed by content hash, so an unchanged
passage is never embedded twice.

:func:`embed_with_cache` embeds only what :class:`EmbeddingCache` does not hold yet; with
everything cached the embedder is not called, so a lazily loaded model is never loaded.

>>> import tempfile
>>> from indexer.embed import HashEmbedder
>>> emb, folder = HashEmbedder(dim=16), Path(tempfile.mkdtemp())
>>> with EmbeddingCache(folder / "embeddings.sqlite") as cache:
...     v = embed_with_cache(emb, cache, ["Un toit pour tous", "UN TOIT pour tous"], progress=False)
...     v.shape, bool((v[0] == v[1]).all()), round(float(v[0] @ v[0]), 6), len(cache)
((2, 16), True, 1.0, 2)
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from tqdm import tqdm

from indexer.errors import PacteError

if TYPE_CHECKING:
    from indexer.embed import Embedder


class EmbeddingCache:
    """Vectors already computed, in SQLite, keyed by (model name, sha256 of the embedded text)."""

    _CHUNK = 500  # keys per SELECT, under SQLite's parameter limit

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, "
                             "key BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key)) "
                             "WITHOUT ROWID")
        except sqlite3.DatabaseError as exc:
            raise PacteError(f"Cache des vecteurs illisible ({exc}) : supprimez {path}") from exc

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get_many(self, model: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors by position in ``texts``; misses are absent."""
        positions: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            positions.setdefault(self.key(text), []).append(i)
        keys, found = list(positions), {}
        with self._lock:
            for start in range(0, len(keys), self._CHUNK):
                part = keys[start : start + self._CHUNK]
                rows = self._db.execute(
                    "SELECT key, vector FROM vectors WHERE model = ? AND key IN "
                    f"({','.join('?' * len(part))})", [model, *part]).fetchall()
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32).copy()
                    found.update(dict.fromkeys(positions[key], vector))
        return found

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors (one transaction)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} textes pour {len(vectors)} vecteurs")
        rows = [(model, self.key(t), v.tobytes()) for t, v in zip(texts, vectors, strict=True)]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def embed_with_cache(embedder: Embedder, cache: EmbeddingCache | None, texts: Sequence[str],
                     progress: bool = True, chunk_size: int = 64, unit: str = "passage"
                     ) -> np.ndarray:
    """Vectors for ``texts`` (passages), in order; only texts missing from ``cache`` are embedded.

    When everything is cached the embedder is not called, so a lazy model is never loaded.
    """
    prompt = embedder.passage_prompt
    found = ({} if cache is None
             else cache.get_many(embedder.name, [prompt + t for t in texts]))
    missing: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if i not in found:
            missing.setdefault(text, []).append(i)
    todo = sorted(missing, key=len, reverse=True)  # similar lengths together: less padding
    desc = "Calcul des vecteurs" + ("" if unit == "passage" else f" ({unit}s)")
    with tqdm(total=len(todo), desc=desc, unit=unit,
              disable=not progress or not todo) as bar:
        for start in range(0, len(todo), chunk_size):
            part = todo[start : start + chunk_size]
            vectors = np.asarray(embedder.embed_passages(part), dtype=np.float32)
            if cache is not None:
                cache.put_many(embedder.name, [prompt + t for t in part], vectors)
            for text, vector in zip(part, vectors, strict=True):
                found.update(dict.fromkeys(missing[text], vector))
            bar.update(len(part))
    if not texts:
        return np.zeros((0, embedder.dim), np.float32)
    return np.stack([found[i] for i in range(len(texts))]).astype(np.float32, copy=False)
