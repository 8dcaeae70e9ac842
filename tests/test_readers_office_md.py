"""Readers keep what the reader of the file sees: Word tracked insertions, fields, content
controls (never deletions), text boxes and notes, Markdown without its markup (tables as one
block), raw HTML in Markdown, lone numbers in plain text; junk PDF titles are dropped (real
files made here; no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from readers_util import described, read, texts
from reportlab.pdfgen import canvas

W = nsdecls("w")
# A shape as Word 2010+ writes it: the text box (wps) and, for older readers, its VML copy.
SHAPES = nsdecls("w", "wp", "a") + (
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"')


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


# --- DOCX ------------------------------------------------------------------------------

def test_docx_keeps_tracked_insertions_and_drops_deletions(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Compte rendu du comité", 1)
    d.element.body.insert(1, parse_xml(
        f"<w:p {W}>{run('Les participants ont validé ')}"
        f'<w:ins w:id="1" w:author="A" w:date="2024-03-12T10:00:00Z">'
        f"{run('le budget de 2 millions d’euros et ')}</w:ins>"
        f'<w:del w:id="2" w:author="A" w:date="2024-03-12T10:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">le report du projet et </w:delText></w:r></w:del>'
        f"{run('le calendrier.')}</w:p>"))
    d.save(str(tmp_path / "comite.docx"))
    assert texts(read(tmp_path / "comite.docx")) == [
        "Compte rendu du comité",
        "Les participants ont validé le budget de 2 millions d’euros et le calendrier."]


def test_docx_keeps_simple_fields_links_and_inline_controls(tmp_path: Path) -> None:
    d = docx.Document()
    d.element.body.insert(0, parse_xml(
        f"<w:p {W}>{run('Réunion du ')}"
        f'<w:fldSimple w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; ">{run("12/03/2024")}'
        f"</w:fldSimple>{run(' à la mairie.')}</w:p>"))
    d.element.body.insert(1, parse_xml(
        f"<w:p {W}>{run('Contact : ')}"
        f'<w:sdt><w:sdtPr><w:alias w:val="Service"/></w:sdtPr>'
        f"<w:sdtContent>{run('service des maraudes')}</w:sdtContent></w:sdt>"
        f"{run(', ')}<w:hyperlink><w:smartTag w:uri=\"u\" w:element=\"e\">"
        f"{run('voir le site')}</w:smartTag></w:hyperlink>{run('.')}</w:p>"))
    d.save(str(tmp_path / "reunion.docx"))
    assert texts(read(tmp_path / "reunion.docx")) == [
        "Réunion du 12/03/2024 à la mairie.",
        "Contact : service des maraudes, voir le site."]


def test_docx_reads_body_level_content_controls(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Le bilan suit.")
    cover = parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Cover Pages"/>'
        f"</w:docPartObj></w:sdtPr><w:sdtContent>"
        f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{run("Rapport annuel 2023")}</w:p>'
        f"<w:p>{run('Observatoire de l’hébergement d’urgence')}</w:p>"
        f"<w:tbl><w:tr><w:tc><w:p>{run('Maraudes')}</w:p></w:tc>"
        f"<w:tc><w:p>{run('412')}</w:p></w:tc></w:tr></w:tbl>"
        f"</w:sdtContent></w:sdt>")
    d.element.body.insert(0, cover)
    d.save(str(tmp_path / "rapport.docx"))
    doc = read(tmp_path / "rapport.docx")
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks] == [
        ("heading", "Rapport annuel 2023"),
        ("paragraph", "Observatoire de l’hébergement d’urgence"),
        ("paragraph", "Maraudes ; 412"),  # a table of one row: its cells joined
        ("paragraph", "Le bilan suit.")]
    assert doc.meta.title == "Rapport annuel 2023"


def text_box(content: str) -> str:
    """A run holding a floating text box twice, as Word saves it (mc:Choice and mc:Fallback)."""
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            f'wordprocessingShape"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
            "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
            f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


def test_docx_text_box_is_read_once_after_its_paragraph(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Bilan de l’hiver", 1)
    d.element.body.insert(1, parse_xml(
        f"<w:p {SHAPES}>{run('Les maraudes ont repris en novembre.')}"
        + text_box(f"<w:p>{run('Chiffre clé :')}</w:p><w:p>{run('120 places ouvertes.')}</w:p>")
        + "</w:p>"))
    d.add_paragraph("Le bilan détaille les sorties.")
    d.save(str(tmp_path / "bilan.docx"))
    assert texts(read(tmp_path / "bilan.docx")) == [
        "Bilan de l’hiver", "Les maraudes ont repris en novembre.",
        "Chiffre clé :", "120 places ouvertes.", "Le bilan détaille les sorties."]


def test_docx_reads_vml_and_nested_text_boxes_but_not_deleted_ones(tmp_path: Path) -> None:
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    inner = text_box(f"<w:p>{run('Encadré dans l’encadré.')}</w:p>")
    cell._tc.append(parse_xml(  # an old VML text box only, holding a modern one
        f"<w:p {SHAPES}>{run('Accueil de jour.')}<w:r><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent><w:p>{run('Ouvert le dimanche.')}{inner}</w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r></w:p>"))
    d.element.body.insert(1, parse_xml(
        f"<w:p {SHAPES}>{run('Fin.')}"
        f'<w:del w:id="1" w:author="A" w:date="2024-03-12T10:00:00Z">'
        + text_box(f"<w:p>{run('Encadré supprimé.')}</w:p>") + "</w:del></w:p>"))
    d.save(str(tmp_path / "accueil.docx"))
    assert texts(read(tmp_path / "accueil.docx")) == [  # a table of one cell: one block
        "Accueil de jour. Ouvert le dimanche. Encadré dans l’encadré.", "Fin."]


def add_notes(d: Any, name: str, notes: str) -> None:
    """Give the document a footnotes or endnotes part (python-docx has no API for them)."""
    content_type = CT.WML_FOOTNOTES if name == "footnotes" else CT.WML_ENDNOTES
    xml = f"<w:{name} {W}>{notes}</w:{name}>".encode()
    part = Part(PackURI(f"/word/{name}.xml"), content_type, xml, d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES if name == "footnotes" else RT.ENDNOTES)


def note(tag: str, note_id: int, *paragraphs: str, kind: str = "") -> str:
    """A note: its number mark (``w:footnoteRef``) then its text, paragraph by paragraph."""
    mark = f"<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:{tag}Ref/></w:r>"
    body = "".join(f"<w:p>{mark if i == 0 else ''}{run(p)}</w:p>"
                   for i, p in enumerate(paragraphs))
    kind = f' w:type="{kind}"' if kind else ""
    return f'<w:{tag} w:id="{note_id}"{kind}>{body}</w:{tag}>'


def test_docx_reads_footnotes_then_endnotes_after_the_body(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Budget 2024", 1)
    d.element.body.insert(1, parse_xml(
        f"<w:p {W}>{run('Le budget est voté')}"
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="3"/></w:r>'
        f"{run(' en mars')}<w:r><w:endnoteReference w:id=\"1\"/></w:r>{run('.')}</w:p>"))
    add_notes(d, "footnotes", "".join([
        note("footnote", 0, "", kind="separator"),
        note("footnote", 1, "", kind="continuationSeparator"),
        note("footnote", 2, "(suite de la note)", kind="continuationNotice"),
        note("footnote", 3, " Source : délibération du 12 mars 2024.", "Voir l’annexe."),
    ]))
    add_notes(d, "endnotes", note("endnote", -1, "", kind="separator")
              + note("endnote", 1, " Chiffres provisoires."))
    d.save(str(tmp_path / "budget.docx"))
    assert described(read(tmp_path / "budget.docx")) == [
        ("heading", 1, "Budget 2024", False),
        ("paragraph", 0, "Le budget est voté en mars.", False),
        ("paragraph", 0, "Source : délibération du 12 mars 2024.", False),
        ("paragraph", 0, "Voir l’annexe.", False),
        ("paragraph", 0, "Chiffres provisoires.", False)]


def fill(table: Any, rows: list[tuple[str, ...]]) -> None:
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value


def test_docx_table_is_one_block_a_line_per_row_under_its_headers(tmp_path: Path) -> None:
    # Empty cells and rows left out; a cell's paragraphs and line breaks read as spaces.
    d = docx.Document()
    d.add_heading("Bains-douches municipaux", 1)
    table = d.add_table(rows=4, cols=3)
    fill(table, [("Établissement", "Cabines", "Horaires"), ("Oberkampf", "24", "7h-19h"),
                 ("", "", ""), ("", "", "8h-18h")])
    table.cell(1, 2).add_paragraph("(fermé le lundi)")
    charenton = table.cell(3, 0).paragraphs[0].add_run("Charenton")
    charenton.add_break()
    charenton.add_text("(12e)")
    d.add_paragraph("L’entrée est gratuite.")
    d.save(str(tmp_path / "bains.docx"))
    doc = read(tmp_path / "bains.docx")
    assert doc.text == (
        "Bains-douches municipaux\n\n"
        "Établissement : Oberkampf ; Cabines : 24 ; Horaires : 7h-19h (fermé le lundi)\n"
        "Établissement : Charenton (12e) ; Horaires : 8h-18h\n\n"
        "L’entrée est gratuite.")
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1), ("paragraph", 0), ("paragraph", 0)]


def test_docx_merged_cells_are_read_once_in_their_row(tmp_path: Path) -> None:
    # python-docx gives a merged cell at every grid position it covers: once in a row, but
    # in every row it spans; a header merged down over the next row is a row label.
    d = docx.Document()
    across = d.add_table(rows=2, cols=3)
    across.cell(0, 0).merge(across.cell(0, 2)).text = "Fermetures annuelles"
    across.cell(1, 0).merge(across.cell(1, 1)).text = "Août"
    across.cell(1, 2).text = "3 semaines"
    down = d.add_table(rows=3, cols=2)
    fill(down, [("Jour", "Accueil"), ("Week-end", "Fermé le dimanche"),
                ("", "Sur rendez-vous le samedi")])
    down.cell(1, 0).merge(down.cell(2, 0))
    label = d.add_table(rows=2, cols=2)
    fill(label, [("Week-end", "Fermé"), ("", "Sur rendez-vous")])
    label.cell(0, 0).merge(label.cell(1, 0))
    d.save(str(tmp_path / "horaires.docx"))
    assert texts(read(tmp_path / "horaires.docx")) == [
        "Fermetures annuelles : Août ; 3 semaines",
        "Jour : Week-end ; Accueil : Fermé le dimanche\n"
        "Jour : Week-end ; Accueil : Sur rendez-vous le samedi",
        "Week-end ; Fermé : Sur rendez-vous"]


def test_docx_table_of_one_row_or_no_headers_joins_its_cells(tmp_path: Path) -> None:
    d = docx.Document()
    fill(d.add_table(rows=1, cols=2), [("Partenaire", "Ville de Paris")])
    fill(d.add_table(rows=3, cols=2), [("", ""), ("Lundi", "45"), ("Mardi", "60")])
    fill(d.add_table(rows=2, cols=2), [("Jour", "Places"), ("", "")])
    d.save(str(tmp_path / "places.docx"))
    assert texts(read(tmp_path / "places.docx")) == [
        "Partenaire ; Ville de Paris", "Lundi ; 45\nMardi ; 60", "Jour ; Places"]


def test_docx_layout_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    # A cell holding a heading, a table or more than 3 paragraphs lays out the page: its
    # table is read as before, cell by cell; a table inside is itself one block.
    d = docx.Document()
    page = d.add_table(rows=1, cols=2)
    left = page.cell(0, 0)
    left.paragraphs[0].text = "Accueil de jour"
    left.paragraphs[0].style = "Heading 2"
    left.add_paragraph("Ouvert du lundi au vendredi.")
    fill(page.cell(0, 1).add_table(rows=2, cols=2), [("Jour", "Places"), ("Lundi", "45")])
    long_cell = d.add_table(rows=1, cols=2)
    long_cell.cell(0, 0).text = "Un."
    for word in ("Deux.", "Trois.", "Quatre."):
        long_cell.cell(0, 0).add_paragraph(word)
    long_cell.cell(0, 1).text = "Cinq."
    d.save(str(tmp_path / "page.docx"))
    assert described(read(tmp_path / "page.docx")) == [
        ("heading", 2, "Accueil de jour", False),
        ("paragraph", 0, "Ouvert du lundi au vendredi.", False),
        ("paragraph", 0, "Jour : Lundi ; Places : 45", False),
        *[("paragraph", 0, word, False) for word in ("Un.", "Deux.", "Trois.", "Quatre.",
                                                      "Cinq.")]]


# --- Markdown --------------------------------------------------------------------------

NOTES = """# Compte rendu de la réunion des maraudes

