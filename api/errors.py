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

from indexer.errors import EmptyQueryError, PacteError

log = logging.getLogger("pacte.api")

MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_type": "doit être du texte",
    "string_too_long": "texte trop long ({max_length} caractères au plus)",
    "string_too_short": "texte trop court",
    "string_pattern_mismatch": "format non valide",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste",
    "model_type": "doit être un objet JSON",
    "dict_type": "doit être un objet JSON",
    "model_attributes_type": "doit être un objet JSON",
    "too_long": "liste trop longue ({max_length} éléments au plus)",
    "greater_than_equal": "doit valoir au moins {ge}",
    "less_than_equal": "doit valoir au plus {le}",
    "literal_error": "valeur non permise (valeurs permises : {expected})",
    "enum": "valeur non permise (valeurs permises : {expected})",
    "extra_forbidden": "champ inconnu",
    "json_invalid": "JSON mal formé",
    "json_type": "JSON attendu",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
}
BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's 400, in English
HTTP_MESSAGES = {404: "Introuvable.", 405: "Méthode non permise.", 413: "Requête trop grande.",
                 415: "Type de contenu non pris en charge : envoyez du JSON."}


def french_error(err: dict[str, Any]) -> str:
    """One pydantic error in a French sentence: "where : what"."""
    loc = [str(x) for x in err.get("loc", ())]
    if loc[:1] and loc[0] in ("body", "query", "path", "header"):
        loc = loc[1:]  # where the field was sent, not its name (a field may be named "query")
    where = ".".join(loc) if loc and not err.get("type", "").startswith("json") else ""
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    if kind == "value_error":
        what = str(ctx.get("error", err.get("msg", "valeur non valide")))
    else:
        if "expected" in ctx:  # pydantic lists choices as "'a', 'b' or 'c'"
            ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
        template = MESSAGES.get(kind, "valeur non valide")
        try:
            what = template.format(**ctx)
        except (KeyError, IndexError):
            what = template
    return f"{where or 'Corps de requête'} : {what}."


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
    async def empty(request: Request, exc: EmptyQueryError) -> JSONResponse:
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
