"""The OpenDocument text reader (.odt) on packages written here as LibreOffice writes them
(mimetype first and stored, content.xml, meta.xml, manifest), and on one real file made by
LibreOffice; no model."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from readers_util import described, read, texts

from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.errors import UnreadableFileError
from indexer.readers import read_document
from indexer.readers.odt import NS
from indexer.search import Retriever
from indexer.settings import Settings
from indexer.types import DocMeta

XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
MIMETYPE = "application/vnd.oasis.opendocument.text"
DATA = Path(__file__).resolve().parent / "data"
LOCKED = ("document OpenDocument (.odt) chiffré (protégé par un mot de passe) : ouvrez-le dans "
          "LibreOffice, puis enregistrez-en une copie sans mot de passe pour l'indexer")
DAMAGED = ("document OpenDocument (.odt) endommagé ou illisible : ouvrez-le dans LibreOffice, "
           "puis enregistrez-le de nouveau au format .odt")
NOT_ODT = ("ce n'est pas un document texte OpenDocument (.odt) : vérifiez le format du fichier "
           "et son extension")
# What LibreOffice writes for a password: each part's key and cipher, content.xml unreadable.
ENCRYPTION = ('<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:'
              'xmlns:manifest:1.0#sha256-1k" manifest:checksum="cDCSM68A7V9FS+H32HgpAVRXGKX5a">'
              '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#'
              'aes256-cbc" manifest:initialisation-vector="oOI9BH3ZTuTAXHOzhMet2A=="/>'
              '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
              'manifest:key-size="32" manifest:iteration-count="100000" '
              'manifest:salt="sAPoQkjYXk/Uj6IYalEfAw=="/></manifest:encryption-data>')


def make_odt(path: Path, body: str, title: str = "", styles: str = "",
             encrypted: bool = False) -> Path:
    """A Writer document: ``body`` is what ``office:text`` holds, ``styles`` its automatic
    styles; with ``encrypted``, content.xml is ciphered as a password makes it."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {XMLNS} '
               f'office:version="1.3"><office:automatic-styles>{styles}</office:automatic-styles>'
               f"<office:body><office:text>{body}</office:text></office:body>"
               "</office:document-content>").encode()
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {XMLNS} '
            f'office:version="1.3"><office:meta>{f"<dc:title>{title}</dc:title>" if title else ""}'
            "<dc:date>2013-12-23T23:15:00</dc:date></office:meta></office:document-meta>")
    entry = '<manifest:file-entry manifest:full-path="{}" manifest:media-type="{}">{}' \
            "</manifest:file-entry>"
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest {XMLNS} '
                f'manifest:version="1.3">{entry.format("/", MIMETYPE, "")}'
                f"{entry.format('content.xml', 'text/xml', ENCRYPTION if encrypted else '')}"
                f"{entry.format('meta.xml', 'text/xml', '')}</manifest:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)  # first, stored
        odt.writestr("content.xml", bytes(range(256)) * 8 if encrypted else content)
        odt.writestr("meta.xml", meta)
        odt.writestr("META-INF/manifest.xml", manifest)
    return path


def p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def h(text: str, level: int) -> str:
    return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
            f"{text}</text:h>")


def items(*texts: str) -> str:
    """A list; an item given as a list (str starting with "<text:list") nests in the one before."""
    out = []
    for text in texts:
        if text.startswith("<text:list"):
            out[-1] = out[-1].replace("</text:list-item>", f"{text}</text:list-item>")
        else:
            out.append(f"<text:list-item>{p(text, 'P2')}</text:list-item>")
    return f'<text:list text:style-name="L1">{"".join(out)}</text:list>'


def cells(*values: str, tag: str = "table:table-cell", attrs: str = "") -> str:
    return "".join(f"<{tag} {attrs}>{p(v)}</{tag}>" for v in values)


def row(content: str) -> str:
    return f"<table:table-row>{content}</table:table-row>"


# --- Structure -------------------------------------------------------------------------

