"""CLI errors are shown to the user as they are, in French, without a traceback."""

import os
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from indexer import store
from indexer.cli import cli
from indexer.errors import user_errors
from indexer.settings import get_settings


@pytest.fixture(autouse=True)
def empty_data(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PACTE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_empty_query():
    out = CliRunner().invoke(cli, ["search", "  "])
    assert out.exit_code == 1
    assert out.output == "Erreur : La requête est vide : écrivez une question ou des mots-clés.\n"


def test_wordless_query_is_refused_before_anything_loads():
    # No index in this data folder: the query is judged first, not after the model's seconds.
    out = CliRunner().invoke(cli, ["search", "🏠 ???"])
    assert out.exit_code == 1
    assert out.output == ("Erreur : La requête ne contient aucun mot : écrivez une question ou "
                          "des mots-clés.\n")


def test_missing_index_says_to_run_pacte_index(tmp_path):
    out = CliRunner().invoke(cli, ["search", "logement"])
    assert out.exit_code == 1
    assert out.output.startswith("Erreur : Aucun index dans ")
    assert "`pacte index`" in out.output and "Traceback" not in out.output
    # The folder is shown whole (the default data folder is relative to the current one).
    shown = out.output.removeprefix("Erreur : Aucun index dans ").split(" : ")[0]
    assert Path(shown).is_absolute() and shown.endswith("index"), out.output
    assert "PACTE_DATA_DIR" in out.output


@pytest.mark.parametrize(("env", "said"), [
    ({"PACTE_CHUNK_TOKENS": "abc"},
     "réglage PACTE_CHUNK_TOKENS invalide (« abc ») : doit être un nombre entier"),
    ({"PACTE_CHUNK_TOKENS": "0"},
     "réglage PACTE_CHUNK_TOKENS invalide (« 0 ») : doit valoir au moins 8"),
    ({"PACTE_PORT": "99999"},
     "réglage PACTE_PORT invalide (« 99999 ») : doit valoir au plus 65535"),
    ({"PACTE_FUSION": "foo"}, "réglage PACTE_FUSION invalide (« foo ») : valeur non permise "
                              "(valeurs permises : 'linear', 'weighted' ou 'rrf')"),
    ({"PACTE_CORS_ORIGINS": "https://asso.fr"},
     "réglage PACTE_CORS_ORIGINS invalide : une liste s'écrit en JSON, par exemple "
     "PACTE_CORS_ORIGINS='[\"https://exemple.fr\"]'"),
])
def test_bad_setting_is_a_french_error(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                       said: str):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = CliRunner().invoke(cli, ["search", "logement"])
    assert out.exit_code == 1 and out.output == f"Erreur : {said}.\n"


def test_bm25_cap_none_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PACTE_BM25_CAP", "none")
    assert get_settings().bm25_cap is None


def test_missing_path():
    out = CliRunner().invoke(cli, ["index", "nulle-part"])
    assert out.exit_code == 1
    assert out.output == "Erreur : nulle-part : fichier ou dossier introuvable.\n"


@pytest.mark.model
def test_index_summary_names_every_file_left_out(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in [("rapport_activite-2023.txt", "Le pacte protège l’accès aux droits."),
                       ("Compte-rendu été.txt", "La réunion de lundi a porté sur l’hébergement."),
                       ("compte rendu ete.txt", "La réunion de mardi a porté sur la santé."),
                       ("Lisez-moi.txt", "Ce dossier contient les comptes rendus.")]:
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "lien.txt").symlink_to("rapport_activite-2023.txt")
    (corpus / "casse.txt").symlink_to("absent.txt")
    (corpus / os.fsdecode(b"r\xe9union.txt")).write_bytes(b"R\n\ntexte.\n")
    (corpus / "corpus.toml").write_text('[[documents]]\nfile = "bilan.pdf"\nid = "bilan"\n',
                                        encoding="utf-8")
    out = CliRunner().invoke(cli, ["index", "-q", str(corpus)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == f"Index prêt : {tmp_path / 'data' / 'index'}"
    assert lines[1:-1] == [
        "  documents : 3",
        "  passages  : 3",
        "  ignorés   : 2",
        f"    - {corpus / 'casse.txt'} : lien symbolique cassé (sa cible « absent.txt » "
        "n'existe pas)",
        f"    - {corpus}/r\\xe9union.txt : nom de fichier illisible (encodage autre que UTF-8) : "
        "renommez le fichier, par exemple en « réunion.txt »",
        "  remarques : 3",
        f"    - {corpus / 'corpus.toml'}, document n° 1 : fichier « bilan.pdf » introuvable, "
        "entrée sans effet",
        f"    - {corpus / 'Lisez-moi.txt'} : non indexé, fichier de description du dossier "
        "(README) ; renommez-le pour l'indexer",
        f"    - {corpus / 'lien.txt'} : lien symbolique vers "
        f"{corpus / 'rapport_activite-2023.txt'}, indexé une seule fois"]
    assert re.fullmatch(r"  durée     : \d+,\d s", lines[-1]), lines[-1]  # decimal comma
    rows = store.read_jsonl(tmp_path / "data" / "index" / store.DOCUMENTS)
    assert [(r["doc_id"], r["title"], Path(r["source"]).name) for r in rows] == [
        ("compte-rendu-ete", "Compte rendu été (Compte-rendu été.txt)", "Compte-rendu été.txt"),
        ("compte-rendu-ete-2", "compte rendu ete (compte rendu ete.txt)", "compte rendu ete.txt"),
        ("rapport-activite-2023", "rapport activite 2023", "rapport_activite-2023.txt")]


def test_serve_says_when_the_port_is_taken():
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert out.exit_code == 1
    assert out.output == (f"Erreur : Impossible d'écouter sur 127.0.0.1:{port} (le port est "
                          "déjà pris) : choisissez une autre adresse ou un autre port (--host, "
                          "--port, PACTE_HOST, PACTE_PORT).\n")


def test_ask_without_index_says_so_at_once():
    out = CliRunner().invoke(cli, ["ask", "Qui a signé le pacte ?"])
    assert out.exit_code == 1
    assert out.output.startswith("Erreur : Aucun index dans ") and out.output.count("\n") == 1


@pytest.mark.parametrize(("decorate", "said"), [
    (user_errors, "Interrompu."),
    (user_errors(interrupted="Interrompu : aucun index n'a été modifié."),
     "Interrompu : aucun index n'a été modifié."),
])
def test_ctrl_c_says_what_the_command_leaves(decorate: Any, said: str):
    @click.command()
    @decorate
    def command() -> None:
        raise KeyboardInterrupt

    out = CliRunner().invoke(command)
    assert out.exit_code == 130 and out.output == f"\n{said}\n"


def test_search_says_which_filter_the_index_cannot_match(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text("La Ville ouvre des gymnases la nuit.", encoding="utf-8")
    from indexer.build import build_index
    from indexer.embed import HashEmbedder

    build_index([docs], get_settings(), embedder=HashEmbedder(), progress=False)
    import indexer.search  # noqa: F401  (so that its make_embedder can be patched)

    with pytest.MonkeyPatch.context() as mp:  # the index's own (fake) model
        mp.setattr("indexer.search.make_embedder", lambda settings: HashEmbedder())
        runs = [CliRunner().invoke(cli, ["search", "gymnases", *args]) for args in (
            ["--edition", "2015-2020"], ["--edition", "2015-2020", "--edition", "acte2-2021-2026"],
            ["--kind", "commitment"])]
        found = CliRunner().invoke(cli, ["search", "gymnases"]).output.splitlines()
    # Before: « Aucun passage trouvé. » alone, as if the words had matched nothing.
    assert [r.output for r in runs] == [
        "Aucun passage trouvé : l'index n'a aucun texte de l'édition 2015-2020.\n",
        "Aucun passage trouvé : l'index n'a aucun texte de l'édition 2015-2020, "
        "acte2-2021-2026.\n",
        "Aucun passage trouvé.\n"]
    # A passage of a document with no address names the file it comes from (it said nothing).
    assert found[1:3] == ["   La Ville ouvre des gymnases la nuit.", f"   {docs / 'plan.txt'}"]
