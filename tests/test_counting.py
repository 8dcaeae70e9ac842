"""What a « combien de … ? » question counts, and questions of money and dates (api.counting)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.amounts import asks_amount, payers, states_amount
from api.counting import (
    asks_date,
    count_terms,
    counted,
    counts,
    same_kind,
    states_date,
)
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


@pytest.mark.parametrize(("question", "terms"), [
    ("Combien de places d'hébergement compte Paris ?", ["plac"]),
    ("Combien d'objectifs opérationnels ?", ["object", "operationnel"]),
    ("number of signatory institutions", ["signatory", "institu"]),
    ("Depuis combien de temps l'Acte 2 est-il en préparation ?", []),  # a length of time
    ("Combien d'argent l'État mobilise-t-il ?", []),                   # a sum of money
    ("Combien coûte un ticket de métro ?", []),
    ("combien y a-t-il de piliers", ["pili"]),
    ("Qui a signé le pacte ?", []),
])
def test_the_terms_a_count_must_name(question: str, terms: list[str]):
    assert count_terms(question, analyze) == terms


def test_the_same_kind_of_thing_under_another_name():
    assert same_kind(["mesur"], analyze) == ["mesur", "engag", "pili", "object", "orient", "axe",
                                              "priorit", "action", "chanti"]
    assert same_kind(["plac"], analyze) == ["plac"]
    # « 106 engagements » gives the number of « mesures » the question asks.
    assert counts("présente 106 engagements", same_kind(["mesur"], analyze), analyze)


def test_no_counted_word_counts_nothing():
    assert counts("présente 106 engagements", [], analyze) is False


@pytest.mark.parametrize(("question", "asks"), [
    ("Quel est le montant du pacte de 2015 ?", True),
    ("Quel budget pour l'Acte 2 ?", True),
    ("Combien coûtent les maraudes ?", True),
    ("What does it cost?", True),
    ("How much money did the State commit?", True),
    ("Combien la CAF finance-t-elle ?", True),
    ("Combien la Ville de Paris consacre-t-elle au pacte ?", True),
    ("How much does the city spend on act 2?", True),
    ("Combien de partenaires ?", False),
    ("Combien de partenaires le pacte mobilise-t-il ?", False),
    ("Combien sont orientés vers un hébergement ?", False),
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


@pytest.mark.parametrize(("question", "names"), [
    ("Quel est le budget de la Ville pour l'Acte 2 ?", ["ville"]),
    ("Combien l'Etat et la CAF versent-ils ?", ["état", "CAF"]),
    ("How much money has the State committed?", ["état"]),
    ("Quel est le budget de l'AP-HP pour l'Acte II ?", ["AP-HP"]),
    ("Quel est le budget du pacte de Paris ?", []),
    ("QUEL EST LE BUDGET DU PACTE ?", []),
    ("Quel est le budget du PACTE pour l'Acte 2 ?", []),
])
def test_who_a_sum_is_asked_of(question: str, names: list[str]):
    assert payers(question) == names


@pytest.mark.parametrize(("question", "asks"), [
    ("Quand le pacte a-t-il été signé ?", True),
    ("Et depuis quand la concertation a-t-elle commencé ?", True),
    ("Jusqu'à quand court l'Acte 2 ?", True),
    ("En quelle année l'Acte 2 se termine-t-il ?", True),
    ("À quelle heure part la maraude ?", True),
    ("When was the Paris pact signed?", True),
    ("What year does act 2 end?", True),
    ("Que faire quand une personne refuse l'hébergement ?", False),  # « quand »: a conjunction
    ("What happens when a shelter is full?", False),
    ("Qui a signé le pacte ?", False),
])
def test_a_question_that_asks_when(question: str, asks: bool):
    assert asks_date(question) is asks


@pytest.mark.parametrize(("sentence", "states"), [
    ("Il a été signé ce mercredi 18 février.", True),
    ("depuis l’automne 2014, se nourrit une grande réflexion collective", True),
    ("Depuis un an, l'Etat et la ville ont participé à l'écriture de l'Acte 2.", True),
    ("Les équipes sortent tous les mardis soir, départ à 20 h 30.", True),
    ("Le 12/03, réunion des partenaires.", True),
    ("Le Pacte a été signé par 13 grandes institutions.", False),  # « été »: the participle
    ("Changer le regard ;", False),
    ("5 habitants sur 10", False),  # « 5 h… » is no hour
])
def test_a_sentence_that_states_a_date_or_a_time(sentence: str, states: bool):
    assert states_date(sentence) is states


def test_a_when_question_quotes_the_sentence_that_dates_it(api_client: TestClient):
    # « … signé par 13 grandes institutions … » came first in both languages: the words
    # match, the date is in the next sentence.
    for question in ("Quand le pacte a-t-il été signé ?", "When was the Paris pact signed?"):
        body = api_client.post("/ask", json={"question": question}).json()
        assert body["grounded"]
        assert body["citations"][0]["quote"].startswith("Il a été signé ce mercredi 18 février")


def assert_refused(api_client: TestClient, question: str, refusal: str) -> None:
    """``/ask`` answers ``question`` with ``refusal`` and suggestions, and cites nothing."""
    body = api_client.post("/ask", json={"question": question}).json()
    assert body["grounded"] is False and body["citations"] == []
    assert body["answer"].startswith(refusal)
    assert body["suggestions"]


def test_an_amount_no_passage_states_is_not_answered(api_client: TestClient):
    # It quoted « … plan d'action partenarial pour la période 2015-2020. » with confidence.
    assert_refused(api_client, "Quel est le montant du pacte de 2015 ?",
                   "Les textes indexés n'indiquent pas ce montant.")
    budget = api_client.post("/ask", json={"question": "Quel est le budget de l'Acte 2 ?"}
                             ).json()
    assert budget["grounded"] and "840 millions d'euros" in budget["citations"][0]["quote"]


def test_a_sum_is_quoted_for_whom_it_is_asked(api_client: TestClient):
    # « … le rôle fondamental de l'Etat et les plus de 840 millions d'euros mobilisés. » was
    # quoted as the Ville's budget; and « Combien la CAF finance-t-elle ? » got the 13
    # signatories, a count where a sum was asked.
    for question in ("Quel est le budget de la Ville pour l'Acte 2 ?",
                     "Combien la CAF finance-t-elle ?"):
        assert_refused(api_client, question, "Les textes indexés n'indiquent pas ce montant.")
        # The nearest thing said: the State's sum, first among the suggestions.
        first = api_client.post("/ask", json={"question": question}).json()["suggestions"][0]
        assert "840 millions d'euros" in first["quote"]
    for question in ("Quel montant l'État a-t-il mobilisé pour l'acte 2 ?",
                     "How much money did the State commit to the second act of the pact?"):
        body = api_client.post("/ask", json={"question": question}).json()
        assert body["grounded"] and "840 millions d'euros" in body["citations"][0]["quote"]


def test_a_count_no_passage_states_is_not_answered(api_client: TestClient):
    # It quoted « … 13 grandes institutions … et présente 106 engagements. » with confidence.
    assert_refused(api_client, "Combien de personnes sans domicile à Paris ?",
                   "Les textes indexés n'indiquent pas ce nombre.")
    same_kind_of_thing = api_client.post("/ask", json={
        "question": "Le texte signé à l'Hôtel de Ville contient combien de mesures ?"}).json()
    assert "106 engagements" in same_kind_of_thing["citations"][0]["quote"]


def test_an_english_count_reads_further_for_the_number(api_client: TestClient):
    body = api_client.post("/ask", json={"question": "How many commitments does the 2015 pact "
                                                     "have?"}).json()
    # The first five passages hold « 5 grands piliers » only; it led with them.
    assert body["grounded"] and "106 engagements" in body["citations"][0]["quote"]
