"""``POST /ask``: a short answer of verbatim, cited sentences (JSON or server-sent events)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from api.deps import ServiceDep
from api.followup import Turn
from api.schemas import AskRequest, AskResponse, ErrorOut, RateLimitedOut

router = APIRouter(tags=["questions"])
log = logging.getLogger("pacte.api")

SSE_DOC = ("Avec `stream: true` ou `Accept: text/event-stream` : événements `citations`, "
           "puis un ou plusieurs `delta` (`{text}`), puis `done` (`{answer, took_ms}`) ; "
           "`error` (`{message}`) si la génération s'interrompt.")


@router.post("/ask", response_model=AskResponse, description=SSE_DOC, responses={
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
    422: {"model": ErrorOut, "description": "Question non valide"},
    429: {"model": RateLimitedOut, "description": "Trop de requêtes"},
})
async def ask(body: AskRequest, service: ServiceDep,
              accept: Annotated[str | None, Header(include_in_schema=False)] = None) -> Any:
    """Répond à une question par des phrases citées des textes du pacte."""
    history = [Turn(t.role, t.content) for t in body.history]
    if body.stream or "text/event-stream" in (accept or ""):
        return StreamingResponse(_sse(service.events(body.question, history)),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return await service.ask(body.question, history)


async def _sse(events: AsyncIterator[tuple[str, dict[str, Any]]]) -> AsyncIterator[str]:
    try:
        async for name, data in events:
            yield f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    except Exception:  # after the headers are sent, an error can only be an event
        log.exception("erreur pendant une réponse en flux")
        message = {"message": "Erreur pendant la réponse. Reposez la question."}
        yield f"event: error\ndata: {json.dumps(message, ensure_ascii=False)}\n\n"
