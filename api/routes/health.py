"""``GET /health`` (readiness and the index manifest) and ``GET /metrics`` (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import StateDep
from api.schemas import HealthOut

router = APIRouter(tags=["service"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(state: StateDep) -> JSONResponse:
    """Prêt ou non, et le résumé du manifeste de l'index."""
    r = state.retriever
    if r is None:
        body = HealthOut(status="indisponible", ready=False,
                         detail=state.error or "Chargement en cours.")
        return JSONResponse(body.model_dump(), status_code=503)
    m = r.manifest
    index = {"documents": m.get("corpus", {}).get("documents"), "chunks": len(r),
             "model": m.get("model", {}).get("name"), "built_at": m.get("built_at"),
             "corpus_sha256": m.get("corpus", {}).get("sha256"), "format": m.get("format")}
    body = HealthOut(status="ok", ready=True, index=index, llm=state.llm is not None)
    return JSONResponse(body.model_dump())


@router.get("/metrics", response_class=Response, responses={200: {"content": {
    CONTENT_TYPE_LATEST: {}}}})
def metrics(state: StateDep) -> Response:
    """Métriques Prometheus."""
    return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
