"""``GET /commitments``: the commitments most relevant to a topic, with facets, or as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from itertools import islice
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import RetrieverDep
from api.schemas import Commitment, CommitmentsOut, ErrorOut
from indexer.manifest import PACT_EDITIONS
from indexer.search import Filters, Retriever

router = APIRouter(tags=["textes"])
CSV_FIELDS = ["rank", "edition", "section", "text", "score", "doc_id", "chunk_id", "start",
              "end", "title", "publisher", "date", "url"]


def find(retriever: Retriever, q: str | None, k: int, edition: str | None = None
         ) -> list[dict[str, Any]]:
    """The ``k`` commitments of ``edition`` (any of the pact's with ``None``: a list item of
    a user's document, with no edition, is none) ranked by relevance to ``q``, or in
    document order without ``q``."""
    editions = [edition] if edition else PACT_EDITIONS
    if q and q.strip():
        filters = Filters(kinds=["commitment"], editions=editions)
        return [r.to_dict() for r in retriever.search(q, k, filters)]
    rows = (i for i, c in enumerate(retriever.chunks) if c["kind"] == "commitment"
            and retriever.documents[c["doc_id"]].get("edition") in editions)
    return [retriever.result(i).to_dict() for i in islice(rows, k)]


def _safe(value: Any) -> Any:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


@router.get("/commitments", response_model=CommitmentsOut, responses={
    200: {"content": {"text/csv": {}}, "description": "JSON, ou CSV avec format=csv"},
    422: {"model": ErrorOut}})
async def commitments(
    retriever: RetrieverDep,
    q: Annotated[str | None, Query(max_length=1000, description="Thème",
                                   examples=["logement"])] = None,
    edition: Annotated[Literal["2015-2020", "acte2-2021-2026"] | None, Query()] = None,
    k: Annotated[int, Query(ge=1, le=200)] = 20,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Les engagements les plus proches d'un thème, avec le nombre par édition et section."""
    # The facets count the k best of every edition; the results keep the k best of the one
    # asked for (filtered before the cut, so an edition is never crowded out).
    rows = await anyio.to_thread.run_sync(find, retriever, q, k)
    facets = {"edition": dict(Counter(r["edition"] for r in rows)),
              "section": dict(Counter(r["section"] for r in rows))}
    kept = rows if edition is None else await anyio.to_thread.run_sync(
        find, retriever, q, k, edition)
    items = [Commitment(rank=i, **{f: r[f] for f in Commitment.model_fields if f != "rank"})
             for i, r in enumerate(kept, 1)]
    if format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for item in items:
            writer.writerow({f: _safe(v) for f, v in item.model_dump().items()})
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="engagements.csv"'})
    return CommitmentsOut(q=q, edition=edition, results=items, facets=facets)
