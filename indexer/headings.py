"""Headings of a plain text: which lines of prose are titles, which are paragraphs.

A text file has no markup: :func:`split_run` cuts a run of lines with no blank line
between them into paragraphs and heading-like lines (:func:`looks_like_heading`: short,
no final stop, not lowercase); :func:`headings_that_head` then turns back into paragraphs
the headings that head nothing. Offsets are ``(start, end)`` spans of the text given.

A title is most often shorter than the lines under it; a page of a PDF has no blank line
to set its title apart, and a long title tops the page as wide as its text: there, at a
page top (``tops``), the line is a heading when hard-wrapped prose starts on the next line.
Hard wrapping also cuts words: :func:`join_cut` makes a word hyphenated at a line's end whole.

>>> text = "Rapport 2023\\nLe pacte a été signé par 13 institutions."
>>> [(b.kind, text[b.start:b.end]) for b in split_run(text, [(0, 12), (13, 55)])]
[('heading', 'Rapport 2023'), ('paragraph', 'Le pacte a été signé par 13 institutions.')]
>>> looks_like_heading("Les engagements"), looks_like_heading("Le pacte est signé.")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Container

from indexer.lists import BULLET_SEP
from indexer.types import Block

MAX_HEADING_CHARS = 90
# A line ending like a sentence (or an introduction) is not a heading.
_SENTENCE_END = tuple(".;:!?…,")
_PARAGRAPH_END = tuple(".:!?…")
# What may close a sentence after its final stop; not ")": "(S.I.A.O.)" ends a heading.
CLOSERS = "»”\"’' \u00a0\u202f"
_FULL_STOP = tuple(".!?…")


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence: a final stop, maybe followed by a closing quote.

    >>> ends_sentence("« … à la rue. »"), ends_sentence("Nos axes :")
    (True, False)
    """
    return line.rstrip(CLOSERS).endswith(_FULL_STOP)


# This many heading-like lines in a row, with no blank line, are a list or a table.
_MAX_HEADING_RUN = 3
# Hard-wrapped text (a PDF or e-mail export) cuts its lines at a column this wide or wider.
MIN_WRAP_WIDTH = 40
# The last word of a line that hard wrapping cut, never that of a title: « … mis en œuvre
# par la » (then « Ville de Paris … »), « … orientées vers » (« Emmaüs… »), « … qui est »,
# « … de l’ », a comma.
DANGLING = re.compile(
    r"\b(?:le|la|les|un|une|des|du|de|au|aux|à|et|ou|en|par|pour|sur|dans|avec|que|qui|dont"
    r"|ce|cette|ces|son|sa|ses|leur|leurs|notre|nos|votre|vos|vers|chez|entre|sous|selon"
    r"|depuis|contre|sans|pendant|après|avant|comme|où|se|ne|il|elle|ils|elles|on|est|sont"
    r"|a|ont|était|sera|être|avoir|plus|très)$|['’,]$", re.IGNORECASE)

# The last word of a line that hard wrapping cut inside a word: its start, a letter and a
# hyphen (a soft hyphen is always a cut); the next line's first letters, and its first word
# (French spaced punctuation goes with it: « relogé ? »).
_CUT = re.compile(r"(\S*)[^\W\d_]([-\u00ad])")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"\S+(?:\s+[;:!?»…]+(?!\S))*")
# Second parts of French compound words, never the end of a word cut at a line break; and
# first parts that make compounds with a hyphen (« non-recours », « sans-abri ») and that no
# hyphenation cuts a longer word after (not « ex- », « mi- »: « ex-clusion », « mi-nimum »).
_COMPOUND_TAILS = {"ci", "là", "même", "mêmes", "être", "clé", "clés", "il", "ils", "elle",
                   "elles", "on", "t"}
_COMPOUND_HEADS = {"non", "sans", "demi", "semi", "vice", "après", "avant", "arrière", "sous"}
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word, hyphens inside kept
# A section number at the start of a heading: « II. » (a part), « 1. », « 2.3 », « 2.3. ».
# One number takes its dot (« 12 personnes » is no heading's number).
SECTION_NUMBER = re.compile(
    r"(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.)[ \t\u00a0]+(?=\S)")

