"""click's own words (usage line, --help, usage errors) come out in French."""

import gettext
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.cli_fr import FR, FR_PLURAL, install, mo_bytes

ROOT = Path(__file__).resolve().parents[1]


def pacte(*args: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point (``indexer.cli:main``), in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    env["LANG"] = "C.UTF-8"
    if language is not None:
        env["LANGUAGE"] = language
    return subprocess.run([sys.executable, "-c", "from indexer.cli import main; main()", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_catalogue_round_trip():
    t = gettext.GNUTranslations(io.BytesIO(mo_bytes(FR, FR_PLURAL)))
    assert all(t.gettext(en) == fr for en, fr in FR.items())
    assert t.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    (one, many), (un, plusieurs) = next(iter(FR_PLURAL.items()))
    # French counts 0 and 1 as singular.
    assert [t.ngettext(one, many, n) for n in (0, 1, 2)] == [un, un, plusieurs]
    assert t.gettext("not in the catalogue") == "not in the catalogue"


def test_usage_error_in_french():
    out = pacte("search")
    assert out.returncode == 2
    assert out.stderr == ("Utilisation : pacte search [OPTIONS] QUESTION\n"
                          "Aide : « pacte search --help ».\n\n"
                          "Erreur : Argument manquant 'QUESTION'.\n")


def test_help_in_french():
    out = pacte("--help")
    assert out.returncode == 0
    assert out.stdout.startswith("Utilisation : pacte [OPTIONS] COMMAND [ARGS]...\n")
    assert "  --version   Affiche la version et quitte.\n" in out.stdout
    assert "  -h, --help  Affiche cette aide et quitte.\n" in out.stdout
    assert "\nOptions :\n" in out.stdout and "\nCommandes :\n" in out.stdout  # French colons


def test_range_and_unknown_command():
    assert pacte("search", "-k", "0", "x").stderr.endswith(
        "Erreur : Valeur invalide pour '-k' : 0 n'est pas dans l'intervalle 1<=x<=100.\n")
    assert pacte("serch").stderr.endswith(
        "Erreur : Commande inconnue : 'serch'. (Vouliez-vous dire : 'search', 'serve' ?)\n")


def test_empty_language_is_french():
    out = pacte("search", "x", "-k", "abc", language="")
    assert out.stderr.endswith("Erreur : Valeur invalide pour '-k' : 'abc' n'est pas un nombre "
                               "valide.\n")


def test_user_language_wins():
    out = pacte("search", language="en")
    assert out.stderr.endswith("Error: Missing argument 'QUESTION'.\n")


def test_catalogue_written_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANGUAGE", "")  # recorded, so that teardown restores it
    monkeypatch.delenv("LANGUAGE")
    folder = install(tmp_path)
    mo = folder / "fr" / "LC_MESSAGES" / "messages.mo"
    assert mo.read_bytes() == mo_bytes(FR, FR_PLURAL)
    stamp = mo.stat().st_mtime_ns
    assert install(tmp_path) == folder and mo.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
    assert os.environ["LANGUAGE"] == "fr"
