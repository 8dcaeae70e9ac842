"""PDF reader: encryption, running headers and footers, paragraphs across pages (real PDFs
made with reportlab and pypdf here; no model)."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.chunker import Chunker
from indexer.errors import UnreadableFileError
from indexer.readers import read_document
from indexer.readers.pdf import drop_running_lines, join_hyphenated, quiet_pypdf
from indexer.readers.pdf_lines import heading_lines
from indexer.sentences import regex_sentences
from indexer.types import DocMeta, Document

HEADER = "CHRS Les Tilleuls - Rapport d'activité 2023"
REPORT = [
    ["Rapport d'activité 2023",
     "Le centre accueille 45 personnes.",
     "L'équipe compte six travailleurs sociaux diplômés d'État qui assurent un suivi",
     "individuel de chaque personne hébergée avant l'orientation vers un"],
    ["logement pérenne ou accompagné.",
     "Santé",
     "Une infirmière assure une permanence le mardi."],
    ["Bilan",
     "En 2023, 32 ménages ont été relogés."],
]
REPORT_BLOCKS = [
    ("heading", "Rapport d'activité 2023", 1),
    ("paragraph", "Le centre accueille 45 personnes.", 1),
    ("paragraph", "L'équipe compte six travailleurs sociaux diplômés d'État qui assurent un "
                  "suivi individuel de chaque personne hébergée avant l'orientation vers un "
                  "logement pérenne ou accompagné.", 1),
    ("heading", "Santé", 2),
    ("paragraph", "Une infirmière assure une permanence le mardi.", 2),
    ("heading", "Bilan", 3),
    ("paragraph", "En 2023, 32 ménages ont été relogés.", 3),
]


def make_pages(path: Path, pages: list[list[str]], header: str = "", footer: str = "") -> Path:
    """One PDF page per list of lines; ``header`` and ``footer`` (with {n} and {total}) are
    drawn at the top and bottom of every page."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, lines in enumerate(pages, 1):
        if header:
            c.drawString(50, 815, header.format(n=n, total=len(pages)))
        for i, line in enumerate(lines):
            c.drawString(50, 780 - 16 * i, line)
        if footer:
            c.drawString(290, 30, footer.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return path


def blocks_of(doc: Document) -> list[tuple[str, str, int | None]]:
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == doc.text[b.start : b.end].strip() != ""
    return [(b.kind, doc.block_text(b), b.page) for b in doc.blocks]


def test_running_header_and_page_footer_are_dropped(tmp_path: Path) -> None:
    path = make_pages(tmp_path / "rapport_activite-2023.pdf", REPORT, HEADER, "- {n} -")
    doc = read_document(path, "rapport", DocMeta())
    assert blocks_of(doc) == REPORT_BLOCKS
    assert "CHRS" not in doc.text and "- 2 -" not in doc.text
    assert doc.meta.title == "Rapport d'activité 2023"


@pytest.mark.parametrize("footer", ["{n} / {total}", "Page {n}", "page {n} sur {total}",
                                    "Rapport d'activité 2023 – page {n}", "— {n} —"])
def test_page_footers_of_every_style_are_dropped(tmp_path: Path, footer: str) -> None:
    doc = read_document(make_pages(tmp_path / "r.pdf", REPORT, footer=footer), "r", DocMeta())
    assert blocks_of(doc) == REPORT_BLOCKS


def test_running_header_with_page_number_is_dropped(tmp_path: Path) -> None:
    path = make_pages(tmp_path / "r.pdf", REPORT, header="Rapport 2023, page {n} sur {total}")
    assert blocks_of(read_document(path, "r", DocMeta())) == REPORT_BLOCKS


def test_numbered_headings_at_page_tops_are_kept(tmp_path: Path) -> None:
    # Same first line once digits are normalised, but the numbers do not follow the pages.
    pages = [[f"Article {k}", f"Le partenaire {k} s'engage à accueillir sans condition."]
             for k in (1, 4, 9)]
    doc = read_document(make_pages(tmp_path / "charte.pdf", pages), "c", DocMeta())
    assert [text for kind, text, _ in blocks_of(doc) if kind == "heading"] == [
        "Article 1", "Article 4", "Article 9"]


def test_repeated_lines_of_a_two_page_pdf_are_kept(tmp_path: Path) -> None:
    pages = [["Accueil de jour", "L'accueil de jour est ouvert chaque matin de la semaine."],
             ["Accueil de jour", "L'accueil de jour est fermé le soir et le dimanche."]]
    doc = read_document(make_pages(tmp_path / "a.pdf", pages), "a", DocMeta())
    assert blocks_of(doc) == [
        ("heading", "Accueil de jour", 1),
        ("paragraph", "L'accueil de jour est ouvert chaque matin de la semaine.", 1),
        ("heading", "Accueil de jour", 2),
        ("paragraph", "L'accueil de jour est fermé le soir et le dimanche.", 2)]


def test_numbers_inside_a_page_are_kept(tmp_path: Path) -> None:
    pages = [["Places ouvertes", "Gymnase Japy", "80", "Fin du tableau."], ["Suite."], ["Fin."]]
    doc = read_document(make_pages(tmp_path / "t.pdf", pages, footer="{n}"), "t", DocMeta())
    assert blocks_of(doc) == [
        ("paragraph", "Places ouvertes\nGymnase Japy\n80\nFin du tableau.", 1),
        ("paragraph", "Suite.", 2), ("paragraph", "Fin.", 3)]


# --- Encryption ------------------------------------------------------------------------

def encrypted(tmp_path: Path, algorithm: str, user_password: str) -> Path:
    writer = PdfWriter(clone_from=make_pages(tmp_path / "clair.pdf", REPORT[2:]))
    writer.encrypt(user_password=user_password, owner_password="proprietaire",
                   algorithm=algorithm)
    path = tmp_path / f"protege_{algorithm}.pdf"
    writer.write(path)
    return path


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_opening_with_an_empty_password_is_read(tmp_path: Path, algorithm: str) -> None:
    doc = read_document(encrypted(tmp_path, algorithm, ""), "p", DocMeta())
    assert blocks_of(doc) == [("heading", "Bilan", 1),
                              ("paragraph", "En 2023, 32 ménages ont été relogés.", 1)]


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_needing_a_password_is_reported(tmp_path: Path, algorithm: str) -> None:
    path = encrypted(tmp_path, algorithm, "secret")
    with pytest.raises(UnreadableFileError,
                       match=rf"^protege_{algorithm}\.pdf : PDF chiffré \(protégé par un mot de "
                             r"passe\) : enregistrez-en une copie non protégée pour l'indexer$"):
        read_document(path, "p", DocMeta())


# --- Damaged files: the reason in French, pypdf's English in the debug log only -----------

DAMAGED = ("PDF endommagé ou incomplet : il ne peut pas être lu ; ouvrez-le pour vérifier, "
           "puis enregistrez-en une nouvelle copie ou demandez à nouveau le fichier")


def truncated(tmp_path: Path) -> Path:
    """A PDF cut in the middle, as a download stopped halfway: pypdf finds no end marker."""
    data = make_pages(tmp_path / "entier.pdf", REPORT).read_bytes()
    path = tmp_path / "casse.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def test_damaged_pdf_is_said_in_french_and_pypdf_words_go_to_the_debug_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pacte")
    with pytest.raises(UnreadableFileError) as raised:
        read_document(truncated(tmp_path), "c", DocMeta())
    assert (str(raised.value), raised.value.detail) == (
        f"casse.pdf : {DAMAGED}", "PdfStreamError: Stream has ended unexpectedly")
    # pypdf's own warning reaches no terminal handler: only pacte's debug log, named.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("pacte.readers", "DEBUG", "casse.pdf : pypdf : EOF marker not found")]
    assert logging.getLogger("pypdf").propagate and not logging.getLogger("pypdf").handlers