def test_odt_headings_paragraphs_and_lists(tmp_path: Path) -> None:
    body = (h("Pacte parisien", 1)
            + p("Le Pacte réunit 13 institutions.")
            + h("Gouvernance", 2)
            + p("Ses 2 axes :")
            + items("Prévenir les ruptures ;", items("dès la sortie de l’hôpital"),
                    "Agir ensemble.")
            + p("Un comité de suivi se réunit chaque année.")
            + '<text:numbered-paragraph text:level="1">' + p("Bilan annuel publié")
            + "</text:numbered-paragraph>")
    doc = read(make_odt(tmp_path / "pacte.odt", body, title="Plan d’action 2024"))
    assert described(doc) == [
        ("heading", 1, "Pacte parisien", False),
        ("paragraph", 0, "Le Pacte réunit 13 institutions.", False),
        ("heading", 2, "Gouvernance", False),
        ("paragraph", 0, "Ses 2 axes :", False),
        ("item", 1, "Prévenir les ruptures ;", True),
        ("item", 2, "dès la sortie de l’hôpital", False),  # a sub-point: no commitment
        ("item", 1, "Agir ensemble.", True),
        ("paragraph", 0, "Un comité de suivi se réunit chaque année.", False),
        ("item", 1, "Bilan annuel publié", False),
    ]
    assert doc.text.startswith("Pacte parisien\n\nLe Pacte réunit 13 institutions.\n\n")
    assert (doc.meta.title, doc.meta.format, doc.meta.date) == ("Plan d’action 2024", "odt", "")


def test_odt_title_style_is_a_heading_and_junk_title_falls_back(tmp_path: Path) -> None:
    # P1: an automatic style (some formatting) on LibreOffice's Title style; a paragraph
    # styled « Heading 2 » without being a text:h is a heading too, as in a DOCX.
    styles = ('<style:style style:name="P1" style:family="paragraph" '
              'style:parent-style-name="Title"><style:text-properties fo:color="#000080" '
              'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"/>'
              "</style:style>")
    body = (p("Rapport d’activité 2023", "P1") + p("Les maraudes", "Heading_20_2")
            + p("Texte du rapport.") + h("Annexe", 11))
    doc = read(make_odt(tmp_path / "rapport.odt", body, title="rapport_v2.odt", styles=styles))
    assert described(doc) == [
        ("heading", 1, "Rapport d’activité 2023", False),
        ("heading", 2, "Les maraudes", False),
        ("paragraph", 0, "Texte du rapport.", False),
        ("heading", 6, "Annexe", False),  # outline levels go to 10: 6 at most, as elsewhere
    ]
    assert doc.meta.title == "Rapport d’activité 2023"  # « rapport_v2.odt » says nothing


def test_odt_spaces_tabs_line_breaks_links_and_fields(tmp_path: Path) -> None:
    body = (p('Lundi<text:s text:c="3"/>:<text:tab/>9\u00a0h<text:line-break/>Mardi<text:s/>: '
              "14 h")
            + p('<text:span text:style-name="T1">Voir </text:span><text:a xlink:type="simple" '
                'xlink:href="https://www.paris.fr/">le <text:span>site</text:span></text:a>, le '
                '<text:date text:date-value="2024-03-12">12/03/2024</text:date>, page '
                '<text:page-number text:select-page="current">3</text:page-number>.')
            + p('Accueil<text:bookmark text:name="b1"/> de <text:soft-page-break/>jour'
                '<text:bookmark-start text:name="b2"/> ouvert<text:bookmark-end text:name="b2"/>'
                '<text:placeholder text:placeholder-type="text">&lt;Nom&gt;</text:placeholder>'))
    assert texts(read(make_odt(tmp_path / "horaires.odt", body))) == [
        "Lundi : 9\u00a0h Mardi : 14 h",
        "Voir le site, le 12/03/2024, page 3.",
        "Accueil de jour ouvert",
    ]