Span = tuple[int, int]


def looks_like_heading(line: str, max_chars: int = MAX_HEADING_CHARS) -> bool:
    return (
        len(line) <= max_chars
        and not line.rstrip(CLOSERS).endswith(_SENTENCE_END)  # « … rue. », (… annexe.)
        and not line[0].islower()
        and any(c.isalpha() for c in line)
        and not BULLET_SEP.search(line)  # "A • B • C" is a list, not a title
    )


def heading_level(line: str) -> int:
    """The level of a heading found in plain text: 2, deeper under a section number (a part
    « II. » is 2, its sections « 1. » 3, « 2.3 » 4…), so that « 2. Les maraudes » heads
    « 2.3 Les maraudes de nuit » in a section path. The title (level 1) has no number.

    >>> [heading_level(h) for h in ("Bilan", "II. Les engagements", "1. Introduction",
    ...                             "2.3 Les maraudes de nuit", "2.3.1. Le 18e", "12 places")]
    [2, 2, 3, 4, 5, 2]
    """
    number = SECTION_NUMBER.match(line)
    if number is None or not number.group()[0].isdigit():
        return 2
    return 2 + len(re.findall(r"\d+", number.group()))


def join_cut(line: str, nxt: str, known: Container[str] = ()) -> tuple[str, str] | None:
    """``line`` and ``nxt`` once the word cut at the end of ``line`` is whole there, its
    hyphen gone unless a compound's; ``None`` unless ``line`` ends with a letter and a hyphen
    and ``nxt`` starts with a lowercase letter. A compound is one that ``known`` (the
    document's words, lowercase) holds with its hyphen rather than without, else one with
    another hyphen before the cut or after the second part, or a first part in
    ``_COMPOUND_HEADS`` or a second in ``_COMPOUND_TAILS``.

    >>> join_cut("un accompagne-", "ment social"), join_cut("vis-à-", "vis des personnes")
    (('un accompagnement', 'social'), ('vis-à-vis', 'des personnes'))
    >>> join_cut("celle-", "ci."), join_cut("Île-de-", "France"), join_cut("2015-", "2020")
    (('celle-ci.', ''), None, None)
    >>> join_cut("le non-", "recours"), join_cut("les sans-", "abri"), join_cut("l'ex-", "clusion")
    (('le non-recours', ''), ('les sans-abri', ''), ("l'exclusion", ''))
    >>> join_cut("l'auto-", "nomie", {"autonomie"}), join_cut("auto-", "école", {"auto-école"})
    (("l'autonomie", ''), ('auto-école', ''))
    """
    head, body = line.rstrip(), nxt.lstrip()
    cut = _CUT.fullmatch(head.rsplit(None, 1)[-1]) if head else None  # its last word
    tail, word = _LETTERS.match(body), _WORD.match(body)
    if cut is None or tail is None or word is None or not body[0].islower():
        return None
    first, second = _LETTERS.findall(cut.group(0))[-1].lower(), tail.group().lower()
    if cut.group(2) != "-":  # a soft hyphen only ever cuts
        compound = False
    elif f"{first}-{second}" in known or first + second in known:
        compound = f"{first}-{second}" in known
    else:
        compound = ("-" in cut.group(1) or body[tail.end() :][:1] == "-"
                    or first in _COMPOUND_HEADS or second in _COMPOUND_TAILS)
    indent = nxt[: len(nxt) - len(body)]
    return head[: None if compound else -1] + word.group(), indent + body[word.end() :].lstrip()


def _starts_upper(text: str, pos: int) -> bool:
    return not text[pos].islower()


