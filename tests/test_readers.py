"""Readers for every format, on fixtures generated here (no model, no network)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfWriter
from readers_util import described, read
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.errors import UnreadableFileError
from indexer.readers import read_document
from indexer.types import Block, DocMeta

# --- PDF -------------------------------------------------------------------------------

PDF_PAGES = [
    ["Pacte parisien de lutte contre l’exclusion",
     "Le Pacte réunit 13 institutions « signataires » autour d’un plan d’action partenarial",
     "pour la période 2015-2020. Il présente 106 engagements.",
     "Ses 3 piliers :",
     "- L’accès aux droits ;",
     "- Prévenir ;",
     "- Intervenir.",
     "1"],
    ["Gouvernance du Pacte",
     "M. Dupont, n° 12, etc. a présenté le bilan à l’Hôtel de Ville devant les",
     "partenaires du Pacte réunis en séance plénière.",
     "Page 2 sur 2"],
]


def make_pdf(path: Path, title: str = "") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    if title:
        c.setTitle(title)
    for lines in PDF_PAGES:
        for n, line in enumerate(lines):
            c.drawString(72, 800 - 16 * n, line)
        c.showPage()
    c.save()
    return path


def test_pdf_blocks_pages_and_offsets(tmp_path: Path) -> None:
    doc = read(make_pdf(tmp_path / "pacte.pdf"))
    assert [(kind, text, b.page) for (kind, _, text, _), b in zip(described(doc), doc.blocks,
                                                                 strict=True)] == [
        ("heading", "Pacte parisien de lutte contre l’exclusion", 1),
        ("paragraph", "Le Pacte réunit 13 institutions « signataires » autour d’un plan d’action "
                      "partenarial pour la période 2015-2020. Il présente 106 engagements.", 1),
        ("paragraph", "Ses 3 piliers :", 1),
        ("item", "L’accès aux droits ;", 1),
        ("item", "Prévenir ;", 1),
        ("item", "Intervenir.", 1),
        ("heading", "Gouvernance du Pacte", 2),
        ("paragraph", "M. Dupont, n° 12, etc. a présenté le bilan à l’Hôtel de Ville devant les "
                      "partenaires du Pacte réunis en séance plénière.", 2),
    ]
    assert [b.commitment for b in doc.blocks].count(True) == 3
    assert doc.blocks[0].level == 1 and doc.blocks[6].level == 2
    # Document.text is the pages joined with a blank line; page 2 starts after it. A line
    # break that the page's width made is a space: a quote reads as one sentence.
    page_two = doc.text.index("Gouvernance du Pacte")
    assert doc.text[page_two - 2 : page_two] == "\n\n"
    assert doc.meta.format == "pdf"
    assert doc.meta.title == "Pacte parisien de lutte contre l’exclusion"  # "untitled" ignored


def test_pdf_metadata_title_fills_missing_title(tmp_path: Path) -> None:
    doc = read(make_pdf(tmp_path / "pacte.pdf", title="Pacte 2015-2020"))
    assert doc.meta.title == "Pacte 2015-2020"
    doc = read_document(tmp_path / "pacte.pdf", "doc", DocMeta(title="Titre du manifeste"))
    assert doc.meta.title == "Titre du manifeste"


def test_encrypted_pdf_is_reported(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "clair.pdf"))
    writer.encrypt("secret")
    writer.write(tmp_path / "chiffre.pdf")
    with pytest.raises(UnreadableFileError, match=r"^chiffre\.pdf : PDF chiffré"):
        read_document(tmp_path / "chiffre.pdf", "doc", DocMeta())


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "clair.pdf"))
    writer.encrypt(user_password="", owner_password="proprietaire")
    writer.write(tmp_path / "restreint.pdf")
    assert len(read(tmp_path / "restreint.pdf").blocks) == 8


def test_corrupt_pdf_is_reported(tmp_path: Path) -> None:
    rnd = random.Random(7)
    path = tmp_path / "casse.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(rnd.randrange(256) for _ in range(3000)))
    with pytest.raises(UnreadableFileError, match=r"^casse\.pdf : PDF endommagé ou incomplet : "
                                                  r"il ne peut pas être lu ;"):
        read_document(path, "doc", DocMeta())


# --- DOCX ------------------------------------------------------------------------------

def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Pacte parisien", level=1)
    d.add_paragraph("Le Pacte a été signé à l’Hôtel de Ville. Il compte 4 engagements :")
    d.add_paragraph("Changer le regard ;", style="List Bullet")
    d.add_paragraph("Garantir un accompagnement sans rupture.", style="List Number")
    d.styles.add_style("Titre 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Gouvernance", style="Titre 2")
    d.add_paragraph("Un comité de suivi se réunit chaque année.")
    numbered = d.add_paragraph("Bilan annuel publié")  # a list item through numbering only
    num_pr, ilvl, num_id = (OxmlElement(t) for t in ("w:numPr", "w:ilvl", "w:numId"))
    ilvl.set(qn("w:val"), "0")
    num_id.set(qn("w:val"), "1")
    num_pr.extend([ilvl, num_id])
    numbered._p.get_or_add_pPr().append(num_pr)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Partenaire"
    table.cell(0, 1).text = "Ville de Paris"
    d.add_paragraph("Partager")
    d.add_paragraph("   ")
    d.save(str(path))
    return path


def test_docx_headings_lists_and_tables(tmp_path: Path) -> None:
    doc = read(make_docx(tmp_path / "pacte.docx"))
    assert described(doc) == [
        ("heading", 1, "Pacte parisien", False),
        ("paragraph", 0, "Le Pacte a été signé à l’Hôtel de Ville. Il compte 4 engagements :",
         False),
        ("item", 1, "Changer le regard ;", True),
        ("item", 1, "Garantir un accompagnement sans rupture.", True),
        ("heading", 2, "Gouvernance", False),
        ("paragraph", 0, "Un comité de suivi se réunit chaque année.", False),
        ("item", 1, "Bilan annuel publié", False),
        ("paragraph", 0, "Partenaire ; Ville de Paris", False),  # a table of one row
    ]
    assert "Partager" not in doc.text  # boilerplate left out of the built text too
    assert doc.meta.format == "docx" and doc.meta.title == "Pacte parisien"


def test_corrupt_docx_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "casse.docx"
    path.write_bytes(b"PK\x03\x04 pas vraiment un fichier Word")
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path, "doc", DocMeta())
    # Before: « … corrompu ou illisible (File is not a zip file) », the library's English.
    assert str(caught.value) == ("casse.docx : fichier Word (.docx) endommagé ou illisible : "
                                 "ouvrez-le dans Word, puis enregistrez-le de nouveau au "
                                 "format .docx")
    assert caught.value.detail == "BadZipFile: File is not a zip file"


# --- HTML ------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>Acte 2 du Pacte | Préfecture</title>
<script>var tracker = "Lire aussi";</script><style>p { color: red }</style></head>
<body class="page has-sidebar">
<header class="site-header"><nav><ul><li>Accueil</li><li>Actualités</li></ul></nav></header>
<div class="breadcrumb">Accueil &gt; Actualités &gt; Acte 2</div>
<main>
<p class="categorie">Actualité</p>
<article>
<header><h1>Présentation de l'acte 2 du Pacte</h1></header>
<p>Mise à jour : 30 juin 2022</p>
<p>Le Pacte dresse 4 engagements <strong>déclinés</strong> en 13 objectifs&nbsp;:</p>
<ul>
  <li>Changer le regard ;</li>
  <li>Garantir un accompagnement <a href="#">sans rupture</a>.</li>
</ul>
<div class="share-buttons"><a>Facebook</a><a>Twitter</a></div>
<div>Texte libre de l’article,<br>sur deux lignes.</div>
<!-- un commentaire -->
<h2>Lire aussi</h2>
<p>CAO dans les Deux-Sèvres</p>
<p>Tous les articles sur ce thème</p>
</article>
<aside><h2>Articles liés</h2><p>Autre chose</p></aside>
</main>
<div id="cookie-banner">Ce site utilise des cookies. Accepter</div>
<footer><p>Mentions légales</p></footer>
</body></html>"""


