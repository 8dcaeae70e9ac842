"""Answers on a partner's index (its own documents, without the pact's texts): its lists by
their heading, a question about the pact told so, suggestions that say something, and
refusals that name the editions the index has."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.answer import ExtractiveAnswerer
from api.quotes import Scored, suggest
from api.sentences import Sentence
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.search import Filters, Retriever, SearchResult
from indexer.settings import Settings

PLAN = """# Plan hivernal 2023-2024

Document de travail

## Contexte

Chaque hiver, la préfecture ouvre des places d'hébergement supplémentaires.

## Objectifs

- Mettre à l'abri toute personne qui le demande pendant les nuits de grand froid.
- Éviter les remises à la rue à la fin de l'hiver.

## Sortie de l'hiver

À la fermeture des places hivernales, le 31 mars, chaque personne se voit proposer une solution.
"""


def answerer_of(root: Path, name: str, text: str) -> ExtractiveAnswerer:
    """The answerer of an index of one document, ``name``, written in ``root``."""
    (root / "docs").mkdir()
    (root / "docs" / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "data")
    build_index([root / "docs"], settings, embedder=HashEmbedder(), progress=False)
    return ExtractiveAnswerer.from_retriever(Retriever.load(settings, embedder=HashEmbedder()),
                                             settings)


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory) -> ExtractiveAnswerer:
    return answerer_of(tmp_path_factory.mktemp("partner"), "plan.md", PLAN)


@pytest.mark.parametrize("question", ["Quels sont les objectifs du plan hivernal ?",
                                      "quels sont les objectifs ?"])
def test_a_list_question_gets_the_list_under_the_heading_it_names(
        partner: ExtractiveAnswerer, question: str) -> None:
    # Before: one sentence of « Sortie de l'hiver » (the user's items are no commitments of
    # the pact, so no list answer took them).
    answer = partner.answer(question)
    assert (answer.mode, answer.grounded) == ("list", True)
    assert answer.text.splitlines() == [
        "D'après les documents indexés\xa0:",
        "- Mettre à l'abri toute personne qui le demande pendant les nuits de grand froid. [1] "
        "(Plan hivernal 2023-2024)",
        "- Éviter les remises à la rue à la fin de l'hiver. [2] (Plan hivernal 2023-2024)"]
    # A heading the question does not name is no answer of this kind.
    assert partner.answer("Quels sont les objectifs de l'association ?").mode != "list"


@pytest.mark.parametrize(("question", "refusal"), [
    ("Quels sont les engagements du pacte ?",
     "Les documents indexés ne contiennent pas les textes du pacte\xa0: seuls des documents "
     "ajoutés y figurent."),
    ("What does Act 2 say about housing?",
     "The indexed documents do not include the pact's texts: only documents added by their "
     "owner."),
])
def test_a_question_about_the_pact_is_told_the_index_has_none_of_it(
        partner: ExtractiveAnswerer, question: str, refusal: str) -> None:
    # Before: a confident quote of the plan, as if it were the pact.
    answer = partner.answer(question)
    assert (answer.mode, answer.grounded) == ("abstain", False)
    assert answer.text.startswith(refusal)


def test_an_index_whose_documents_speak_of_the_pact_answers_about_it(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "cr.md").write_text(
        "# Compte rendu\n\nLe comité a relu les engagements du pacte parisien.\n",
        encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", answer_threshold=0.0)
    build_index([tmp_path / "docs"], settings, embedder=HashEmbedder(), progress=False)
    answerer = ExtractiveAnswerer.from_retriever(
        Retriever.load(settings, embedder=HashEmbedder()), settings)
    assert answerer.answer("Que dit le compte rendu sur le pacte ?").grounded is True


def test_suggestions_skip_fragments_and_repeats() -> None:
    text = "Logement d'abord. Le comité valide l'ouverture de la halte de jour. Titre"
    r = SearchResult("d:1", "d", "T", "", text, 1.0, 0, len(text), None, "", "text", "")
    s = [Sentence("d:1", "d", 0, 17, text[:17], frozenset({"logement", "abord"})),
         Sentence("d:1", "d", 18, 67, text[18:67], frozenset({"comit", "valid", "halt"})),
         Sentence("d:1", "d", 68, 73, text[68:], frozenset({"titr"}))]
    # The same passage found twice (overlapping chunks share their sentences).
    scored = [Scored(s[0], 0.9, 0), Scored(s[2], 0.88, 1), Scored(s[1], 0.8, 0),
              Scored(s[1], 0.8, 1)]
    quotes = [c.quote for c in suggest(scored, [r, r])]
    assert quotes == ["Le comité valide l'ouverture de la halte de jour."]
    # An item of a list says something, however short: « Changer le regard ; ».
    item = SearchResult("d:2", "d", "T", "", "Changer le regard ;", 1.0, 0, 19, None, "",
                        "commitment", "acte2-2021-2026")
    one = Sentence("d:2", "d", 0, 19, "Changer le regard ;", frozenset({"chang", "regard"}))
    assert [c.quote for c in suggest([Scored(one, 0.9, 0)], [item])] == ["Changer le regard ;"]



# A partner's own copy of a plan, whose commitments say what they are, with no list; the
# second axis is its label alone, its title on the line after it.
LOCAL = """# Plan local d'insertion

