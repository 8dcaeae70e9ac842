"""``POST /feedback``: 👍 / 👎 on an answer, stored in SQLite."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import FeedbackDep, MetricsDep
from api.schemas import ErrorOut, FeedbackRequest, FeedbackResponse

router = APIRouter(tags=["service"])


@router.post("/feedback", status_code=201, response_model=FeedbackResponse,
             responses={422: {"model": ErrorOut}})
async def feedback(body: FeedbackRequest, store: FeedbackDep, metrics: MetricsDep
                   ) -> FeedbackResponse:
    """Enregistre l'avis sur une réponse (un par réponse : un nouvel envoi le remplace ; la raison
    est expurgée des données personnelles)."""
    first = await anyio.to_thread.run_sync(store.add, body.answer_id, body.rating, body.reason)
    if first:  # the reason that follows a rating, or a changed mind, is not a second vote
        metrics.feedback.labels(rating=body.rating).inc()
    return FeedbackResponse(ok=True)
