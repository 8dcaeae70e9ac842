"""The corpus: which files to index, and their metadata from ``corpus.toml`` manifests.

>>> doc_id_for(Path("Pacte parisien (version définitive).PDF"), {})[0]
'pacte-parisien-version-definitive'
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from indexer.errors import PacteError
from indexer.types import DocMeta

MANIFEST_NAME = "corpus.toml"
SUPPORTED = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
EDITIONS = ("2015-2020", "acte2-2021-2026", "")
_TEXT_KEYS = ("title", "publisher", "url", "edition", "language")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

Manifest = dict[str, tuple[str, DocMeta]]


class ManifestError(PacteError):
    """A malformed corpus.toml: the message names the file, the entry and the key."""


def _entry_meta(entry: dict[str, Any], where: str) -> tuple[str, str, DocMeta]:
    """Check one [[documents]] table; return (file, id, meta)."""
    allowed = {"file", "id", "date", *_TEXT_KEYS}
    for key in entry:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ManifestError(f"{where} : clé inconnue « {key} » (clés possibles : {known})")
    for key in ("file", "id"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ManifestError(f"{where} : la clé « {key} » est obligatoire (texte non vide)")
    for key in _TEXT_KEYS:
        if not isinstance(entry.get(key, ""), str):
            raise ManifestError(f"{where} : la clé « {key} » doit être un texte entre guillemets")
    if not _ID.fullmatch(entry["id"]):
        raise ManifestError(
            f"{where} : id « {entry['id']} » invalide (lettres ASCII, chiffres, . _ - seulement)")
    date = entry.get("date", "")
    if isinstance(date, dt.date):  # an unquoted TOML date: date = 2015-02-20
        date = date.isoformat()[:10]
    if not isinstance(date, str) or (date and not _ISO_DATE.fullmatch(date)):
        raise ManifestError(f"{where} : date « {date} » invalide (format attendu : AAAA-MM-JJ)")
    if entry.get("edition", "") not in EDITIONS:
        known = ", ".join(EDITIONS[:-1])
        raise ManifestError(f"{where} : édition « {entry['edition']} » inconnue ({known})")
    meta = DocMeta(date=date, **{k: entry[k].strip() for k in _TEXT_KEYS if k in entry})
    return entry["file"], entry["id"], meta


def load_manifest(path: Path) -> Manifest:
    """Read a corpus.toml: {resolved file path: (doc_id, DocMeta)}."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} : lecture impossible ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path} : TOML invalide ({exc})") from exc
    documents = data.get("documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
        raise ManifestError(f"{path} : « documents » doit être une suite de tables [[documents]]")
    manifest: Manifest = {}
    seen_ids: set[str] = set()
    for n, entry in enumerate(documents, start=1):
        where = f"{path}, document n° {n}"
        file, doc_id, meta = _entry_meta(entry, where)
        key = str((path.parent / file).resolve())
        if key in manifest or doc_id in seen_ids:
            what = f"fichier « {file} »" if key in manifest else f"id « {doc_id} »"
            raise ManifestError(f"{where} : {what} déjà décrit plus haut")
        seen_ids.add(doc_id)
        manifest[key] = (doc_id, meta)
    return manifest


def load_manifests(paths: list[Path]) -> Manifest:
    """The corpus.toml of each given folder and of the folder of each given file, merged."""
    manifest: Manifest = {}
    folders = sorted({p if p.is_dir() else p.parent for p in (q.resolve() for q in paths)})
    for folder in folders:
        if (folder / MANIFEST_NAME).is_file():
            manifest.update(load_manifest(folder / MANIFEST_NAME))
    return manifest


_README = re.compile(r"(?:readme|lisez-?moi)(?:\.\w+)?", re.IGNORECASE)


def _skipped(name: str) -> bool:
    # Hidden files, the manifest, Word lock files (~$rapport.docx), a folder's README.
    return name.startswith((".", "~$")) or name == MANIFEST_NAME or bool(_README.fullmatch(name))


def discover(paths: list[Path]) -> list[Path]:
    """Every candidate file under the given files and folders (recursively), sorted.

    Unsupported extensions are returned too, so that the caller can report them. Hidden
    files, corpus.toml and README files are skipped in folders (a README describes the
    corpus, it is not part of it); files given by name are always kept, except corpus.toml.
    """
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if not _skipped(name):
                        found.setdefault((Path(root) / name).resolve(), Path(root) / name)
        elif path.is_file():
            if path.name != MANIFEST_NAME:
                found.setdefault(path.resolve(), path)
        else:
            raise PacteError(f"{path} : fichier ou dossier introuvable")
    return sorted(found.values())


def slugify(text: str) -> str:
    """A stable ASCII slug: "Bilan d’étape – Acte 2" → "bilan-d-etape-acte-2"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "document"


def doc_id_for(path: Path, manifest: Manifest) -> tuple[str, DocMeta]:
    """The manifest id and metadata of a file, else a slug of its name without extension
    and empty metadata (the reader then fills in the title it finds)."""
    entry = manifest.get(str(path.resolve()))
    if entry:
        return entry[0], replace(entry[1])
    return slugify(path.stem), DocMeta()
