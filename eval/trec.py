"""TREC run files: ``qid Q0 docid rank score tag``, one line per retrieved item.

Queries are written in sorted order and each ranking in the order ``search()``
returned it (ties inside ``search()`` are already broken by index row). Written
scores are made strictly decreasing (a tie is written 1e-6 below the previous line),
so ``trec_eval``, which re-sorts by score, reproduces exactly the same ranking; the
rank column starts at 1.

>>> import io
>>> buf = io.StringIO()
>>> write_run(buf, {"q2": [("d9", 0.5)], "q1": [("d1", 0.8), ("d2", 0.8), ("d3", 0.1)]}, "hybride")
>>> print(buf.getvalue(), end="")
q1 Q0 d1 1 0.800000 hybride
q1 Q0 d2 2 0.799999 hybride
q1 Q0 d3 3 0.100000 hybride
q2 Q0 d9 1 0.500000 hybride
>>> read_run(io.StringIO(buf.getvalue()))["q1"][1]
('d2', 0.799999)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from eval.data import DatasetError, blank_id, has_blank, where
from eval.metrics import Run

_TAG = re.compile(r"[^\w.+-]")
STEP = 1e-6


def strictly_decreasing(scores: list[float]) -> list[float]:
    """Scores rounded to 6 decimals, each at least ``STEP`` below the previous one."""
    out: list[float] = []
    for s in scores:
        value = round(s, 6)
        if out and value > out[-1] - STEP / 2:
            value = round(out[-1] - STEP, 6)
        out.append(value)
    return out


def write_run(f: TextIO, run: Run, tag: str) -> None:
    """A blank inside an id would shift the columns: refused before anything is written."""
    tag = _TAG.sub("_", tag) or "pacte"
    bad = next((i for q, r in run.items() for i in (q, *(d for d, _ in r)) if has_blank(i)), None)
    if bad is not None:
        raise DatasetError(blank_id(bad))
    for qid in sorted(run):
        ranked = run[qid]
        scores = strictly_decreasing([s for _, s in ranked])
        for rank, ((doc, _), score) in enumerate(zip(ranked, scores, strict=True), start=1):
            f.write(f"{qid} Q0 {doc} {rank} {score:.6f} {tag}\n")


def save_run(path: Path, run: Run, tag: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        write_run(f, run, tag)
    return path


def read_run(f: TextIO, name: str = "<run>") -> Run:
    """A TREC run, each ranking ordered by its rank column."""
    rows: dict[str, list[tuple[int, str, float]]] = {}
    for n, line in enumerate(f, start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 6:
            raise DatasetError(f"{where(name, n)} : 6 colonnes attendues "
                               "(qid Q0 docid rang score étiquette).")
        qid, _q0, doc, rank, score, _tag = parts
        try:
            rows.setdefault(qid, []).append((int(rank), doc, float(score)))
        except ValueError:
            raise DatasetError(f"{where(name, n)} : rang ou score non numérique.") from None
    return {q: [(d, s) for _, d, s in sorted(r)] for q, r in rows.items()}


def load_run(path: Path) -> Run:
    with path.open(encoding="utf-8-sig") as f:  # a BOM, as some editors write, is allowed
        return read_run(f, str(path))
