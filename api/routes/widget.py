"""The chat widget (``widget/dist/``) and its demo page (``widget/demo/index.html``)."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.deps import SettingsDep

router = APIRouter(include_in_schema=False)
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$")
NOT_BUILT = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Pacte — démo</title></head>
<body><h1>Pacte — API</h1>
<p>Le widget de démonstration n'est pas construit (<code>widget/demo/index.html</code>
introuvable). L'API fonctionne : voir la <a href="/docs">documentation</a>.</p></body></html>
"""


@router.get("/")
def demo(settings: SettingsDep) -> Response:
    page = settings.widget_dir / "demo" / "index.html"
    if page.is_file():
        return FileResponse(page, media_type="text/html; charset=utf-8")
    return HTMLResponse(NOT_BUILT)


@router.get("/widget/{name}")
def widget_file(name: str, settings: SettingsDep) -> Response:
    dist = (settings.widget_dir / "dist").resolve()
    path = (dist / name).resolve()
    if not _NAME.match(name) or path.parent != dist or not path.is_file():
        raise HTTPException(404, f"Le widget n'est pas construit ou ce fichier n'existe pas : "
                                 f"{name} (lancez widget/build.sh).")
    media = "text/javascript; charset=utf-8" if name.endswith(".js") else None
    return FileResponse(path, media_type=media)
