"""Plain-text structure: headings, paragraphs and list items of a text, as Block spans.

Pure functions: offsets always point into the text given, each span is stripped. This
module groups the lines and decides where a list item ends; what a list item is and which
items are commitments is :mod:`indexer.lists`, which prose lines are headings is
:mod:`indexer.headings`.

>>> from indexer.lists import mark_commitments
>>> text = "Les engagements\\n\\nIls sont organisés en 2 axes :\\n\\n- Prévenir ;\\n- Agir."
>>> blocks = mark_commitments(structure_text(text), text)
>>> [(b.kind, text[b.start:b.end], b.level, b.commitment) for b in blocks]
... # doctest: +NORMALIZE_WHITESPACE
[('heading', 'Les engagements', 1, False),
 ('paragraph', 'Ils sont organisés en 2 axes :', 0, False),
 ('item', 'Prévenir ;', 0, True), ('item', 'Agir.', 0, True)]
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import replace
from itertools import pairwise

from indexer.headings import (
    CLOSERS,
    DANGLING,
    MIN_WRAP_WIDTH,
    SECTION_NUMBER,
    Span,
    ends_sentence,
    heading_level,
    headings_that_head,
    looks_like_heading,
    split_run,
)
from indexer.lists import ITEM_MARKER, split_bullets
from indexer.types import Block

# A list item line ending like this ends its item (the next line without a marker is not
# part of it); one ending with a comma or a bullet ("… l’exclusion •") goes on.
_ITEM_END = tuple(".;:!?…")
_GOES_ON = tuple(",•")
_NO_LINE_START = ":;,!?)]»"  # what a wrapped line may start with, never a new one
# Hard-wrapped text cuts its lines at a column MIN_WRAP_WIDTH wide or wider; in a group of
# shorter lines, a line is whole: a short list item is not wrapped.


def _line_groups(text: str, ignore: Callable[[str], bool] | None) -> list[list[Span]]:
    """Stripped line spans, grouped by blank lines (ignored lines count as blank)."""
    groups: list[list[Span]] = [[]]
    pos = 0
    for raw in text.splitlines(keepends=True):
        start = pos + len(raw) - len(raw.lstrip())
        end = pos + len(raw.rstrip())
        pos += len(raw)
        if end <= start or (ignore is not None and ignore(text[start:end])):
            groups.append([])
        else:
            groups[-1].append((start, end))
    return [g for g in groups if g]


def wrapped(text: str, line: Span, nxt: Span, width: int) -> bool:
    """Whether hard wrapping cut ``line``: the first word of the line after it would not
    have fitted on it within ``width``, its group's longest line (the wrapping column, at
    least ``MIN_WRAP_WIDTH`` wide). A line that ends early ended on purpose."""
    word = len(text[nxt[0] : nxt[1]].split(None, 1)[0])
    return width >= MIN_WRAP_WIDTH and (line[1] - line[0]) + 1 + word > width


def _indented(text: str, start: int) -> bool:
    """Whether the line whose text starts at ``start`` starts with blanks."""
    return start > 0 and text[start - 1] in " \t"


def _continues_item(text: str, group: list[Span], i: int, width: int) -> bool:
    """Whether line ``group[i]``, which has no list marker, goes on with the list item of
    the line before it (``width``: the group's longest line).

    An indented or lowercase line does. So does a line starting with a capital or a digit
    ("Parisiens …") when hard wrapping cut the item: the line before ends with no stop
    (";", "."…), was full (see ``wrapped``) and is not itself an indented wrapped line (an
    item wrapped with indented lines ends at a flush left one). Even then, a heading-like
    line with no item after it stays out, as before this rule, unless a comma or a bullet
    ends the line before: after a list, "Gouvernance" then its text heads a section, but
    "…, Coordonner," then "Piloter et mettre en place une" is one sentence.
    """
    s, e = group[i]
    if _indented(text, s) or text[s].islower():
        return True
    ps, pe = group[i - 1]
    if _indented(text, ps) and not ITEM_MARKER.match(text, ps, pe):
        return False
    previous = text[ps:pe].rstrip(CLOSERS)
    if previous.endswith(_ITEM_END) or not wrapped(text, group[i - 1], group[i], width):
        return False
    item_next = i + 1 < len(group) and ITEM_MARKER.match(text, *group[i + 1]) is not None
    return item_next or previous.endswith(_GOES_ON) or not looks_like_heading(text[s:e])


def _short_heading(text: str, line: Span, width: int) -> bool:
    """A heading-like line (``looks_like_heading``) at most 0.7 as wide as its group."""
    return line[1] - line[0] <= 0.7 * width and looks_like_heading(text[line[0] : line[1]])


def _numbered_heading(text: str, group: list[Span], i: int, width: int) -> bool:
    """Whether line ``group[i]``, which starts as a numbered list item does (« 1. »), is a
    numbered heading (« 1. Introduction »), set apart as another heading is: a short
    heading-like line (``_short_heading``) with a section number, first in its group or
    after a finished sentence or another short heading-like line (not after an
    introduction ending with « : »), and followed by a line that starts with a capital (or
    a number) and is no list item. The caller asks only for a line after no list item: a
    list's items follow each other; « 1. Accès aux droits ; » ends as an item does, and a
    long numbered sentence is no short line.

    >>> text = "Le centre est ouvert.\\n1. Introduction\\nLe présent rapport dresse le bilan."
    >>> group = [(0, 21), (22, 37), (38, 72)]
    >>> _numbered_heading(text, group, 1, 34), _numbered_heading(text, group[:2], 1, 34)
    (True, False)
    """
    s, e = group[i]
    if not SECTION_NUMBER.match(text, s, e) or not _short_heading(text, group[i], width) \
            or i + 1 == len(group):
        return False
    ns, ne = group[i + 1]
    if ITEM_MARKER.match(text, ns, ne) or text[ns].islower():
        return False
    if i == 0:
        return True
    ps, pe = group[i - 1]
    return ends_sentence(text[ps:pe]) or _short_heading(text, group[i - 1], width)


def _group_blocks(text: str, group: list[Span], tops: Container[int]) -> list[Block]:
    blocks: list[Block] = []
    run: list[Span] = []
    item: Span | None = None
    width = max(e - s for s, e in group)
    for i, (s, e) in enumerate(group):
        marker = ITEM_MARKER.match(text, s, e)
        if marker and item is None and _numbered_heading(text, group, i, width):
            blocks.extend(split_run(text, run, tops) if run else [])
            run = []
            blocks.append(Block("heading", s, e, level=2))
        elif marker:
            blocks.extend(split_run(text, run, tops) if run else [])
            run = []
            if item:
                blocks.append(Block("item", *item))
            item = (marker.end(), e)
        elif item and _continues_item(text, group, i, width):
            item = (item[0], e)
        else:
            if item:
                blocks.append(Block("item", *item))
                item = None
            run.append((s, e))
    blocks.extend(split_run(text, run, tops) if run else [])
    if item:
        blocks.append(Block("item", *item))
    return [part for b in blocks for part in split_bullets(text, b)]


def structure_text(text: str, ignore: Callable[[str], bool] | None = None,
                   tops: Container[int] = ()) -> list[Block]:
    """Headings, paragraphs and list items of a plain text, in order.

    Lines for which ``ignore(line)`` is true (site navigation…) are treated as blank lines.
    ``tops``: where the pages of a PDF start (see :func:`indexer.headings.split_run`).
    A heading standing before any other block is the title (level 1), unless it has a
    section number (« 1. Introduction » is a section); others are level 2, or deeper
    under a section number (:func:`indexer.headings.heading_level`).

    >>> text = ("1. Introduction\\nLe rapport dresse le bilan de l'année écoulée.\\n"
    ...         "2.3 Les maraudes\\nElles sortent.")
    >>> [(b.kind, b.level, text[b.start:b.end]) for b in structure_text(text)][::2]
    [('heading', 3, '1. Introduction'), ('heading', 4, '2.3 Les maraudes')]
    """
    blocks = [b for g in _line_groups(text, ignore) for b in _group_blocks(text, g, tops)]
    blocks = [replace(b, level=heading_level(text[b.start : b.end])) if b.kind == "heading"
              else b for b in blocks]
    if blocks and blocks[0].kind == "heading" and not SECTION_NUMBER.match(text, blocks[0].start):
        blocks[0] = replace(blocks[0], level=1)
    return headings_that_head(blocks)


def _ends_cut_sentence(text: str, line: Span, nxt: Span) -> bool:
    """Whether line ``nxt`` ends the sentence that ``line`` leaves unfinished (no stop, no
    « : » or « ; » at its end, even in brackets: « (voir ci-dessous.) »)."""
    return ends_sentence(text[nxt[0] : nxt[1]]) \
        and not text[line[0] : line[1]].rstrip(CLOSERS + ")]").endswith(_ITEM_END)


def unwrap(text: str, blocks: list[Block]) -> str:
    """``text`` with the line breaks that wrapping made inside a block turned into spaces
    (the same length: the blocks' offsets hold). A break goes after a full line (one that
    wrapping cut, :func:`wrapped` at the width of the block's longest line, or a long one:
    proportional fonts fit more or fewer letters on a line) when the next line goes on in
    lower case or with a sign that starts no line (« : », wrapped after its French space),
    or, before a capital (« Paris », « Emmaüs »), when the line ends mid-phrase
    (« de », « vers », a comma: ``DANGLING``) or goes on with a sentence cut before it (the
    break before it was read as a space) that the next line ends (« … grâce au dispositif »
    then « Logement d'abord. »). A line that ended early (a table cell, an address) or that
    ends a name keeps its break: in a list of signatories, one per line, no line goes on
    with a cut sentence, even when the last one ends with a stop. The text keeps its
    length: a word hyphenated over two lines stays cut here (« accompagne- ment »); the PDF
    reader has made it whole before (:func:`indexer.readers.pdf.join_hyphenated`).

    >>> text = ("Le centre d'hébergement accueille les familles orientées par le\\n"
    ...         "SIAO de Paris\\nchaque soir.\\n\\nAgence régionale de santé d'Île-de-France\\n"
    ...         "Caisse d'allocations familiales de Paris")
    >>> cut = text.index("\\n\\n")
    >>> print(unwrap(text, [Block("paragraph", 0, cut), Block("paragraph", cut + 2, len(text))]))
    Le centre d'hébergement accueille les familles orientées par le SIAO de Paris
    chaque soir.
    <BLANKLINE>
    Agence régionale de santé d'Île-de-France
    Caisse d'allocations familiales de Paris
    >>> text = ("L'association renforcera l'accompagnement vers le logement\\n"
    ...         "avec l'objectif de reloger 60 ménages grâce au dispositif\\nLogement d'abord.")
    >>> joined = unwrap(text, [Block("paragraph", 0, len(text))])
    >>> "\\n" in joined, joined[-28:]
    (False, "dispositif Logement d'abord.")
    """
    out = list(text)
    for b in blocks:
        lines: list[Span] = []
        pos = b.start
        for part in text[b.start : b.end].split("\n"):
            lines.append((pos, pos + len(part)))
            pos += len(part) + 1
        width = max(e - s for s, e in lines)
        joined = False  # whether the line goes on with a sentence cut before it
        for line, nxt in pairwise(lines):
            full = wrapped(text, line, nxt, width) or (
                width >= MIN_WRAP_WIDTH and line[1] - line[0] >= 0.7 * width)
            joined = full and (text[nxt[0]].islower() or text[nxt[0]] in _NO_LINE_START
                               or bool(DANGLING.search(text, line[0], line[1]))
                               or (joined and _ends_cut_sentence(text, line, nxt)))
            if joined:
                out[line[1]] = " "
    return "".join(out)
