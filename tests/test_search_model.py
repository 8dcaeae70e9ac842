"""The real default model, end to end on the bundled corpus."""

import json

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.search import Filters, Retriever
from indexer.settings import get_settings

pytestmark = pytest.mark.model

PILLAR_2015 = "L’accès aux droits, préalable indispensable à la lutte contre l’exclusion"
ENGAGEMENT_ACTE2 = "Assurer l'accès effectif aux droits et aux dispositifs d'aide ;"


@pytest.mark.parametrize("query", [
    "quels engagements concernent l'accès aux droits ?",
    "which commitments concern access to rights?",
    "acces aux droits",  # no accents
])
def test_access_to_rights_finds_both_commitments(real_retriever: Retriever, query: str):
    top = real_retriever.search(query, k=5)
    texts = [r.text for r in top]
    assert PILLAR_2015 in texts and ENGAGEMENT_ACTE2 in texts
    both = {r.edition for r in top if r.text in (PILLAR_2015, ENGAGEMENT_ACTE2)}
    assert both == {"2015-2020", "acte2-2021-2026"}


def test_commitment_filter_returns_exactly_the_two(real_retriever: Retriever):
    top = real_retriever.search("quels engagements concernent l'accès aux droits ?", k=2,
                                filters=Filters(kinds=["commitment"]))
    assert sorted(r.text for r in top) == sorted([ENGAGEMENT_ACTE2, PILLAR_2015])


def test_factual_question(real_retriever: Retriever):
    top = real_retriever.search("combien d'institutions ont signé le pacte en 2015 ?", k=3)
    assert any("13 grandes institutions" in r.text for r in top)


@pytest.fixture
def cli_env(real_retriever: Retriever, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PACTE_DATA_DIR", str(real_retriever.settings.data_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_search_json(cli_env):
    out = CliRunner().invoke(cli, ["search", "accès aux droits", "-k", "3", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert len(rows) == 3
    assert set(rows[0]) >= {"chunk_id", "doc_id", "title", "section", "text", "score", "start",
                            "end", "page", "url"}


def test_cli_search_readable(cli_env):
    out = CliRunner().invoke(cli, ["search", "accès aux droits", "-k", "2", "--kind", "commitment"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("1. ") and "[engagement]" in out.output


def test_cli_search_refuses_unknown_filters(cli_env):
    out = CliRunner().invoke(cli, ["search", "logement", "--doc", "inconnu"])
    assert out.exit_code == 1 and out.output == (
        "Erreur : Document inconnu : inconnu (documents de l'index : pacte-2015-aurore, "
        "pacte-acte2-2021-2026-prefecture).\n")
    out = CliRunner().invoke(cli, ["search", "logement", "--edition", "acte2"])
    assert out.exit_code == 2 and "'acte2'" in out.output  # a usage error (French in main())


def test_cli_reindex_unchanged_embeds_nothing(cli_env, real_retriever: Retriever):
    out = CliRunner().invoke(cli, ["index", "-q", "corpus"])
    assert out.exit_code == 0, out.output
    assert "documents : 2" in out.output and "ignorés   : 0" in out.output
