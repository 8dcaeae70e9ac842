"""Plain text and Markdown readers (Markdown through markdown-it's CommonMark parser).

YAML front matter at the top of a Markdown file is left out; its ``title:`` is the title.

>>> text, blocks, _ = read_md(Path("n.md"), "# Titre\\n\\n- un ;\\n- deux.\\n".encode())
>>> [(b.kind, text[b.start : b.end]) for b in blocks]
[('heading', 'Titre'), ('item', 'un ;'), ('item', 'deux.')]
>>> text, blocks, title = read_md(Path("n.md"), b"---\\ntitle: 'Notes'\\n---\\nUn texte.\\n")
>>> [text[b.start : b.end] for b in blocks], title
(['Un texte.'], 'Notes')
>>> text, blocks, title = read_md(Path("n.md"), b"---\\nObjet : bilan\\nUn texte.\\n---\\nFin.\\n")
>>> [text[b.start : b.end] for b in blocks][-1], title  # a rule, then text: kept
('Fin.', '')
>>> "Un texte." in text[blocks[0].start : blocks[0].end]
True
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.boilerplate import is_page_number
from indexer.readers.common import decode, edge_lines, noise
from indexer.structure import structure_text
from indexer.types import Block, BlockKind

# A page of a PDF export ("pdftotext" ends each one with a form feed): a page number ("12",
# "Page 3", "- 4 -") stands at its top or its bottom.
_PAGE = re.compile(r"[^\f]+")
_LINE = re.compile(r"\S.*")  # a line from its first visible character (linear on blanks)


def _without_page_numbers(text: str) -> str:
    """``text`` with its page number lines blanked out (offsets unchanged). Only a page's
    edge lines count (``edge_lines``, as for a PDF), pages being cut at form feeds: a number
    alone on a line elsewhere ("120" above "places ouvertes") is content."""
    chars = list(text)
    for page in _PAGE.finditer(text):
        lines = list(_LINE.finditer(text, page.start(), page.end()))
        for i in edge_lines([m.group() for m in lines], is_page_number):
            start, end = lines[i].span()
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def read_txt(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    """A plain text; being often a PDF export, its page numbers go (see above).

    >>> text, blocks, _ = read_txt(Path("n.txt"), "Accueil.\\n\\n120\\nplaces\\n\\n2\\f".encode())
    >>> [text[b.start : b.end] for b in blocks]
    ['Accueil.', '120\\nplaces']
    """
    text = decode(path, data)
    return text, structure_text(_without_page_numbers(text), ignore=noise), ""


# Quote and list markers before a Markdown block's text; the ATX "#" of a heading.
_MD_PREFIX = re.compile(r"(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
_MD_HASHES = re.compile(r"#{1,6}(?=[ \t]|$)")
_MD_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
# YAML front matter: "---" on the first line, "key:" lines, then "---" or "...".
# Every line inside is "key: value", an indented continuation or a "- item": a "---" rule
# followed by ordinary text is not front matter.
_FRONT_MATTER = re.compile(
    r"---[ \t]*\n(?:(?:[A-Za-z_][\w -]*:|[ \t]+\S|-[ \t])[^\n]*\n)*(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FRONT_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
# A raw HTML block: comments, script and style elements (whole) and block tags cut it into
# paragraphs; script and style hold no text. Inline tags (<b>, <a>…) inside a paragraph
# stay, as in a Markdown paragraph.
_HTML_CUT = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)"
                       r"|</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|table|tr"
                       r"|td|th|center|blockquote|section|article|header|footer|figure"
                       r"|figcaption|details|summary)\b[^>]*>", re.IGNORECASE | re.DOTALL)
_HTML_TEXT = re.compile(r"<[^>]*>|([^<]*[^<\s])")


def _front_matter(text: str) -> tuple[int, str]:
    """Length of the front matter at the top of ``text`` (0 if none) and its title."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return 0, ""
    title = _FRONT_TITLE.search(found.group())
    value = title.group(1) if title else ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return found.end(), value


def _md_span(text: str, start: int, end: int, kind: BlockKind, row: bool) -> tuple[int, int]:
    prefix = _MD_PREFIX.match(text, start, end)
    start = prefix.end() if prefix else start
    hashes = _MD_HASHES.match(text, start, end) if kind == "heading" else None
    start = hashes.end() if hashes else start
    if kind == "heading":
        closing = _MD_CLOSING.search(text, start, end)
        end = closing.start() if closing else end
    junk = " \t\n|" if row else " \t\n"
    span = text[start:end]
    return start + len(span) - len(span.lstrip(junk)), end - len(span) + len(span.rstrip(junk))


def _html_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraphs of a raw HTML block ``text[start:end]``, without the tags around."""
    spans = []
    for cut in [*_HTML_CUT.finditer(text, start, end), None]:
        stop = cut.start() if cut else end
        words = [m for m in _HTML_TEXT.finditer(text, start, stop) if m.group(1)]
        if words:
            first = words[0]
            spans.append((first.start() + len(first[1]) - len(first[1].lstrip()), words[-1].end()))
        start = cut.end() if cut else end
    return spans


def read_md(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    from markdown_it import MarkdownIt

    text = decode(path, data)
    skip, title = _front_matter(text)
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    blocks: list[Block] = []

    def add(lines: list[int], kind: BlockKind, level: int, row: bool = False) -> None:
        start, end = _md_span(text, starts[lines[0]], starts[lines[1]] - 1, kind, row)
        if end > start and (not blocks or start >= blocks[-1].end):
            blocks.append(Block(kind, start, end, level=level))

    items, in_table = 0, False
    pending: tuple[BlockKind, int] | None = None
    # The front matter's lines are parsed as blank lines: line numbers stay those of text.
    masked = "\n" * text.count("\n", 0, skip) + text[skip:]
    for tok in MarkdownIt("commonmark").enable("table").parse(masked):
        if tok.type in ("list_item_open", "list_item_close"):
            items += 1 if tok.type == "list_item_open" else -1
        elif tok.type in ("table_open", "table_close"):
            in_table = tok.type == "table_open"
        elif tok.type == "tr_open" and tok.map:
            add(tok.map, "paragraph", 0, row=True)  # one paragraph per table row
        elif tok.type == "heading_open":
            pending = ("heading", int(tok.tag[1]))
        elif tok.type == "paragraph_open":
            pending = ("item", items) if items else ("paragraph", 0)
        elif tok.type == "html_block" and tok.map:
            for start, end in _html_spans(text, starts[tok.map[0]], starts[tok.map[1]] - 1):
                if not blocks or start >= blocks[-1].end:
                    blocks.append(Block("item" if items else "paragraph", start, end,
                                        level=items))
        elif tok.type == "inline" and pending and tok.map and not in_table:
            add(tok.map, *pending)
            pending = None
    return text, blocks, title
