"""Web and page boilerplate: lines and blocks that must never be returned as pact content.

>>> is_boilerplate("Accueil > Actualités > Signature du Pacte")
True
>>> is_boilerplate("Le Pacte a été signé par 13 grandes institutions.")
False
>>> is_boilerplate("| 20/02/2015 | Signature du pacte |")  # a table row is content
False
>>> is_page_number("- 12 -"), is_page_number("Page 3 sur 100"), is_page_number("2015-2020")
(True, True, False)
>>> is_page_number("2015")
False
"""

from __future__ import annotations

import re

from indexer.dates import DATELINE, STAMP
from indexer.types import Block

_NETWORKS = r"(?:facebook|twitter|x|linkedin|whatsapp|bluesky|mastodon|e-?mail|courriel|mail)"

# "Lire aussi" and its kin: the start of a teaser section about other articles.
TEASER_HEADING = re.compile(
    r"(?:(?:[àa]\s+)?lire\s+(?:aussi|également)|voir\s+aussi|à\s+découvrir(?:\s+aussi)?"
    r"|sur\s+le\s+même\s+(?:thème|sujet)|dans\s+la\s+même\s+rubrique"
    r"|articles?\s+(?:similaires|liés|associés)|ces\s+articles\s+peuvent\s+vous\s+intéresser"
    r")\s*[:.…]*",
    re.IGNORECASE,
)

# Each pattern must match the whole line (whitespace collapsed, case ignored).
_LINE_PATTERNS: list[re.Pattern[str]] = [
    # Breadcrumbs: "Accueil > Pôle … > Signature du Pacte", "Vous êtes ici : …" (the "/"
    # kind, case kept, is _SLASH_CRUMB). Not a row "Accueil | 9h-17h".
    re.compile(r"(?:accueil|home)\s*[>›»].*|vous\s+êtes\s+ici\s*:.*"),
    # WordPress image placeholders left by web captures: "Illustration WP id=20995".
    re.compile(r"illustration\s+wp\s+id\s*=\s*\d+"),
    # Share / print buttons: "Partager", "Partager sur Facebook", "Imprimer cette page",
    # "Partager : Facebook X LinkedIn".
    re.compile(
        r"(?:partager|partagez|partage|imprimer|envoyer|tweeter|share|print)(?:\s*:)?"
        r"(?:\s+(?:cet\s+article|cette\s+page|la\s+page|sur|par|à\s+un\s+ami|" + _NETWORKS + r"))*"
        r"\s*:?"
    ),
    # A row of social network names: "Facebook Twitter LinkedIn".
    re.compile(_NETWORKS + r"(?:[\s,|/·-]+" + _NETWORKS + r")*"),
    # Teaser section headings ("Lire aussi", "Voir aussi" …), cut by cut_trailing_teasers.
    TEASER_HEADING,
    # Links to other pages: "Tous les articles sur ce thème", "Retour à la liste".
    re.compile(
        r"(?:voir\s+)?(?:tous\s+les\s+articles|toutes\s+les\s+actualités)(?:\s+sur\s+ce\s+thème)?"
        r"|retour\s+(?:à\s+la\s+liste|aux\s+actualités|en\s+haut(?:\s+de\s+(?:la\s+)?page)?)"
        r"|haut\s+de\s+page|plan\s+du\s+site|mentions\s+légales|en\s+savoir\s+plus\s*:?"
        r"|aller\s+au\s+contenu.*|menu|rechercher|fermer"
    ),
    # Update and publication stamps: "Mise à jour : 30 juin 2022" (whose date is read by
    # indexer.dates), and news datelines: "Le 20 février 2015 | Actualités - Evénements -".
    STAMP,
    DATELINE,
    # Reading time, alone or after the stamp: « Temps de lecture : 3 min », « Publié le 12
    # décembre 2023 par la rédaction — Temps de lecture : 3 min », « 4 min de lecture ».
    re.compile(r"(?:(?:publié|mis\s+à\s+jour|mise\s+à\s+jour)[^.!?]{0,100}[—–|-]\s*)?"
               r"(?:(?:temps\s+de\s+)?lecture\s*:?\s*\d+\s*min(?:utes?)?|\d+\s*min(?:utes?)?"
               r"\s+de\s+lecture)\.?"),
    # Video embed captions: "Témoignages des principaux signataires du Pacte... par mairiedeparis",
    # "Vidéo : témoignages" (short, no sentence: "Vidéo : les maraudeurs racontent …." is kept).
    re.compile(r".{1,200}(?:\.\.\.|…)\s*par\s+[\w.-]+|.{0,200}\bpar\s+mairiedeparis"
               r"|vidéo\s*:[^.!?]{0,80}(?:\.\.\.|…)?"),
    # A lone category word above the title: "Actualité", "Communiqué de presse". Not the
    # headings a document may have too ("Agenda", "En bref", "Presse", "Dossiers").
    re.compile(
        r"(?:actualités?|[ée]v[ée]nements?|communiqués?(?:\s+de\s+presse)?|à\s+la\s+une)"
        r"(?:\s*[-–|/]\s*(?:actualités?|[ée]v[ée]nements?))*\s*[-–]?"
    ),
    # Photo credits: "Crédit photo : Ville de Paris", "© Préfecture".
    re.compile(r"(?:crédits?\s+photos?\s*:|©|\(c\)\s).{0,80}|tous\s+droits\s+réservés\.?"),
]
# A page number on its own line: "12", "- 3 -", "Page 3", "p. 3", "3 / 100", "page 4 sur 20".
# Not boilerplate everywhere: a bare number in a table cell is content; nor a year ("2015").
_PAGE_NUMBER = re.compile(
    r"[-–—(\[]?\s*(?:page\s*|p\.\s*)?\d{1,3}(?:\s*(?:/|sur)\s*\d{1,4})?\s*[-–—)\]]?")
