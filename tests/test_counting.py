"""What a « combien de … ? » question counts, and questions of money (api.counting)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.counting import asks_amount, counted, counts, states_amount
from indexer.analyzer import analyze


@pytest.mark.parametrize(("question", "noun"), [
    ("Combien d'engagements compte le pacte de 2015 ?", "engagements"),
    ("Combien d’objectifs opérationnels ?", "objectifs"),
    ("combien y a-t-il de piliers", "piliers"),
    ("nombre de partenaires acte 2", "partenaires"),
    ("Le pacte repose sur combien de grands piliers ?", "piliers"),
    ("How many main commitments are there?", "commitments"),
    ("number of signatory institutions", "signatory"),
    ("Quel est le montant du pacte ?", None),
    ("Qui a signé le pacte ?", None),
])
def test_the_counted_word(question: str, noun: str | None):
    assert counted(question) == noun


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Le Pacte présente 106 engagements.", True),
    ("ce Pacte dresse 4 engagements déclinés en 13 objectifs opérationnels", True),
    ("quatre grands engagements", True),      # a number word, an adjective between
    ("Ces engagements sont organisés autour de 5 grands piliers :", False),
    ("106 nouveaux et ambitieux engagements", False),  # three words away: out of reach
    ("2 000 engagements", True),              # a spaced thousand is one number
    ("Les engagements de 2015.", False),      # a number after the word counts nothing
])
def test_a_number_counts_the_word(sentence: str, expected: bool):
    assert counts(sentence, analyze("engagements"), analyze) is expected


def test_no_counted_word_counts_nothing():
    assert counts("présente 106 engagements", [], analyze) is False


@pytest.mark.parametrize(("question", "asks"), [
    ("Quel est le montant du pacte de 2015 ?", True),
    ("Quel budget pour l'Acte 2 ?", True),
    ("Combien coûtent les maraudes ?", True),
    ("What does it cost?", True),
    ("How much money did the State commit?", True),
    ("Combien de partenaires ?", False),
    ("How much time is left?", False),
])
def test_a_question_that_asks_for_a_sum_of_money(question: str, asks: bool):
    assert asks_amount(question) is asks


@pytest.mark.parametrize(("sentence", "states"), [
    ("les plus de 840 millions d'euros mobilisés", True),
    ("un budget de 3 M€", True),
    ("10 000 EUR par an", True),
    ("présente 106 engagements", False),
    ("pour la période 2015-2020", False),
])
def test_a_sentence_that_states_a_sum_of_money(sentence: str, states: bool):
    assert states_amount(sentence) is states


def test_an_amount_no_passage_states_is_not_answered(api_client: TestClient):
    body = api_client.post("/ask", json={"question": "Quel est le montant du pacte de 2015 ?"}
                           ).json()
    # It quoted « … plan d'action partenarial pour la période 2015-2020. » with confidence.
    assert body["grounded"] is False and body["citations"] == []
    assert body["answer"].startswith("Les textes indexés n'indiquent pas ce montant.")
    assert body["suggestions"]
    budget = api_client.post("/ask", json={"question": "Quel est le budget de l'Acte 2 ?"}
                             ).json()
    assert budget["grounded"] and "840 millions d'euros" in budget["citations"][0]["quote"]
