"""Configurations to evaluate: named sets of :class:`~indexer.settings.Settings` overrides.

A configuration never changes code paths: it is a handful of settings that the one
``Retriever.search()`` honours (``retrieval`` = ``bm25`` / ``dense`` / ``hybrid``,
``fusion``, ``dense_weight``, ``chunk_tokens``…). A TOML file may give the overrides
of ``pacte eval run`` at its top level, and named configurations as tables:

.. code-block:: toml

    dense_weight = 0.5        # pacte eval run --config this.toml

    [bm25-sans-accents]       # pacte eval compare --config this.toml
    retrieval = "bm25"
    restore_accents = false

>>> parse_overrides(["dense_weight=0.5", "retrieval=bm25"])
{'dense_weight': 0.5, 'retrieval': 'bm25'}
>>> sorted(BUILTIN)[:3]
['bm25', 'dense', 'hybride']

A configuration's name is also the name of its report files, so it must be a plain
file name (letters, digits, ``_ - . +``, not starting with a dot); others are refused
rather than rewritten (two rewritten names could collide, and the report would not
show the name that was typed):

>>> check_name("passages-120", "x")
'passages-120'
>>> try:
...     check_name("bm25/seul", "cfg.toml [bm25/seul]")
... except DatasetError as e:
...     print(str(e).split(" (")[0])
cfg.toml [bm25/seul] : nom de configuration 'bm25/seul' refusé
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eval.data import DatasetError
from indexer.errors import describe_error
from indexer.manifest import toml_error
from indexer.settings import Settings

REFERENCE = "hybride"  # the default configuration; comparisons are made against it
BUILTIN: dict[str, dict[str, Any]] = {
    "hybride": {},
    "bm25": {"retrieval": "bm25"},
    "dense": {"retrieval": "dense"},
    "rrf": {"fusion": "rrf"},
    "min-max": {"fusion": "weighted"},  # the default before linear fusion: min-max, dense 0.5
    "sans-plafond": {"bm25_cap": None, "coverage_weight": 0.075},  # the previous default
    "passages-120": {"chunk_tokens": 120},
    "passages-300": {"chunk_tokens": 300},
}
RETRIEVERS = ("hybride", "bm25", "dense")
NOT_OVERRIDABLE = {"data_dir", "index_dir", "cache_dir", "models_dir"}
_NAME = re.compile(r"\w[\w.+-]{0,79}")


def check_name(name: str, origin: str) -> str:
    """``name`` if it is safe as a file name, else a :class:`DatasetError`."""
    if not _NAME.fullmatch(name):
        raise DatasetError(f"{origin} : nom de configuration {name!r} refusé (il sert de nom "
                           "de fichier : lettres, chiffres, _ - . + seulement, pas de point "
                           "au début).")
    return name


def check_overrides(overrides: dict[str, Any], origin: str) -> dict[str, Any]:
    """Known setting names only, values that :class:`Settings` accepts."""
    fields = set(Settings.model_fields) - NOT_OVERRIDABLE
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise DatasetError(f"{origin} : réglage(s) inconnu(s) {', '.join(unknown)} "
                           f"(connus : {', '.join(sorted(fields))}).")
    try:
        checked = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DatasetError(f"{origin} : valeur invalide pour {first['loc'][0]} "
                           f"({describe_error(dict(first))}).") from None
    return {k: getattr(checked, k) for k in overrides}


def parse_overrides(pairs: Sequence[str], origin: str = "--set") -> dict[str, Any]:
    """``["key=value", …]`` → checked overrides (values parsed by the Settings types)."""
    raw: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise DatasetError(f"{origin} : « {pair} » n'est pas de la forme CLÉ=VALEUR.")
        raw[key.strip()] = value.strip()
    return check_overrides(raw, origin)


def read_config(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """``(top-level overrides, {name: overrides})`` from a TOML file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path} : fichier de configuration introuvable.") from None
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{path} : TOML invalide, {toml_error(exc)}.") from None
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    named = {check_name(k, f"{path} [{k}]"): check_overrides(v, f"{path} [{k}]")
             for k, v in data.items() if isinstance(v, dict)}
    return check_overrides(top, str(path)), named


def run_config(path: Path) -> dict[str, Any]:
    """The top-level overrides of ``path`` (``pacte eval run``); tables are refused."""
    top, named = read_config(path)
    if named:
        raise DatasetError(f"{path} : tables [{'], ['.join(named)}] : elles décrivent des "
                           "configurations pour `pacte eval compare` ; `pacte eval run` ne lit "
                           "que les réglages de premier niveau.")
    return top


def compare_configs(path: Path) -> dict[str, dict[str, Any]]:
    """The named configurations of ``path`` (``pacte eval compare``); top-level keys are
    refused, as no configuration would use them."""
    top, named = read_config(path)
    if top:
        raise DatasetError(f"{path} : réglage(s) de premier niveau {', '.join(sorted(top))} : "
                           "`pacte eval compare` ne lit que les tables [nom] (une par "
                           "configuration) ; mettez ces réglages dans une table.")
    clash = [n for n in named if n in BUILTIN]
    if clash:  # it would replace the built-in one under the same name in the report
        raise DatasetError(f"{path} [{clash[0]}] : nom déjà pris par une configuration "
                           f"intégrée (intégrées : {', '.join(BUILTIN)}) ; donnez à cette "
                           "table un autre nom.")
    return named


def select(names: Sequence[str] | None, extra: dict[str, dict[str, Any]] | None = None
           ) -> dict[str, dict[str, Any]]:
    """Named configurations then those of ``extra`` (a TOML file's: always run), each once,
    the reference first; default: the built-in ones and ``extra``.

    >>> list(select(["bm25", "x", "bm25"], {"y": {}, "x": {"fusion": "rrf"}}))
    ['bm25', 'x', 'y']
    """
    pool = {**BUILTIN, **(extra or {})}
    wanted = [*names, *(extra or {})] if names else list(pool)
    unknown = [n for n in wanted if n not in pool]
    if unknown:
        raise DatasetError(f"configuration(s) inconnue(s) : {', '.join(unknown)} "
                           f"(connues : {', '.join(pool)}).")
    ordered = sorted(dict.fromkeys(wanted), key=lambda n: n != REFERENCE)
    return {n: pool[n] for n in ordered}