def test_html_keeps_article_content_only(tmp_path: Path) -> None:
    path = tmp_path / "acte2.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read(path)
    assert described(doc) == [
        ("heading", 1, "Présentation de l'acte 2 du Pacte", False),
        ("paragraph", 0, "Le Pacte dresse 4 engagements déclinés en 13 objectifs\u00a0:", False),
        ("item", 1, "Changer le regard ;", True),
        ("item", 1, "Garantir un accompagnement sans rupture.", True),
        ("paragraph", 0, "Texte libre de l’article, sur deux lignes.", False),
    ]
    for junk in ("Lire aussi", "Deux-Sèvres", "Accueil", "cookies", "Facebook", "Mentions",
                 "Autre chose", "Mise à jour", "tracker"):
        assert junk not in doc.text
    # The content's one <h1>, not the <title> with the site name after it.
    assert doc.meta.title == "Présentation de l'acte 2 du Pacte" and doc.meta.format == "html"


def test_html_without_main_uses_body(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<html><body><nav>Menu</nav><h2>Le Pacte</h2><p>Un texte.</p>"
                    "<div class='footer'>Contact</div></body></html>", encoding="utf-8")
    doc = read(path, DocMeta(title="Titre du manifeste"))
    assert described(doc) == [("heading", 2, "Le Pacte", False),
                              ("paragraph", 0, "Un texte.", False)]
    assert doc.meta.title == "Titre du manifeste" and doc.meta.format == "html"


