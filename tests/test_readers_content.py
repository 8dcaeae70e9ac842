"""Readers keep content: table rows and numbers, text after a mid-document "Voir aussi",
list items wrapped over lines, titles from the file name or Markdown front matter (real
files made here; no model)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from readers_util import described, read, texts

# --- Tables ----------------------------------------------------------------------------

def test_docx_table_keeps_every_row_and_merged_cells_once(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Horaires et capacité", 1)
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("Jour", "Places"), ("Lundi", "45"), ("Mardi", "60")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = d.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "Fermetures annuelles"
    merged.cell(1, 0).merge(merged.cell(1, 1)).text = "Août"
    merged.cell(1, 2).text = "3"
    vertical = d.add_table(rows=2, cols=2)
    vertical.cell(0, 0).merge(vertical.cell(1, 0)).text = "Week-end"
    vertical.cell(0, 1).text = "Fermé"
    vertical.cell(1, 1).text = "Sur rendez-vous"
    d.add_paragraph("Les places sont attribuées par ordre d'arrivée.")
    d.save(str(tmp_path / "accueil.docx"))
    # A table is one block, a line per row under its headers; a merged cell is read once
    # in its row, and a header merged down the first column labels its rows.
    assert texts(read(tmp_path / "accueil.docx")) == [
        "Horaires et capacité", "Jour : Lundi ; Places : 45\nJour : Mardi ; Places : 60",
        "Fermetures annuelles : Août ; 3", "Week-end ; Fermé : Sur rendez-vous",
        "Les places sont attribuées par ordre d'arrivée."]


def test_html_table_numbers_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bains.html"
    path.write_text("<html><body><h1>Bains-douches</h1><table>"
                    "<tr><th>Établissement</th><th>Cabines</th><th>Arrondissement</th></tr>"
                    "<tr><td>Oberkampf</td><td>24</td><td>11</td></tr></table></body></html>",
                    encoding="utf-8")
    assert texts(read(path)) == ["Bains-douches",
                                 "Établissement : Oberkampf ; Cabines : 24 ; Arrondissement : 11"]


# --- "Voir aussi" in the middle of a document ------------------------------------------

GUIDE = ["Guide", "La domiciliation permet de recevoir son courrier.", "Voir aussi",
         "Le guide DRIHL.", "Qui peut être domicilié ?", "Toute personne sans domicile stable."]
KEPT = [GUIDE[0], GUIDE[1], *GUIDE[3:]]


def write_guide(path: Path) -> Path:
    if path.suffix == ".docx":
        d = docx.Document()
        for line in GUIDE:
            d.add_paragraph(line)
        d.save(str(path))
    elif path.suffix == ".html":
        path.write_text("<html><body>" + "".join(f"<p>{line}</p>" for line in GUIDE)
                        + "</body></html>", encoding="utf-8")
    else:
        path.write_text("\n\n".join(GUIDE) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["guide.txt", "guide.md", "guide.html", "guide.docx"])
def test_teaser_heading_in_the_middle_keeps_what_follows(tmp_path: Path, name: str) -> None:
    assert texts(read(write_guide(tmp_path / name))) == KEPT


def test_trailing_teaser_list_is_still_cut(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Le Pacte\n\nLe Pacte a été signé.\n\nÀ lire aussi\n\nLes maraudes\n\n"
                    "Le 1er juillet, les équipes ont commencé…\n\nTous les articles sur ce thème\n",
                    encoding="utf-8")
    assert texts(read(path)) == ["Le Pacte", "Le Pacte a été signé."]


# --- List items wrapped over lines ------------------------------------------------------

def test_txt_list_item_wrapped_before_a_capital_stays_whole(tmp_path: Path) -> None:
    # The wrapped line starts with a capital ("Parisiens"): still the item's text, not a
    # paragraph that would also cut the list (the next item lost its commitment flag).
    path = tmp_path / "acte2.txt"
    path.write_text("La rédaction partenariale a permis d'identifier 2 engagements :\n\n"
                    "- Assurer l'accès effectif aux droits et aux dispositifs d'aide pour les\n"
                    "Parisiens les plus éloignés des services publics ;\n"
                    "- Garantir un accompagnement sans rupture.\n", encoding="utf-8")
    assert described(read(path)) == [
        ("paragraph", 0, "La rédaction partenariale a permis d'identifier 2 engagements :",
         False),
        ("item", 0, "Assurer l'accès effectif aux droits et aux dispositifs d'aide pour les\n"
                    "Parisiens les plus éloignés des services publics ;", True),
        ("item", 0, "Garantir un accompagnement sans rupture.", True)]


def test_txt_wrapped_bullet_joined_pillars_are_five_items(tmp_path: Path) -> None:
    # The 2015 pillars, "A • B • C" hard-wrapped: the first line starts with a bullet (an
    # item), the next ones with a capital; each part is one pillar, without its "•".
    path = tmp_path / "pacte-2015.txt"
    path.write_text(
        "Ces engagements sont organisés autour de 5 grands piliers :\n\n"
        "• L’accès aux droits, préalable indispensable à la lutte contre l’exclusion •\n"
        "Prévenir, pour éviter que des personnes ne se retrouvent à la rue •\n"
        "Intervenir, pour apporter des solutions efficaces aux situations de rue,\n"
        "dans le respect des droits fondamentaux des personnes • Insérer\n"
        "durablement, pour permettre une insertion sociale et professionnelle par\n"
        "un accompagner global • Coordonner, Piloter et mettre en place une\n"
        "gouvernance partenariale\n", encoding="utf-8")
    doc = read(path)
    assert [doc.block_text(b) for b in doc.blocks if b.commitment] == [
        "L’accès aux droits, préalable indispensable à la lutte contre l’exclusion",
        "Prévenir, pour éviter que des personnes ne se retrouvent à la rue",
        "Intervenir, pour apporter des solutions efficaces aux situations de rue,\n"
        "dans le respect des droits fondamentaux des personnes",
        "Insérer\ndurablement, pour permettre une insertion sociale et professionnelle par\n"
        "un accompagner global",
        "Coordonner, Piloter et mettre en place une\ngouvernance partenariale"]
    assert len(doc.blocks) == 6


# --- Titles ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "title"), [
    ("rapport_activite-2023.txt", "rapport activite 2023"),
    ("Compte rendu  été.md", "Compte rendu été"),
])
def test_title_falls_back_to_the_file_name(tmp_path: Path, name: str, title: str) -> None:
    path = tmp_path / name
    path.write_text("Le centre accueille 45 personnes.\n", encoding="utf-8")
    assert read(path).meta.title == title


MARAUDE = """---
title: "Notes de maraude"
auteur: Équipe mobile
date: "2024-10-03T18:00:00+02:00"
---

