"""Names a question uses that no indexed text holds (api.names), and the answer's note."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.names import absence_note, absent_names, candidates

# Words of a tiny index, as its analyser would hold them.
KNOWN = {"paris", "aphp", "ratp", "ville", "pole", "emploi", "hotel", "france"}


def known(word: str) -> bool:
    return word.lower().replace("ô", "o") in KNOWN


@pytest.mark.parametrize(("question", "names"), [
    ("Que prévoit le pacte de Lyon ?", ["Lyon"]),
    ("Quel rôle pour la Ville de Paris ?", ["Ville", "Paris"]),
    ("Que fait Pôle Emploi dans l'Acte 2 ?", ["Pôle Emploi"]),   # « Acte 2 » is an edition
    ("DALO et pacte", ["DALO"]),          # a first word in capitals may be a name
    ("Lyon a-t-elle un pacte ?", ["Lyon"]),            # the subject of an inverted verb
    ("France Travail participe-t-il ?", ["France Travail"]),
    ("Samusocial : quel rôle ?", ["Samusocial"]),       # a topic before a colon
    ("Toulouse ?", ["Toulouse"]),
    ("Pourquoi existe-t-il un pacte ?", []),           # a question word never is one
    ("Que fait-on pour les familles ?", []),
    ("Explique-moi le pacte", []),                     # an imperative, « Bonjour, … »: no
    ("Bonjour, que fait le pacte ?", []),
    ("Lyon et le pacte", []),                          # otherwise not told from « Quels »
    ("« Quel rôle pour Lyon ? »", ["Lyon"]),
    ("Les 5 piliers", []),
    ("Quel est le rôle d'Emmaüs et de l'ARS ?", ["Emmaüs", "ARS"]),  # after an elision
])
def test_candidates(question: str, names: list[str]):
    assert candidates(question) == names


@pytest.mark.parametrize(("question", "absent"), [
    ("Que prévoit le pacte de Lyon ?", ["Lyon"]),
    ("Quel rôle pour la RATP et l'APHP ?", []),
    ("Le rôle de France Travail et de Pôle emploi ?", ["France Travail"]),  # one word unknown
    ("Que dit le pacte sur le Samusocial et le DALO, et le DALO ?", ["Samusocial", "DALO"]),
    ("What does the Lyon pact say?", []),  # English questions are not read for names
])
def test_absent_names(question: str, absent: list[str]):
    assert absent_names(question, known) == absent


def test_the_note_lists_every_name():
    assert absence_note([]) == ""
    assert absence_note(["Lyon", "DALO"]) == \
        "Les textes indexés ne mentionnent pas «\xa0Lyon\xa0» ni «\xa0DALO\xa0»."


def test_the_answer_says_first_which_name_the_texts_lack(api_client: TestClient):
    body = api_client.post("/ask", json={"question": "Qui sont les partenaries de Marseille ?"}
                           ).json()
    assert body["answer"].split("\n")[:2] == [
        "Mot corrigé\xa0: «\xa0partenaries\xa0» → «\xa0partenaires\xa0».",
        "Les textes indexés ne mentionnent pas «\xa0Marseille\xa0»."]
    # No sentence that does not name it can say what it is: nothing is quoted as an answer.
    assert not body["grounded"] and body["citations"] == [] and body["suggestions"]
    # « rôle » reads near « le rôle fondamental de l'Etat » (0.95): a name the texts lack
    # still quotes nothing.
    siao = api_client.post("/ask", json={"question": "Quel est le rôle du SIAO ?"}).json()
    assert siao["answer"].startswith("Les textes indexés ne mentionnent pas «\xa0SIAO\xa0».")
    assert not siao["grounded"] and siao["citations"] == []
    named = api_client.post("/ask", json={"question": "Quel rôle pour la RATP ?"}).json()
    assert "ne mentionnent pas" not in named["answer"] and named["grounded"]
    first = api_client.post("/ask", json={"question": "Marseille a-t-elle un pacte ?"}).json()
    assert first["answer"].startswith("Les textes indexés ne mentionnent pas «\xa0Marseille\xa0».")
    assert not first["grounded"]
    # A name one typing slip from one the texts hold is misspelt, not absent.
    slip = api_client.post("/ask", json={"question": "Quelle cause Anne Hidalog défend-elle ?"}
                           ).json()
    assert "ne mentionnent pas" not in slip["answer"]
    # Not when the stem is a small part of the word: « longement » → « long » is no reason to
    # take « Logement » (absent from the texts) for a slip.
    brand = api_client.post("/ask", json={"question": "Que fait Action Logement ?"}).json()
    assert brand["answer"].startswith(
        "Les textes indexés ne mentionnent pas «\xa0Action Logement\xa0».")
    hello = api_client.post("/ask", json={"question": "Bonjour !"}).json()
    assert "ne mentionnent pas" not in hello["answer"]
