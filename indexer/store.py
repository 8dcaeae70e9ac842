"""The index folder: FAISS vectors, chunks and documents as JSONL, BM25, the corpus's accented
spellings (``accents.json``), manifest.

``<data>/index`` is a symbolic link to a versioned folder ``<data>/index-<stamp>``.
A build writes a new versioned folder, then swaps the link with one atomic
``os.replace``: a crash or Ctrl-C at any point leaves the previous index serving.
No pickle anywhere: JSON, JSONL, FAISS's own format and bm25s's npy/json files.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with staging(root / "index") as tmp:
...     write_json(tmp / MANIFEST, {"format": FORMAT})
>>> read_manifest(root / "index")["format"]
'pacte-index/2'
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from indexer.errors import IndexDamagedError, IndexMismatchError, IndexMissingError

FORMAT = "pacte-index/2"  # 2: accents.json
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.jsonl"
BM25 = "bm25"
ACCENTS = "accents.json"


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path, shared: dict[str, str] | None = None) -> list[dict[str, Any]]:
    r"""The rows of ``path``. With ``shared``, equal short string values (ids, sections,
    kinds, formats…) become one object: 100k passages and their documents then take about
    30 MB less.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rows.jsonl"
    >>> p.write_text('{"kind": "text"}\n\n{"kind": "text"}\n', encoding="utf-8")
    35
    >>> a, b = read_jsonl(p, shared={})
    >>> a == b and a["kind"] is b["kind"]
    True
    """
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if shared is not None:  # row by row: the copies' memory goes to the next row
                share(row, shared)
            rows.append(row)
    return rows


def share(row: dict[str, Any], shared: dict[str, str]) -> None:
    """Replace ``row``'s short string values with the equal objects of ``shared``."""
    for key, value in row.items():
        if type(value) is str and len(value) <= 200:
            row[key] = shared.setdefault(value, value)


@contextlib.contextmanager
def staging(index_path: Path) -> Iterator[Path]:
    """Yield a fresh folder to build into; on success swap it in atomically.

    On any exception (KeyboardInterrupt included) the new folder is removed and
    the link still points at the previous index.
    """
    index_path = Path(index_path)
    parent = index_path.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(index_path)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = parent / f"{index_path.name}-{stamp}-{uuid.uuid4().hex[:6]}"
    tmp = parent / f".{target.name}.building-{os.getpid()}"
    tmp.mkdir()
    try:
        yield tmp
        os.replace(tmp, target)
        _point(index_path, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old(index_path, keep=target)


def _point(index_path: Path, target: Path) -> None:
    """Make ``index_path`` a link to ``target`` with a single atomic rename."""
    if index_path.exists() and not index_path.is_symlink():
        # An index folder from before links were used: move it aside first.
        aside = index_path.parent / f"{index_path.name}-legacy-{uuid.uuid4().hex[:6]}"
        os.replace(index_path, aside)
    link = index_path.parent / f".{index_path.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(target.name)
    os.replace(link, index_path)


def _remove_stale(index_path: Path) -> None:
    """Remove half-built folders left by a killed build (their process is gone)."""
    for p in index_path.parent.glob(f".{index_path.name}-*.building-*"):
        pid = int(p.name.rsplit("-", 1)[-1])
        if not _alive(pid):
            shutil.rmtree(p, ignore_errors=True)


def _remove_old(index_path: Path, keep: Path) -> None:
    """Remove the builds this module made before ``keep``: folders named exactly
    ``<index>-<stamp>-<hex>`` or ``<index>-legacy-<hex>``, never a user's ``index-copie``."""
    ours = re.compile(re.escape(index_path.name) + r"-(?:\d{8}T\d{6}|legacy)-[0-9a-f]{6}")
    for p in index_path.parent.glob(f"{index_path.name}-*"):
        if ours.fullmatch(p.name) and p.is_dir() and not p.is_symlink() \
                and p.resolve() != keep.resolve():
            shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def damaged(index_path: Path, exc: BaseException) -> IndexDamagedError:
    """The error for an index folder whose files cannot be read back."""
    return IndexDamagedError(f"Index endommagé dans {index_path} ({type(exc).__name__} : "
                             f"{exc}) : relancez `pacte index` pour le reconstruire.")


def read_manifest(index_path: Path) -> dict[str, Any]:
    path = Path(index_path) / MANIFEST
    if not path.exists():
        raise IndexMissingError(
            f"Aucun index dans {Path(index_path).resolve()} : lancez d'abord `pacte index`, ou "
            "indiquez le dossier de données d'un index existant avec PACTE_DATA_DIR.")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise damaged(index_path, exc) from None
    if manifest.get("format") != FORMAT:
        raise IndexMismatchError(
            f"L'index {index_path} est au format {manifest.get('format')!r}, "
            f"celui-ci lit {FORMAT!r}. Reconstruisez-le avec `pacte index`.")
    return manifest


def check_model(manifest: dict[str, Any], model: str, dim: int) -> None:
    """Refuse an index built with another model or dimension."""
    built = manifest["model"]
    if built["name"] != model or int(built["dim"]) != dim:
        raise IndexMismatchError(
            f"L'index a été construit avec le modèle {built['name']!r} (dimension {built['dim']}), "
            f"mais le modèle configuré est {model!r} (dimension {dim}). Reconstruisez l'index avec "
            f"`pacte index`, ou remettez PACTE_MODEL={built['name']}.")
