"""What the ``pacte eval`` commands share: the output folder, options, a plain table.

>>> from click.testing import CliRunner
>>> @click.command()
... @quiet_opt
... def show(quiet: bool) -> None:
...     table([["jeu", "nDCG@10"], ["pacte", "0.856"]])
>>> print(CliRunner().invoke(show).output, end="")
jeu    nDCG@10
-----  -------
pacte    0.856
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

ROOT = Path("eval/out")  # indexes, built data sets, reports (ignored by git)

dataset_opt = click.option("--dataset", "-d", required=True,
                           help="pacte (pacte-dev : ses questions de réglage), piaf, fiches, "
                           "ou un dossier au format BEIR.")
piaf_opt = click.option("--piaf", type=click.Path(path_type=Path), default=None,
                        help="Fichier SQuAD de PIAF, ou son dossier "
                        "(défaut : shared/datasets/piaf).")
sample_opt = click.option("--sample", type=click.IntRange(0), default=300, show_default=True,
                          help="PIAF : questions tirées du découpage test (0 = les 1 000).")
split_opt = click.option("--split", default="test", show_default=True,
                         help="BEIR : fichier qrels/<split>.tsv.")
set_opt = click.option("--set", "pairs", multiple=True, metavar="CLÉ=VALEUR",
                       help="Réglage modifié, p. ex. --set retrieval=bm25.")
out_opt = click.Path(path_type=Path)  # --out: a folder (see out_folder)
quiet_opt = click.option("--quiet", "-q", is_flag=True, help="Sans barre de progression.")


def out_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--out``, refused before any work when it names a file."""
    if value is not None and value.exists() and not value.is_dir():
        raise click.BadParameter(f"{value} est un fichier, pas un dossier.")
    return value


def table(rows: list[list[str]]) -> None:
    """``rows[0]`` is the header; the first column is left-aligned, the others right."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        click.echo("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))


def info(evalset: Any) -> dict[str, Any]:
    """What a report says of its data set."""
    return {"source": evalset.source, "in_scope": len(evalset.in_scope()),
            "out_of_scope": len(evalset.out_of_scope()), "documents": len(evalset.documents)}


def remark(text: str) -> None:
    """A remark on how the command was called, before any work (standard error)."""
    click.echo(f"Remarque : {text}", err=True)


def piaf_options_remark(dataset: str) -> None:
    """Say that ``--sample`` and ``--piaf``, given for another data set than PIAF, are
    ignored (their defaults say nothing)."""
    ctx = click.get_current_context()
    given = [f"--{p}" for p in ("sample", "piaf") if ctx.get_parameter_source(p)
             not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)]
    if dataset != "piaf" and given:
        many = len(given) > 1
        remark(f"{' et '.join(given)} ne {'valent' if many else 'vaut'} que pour --dataset "
               f"piaf : ignorée{'s' if many else ''} ici.")


def print_extras(results: list[Any]) -> None:
    """Abstention, citations and costs of ``results``."""
    from eval.tables import score

    for r in results:
        if r.abstention:
            a = r.abstention
            click.echo(f"Abstention ({r.config}) : précision {score(a['precision'])}, "
                       f"rappel {score(a['recall'])}")
        if r.citations and r.citations.get("accuracy") is not None:
            click.echo(f"Citations exactes ({r.config}) : {r.citations['accuracy']:.3f} "
                       f"({r.citations.get('citations', 0)} citations produites)")
        c = r.cost
        took = "" if c["build_s"] is None else f" en {c['build_s']} s"
        if c.get("shared_with"):
            build = f"index de {c['shared_with']} (construit{took})"
        elif c["reused"]:
            build = f"index réutilisé (construit{took} lors d'une exécution précédente)"
        else:
            build = f"construction {c['build_s']} s"
        click.echo(f"Coût ({r.config}) : {build}, {c['chunks']} passages, p50 {c['p50_ms']} ms, "
                   f"p95 {c['p95_ms']} ms, RSS max du processus {c['peak_rss_mb']} Mo")


def print_notes(results: list[Any]) -> None:
    """The report's remarks; one that only some configurations have names them."""
    from eval.notes import merged

    for who, note in merged(results):
        click.echo(f"Remarque ({who}) : {note}" if who else f"Remarque : {note}")
