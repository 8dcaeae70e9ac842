"""Questions about a pact text, or a document, as a whole (api.overview): which ones, and
nothing more; and the overview of a user's own document, found by its title."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from api.overview import asks_comparison, asks_overview, overview_document, title_words
from indexer.analyzer import FrenchAnalyzer


@pytest.mark.parametrize("question", [
    "Parle-moi de l'Acte 2", "parle moi du pacte", "Peux-tu me présenter le pacte de 2015 ?",
    "Présente-moi l’Acte 2", "Présentation de l'acte II", "Résume le pacte parisien de lutte "
    "contre la grande exclusion", "resume l'acte 2 en quelques mots stp", "C'est quoi l'Acte 2 ?",
    "Qu'est-ce que le pacte ?", "qu'est ce que le premier pacte", "De quoi parle le pacte ?",
    "Que prévoit l'Acte 2 ?", "Que contient le pacte de 2015 ?", "Explique-moi le pacte",
    "Tell me about Act 2", "What is the 2015 pact?", "Summarize the pact, please",
    "Can you give me an overview of the second act?",
])
def test_overview_questions(question: str) -> None:
    assert asks_overview(question)


@pytest.mark.parametrize("question", [
    "Parle-moi du logement dans l'Acte 2", "Que prévoit le pacte pour les jeunes ?",
    "Qu'est-ce que la ville du quart d'heure solidaire ?", "Qu'est-ce qui commence une fois "
    "le pacte signé ?", "Que dit la citation finale ?", "Quand l'Acte 3 sera-t-il signé ?",
    "Parle-moi de l'Acte 3", "C'est quoi le DALO ?", "What is the capital of Australia?",
    "Qui a signé le pacte ?", "le pacte", "Acte 2", "", "Résumé",
])
def test_not_overview_questions(question: str) -> None:
    assert not asks_overview(question)


@pytest.mark.parametrize(("question", "compares"), [
    ("Quelle est la différence entre le pacte de 2015 et l'acte 2 ?", True),
    ("Qu'est-ce qui change avec l'acte 2 ?", True),
    ("Quelles sont les différences entre les deux pactes ?", True),
    ("En quoi le premier pacte diffère-t-il du second ?", True),
    ("How does Act 2 differ from the 2015 pact?", True),
    ("What is new in Act 2?", True),
    ("Quelle différence de budget entre 2015 et l'acte 2 ?", False),  # a topic: search it
    ("Quel engagement vise à changer le regard sur l'exclusion ?", False),  # « changer » a verb
    ("Le nouveau pacte tient-il compte du bilan des actions menées ?", False),
    ("Compare les deux", False),  # nothing names the pact
])
def test_comparison_questions(question: str, compares: bool) -> None:
    assert asks_comparison(question) is compares


def test_a_comparison_puts_each_editions_overview_side_by_side(api_client: Any) -> None:
    # Before: an abstention (no sentence compares the two texts).
    body = api_client.post("/ask", json={
        "question": "Quelle est la différence entre le pacte de 2015 et l'acte 2 ?"}).json()
    lines = body["answer"].splitlines()
    assert body["grounded"] and lines[0] == (
        "Les textes ne comparent pas les éditions du pacte entre elles\xa0; voici ce que "
        "chacune présente, côte à côte\xa0:")
    documents = [c["doc_id"] for c in body["citations"]]  # 2 sentences + 5 pillars, 2 + 4
    assert documents == ["pacte-2015-aurore"] * 7 + ["pacte-acte2-2021-2026-prefecture"] * 6
    assert lines[3] == ("- L’accès aux droits, préalable indispensable à la lutte contre "
                        "l’exclusion [3] (pacte 2015-2020)")


ANALYZER = FrenchAnalyzer()
TITLES = title_words({"plan": "Plan parisien pour l'hébergement d'urgence 2024",
                      "bilan": "Bilan des maraudes, hiver 2022",
                      "bilan-23": "Bilan des maraudes, hiver 2023",
                      "pacte-2015": "Signature du Pacte parisien contre la grande exclusion"},
                     ANALYZER)


@pytest.mark.parametrize(("question", "document"), [
    ("Présente-moi le plan pour l'hébergement d'urgence", "plan"),  # 3 of its 5 words
    ("parle moi du plan hebergement d'urgence 2024 stp", "plan"),  # accents left out
    ("Résume le bilan des maraudes de l'hiver 2022", "bilan"),
    ("Tell me about the Bilan des maraudes 2023", "bilan-23"),
    ("Parle-moi du bilan des maraudes", None),  # two bilans fit as well: no choice made
    ("Parle-moi du plan", None),  # 1 word of 5: too little of the title
    ("Parle-moi de l'hébergement des familles", None),  # « familles » is in no title
    ("Présente la signature du pacte", None),  # 2 of the 6 words of the 2015 title
    ("Le plan pour l'hébergement d'urgence", None),  # no overview verb: an ordinary question
])
def test_overview_document_by_title(question: str, document: str | None) -> None:
    assert overview_document(question, TITLES, ANALYZER) == document


def test_a_user_document_named_by_its_title_gets_an_overview(tmp_path: Path) -> None:
    from api.answer import ExtractiveAnswerer
    from indexer.build import build_index
    from indexer.embed import HashEmbedder
    from indexer.search import Retriever
    from indexer.settings import Settings

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    shutil.copytree(corpus, tmp_path / "corpus")
    (tmp_path / "corpus" / "plan.md").write_text(
        "# Plan parisien pour l'hébergement d'urgence 2024\n\n"
        "Ce plan fixe trois priorités pour l'hiver. Il associe la Ville, l'État et les "
        "associations. Il sera revu au printemps.\n\nSes priorités sont les suivantes :\n\n"
        "- ouvrir 500 places supplémentaires ;\n- renforcer les maraudes de nuit ;\n"
        "- accompagner les sorties d'hébergement.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    build_index([tmp_path / "corpus"], settings, embedder=HashEmbedder(), progress=False)
    retriever = Retriever.load(settings, embedder=HashEmbedder())
    answerer = ExtractiveAnswerer.from_retriever(retriever, settings)
    answer = answerer.answer("Présente-moi le plan pour l'hébergement d'urgence")
    assert (answer.mode, answer.grounded) == ("overview", True)
    assert answer.text.splitlines() == [
        "D'après les documents indexés\xa0:",  # not a pact text: the plan belongs to no edition
        "«\xa0Ce plan fixe trois priorités pour l'hiver.\xa0» [1]",
        "«\xa0Il associe la Ville, l'État et les associations.\xa0» [2]",
        "- ouvrir 500 places supplémentaires [3] (Plan parisien pour l'hébergement d'urgence 2024)",
        "- renforcer les maraudes de nuit [4] (Plan parisien pour l'hébergement d'urgence 2024)",
        "- accompagner les sorties d'hébergement. [5] "
        "(Plan parisien pour l'hébergement d'urgence 2024)"]
    assert {c.result.doc_id for c in answer.citations} == {"plan"}
    # The pact's own texts, in the same index, are still framed as the pact's.
    pact = answerer.answer("Parle-moi de l'Acte 2")
    assert pact.text.splitlines()[0] == "D'après les textes du pacte\xa0:"
    assert {c.result.doc_id for c in pact.citations} == {"pacte-acte2-2021-2026-prefecture"}
    # Nothing answers: the refusal speaks of the indexed documents, not of the pact's alone.
    off = answerer.answer("Quelle est la capitale de l'Australie ?")
    note, refusal = off.text.splitlines()
    assert note == "Les textes indexés ne mentionnent pas «\xa0Australie\xa0»."
    assert off.mode == "abstain" and refusal.startswith(
        "Aucun passage des documents indexés ne répond clairement à cette question.")


def test_a_user_documents_list_items_are_no_commitments_of_the_pact(tmp_path: Path) -> None:
    from api.answer import ExtractiveAnswerer
    from api.routes.commitments import find
    from indexer.build import build_index
    from indexer.embed import HashEmbedder
    from indexer.search import Retriever
    from indexer.settings import Settings

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    shutil.copytree(corpus, tmp_path / "corpus")
    (tmp_path / "corpus" / "a-plan.md").write_text(  # « a- »: indexed before the pact texts
        "# Plan grand froid 2024\n\n## Mesures d'urgence\n\n"
        "- ouvrir des gymnases la nuit ;\n- renforcer les maraudes de nuit.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    build_index([tmp_path / "corpus"], settings, embedder=HashEmbedder(), progress=False)
    retriever = Retriever.load(settings, embedder=HashEmbedder())
    # Its items are still chunks of their own, kind "commitment", found by search…
    plan = [c for c in retriever.chunks if c["doc_id"] == "a-plan" and c["kind"] == "commitment"]
    assert [c["text"] for c in plan] == ["ouvrir des gymnases la nuit ;",
                                         "renforcer les maraudes de nuit."]
    # … but no list of the pact's commitments takes them: not /commitments, with or without
    # a topic, nor the answer to a bare list question.
    assert {r["edition"] for r in find(retriever, None, 200)} == {"2015-2020", "acte2-2021-2026"}
    assert all(r["doc_id"] != "a-plan" for r in find(retriever, "maraudes de nuit", 50))
    answerer = ExtractiveAnswerer.from_retriever(retriever, settings)
    answer = answerer.answer("Quels sont les engagements du pacte ?")
    assert "gymnases" not in answer.text and "Changer le regard" in answer.text


def test_a_partners_index_without_the_pact_is_greeted_in_its_own_name(tmp_path: Path) -> None:
    from api.answer import ExtractiveAnswerer
    from api.smalltalk import REPLIES
    from indexer.build import build_index
    from indexer.embed import HashEmbedder
    from indexer.search import Retriever
    from indexer.settings import Settings

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.md").write_text(
        "# Plan grand froid 2024\n\nLa Ville ouvre des gymnases la nuit.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    build_index([tmp_path / "docs"], settings, embedder=HashEmbedder(), progress=False)
    answerer = ExtractiveAnswerer.from_retriever(
        Retriever.load(settings, embedder=HashEmbedder()), settings)
    replies = [answerer.answer(m).text for m in ("Bonjour !", "merci", "???", "Thanks")]
    # Before: the pact's own greeting (« … sur le Pacte parisien … »), on an index without it.
    assert replies == [
        "Bonjour\xa0! Je réponds aux questions sur les documents indexés ici, en les citant.",
        "Je vous en prie. Posez une autre question quand vous le souhaitez.",
        "Je n'ai pas compris votre message\xa0: posez votre question en quelques mots.",
        "You are welcome. Ask another question whenever you like."]
    assert answerer.answer("Au revoir").text == REPLIES["fr"]["bye"]
