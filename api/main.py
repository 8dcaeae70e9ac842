"""The FastAPI app factory: ``create_app(settings)``; ``lifespan`` loads the model and the
index, then watches for a rebuilt index (``api.state``).

Nothing heavy happens at import time: the index, the model and the sentence vectors are
loaded when the server starts (``pacte serve``, or a ``TestClient`` used as a context).

>>> app = create_app()
>>> sorted(path for path, ops in app.openapi()["paths"].items() if "post" in ops)
['/ask', '/feedback', '/search']
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
from fastapi import FastAPI

from api import errors
from api.metrics import Metrics
from api.middleware import (
    BodyLimitMiddleware,
    FrenchCORSMiddleware,
    ObserveMiddleware,
    RateLimitMiddleware,
)
from api.routes import ask, commitments, docs, documents, feedback, health, search, widget
from api.state import AppState
from indexer.embed import Embedder
from indexer.settings import Settings, get_settings

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger("pacte.api")

DESCRIPTION = """Recherche et réponses citées sur les textes du *Pacte parisien de lutte
contre la grande exclusion* (pacte 2015-2020 et Acte 2, 2021-2026).

Chaque réponse de `/ask` cite mot pour mot les phrases dont elle vient ; quand les textes ne
répondent pas, `grounded` vaut `false` et les passages les plus proches sont proposés."""

TAGS = [
    {"name": "questions", "description": "Réponses citées et recherche de passages."},
    {"name": "textes", "description": "Les documents, leurs passages et les engagements."},
    {"name": "service", "description": "Avis, état du service et métriques."},
]


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None
               ) -> FastAPI:
    """A new app; ``embedder`` lets a caller share an already loaded model."""
    settings = settings or get_settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.load(settings, embedder, metrics)
        app.state.pacte = state
        async with anyio.create_task_group() as tasks:
            if settings.reload_seconds > 0:
                tasks.start_soon(watch_index, state, settings.reload_seconds)
            try:
                yield
            finally:
                tasks.cancel_scope.cancel()
                await state.close()

    app = FastAPI(title="Pacte — API", version="0.1.0", description=DESCRIPTION,
                  openapi_tags=TAGS, lifespan=lifespan, docs_url=None, redoc_url=None)
    errors.install(app)
    for module in (ask, search, documents, commitments, feedback, health, widget, docs):
        app.include_router(module.router)
    # Added last = outermost: CORS headers go on every answer, 413 and 429 included.
    app.add_middleware(ObserveMiddleware, metrics=metrics)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute,
                       burst=settings.rate_limit_burst, metrics=metrics)
    origins = [o for o in settings.cors_origins if o != "*"]  # never a wildcard
    app.add_middleware(FrenchCORSMiddleware, allow_origins=origins, allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"],
                       expose_headers=["Retry-After"], max_age=600)
    return app


async def watch_index(state: AppState, every: float) -> None:
    """Every ``every`` seconds, serve the index ``pacte index`` has swapped in, if any."""
    while True:
        await anyio.sleep(every)
        try:
            await anyio.to_thread.run_sync(state.reload_if_changed)
        except Exception:  # whatever breaks a new index, the served one stays
            log.exception("nouvel index inutilisable, le précédent reste en service")


def server_config(settings: Settings | None = None, *, host: str | None = None,
                  port: int | None = None, embedder: Embedder | None = None
                  ) -> uvicorn.Config:
    """How ``pacte serve`` runs the app. Behind a reverse proxy listed in
    ``forwarded_allow_ips``, the client address (rate limit, logs) is the one the proxy
    puts in ``X-Forwarded-For``; from any other peer that header is ignored."""
    import uvicorn

    settings = settings or get_settings()
    return uvicorn.Config(create_app(settings, embedder=embedder), host=host or settings.host,
                          port=settings.port if port is None else port, access_log=False,
                          log_level="info", proxy_headers=True,
                          forwarded_allow_ips=settings.forwarded_allow_ips)