def test_reading_a_damaged_pdf_prints_nothing_in_english(tmp_path: Path) -> None:
    # A fresh process with no logging set up, as `pacte index` runs: pypdf's « EOF marker
    # not found » used to reach the terminal through Python's last-resort log handler.
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from indexer.errors import UnreadableFileError
        from indexer.readers import read_document
        from indexer.types import DocMeta
        try:
            read_document(Path(sys.argv[1]), "c", DocMeta())
        except UnreadableFileError as exc:
            print(exc)
        """)
    done = subprocess.run([sys.executable, "-c", script, str(truncated(tmp_path))],
                          capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parents[1])
    assert (done.stdout, done.stderr) == (f"casse.pdf : {DAMAGED}\n", "")


def test_pypdf_warnings_while_reading_go_to_the_debug_log(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pacte")
    with quiet_pypdf("r.pdf"):
        warnings.warn("Multiple definitions in dictionary", UserWarning, stacklevel=1)
        logging.getLogger("pypdf.generic").error("Invalid stream (index 3)")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("pacte.readers", "DEBUG", "r.pdf : pypdf : Multiple definitions in dictionary"),
        ("pacte.readers", "DEBUG", "r.pdf : pypdf : Invalid stream (index 3)")]


def test_numbered_headings_at_the_top_of_each_page_stay():
    # "Engagement 3" tops page 3, as a running header with a page number would; with no page
    # word ("page", "p.", "/"), it is a heading and stays. The "- n -" footers go.
    pages = [[f"Engagement {n}", f"Le texte de l’engagement {n * 7}.", f"- {n} -"]
             for n in range(1, 5)]
    assert drop_running_lines(pages) == [[f"Engagement {n}", f"Le texte de l’engagement {n * 7}."]
                                         for n in range(1, 5)]


def test_passages_of_a_paragraph_over_pages_are_cited_on_their_own_page(tmp_path: Path) -> None:
    # One paragraph runs over three pages (each page ends mid-sentence, the next starts in
    # lowercase): one block, but each passage is cited where it starts.
    pages = [["Le pacte est un plan d'action partenarial qui",
              "réunit les institutions. La phrase deux commence ici et"],
             ["continue sur la page deux. La phrase trois est toute sur la page deux, et la",
              "suivante"],
             ["commence en page deux. La phrase cinq est sur la page trois."]]
    doc = read_document(make_pages(tmp_path / "suite.pdf", pages), "suite", DocMeta())
    assert [(b.kind, b.page, len(b.page_breaks)) for b in doc.blocks] == [("paragraph", 1, 2)]
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=16,
                     overlap_sentences=0).chunk(doc)
    assert [(c.page, c.text) for c in chunks] == [
        (1, "Le pacte est un plan d'action partenarial qui\nréunit les institutions."),
        (1, "La phrase deux commence ici et continue sur la page deux."),
        (2, "La phrase trois est toute sur la page deux, et la suivante\n"
            "commence en page deux."),
        (3, "La phrase cinq est sur la page trois."),
    ]


# --- Headings at page tops ---------------------------------------------------------------

PLAN = [
    ["Plan grand froid 2024 : mise à l'abri des personnes sans domicile",
     "Le plan grand froid prévoit l'ouverture de gymnases municipaux",
     "lorsque la température ressentie descend sous zéro degré."],
    ["Deuxième partie : les bains-douches",
     "Les bains-douches municipaux de la rue Oberkampf restent ouverts",
     "le dimanche matin pendant toute la période hivernale."],
    ["Troisième partie : la domiciliation administrative",
     "La domiciliation auprès d'un CCAS permet de recevoir son courrier",
     "et d'ouvrir des droits au RSA et à la complémentaire santé solidaire."],
]


def test_each_page_heading_heads_its_page_however_long(tmp_path: Path) -> None:
    # No blank line sets a PDF title apart: a heading as wide as the text under it, at the
    # top of a page, is still one. Page 1's is the title, not page 2's.
    doc = read_document(make_pages(tmp_path / "plan-hiver.pdf", PLAN), "plan", DocMeta())
    assert [(b.kind, b.level, text, page) for b, (_, text, page)
            in zip(doc.blocks, blocks_of(doc), strict=True)] == [
        ("heading", 1, PLAN[0][0], 1), ("paragraph", 0, " ".join(PLAN[0][1:]), 1),
        ("heading", 2, PLAN[1][0], 2), ("paragraph", 0, " ".join(PLAN[1][1:]), 2),
        ("heading", 2, PLAN[2][0], 3), ("paragraph", 0, " ".join(PLAN[2][1:]), 3)]
    assert doc.meta.title == PLAN[0][0]
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=60,
                     overlap_sentences=0).chunk(doc)
    assert [(c.page, c.section) for c in chunks] == [
        (1, PLAN[0][0]), (2, f"{PLAN[0][0]} > {PLAN[1][0]}"),
        (3, f"{PLAN[0][0]} > {PLAN[2][0]}")]


def test_without_a_heading_on_page_one_the_title_is_the_file_name(tmp_path: Path) -> None:
    pages = [PLAN[0][1:], *PLAN[1:]]
    doc = read_document(make_pages(tmp_path / "plan_grand-froid.pdf", pages), "p", DocMeta())
    assert [(kind, page) for kind, _, page in blocks_of(doc)] == [
        ("paragraph", 1), ("heading", 2), ("paragraph", 2), ("heading", 3), ("paragraph", 3)]
    assert doc.meta.title == "plan grand froid"


def test_wrapped_lines_at_page_tops_are_no_headings(tmp_path: Path) -> None:
    # Page 2 goes on with page 1's sentence; page 3 starts with a line cut after « par la »;
    # both lines are followed by a capital, as a heading would be.
    pages = [["Dispositif hivernal",
              "Le dispositif hivernal est coordonné par le SIAO et mis en œuvre",
              "avec les mairies d'arrondissement et la"],
             ["Ville de Paris, les associations et les équipes mobiles d'aide",
              "Samusocial de Paris qui assurent les maraudes de nuit chaque soir."],
             ["Le dispositif est mis en œuvre depuis 2015 par la",
              "Ville de Paris et ses partenaires associatifs du quartier."]]
    doc = read_document(make_pages(tmp_path / "d.pdf", pages), "d", DocMeta())
    assert [(kind, page) for kind, _, page in blocks_of(doc)] == [
        ("heading", 1), ("paragraph", 1), ("paragraph", 2), ("paragraph", 3)]
    assert doc.meta.title == "Dispositif hivernal"


def test_cover_page_without_text_leaves_the_title_to_the_next_page(tmp_path: Path) -> None:
    # A cover with only a picture: the first page with text gives the title.
    doc = read_document(make_pages(tmp_path / "rapport x.pdf", [[], *PLAN]), "r", DocMeta())
    assert doc.meta.title == PLAN[0][0]


def test_page_top_line_ending_mid_phrase_is_no_heading(tmp_path: Path) -> None:
    # Page 1 ends a sentence; page 2's first line is cut after « vers » or « est », and the
    # next line starts with a name: no heading, and the line break is read as a space.
    pages = [["Accueil de jour",
              "Le centre accueille les personnes isolées du quartier chaque jour.",
              "Il est ouvert de neuf heures à dix-sept heures sans rendez-vous."],
             ["Les personnes accueillies sont ensuite orientées vers",
              "Emmaüs Solidarité ou le Samusocial de Paris pour un hébergement",
              "durable, selon les places signalées par le SIAO, qui est",
              "Paris Habitat pour les logements sociaux du parc municipal."]]
    doc = read_document(make_pages(tmp_path / "accueil.pdf", pages), "a", DocMeta())
    assert [(kind, page) for kind, _, page in blocks_of(doc)] == [
        ("heading", 1), ("paragraph", 1), ("paragraph", 2)]
    assert blocks_of(doc)[2][1] == " ".join(pages[1])


def test_list_of_names_keeps_its_line_breaks(tmp_path: Path) -> None:
    # Lines as wide as each other, each a name starting with a capital: not wrapped prose.
    names = ["Agence régionale de santé d'Île-de-France",
             "Caisse d'allocations familiales de Paris",
             "Caisse primaire d'assurance maladie de Paris"]
    doc = read_document(make_pages(tmp_path / "signataires.pdf",
                                   [["Les signataires du pacte sont :", *names]]), "s", DocMeta())
    assert "\n".join(names) in doc.text


# --- Numbered headings -------------------------------------------------------------------

NUMBERED = [
    ["1. Introduction",
     "Le présent rapport dresse le bilan des actions menées pour favoriser l'accès",
     "aux droits des personnes en situation de grande précarité à Paris.",
     "2. Les maraudes",
     "2.3 Les maraudes de nuit",
     "Les équipes sortent chaque soir de vingt heures à minuit dans tout Paris."],
    ["II. Les engagements",
     "Les partenaires s'engagent sur trois axes dans le cadre du pacte parisien :",
     "1. Accès aux droits ;",
     "2. Hébergement ;",
     "3. Insertion.",
     "Le comité de suivi se réunit deux fois par an.",
     "1. Le centre a accueilli 45 personnes en 2023 et orienté douze ménages vers",
     "Paris Habitat pour un logement pérenne.",
     "Trois priorités guident l'action en 2024.",
     "1. Accès aux droits",
     "2. Santé"]]


def test_numbered_headings_head_their_sections_and_keep_their_number(tmp_path: Path) -> None:
    # A short numbered line on its own, body text after it: a heading, its number kept,
    # deeper under a deeper number (« 2.3 » under « 2. »). A list stays a list: after its
    # introduction (« : », or a sentence and another item next), ending as an item does
    # (« ; »), or a long numbered sentence.
    doc = read_document(make_pages(tmp_path / "rapport-numerote.pdf", NUMBERED), "r",
                        DocMeta())
    assert [(b.kind, b.level, text, page) for b, (_, text, page)
            in zip(doc.blocks, blocks_of(doc), strict=True)] == [
        ("heading", 3, "1. Introduction", 1),
        ("paragraph", 0, " ".join(NUMBERED[0][1:3]), 1),
        ("heading", 3, "2. Les maraudes", 1),
        ("heading", 4, "2.3 Les maraudes de nuit", 1),
        ("paragraph", 0, NUMBERED[0][5], 1),
        ("heading", 2, "II. Les engagements", 2),
        ("paragraph", 0, NUMBERED[1][1], 2),
        ("item", 0, "Accès aux droits ;", 2),
        ("item", 0, "Hébergement ;", 2),
        ("item", 0, "Insertion.", 2),
        ("paragraph", 0, "Le comité de suivi se réunit deux fois par an.", 2),
        ("item", 0, "Le centre a accueilli 45 personnes en 2023 et orienté douze ménages vers "
                    "Paris Habitat pour un logement pérenne.", 2),
        ("paragraph", 0, "Trois priorités guident l'action en 2024.", 2),
        ("item", 0, "Accès aux droits", 2),
        ("item", 0, "Santé", 2)]
    assert doc.meta.title == "rapport numerote"  # « 1. Introduction » titles a section only
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=60,
                     overlap_sentences=0).chunk(doc)
    assert [(c.page, c.section) for c in chunks] == [
        (1, "1. Introduction"), (1, "2. Les maraudes > 2.3 Les maraudes de nuit"),
        *[(2, "II. Les engagements")] * 9]


def test_numbered_sections_under_a_title(tmp_path: Path) -> None:
    # The rapport of the review: a bold title, then « 1. Introduction » and its text.
    pages = [["Rapport sur l'accès aux droits 2023",
              "1. Introduction",
              "Le présent rapport dresse le bilan des actions menées pour favoriser",
              "l'accès aux droits des personnes en situation de grande précarité."],
             ["2. Les permanences juridiques",
              "Les permanences juridiques gratuites se tiennent dans les mairies",
              "d'arrondissement. En 2023, 8 400 consultations ont été réalisées."]]
    doc = read_document(make_pages(tmp_path / "droits.pdf", pages), "d", DocMeta())
    assert [(b.kind, b.level, doc.block_text(b)) for b in doc.blocks if b.kind == "heading"] == [
        ("heading", 1, "Rapport sur l'accès aux droits 2023"), ("heading", 3, "1. Introduction"),
        ("heading", 3, "2. Les permanences juridiques")]
    assert doc.meta.title == "Rapport sur l'accès aux droits 2023"
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=60,
                     overlap_sentences=0).chunk(doc)
    assert [(c.page, c.section) for c in chunks] == [
        (1, "Rapport sur l'accès aux droits 2023 > 1. Introduction"),
        (2, "Rapport sur l'accès aux droits 2023 > 2. Les permanences juridiques")]


# --- Words hyphenated at line breaks -----------------------------------------------------

def test_words_hyphenated_at_line_breaks_are_whole_and_compounds_keep_their_hyphen(
        tmp_path: Path) -> None:
    # A cut word's hyphen goes; a compound's stays: another hyphen before it (« face-à-
    # face »), or a second part such as « ci », « elle », « être ». Each word is whole at
    # the end of its line, so the page's wrapping still reads as spaces.
    lines = ["Les maraudes de la Ville de Paris vont chaque soir au-devant",
             "des personnes sans domicile et leur proposent un accompagne-",
             "ment social en lien avec le SIAO, qui oriente vers celle-",
             "ci ou vers un hébergement adapté. L'équipe mobile est-",
             "elle formée ? Oui : chaque maraudeur suit une session de re-",
             "lation d'aide de deux jours et un module sur le face-à-",
             "face avec les personnes rencontrées la nuit, qui sera peut-",
             "être prolongé en 2025."]
    doc = read_document(make_pages(tmp_path / "formation.pdf",
                                   [["Formation des maraudeurs", *lines]]), "f", DocMeta())
    assert blocks_of(doc) == [
        ("heading", "Formation des maraudeurs", 1),
        ("paragraph", "Les maraudes de la Ville de Paris vont chaque soir au-devant des "
                      "personnes sans domicile et leur proposent un accompagnement social en "
                      "lien avec le SIAO, qui oriente vers celle-ci ou vers un hébergement "
                      "adapté. L'équipe mobile est-elle formée ? Oui : chaque maraudeur suit "
                      "une session de relation d'aide de deux jours et un module sur le "
                      "face-à-face avec les personnes rencontrées la nuit, qui sera peut-être "
                      "prolongé en 2025.", 1)]


def test_word_hyphenated_over_a_page_break_keeps_passages_on_their_pages(
        tmp_path: Path) -> None:
    # « accompagne- » ends page 1 and « ment sans rupture » starts page 2: the word is whole
    # on page 1 before the pages' offsets are taken, so each passage is still cited on the
    # page where it starts (page 2 starts at « sans », 117 characters in).
    pages = [["Le pacte réunit les institutions et les associations autour",
              "d'un même objectif : garantir à chacun un accompagne-"],
             ["ment sans rupture vers le logement. La phrase deux est toute",
              "sur la page deux et rappelle le rôle de l'héberge-",
              "ment d'urgence. La phrase trois commence sur la page deux et"],
             ["continue sur la page trois. La phrase quatre est en page trois."]]
    doc = read_document(make_pages(tmp_path / "pacte.pdf", pages, footer="- {n} -"), "p",
                        DocMeta())
    assert doc.text == (
        "Le pacte réunit les institutions et les associations autour d'un même objectif : "
        "garantir à chacun un accompagnement sans rupture vers le logement. La phrase deux "
        "est toute sur la page deux et rappelle le rôle de l'hébergement d'urgence. La phrase "
        "trois commence sur la page deux et continue sur la page trois. La phrase quatre est "
        "en page trois.")
    assert [(b.page, b.page_breaks) for b in doc.blocks] == [(1, (117, 283))]
    assert doc.text[117:].startswith("sans rupture") and doc.text[283:].startswith("continue")
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=16,
                     overlap_sentences=0).chunk(doc)
    assert [(c.page, c.text) for c in chunks] == [
        (1, "Le pacte réunit les institutions et les associations autour d'un même objectif "
            ": garantir à chacun"),
        (1, "un accompagnement sans rupture vers le logement."),
        (2, "La phrase deux est toute sur la page deux et rappelle le rôle de l'hébergement "
            "d'urgence."),
        (2, "La phrase trois commence sur la page deux et continue sur la page trois."),
        (3, "La phrase quatre est en page trois.")]


def test_join_hyphenated_leaves_numbers_capitals_and_paragraph_breaks() -> None:
    # Digits or a capital after the hyphen, or a blank line between: no word is cut. A soft
    # hyphen always marks a cut; French spaced punctuation goes with the word. Over a page
    # break, a word is joined only if the next page still starts in lowercase after it.
    assert join_hyphenated([["entre 2015-", "2020 en Île-de-", "France, l'accompa-", "",
                             "gnement re\u00ad", "logé ; celle-", "là."]]) == [
        ["entre 2015-", "2020 en Île-de-", "France, l'accompa-", "", "gnement relogé ;",
         "celle-là."]]
    assert join_hyphenated([["Un accompa-"], ["gnement. Puis"], ["re-"], ["logé."]]) == [
        ["Un accompa-"], ["gnement. Puis"], ["re-"], ["logé."]]


def test_a_cut_compound_keeps_its_hyphen_as_the_document_writes_it() -> None:
    # The document's own spelling decides: « auto-école » elsewhere keeps the hyphen,
    # « autonomes » is not a compound. Without it, known compound heads (« non- »,
    # « sans- ») keep theirs; « ex- » is cut from « exclusion ».
    assert join_hyphenated([["L'auto-école sociale aide les jeunes.", "Chaque auto-",
                             "école reçoit", "aussi les plus auto-", "nomes."]]) == [
        ["L'auto-école sociale aide les jeunes.", "Chaque auto-école", "reçoit",
         "aussi les plus autonomes."]]
    assert join_hyphenated([["Le non-", "recours des sans-", "abri et l'ex-", "clusion."]]) == [
        ["Le non-recours", "des sans-abri", "et l'exclusion."]]


def test_a_page_drawn_header_footer_and_number_first_loses_all_three(tmp_path: Path) -> None:
    # reportlab's page template draws header, footer and « Page N » before the page's
    # content, so text extraction gives them as the page's first three lines; the list's
    # « • » is written as the byte 0x7F, a bullet in WinAnsiEncoding. A line that wrapping
    # cut before « : » (French puts a space before it) goes on.
    path = tmp_path / "rapport.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    body = [["Rapport d'activité 2023", "L'association gère trois structures. Le tableau "
             "ci-dessous indique leurs capacités", ":", "• Centre Yvonne — 45 places",
             "• Halte de nuit — 20 places"],
            ["Le budget", "Le budget 2023 s'élève à 2,4 millions d'euros."],
            ["Perspectives", "Une halte de jour ouvrira en 2024."]]
    for n, lines in enumerate(body, 1):
        c.drawString(50, 815, "ASPN — Rapport d'activité 2023")
        c.drawString(50, 30, "ASPN — 12 rue des Lilas, 75018 Paris")
        c.drawRightString(540, 30, f"Page {n}")
        for i, line in enumerate(lines):
            c.drawString(50, 780 - 16 * i, line)
        c.showPage()
    c.save()
    doc = read_document(path, "rapport", DocMeta())
    # Before: the title was « Page 1 », and « Page 2 » headed the budget's section.
    assert doc.meta.title == "Rapport d'activité 2023"
    assert blocks_of(doc) == [
        ("heading", "Rapport d'activité 2023", 1),
        ("paragraph", "L'association gère trois structures. Le tableau ci-dessous indique "
                      "leurs capacités :", 1),
        ("item", "Centre Yvonne — 45 places", 1), ("item", "Halte de nuit — 20 places", 1),
        ("heading", "Le budget", 2),
        ("paragraph", "Le budget 2023 s'élève à 2,4 millions d'euros.", 2),
        ("heading", "Perspectives", 3), ("paragraph", "Une halte de jour ouvrira en 2024.", 3)]
    assert "\x7f" not in doc.text


# --- Headings wrapped over lines, names after a wrapped line -------------------------------

def make_styled(path: Path, rows: list[tuple[str, float, str]]) -> Path:
    """One page of lines, each (font, size, text) 1.2 times its size under the last, and
    10 points further when the style changes (a heading stands apart from its text)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y, style = 800.0, rows[0][:2]
    for font, size, line in rows:
        y -= 1.2 * size + (10 if (font, size) != style else 0)
        style = (font, size)
        c.setFont(font, size)
        c.drawString(50, y, line)
    c.showPage()
    c.save()
    return path


