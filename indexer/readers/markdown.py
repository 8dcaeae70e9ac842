"""Markdown reader (markdown-it's CommonMark parser, with tables): the text as read.

Like the HTML and DOCX readers, it builds the document's text from its blocks, joined by
blank lines: markup is left out (``**gras**``, ``*italique*``, code ticks, list and quote
markers, ``#``), a link keeps its text, an image and an HTML tag go; a paragraph keeps its
hard line breaks (``<br>``, two spaces or a backslash at the end of a line), and the lines
the source merely wraps are joined by a space, as a browser shows them. Code blocks are not
read. A table is one block: a line per row of its body, each cell after its column's header
(« Structure : Centre Yvonne ; Places : 45 »); a table with no body, its header cells
joined by « ; ». YAML front matter at the top is left out; its ``title:`` is the title, its
``date:`` the date.

>>> text, blocks, _ = read_md(Path("n.md"), "# Titre\\n\\n- un **mot** ;\\n- [deux](u).".encode())
>>> [(b.kind, text[b.start : b.end]) for b in blocks]
[('heading', 'Titre'), ('item', 'un mot ;'), ('item', 'deux.')]
>>> table = "| Jour | Places |\\n|---|---|\\n| Lundi | 45 |\\n| Mardi | `60` |\\n"
>>> print(read_md(Path("n.md"), table.encode())[0])
Jour : Lundi ; Places : 45
Jour : Mardi ; Places : 60
>>> text, _, found = read_md(Path("n.md"), b"---\\ntitle: 'Notes'\\ndate: 2024-03-12\\n---\\nFin.")
>>> text, found.title, found.date
('Fin.', 'Notes', '2024-03-12')
>>> text, blocks, found = read_md(Path("n.md"), b"---\\nObjet : bilan\\nUn texte.\\n---\\nFin.\\n")
>>> text, found.title  # a rule, then text: no front matter, and a setext heading
('Objet : bilan Un texte.\\n\\nFin.', '')
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.boilerplate import is_teaser_label
from indexer.dates import iso_date
from indexer.readers.common import Part, assemble, decode
from indexer.readers.web import fragment_parts
from indexer.types import Block, BlockKind, DocMeta

if TYPE_CHECKING:
    from markdown_it.token import Token

# YAML front matter: "---" on the first line, "key:" lines, then "---" or "...".
# Every line inside is "key: value", an indented continuation or a "- item": a "---" rule
# followed by ordinary text is not front matter.
_FRONT_MATTER = re.compile(
    r"---[ \t]*\n(?:(?:[A-Za-z_][\w -]*:|[ \t]+\S|-[ \t])[^\n]*\n)*(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FRONT_KEY = r"^{}[ \t]*:[ \t]*(.*?)[ \t]*$"
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _front_matter(text: str) -> tuple[int, DocMeta]:
    """Length of the front matter at the top of ``text`` (0 if none) and its title and date."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return 0, DocMeta()
    return found.end(), DocMeta(title=_front_value(found.group(), "title"),
                                date=iso_date(_front_value(found.group(), "date")))


def _front_value(front: str, key: str) -> str:
    """The value of ``key:`` in a front matter, its quotes out; "" without one."""
    found = re.search(_FRONT_KEY.format(key), front, re.MULTILINE)
    value = found.group(1) if found else ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def _inline(token: Token, line_break: str) -> str:
    """The text of an inline token as read: emphasis, code ticks and link syntax out (a
    link's text stays), images and HTML tags too; a hard line break as ``line_break``, a
    wrapped line joined by a space.

    >>> from markdown_it import MarkdownIt
    >>> [_inline(t, "\\n") for t in MarkdownIt().parse("Les maraudes\\nsortent.  \\nFin.")
    ...  if t.type == "inline"]
    ['Les maraudes sortent.\\nFin.']
    """
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":  # the source's line wrapping: a space when read
            out.append(" ")
        elif child.type == "hardbreak" \
                or (child.type == "html_inline" and _BR.fullmatch(child.content)):
            out.append(line_break)
    return "".join(out)


def _teaser(token: Token) -> bool:
    """« **Lire aussi :** [Le bilan](/x) »: a teaser label and links to other articles, nothing
    else (:func:`indexer.boilerplate.is_teaser_label`), as the HTML reader drops them.

    >>> from markdown_it import MarkdownIt
    >>> [_teaser(t) for t in MarkdownIt().parse("*Voir aussi* : [A](a), [B](b)\\n\\n"
    ...  "Lire aussi [le rapport](r) avant la réunion.") if t.type == "inline"]
    [True, False]
    """
    inside: list[str] = []
    outside: list[str] = []
    depth = 0
    for child in token.children or []:
        depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type in ("text", "code_inline"):
            (inside if depth else outside).append(child.content)
    return "".join(inside).strip() != "" and is_teaser_label("".join(outside))


def _table(rows: list[list[str]]) -> str:
    """A table's text: a line per row of its body, "header : cell" joined by " ; "."""
    head, body = rows[0], rows[1:]
    if not body:
        return " ; ".join(cell for cell in head if cell.strip())
    return "\n".join(" ; ".join(f"{h} : {cell}" if h.strip() else cell
                                for h, cell in zip(head, row, strict=False) if cell.strip())
                     for row in body)


def read_md(path: Path, data: bytes) -> tuple[str, list[Block], DocMeta]:
    from markdown_it import MarkdownIt

    source, encoding = decode(path, data)
    skip, found = _front_matter(source)
    parts: list[Part] = []
    items = 0  # how many list items hold the current token
    rows: list[list[str]] | None = None  # the cells of the table being read
    pending: tuple[BlockKind, int] | None = None
    for tok in MarkdownIt("commonmark").enable("table").parse(source[skip:]):
        kind: BlockKind = "item" if items else "paragraph"
        if tok.type in ("list_item_open", "list_item_close"):
            items += 1 if tok.type == "list_item_open" else -1
        elif tok.type == "table_open":
            rows = []
        elif tok.type == "table_close" and rows:
            parts.append((kind, items, _table(rows)))
            rows = None
        elif tok.type == "tr_open" and rows is not None:
            rows.append([])
        elif tok.type == "inline" and rows:
            rows[-1].append(_inline(tok, " "))
        elif tok.type == "heading_open":
            pending = ("heading", int(tok.tag[1]))
        elif tok.type == "paragraph_open":
            pending = (kind, items)
        elif tok.type == "html_block":
            parts += fragment_parts(tok.content, kind, items)  # read as an HTML page is
        elif tok.type == "inline" and pending:
            if pending[0] == "heading" or not _teaser(tok):
                parts.append((*pending, _inline(tok, " " if pending[0] == "heading" else "\n")))
            pending = None
    text, blocks = assemble(parts, lines=True)
    return text, blocks, replace(found, encoding=encoding)
