"""List items of a plain text: their markers, one-line bullet lists, and commitments.

:data:`BULLETS` and :data:`ITEM_MARKER` say what starts a list item (the chunker reads
the same bullets); :func:`split_bullets` makes one item of each part of "A • B • C";
:func:`mark_commitments` flags the items of the lists that state commitments (pillars,
objectives, axes…) so that each one becomes a passage of its own, and so the headings,
paragraphs and items that label themselves as one with their number (:func:`labelled`):
« Engagement 4 : Prévenir les expulsions », « Objectif opérationnel 2.1 – … ».

>>> from indexer.types import Block
>>> text = "Nos engagements : Prévenir • Agir"
>>> [text[b.start:b.end] for b in split_bullets(text, Block("paragraph", 18, 33))]
['Prévenir', 'Agir']
>>> blocks = [Block("paragraph", 0, 17), Block("item", 18, 26), Block("item", 29, 33)]
>>> [b.commitment for b in mark_commitments(blocks, text)]
[False, True, True]
>>> text = "Axe 2 : Prévenir\\n\\nEngagement 4 : Repérer les impayés.\\n\\nLe bilan suit."
>>> blocks = [Block("heading", 0, 16, level=2), Block("paragraph", 18, 52),
...           Block("paragraph", 54, 68)]
>>> [b.commitment for b in mark_commitments(blocks, text)]
[True, True, False]
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.analyzer import fold
from indexer.types import Block

# The characters that mark a list item, the chunker's too: dashes, bullets, arrows and
# checks, and the private-use bullets of Word's Symbol and Wingdings fonts that PDFs and
# text exports keep (U+F0B7 "", U+F0A7, U+F0D8, U+F076, U+F0FC).
BULLETS = "-–—*•·▪●◦○■□‣⁃➢➤►▸→✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
# A list marker at the start of a line: a bullet, "1." or "1)" (not "a)": "(voir\nc) …").
MARKER = rf"(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)])"
ITEM_MARKER = re.compile(rf"{MARKER}[ \t\u00a0]+(?=\S)")
# Parts of a one-line list joined by bullets: "Prévenir • Intervenir • Insérer".
BULLET_SEP = re.compile(r"\s+•\s+")
# What makes a list a list of commitments, in its introduction or its section heading.
_COMMITMENT_WORDS = re.compile(
    r"\b(?:engagements?|piliers?|objectifs?|axes?|mesures?|priorit[ée]s?)\b", re.IGNORECASE
)
# A heading, paragraph or item that says it is a commitment and gives its number, then a
# colon, a full stop, a dash, a line break or nothing more: « Engagement 4 : … », « Objectif
# opérationnel 2.1 – … », « Mesure n° 12. … », « Axe II », "Commitment 3: …". Not a year
# (« Objectif 2030 : … »), nor a number that counts (« 5 engagements »: no number after it).
_LABEL = (r"(?P<label>engagements?|piliers?|axes?|mesures?|priorit[ée]s?|actions?"
          r"|fiches?[- ]actions?|orientations?|chantiers?"
          r"|objectifs?(?:\s+(?:op[ée]rationnel|strat[ée]gique|g[ée]n[ée]ral)s?)?"
          r"|commitments?|pillars?|objectives?|goals?|measures?)\s+(?:n\s*[°o]\.?\s*)?"
          r"(?P<number>\d{1,3}(?:\.\d{1,3})*|[IVX]{1,5})\b")
_LABELLED = re.compile(rf"^\W{{0,3}}{_LABEL}(?:\s*(?:[:.)–—-](?!\d)|$)|[ \t]*\n)",
                       re.IGNORECASE)
# The longest line taken as the title of a commitment that is only its label.
_TITLE_CHARS = 160
# A question that names one (« Que prévoit l'axe 2 ? »).
_NAMED = re.compile(rf"\b{_LABEL}(?![.,]\d)", re.IGNORECASE)
# Idioms that announce no commitments: « dans une large mesure, les quartiers suivants : ».
_NOT_COMMITMENT = re.compile(
    r"\b(?:dans\s+une\s+(?:large|certaine|moindre)\s+mesure|en\s+mesure\s+de|sur\s+mesure"
    r"|au\s+fur\s+et\s+à\s+mesure|à\s+mesure\s+que|outre\s+mesure)\b", re.IGNORECASE)


def split_bullets(text: str, block: Block) -> list[Block]:
    """A paragraph or an item "A • B • C" becomes one item per part (an item, at its level:
    a hard-wrapped "A • B • C" may put "• B • C" at the start of a line, a list marker)."""
    if block.kind == "heading" or not BULLET_SEP.search(text, block.start, block.end):
        return [block]
    items: list[Block] = []
    pos = block.start
    for m in [*BULLET_SEP.finditer(text, block.start, block.end), None]:
        stop = m.start() if m else block.end
        items.append(Block("item", pos, stop, level=block.level))
        pos = m.end() if m else stop
    return items


def labelled(text: str) -> bool:
    """Whether ``text`` opens with a commitment's label and number.

    >>> labelled("Engagement 4 : Prévenir"), labelled("Objectif opérationnel 2.1 – Ouvrir")
    (True, True)
    >>> labelled("Mesure n° 12. Former"), labelled("Axe II"), labelled("Commitment 3: Act")
    (True, True, True)
    >>> labelled("ENGAGEMENT 1\\nChanger le regard")  # its title on the next line
    True
    >>> labelled("Objectif 2030 : zéro remise à la rue"), labelled("5 engagements :")
    (False, False)
    >>> labelled("Action 2015-2020 : le bilan"), labelled("Engagement 1.5 million")
    (False, False)
    """
    return bool(_LABELLED.match(text))


def label(text: str) -> str:
    """The words that label ``text`` a commitment, "" when none do.

    >>> label("Objectif opérationnel 2.1 – Ouvrir"), label("Prévenir les expulsions")
    ('Objectif opérationnel', '')
    """
    m = _LABELLED.match(text)
    return m.group("label") if m else ""


def reference(text: str) -> tuple[str, str] | None:
    """The label and number of the commitment ``text`` is, comparable with :func:`named`'s.

    >>> reference("Objectifs opérationnels 2.1 – Ouvrir"), reference("Axe iv : Agir")
    (('objectif', '2.1'), ('axe', '4'))
    """
    m = _LABELLED.match(text)
    return _key(m) if m else None


def named(question: str) -> list[tuple[str, str]]:
    """The label and number of each commitment ``question`` names.

    >>> named("Que prévoit l'axe 2 ?"), named("Et les priorités n° 3 et 4 ?")
    ([('axe', '2')], [('priorite', '3')])
    >>> named("Quels sont les 4 engagements de l'Acte 2 ?"), named("Engagement 2,5 M€")
    ([], [])
    """
    return [_key(m) for m in _NAMED.finditer(question)]


def _key(m: re.Match[str]) -> tuple[str, str]:
    """A label's first word, lower case, accents and plural off; the number in digits."""
    word = fold(re.split(r"[\s-]", m.group("label"))[0].lower())
    number = m.group("number").upper()
    return word.removesuffix("s"), str(_roman(number)) if number.isalpha() else number