# --- Markdown --------------------------------------------------------------------------

MARKDOWN = """Actualité

# Le Pacte parisien

Le Pacte vise à lutter contre l’exclusion.
Il a été signé en 2015.

## Les objectifs du pacte ##

Le Pacte vise à :

- **Prévenir** les ruptures ;
- Intervenir
  auprès des personnes à la rue ;
  1. sous-point numéroté

> Citation de M. Dupont.

| Partenaire | Rôle |
|---|---|
| Ville | pilote |

```
code ignoré
```

Lire aussi
----------

Un autre article
"""


def test_markdown_blocks_are_read_as_plain_text(tmp_path: Path) -> None:
    # The text is built from the blocks (markup, quote and list markers, code and the cut
    # "Lire aussi" teaser left out; a line the source merely wraps is joined by a space);
    # the table is one block, a line per row.
    path = tmp_path / "pacte.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read(path)
    assert doc.text == (
        "Le Pacte parisien\n\nLe Pacte vise à lutter contre l’exclusion. Il a été signé en "
        "2015.\n\nLes objectifs du pacte\n\nLe Pacte vise à :\n\nPrévenir les ruptures ;\n\n"
        "Intervenir auprès des personnes à la rue ;\n\nsous-point numéroté\n\n"
        "Citation de M. Dupont.\n\nPartenaire : Ville ; Rôle : pilote")
    assert described(doc) == [
        ("heading", 1, "Le Pacte parisien", False),
        ("paragraph", 0, "Le Pacte vise à lutter contre l’exclusion. Il a été signé en 2015.",
         False),
        ("heading", 2, "Les objectifs du pacte", False),
        ("paragraph", 0, "Le Pacte vise à :", False),
        ("item", 1, "Prévenir les ruptures ;", True),
        ("item", 1, "Intervenir auprès des personnes à la rue ;", True),
        ("item", 2, "sous-point numéroté", False),  # a sub-point of a commitment
        ("paragraph", 0, "Citation de M. Dupont.", False),
        ("paragraph", 0, "Partenaire : Ville ; Rôle : pilote", False),
    ]
    assert doc.meta.title == "Le Pacte parisien" and doc.meta.format == "md"


def test_markdown_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes("\ufeff# Titre\r\n\r\nUn paragraphe.\r\n".encode())
    doc = read(path)
    assert described(doc) == [("heading", 1, "Titre", False),
                              ("paragraph", 0, "Un paragraphe.", False)]


# --- Plain text and errors -------------------------------------------------------------