## Points abordés

- Les **maraudes** du 18e arrondissement signalent une hausse des familles.
- Une *permanence juridique* sur le [droit au logement](https://ex.fr/dalo "DALO") ouvrira
  en mars ; voir `dalo.pdf`, <https://ex.fr> et ![logo](logo.png)le site.

| Structure | Places |
|---|---|
| Centre *Yvonne* | 45 |
| Halte de nuit | |
| | 12 |

```
code_block_should_not_matter()
```
"""


def test_markdown_text_has_no_markup_and_a_table_is_one_block(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    doc = read(path)
    assert doc.text == (
        "Compte rendu de la réunion des maraudes\n\nPoints abordés\n\n"
        "Les maraudes du 18e arrondissement signalent une hausse des familles.\n\n"
        "Une permanence juridique sur le droit au logement ouvrira "
        "en mars ; voir dalo.pdf, https://ex.fr et le site.\n\n"
        "Structure : Centre Yvonne ; Places : 45\nStructure : Halte de nuit\nPlaces : 12")
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1), ("heading", 2), ("item", 1), ("item", 1), ("paragraph", 0)]


def test_markdown_lire_aussi_paragraphs_of_links_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "actu.md"
    path.write_text(
        "# Halte de nuit\n\nUne halte de nuit ouvre le 1er février.\n\n"
        "**Lire aussi :** [Le bilan de la Nuit de la solidarité](/bilan)\n\n"
        "- À lire aussi : [Les maraudes](/m), [Le 115](/115)\n\n"
        "Lire aussi [le rapport](/r) avant la réunion de mars.\n", encoding="utf-8")
    # Before: « Lire aussi : Le bilan de la Nuit de la solidarité » was a paragraph.
    assert texts(read(path)) == [
        "Halte de nuit", "Une halte de nuit ouvre le 1er février.",
        "Lire aussi le rapport avant la réunion de mars."]


def test_markdown_inline_breaks_escapes_and_html(tmp_path: Path) -> None:
    path = tmp_path / "breves.md"
    path.write_text("## Les __bains-douches__ `Oberkampf`\n\n"
                    "Ouverts le dimanche\\\nde 8 h à 12 h<br>gratuits &amp; \\*sans\\* "
                    "<span class=\"x\">condition</span>.\n\n"
                    "> - Citation **en liste**.\n\n"
                    "| Sans corps | Ni lignes |\n|---|---|\n", encoding="utf-8")
    assert described(read(path)) == [
        ("heading", 2, "Les bains-douches Oberkampf", False),
        ("paragraph", 0, "Ouverts le dimanche\nde 8 h à 12 h\ngratuits & *sans* condition.",
         False),
        ("item", 1, "Citation en liste.", False),
        ("paragraph", 0, "Sans corps ; Ni lignes", False)]


def test_markdown_raw_html_block_is_a_paragraph(tmp_path: Path) -> None:
    # Its inline tags go and its entities are decoded, as in a Markdown paragraph.
    path = tmp_path / "maraudes.md"
    path.write_text(
        "# Maraudes\n\nUn premier paragraphe.\n\n"
        '<p align="center">Un autre paragraphe en HTML brut sur les maraudes.</p>\n\n'
        "<!-- note de rédaction : à relire -->\n\n"
        "<div>\n  <p>Les équipes sortent <b>chaque soir</b>.</p>\n  <!-- brouillon -->\n"
        "  <p>Elles rencontrent 40&nbsp;personnes &amp; leurs\n  chiens.</p>\n</div>\n\n"
        "<script>var suivi = 1;</script>\n\nFin.\n", encoding="utf-8")
    assert texts(read(path)) == [
        "Maraudes", "Un premier paragraphe.",
        "Un autre paragraphe en HTML brut sur les maraudes.",
        "Les équipes sortent chaque soir.", "Elles rencontrent 40\u00a0personnes & leurs chiens.",
        "Fin."]


def test_markdown_raw_html_table_is_read_as_a_markdown_table(tmp_path: Path) -> None:
    path = tmp_path / "places.md"
    path.write_text("Places :\n\n<table>\n<tr><th>Jour</th><th>Places</th></tr>\n"
                    "<tr><td>Lundi</td><td>45</td></tr>\n<tr><td>Mardi</td><td>60</td></tr>\n"
                    "</table>\n\n| Jour | Places |\n|---|---|\n| Lundi | 45 |\n| Mardi | 60 |\n",
                    encoding="utf-8")
    rows = "Jour : Lundi ; Places : 45\nJour : Mardi ; Places : 60"
    assert texts(read(path)) == ["Places :", rows, rows]  # the HTML table as the Markdown one


# --- Plain text ------------------------------------------------------------------------

def test_txt_keeps_lone_numbers_inside_a_page(tmp_path: Path) -> None:
    path = tmp_path / "chiffres.txt"
    path.write_text("Chiffres clés\n\n3 015\npersonnes recensées\n\n120\nplaces ouvertes\n",
                    encoding="utf-8")
    assert texts(read(path)) == [
        "Chiffres clés", "3 015\npersonnes recensées", "120\nplaces ouvertes"]


def test_txt_drops_page_numbers_at_page_edges(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("Bilan des maraudes\n\n120\nplaces ouvertes.\n\n1\n\f"
                    "Page 2\n\nLes équipes sortent chaque soir.\n\n- 2 -\n\f",
                    encoding="utf-8")
    assert texts(read(path)) == [
        "Bilan des maraudes", "120\nplaces ouvertes.", "Les équipes sortent chaque soir."]


# --- Titles ----------------------------------------------------------------------------

def test_pdf_default_reportlab_titles_are_not_titles(tmp_path: Path) -> None:
    for n, junk in enumerate(["(anonymous)", "(unspecified)"]):
        path = tmp_path / f"note{n}.pdf"
        c = canvas.Canvas(str(path))
        c.setTitle(junk)
        c.drawString(72, 750, "Bilan des maraudes")
        c.drawString(72, 730, "Les équipes sortent chaque soir dans le quartier.")
        c.save()
        assert read(path).meta.title == "Bilan des maraudes"


def compte_rendu(path: Path, bold: bool | None, pt: float | None, normal_pt: float | None = None,
                 core_title: str = "") -> Path:
    """A minutes file whose first paragraph is typed as its title may be (python-docx's
    template: body text 11 pt, from w:docDefaults)."""
    d = docx.Document()
    d.core_properties.title = core_title
    if normal_pt:
        d.styles["Normal"].font.size = Pt(normal_pt)
    r = d.add_paragraph().add_run("Compte rendu du comité de pilotage")
    r.bold, r.font.size = bold, Pt(pt) if pt else None
    d.add_paragraph("Le comité s'est réuni le 5 mars 2024.")
    d.add_paragraph().add_run("Décisions").bold = True
    d.save(str(path))
    return path


@pytest.mark.parametrize(("bold", "pt", "normal_pt", "title"), [
    (True, 18, None, "Compte rendu du comité de pilotage"),  # 16 pt or more
    (True, 14, 10, "Compte rendu du comité de pilotage"),  # 1.25 times the body text or more
    (True, 13, None, "compte rendu"),  # not large enough beside 11 pt
    (True, None, None, "compte rendu"),  # bold only: the body text's size
    (False, 24, None, "compte rendu"),  # large but not bold
    (None, 24, None, "compte rendu"),
])
def test_docx_first_paragraph_typed_as_a_title_titles_the_document(
        tmp_path: Path, bold: bool | None, pt: float | None, normal_pt: float | None,
        title: str) -> None:
    doc = read(compte_rendu(tmp_path / "compte-rendu.docx", bold, pt, normal_pt))
    kind = "paragraph" if title == "compte rendu" else "heading"
    assert described(doc) == [
        (kind, 1 if kind == "heading" else 0, "Compte rendu du comité de pilotage", False),
        ("paragraph", 0, "Le comité s'est réuni le 5 mars 2024.", False),
        ("paragraph", 0, "Décisions", False)]
    assert doc.meta.title == title


def test_docx_title_typed_through_a_style_and_core_title_first(tmp_path: Path) -> None:
    d = docx.Document()
    grand = d.styles.add_style("Grand titre", WD_STYLE_TYPE.PARAGRAPH)
    grand.base_style, grand.font.bold, grand.font.size = d.styles["Normal"], True, Pt(20)
    d.add_paragraph("Bilan des maraudes", style="Grand titre")
    d.add_paragraph("Les équipes sortent chaque soir.")
    d.save(str(tmp_path / "bilan.docx"))
    doc = read(tmp_path / "bilan.docx")
    assert texts(doc) == ["Bilan des maraudes", "Les équipes sortent chaque soir."]
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    assert doc.meta.title == "Bilan des maraudes"
    # The file's own title (core properties) still comes first; "Document1" says nothing.
    for core, title in [("Compte rendu officiel", "Compte rendu officiel"),
                        ("Document1", "Compte rendu du comité de pilotage")]:
        path = compte_rendu(tmp_path / "cr.docx", True, 18, core_title=core)
        assert read(path).meta.title == title


def test_docx_sub_points_of_commitments_are_items_but_not_commitments(tmp_path: Path) -> None:
    # "List Bullet 2" (a style) and numbering level 1 (w:ilvl, 0-based) are one level down.
    d = docx.Document()
    d.add_paragraph("Nos 2 engagements :")
    d.add_paragraph("Prévenir les ruptures ;", style="List Bullet")
    d.add_paragraph("sortants d'institutions ;", style="List Bullet 2")
    d.add_paragraph("Aller vers les personnes.", style="List Bullet")
    d.element.body.append(parse_xml(
        f'<w:p {W}><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"{run('maraudes de nuit.')}</w:p>"))
    d.save(str(tmp_path / "engagements.docx"))
    assert described(read(tmp_path / "engagements.docx")) == [
        ("paragraph", 0, "Nos 2 engagements :", False),
        ("item", 1, "Prévenir les ruptures ;", True),
        ("item", 2, "sortants d'institutions ;", False),
        ("item", 1, "Aller vers les personnes.", True),
        ("item", 2, "maraudes de nuit.", False)]


def test_docx_content_controls_still_showing_their_prompt_are_left_out(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Compte rendu.")
    prompt = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
    d.element.body.append(parse_xml(  # an empty cover-page block of the template
        f"<w:sdt {W}>{prompt}<w:sdtContent>"
        f"<w:p>{run('Cliquez ou appuyez ici pour entrer du texte.')}</w:p></w:sdtContent></w:sdt>"))
    d.element.body.append(parse_xml(  # an empty date field inside a paragraph
        f"<w:p {W}>{run('Date : ')}<w:sdt>{prompt}<w:sdtContent>"
        f"{run('Cliquez ou appuyez ici pour entrer une date.')}</w:sdtContent></w:sdt></w:p>"))
    d.save(str(tmp_path / "modele.docx"))
    assert texts(read(tmp_path / "modele.docx")) == ["Compte rendu.", "Date :"]


def test_markdown_html_block_leaves_out_style_and_script_inside(tmp_path: Path) -> None:
    path = tmp_path / "encadre.md"
    path.write_text("<div>\n<style>.encadre { color: red; }</style>\n<p>Un encadré.</p>\n"
                    "<script>window.dataLayer = [];</script>\n</div>\n", encoding="utf-8")
    assert texts(read(path)) == ["Un encadré."]


def test_txt_with_a_huge_blank_line_is_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "vide.txt"  # was quadratic in the blank line's length (minutes here)
    path.write_text("Titre\n" + " " * 100_000 + "\nFin du texte.", encoding="utf-8")
    assert texts(read(path)) == ["Titre", "Fin du texte."]
