"""Report tables: rows of cells, shared by the Markdown report and the terminal.

Each ``*_rows`` function returns a header row then one row per configuration (or
comparison, or question type), every cell already a string; :func:`md_table` writes them
as a Markdown table, :func:`eval.cli_common.table` as aligned text.

>>> print(md_table([["configuration", "R@5"], ["défaut", score(0.852)], ["bm25", score(None)]]))
| configuration | R@5 |
|---|---|
| défaut | 0.852 |
| bm25 | — |
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eval.metrics import MEASURES
from eval.stats import bootstrap_ci

if TYPE_CHECKING:  # eval.runner loads faiss and the indexer: not needed to format a score
    from eval.runner import RunResult

CI_MEASURES = ("nDCG@10", "R@5")


def md_table(rows: list[list[str]]) -> str:
    """A Markdown table: the first row is the header. A cell's « | » is escaped and its
    line breaks become spaces, so that text from a data set keeps to its cell.

    >>> print(md_table([["question"], ["A | B\\n ?"]]).splitlines()[-1])
    | A \\| B ? |
    """
    head, *body = rows
    lines = ["| " + " | ".join(map(_cell, head)) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(map(_cell, r)) + " |" for r in body])


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def summary_rows(results: Sequence[RunResult]) -> list[list[str]]:
    """Each configuration's mean scores and search latencies.

    >>> summary_rows([]) == [["configuration", *MEASURES, "p50 ms", "p95 ms"]]
    True
    """
    rows = [["configuration", *MEASURES, "p50 ms", "p95 ms"]]
    for r in results:
        rows.append([r.config, *(f"{r.scores[m]:.3f}" for m in MEASURES),
                     f"{r.cost['p50_ms']:.1f}", f"{r.cost['p95_ms']:.1f}"])
    return rows


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def score(value: float | None) -> str:
    """A score with three decimals, "—" when undefined (no question to compute it on).

    >>> score(0.5), score(None)
    ('0.500', '—')
    """
    return "—" if value is None else f"{value:.3f}"


def comparison_rows(comparisons: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Each configuration against the reference: means, Δ, wins/losses/ties, p-values."""
    rows = [["configuration", "mesure", "référence", "config.", "Δ", "gagne/perd/égal",
             "t apparié p", "randomisation p"]]
    for c in comparisons:
        rows.append([c["config"], c["measure"], f"{c['mean_b']:.3f}", f"{c['mean_a']:.3f}",
                     f"{c['delta']:+.3f}", f"{c['wins']}/{c['losses']}/{c['ties']}",
                     _p(c["t_p"]), _p(c["rand_p"])])
    return rows


def ci_rows(results: Sequence[RunResult]) -> list[list[str]]:
    """Each configuration's mean and 95 % bootstrap interval over its queries.

    >>> ci_rows([])
    [['configuration', 'questions', 'nDCG@10 [IC 95 %]', 'R@5 [IC 95 %]']]
    """
    rows = [["configuration", "questions", *(f"{m} [IC 95 %]" for m in CI_MEASURES)]]
    for r in results:
        cells = []
        for m in CI_MEASURES:
            lo, hi = bootstrap_ci([s[m] for s in r.per_query.values()])
            cells.append(f"{r.scores[m]:.3f} [{lo:.3f} ; {hi:.3f}]")
        rows.append([r.config, str(len(r.per_query)), *cells])
    return rows


def by_type_rows(r: RunResult) -> list[list[str]]:
    """One configuration's R@5 per question type ("?" for a question without one)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for qid, scores in r.per_query.items():
        groups[r.query_types.get(qid) or "?"].append(scores["R@5"])
    return [["type", "questions", "R@5"]] + [[t, str(len(v)), f"{sum(v) / len(v):.3f}"]
                                              for t, v in sorted(groups.items())]


def abstention_error_rows(abstention: dict[str, Any] | None) -> list[list[str]]:
    """The questions behind a configuration's abstention errors (``RunResult.abstention``),
    each with its confidence.

    >>> abstention_error_rows({"wrong": [{"qid": "p1", "question": "A | B ?",
    ...                                   "confidence": 0.87}], "missed": []})[1:]
    [['abstention à tort', 'p1', 'A | B ?', '0.870']]
    """
    a = abstention or {}
    return [["erreur", "id", "question", "confiance"]] + [
        [kind, e["qid"], e["question"], f"{e['confidence']:.3f}"]
        for key, kind in (("wrong", "abstention à tort"), ("missed", "hors champ, répondue"))
        for e in a.get(key, [])]


def answer_rows(results: Sequence[RunResult]) -> list[list[str]]:
    """Abstention and citations (the path of ``/ask``) of the configurations that have them.

    >>> answer_rows([])[0][1:3]
    ['abstention précision', 'rappel']
    """
    rows = [["configuration", "abstention précision", "rappel", "abstentions à tort",
             "citations exactes"]]
    for r in results:
        if not (r.abstention or r.citations):
            continue
        a, c = r.abstention or {}, r.citations or {}
        rows.append([r.config, score(a.get("precision")), score(a.get("recall")),
                     f"{a.get('abstained_in_scope', '')} / {a.get('in_scope', '')}",
                     f"{score(c.get('accuracy'))} ({c.get('citations', 0)} citations "
                     "produites)"])
    return rows


def cost_rows(results: Sequence[RunResult]) -> list[list[str]]:
    """Each configuration's index build and the process's memory peak so far.

    >>> cost = {"build_s": 23.542, "reused": True, "documents": 3, "chunks": 9,
    ...         "new_vectors": 0, "peak_rss_mb": 412.0}
    >>> from types import SimpleNamespace as R
    >>> cost_rows([R(config="bm25", cost=cost)])[1][1:3]
    ['23.542 (exécution précédente)', 'oui']
    """
    rows = [["configuration", "construction (s)", "index réutilisé", "documents", "passages",
             "vecteurs ajoutés au cache", "RSS max du processus (Mo)"]]
    for r in results:
        c = r.cost
        rows.append([r.config, build_time(c), "oui" if c["reused"] else "non",
                     str(c["documents"]), str(c["chunks"]), str(c["new_vectors"]),
                     str(c["peak_rss_mb"])])
    return rows


def build_time(cost: dict[str, Any]) -> str:
    """The index's build time in seconds; a reused index was built by an earlier run, or
    by another configuration of the same comparison (``shared_with``).

    >>> build_time({"build_s": 2.5, "reused": False}), build_time({"build_s": None, "reused": True})
    ('2.5', '— (exécution précédente)')
    >>> build_time({"build_s": 2.5, "reused": True, "shared_with": "hybride"})
    '2.5 (index de hybride)'
    """
    seconds = "—" if cost.get("build_s") is None else str(cost["build_s"])
    if not cost.get("reused"):
        return seconds
    if cost.get("shared_with"):
        return f"{seconds} (index de {cost['shared_with']})"
    return f"{seconds} (exécution précédente)"


def settings_rows(results: Sequence[RunResult]) -> list[list[str]]:
    """One row per setting recorded with the runs, one column per configuration.

    >>> from types import SimpleNamespace as R
    >>> settings_rows([R(config="hybride", settings={"model": "e5", "bm25_cap": None})])
    [['réglage', 'hybride'], ['bm25_cap', '—'], ['model', 'e5']]
    """
    keys = sorted({k for r in results for k in r.settings})
    return [["réglage", *(r.config for r in results)],
            *([k, *("—" if r.settings.get(k) is None else str(r.settings[k])
                    for r in results)] for k in keys)]
