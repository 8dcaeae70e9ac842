"""HTML reader: which element holds the page's content (<article> teasers, several
<article>s, a content <header> without <main>), on real files made here (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_util import described as with_commitments
from readers_util import read as read_checked

from indexer.types import DocMeta, Document


def read(path: Path, html: str) -> Document:
    path.write_text(html, encoding="utf-8")
    return read_checked(path)


def described(doc: Document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, doc.block_text(b)) for b in doc.blocks]


PLAN = ("<h1>Le plan grand froid 2024</h1>"
        "<p>Dès que les températures baissent, des gymnases sont ouverts.</p>"
        "<p>Les équipes de maraude sont renforcées chaque nuit.</p>")
TEASER = ("<article class='teaser'><h4>La nuit de la solidarité</h4>"
          "<p>Retour sur l'édition 2024.</p></article>")


def test_sidebar_teaser_article_is_not_taken_for_the_page(tmp_path: Path) -> None:
    # The only <article> is a teaser in an unmarked sidebar: the whole body is read, the
    # page's own text first (the sidebar cannot be told from content, so it stays too).
    doc = read(tmp_path / "grand-froid.html",
               f"<html><body><div id='content'>{PLAN}</div><div id='secondary'>"
               f"<h3>Derniers articles</h3>{TEASER}</div></body></html>")
    assert described(doc) == [
        ("heading", 1, "Le plan grand froid 2024"),
        ("paragraph", 0, "Dès que les températures baissent, des gymnases sont ouverts."),
        ("paragraph", 0, "Les équipes de maraude sont renforcées chaque nuit."),
        ("heading", 3, "Derniers articles"),
        ("heading", 4, "La nuit de la solidarité"),
        ("paragraph", 0, "Retour sur l'édition 2024."),
    ]
    assert doc.meta.title == "Le plan grand froid 2024"


def test_teaser_article_in_an_aside_is_dropped_with_it(tmp_path: Path) -> None:
    doc = read(tmp_path / "grand-froid.html",
               f"<html><body><header class='site-header'><nav>Accueil</nav></header>"
               f"<div id='content'>{PLAN}</div><aside>{TEASER}</aside>"
               f"<footer>Préfecture</footer></body></html>")
    assert doc.text == ("Le plan grand froid 2024\n\n"
                        "Dès que les températures baissent, des gymnases sont ouverts.\n\n"
                        "Les équipes de maraude sont renforcées chaque nuit.")


def test_article_holding_the_page_is_still_read_alone(tmp_path: Path) -> None:
    doc = read(tmp_path / "grand-froid.html",
               f"<html><body><div class='intro'>Bienvenue sur le site</div>"
               f"<article>{PLAN}</article><div>Contact : 01 02 03 04 05</div></body></html>")
    assert [t for _, _, t in described(doc)] == [
        "Le plan grand froid 2024",
        "Dès que les températures baissent, des gymnases sont ouverts.",
        "Les équipes de maraude sont renforcées chaque nuit.",
    ]


def test_faq_with_one_article_per_question_keeps_every_article(tmp_path: Path) -> None:
    faq = "".join(
        f"<article class='faq-item'><header><h2>{q}</h2></header><p>{a}</p></article>"
        for q, a in [("Qui peut appeler le 115 ?", "Toute personne sans abri ou un témoin."),
                     ("Le 115 est-il gratuit ?", "Oui, depuis un fixe comme un mobile."),
                     ("Peut-on venir avec un animal ?", "Certains centres les acceptent.")])
    doc = read(tmp_path / "faq.html",
               f"<html><head><title>FAQ 115</title></head><body><nav>Accueil</nav>"
               f"<section class='faq'>{faq}</section><footer>Mentions</footer></body></html>")
    assert described(doc) == [
        ("heading", 2, "Qui peut appeler le 115 ?"),
        ("paragraph", 0, "Toute personne sans abri ou un témoin."),
        ("heading", 2, "Le 115 est-il gratuit ?"),
        ("paragraph", 0, "Oui, depuis un fixe comme un mobile."),
        ("heading", 2, "Peut-on venir avec un animal ?"),
        ("paragraph", 0, "Certains centres les acceptent."),
    ]


def test_entry_header_with_the_title_is_content_without_main(tmp_path: Path) -> None:
    doc = read(tmp_path / "bilan.html",
               "<html><body><header class='site-header'><p>Ville de Paris</p>"
               "<nav><ul><li>Accueil</li></ul></nav></header>"
               "<div id='content'><header class='entry-header'>"
               "<h1>Bilan de la nuit de la solidarité 2023</h1>"
               "<p class='chapo'>Plus de 2 000 bénévoles ont participé au décompte.</p>"
               "</header><p>Le décompte a eu lieu dans tous les arrondissements.</p></div>"
               "<footer><p>Mentions légales</p></footer></body></html>")
    assert described(doc) == [
        ("heading", 1, "Bilan de la nuit de la solidarité 2023"),
        ("paragraph", 0, "Plus de 2 000 bénévoles ont participé au décompte."),
        ("paragraph", 0, "Le décompte a eu lieu dans tous les arrondissements."),
    ]
    assert doc.meta.title == "Bilan de la nuit de la solidarité 2023"


def test_article_with_related_post_cards_beside_it_is_read_alone(tmp_path: Path) -> None:
    cards = "".join(f"<article class='card'><h3>{t}</h3></article>"
                    for t in ("Maraudes d'hiver", "Halte de nuit"))
    doc = read(tmp_path / "grand-froid.html",
               f"<html><body><div id='primary'><article>{PLAN}</article>"
               f"<div class='related-posts'>{cards}</div></div></body></html>")
    assert [t for _, _, t in described(doc)] == [
        "Le plan grand froid 2024",
        "Dès que les températures baissent, des gymnases sont ouverts.",
        "Les équipes de maraude sont renforcées chaque nuit.",
    ]


def test_nested_list_items_are_sub_points_not_commitments(tmp_path: Path) -> None:
    doc = read(tmp_path / "axes.html", "<main><p>Les 2 axes :</p><ol>"
               "<li>Prévenir les ruptures<ul><li>sortants d'institutions</li>"
               "<li>jeunes majeurs</li></ul></li><li><p>Aller vers</p></li></ol></main>")
    assert with_commitments(doc) == [
        ("paragraph", 0, "Les 2 axes :", False),
        ("item", 1, "Prévenir les ruptures", True),
        ("item", 2, "sortants d'institutions", False),
        ("item", 2, "jeunes majeurs", False),
        ("item", 1, "Aller vers", True)]


def test_an_article_is_kept_whatever_its_class(tmp_path: Path) -> None:
    # No article holds half the page (a long list of links beside it), and the theme marks
    # the post "has-share-buttons": it stays, the links are read too (no marks on them).
    links = "".join(f"<a href='/{i}'>Lien numéro {i} vers une autre page</a> " for i in range(30))
    doc = read(tmp_path / "post.html", f"<body><div class='links'>{links}</div>"
               "<article class='post has-share-buttons'><h1>Le pacte</h1>"
               "<p>Le pacte a été signé le 18 février.</p></article></body>")
    assert [d for d in described(doc) if d[0] != "paragraph" or "Lien" not in d[2]] == [
        ("heading", 1, "Le pacte"), ("paragraph", 0, "Le pacte a été signé le 18 février.")]


def test_comments_are_not_read_as_articles(tmp_path: Path) -> None:
    comments = "".join(f"<article class='comment-body'><p>Commentaire {i} : "
                       + "merci pour cet article très complet sur le pacte. " * 3
                       + "</p></article>" for i in range(8))
    doc = read(tmp_path / "wp.html", "<div id='primary'><article class='post'><h1>Acte 2</h1>"
               "<p>Quatre engagements structurants.</p></article>"
               f"<div id='comments'>{comments}</div></div>")
    assert described(doc) == [("heading", 1, "Acte 2"),
                              ("paragraph", 0, "Quatre engagements structurants.")]


def test_a_header_with_a_menu_is_the_sites_even_with_an_h1(tmp_path: Path) -> None:
    doc = read(tmp_path / "mairie.html", "<body><header><h1>Mairie du 18e</h1><nav><ul>"
               "<li>Accueil</li><li>Services</li></ul></nav></header><div>"
               "<h2>Les maraudes</h2><p>Elles sortent chaque soir.</p></div></body>")
    assert described(doc) == [("heading", 2, "Les maraudes"),
                              ("paragraph", 0, "Elles sortent chaque soir.")]


# --- Tables ----------------------------------------------------------------------------

def test_table_is_one_block_a_line_per_row_under_its_headers(tmp_path: Path) -> None:
    # Header cells from <thead> (a header spanning two columns heads the first), a cell's
    # <br> and <p> as spaces, empty cells left out, the caption first; the menu and the
    # share buttons still go.
    doc = read(tmp_path / "bains.html", """<html><body><nav>Accueil</nav><main>
        <h1>Bains-douches municipaux</h1>
        <table class="horaires">
          <caption>Horaires d’ouverture</caption>
          <thead><tr><th>Établissement</th><th>Cabines</th><th colspan="2">Horaires</th></tr>
          </thead>
          <tbody>
            <tr><td>Oberkampf<br>(11e)</td><td>24</td><td><p>7h</p></td><td>19h</td></tr>
            <tr><td>Charenton</td><td> </td><td>8h</td><td>18h</td></tr>
            <tr><td></td><td></td><td></td><td></td></tr>
          </tbody>
        </table>
        <div class="share-buttons">Partager</div>
        <p>L’entrée est gratuite.</p></main></body></html>""")
    assert doc.text == (
        "Bains-douches municipaux\n\nHoraires d’ouverture\n\n"
        "Établissement : Oberkampf (11e) ; Cabines : 24 ; Horaires : 7h ; 19h\n"
        "Établissement : Charenton ; Horaires : 8h ; 18h\n\nL’entrée est gratuite.")
    assert [(kind, level) for kind, level, _ in described(doc)] == [
        ("heading", 1), ("paragraph", 0), ("paragraph", 0), ("paragraph", 0)]


def test_table_without_a_header_row_joins_its_cells(tmp_path: Path) -> None:
    # Headers only from a first row of <th> alone: a row header (<th> then <td>) is a cell.
    doc = read(tmp_path / "places.html", "<body><p>Places ouvertes :</p>"
               "<table><tr><td>Lundi</td><td>45</td></tr><tr><td>Mardi</td><td>60</td></tr>"
               "</table><table><tr><th>Jour</th><th>Places</th></tr></table>"
               "<table><tr><th>Lundi</th><td>45</td></tr><tr><th>Mardi</th><td>60</td></tr>"
               "</table></body>")
    assert described(doc) == [("paragraph", 0, "Places ouvertes :"),
                              ("paragraph", 0, "Lundi ; 45\nMardi ; 60"),
                              ("paragraph", 0, "Jour ; Places"),
                              ("paragraph", 0, "Lundi ; 45\nMardi ; 60")]


def test_layout_table_is_read_block_by_block(tmp_path: Path) -> None:
    # A table holding a heading or a table, or a cell spanning rows, is read as before, its
    # blocks one by one; a table of values inside is still one block.
    doc = read(tmp_path / "accueil.html", "<body><table><tr><td><h2>Accueil de jour</h2>"
               "<p>Ouvert du lundi au vendredi.</p></td><td><table><tr><th>Jour</th>"
               "<th>Places</th></tr><tr><td>Lundi</td><td>45</td></tr></table></td></tr>"
               "</table><table><tr><th>Jour</th><th>Places</th></tr><tr>"
               "<td rowspan='2'>Week-end</td><td>12</td></tr><tr><td>8</td></tr></table></body>")
    assert described(doc) == [
        ("heading", 2, "Accueil de jour"), ("paragraph", 0, "Ouvert du lundi au vendredi."),
        ("paragraph", 0, "Jour : Lundi ; Places : 45"),
        *[("paragraph", 0, cell) for cell in ("Jour", "Places", "Week-end", "12", "8")]]


def test_cell_with_many_paragraphs_lays_out_the_page(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>Paragraphe {n}.</p>" for n in range(1, 5))
    doc = read(tmp_path / "mise-en-page.html",
               f"<body><table><tr><td>{paragraphs}</td><td>Fin.</td></tr></table></body>")
    assert [text for _, _, text in described(doc)] == [
        "Paragraphe 1.", "Paragraphe 2.", "Paragraphe 3.", "Paragraphe 4.", "Fin."]


# --- Teasers, newsletters and titles -----------------------------------------------------

def test_lire_aussi_paragraphs_of_links_are_dropped(tmp_path: Path) -> None:
    # A teaser label and links, nothing else, goes wherever it stands; a sentence with the
    # words in it, or a label before more than a link, stays.
    doc = read(tmp_path / "actu.html", "<body><div class='content'>"
               "<h1>Ouverture d'une halte de nuit</h1><p>Elle ouvrira le 1er février.</p>"
               "<p><strong>Lire aussi :</strong> <a href='/x'>Le bilan de la Nuit 2024</a></p>"
               "<p>À lire aussi <a href='/a'>Maraudes</a>, <a href='/b'>Haltes</a>.</p>"
               "<p><em>Voir aussi</em> : <a href='/c'>Le plan grand froid</a></p>"
               "<p>Lire également&nbsp;: <a href='/d'>Le 115</a> et <a href='/e'>Les CHU</a></p>"
               "<p>Pour en savoir plus, lire aussi <a href='/f'>le rapport du Pacte</a>.</p>"
               "<p>Lire aussi : le rapport annuel, <a href='/g'>en ligne</a>.</p>"
               "<p>Les femmes y trouveront un repas chaud.</p></div></body>")
    assert described(doc) == [
        ("heading", 1, "Ouverture d'une halte de nuit"),
        ("paragraph", 0, "Elle ouvrira le 1er février."),
        ("paragraph", 0, "Pour en savoir plus, lire aussi le rapport du Pacte."),
        ("paragraph", 0, "Lire aussi : le rapport annuel, en ligne."),
        ("paragraph", 0, "Les femmes y trouveront un repas chaud."),
    ]


def test_newsletter_and_subscription_blocks_are_dropped(tmp_path: Path) -> None:
    doc = read(tmp_path / "actu.html", f"<body><div class='content'>{PLAN}</div>"
               "<div class='newsletter'>Inscrivez-vous à notre newsletter.</div>"
               "<section id='subscribe-box'><p>Abonnez-vous pour recevoir nos actualités.</p>"
               "</section><div class='bloc inscription-newsletter'><p>Votre courriel</p></div>"
               "</body>")
    assert doc.text == ("Le plan grand froid 2024\n\n"
                        "Dès que les températures baissent, des gymnases sont ouverts.\n\n"
                        "Les équipes de maraude sont renforcées chaque nuit.")


ACTU = "<p>Une halte de nuit ouvrira le 1er février.</p>"


@pytest.mark.parametrize(("page", "title"), [
    # The content's one <h1> first, never the site's (in a header with its menu).
    ("<title>Actualité - Association Solidarité Paris</title><body><header><h1>Association "
     f"</h1><nav>Accueil</nav></header><div><h1>Halte de nuit</h1>{ACTU}</div>", "Halte de nuit"),
    # Two <h1>: og:title, as is.
    ("<title>Actu | Asso</title><meta property='og:title' content='Haltes de nuit | Asso'>"
     f"<body><h1>Halte A</h1>{ACTU}<h1>Halte B</h1>{ACTU}", "Haltes de nuit | Asso"),
    # No <h1>, no og:title: <title> without the site name after its last separator.
    (f"<title>Actualité - Association Solidarité Paris</title><body>{ACTU}", "Actualité"),
    (f"<title>Halte de nuit - Bilan | Préfecture</title><body>{ACTU}", "Halte de nuit - Bilan"),
    (f"<title>Halte de nuit – Ville de Paris</title><body>{ACTU}", "Halte de nuit"),
    (f"<title>Halte de nuit — Samusocial</title><body>{ACTU}", "Halte de nuit"),
    (f"<title>Pacte 2015 - 2020</title><body>{ACTU}", "Pacte 2015 - 2020"),
], ids=["h1", "og-title", "title-dash", "title-bar", "title-en-dash", "title-em-dash", "years"])
def test_html_title_is_the_h1_else_og_title_else_title_less_the_site(
        tmp_path: Path, page: str, title: str) -> None:
    assert read(tmp_path / "actu.html", f"<html><head>{page}</body></html>").meta.title == title


def test_html_title_from_the_manifest_still_wins(tmp_path: Path) -> None:
    path = tmp_path / "actu.html"
    path.write_text(f"<title>Actu - Asso</title><body><h1>Halte de nuit</h1>{ACTU}</body>",
                    encoding="utf-8")
    doc = read_checked(path, DocMeta(title="Titre du manifeste"))
    assert doc.meta.title == "Titre du manifeste"


PAGE_WITH_STAMP = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Les maraudes de nuit renforcées - Ville de Paris</title></head><body>
<nav><a href="/">Accueil</a></nav><main><article>
<h1>Les maraudes de nuit renforcées</h1><p>Publié le 12 novembre 2024</p>
<p>Vingt équipes supplémentaires sillonnent les arrondissements cet hiver.</p>
<p>Partager : <a>Facebook</a> <a>X</a> <a>LinkedIn</a></p>
</article></main></body></html>"""