## Axe 1 : L'accès aux droits

Engagement 1 : Simplifier la domiciliation administrative des personnes sans domicile.

Engagement 2 : Former les agents d'accueil à l'ouverture des droits.

## AXE 2

Prévenir les ruptures

Engagement 3 : Repérer tôt les impayés de loyer pour prévenir les expulsions.

Le comité de suivi se réunit deux fois par an.
"""
FIRST = "Engagement 1 : Simplifier la domiciliation administrative des personnes sans domicile."
SECOND = "Engagement 2 : Former les agents d'accueil à l'ouverture des droits."
THIRD = "Engagement 3 : Repérer tôt les impayés de loyer pour prévenir les expulsions."


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> ExtractiveAnswerer:
    return answerer_of(tmp_path_factory.mktemp("local"), "plan-local.md", LOCAL)


def test_commitments_that_label_themselves_are_passages_of_their_own(
        local: ExtractiveAnswerer) -> None:
    # Before: one text passage per axis, and no commitment to filter on.
    found = local.retriever.search("expulsions", 10, Filters(kinds=["commitment"]))
    assert sorted((r.section, r.text) for r in found) == [
        ("Plan local d'insertion", "AXE 2\nPrévenir les ruptures"),
        ("Plan local d'insertion", "Axe 1 : L'accès aux droits"),
        ("Plan local d'insertion > AXE 2 Prévenir les ruptures", THIRD),
        ("Plan local d'insertion > Axe 1 : L'accès aux droits", FIRST),
        ("Plan local d'insertion > Axe 1 : L'accès aux droits", SECOND)]


def test_a_list_question_gets_the_commitments_whose_label_it_names(
        local: ExtractiveAnswerer) -> None:
    # The axes, not the engagements under them.
    answer = local.answer("Quels sont les axes ?")
    assert (answer.mode, answer.text.splitlines()[1:]) == ("list", [
        "- Axe 1 : L'accès aux droits [1] (Plan local d'insertion)",
        "- AXE 2 Prévenir les ruptures [2] (Plan local d'insertion)"])
    answer = local.answer("Quels sont les engagements du plan local ?")
    assert [c.quote for c in answer.citations] == [FIRST, SECOND, THIRD]


def test_a_commitment_named_by_its_number_comes_with_those_under_it(
        local: ExtractiveAnswerer) -> None:
    assert [c.quote for c in local.answer("Que prévoit l'axe 2 ?").citations] == [
        "AXE 2\nPrévenir les ruptures", THIRD]
    # Only those under it that the question names; a roman number is the same number.
    answer = local.answer("Quels engagements l'axe I compte-t-il ?")
    assert [c.quote for c in answer.citations] == [FIRST, SECOND]
    assert local.answer("Que prévoit l'axe 3 ?").mode != "list"  # no such axis
