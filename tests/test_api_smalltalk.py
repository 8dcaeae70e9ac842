"""Greetings, thanks and goodbyes (api.smalltalk): what counts, and what does not."""

from __future__ import annotations

import pytest

from api.smalltalk import small_talk


@pytest.mark.parametrize(("message", "expected"), [
    ("bonjour", ("hello", "fr")), ("Bonsoir madame !", ("hello", "fr")),
    ("salut 👋", ("hello", "fr")), ("Hello", ("hello", "en")),
    ("merci !", ("thanks", "fr")), ("OK, merci beaucoup pour votre aide.", ("thanks", "fr")),
    ("Merci à vous", ("thanks", "fr")), ("thanks a lot", ("thanks", "en")),
    ("Merci, bonne journée", ("bye", "fr")), ("au revoir", ("bye", "fr")),
    ("Bye!", ("bye", "en")), ("Salut ça va ?", ("hello", "fr")),
    ("Bonjour, comment allez-vous ?", ("hello", "fr")), ("hi, how are you?", ("hello", "en")),
])
def test_small_talk(message: str, expected: tuple[str, str]) -> None:
    assert small_talk(message) == expected


@pytest.mark.parametrize("message", [
    "Bonjour, qui a signé le pacte ?", "merci de me dire qui a signé", "hier", "super",
    "Parle-moi de l'Acte 2", "salutations distinguées", "", "   ", "?!",
    "ça va durer combien de temps ?", "comment ça va se passer pour les familles ?",
])
def test_not_small_talk(message: str) -> None:
    assert small_talk(message) is None