def test_a_page_dated_by_its_stamp_unless_the_manifest_dates_it(tmp_path: Path) -> None:
    # The stamp line is dropped from the text, as the share line is; its date is kept as
    # the document's, for the byline of a citation. Before, a page added without a manifest
    # entry had no date.
    path = tmp_path / "maraudes.html"
    doc = read(path, PAGE_WITH_STAMP)
    assert doc.meta.date == "2024-11-12"
    assert [doc.block_text(b) for b in doc.blocks] == ["Les maraudes de nuit renforcées",
                          "Vingt équipes supplémentaires sillonnent les arrondissements cet "
                          "hiver."]
    assert read_checked(path, DocMeta(date="2024-11-10")).meta.date == "2024-11-10"


SAVED_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Halte de nuit pour les femmes - Solidarités Paris</title>
<link rel="canonical" href="https://solidarites.example.fr/actu/halte-de-nuit">
<meta property="og:site_name" content="Solidarités Paris">
<meta property="article:modified_time" content="2024-02-01T10:12:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Solidarités Paris"},
 {"@type": "Article", "datePublished": "2023-12-18T07:30:00+01:00",
  "publisher": {"@type": "Organization", "name": "Association Solidarités"}}]}</script>
</head><body><main><h1>Halte de nuit pour les femmes</h1>
<p>Mis à jour le 01/02/2024</p>
<p>La halte accueille cinquante femmes chaque nuit, de 20 h à 8 h.</p></main></body></html>"""


def test_a_saved_page_gives_its_date_site_and_address_from_its_head(tmp_path: Path) -> None:
    # What the head says is what the page would be cited with: the site's name, its own
    # address and the publication date (JSON-LD's, before the modification date of the
    # <meta> and before the update stamp in the text). Before, all three were empty.
    path = tmp_path / "halte.html"
    meta = read(path, SAVED_PAGE).meta
    assert (meta.date, meta.publisher, meta.url) == (
        "2023-12-18", "Solidarités Paris", "https://solidarites.example.fr/actu/halte-de-nuit")
    given = DocMeta(date="2024-01-05", publisher="DASES", url="https://paris.fr/halte")
    meta = read_checked(path, given).meta
    assert (meta.date, meta.publisher, meta.url) == ("2024-01-05", "DASES",
                                                     "https://paris.fr/halte")


def test_a_head_without_a_usable_date_or_address_leaves_them_to_the_stamp(
        tmp_path: Path) -> None:
    # An impossible date in the head and a relative canonical link say nothing: the stamp
    # line dates the page, and it has no address.
    page = PAGE_WITH_STAMP.replace(
        "<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><meta name=\"date\" "
        "content=\"2024-02-30\"><link rel=\"canonical\" href=\"/maraudes\">")
    meta = read(tmp_path / "maraudes.html", page).meta
    assert (meta.date, meta.publisher, meta.url) == ("2024-11-12", "", "")


BLOG_POST = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Maraude du jeudi - Association Entraide</title></head><body>
<aside class="widget"><h2>Articles récents</h2><ul><li><a href="/p/1">Collecte</a>
<time class="entry-date published" datetime="2024-05-02T09:00:00+02:00">2 mai</time></li></ul>
</aside>
<article class="post"><header class="entry-header"><h1>Maraude du jeudi</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2024-03-14T20:00:00+01:00">
14 mars 2024</time><time class="updated" datetime="2024-03-20T08:00:00+01:00">20 mars</time>
</div></header>
<p>Douze bénévoles ont rencontré quarante personnes entre la gare et le canal.</p>
<p>La prochaine maraude partira le <time datetime="2024-03-21">jeudi 21 mars</time> à 20 h.</p>
</article></body></html>"""


def test_a_blog_post_is_dated_by_its_marked_time_not_the_sidebars(tmp_path: Path) -> None:
    # WordPress themes date a post in a <time class="entry-date published"> without a
    # "Publié le" stamp or metadata in the head; the sidebar's recent posts carry the same
    # mark, and are not the post. The marked dates leave the text, as a stamp line does
    # (they read « 14 mars 202420 mars », the update's hidden by the theme's style); a
    # <time> in the text stays.
    doc = read(tmp_path / "maraude.html", BLOG_POST)
    assert doc.meta.date == "2024-03-14"
    assert doc.text == ("Maraude du jeudi\n\n"
                        "Douze bénévoles ont rencontré quarante personnes entre la gare et le "
                        "canal.\n\nLa prochaine maraude partira le jeudi 21 mars à 20 h.")
