"""Web boilerplate is recognised, pact content is not (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.boilerplate import (
    cut_trailing_teasers,
    is_boilerplate,
    is_page_number,
    is_teaser_heading,
    is_teaser_label,
    strip_site_name,
)
from indexer.readers import read_document
from indexer.structure import structure_text
from indexer.types import DocMeta


@pytest.mark.parametrize("line", [
    "Accueil > Pôle accueils, santé, précarité > Signature du Pacte parisien",
    "Vous êtes ici : Accueil / Actualités",
    "Illustration WP id=20995",
    "Partager",
    "Partager sur Facebook",
    "Partager : Facebook X LinkedIn",
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
    # Still dropped by the narrower patterns (breadcrumbs, datelines, captions, rubrics).
    "Accueil / Actualités / Acte 2",
    "Home › Actualités",
    "Accueil » Le Pacte",
    "Le 3 mars 2022 | Presse",
    "12/03/2021 | Actualités, Agenda",
    "Vidéo : Témoignages des signataires",
    "Vidéo : témoignages...",
    "Mis à jour le 3 mai 2022",
    "Mis à jour le 3 mai 2022.",
    "Publié le 12/03/2021 à 14h30",
    "Dernière mise à jour : 2022-05-03 10:05",
    "Actualités",
    "Événements",
    "À la une",
    "Communiqués de presse",
    "Actualité - Événements -",
    "Publié le 12 décembre 2023 par la rédaction — Temps de lecture : 3 min",
    "Temps de lecture : 5 minutes", "4 min de lecture",
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
    "Publié le 12 décembre 2023 par la DASES.",  # says who
    "La lecture de 3 min d'un conte ouvre chaque atelier.",
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


@pytest.mark.parametrize(("outside_links", "expected"), [
    # The text of a paragraph outside its links: a label alone (the separators between the
    # links after it), or more.
    ("Lire aussi : ", True), ("À lire aussi  , ", True), ("Voir aussi  et  .", True),
    ("Lire également\u00a0: ", True), ("LIRE AUSSI", True), ("lire aussi | ", True),
    ("", False), ("Pour en savoir plus, lire aussi  .", False),
    ("Lire aussi : le rapport annuel, .", False), ("Lire aussi : Le bilan 2024", False),
])
def test_teaser_labels(outside_links: str, expected: bool) -> None:
    assert is_teaser_label(outside_links) is expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Actualité - Association Solidarité Paris", "Actualité"),
    ("Acte 2 du Pacte | Préfecture", "Acte 2 du Pacte"),
    ("Halte de nuit – Bilan — Ville de Paris", "Halte de nuit – Bilan"),
    ("  Halte\nde nuit  |  Samusocial ", "Halte de nuit"),
    ("Saint-Denis : la halte ouvre", "Saint-Denis : la halte ouvre"),  # no spaces round "-"
    ("Pacte 2015 - 2020", "Pacte 2015 - 2020"),  # a year is no site name
    ("- Association", "- Association"),  # nothing left before it
])
def test_site_name_is_cut_from_page_titles(title: str, expected: str) -> None:
    assert strip_site_name(title) == expected


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


# --- Content that looks like boilerplate (table rows, headings, sentences) ---------------

@pytest.mark.parametrize("line", [
    # Timeline table rows, raw (plain text) and as the Markdown reader keeps them.
    "| 20/02/2015 | Signature du pacte |",
    "20/02/2015 | Signature du pacte",
    "| 3 mars 2022 | Comité de suivi |",
    "3 mars 2022 | Comité de suivi",
    # Opening hours rows and cells starting with "Accueil".
    "| Accueil | 9h-17h |",
    "Accueil | 9h-17h",
    "| Accueil / orientation | 9h-12h |",
    "Accueil / orientation | 9h-12h",
    "Accueil / orientation",
    # Section headings of a document.
    "Agenda",
    "En bref",
    "Presse",
    "Dossiers",
    # Sentences.
    "Vidéo : les maraudeurs racontent leur nuit de travail dans le 18e arrondissement de Paris.",
    "Mis à jour le 3 mai 2022 par la DASES.",
])
def test_content_that_looks_like_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def _blocks(path: Path) -> list[tuple[str, str]]:
    doc = read_document(path, "d", DocMeta())
    return [(b.kind, doc.block_text(b)) for b in doc.blocks]


TIMELINE = ("# Calendrier\n\n| Date | Étape |\n|---|---|\n| 20/02/2015 | Signature du pacte |\n"
            "| 3 mars 2022 | Comité de suivi |\n\n# Horaires\n\n| Lieu | Heures |\n|---|---|\n"
            "| Accueil | 9h-17h |\n| Accueil / orientation | 9h-12h |\n")


def test_markdown_table_rows_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "calendrier.md"
    path.write_text(TIMELINE, encoding="utf-8")
    # No row is taken for a breadcrumb (« Accueil / orientation »); a table is one block, a
    # line per row, each cell after its header.
    assert _blocks(path) == [
        ("heading", "Calendrier"),
        ("paragraph", "Date : 20/02/2015 ; Étape : Signature du pacte\n"
                      "Date : 3 mars 2022 ; Étape : Comité de suivi"),
        ("heading", "Horaires"),
        ("paragraph", "Lieu : Accueil ; Heures : 9h-17h\n"
                      "Lieu : Accueil / orientation ; Heures : 9h-12h"),
    ]


def test_plain_text_table_rows_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "calendrier.txt"
    path.write_text("Calendrier\n\n| 20/02/2015 | Signature du pacte |\n\n"
                    "| Accueil | 9h-17h |\n", encoding="utf-8")
    texts = [text for _, text in _blocks(path)]
    assert "| 20/02/2015 | Signature du pacte |" in texts
    assert "| Accueil | 9h-17h |" in texts


def test_html_section_headings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "lettre.html"
    path.write_text("<html><body><main><h1>Lettre du Pacte</h1><p>Le Pacte avance.</p>"
                    "<h2>Agenda</h2><p>Comité de suivi le 3 mars.</p>"
                    "<h2>En bref</h2><p>Deux nouveaux signataires.</p>"
                    "<h2>Presse</h2><p>Le Parisien en parle.</p>"
                    "<p>Vidéo : les maraudeurs racontent leur nuit de travail dans le 18e "
                    "arrondissement de Paris.</p><p>Mis à jour le 3 mai 2022 par la DASES.</p>"
                    "</main></body></html>", encoding="utf-8")
    assert _blocks(path) == [
        ("heading", "Lettre du Pacte"), ("paragraph", "Le Pacte avance."),
        ("heading", "Agenda"), ("paragraph", "Comité de suivi le 3 mars."),
        ("heading", "En bref"), ("paragraph", "Deux nouveaux signataires."),
        ("heading", "Presse"), ("paragraph", "Le Parisien en parle."),
        ("paragraph", "Vidéo : les maraudeurs racontent leur nuit de travail dans le 18e "
                      "arrondissement de Paris."),
        ("paragraph", "Mis à jour le 3 mai 2022 par la DASES."),
    ]


def test_html_web_boilerplate_is_still_dropped(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text("<html><body><main><p>Accueil / Actualités / Acte 2</p>"
                    "<p>Le 3 mars 2022 | Actualités - Evénements -</p><p>Actualité</p>"
                    "<h1>Comité de suivi</h1><p>Mise à jour : 30 juin 2022</p>"
                    "<p>Le comité s'est réuni.</p><p>Vidéo : Témoignages des signataires</p>"
                    "</main></body></html>", encoding="utf-8")
    assert _blocks(path) == [("heading", "Comité de suivi"),
                             ("paragraph", "Le comité s'est réuni.")]


def test_slash_breadcrumbs_need_capitalised_steps_and_fail_fast() -> None:
    assert is_boilerplate("Accueil / Actualités / Acte 2")
    assert not is_boilerplate("Accueil / douches / bagagerie")  # a day centre's services
    assert not is_boilerplate("Accueil / écoute / orientation")
    # Forty steps then a long sentence: not a breadcrumb, and refused at once (the pattern
    # used to try every way of cutting the line: seconds from ten steps on, then hours).
    line = ("Accueil / " + " / ".join(f"Service {i}" for i in range(40))
            + " : l'accueil de jour est ouvert du lundi au vendredi de 9h à 17h, sans rendez-vous.")
    assert not is_boilerplate(line)
