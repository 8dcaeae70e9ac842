"""Fast tests: the hashing fake, the SQLite cache and embed_with_cache (no real model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.embed import Embedder, HashEmbedder, fold
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.embed_model import SentenceTransformerEmbedder


class CountingEmbedder(HashEmbedder):
    """HashEmbedder that records every text it embeds."""

    passage_prompt = "passage: "

    def __init__(self) -> None:
        super().__init__(dim=32, name="counting")
        self.embedded: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super().embed_passages(texts)


TEXTS = ["L'accès aux droits", "Prévenir la rue", "Un toit pour tous", "L'accès aux droits"]


def test_hash_embedder_is_an_embedder() -> None:
    embedder: Embedder = HashEmbedder()
    assert (embedder.name, embedder.dim, embedder.passage_prompt) == ("fake-hash", 256, "")


def test_hash_embedder_exact_values() -> None:
    emb = HashEmbedder(dim=8)
    # Pinned: blake2b-64 of "bonjour" lands in bucket 7 with a negative sign; "un" in 0, "toit"
    # in 4, both positive. Indexes built with the fake depend on these staying put.
    np.testing.assert_array_equal(emb.embed_query("bonjour"), [0, 0, 0, 0, 0, 0, 0, -1])
    np.testing.assert_allclose(emb.embed_query("un toit"), [2**-0.5, 0, 0, 0, 2**-0.5, 0, 0, 0])
    np.testing.assert_array_equal(emb.embed_query("toit toit"), emb.embed_query("toit"))


def test_hash_embedder_deterministic_folded_normalised() -> None:
    emb = HashEmbedder()
    vectors = emb.embed_passages(["Été À PARIS", "ete a paris", "Autre chose"])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 256)
    np.testing.assert_array_equal(vectors[0], vectors[1])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(HashEmbedder().embed_query("Été à Paris"), vectors[0])
    assert not emb.embed_query("").any()
    assert emb.embed_passages([]).shape == (0, 256)
    assert emb.count_tokens("  deux   mots ") == 2
    assert fold("Œuvre Été ça") == "œuvre ete ca"


def test_cache_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "embeddings.sqlite"
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    with EmbeddingCache(path) as cache:
        assert cache.get_many("m", ["a", "b"]) == {}
        cache.put_many("m", ["a", "b"], vectors)
    with EmbeddingCache(path) as cache:  # persisted
        got = cache.get_many("m", ["b", "x", "a", "b"])
        assert sorted(got) == [0, 2, 3]
        np.testing.assert_array_equal(got[0], vectors[1])
        np.testing.assert_array_equal(got[2], vectors[0])
        assert got[0].dtype == np.float32
        assert cache.get_many("other-model", ["a"]) == {}
        assert len(cache) == 2
        with pytest.raises(ValueError):
            cache.put_many("m", ["a"], vectors)


def test_cache_many_keys(tmp_path: Path) -> None:
    texts = [f"texte {i}" for i in range(1234)]  # more than one SELECT chunk
    vectors = np.random.default_rng(0).random((len(texts), 4), dtype=np.float32)
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        cache.put_many("m", texts, vectors)
        got = cache.get_many("m", texts)
    assert len(got) == len(texts)
    np.testing.assert_array_equal(np.stack([got[i] for i in range(len(texts))]), vectors)


def test_embed_with_cache_embeds_each_text_once(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        first = embed_with_cache(emb, cache, TEXTS, progress=False, chunk_size=2)
        assert sorted(emb.embedded) == sorted(set(TEXTS))  # the duplicate is embedded once
        np.testing.assert_array_equal(first, HashEmbedder(dim=32).embed_passages(TEXTS))
        assert len(cache) == 3

        emb.embedded.clear()
        second = embed_with_cache(emb, cache, TEXTS, progress=False)
        assert emb.embedded == []
        np.testing.assert_array_equal(second, first)

        embed_with_cache(emb, cache, [*TEXTS, "Nouveau"], progress=False)
        assert emb.embedded == ["Nouveau"]


def test_cache_key_includes_prompt_and_model(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        embed_with_cache(emb, cache, ["Un toit"], progress=False)
        assert cache.get_many("counting", ["passage: Un toit"]).keys() == {0}
        assert cache.get_many("counting", ["Un toit"]) == {}
        emb.passage_prompt = "autre: "
        embed_with_cache(emb, cache, ["Un toit"], progress=False)
        assert emb.embedded == ["Un toit", "Un toit"]


def test_embed_with_cache_without_cache_and_empty() -> None:
    emb = HashEmbedder(dim=8)
    assert embed_with_cache(emb, None, [], progress=False).shape == (0, 8)
    out = embed_with_cache(emb, None, ["b", "a a a", "b"], progress=False)
    np.testing.assert_array_equal(out, emb.embed_passages(["b", "a a a", "b"]))


def test_real_embedder_is_lazy(tmp_path: Path) -> None:
    """Nothing is loaded at construction, nor when every vector is cached."""
    emb = SentenceTransformerEmbedder(str(tmp_path / "absent"), name="m", passage_prompt="p: ")
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        cache.put_many("m", ["p: un", "p: deux"], np.eye(2, 3, dtype=np.float32))
        out = embed_with_cache(emb, cache, ["deux", "un"], progress=False)
    np.testing.assert_array_equal(out, [[0, 1, 0], [1, 0, 0]])
    assert emb._model is None and emb._tokenizer is None
