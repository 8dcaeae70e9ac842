"""Plain-text structure: headings, paragraphs and list items of a text, as Block spans.

Pure functions: offsets always point into the text given, each span is stripped.

>>> text = "Les engagements\\n\\nIls sont organisés en 2 axes :\\n\\n- Prévenir ;\\n- Agir."
>>> blocks = mark_commitments(structure_text(text), text)
>>> [(b.kind, text[b.start:b.end], b.level, b.commitment) for b in blocks]
... # doctest: +NORMALIZE_WHITESPACE
[('heading', 'Les engagements', 1, False),
 ('paragraph', 'Ils sont organisés en 2 axes :', 0, False),
 ('item', 'Prévenir ;', 0, True), ('item', 'Agir.', 0, True)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from indexer.types import Block

MAX_HEADING_CHARS = 90
# The characters that mark a list item, the chunker's too: dashes, bullets, arrows and
# checks, and the private-use bullets of Word's Symbol and Wingdings fonts that PDFs and
# text exports keep (U+F0B7 "", U+F0A7, U+F0D8, U+F076, U+F0FC).
BULLETS = "-–—*•·▪●◦○■□‣⁃➢➤►▸→✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
# A list marker at the start of a line: a bullet, "1." or "1)" (not "a)": "(voir\nc) …").
_ITEM_MARKER = re.compile(rf"(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)])[ \t\u00a0]+(?=\S)")
# Parts of a one-line list joined by bullets: "Prévenir • Intervenir • Insérer".
_BULLET_SEP = re.compile(r"\s+•\s+")
# A list item line ending like this ends its item (the next line without a marker is not
# part of it); one ending with a comma or a bullet ("… l’exclusion •") goes on.
_ITEM_END = tuple(".;:!?…")
_GOES_ON = tuple(",•")
# Hard-wrapped text (a PDF or e-mail export) cuts its lines at a column this wide or wider;
# in a group of shorter lines, a line is whole: a short list item is not wrapped.
_MIN_WRAP_WIDTH = 40
# A line ending like a sentence (or an introduction) is not a heading.
_SENTENCE_END = tuple(".;:!?…,")
_PARAGRAPH_END = tuple(".:!?…")
# What may close a sentence after its final stop; not ")": "(S.I.A.O.)" ends a heading.
_CLOSERS = "»”\"’' \u00a0\u202f"
# This many heading-like lines in a row, with no blank line, are a list or a table.
_MAX_HEADING_RUN = 3
# What makes a list a list of commitments, in its introduction or its section heading.
_COMMITMENT_WORDS = re.compile(
    r"\b(?:engagements?|piliers?|objectifs?|axes?|mesures?|priorit[ée]s?)\b", re.IGNORECASE
)
# Idioms that announce no commitments: « dans une large mesure, les quartiers suivants : ».
_NOT_COMMITMENT = re.compile(
    r"\b(?:dans\s+une\s+(?:large|certaine|moindre)\s+mesure|en\s+mesure\s+de|sur\s+mesure"
    r"|au\s+fur\s+et\s+à\s+mesure|à\s+mesure\s+que|outre\s+mesure)\b", re.IGNORECASE)

Span = tuple[int, int]


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


def _looks_like_heading(line: str) -> bool:
    return (
        len(line) <= MAX_HEADING_CHARS
        and not line.rstrip(_CLOSERS).endswith(_SENTENCE_END)  # « … rue. », (… annexe.)
        and not line[0].islower()
        and any(c.isalpha() for c in line)
        and not _BULLET_SEP.search(line)  # "A • B • C" is a list, not a title
    )


def _starts_upper(text: str, pos: int) -> bool:
    return not text[pos].islower()


def _split_run(text: str, run: list[Span]) -> list[Block]:
    """Lines of prose without blank lines: one paragraph, or several if hard-wrapped text
    (PDF) shows a short line ending a sentence, or a short title line between paragraphs
    (or after another title: "Rapport 2023" then "Introduction")."""
    if len(run) == 1:
        s, e = run[0]
        if _looks_like_heading(text[s:e]):
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
        if after_sentence and next_upper and (e - s) <= 0.7 * width \
                and _looks_like_heading(text[s:e]):
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


def _split_bullets(text: str, block: Block) -> list[Block]:
    """A paragraph or an item "A • B • C" becomes one item per part (an item, at its level:
    a hard-wrapped "A • B • C" may put "• B • C" at the start of a line, a list marker)."""
    if block.kind == "heading" or not _BULLET_SEP.search(text, block.start, block.end):
        return [block]
    items: list[Block] = []
    pos = block.start
    for m in [*_BULLET_SEP.finditer(text, block.start, block.end), None]:
        stop = m.start() if m else block.end
        items.append(Block("item", pos, stop, level=block.level))
        pos = m.end() if m else stop
    return items


def _wrapped(text: str, line: Span, nxt: Span, width: int) -> bool:
    """Whether hard wrapping cut ``line``: the first word of the line after it would not
    have fitted on it within ``width``, its group's longest line (the wrapping column, at
    least ``_MIN_WRAP_WIDTH`` wide). A line that ends early ended on purpose."""
    word = len(text[nxt[0] : nxt[1]].split(None, 1)[0])
    return width >= _MIN_WRAP_WIDTH and (line[1] - line[0]) + 1 + word > width


def _indented(text: str, start: int) -> bool:
    """Whether the line whose text starts at ``start`` starts with blanks."""
    return start > 0 and text[start - 1] in " \t"


def _continues_item(text: str, group: list[Span], i: int, width: int) -> bool:
    """Whether line ``group[i]``, which has no list marker, goes on with the list item of
    the line before it (``width``: the group's longest line).

    An indented or lowercase line does. So does a line starting with a capital or a digit
    ("Parisiens …") when hard wrapping cut the item: the line before ends with no stop
    (";", "."…), was full (see ``_wrapped``) and is not itself an indented wrapped line (an
    item wrapped with indented lines ends at a flush left one). Even then, a heading-like
    line with no item after it stays out, as before this rule, unless a comma or a bullet
    ends the line before: after a list, "Gouvernance" then its text heads a section, but
    "…, Coordonner," then "Piloter et mettre en place une" is one sentence.
    """
    s, e = group[i]
    if _indented(text, s) or text[s].islower():
        return True
    ps, pe = group[i - 1]
    if _indented(text, ps) and not _ITEM_MARKER.match(text, ps, pe):
        return False
    previous = text[ps:pe].rstrip(_CLOSERS)
    if previous.endswith(_ITEM_END) or not _wrapped(text, group[i - 1], group[i], width):
        return False
    item_next = i + 1 < len(group) and _ITEM_MARKER.match(text, *group[i + 1]) is not None
    return item_next or previous.endswith(_GOES_ON) or not _looks_like_heading(text[s:e])


def _group_blocks(text: str, group: list[Span]) -> list[Block]:
    blocks: list[Block] = []
    run: list[Span] = []
    item: Span | None = None
    width = max(e - s for s, e in group)
    for i, (s, e) in enumerate(group):
        marker = _ITEM_MARKER.match(text, s, e)
        if marker:
            blocks.extend(_split_run(text, run) if run else [])
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
    blocks.extend(_split_run(text, run) if run else [])
    if item:
        blocks.append(Block("item", *item))
    return [part for b in blocks for part in _split_bullets(text, b)]


def structure_text(text: str, ignore: Callable[[str], bool] | None = None) -> list[Block]:
    """Headings, paragraphs and list items of a plain text, in order.

    Lines for which ``ignore(line)`` is true (site navigation…) are treated as blank lines.
    A heading standing before any other block is the title (level 1); others are level 2.
    """
    blocks = [b for g in _line_groups(text, ignore) for b in _group_blocks(text, g)]
    if blocks and blocks[0].kind == "heading":
        blocks[0] = replace(blocks[0], level=1)
    return _headings_that_head(blocks)


def _headings_that_head(blocks: list[Block]) -> list[Block]:
    """A heading-like line that heads nothing, because it ends the text or a section
    heading follows it, is a paragraph: a heading's text reaches no passage but as the
    section of the passages under it, and these have none ("Contact presse …" last)."""
    out = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "heading" and (nxt is None or (b.level == 2 and nxt.kind == "heading")):
            b = Block("paragraph", b.start, b.end)
        out.append(b)
    return out


def mark_commitments(blocks: list[Block], text: str) -> list[Block]:
    """Flag as commitments the items of each list introduced (by the block just before it,
    or by its section heading) with engagement, pilier, objectif, axe, mesure or priorité
    (not in an idiom: « dans une large mesure »)."""
    out: list[Block] = []
    heading = intro = ""
    in_list = flagged = False
    top = 0
    for b in blocks:
        if b.kind != "item":
            intro, in_list = text[b.start : b.end], False
            heading = intro if b.kind == "heading" else heading
            out.append(replace(b, commitment=False))
            continue
        if not in_list:
            in_list, top = True, b.level
            flagged = any(_COMMITMENT_WORDS.search(_NOT_COMMITMENT.sub(" ", t))
                          for t in (intro, heading))
        # The sub-points of a commitment (a nested list: a deeper level) are not commitments.
        out.append(replace(b, commitment=flagged and b.level <= top))
    return out