# Cookie banners: "Ce site utilise des cookies …", "Accepter les cookies" (short lines that
# mention cookies and consent; the pact texts never speak of browser cookies).
_COOKIE = re.compile(r"\bcookies?\b")
# "Accueil / Actualités / Acte 2": capitalised steps, two at least, none over 60 characters;
# not the services of a day centre, "Accueil / douches / bagagerie". Atomic groups: a line
# that fails is refused at once, not after trying every way to cut it.
_SLASH_CRUMB = re.compile(r"(?:Accueil|Home)(?>\s*/\s*[A-ZÀ-ÖØ-Þ0-9][^/|]{0,59}+){2,}")
_CONSENT = re.compile(r"accept|refus|paramétr|consent|utilis|navigation|traceurs|préférences")


def _is_boilerplate_line(line: str) -> bool:
    line = " ".join(line.split())
    if _SLASH_CRUMB.fullmatch(line):
        return True
    line = line.lower()
    if len(line) <= 600 and _COOKIE.search(line) and _CONSENT.search(line):
        return True
    return any(pattern.fullmatch(line) for pattern in _LINE_PATTERNS)


def is_boilerplate(text: str) -> bool:
    """True when every non-blank line of ``text`` is navigation, sharing, teaser or stamp
    material (an empty text is boilerplate too: it has no content)."""
    return all(_is_boilerplate_line(line) for line in text.splitlines() if line.strip())


def is_page_number(line: str) -> bool:
    """True for a page number line (PDF footers, plain text exported from a PDF)."""
    return bool(_PAGE_NUMBER.fullmatch(" ".join(line.split()).lower()))


def is_teaser_heading(text: str) -> bool:
    """True for "Lire aussi", "À lire aussi", "Voir aussi" and the like."""
    return bool(TEASER_HEADING.fullmatch(" ".join(text.split()).lower()))


# What may sit between or after the links of a teaser: « , », « | », « et », a full stop.
_LINK_GLUE = re.compile(r"(?:[\s,;|/·•.–—-]|\bet\b)*$")


def is_teaser_label(outside_links: str) -> bool:
    """True when the text of a paragraph outside its links is only a teaser label, the
    paragraph a link to other articles: « Lire aussi : <a>…</a> », « Voir aussi <a>…</a>,
    <a>…</a> ». A sentence with the words in it is no label.

    >>> is_teaser_label("À lire aussi :  , "), is_teaser_label("Voir aussi  et  .")
    (True, True)
    >>> is_teaser_label("Pour en savoir plus, lire aussi le rapport ")
    False
    """
    return is_teaser_heading(_LINK_GLUE.sub("", outside_links))


# A site name after the page's title: « Acte 2 | Préfecture », « Actualité - Association ».
_SITE_NAME = re.compile(r"(.*\S)\s+[-|–—]\s+(.*[^\W\d_].*)")


def strip_site_name(title: str) -> str:
    """A page title without the site name that follows its last « - », « | », « – » or « — »
    (a name has a letter: « Pacte 2015 - 2020 » stays whole).

    >>> strip_site_name("Actualité - Association Solidarité Paris")
    'Actualité'
    >>> strip_site_name("Acte 2 - Bilan | Préfecture"), strip_site_name("Pacte 2015 - 2020")
    ('Acte 2 - Bilan', 'Pacte 2015 - 2020')
    """
    title = " ".join(title.split())
    cut = _SITE_NAME.fullmatch(title)
    return cut.group(1) if cut else title


# A teaser section is short: more blocks after "Voir aussi" means it is a real reference
# inside a long document (a 100-page PDF), which must not be cut.
MAX_TEASER_BLOCKS = 30
_SENTENCE_END = (".", "!", "?", ":", ";")
_ELLIPSIS = ("...", "…")


def _teaser_like(text: str) -> bool:
    """A block of a teaser list: a link title (short, no sentence end), an excerpt cut short
    ("… afin..."), or navigation ("Tous les articles sur ce thème")."""
    text = " ".join(text.split())
    return (text.endswith(_ELLIPSIS) or is_boilerplate(text)
            or (len(text) <= 120 and not text.endswith(_SENTENCE_END)))


def cut_trailing_teasers(blocks: list[Block], text: str) -> list[Block]:
    """Drop a trailing "Lire aussi" section: the teaser heading and every block after it.

    Only when the heading comes after some content and what follows it, to the end, is a
    short teaser list; a "Voir aussi" followed by sentences is kept (the heading alone is
    boilerplate).
    """
    for i, block in enumerate(blocks):
        if block.kind == "item" or not is_teaser_heading(text[block.start : block.end]):
            continue
        rest = blocks[i + 1 :]
        if i > 0 and len(rest) <= MAX_TEASER_BLOCKS \
                and all(_teaser_like(text[b.start : b.end]) for b in rest):
            return blocks[:i]
    return blocks
