"""What the app loads at start-up (in ``lifespan``) and shares between requests.

``pacte index`` swaps in a new index folder by moving a link (``indexer.store``); a
running server notices the new target (:meth:`AppState.reload_if_changed`, polled by the
app every ``reload_seconds``), loads it beside the one it serves, then switches. A new
index that cannot be loaded is logged and the previous one keeps serving.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from api.answer import ExtractiveAnswerer
from api.feedback import FeedbackStore
from api.llm import LLMClient, SupportChecker
from api.metrics import Metrics
from api.qcache import QueryCache
from api.service import AskService
from indexer.embed import Embedder
from indexer.embed_model import make_embedder
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
    embedder: QueryCache | None = None  # the loaded model, kept for the next index
    target: str = ""  # the index folder last loaded (or tried), the link's target

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None,
             metrics: Metrics | None = None, *, feedback: bool = True) -> AppState:
        """Index, model, sentence vectors and, with ``feedback``, the feedback store (the
        API's; ``pacte ask`` records no vote and creates no ``feedback.sqlite``). An
        unusable index is reported by ``/health`` (503) rather than crashing the server."""
        state = cls(settings, metrics or Metrics())
        if feedback:
            state.feedback = FeedbackStore(settings.feedback_path)
        if settings.llm_base_url:
            state.llm = LLMClient(settings.llm_base_url, settings.llm_model,
                                  settings.llm_api_key, settings.llm_timeout_s)
        try:
            cached = QueryCache(embedder or make_embedder(settings, progress=False))
            cached.load()  # the model now, not on the first question
            if settings.api_threads > 0:  # after the model, whose own `threads` it overrides
                limit_threads(settings.api_threads)
        except PacteError as exc:
            state.error = str(exc)
            log.error("modèle indisponible : %s", exc)
            return state
        state.embedder = cached
        if not state.open_index():
            log.error("index indisponible : %s", state.error)
        return state

    def open_index(self) -> bool:
        """Load the index the link points at and serve it; on failure keep what is served
        (``error`` says why when nothing is)."""
        assert self.embedder is not None
        t0 = time.perf_counter()
        self.target = os.path.realpath(self.settings.index_path)
        # Read the folder the link points at now, not through the link, which another
        # build may move while this one loads.
        settings = self.settings.model_copy(update={"index_dir": Path(self.target)})
        try:
            retriever = Retriever.load(settings, embedder=self.embedder)
            answerer = ExtractiveAnswerer.from_retriever(retriever, self.settings)
            answerer.warm()
        except PacteError as exc:
            if self.retriever is None:
                self.error = str(exc)
            else:
                log.error("nouvel index inutilisable, le précédent reste en service : %s", exc)
            return False
        service = AskService(answerer, self.metrics, self.llm,
                             SupportChecker(answerer, self.settings.llm_support_threshold),
                             self.settings.log_questions)
        self.retriever, self.answerer, self.service = retriever, answerer, service
        self.error = None
        self.metrics.index_chunks.set(len(retriever))
        self.loaded_s = time.perf_counter() - t0
        log.info("index chargé : %d passages en %.1f s", len(retriever), self.loaded_s)
        return True

    def reload_if_changed(self) -> bool:
        """Serve the index ``pacte index`` swapped in since the last load, if any (each new
        folder is tried once); ``True`` when a new index now serves."""
        if self.embedder is None or os.path.realpath(self.settings.index_path) == self.target:
            return False
        return self.open_index()

    async def close(self) -> None:
        if self.embedder is not None:
            self.embedder.close()
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