def test_odt_drops_tracked_deletions_comments_and_indexes(tmp_path: Path) -> None:
    deleted = ('<text:tracked-changes text:track-changes="true">'
               '<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>'
               "<office:change-info><dc:creator>A</dc:creator>"
               "<dc:date>2024-03-12T10:00:00</dc:date></office:change-info>"
               f"{p('<text:s/>le report du projet et ')}</text:deletion></text:changed-region>"
               '<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion>'
               "<office:change-info><dc:creator>A</dc:creator></office:change-info>"
               "</text:insertion></text:changed-region></text:tracked-changes>")
    toc = ('<text:table-of-content text:name="Sommaire"><text:table-of-content-source '
           'text:outline-level="3"><text:index-title-template>Sommaire</text:index-title-template>'
           "</text:table-of-content-source><text:index-body><text:index-title>"
           f"{p('Table des matières')}</text:index-title>{p('Compte rendu<text:tab/>1')}"
           "</text:index-body></text:table-of-content>")
    index = ("<text:alphabetical-index><text:alphabetical-index-source/><text:index-body>"
             f"{p('budget, 1')}</text:index-body></text:alphabetical-index>")
    body = (deleted + '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" '
            'text:name="Illustration"/></text:sequence-decls>' + toc + h("Compte rendu", 1)
            + p('<office:annotation office:name="c1"><dc:creator>A</dc:creator>'
                "<text:p>Vérifier le montant</text:p></office:annotation>Les participants ont "
                'validé <text:change-start text:change-id="ct2"/>le budget et '
                '<text:change-end text:change-id="ct2"/><text:change text:change-id="ct1"/>'
                'le calendrier.<office:annotation-end office:name="c1"/>')
            + index)
    doc = read(make_odt(tmp_path / "comite.odt", body))
    assert texts(doc) == ["Compte rendu",
                          "Les participants ont validé le budget et le calendrier."]
    for hidden in ("report", "Vérifier", "Table des matières", "budget, 1", "Sommaire"):
        assert hidden not in doc.text


def test_odt_notes_come_after_the_body_footnotes_first(tmp_path: Path) -> None:
    def note(kind: str, mark: str, *paragraphs: str) -> str:
        return (f'<text:note text:id="{kind}{mark}" text:note-class="{kind}"><text:note-citation>'
                f'{mark}</text:note-citation><text:note-body>{"".join(map(p, paragraphs))}'
                "</text:note-body></text:note>")

    endnote = note("endnote", "i", "Chiffres provisoires.")
    footnote = note("footnote", "1", "Source : délibération du 12 mars 2024.", "Voir l’annexe.")
    body = (h("Budget 2024", 1) + p(f"Le budget est voté{endnote} en mars{footnote}.")
            + p("Il sera revu en juin."))
    assert described(read(make_odt(tmp_path / "budget.odt", body))) == [
        ("heading", 1, "Budget 2024", False),
        ("paragraph", 0, "Le budget est voté en mars.", False),
        ("paragraph", 0, "Il sera revu en juin.", False),
        ("paragraph", 0, "Source : délibération du 12 mars 2024.", False),
        ("paragraph", 0, "Voir l’annexe.", False),
        ("paragraph", 0, "Chiffres provisoires.", False)]


def test_odt_text_frame_follows_its_paragraph_and_image_text_is_left_out(tmp_path: Path) -> None:
    frame = ('<draw:frame draw:name="Cadre1" text:anchor-type="paragraph"><draw:text-box>'
             f"{p('Contact : 01 23 45 67 89')}</draw:text-box></draw:frame>")
    image = ('<draw:frame draw:name="Logo" text:anchor-type="as-char"><draw:image '
             'xlink:href="Pictures/logo.png" xlink:type="simple"/><svg:title>Logo de la Ville'
             "</svg:title><svg:desc>Blason</svg:desc></draw:frame>")
    page = ('<draw:frame text:anchor-type="page" text:anchor-page-number="1"><draw:text-box>'
            f"{p('Édition 2024')}</draw:text-box></draw:frame>")
    body = (page + h("Accueil de jour", 1)
            + p(f"{frame}L’accueil est ouvert{image} le matin.") + p("Fin."))
    assert texts(read(make_odt(tmp_path / "cadre.odt", body))) == [
        "Édition 2024", "Accueil de jour", "L’accueil est ouvert le matin.",
        "Contact : 01 23 45 67 89", "Fin."]


