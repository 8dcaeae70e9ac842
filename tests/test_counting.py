"""What a « combien de … ? » question counts (api.counting), with the real French analyser."""

from __future__ import annotations

import pytest

from api.counting import counted, counts
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
