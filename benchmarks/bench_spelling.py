"""Typing slips: what a misspelt word costs, and what ``correct_spelling`` wins back.

    python -m benchmarks.bench_spelling [--split dev|test]

Each PIAF question gets one slip, drawn with a fixed seed: in one of its lowercase words
of six letters or more, a letter is dropped, doubled, replaced by a neighbour on an AZERTY
keyboard, or swapped with the next one. The questions are then asked through the real
``search()`` (hybrid default), as written and with the slip, with the correction on (the
default) and off. "As written" checks that correct questions lose nothing: the speller
must leave them alone. The rules of ``indexer.spelling`` were written before any run;
the dev split was run first, and the test split is the figure reported. The PIAF index
comes from ``benchmarks.piaf``'s folder. Results: ``benchmarks/results/spelling-<split>.json``.
"""

from __future__ import annotations

import random
import re
from typing import Any

from tqdm import tqdm

from benchmarks.bench_accents import OUT, indexed_split, run, save
from benchmarks.bench_core import machine
from benchmarks.piaf import scores
from indexer.search import Retriever
from indexer.settings import Settings

SEED = 20261123
_AZERTY = ["azertyuiop", "qsdfghjklm", "wxcvbn"]
_WORD = re.compile(r"[^\W\d_]{6,}")


def neighbours(letter: str) -> str:
    """Keys beside ``letter`` on its AZERTY row: ``neighbours("e") == "zr"``."""
    for row in _AZERTY:
        i = row.find(letter)
        if i >= 0:
            return row[max(i - 1, 0):i] + row[i + 1:i + 2]
    return ""


def slip(question: str, rng: random.Random) -> str:
    """``question`` with one slip in one of its long lowercase words (as is if none)."""
    spots = [m for m in _WORD.finditer(question) if m.group(0).islower()]
    if not spots:
        return question
    m = rng.choice(spots)
    word = m.group(0)
    for _ in range(20):
        i = rng.randrange(1, len(word) - 1)  # first and last letters stay, as in real slips
        kind = rng.choice(["drop", "double", "key", "swap"])
        if kind == "drop":
            typo = word[:i] + word[i + 1:]
        elif kind == "double":
            typo = word[:i] + word[i] + word[i:]
        elif kind == "key" and neighbours(word[i]):
            typo = word[:i] + rng.choice(neighbours(word[i])) + word[i + 1:]
        else:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if typo != word:
            return question[:m.start()] + typo + question[m.end():]
    return question


def main() -> None:
    name, qs = indexed_split(__doc__ or "")
    rng = random.Random(SEED)
    written = [q.text for q in qs]
    slipped = [slip(t, rng) for t in written]
    on = Retriever.load(Settings(data_dir=OUT))
    off = Retriever.load(Settings(data_dir=OUT, correct_spelling=False), embedder=on.embedder)
    fixed = [on.spell(t) for t in tqdm(slipped, desc="Corrections")]
    out: dict[str, Any] = {
        "benchmark": "spelling", "machine": machine(), "split": name, "seed": SEED,
        "questions": len(qs),
        "with_a_slip": sum(s != w for s, w in zip(slipped, written, strict=True)),
        "written_changed_by_speller": sum(bool(on.spell(t).changes) for t in written),
        "slip_corrected_exactly": sum(f.text == w for f, w, s in
                                      zip(fixed, written, slipped, strict=True) if s != w),
        "slip_changed_otherwise": sum(bool(f.changes) and f.text != w
                                      for f, w in zip(fixed, written, strict=True)),
        "examples": [{"slipped": s, "searched": f.text}
                     for s, f in list(zip(slipped, fixed, strict=True))[:12]],
        "hybrid": {
            "as written, correction off": scores(run(off, written, "tel quel, sans"), qs),
            "as written, correction on": scores(run(on, written, "tel quel, avec"), qs),
            "slipped, correction off": scores(run(off, slipped, "fautes, sans"), qs),
            "slipped, correction on": scores(run(on, slipped, "fautes, avec"), qs),
        },
    }
    save(f"spelling-{name}", out)


if __name__ == "__main__":
    main()
