"""What the app loads once at start-up (in ``lifespan``) and shares between requests."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from api.answer import ExtractiveAnswerer
from api.feedback import FeedbackStore
from api.llm import LLMClient, SupportChecker
from api.metrics import Metrics
from api.qcache import QueryCache
from api.service import AskService
from indexer.embed import Embedder, make_embedder
from indexer.errors import PacteError
from indexer.search import Retriever
from indexer.settings import Settings

log = logging.getLogger("pacte.api")


@dataclass
class AppState:
    settings: Settings
    metrics: Metrics = field(default_factory=Metrics)
    retriever: Retriever | None = None
    answerer: ExtractiveAnswerer | None = None
    service: AskService | None = None
    feedback: FeedbackStore | None = None
    llm: LLMClient | None = None
    error: str | None = None  # why the index could not be loaded
    loaded_s: float = 0.0

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> AppState:
        """Index, model, sentence vectors, feedback store; an unusable index is reported by
        ``/health`` (503) rather than crashing the server."""
        state = cls(settings)
        t0 = time.perf_counter()
        state.feedback = FeedbackStore(settings.feedback_path)
        try:
            cached = QueryCache(embedder or make_embedder(settings, progress=False))
            cached.load()  # the model now, not on the first question
            if settings.api_threads > 0:  # after the model, whose own `threads` it overrides
                limit_threads(settings.api_threads)
            retriever = Retriever.load(settings, embedder=cached)
            answerer = ExtractiveAnswerer.from_retriever(retriever, settings)
            answerer.warm()
        except PacteError as exc:
            state.error = str(exc)
            log.error("index indisponible : %s", exc)
            return state
        if settings.llm_base_url:
            state.llm = LLMClient(settings.llm_base_url, settings.llm_model,
                                  settings.llm_api_key, settings.llm_timeout_s)
        state.retriever, state.answerer = retriever, answerer
        state.service = AskService(answerer, state.metrics, state.llm,
                                   SupportChecker(answerer, settings.llm_support_threshold),
                                   settings.log_questions)
        state.metrics.index_chunks.set(len(retriever))
        state.loaded_s = time.perf_counter() - t0
        log.info("index chargé : %d passages en %.1f s", len(retriever), state.loaded_s)
        return state

    async def close(self) -> None:
        if self.retriever is not None and isinstance(self.retriever.embedder, QueryCache):
            self.retriever.embedder.close()
        if self.llm is not None:
            await self.llm.aclose()
        if self.feedback is not None:
            self.feedback.close()


def limit_threads(n: int) -> None:
    """Per-process thread pools of torch and FAISS (OpenMP), set once at start-up."""
    import faiss
    import torch

    torch.set_num_threads(n)
    faiss.omp_set_num_threads(n)
