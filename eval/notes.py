"""The « Remarques » of a run: what its figures do not say on their own.

:func:`run_notes` writes a run's remarks from what ``search()`` returned; they name no
configuration. A report of several configurations gives each distinct remark once
and, when only some configurations have it, names them (:func:`merged`).

>>> run = {"q1": [("d1", 1.0)], "q2": []}
>>> run_notes({"q1": 3, "q2": 0}, run, ["q1", "q2"], ["q1", "q2"], level="passage",
...           depth=100, chunks=250, documents=12)[0][:56]
'1 requête(s) sans aucun résultat de search() : q2. Elles'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SHOWN = 5  # ids named in a remark; the others are counted


def ids(qids: Sequence[str], shown: int = SHOWN) -> str:
    """Up to ``shown`` ids, then how many in all.

    >>> ids(["q1", "q2"]), ids([f"q{i}" for i in range(7)])
    ('q1, q2', 'q0, q1, q2, q3, q4… (7 en tout)')
    """
    head = ", ".join(qids[:shown])
    return head if len(qids) <= shown else f"{head}… ({len(qids)} en tout)"


def _mean(values: Sequence[int]) -> str:
    """A mean as a count: ``3`` when whole, else one decimal (``8.1``)."""
    m = sum(values) / len(values) if values else 0.0
    return f"{m:.0f}" if m.is_integer() else f"{m:.1f}"


def run_notes(returned: Mapping[str, int], run: Mapping[str, Sequence[Any]],
              judged: Sequence[str], in_scope: Sequence[str], *, level: str, depth: int,
              chunks: int, documents: int) -> list[str]:
    """Remarks on one run: ``returned`` is how many passages ``search()`` gave each query
    (``depth`` asked, ``chunks`` in the index), ``run`` what was scored, ``judged`` the
    scored queries (those with something relevant) among ``in_scope``."""
    notes = []
    empty = sorted(q for q in judged if not run.get(q))
    if empty:  # scored 0, but absent from the TREC file: trec_eval skips them without -c
        notes.append(f"{len(empty)} requête(s) sans aucun résultat de search() : {ids(empty)}. "
                     "Elles comptent 0 dans les moyennes ; un fichier TREC ne peut pas contenir "
                     "de classement vide : elles manquent au fichier `.trec`, et `trec_eval -c` "
                     "les compte (sans -c, il les ignore et ses moyennes sont plus hautes que "
                     "celles de ce rapport).")
    unjudged = [q for q in in_scope if q not in set(judged)]
    if unjudged:
        notes.append(f"{len(unjudged)} requête(s) dans le champ sans document pertinent "
                     f"(score > 0), ignorée(s) : {ids(unjudged)}.")
    counts = list(returned.values())
    if chunks <= depth:  # every passage fits in the ranking asked for
        every = all(n == chunks for n in counts)
        notes.append(f"R@{depth} : le corpus ne compte que {chunks} passages, pas plus que "
                     f"les {depth} demandés à search() ; "
                     + (f"chaque requête les a tous reçus : R@{depth} vaut 1 par construction."
                        if every else
                        f"R@{depth} y est le rappel de tout ce que search() a rendu."))
    if level == "document":
        folded = [len(run.get(q, [])) for q in returned]
        if sum(folded) / max(len(folded), 1) < min(depth, documents):
            notes.append(f"R@{depth} (documents) : search() a rendu {_mean(counts)} passage(s) "
                         f"par requête en moyenne ({depth} demandés), soit {_mean(folded)} "
                         "document(s) distinct(s) une fois repliés : R@"
                         f"{depth} est un rappel sur ces documents-là.")
    return notes


def merged(results: Sequence[Any]) -> list[tuple[str, str]]:
    """``(configurations, remark)``: each distinct remark of ``results`` once, in order;
    ``configurations`` names those that have it, or is empty when all of them do.

    >>> from types import SimpleNamespace as R
    >>> merged([R(config="a", notes=["x", "y"]), R(config="b", notes=["x"])])
    [('', 'x'), ('a', 'y')]
    """
    out = []
    for note in dict.fromkeys(n for r in results for n in r.notes):
        have = [r.config for r in results if note in r.notes]
        out.append(("" if len(have) == len(results) else ", ".join(have), note))
    return out
