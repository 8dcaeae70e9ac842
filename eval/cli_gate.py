"""``pacte eval gate`` and ``pacte eval baseline``: the regression gate CI runs, and the
deliberate command that records its reference (``eval/baseline.json``, or the file that
both take as ``--baseline``).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(gate_cmd, ["--baseline", "nulle-part.json"]).output.splitlines()[0][:7]
'Erreur '
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from eval.cli_common import ROOT, info, piaf_opt, quiet_opt, set_opt, table
from eval.tables import score
from indexer.errors import user_errors

baseline_opt = click.option("--baseline", type=click.Path(path_type=Path), default=None,
                            help="Fichier de référence (défaut : eval/baseline.json).")


@click.command("gate")
@piaf_opt
@baseline_opt
@set_opt
@quiet_opt
@user_errors
def gate_cmd(piaf: Path | None, baseline: Path | None, pairs: tuple[str, ...],
             quiet: bool) -> None:
    """Échoue si nDCG@10 baisse au-delà de la tolérance de la référence (pacte + PIAF 300)."""
    from eval.configs import parse_overrides
    from eval.gate import BASELINE, check, gate_sets, measure, read_baseline, settings_changes
    from eval.piaf import DEFAULT_PATH
    from indexer.settings import get_settings

    ref = read_baseline(baseline or BASELINE)
    settings = get_settings().model_copy(update=parse_overrides(pairs))
    changed = settings_changes(ref, settings)
    if changed:
        click.echo("Attention, réglages différents de ceux de la référence : "
                   + " ; ".join(changed), err=True)
    sets = gate_sets(piaf or DEFAULT_PATH)
    current, results = measure(sets, settings, ROOT / "work", progress=not quiet)
    from eval.report import write_report

    for evalset, result in zip(sets, results, strict=True):
        write_report([result], ROOT / "gate" / evalset.name, info=info(evalset))
    _gate_table(current, ref)
    failures = check(current, ref)
    if failures:
        click.echo("Régression : " + " ; ".join(failures), err=True)
        sys.exit(1)
    click.echo(f"Porte franchie : aucune baisse de nDCG@10 au-delà de {ref['tolerance']} "
               f"(rapports : {ROOT / 'gate'}).")


def _gate_table(current: dict[str, Any], ref: dict[str, Any]) -> None:
    rows = [["jeu", "référence", "mesuré", "écart", "R@5", "requêtes"]]
    for name, now in sorted(current.items()):
        then = ref.get("sets", {}).get(name, {}).get("nDCG@10")
        rows.append([name, score(then), score(now["nDCG@10"]),
                     "—" if then is None else f"{now['nDCG@10'] - then:+.3f}",
                     f"{now['R@5']:.3f}", str(now["queries"])])
    table(rows)


@click.command("baseline")
@piaf_opt
@baseline_opt
@click.option("--accept-drop", is_flag=True,
              help="Enregistrer même si nDCG@10 baisse au-delà de la tolérance.")
@quiet_opt
@user_errors
def baseline_cmd(piaf: Path | None, baseline: Path | None, accept_drop: bool,
                 quiet: bool) -> None:
    """Mesure et enregistre la référence (défaut : eval/baseline.json, à committer)."""
    from eval.data import DatasetError
    from eval.gate import BASELINE, check, gate_sets, measure, write_baseline
    from eval.piaf import DEFAULT_PATH
    from indexer.settings import get_settings

    path = baseline or BASELINE
    if path.is_dir():
        raise DatasetError(f"{path} : c'est un dossier ; --baseline attend un fichier JSON.")
    settings = get_settings()
    current, _ = measure(gate_sets(piaf or DEFAULT_PATH), settings, ROOT / "work",
                         progress=not quiet)
    if path.exists():
        from eval.gate import read_baseline

        old = read_baseline(path)
        _gate_table(current, old)
        drops = check(current, old)
        if drops and not accept_drop:
            raise DatasetError("la nouvelle référence serait plus basse ("
                               + " ; ".join(drops) + ") : relancez avec --accept-drop si c'est "
                               "voulu.")
    else:
        _gate_table(current, {})
    written = write_baseline(current, settings, path)
    click.echo(f"Référence enregistrée : {written}{' (à committer)' if path == BASELINE else ''}")
