"""``POST /search``: the passages of the retrieval core, best first."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import RetrieverDep
from api.schemas import ErrorOut, SearchRequest, SearchResponse
from indexer.search import Filters, timed_search

router = APIRouter(tags=["questions"])


@router.post("/search", response_model=SearchResponse,
             responses={422: {"model": ErrorOut, "description": "Requête non valide"}})
async def search(body: SearchRequest, retriever: RetrieverDep) -> SearchResponse:
    """Cherche les passages les plus pertinents (recherche hybride dense + BM25)."""
    f = body.filters
    filters = Filters(f.doc_ids, f.editions, f.kinds) if f else None
    results, took = await anyio.to_thread.run_sync(timed_search, retriever, body.query, body.k,
                                                   filters)
    spelled = retriever.spell(body.query)  # what search() searched for, as it did
    return SearchResponse(query=body.query, took_ms=round(took, 2), results=results,
                          corrected_query=spelled.text if spelled.changes else None)