# --- Tables ----------------------------------------------------------------------------

def test_odt_table_with_header_row_is_one_block(tmp_path: Path) -> None:
    table = ('<table:table table:name="Tableau1"><table:table-column '
             'table:number-columns-repeated="2"/><table:table-header-rows>'
             f"{row(cells('Jour', 'Places'))}</table:table-header-rows>"
             f"{row(cells('Lundi', '45'))}</table:table>")
    doc = read(make_odt(tmp_path / "places.odt", h("Accueil", 1) + table + p("Fin.")))
    assert described(doc) == [("heading", 1, "Accueil", False),
                              ("paragraph", 0, "Jour : Lundi ; Places : 45", False),
                              ("paragraph", 0, "Fin.", False)]


def test_odt_merged_and_repeated_cells(tmp_path: Path) -> None:
    covered = "<table:covered-table-cell/>"
    down, across = 'table:number-rows-spanned="2"', 'table:number-columns-spanned="2"'
    twice = 'table:number-columns-repeated="2"'
    table = ("<table:table>"
             + row(cells("Structure", "Jour", "Places"))
             + row(cells("Centre Yvonne", attrs=down) + cells("Lundi", "45"))
             + row(covered + cells("Mardi", "60"))
             + row(cells("Total", attrs=across) + covered + cells("105"))
             + row(cells("Fermé", attrs=twice) + cells("0"))
             + '<table:table-row table:number-rows-repeated="3">'
             '<table:table-cell table:number-columns-repeated="3"/></table:table-row>'
             "</table:table>")
    assert texts(read(make_odt(tmp_path / "places.odt", table))) == [
        "Structure : Centre Yvonne ; Jour : Lundi ; Places : 45\n"
        "Structure : Centre Yvonne ; Jour : Mardi ; Places : 60\n"
        "Structure : Total ; Places : 105\n"  # merged across: once
        "Structure : Fermé ; Jour : Fermé ; Places : 0"]  # repeated: two cells


def test_odt_layout_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    layout_cell = f"<table:table-cell>{h('Nos missions', 2)}{p('Accueillir.')}</table:table-cell>"
    table = f"<table:table>{row(layout_cell + cells('Contact : mairie'))}</table:table>"
    assert described(read(make_odt(tmp_path / "page.odt", table))) == [
        ("heading", 2, "Nos missions", False),
        ("paragraph", 0, "Accueillir.", False),
        ("paragraph", 0, "Contact : mairie", False)]


# --- Unreadable files ------------------------------------------------------------------

def unreadable(path: Path) -> UnreadableFileError:
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path, "doc", DocMeta())
    return caught.value


def test_corrupt_odt_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "casse.odt"
    path.write_bytes(b"PK\x03\x04 pas vraiment un document")
    error = unreadable(path)
    assert str(error) == f"casse.odt : {DAMAGED}"
    assert error.detail == "BadZipFile: File is not a zip file"  # for the debug log only


