"""Plain text reader: the file's own text, its structure read from its lines.

>>> text, blocks, _ = read_txt(Path("n.txt"), "Titre\\n\\n- un ;\\n- deux.\\n".encode())
>>> [(b.kind, text[b.start : b.end]) for b in blocks]
[('heading', 'Titre'), ('item', 'un ;'), ('item', 'deux.')]
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.boilerplate import is_page_number
from indexer.readers.common import decode, edge_lines, noise
from indexer.structure import structure_text
from indexer.types import Block, DocMeta

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


def read_txt(path: Path, data: bytes) -> tuple[str, list[Block], DocMeta]:
    """A plain text; being often a PDF export, its page numbers go (see above).

    >>> text, blocks, _ = read_txt(Path("n.txt"), "Accueil.\\n\\n120\\nplaces\\n\\n2\\f".encode())
    >>> [text[b.start : b.end] for b in blocks]
    ['Accueil.', '120\\nplaces']
    """
    text, encoding = decode(path, data)
    return (text, structure_text(_without_page_numbers(text), ignore=noise),
            DocMeta(encoding=encoding))
