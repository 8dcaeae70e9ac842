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
    """A paragraph "A • B • C" becomes one item per part."""
    if block.kind != "paragraph" or not _BULLET_SEP.search(text, block.start, block.end):
        return [block]
    items: list[Block] = []
    pos = block.start
    for m in [*_BULLET_SEP.finditer(text, block.start, block.end), None]:
        stop = m.start() if m else block.end
        items.append(Block("item", pos, stop))
        pos = m.end() if m else stop
    return items


def _group_blocks(text: str, group: list[Span]) -> list[Block]:
    blocks: list[Block] = []
    run: list[Span] = []
    item: Span | None = None
    for s, e in group:
        marker = _ITEM_MARKER.match(text, s, e)
        if marker:
            blocks.extend(_split_run(text, run) if run else [])
            run = []
            if item:
                blocks.append(Block("item", *item))
            item = (marker.end(), e)
        elif item and (text[s - 1] in " \t" or text[s].islower()):
            item = (item[0], e)  # continuation of a list item (indented or lowercase)
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
