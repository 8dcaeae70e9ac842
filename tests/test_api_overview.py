"""Questions about a pact text as a whole (api.overview): which ones, and nothing more."""

from __future__ import annotations

import pytest

from api.overview import asks_overview


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
