"""``GET /documents``, ``/documents/{id}`` and ``/chunks/{id}``: the reader behind a citation."""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query

from api.deps import RetrieverDep
from api.schemas import ChunkOut, DocumentDetail, DocumentOut, ErrorOut, PassageRef

router = APIRouter(tags=["textes"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Introuvable"}}
Id = Annotated[str, Path(max_length=300, examples=["pacte-2015-aurore"])]


def _document(d: dict[str, Any], chunks: int) -> dict[str, Any]:
    return {"doc_id": d["doc_id"], "title": d.get("title", ""), "publisher": d.get("publisher", ""),
            "date": d.get("date", ""), "url": d.get("url", ""), "edition": d.get("edition", ""),
            "language": d.get("language", ""), "chars": d["chars"], "chunks": chunks}


def _ref(c: dict[str, Any]) -> PassageRef:
    return PassageRef(chunk_id=c["chunk_id"], kind=c["kind"], section=c["section"],
                      start=c["start"], end=c["end"], page=c.get("page"))


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(
    retriever: RetrieverDep,
    offset: Annotated[int, Query(ge=0, description="Documents à sauter")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Documents au plus")] = 100,
) -> list[dict[str, Any]]:
    """Les documents indexés, dans l'ordre de l'index, par pages de ``limit`` ; ``/health``
    en donne le nombre."""
    counts = Counter(c["doc_id"] for c in retriever.chunks)  # one pass, not one per document
    page = islice(retriever.documents.values(), offset, offset + limit)
    return [_document(d, counts[d["doc_id"]]) for d in page]


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=NOT_FOUND)
def get_document(doc_id: Id, retriever: RetrieverDep) -> dict[str, Any]:
    """Un document : son texte entier et ses passages, avec leurs positions."""
    d = retriever.documents.get(doc_id)
    if d is None:
        raise HTTPException(404, f"Document inconnu : {doc_id}")
    passages = [_ref(retriever.chunks[i]) for i in retriever.rows_of(doc_id)]
    return {**_document(d, len(passages)), "text": retriever.texts[doc_id], "passages": passages}


@router.get("/chunks/{chunk_id}", response_model=ChunkOut, responses=NOT_FOUND)
def get_chunk(chunk_id: Id, retriever: RetrieverDep) -> ChunkOut:
    """Un passage, ses positions dans le document, et ses voisins."""
    i = retriever.row(chunk_id)
    if i is None:
        raise HTTPException(404, f"Passage inconnu : {chunk_id}")
    c = retriever.chunks[i]
    d = retriever.documents[c["doc_id"]]
    same = [retriever.chunks[x]["chunk_id"] for x in retriever.rows_of(c["doc_id"])]
    j = same.index(chunk_id)
    return ChunkOut(**_ref(c).model_dump(), doc_id=c["doc_id"], title=d.get("title", ""),
                    url=d.get("url", ""), edition=d.get("edition", ""), text=c["text"],
                    previous=same[j - 1] if j > 0 else None,
                    next=same[j + 1] if j + 1 < len(same) else None)
