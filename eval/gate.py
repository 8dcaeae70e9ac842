"""Regression gate: nDCG@10 must not drop more than ``TOLERANCE`` below ``baseline.json``.

CI runs the pact gold set and a 300-question PIAF sample (test split) with the
default settings (``pacte eval gate``). Updating the committed baseline is a
separate, deliberate command (``pacte eval baseline``), which refuses to record a
drop unless told to accept it.

>>> base = {"sets": {"pacte": {"nDCG@10": 0.80}, "piaf": {"nDCG@10": 0.85}}}
>>> check({"pacte": {"nDCG@10": 0.79}, "piaf": {"nDCG@10": 0.82}}, base)
['piaf : nDCG@10 0.820 < 0.850 - 0.02']

The baseline's own ``tolerance`` wins over the default, and :func:`settings_changes`
names the settings that differ from the ones it was recorded with (a warning: the
gate measures the settings in force).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from eval.data import DatasetError, EvalSet, read_json
from eval.gold import load_gold
from eval.piaf import DEFAULT_PATH, GATE_SAMPLE, piaf_set
from eval.runner import RunResult, eval_settings, run_eval, settings_summary
from indexer.embed import Embedder
from indexer.embed_model import make_embedder
from indexer.settings import Settings

BASELINE = Path(__file__).parent / "baseline.json"
TOLERANCE = 0.02
MEASURE = "nDCG@10"


def gate_sets(piaf: Path = DEFAULT_PATH, sample: int = GATE_SAMPLE) -> list[EvalSet]:
    return [load_gold(), piaf_set(piaf, sample)]


def measure(sets: list[EvalSet], settings: Settings, work: Path | str,
            embedder: Embedder | None = None, progress: bool = True
            ) -> tuple[dict[str, dict[str, Any]], list[RunResult]]:
    """Scores of each set (retrieval only) with ``settings``."""
    embedder = embedder or make_embedder(settings, progress=progress)
    current: dict[str, dict[str, Any]] = {}
    results = []
    for s in sets:
        r = run_eval(s, eval_settings(settings, work, s.name), embedder, config="gate",
                     answers=False, progress=progress)
        results.append(r)
        current[s.name] = {**{m: round(v, 4) for m, v in r.scores.items()},
                           "queries": len(r.per_query), "p50_ms": r.cost["p50_ms"]}
    return current, results


def read_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The baseline, checked: every set has a numeric ``MEASURE``; ``tolerance`` a number."""
    if not path.exists():
        option = "" if path == BASELINE else f" --baseline {path}"
        raise DatasetError(f"{path} : pas de référence. Enregistrez-en une avec "
                           f"`pacte eval baseline{option}`.")
    data = read_json(path, "référence illisible")
    sets = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(sets, dict) or not sets:
        raise DatasetError(f"{path} : référence illisible (objet « sets » attendu).")
    for name, ref in sets.items():
        value = ref.get(MEASURE) if isinstance(ref, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise DatasetError(f"{path} : le jeu « {name} » n'a pas de {MEASURE} numérique.")
    tolerance = data.setdefault("tolerance", TOLERANCE)
    if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) \
            or not 0 <= tolerance < 1:
        raise DatasetError(f"{path} : tolérance {tolerance!r} invalide (nombre entre 0 et 1).")
    return data


def check(current: dict[str, dict[str, Any]], baseline: dict[str, Any],
          tolerance: float | None = None) -> list[str]:
    """Failures, one line per set whose ``MEASURE`` dropped by more than ``tolerance``
    (default: the baseline's own, else ``TOLERANCE``)."""
    if tolerance is None:
        tolerance = baseline.get("tolerance", TOLERANCE)
    failures = []
    for name, ref in sorted(baseline["sets"].items()):
        if name not in current:
            failures.append(f"{name} : absent de l'évaluation")
            continue
        now, then = current[name][MEASURE], ref[MEASURE]
        if now < then - tolerance - 1e-9:
            failures.append(f"{name} : {MEASURE} {now:.3f} < {then:.3f} - {tolerance}")
    return failures


def settings_changes(baseline: dict[str, Any], settings: Settings) -> list[str]:
    """Settings the baseline recorded that differ now, as « name : then → now ».

    >>> settings_changes({"settings": {"dense_weight": 0.4, "gone": 1}}, Settings())
    ['dense_weight : 0.4 → 0.5']
    """
    now = settings_summary(settings)
    then = baseline.get("settings") or {}
    return [f"{k} : {then[k]} → {now[k]}" for k in sorted(then) if k in now and then[k] != now[k]]


def write_baseline(current: dict[str, dict[str, Any]], settings: Settings,
                   path: Path = BASELINE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "measure": MEASURE, "tolerance": TOLERANCE, "recorded": time.strftime("%Y-%m-%d"),
        "settings": settings_summary(settings), "sets": current,
        "how": "pacte eval baseline (délibéré) ; vérifié par pacte eval gate",
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
