"""Reports: Markdown, a self-contained HTML page with plots, JSON, TREC runs and qrels.

Plots (matplotlib, no display needed): R@k curves, per-query wins and losses
against the reference configuration, latency histograms.

>>> summary_rows([]) == [["configuration", *MEASURES, "p50 ms", "p95 ms"]]
True
"""

from __future__ import annotations

import base64
import html
import json
import os
import platform
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.configs import check_name
from eval.metrics import MEASURES
from eval.runner import RunResult
from eval.stats import bootstrap_ci
from eval.trec import save_run

LEVELS = {"passage": "passage (citations exactes, chacune comptée une fois)",
          "document": "document (passages repliés au meilleur)"}
FILES = {"passage": "`<configuration>.trec` et `.qrels.tsv` sont ce qui a été mesuré (chaque "
                    "citation y devient un identifiant `requête#n`, à la place du premier passage "
                    "qui la porte) : trec_eval y retrouve ces chiffres ; "
                    "`<configuration>.passages.trec` garde les passages classés par search()",
         "document": "`<configuration>.trec` (documents) et `.qrels.tsv` : trec_eval y retrouve "
                     "ces chiffres"}


def summary_rows(results: Sequence[RunResult]) -> list[list[str]]:
    rows = [["configuration", *MEASURES, "p50 ms", "p95 ms"]]
    for r in results:
        rows.append([r.config, *(f"{r.scores[m]:.3f}" for m in MEASURES),
                     f"{r.cost['p50_ms']:.1f}", f"{r.cost['p95_ms']:.1f}"])
    return rows