def test_txt_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("\ufeffLes engagements\r\n\r\nIls sont « ambitieux ».\r\n".encode())
    doc = read(path)
    assert doc.text == "Les engagements\n\nIls sont « ambitieux ».\n"
    assert described(doc) == [("heading", 1, "Les engagements", False),
                              ("paragraph", 0, "Ils sont « ambitieux ».", False)]
    assert doc.meta.source == str(path) and doc.meta.format == "txt"


def test_a_windows_text_is_read_in_windows_1252_and_says_so(tmp_path: Path) -> None:
    # Notepad before 2019, and many French export tools, save « ANSI »: Windows-1252,
    # where ’ is 0x92 and é 0xE9. It is read, and the document records it.
    path = tmp_path / "ancien.txt"
    path.write_bytes("Le Pacte a été signé à Paris, l’hiver.\r\n".encode("cp1252"))
    doc = read(path)
    assert doc.text == "Le Pacte a été signé à Paris, l’hiver.\n"
    assert (doc.meta.encoding, doc.meta.format) == ("cp1252", "txt")
    assert read(tmp_path / "ancien.txt").meta.encoding == "cp1252"
    utf8 = tmp_path / "nouveau.md"
    utf8.write_text("# Le Pacte\n\nIl a été signé.\n", encoding="utf-8")
    assert read(utf8).meta.encoding == "utf-8"


def test_a_text_in_another_script_or_with_undefined_bytes_is_not_guessed(tmp_path: Path) -> None:
    russian = tmp_path / "cyrillique.txt"  # every byte defined in Windows-1252, as « Ïðèâåò »
    russian.write_bytes("Пакт против социальной изоляции".encode("cp1251"))
    with pytest.raises(UnreadableFileError) as raised:
        read_document(russian, "doc", DocMeta())
    assert str(raised.value) == (
        "cyrillique.txt : encodage illisible : ni UTF-8 ni Windows-1252 (28 lettres sur 28 "
        "hors ASCII) ; réenregistrez le fichier en UTF-8")
    undefined = tmp_path / "octets.txt"  # 0x81 means nothing in Windows-1252
    undefined.write_bytes(b"Le pacte \x81 sign\xe9")
    with pytest.raises(UnreadableFileError) as raised:
        read_document(undefined, "doc", DocMeta())
    assert str(raised.value) == (
        "octets.txt : encodage illisible : ni UTF-8 (octet invalide à la position 9) ni "
        "Windows-1252 (octet 0x81 à la position 9) ; réenregistrez le fichier en UTF-8")


def test_binary_file_named_txt_is_not_text(tmp_path: Path) -> None:
    # Random bytes (a NUL among them), not a text in another encoding: no « réenregistrez-le
    # en UTF-8 » advice.
    path = tmp_path / "binaire.txt"
    data = random.Random(3).randbytes(4000)
    path.write_bytes(data)
    with pytest.raises(UnreadableFileError) as raised:
        read_document(path, "doc", DocMeta())
    assert str(raised.value) == (
        f"binaire.txt : contenu binaire : ce n'est pas un fichier texte (octet nul à la position "
        f"{data.index(0)}) ; vérifiez le format du fichier et son extension")


def test_control_bytes_without_nul_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "export.md"
    path.write_bytes(b"\x1b[1mTitre\x1b[0m\x01\x02\x03\x04\x05\x06 ok")
    with pytest.raises(UnreadableFileError, match=r"^export\.md : contenu binaire : ce n'est pas "
                       r"un fichier texte \(8 octets de contrôle sur 22\) ; vérifiez"):
        read_document(path, "doc", DocMeta())


def test_a_utf16_text_is_read_from_its_byte_order_mark(tmp_path: Path) -> None:
    # NUL bytes, but a UTF-16 byte order mark first: Notepad's « Unicode ».
    path = tmp_path / "unicode.txt"
    path.write_bytes("Le Pacte a été signé à Paris.\r\n".encode("utf-16"))
    doc = read(path)
    assert (doc.text, doc.meta.encoding) == ("Le Pacte a été signé à Paris.\n", "utf-16")
    cut = tmp_path / "coupe.txt"  # an odd number of bytes: cut in the middle of a letter
    cut.write_bytes("Le Pacte".encode("utf-16")[:-1])
    with pytest.raises(UnreadableFileError, match=r"^coupe\.txt : encodage illisible : UTF-16 "
                       r"tronqué ou invalide ; réenregistrez le fichier en UTF-8$"):
        read_document(cut, "doc", DocMeta())


