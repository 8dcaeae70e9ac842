"""``corpus.toml`` manifests: each file's id and metadata, checked entry by entry.

A malformed manifest is a :class:`ManifestError` in French naming the file, the entry
and the key (TOML syntax errors with their line and column); an entry whose file is
missing is a warning, not an error. Which files are indexed is :mod:`indexer.corpus`'s.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "bilan.txt").write_text("Bilan.", encoding="utf-8")
>>> _ = (folder / MANIFEST_NAME).write_text(
...     '[[documents]]\\nfile = "bilan.txt"\\nid = "bilan-2023"\\ndate = 2023-06-01\\n'
...     'edition = "acte2-2021-2026"\\n', encoding="utf-8")
>>> [(i, m.date, m.edition) for i, m in load_manifest(folder / MANIFEST_NAME).values()]
[('bilan-2023', '2023-06-01', 'acte2-2021-2026')]
>>> _ = (folder / MANIFEST_NAME).write_text('[[documents]]\\nfile = "bilan.txt"\\n')
>>> try:
...     load_manifest(folder / MANIFEST_NAME)
... except ManifestError as e:
...     print(str(e).split(" : ")[1])
la clé « id » est obligatoire (texte non vide)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from indexer.errors import PacteError, os_reason
from indexer.types import DocMeta

MANIFEST_NAME = "corpus.toml"
EDITIONS = ("2015-2020", "acte2-2021-2026", "")
PACT_EDITIONS = [e for e in EDITIONS if e]  # a document with no edition is a user's
_TEXT_KEYS = ("title", "publisher", "url", "edition", "language")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TOML_WHERE = re.compile(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", re.DOTALL)
_TOML_FR = [(re.compile(en), fr) for en, fr in [  # tomllib's messages, most common first
    (r"Invalid value", "valeur invalide (un texte doit être entre guillemets)"),
    (r"Expected newline or end of document after a statement",
     "fin de ligne attendue après la valeur (date impossible, texte sans guillemets ?)"),
    (r"Invalid date or datetime", "date impossible"),
    (r"Unterminated string|Illegal character '\\n'", "texte sans guillemet fermant"),
    (r"Unclosed array", "liste sans « ] » fermant"),
    (r"Expected '=' after a key in a key/value pair", "« = » attendu après la clé"),
    (r"Expected '(\]\]?)' at the end of an? \w+ declaration", "« {0} » attendu en fin de ligne"),
    (r"Cannot overwrite a value", "clé déjà définie plus haut dans la même table"),
    (r"Cannot declare .* twice", "table déclarée deux fois"),
    (r"Unescaped '\\' in a string", "« \\ » à doubler dans un texte entre guillemets"),
    (r"(?:Illegal|Found invalid) character (.*)", "caractère interdit {0}"),
    (r"Invalid statement", "ligne incomprise (ni table [[documents]], ni clé = valeur)")]]


class ManifestError(PacteError):
    """A malformed corpus.toml: the message names the file, the entry and the key."""


class Manifest(dict[str, tuple[str, DocMeta]]):
    """{resolved file path: (doc_id, DocMeta)}; ``warnings`` for the index summary."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []


def _check_date(date: Any, where: str) -> str:
    if isinstance(date, dt.date):  # an unquoted TOML date: date = 2015-02-20
        return date.isoformat()[:10]
    try:
        if not isinstance(date, str) or (date and not _ISO_DATE.fullmatch(date)):
            raise ValueError
        if len(date) > 4:  # AAAA-MM or AAAA-MM-JJ: a month, a day that exist
            dt.date.fromisoformat(date if len(date) == 10 else date + "-01")
    except ValueError:
        raise ManifestError(f"{where} : date « {date} » invalide (attendu : une date qui existe, "
                            "au format AAAA-MM-JJ)") from None
    return date