def _md_table(rows: list[list[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def score(value: float | None) -> str:
    """A score with three decimals, "—" when undefined (no question to compute it on).

    >>> score(0.5), score(None)
    ('0.500', '—')
    """
    return "—" if value is None else f"{value:.3f}"


def comparison_rows(comparisons: Sequence[dict[str, Any]]) -> list[list[str]]:
    rows = [["configuration", "mesure", "référence", "config.", "Δ", "gagne/perd/égal",
             "t apparié p", "randomisation p"]]
    for c in comparisons:
        rows.append([c["config"], c["measure"], f"{c['mean_b']:.3f}", f"{c['mean_a']:.3f}",
                     f"{c['delta']:+.3f}", f"{c['wins']}/{c['losses']}/{c['ties']}",
                     _p(c["t_p"]), _p(c["rand_p"])])
    return rows


CI_MEASURES = ("nDCG@10", "R@5")


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


def _by_type(r: RunResult) -> list[list[str]]:
    groups: dict[str, list[float]] = defaultdict(list)
    for qid, scores in r.per_query.items():
        groups[r.query_types.get(qid) or "?"].append(scores["R@5"])
    return [["type", "questions", "R@5"]] + [[t, str(len(v)), f"{sum(v) / len(v):.3f}"]
                                              for t, v in sorted(groups.items())]


def plots(results: Sequence[RunResult], out: Path) -> list[Path]:
    """PNG files: R@k curves, wins/losses against the first result, latency histograms."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for r in results:
        ks = [int(m.split("@")[1]) for m in r.recall_curve]
        ax.plot(ks, list(r.recall_curve.values()), marker="o", label=r.config)
    ax.set(xscale="log", xlabel="k", ylabel="R@k", title="Rappel à k", ylim=(0, 1.02))
    ax.legend(fontsize=8)
    files.append(_save(fig, out / "rappel-k.png"))
    if len(results) > 1:
        ref = results[0]
        fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * (len(results) - 1)))
        names, wins, losses = [], [], []
        for r in results[1:]:
            common = set(r.per_query) & set(ref.per_query)
            diffs = [r.per_query[q]["nDCG@10"] - ref.per_query[q]["nDCG@10"] for q in common]
            names.append(r.config)
            wins.append(sum(d > 1e-12 for d in diffs))
            losses.append(-sum(d < -1e-12 for d in diffs))
        ax.barh(names, wins, color="#2a9d8f", label="gagnées")
        ax.barh(names, losses, color="#e76f51", label="perdues")
        ax.axvline(0, color="black", lw=0.8)
        ax.set(xlabel=f"requêtes (nDCG@10 contre « {ref.config} »)", title="Gains et pertes")
        ax.legend(fontsize=8)
        files.append(_save(fig, out / "gains-pertes.png"))
    fig, ax = plt.subplots(figsize=(6, 4))
    for r in results:
        ax.hist(r.latencies_ms, bins=30, alpha=0.5, label=r.config)
    ax.set(xlabel="latence de search() (ms)", ylabel="requêtes", title="Latence des requêtes")
    ax.legend(fontsize=8)
    files.append(_save(fig, out / "latences.png"))
    return files


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def markdown(results: Sequence[RunResult], comparisons: Sequence[dict[str, Any]],
             info: dict[str, Any], images: Sequence[Path]) -> str:
    first = results[0]
    parts = [f"# Évaluation — {first.dataset}", "",
             f"- date : {time.strftime('%Y-%m-%d %H:%M')} ; machine : {platform.machine()}, "
             f"{os.cpu_count()} cœurs, Python {platform.python_version()}",
             f"- source : `{info.get('source', '')}`",
             f"- niveau : {LEVELS.get(first.level, first.level)}",
             f"- fichiers : {FILES[first.level]}",
             f"- requêtes : {info.get('in_scope', 0)} dans le champ, "
             f"{info.get('out_of_scope', 0)} hors champ", "",
             "## Recherche", "", _md_table(summary_rows(results)), "",
             "Intervalles de confiance à 95 % (bootstrap sur les requêtes, 10 000 tirages) : "
             "la marge d'un chiffre dû à l'échantillon de questions.", "",
             _md_table(ci_rows(results)), ""]
    if comparisons:
        parts += ["## Comparaisons (contre la première configuration)", "",
                  _md_table(comparison_rows(comparisons)), ""]
    answered = [r for r in results if r.abstention or r.citations]
    if answered:
        parts += ["## Abstention et citations (chemin de `/ask`)", "",
                  "| configuration | abstention précision | rappel | abstentions à tort | "
                  "citations exactes |", "|---|---|---|---|---|"]
        for r in answered:
            a, c = r.abstention or {}, r.citations or {}
            acc = c.get("accuracy")
            parts.append(f"| {r.config} | {score(a.get('precision'))} | "
                         f"{score(a.get('recall'))} | "
                         f"{a.get('abstained_in_scope', '')} / {a.get('in_scope', '')} | "
                         f"{'—' if acc is None else f'{acc:.3f}'} "
                         f"({c.get('citations', 0)} citations) |")
        parts.append("")
    parts += ["## Coûts", "", "| configuration | construction (s) | index réutilisé | "
              "documents | passages | vecteurs ajoutés au cache | RSS max (Mo) |",
              "|---|---|---|---|---|---|---|"]
    for r in results:
        c = r.cost
        parts.append(f"| {r.config} | {c['build_s']} | {'oui' if c['reused'] else 'non'} | "
                     f"{c['documents']} | {c['chunks']} | {c['new_vectors']} | "
                     f"{c['peak_rss_mb']} |")
    if any(r.query_types.get(q) for q in first.per_query for r in results[:1]):
        parts += ["", f"## R@5 par type de question ({first.config})", "",
                  _md_table(_by_type(first))]
    notes = sorted({n for r in results for n in r.notes})
    if notes:
        parts += ["", "## Remarques", "", *(f"- {n}" for n in notes)]
    parts += ["", "## Graphiques", "", *(f"![{p.stem}]({p.name})" for p in images), ""]
    return "\n".join(parts)


def to_html(md: str, images: Sequence[Path], title: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(md)
    for p in images:
        data = base64.b64encode(p.read_bytes()).decode()
        body = body.replace(f'src="{p.name}"', f'src="data:image/png;base64,{data}"')
    style = ("body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;"
             "padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
             "td:first-child,th:first-child{text-align:left}img{max-width:100%}")
    return (f'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{style}</style></head>"
            f"<body>\n{body}</body></html>\n")


def write_report(results: Sequence[RunResult], out: Path,
                 comparisons: Sequence[dict[str, Any]] = (),
                 info: dict[str, Any] | None = None) -> Path:
    """Everything in ``out``: report.md/.html, results.json, <config>.trec and .qrels.tsv.

    The run and qrels files are what was scored, so ``trec_eval`` on them gives the
    report's figures; span sets also get ``<config>.passages.trec`` (see ``FILES``).
    Configuration names become file names: unsafe ones are refused, never rewritten.
    """
    for r in results:
        check_name(r.config, "configuration")
    out.mkdir(parents=True, exist_ok=True)
    for r in results:
        save_run(out / f"{r.config}.trec", r.run, r.config)
        if r.passages:
            save_run(out / f"{r.config}.passages.trec", r.passages, r.config)
        with (out / f"{r.config}.qrels.tsv").open("w", encoding="utf-8") as f:
            for qid in sorted(r.qrels):
                f.writelines(f"{qid} 0 {d} {g}\n" for d, g in sorted(r.qrels[qid].items()))
    (out / "results.json").write_text(json.dumps(
        {"info": info or {}, "results": [r.to_dict() for r in results],
         "comparisons": list(comparisons)}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    images = plots(results, out)
    md = markdown(results, comparisons, info or {}, images)
    (out / "report.md").write_text(md, encoding="utf-8")
    (out / "report.html").write_text(to_html(md, images, f"Évaluation {results[0].dataset}"),
                                     encoding="utf-8")
    return out / "report.md"