def test_text_with_tabs_and_form_feeds_is_text(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes("Bilan\n\nJour\tPlaces\x0c\n\nLe centre est ouvert l’été.\n".encode())
    assert described(read(path)) == [("heading", 1, "Bilan", False),
                                     ("heading", 2, "Jour\tPlaces", False),
                                     ("paragraph", 0, "Le centre est ouvert l’été.", False)]


@pytest.mark.parametrize("name", ["vide.txt", "vide.md", "vide.pdf", "vide.docx", "vide.html"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b" \n")
    with pytest.raises(UnreadableFileError, match=rf"^{re.escape(name)} : fichier vide"):
        read_document(path, "doc", DocMeta())


def test_file_with_only_boilerplate_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Accueil > Actualités\n\nPartager\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="aucun texte exploitable"):
        read_document(path, "doc", DocMeta())


def test_unknown_extension_says_how_to_convert_a_common_format(tmp_path: Path) -> None:
    reasons = {}
    for name in ("tableau.xlsx", "ancien.DOC", "notes.xyz", "sans-extension"):
        (tmp_path / name).write_bytes(b"PK\x03\x04")
        with pytest.raises(UnreadableFileError) as raised:
            read_document(tmp_path / name, "doc", DocMeta())
        reasons[name] = raised.value.reason
    assert reasons == {
        "tableau.xlsx": "extension non prise en charge (.xlsx) : c'est un tableur ; copiez le "
                        "texte utile dans un document .docx, .odt ou .md",
        "ancien.DOC": "extension non prise en charge (.doc) : enregistrez-le au format .docx "
                      "ou .odt",
        "notes.xyz": "extension non prise en charge (.xyz) : formats acceptés : .docx, .htm, "
                     ".html, .md, .odt, .pdf, .txt",
        "sans-extension": "extension non prise en charge (aucune) : formats acceptés : .docx, "
                          ".htm, .html, .md, .odt, .pdf, .txt"}


def test_meta_is_copied_not_mutated(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Un texte.", encoding="utf-8")
    meta = DocMeta(publisher="Ville de Paris")
    doc = read_document(path, "doc", meta)
    assert meta.source == "" and doc.meta.source == str(path)
    assert doc.meta.publisher == "Ville de Paris"
    assert doc.blocks == [Block("paragraph", 0, 9)]


def test_html_never_drops_the_content_itself(tmp_path: Path) -> None:
    # ASP.NET pages wrap the whole page in a <form>; some themes put "share" in the content's
    # classes. The content stays; the real share box and menu go.
    body = "".join(f"<p>Engagement {n} du Pacte pour les personnes à la rue.</p>" for n in range(4))
    path = tmp_path / "aspnet.html"
    path.write_text(f"<html><body><form id='aspnetForm'><div class='menu'>Accueil Plan</div>"
                    f"<div class='entry has-share-buttons'><h1>Le Pacte</h1>{body}"
                    f"<div class='share'>Facebook</div></div></form></body></html>",
                    encoding="utf-8")
    doc = read(path)
    assert [doc.block_text(b) for b in doc.blocks][:2] == [
        "Le Pacte", "Engagement 0 du Pacte pour les personnes à la rue."]
    assert len(doc.blocks) == 5 and "Facebook" not in doc.text and "Plan" not in doc.text


def test_os_error_is_said_in_french(tmp_path: Path):
    folder = tmp_path / "dossier.txt"  # a folder whose name looks like a text file
    folder.mkdir()
    with pytest.raises(UnreadableFileError,
                       match=r"^dossier\.txt : lecture impossible \(c'est un dossier\)$"):
        read(folder)