def _roman(numeral: str) -> int:
    """The value of a roman numeral of I, V and X (« IV » : 4)."""
    values = [{"I": 1, "V": 5, "X": 10}[c] for c in numeral]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def mark_commitments(blocks: list[Block], text: str) -> list[Block]:
    """Flag as commitments the items of each list introduced (by the block just before it,
    or by its section heading) with engagement, pilier, objectif, axe, mesure or priorité
    (not in an idiom: « dans une large mesure »), and every block that is :func:`labelled`."""
    out: list[Block] = []
    heading = intro = ""
    in_list = flagged = False
    top = 0
    for b in blocks:
        own = labelled(text[b.start : b.end])
        if b.kind != "item":
            intro, in_list = text[b.start : b.end], False
            heading = intro if b.kind == "heading" else heading
            out.append(replace(b, commitment=own))
            continue
        if not in_list:
            in_list, top = True, b.level
            flagged = any(_COMMITMENT_WORDS.search(_NOT_COMMITMENT.sub(" ", t))
                          for t in (intro, heading))
        # The sub-points of a commitment (a nested list: a deeper level) are not commitments.
        out.append(replace(b, commitment=own or (flagged and b.level <= top)))
    return _titled(out, text)


def _titled(blocks: list[Block], text: str) -> list[Block]:
    """A commitment that is only its label (« ENGAGEMENT 1 ») takes the short line after it as
    its title (« Changer le regard »): one block, a heading when either was one (it heads
    what follows), at the label's level, or the title's when the label was a paragraph.

    >>> text = "ENGAGEMENT 1\\n\\nChanger le regard\\n\\nLe texte suit."
    >>> blocks = [Block("paragraph", 0, 12, commitment=True), Block("heading", 14, 31, level=2),
    ...           Block("paragraph", 33, 47)]
    >>> [(b.kind, b.level, text[b.start:b.end]) for b in _titled(blocks, text)][0]
    ('heading', 2, 'ENGAGEMENT 1\\n\\nChanger le regard')
    """
    out: list[Block] = []
    for b in blocks:
        last = out[-1] if out else None
        if (last is not None and last.commitment and _bare(text[last.start:last.end])
                and b.kind != "item" and not b.commitment and b.page == last.page
                and len(text[b.start:b.end]) <= _TITLE_CHARS and "\n" not in text[b.start:b.end]
                and (last.kind != "heading" or b.kind != "heading" or b.level > last.level)):
            heading = "heading" in (last.kind, b.kind)
            level = last.level if last.kind == "heading" else b.level
            out[-1] = replace(last, kind="heading" if heading else last.kind, end=b.end,
                              level=level, page_breaks=last.page_breaks + b.page_breaks)
            continue
        out.append(b)
    return out


def _bare(text: str) -> bool:
    """Whether ``text`` is a commitment's label and number, and nothing more."""
    m = _LABELLED.match(text)
    return m is not None and not text[m.end():].strip(" \t\n:.–—-")
