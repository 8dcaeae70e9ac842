"""The corpus: which files to index, and their ids. Their metadata come from the
``corpus.toml`` manifests, read by :mod:`indexer.manifest`.

>>> ids = assign_ids([Path("a/Compte-rendu été.txt"), Path("b/compte rendu ete.txt")], Manifest())
>>> [doc_id for doc_id, _ in ids.values()]
['compte-rendu-ete', 'compte-rendu-ete-2']
>>> unsupported(Path("compte-rendu.doc"))
'extension non prise en charge (.doc) : enregistrez-le au format .docx ou .odt'
>>> distinct_titles([("rapport", Path("a/rapport.pdf")), ("Rapport", Path("b/rapport.pdf")),
...                  ("Bilan", Path("a/bilan.md"))])
['rapport (a/rapport.pdf)', 'Rapport (b/rapport.pdf)', 'Bilan']
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.errors import PacteError
from indexer.manifest import MANIFEST_NAME, Manifest
from indexer.types import DocMeta

SUPPORTED = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt"}
# What to do with a file of a common format that is not read: how to get one that is.
_CONVERT = {
    **dict.fromkeys((".doc", ".rtf", ".wpd"), "enregistrez-le au format .docx ou .odt"),
    **dict.fromkeys((".xls", ".xlsx", ".ods", ".csv"), "c'est un tableur ; copiez le texte "
                    "utile dans un document .docx, .odt ou .md"),
    **dict.fromkeys((".ppt", ".pptx", ".odp", ".key"), "c'est une présentation ; exportez-la "
                    "en PDF"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".heic", ".webp"),
                    "enregistrez l'image en PDF : une page scannée y est lue par "
                    "reconnaissance de caractères (OCR)"),
    **dict.fromkeys((".pages",), "exportez-le au format .docx ou en PDF"),
    **dict.fromkeys((".mhtml", ".mht", ".webarchive"), "c'est une page web archivée ; "
                    "enregistrez-la en « page web, HTML uniquement » (.html)"),
}


def unsupported(path: Path) -> str:
    """Why ``path`` is not read, with how to convert it when its format is a common one."""
    suffix = path.suffix.lower()
    hint = _CONVERT.get(suffix) or ("formats acceptés : " + ", ".join(sorted(SUPPORTED)))
    return f"extension non prise en charge ({suffix or 'aucune'}) : {hint}"


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_README = re.compile(r"(?:readme|lisez-?moi)(?:\.\w+)?", re.IGNORECASE)


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


def distinct_titles(titled: list[tuple[str, Path]]) -> list[str]:
    """The titles of ``titled`` ``(title, file)``, those shared by several files (same words,
    whatever the case and accents) each followed by its file's path from the files' common
    folder: two « rapport.pdf » of two folders, or two PDFs of one title, stay apart in
    citations."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (title, _) in enumerate(titled):
        groups[slugify(title)].append(i)
    out = [title for title, _ in titled]
    for rows in groups.values():
        if len(rows) > 1:
            paths = [titled[i][1].resolve() for i in rows]
            common = Path(os.path.commonpath(paths))
            for i, path in zip(rows, paths, strict=True):
                out[i] = f"{titled[i][0]} ({path.relative_to(common).as_posix()})"
    return out
