"""Errors as JSON ``{detail: …}`` in French: 422 for bad input, never a 500 for it.

>>> french_error({"type": "string_too_long", "loc": ("body", "question"),
...               "ctx": {"max_length": 1000}})
'question : texte trop long (1000 caractères au plus).'
>>> french_error({"type": "json_invalid", "loc": ("body", 12)})
'Corps de requête : JSON mal formé.'
>>> french_error({"type": "string_type", "loc": ("body", "query")})
'query : doit être du texte.'
>>> french_error({"type": "literal_error", "loc": ("body", "rating"),
...               "ctx": {"expected": "'up' or 'down'"}})
"rating : valeur non permise (valeurs permises : 'up' ou 'down')."
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import EmptyQueryError, PacteError, UnknownDocumentError, describe_error

log = logging.getLogger("pacte.api")

BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's 400, in English
HTTP_MESSAGES = {404: "Introuvable.", 405: "Méthode non permise.", 413: "Requête trop grande.",
                 415: "Type de contenu non pris en charge : envoyez du JSON."}


def french_error(err: dict[str, Any]) -> str:
    """One pydantic error in a French sentence: "where : what"."""
    loc = [str(x) for x in err.get("loc", ())]
    if loc[:1] and loc[0] in ("body", "query", "path", "header"):
        loc = loc[1:]  # where the field was sent, not its name (a field may be named "query")
    where = ".".join(loc) if loc and not err.get("type", "").startswith("json") else ""
    return f"{where or 'Corps de requête'} : {describe_error(err)}."


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if request.method == "POST" and not _is_json(request.headers.get("content-type", "")):
            return JSONResponse({"detail": HTTP_MESSAGES[415]}, status_code=415)
        errors = [french_error(dict(e)) for e in exc.errors()]
        detail = errors[0] if len(errors) == 1 else " ; ".join(dict.fromkeys(errors))
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:  # not UTF-8, say
            return JSONResponse({"detail": "Corps de requête illisible : envoyez du JSON "
                                           "encodé en UTF-8."}, status_code=422)
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != _default(exc) \
            else HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return JSONResponse({"detail": detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(EmptyQueryError)
    @app.exception_handler(UnknownDocumentError)
    async def invalid(request: Request, exc: PacteError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(PacteError)
    async def pacte(request: Request, exc: PacteError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("erreur inattendue sur %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Erreur interne du serveur."}, status_code=500)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _default(exc: StarletteHTTPException) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(exc.status_code).phrase
    except ValueError:
        return ""
