"""``pacte ask`` (real index and model) and ``pacte serve``'s options."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.state import AppState
from indexer import cli
from indexer.build import build_index
from indexer.embed_model import SentenceTransformerEmbedder
from indexer.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, api_settings: Settings,
           real_embedder: SentenceTransformerEmbedder) -> CliRunner:
    monkeypatch.setattr(cli, "get_settings", lambda: api_settings)
    # The session's model, already loaded, rather than a second copy.
    monkeypatch.setattr(AppState, "load", functools.partial(AppState.load.__func__,
                                                            AppState, embedder=real_embedder))
    return CliRunner()


def test_ask_prints_answer_then_numbered_sources(runner: CliRunner):
    out = runner.invoke(cli.cli, ["ask", "Quels engagements concernent l'accès aux droits ?"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[:3] == [
        "Les engagements du pacte qui correspondent à votre question\xa0:",
        "- L’accès aux droits, préalable indispensable à la lutte contre l’exclusion [1] "
        "(pacte 2015-2020)",
        "- Assurer l'accès effectif aux droits et aux dispositifs d'aide [2] "
        "(Acte 2, 2021-2026)"]
    assert lines[4] == "Sources :"
    assert lines[5] == ("  [1] Signature du Pacte parisien contre la grande exclusion > "
                        "Les engagements du pacte")


def test_ask_json_and_errors(runner: CliRunner, api_settings: Settings):
    out = runner.invoke(cli.cli, ["ask", "Comment renouveler mon passeport ?", "--json"])
    body = json.loads(out.output)
    assert body["grounded"] is False and 1 <= len(body["suggestions"]) <= 3
    text = {d["doc_id"]: d["text"] for d in map(json.loads, (
        api_settings.index_path / "documents.jsonl").read_text().splitlines())}
    for s in body["suggestions"]:
        assert text[s["doc_id"]][s["start"]:s["end"]] == s["quote"]
    # As text, each suggestion shows what it says under its title (they may share one).
    out = runner.invoke(cli.cli, ["ask", "Comment renouveler mon passeport ?"])
    said = " ".join(out.output.split())
    assert "Passages les plus proches :" in said
    assert all(f"« {' '.join(s['quote'].split())} »" in said for s in body["suggestions"])
    out = runner.invoke(cli.cli, ["ask", "  "])
    assert out.exit_code == 1
    assert out.output.strip() == "Erreur : La question est vide : écrivez une question."


def test_ask_records_no_feedback(runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path, api_settings: Settings,
                                 real_embedder: SentenceTransformerEmbedder):
    # A data folder of its own (the API tests' one has their votes), sharing the vectors.
    settings = api_settings.model_copy(update={"data_dir": tmp_path / "data",
                                               "cache_dir": api_settings.cache_path})
    build_index([Path(__file__).resolve().parents[1] / "corpus"], settings,
                embedder=real_embedder, progress=False)
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    before = sorted(p.name for p in settings.data_dir.iterdir())
    out = runner.invoke(cli.cli, ["ask", "Qui a signé le pacte ?"])
    assert out.exit_code == 0, out.output
    assert not settings.feedback_path.exists()
    assert sorted(p.name for p in settings.data_dir.iterdir()) == before  # nothing new at all


def test_serve_options():
    out = CliRunner().invoke(cli.cli, ["serve", "--help"])
    assert "--host" in out.output and "--port" in out.output
    assert CliRunner().invoke(cli.cli, ["serve", "--port", "0"]).exit_code == 2