def test_truncated_and_malformed_odt_are_reported(tmp_path: Path) -> None:
    whole = make_odt(tmp_path / "entier.odt", p("Texte.")).read_bytes()
    (tmp_path / "coupe.odt").write_bytes(whole[: len(whole) // 2])  # a download cut short
    assert unreadable(tmp_path / "coupe.odt").reason == DAMAGED
    make_odt(tmp_path / "mal.odt", "<text:p>Texte non fermé")
    error = unreadable(tmp_path / "mal.odt")
    assert (error.reason, error.detail.split(":")[0]) == (DAMAGED, "ParseError")


def test_a_file_that_is_no_odt_is_reported(tmp_path: Path) -> None:
    (tmp_path / "note.odt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 un ancien .doc")
    assert str(unreadable(tmp_path / "note.odt")) == f"note.odt : {NOT_ODT}"
    with zipfile.ZipFile(tmp_path / "word.odt", "w") as renamed:  # a .docx renamed .odt
        renamed.writestr("word/document.xml", "<w:document/>")
    assert unreadable(tmp_path / "word.odt").reason == NOT_ODT
    sheet = make_odt(tmp_path / "tableur.odt", "")  # a spreadsheet: office:spreadsheet
    with zipfile.ZipFile(sheet, "w") as ods:
        ods.writestr("content.xml", f"<office:document-content {XMLNS}><office:body>"
                     "<office:spreadsheet/></office:body></office:document-content>")
    assert unreadable(sheet).reason == NOT_ODT


def test_password_protected_odt_is_reported(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "protege.odt", p("Secret."), encrypted=True)
    error = unreadable(path)
    assert str(error) == f"protege.odt : {LOCKED}"
    assert error.detail == ""


def test_empty_odt_has_no_text(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "vide.odt", p("") + p("<text:s/>"))
    assert unreadable(path).reason == "aucun texte exploitable après extraction"


# --- A real file, and an index ---------------------------------------------------------

def test_odt_made_by_libreoffice(tmp_path: Path) -> None:
    # Made by LibreOffice 7.4 (soffice --headless --convert-to odt) from a DOCX written with
    # python-docx: a Title paragraph, a nested list, a table with a repeated header row and
    # a cell merged down, a footnote, a tracked deletion and a comment.
    doc = read(DATA / "plan-action.odt")
    assert described(doc) == [
        ("heading", 1, "Plan d’action du Pacte", False),
        ("heading", 1, "Les axes", False),
        ("paragraph", 0, "Le Pacte réunit 13 institutions.", False),
        ("paragraph", 0, "Ses 2 axes :", False),
        ("item", 1, "Prévenir les ruptures ;", True),
        ("item", 2, "dès la sortie de l’hôpital", False),
        ("item", 1, "Agir ensemble.", True),
        ("heading", 2, "Accueil de jour", False),
        ("paragraph", 0, "Structure : Centre Yvonne ; Jour : Lundi ; Places : 45\n"
                         "Structure : Centre Yvonne ; Jour : Mardi ; Places : 60", False),
        ("paragraph", 0, "Le budget est voté en mars.", False),  # « Le projet est reporté. »
        ("paragraph", 0, "Prochaine réunion en juin.", False),  # its comment left out
        ("paragraph", 0, "Source : délibération du 12 mars 2024.", False),
    ]
    assert (doc.meta.title, doc.meta.date) == ("Plan d’action 2024", "")  # meta.xml: 2013


def test_odt_is_indexed_and_searchable(tmp_path: Path) -> None:
    corpus = tmp_path / "mixte"
    corpus.mkdir()
    (corpus / "bon.txt").write_text("Le pacte protège l’accès aux droits.", encoding="utf-8")
    make_odt(corpus / "maraude.odt", h("Maraudes", 1)
             + p("Les équipes de maraude sortent chaque nuit vers les personnes sans abri."))
    (corpus / "casse.odt").write_bytes(b"PK\x03\x04 pas vraiment un document")
    make_odt(corpus / "protege.odt", p("Secret."), encrypted=True)
    settings = Settings(data_dir=tmp_path / "data")
    report = build_index([corpus], settings, embedder=HashEmbedder(), progress=False)
    assert report.documents == 2
    assert sorted((Path(path).name, reason) for path, reason in report.skipped) == [
        ("casse.odt", DAMAGED), ("protege.odt", LOCKED)]
    r = Retriever.load(settings, embedder=HashEmbedder())
    assert {c["doc_id"] for c in r.chunks} == {"bon", "maraude"}
    hit = r.search("équipes de maraude la nuit", k=1)[0]
    assert "Les équipes de maraude sortent chaque nuit" in hit.text