COPIL = [
    ("Helvetica-Bold", 22, "Compte rendu du comité de pilotage du"),
    ("Helvetica-Bold", 22, "14 mars 2024"),
    ("Helvetica-Bold", 14, "Présents"),
    ("Helvetica", 11, "Mme Martin (Ville de Paris), M. Diallo (DRIHL), Mme Leroy (ASPN), M. Petit "
                      "(Samu"),
    ("Helvetica", 11, "social)."),
    ("Helvetica-Bold", 14, "Décisions"),
    ("Helvetica", 11, "Le comité valide l'ouverture de la halte de jour pour femmes au 1er "
                      "septembre 2024. Le"),
    ("Helvetica", 11, "financement de la maraude du dimanche est reconduit pour l'hiver "
                      "2024-2025. Un bilan"),
    ("Helvetica", 11, "intermédiaire sera présenté en juin."),
]


def test_a_title_wrapped_over_two_lines_is_one_heading(tmp_path: Path) -> None:
    # The title, in a large font, wraps after « du »: both lines are one heading, the
    # document's title (before: three heading-like lines in a row read as a paragraph, and
    # « Décisions » became the title).
    doc = read_document(make_styled(tmp_path / "cr-copil.pdf", COPIL), "cr", DocMeta())
    title = "Compte rendu du comité de pilotage du 14 mars 2024"
    assert doc.meta.title == title
    assert [(b.kind, b.level, text) for b, (_, text, _) in zip(doc.blocks, blocks_of(doc),
                                                               strict=True)][:3] == [
        ("heading", 1, title), ("heading", 2, "Présents"),
        ("paragraph", 0, "Mme Martin (Ville de Paris), M. Diallo (DRIHL), Mme Leroy (ASPN), "
                         "M. Petit (Samu social).")]
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=60,
                     overlap_sentences=0).chunk(doc)
    assert [c.section for c in chunks] == [f"{title} > Présents", f"{title} > Décisions"]


