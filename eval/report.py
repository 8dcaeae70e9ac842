"""Reports: Markdown, a self-contained HTML page with plots, JSON, TREC runs and qrels.

:func:`write_report` writes everything into one folder; the tables come from
:mod:`eval.tables`, the plots from :mod:`eval.plots`.

>>> page = to_html("# Évaluation", [], "Évaluation pacte-dev")
>>> page.startswith("<!doctype html>"), "<h1>Évaluation</h1>" in page
(True, True)
"""

from __future__ import annotations

import base64
import html
import json
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.configs import check_name
from eval.data import DatasetError
from eval.notes import merged
from eval.plots import PLOTS, plots
from eval.runner import RunResult
from eval.tables import (
    abstention_error_rows,
    answer_rows,
    by_type_rows,
    ci_rows,
    comparison_rows,
    cost_rows,
    md_table,
    settings_rows,
    summary_rows,
)
from eval.trec import save_run

LEVELS = {"passage": "passage (citations exactes, chacune comptée une fois)",
          "document": "document (passages repliés au meilleur)"}
FILES = {"passage": "`<configuration>.trec` et `.qrels.tsv` sont ce qui a été mesuré (chaque "
                    "citation y devient un identifiant `requête#n`, à la place du premier passage "
                    "qui la porte) : `trec_eval -c` y retrouve ces chiffres ; "
                    "`<configuration>.passages.trec` garde les passages classés par search()",
         "document": "`<configuration>.trec` (documents) et `.qrels.tsv` : `trec_eval -c` y "
                     "retrouve ces chiffres"}
RSS = ("RSS max : pic de mémoire du processus entier depuis son lancement, relevé à la fin de "
       "chaque configuration (pas la mémoire propre à une configuration).")


def markdown(results: Sequence[RunResult], comparisons: Sequence[dict[str, Any]],
             info: dict[str, Any], images: Sequence[Path]) -> str:
    first = results[0]
    parts = [f"# Évaluation — {first.dataset}", "",
             f"- date : {time.strftime('%Y-%m-%d %H:%M')} ; machine : {platform.machine()}, "
             f"{os.cpu_count()} cœurs, Python {platform.python_version()}",
             f"- source : `{info.get('source', '')}`",
             f"- modèle : `{first.settings.get('model', '?')}` (réglages complets en fin de "
             "rapport)",
             f"- niveau : {LEVELS.get(first.level, first.level)}",
             f"- fichiers : {FILES[first.level]}",
             f"- requêtes : {info.get('in_scope', 0)} dans le champ, "
             f"{info.get('out_of_scope', 0)} hors champ", "",
             "## Recherche", "", md_table(summary_rows(results)), "",
             "Intervalles de confiance à 95 % (bootstrap sur les requêtes, 10 000 tirages) : "
             "la marge d'un chiffre dû à l'échantillon de questions.", "",
             md_table(ci_rows(results)), ""]
    if comparisons:
        parts += ["## Comparaisons (contre la première configuration)", "",
                  md_table(comparison_rows(comparisons)), ""]
    answered = [r for r in results if r.abstention or r.citations]
    if answered:
        parts += ["## Abstention et citations (chemin de `/ask`)", "",
                  md_table(answer_rows(answered)), ""]
        for r in answered:
            errors = abstention_error_rows(r.abstention)
            if len(errors) > 1:
                parts += [f"### Erreurs d'abstention ({r.config})", "", md_table(errors), ""]
    parts += ["## Coûts", "", md_table(cost_rows(results)), "", RSS]
    if any(r.query_types.get(q) for q in first.per_query for r in results[:1]):
        parts += ["", f"## R@5 par type de question ({first.config})", "",
                  md_table(by_type_rows(first))]
    notes = merged(results)
    if notes:
        parts += ["", "## Remarques", "", *(f"- {who} : {n}" if who else f"- {n}"
                                            for who, n in notes)]
    parts += ["", "## Graphiques", "", *(f"![{p.stem}]({p.name})" for p in images), "",
              "## Réglages", "", md_table(settings_rows(results)), ""]
    return "\n".join(parts)


def to_html(md: str, images: Sequence[Path], title: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(md)  # text, not tags
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


def clear_previous(out: Path) -> None:
    """Remove the files an earlier report wrote into ``out`` (named by its results.json),
    so that a reused folder holds no stale run of a configuration not run this time.
    Files the report did not write are left alone."""
    try:
        old = json.loads((out / "results.json").read_text(encoding="utf-8"))
        configs = [r["config"] for r in old["results"]]
    except (OSError, ValueError, KeyError, TypeError):
        return
    names = ["report.md", "report.html", "results.json", *PLOTS]
    for config in configs:
        try:
            check_name(config, "configuration")  # never a path out of ``out``
        except (DatasetError, TypeError):
            continue
        names += [f"{config}{ext}" for ext in (".trec", ".passages.trec", ".qrels.tsv")]
    for name in names:
        (out / name).unlink(missing_ok=True)


def write_report(results: Sequence[RunResult], out: Path,
                 comparisons: Sequence[dict[str, Any]] = (),
                 info: dict[str, Any] | None = None) -> Path:
    """Everything in ``out``: report.md/.html, results.json, <config>.trec and .qrels.tsv.

    The run and qrels files are what was scored, so ``trec_eval -c`` on them gives the
    report's figures (a query without any result has no line in a run file); span sets
    also get ``<config>.passages.trec`` (see ``FILES``).
    Configuration names become file names: unsafe ones are refused, never rewritten.
    """
    for r in results:
        check_name(r.config, "configuration")
    out.mkdir(parents=True, exist_ok=True)
    clear_previous(out)
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