def _entry_meta(entry: dict[str, Any], where: str) -> tuple[str, str, DocMeta]:
    """Check one [[documents]] table; return (file, id, meta). Every problem of the entry is
    said at once, a line each, so that one run is enough to see them all."""
    problems: list[str] = []
    allowed = {"file", "id", "date", *_TEXT_KEYS}
    for key in entry:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            problems.append(f"{where} : clé inconnue « {key} » (clés possibles : {known})")
    for key in ("file", "id"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{where} : la clé « {key} » est obligatoire (texte non vide)")
    for key in _TEXT_KEYS:
        if not isinstance(entry.get(key, ""), str):
            problems.append(f"{where} : la clé « {key} » doit être un texte entre guillemets")
    if isinstance(entry.get("id"), str) and entry["id"].strip() and not _ID.fullmatch(entry["id"]):
        problems.append(
            f"{where} : id « {entry['id']} » invalide (lettres ASCII, chiffres, . _ - seulement)")
    date = ""
    try:
        date = _check_date(entry.get("date", ""), where)
    except ManifestError as exc:
        problems.append(str(exc))
    if isinstance(entry.get("edition", ""), str) and entry.get("edition", "") not in EDITIONS:
        known = ", ".join(EDITIONS[:-1])
        problems.append(f"{where} : édition « {entry['edition']} » inconnue ({known})")
    if problems:
        raise ManifestError("\n".join(problems))
    meta = DocMeta(date=date, **{k: entry[k].strip() for k in _TEXT_KEYS if k in entry})
    return entry["file"], entry["id"], meta


def toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message in French, with its line and column: "ligne 2, colonne 7 : …"."""
    found = _TOML_WHERE.fullmatch(str(exc))
    detail, line, column = found.groups() if found else (str(exc), None, None)
    where = f"ligne {line}, colonne {column}" if line else "en fin de fichier"
    for english, french in _TOML_FR:
        if said := english.fullmatch(detail):
            return f"{where} : {french.format(*said.groups())}"
    return f"{where} (message de l'analyseur TOML : {detail})"


def _on_disk(target: Path, where: str, file: str, warnings: list[str]) -> Path:
    """The file an entry names; else the one file of its folder whose name differs only by
    case or Unicode form (macOS), said in a warning; else ``target``, said missing."""
    if target.exists():
        return target
    folder, name = target.parent, unicodedata.normalize("NFC", target.name).casefold()
    names = os.listdir(folder) if folder.is_dir() else []  # only for a missing file
    near = sorted(n for n in names if unicodedata.normalize("NFC", n).casefold() == name)
    if len(near) == 1:
        warnings.append(f"{where} : fichier « {file} » introuvable, description appliquée à "
                        f"« {near[0]} » (même nom, casse différente) ; corrigez le manifeste")
        return folder / near[0]
    hint = f" ; vouliez-vous dire {' ou '.join(f'« {n} »' for n in near)} ?" if near else ""
    warnings.append(f"{where} : fichier « {file} » introuvable, entrée sans effet{hint}")
    return target


def load_manifest(path: Path) -> Manifest:
    """Read a corpus.toml: {resolved file path: (doc_id, DocMeta)}."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path} : le manifeste n'est pas en UTF-8 (octet illisible à la "
                            f"position {exc.start}) ; enregistrez-le en UTF-8") from exc
    except OSError as exc:
        raise ManifestError(f"{path} : lecture impossible ({os_reason(exc)})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path} : TOML invalide, {toml_error(exc)}") from exc
    documents = data.get("documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
        raise ManifestError(f"{path} : « documents » doit être une suite de tables [[documents]]")
    manifest = Manifest()
    seen_ids: set[str] = set()
    problems: list[str] = []  # of every entry, said together
    for n, entry in enumerate(documents, start=1):
        where = f"{path}, document n° {n}"
        said = entry.get("id")  # an id seen even in an entry with other problems
        twice = isinstance(said, str) and said in seen_ids
        if isinstance(said, str):
            seen_ids.add(said)
        try:
            file, doc_id, meta = _entry_meta(entry, where)
        except ManifestError as exc:
            problems.append(str(exc))
            file = ""
        key = str(_on_disk(path.parent / file, where, file, manifest.warnings).resolve()) \
            if file else ""
        if twice or key in manifest:
            what = f"fichier « {file} »" if key in manifest else f"id « {said} »"
            problems.append(f"{where} : {what} déjà décrit plus haut")
        elif file:
            manifest[key] = (doc_id, meta)
    if problems:
        raise ManifestError("\n".join(problems))
    return manifest


def load_manifests(paths: list[Path]) -> Manifest:
    """Several corpus.toml merged: an id or a file described twice is an error."""
    merged = Manifest()
    described: dict[str, Path] = {}  # id, and resolved file path → the manifest saying so
    for path in paths:
        manifest = load_manifest(path)
        merged.warnings += manifest.warnings
        for key, (doc_id, meta) in manifest.items():
            for what, value in ((f"id « {doc_id} »", doc_id), (f"fichier {key}", key)):
                if value in described:
                    raise ManifestError(f"{path} : {what} déjà décrit dans {described[value]}")
                described[value] = path
            merged[key] = (doc_id, meta)
    return merged
