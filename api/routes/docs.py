"""``/docs``: the OpenAPI page, with its scripts served by the API itself (no CDN).

FastAPI's default page loads Swagger UI from a CDN: on an offline intranet it stays blank.
The ``fastapi-offline`` wheel carries the Swagger UI files (5.x, which reads OpenAPI 3.1);
these routes serve them from its folder.

>>> sorted(ASSETS)
['favicon.png', 'swagger-ui-bundle.js', 'swagger-ui.css']
>>> (STATIC / "swagger-ui-bundle.js").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "swagger-ui.css": "text/css; charset=utf-8", "favicon.png": "image/png"}
STATIC = Path(fastapi_offline.__file__).parent / "static"  # a dependency (pyproject.toml)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    base = request.scope.get("root_path", "") + "/docs"
    return get_swagger_ui_html(openapi_url=request.scope.get("root_path", "") + "/openapi.json",
                               title="Pacte — API", swagger_js_url=f"{base}/swagger-ui-bundle.js",
                               swagger_css_url=f"{base}/swagger-ui.css",
                               swagger_favicon_url=f"{base}/favicon.png")


@router.get("/docs/{name}")
def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"Fichier inconnu : {name}")
    return FileResponse(STATIC / name, media_type=ASSETS[name],
                        headers={"Cache-Control": "public, max-age=86400"})
