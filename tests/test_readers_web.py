"""HTML reader: which element holds the page's content (<article> teasers, several
<article>s, a content <header> without <main>), on real files made here (no model)."""

from __future__ import annotations

from pathlib import Path

from indexer.readers import read_document
from indexer.types import DocMeta, Document


def read(path: Path, html: str) -> Document:
    path.write_text(html, encoding="utf-8")
    doc = read_document(path, "doc", DocMeta())
    previous_end = 0
    for b in doc.blocks:
        span = doc.block_text(b)
        assert span and span == span.strip() and b.start >= previous_end, b
        previous_end = b.end
    return doc


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
    assert [(b.kind, b.level, doc.block_text(b), b.commitment) for b in doc.blocks] == [
        ("paragraph", 0, "Les 2 axes :", False),
        ("item", 1, "Prévenir les ruptures", True),
        ("item", 2, "sortants d'institutions", False),
        ("item", 2, "jeunes majeurs", False),
        ("item", 1, "Aller vers", True)]