def _heads_page(text: str, run: list[Span], width: int) -> bool:
    """Whether the first line of ``run``, at a page top, heads the page however long:
    hard-wrapped prose follows (a line at least 0.7 as wide as the widest, starting with
    a capital letter) and it does not end on a word that only a wrapped line ends on
    (``DANGLING``: an article, a preposition, « est », « sont »…).

    >>> def spans(*lines):
    ...     starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    ...     return "\\n".join(lines), [(s, s + len(x)) for s, x in zip(starts, lines)]
    >>> text, run = spans("Plan grand froid 2024 : mise à l'abri des personnes",
    ...                   "Le plan prévoit l'ouverture de gymnases municipaux", "si…")
    >>> _heads_page(text, run, 51)
    True
    >>> _heads_page(*spans("Le dispositif est mis en œuvre depuis 2015 par la",
    ...                    "Ville de Paris et ses partenaires associatifs.", "Fin."), 49)
    False
    >>> _heads_page(*spans("Les personnes accueillies sont ensuite orientées vers",
    ...                    "Emmaüs Solidarité ou le Samusocial de Paris pour un", "…"), 53)
    False
    """
    (s, e), (ns, ne) = run[0], run[1]
    return width >= MIN_WRAP_WIDTH and ne - ns >= 0.7 * width and text[ns].isupper() \
        and not DANGLING.search(text, s, e)


def split_run(text: str, run: list[Span], tops: Container[int] = ()) -> list[Block]:
    """Lines of prose without blank lines: one paragraph, or several if hard-wrapped text
    (PDF) shows a short line ending a sentence, or a short title line between paragraphs
    (or after another title: "Rapport 2023" then "Introduction"). A run starting at one of
    the ``tops`` (where a page starts, after a page that ended a sentence) may start with a
    heading as wide as its lines (see ``_heads_page``)."""
    if len(run) == 1:
        s, e = run[0]
        if looks_like_heading(text[s:e]):
            return [Block("heading", s, e, level=2)]
        return [Block("paragraph", s, e)]
    width = max(e - s for s, e in run)
    blocks: list[Block] = []
    para: Span | None = None
    for i, (s, e) in enumerate(run):
        last = i == len(run) - 1
        after_title = para is None and bool(blocks) and blocks[-1].kind == "heading"
        after_sentence = i == 0 or after_title or text[run[i - 1][1] - 1] in _PARAGRAPH_END
        next_upper = last or _starts_upper(text, run[i + 1][0])
        short = (e - s) <= 0.7 * width or (i == 0 and s in tops and _heads_page(text, run, width))
        if after_sentence and next_upper and short and looks_like_heading(text[s:e]):
            if para:
                blocks.append(Block("paragraph", *para))
                para = None
            blocks.append(Block("heading", s, e, level=2))
            continue
        para = (para[0] if para else s, e)
        if not last and text[e - 1] in _PARAGRAPH_END and (e - s) < 0.8 * width and next_upper:
            blocks.append(Block("paragraph", *para))
            para = None
    if para:
        blocks.append(Block("paragraph", *para))
    return _lines_not_headings(blocks)


def _lines_not_headings(blocks: list[Block]) -> list[Block]:
    """``_MAX_HEADING_RUN`` or more headings in a row (names of signatories, rows of a
    table) become one paragraph: their text is content, not a stack of sections."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "heading":
            j += 1
        if j - i >= _MAX_HEADING_RUN:
            out.append(Block("paragraph", blocks[i].start, blocks[j - 1].end))
        else:
            out.extend(blocks[i:j])
        out.extend(blocks[j : j + 1])
        i = j + 1
    return out


def headings_that_head(blocks: list[Block]) -> list[Block]:
    """A heading-like line that heads nothing, because it ends the text or a section
    heading as high follows it (not a deeper one: « 2. » heads « 2.3 »), is a paragraph:
    a heading's text reaches no passage but as the section of the passages under it, and
    these have none ("Contact presse …" last)."""
    out = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "heading" and (nxt is None or (b.level >= 2 and nxt.kind == "heading"
                                                    and nxt.level <= b.level)):
            b = Block("paragraph", b.start, b.end)
        out.append(b)
    return out
