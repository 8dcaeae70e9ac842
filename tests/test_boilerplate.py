"""Web boilerplate is recognised, pact content is not (no model)."""

from __future__ import annotations

import pytest

from indexer.boilerplate import (
    cut_trailing_teasers,
    is_boilerplate,
    is_page_number,
    is_teaser_heading,
)
from indexer.structure import structure_text


@pytest.mark.parametrize("line", [
    "Accueil > Pôle accueils, santé, précarité > Signature du Pacte parisien",
    "Vous êtes ici : Accueil / Actualités",
    "Illustration WP id=20995",
    "Partager",
    "Partager sur Facebook",
    "Imprimer",
    "Imprimer cette page",
    "Facebook Twitter LinkedIn",
    "Lire aussi",
    "À lire aussi :",
    "Voir aussi",
    "Tous les articles sur ce thème",
    "Mise à jour : 30 juin 2022",
    "Publié le 12/03/2021",
    "Le 20 février 2015 | Actualités - Evénements -",
    "Ce site utilise des cookies pour améliorer votre navigation. Accepter Refuser",
    "Témoignages des principaux signataires du Pacte... par mairiedeparis",
    "Actualité",
    "Communiqué de presse",
    "Crédit photo : Ville de Paris",
    "Accueil > Actualités\nIllustration WP id=1",
])
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Signature du Pacte parisien contre la grande exclusion",
    "Le Pacte a été signé par 13 grandes institutions (Ville de Paris, CAF, etc.).",
    "Partager l’information entre les acteurs de la veille sociale ;",
    "Imprimer une dynamique nouvelle à l’accompagnement.",
    "Mise à jour des engagements du pacte en 2018",
    "Les actualités du Pacte",
    "Prévenir, pour éviter que des personnes ne se retrouvent à la rue",
    "L’accueil de jour reste ouvert > 20 h en hiver.",
    "Le 20 février 2015, le Pacte a été signé.",
    "2015-2020",
    "Accueil > Actualités\nLe Pacte a été signé.",
    "12",  # a table cell: page numbers are dropped by the PDF and text readers only
])
def test_content_lines(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(("line", "expected"), [
    ("12", True), ("Page 3 sur 100", True), ("- 2 -", True), ("— 4 —", True), ("2 / 5", True),
    ("p. 7", True), ("[3]", True), ("2015-2020", False), ("Article 3", False), ("45 places", False),
])
def test_page_numbers(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


def test_teaser_headings() -> None:
    assert is_teaser_heading("À lire aussi")
    assert is_teaser_heading("  voir   aussi : ")
    assert not is_teaser_heading("Lire aussi le rapport annuel du Pacte")


def test_cut_trailing_teasers_from_heading_to_end() -> None:
    text = ("Le Pacte\n\nLe Pacte a été signé.\n\nLire aussi\n\nCAO dans les Deux-Sèvres\n\n"
            "Le 1er juillet, Aurore s'est vue confier...\n\nTous les articles sur ce thème")
    blocks = cut_trailing_teasers(structure_text(text), text)
    assert [text[b.start : b.end] for b in blocks] == ["Le Pacte", "Le Pacte a été signé."]


def test_teaser_heading_followed_by_a_long_document_is_not_cut() -> None:
    body = "".join(f"Engagement {n}\n\nLe partenaire agit pour le pacte.\n\n" for n in range(20))
    text = "Le Pacte\n\nIntroduction.\n\nVoir aussi\n\n" + body
    blocks = structure_text(text)
    assert cut_trailing_teasers(blocks, text) == blocks


def test_teaser_heading_at_the_very_start_is_not_cut() -> None:
    text = "Voir aussi\n\nLe Pacte a été signé."
    blocks = structure_text(text)
    assert cut_trailing_teasers(blocks, text) == blocks


def test_teaser_heading_followed_by_sentences_is_not_cut() -> None:
    text = ("Guide\n\nLa domiciliation permet de recevoir son courrier.\n\nVoir aussi\n\n"
            "Le guide DRIHL.\n\nQui peut être domicilié ?\n\nToute personne sans domicile.")
    blocks = structure_text(text)
    assert cut_trailing_teasers(blocks, text) == blocks