def test_names_in_a_large_font_one_per_line_stay_apart(tmp_path: Path) -> None:
    # The authors on a cover, in a larger bold font, one right under the other: no line
    # ends mid-phrase, so they stay lines of their own.
    rows = [("Helvetica-Bold", 22, "Rapport d'activité 2023"),
            ("Helvetica-Bold", 14, "Anne Martin"), ("Helvetica-Bold", 14, "Karim Diallo"),
            ("Helvetica-Bold", 14, "Sophie Leroy"),
            ("Helvetica", 11, "L'association accompagne depuis 1998 les personnes sans domicile "
                              "du nord de Paris.")]
    doc = read_document(make_styled(tmp_path / "rapport.pdf", rows), "r", DocMeta())
    assert "Anne Martin\nKarim Diallo\nSophie Leroy\n" in doc.text


def test_join_heading_lines_joins_a_bold_heading_cut_mid_phrase_only() -> None:
    # Bold at the body text's size: a line ending with « et » goes on; bold names do not.
    bold, body = ("Helvetica-Bold", 11.0), ("Helvetica", 11.0)
    lines = ["Accueil des familles hébergées à l'hôtel et", "des femmes seules",
             "Le centre accueille chaque soir les familles orientées par le SIAO de Paris,",
             "qui leur propose une chambre pour la nuit et un accompagnement social.",
             "Anne Martin", "Karim Diallo"]
    looks = [(bold, 700.0), (bold, 687.0), (body, 660.0), (body, 647.0), (bold, 620.0),
             (bold, 607.0)]
    assert heading_lines([lines], [looks])[0] == [[
        "Accueil des familles hébergées à l'hôtel et des femmes seules", *lines[2:]]]


