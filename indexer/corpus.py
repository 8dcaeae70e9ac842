"""The corpus: which files to index, their ids, and their metadata from ``corpus.toml`` manifests.

>>> ids = assign_ids([Path("a/Compte-rendu été.txt"), Path("b/compte rendu ete.txt")], Manifest())
>>> [doc_id for doc_id, _ in ids.values()]
['compte-rendu-ete', 'compte-rendu-ete-2']
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from indexer.errors import PacteError, os_reason
from indexer.types import DocMeta

MANIFEST_NAME = "corpus.toml"
SUPPORTED = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
EDITIONS = ("2015-2020", "acte2-2021-2026", "")
_TEXT_KEYS = ("title", "publisher", "url", "edition", "language")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_README = re.compile(r"(?:readme|lisez-?moi)(?:\.\w+)?", re.IGNORECASE)
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
    date = _check_date(entry.get("date", ""), where)
    if entry.get("edition", "") not in EDITIONS:
        known = ", ".join(EDITIONS[:-1])
        raise ManifestError(f"{where} : édition « {entry['edition']} » inconnue ({known})")
    meta = DocMeta(date=date, **{k: entry[k].strip() for k in _TEXT_KEYS if k in entry})
    return entry["file"], entry["id"], meta


def _toml_error(exc: tomllib.TOMLDecodeError) -> str:
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
        raise ManifestError(f"{path} : TOML invalide, {_toml_error(exc)}") from exc
    documents = data.get("documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
        raise ManifestError(f"{path} : « documents » doit être une suite de tables [[documents]]")
    manifest = Manifest()
    seen_ids: set[str] = set()
    for n, entry in enumerate(documents, start=1):
        where = f"{path}, document n° {n}"
        file, doc_id, meta = _entry_meta(entry, where)
        key = str(_on_disk(path.parent / file, where, file, manifest.warnings).resolve())
        if key in manifest or doc_id in seen_ids:
            what = f"fichier « {file} »" if key in manifest else f"id « {doc_id} »"
            raise ManifestError(f"{where} : {what} déjà décrit plus haut")
        seen_ids.add(doc_id)
        manifest[key] = (doc_id, meta)
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


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)  # sorted, each real file once
    manifests: list[Path] = field(default_factory=list)  # the corpus.toml files met
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): unreadable
    notes: list[str] = field(default_factory=list)  # what was left out on purpose, and why


def _add(path: Path, found: dict[str, list[Path]], out: Discovery) -> None:
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")  # bytes not UTF-8: \\xe9
    if path.is_symlink() and not path.exists():
        out.skipped.append((shown, f"lien symbolique cassé (sa cible « {os.readlink(path)} »"
                                   " n'existe pas)"))
    elif shown != str(path):
        try:
            hint = f", par exemple en « {os.fsencode(path.name).decode('cp1252')} »"
        except UnicodeDecodeError:
            hint = ""
        out.skipped.append((shown, "nom de fichier illisible (encodage autre que UTF-8) : "
                                   f"renommez le fichier{hint}"))
    else:
        found.setdefault(os.path.realpath(path), []).append(path)


def discover(paths: list[Path]) -> Discovery:
    """Every candidate file under the given files and folders (recursively), sorted.

    Unsupported extensions are returned too, for the caller to report. Hidden files and
    corpus.toml are passed over; a folder's README is left out with a note (it describes the
    corpus, it is not part of it); files given by name are always kept, except corpus.toml.
    Symbolic links to folders are followed once; a file reached by several paths (a link
    beside it) is kept once, under its real path.
    """
    out, walked, found = Discovery(), set[str](), dict[str, list[Path]]()
    todo = [p for p in paths if p.is_dir()]
    for path in (p for p in paths if not p.is_dir()):
        if not path.exists() and not path.is_symlink():
            raise PacteError(f"{path} : fichier ou dossier introuvable")
        if path.name != MANIFEST_NAME:
            _add(path, found, out)
        if (path.parent / MANIFEST_NAME).is_file():
            out.manifests.append(path.parent / MANIFEST_NAME)
    while todo:  # the given folders first, then the folders that links lead to
        top = todo.pop(0)
        if top.is_symlink() and os.path.realpath(top) in walked:
            out.notes.append(f"{top} : lien symbolique vers le dossier "
                             f"{os.path.realpath(top)}, déjà parcouru : non suivi")
            continue
        for root, dirs, files in os.walk(top):
            real = os.path.realpath(root)
            if real in walked:  # a folder given twice
                dirs[:] = []
                continue
            walked.add(real)
            subs = sorted(d for d in dirs if not d.startswith("."))
            links = {d for d in subs if os.path.islink(Path(root) / d)}
            todo += [Path(root) / d for d in subs if d in links]
            dirs[:] = [d for d in subs if d not in links]
            for name in sorted(files):
                if name == MANIFEST_NAME:
                    out.manifests.append(Path(root) / name)
                elif _README.fullmatch(name):
                    out.notes.append(f"{Path(root) / name} : non indexé, fichier de description "
                                     "du dossier (README) ; renommez-le pour l'indexer")
                elif not name.startswith((".", "~$")):  # hidden, Word lock files (~$x.docx)
                    _add(Path(root) / name, found, out)
    for same in found.values():  # the real file rather than a link to it
        keep = min(same, key=lambda p: (p.is_symlink(), str(p)))
        out.files.append(keep)
        out.notes += [f"{p} : lien symbolique vers {keep}, indexé une seule fois"
                      for p in same if p.is_symlink() and p != keep]
    unique = {os.path.realpath(m): m for m in out.manifests}
    out.files, out.manifests = sorted(out.files), sorted(unique.values())
    return out


def slugify(text: str) -> str:
    """A stable ASCII slug: "Bilan d’étape – Acte 2" → "bilan-d-etape-acte-2"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "document"


def assign_ids(files: list[Path], manifest: Manifest) -> dict[Path, tuple[str, DocMeta]]:
    """Each file's id and metadata: from the manifest, else a slug of its name. Slugs are
    made unique in sorted path order (-2, -3…), never taking an id the manifest chose, so
    that ids stay the same from one build to the next."""
    taken = {doc_id for doc_id, _ in manifest.values()}
    ids: dict[Path, tuple[str, DocMeta]] = {}
    for path in sorted(files):
        if entry := manifest.get(str(path.resolve())):
            ids[path] = entry[0], replace(entry[1])
            continue
        slug, n = slugify(path.stem), 1
        while (doc_id := slug if n == 1 else f"{slug}-{n}") in taken:
            n += 1
        taken.add(doc_id)
        ids[path] = doc_id, DocMeta()
    return ids
