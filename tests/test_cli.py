"""CLI errors are shown to the user as they are, in French, without a traceback."""

import pytest
from click.testing import CliRunner

from indexer.cli import cli
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


def test_missing_index_says_to_run_pacte_index(tmp_path):
    out = CliRunner().invoke(cli, ["search", "logement"])
    assert out.exit_code == 1
    assert out.output.startswith("Erreur : Aucun index dans ")
    assert "`pacte index`" in out.output and "Traceback" not in out.output


def test_missing_path():
    out = CliRunner().invoke(cli, ["index", "nulle-part"])
    assert out.exit_code == 1
    assert out.output == "Erreur : nulle-part : fichier ou dossier introuvable.\n"