def test_a_name_ending_a_sentence_cut_by_wrapping_goes_on_its_line(tmp_path: Path) -> None:
    # « … grâce au dispositif » fills its line and ends no sentence; the next line, starting
    # with a name, ends it: one sentence, not « Logement d'abord. » on its own.
    lines = ["En 2024, l'association ouvrira une halte de jour pour les femmes et renforcera",
             "l'accompagnement vers le logement, pour reloger 60 ménages grâce au dispositif",
             "Logement d'abord."]
    doc = read_document(make_pages(tmp_path / "perspectives.pdf",
                                   [["Perspectives 2024", *lines]]), "p", DocMeta())
    assert blocks_of(doc) == [("heading", "Perspectives 2024", 1),
                              ("paragraph", " ".join(lines), 1)]
    assert regex_sentences(doc.text[doc.blocks[1].start :]) == [(0, len(" ".join(lines)))]


def test_a_bulleted_list_set_by_a_layout_engine_and_the_heading_after_it(tmp_path: Path
                                                                          ) -> None:
    # reportlab's platypus (as word processors do) sets each bullet on its own baseline:
    # pypdf gives it a line of its own. The first item read « •\nOuvrir… », and once the
    # bullets joined their items, « 2. Le pilotage » (a larger font) became a fourth item.
    # The title, over three lines of a large font, is longer than a plain-text heading: it
    # was a paragraph, and the document was titled « plan » after its file.
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    title = ("Plan hivernal 2024-2025 de mise à l'abri des personnes sans domicile dans le "
             "département de Paris")
    st = getSampleStyleSheet()
    items = ["Ouvrir 1 200 places de mise à l'abri en gymnases ;",
             "Renforcer les maraudes de nuit dans tous les arrondissements ;",
             "Garantir un accueil inconditionnel des familles avec enfants."]
    path = tmp_path / "plan.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([
        Paragraph(title, st["Title"]),
        Paragraph("1. Les objectifs du plan", st["Heading1"]),
        Paragraph("Le plan hivernal vise trois objectifs :", st["BodyText"]),
        ListFlowable([ListItem(Paragraph(t, st["BodyText"])) for t in items],
                     bulletType="bullet"),
        Paragraph("2. Le pilotage", st["Heading1"]),
        Paragraph("La préfecture réunit chaque semaine les opérateurs du 115.", st["BodyText"]),
    ])
    doc = read_document(path, "plan", DocMeta())
    assert [(b.kind, text) for b, (_, text, _) in zip(doc.blocks, blocks_of(doc), strict=True)
            ] == [("heading", title), ("heading", "1. Les objectifs du plan"),
                  ("paragraph", "Le plan hivernal vise trois objectifs :"),
                  *[("item", t) for t in items], ("heading", "2. Le pilotage"),
                  ("paragraph", "La préfecture réunit chaque semaine les opérateurs du 115.")]
    assert [b.commitment for b in doc.blocks if b.kind == "item"] == [True] * 3
    assert doc.meta.title == title
    chunks = Chunker(lambda s: len(s.split()), regex_sentences, chunk_tokens=60,
                     overlap_sentences=0).chunk(doc)
    assert chunks[-1].section == f"{title} > 2. Le pilotage"
