"""DOCX reader (python-docx): heading and list styles, tables cell by cell.

>>> import docx, tempfile
>>> path = Path(tempfile.mkdtemp()) / "note.docx"
>>> d = docx.Document(); _ = d.add_heading("Le Pacte", 1); _ = d.add_paragraph("Deux axes.")
>>> d.save(str(path))
>>> text, blocks, _ = read_docx(path, path.read_bytes())
>>> [(b.kind, b.level, text[b.start : b.end]) for b in blocks]
[('heading', 1, 'Le Pacte'), ('paragraph', 0, 'Deux axes.')]
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.text.paragraph import Paragraph as DocxParagraph

from indexer.readers.common import Part, assemble, fail
from indexer.types import Block

_DOCX_HEADING = re.compile(r"(?:heading|titre)\s*([1-6])", re.IGNORECASE)
_DOCX_TITLE = re.compile(r"title|titre", re.IGNORECASE)
_DOCX_LIST = re.compile(r"list|liste", re.IGNORECASE)


def _docx_part(paragraph: DocxParagraph) -> Part:
    style = paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""
    heading = _DOCX_HEADING.fullmatch(style)
    if heading or _DOCX_TITLE.fullmatch(style):
        return "heading", int(heading.group(1)) if heading else 1, paragraph.text
    p_pr = paragraph._p.pPr
    if _DOCX_LIST.match(style) or (p_pr is not None and p_pr.numPr is not None):
        return "item", 0, paragraph.text
    return "paragraph", 0, paragraph.text


def _docx_parts(container: Any, parts: list[Part]) -> None:
    """Paragraphs and tables of a document or a table cell, in order; each cell once (a
    merged cell comes back at every grid position it covers), nested tables included."""
    for content in container.iter_inner_content():
        if isinstance(content, DocxParagraph):
            parts.append(_docx_part(content))
            continue
        # The cells' XML elements themselves, kept alive here: the id() of a proxy that was
        # garbage-collected is reused, so remembering ids lost rows.
        seen: set[Any] = set()
        for row in content.rows:
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    _docx_parts(cell, parts)


def read_docx(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    import docx

    try:
        document = docx.Document(BytesIO(data))
        parts: list[Part] = []
        _docx_parts(document, parts)
        title = document.core_properties.title or ""
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise fail(path, f"fichier Word (.docx) corrompu ou illisible ({exc})") from exc
    text, blocks = assemble(parts)
    return text, blocks, title