Consignes de maraude
====================

La maraude part à 20 h du local.
"""


def test_markdown_front_matter_is_skipped_and_gives_the_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARAUDE, encoding="utf-8")
    doc = read(path)
    assert doc.text == "Consignes de maraude\n\nLa maraude part à 20 h du local."
    assert [(b.kind, b.level, doc.block_text(b)) for b in doc.blocks] == [
        ("heading", 1, "Consignes de maraude"),
        ("paragraph", 0, "La maraude part à 20 h du local.")]
    assert (doc.meta.title, doc.meta.date) == ("Notes de maraude", "2024-10-03")


def test_markdown_front_matter_without_title(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("---\nauteur: Équipe mobile\n...\nLa maraude part à 20 h.\n",
                    encoding="utf-8")
    doc = read(path)
    assert texts(doc) == ["La maraude part à 20 h."]
    assert doc.meta.title == "notes"


def test_markdown_rule_later_in_the_text_is_no_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Intro.\n\n---\n\nSuite\n---\n", encoding="utf-8")
    assert texts(read(path)) == ["Intro.", "Suite"]


# --- No-break spaces --------------------------------------------------------------------

def test_every_format_keeps_french_no_break_spaces(tmp_path: Path) -> None:
    # « : », « ; » and guillemets take a no-break space in French; the plain-text reader
    # always kept it, the others collapsed it to a space (a line could break before « : »).
    line = "Le pacte\u00a0: «\u202faccès aux droits\u00a0»."
    (tmp_path / "a.txt").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><body><p>Le pacte&nbsp;:  «&#8239;accès aux\n"
                                     "droits&nbsp;».</p></body></html>", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph(line)
    d.save(str(tmp_path / "a.docx"))
    for name in ("a.txt", "a.md", "a.html", "a.docx"):
        assert texts(read(tmp_path / name)) == [line], name
