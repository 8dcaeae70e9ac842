"""DOCX (python-docx: heading and list styles) and PDF (pypdf: page numbers kept) readers.

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
import unicodedata
from bisect import bisect_right
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from docx.text.paragraph import Paragraph as DocxParagraph

from indexer.errors import UnreadableFileError
from indexer.readers.common import Part, assemble, fail, noise
from indexer.structure import structure_text
from indexer.types import Block

# Typographic ligatures that PDF text extraction leaves in words ("déﬁ").
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

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


def read_docx(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    import docx

    try:
        document = docx.Document(str(path))
        parts: list[Part] = []
        for content in document.iter_inner_content():
            if isinstance(content, DocxParagraph):
                parts.append(_docx_part(content))
                continue
            seen: set[int] = set()  # merged cells come back once per grid position
            for row in content.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        parts.extend(_docx_part(p) for p in cell.paragraphs)
        title = document.core_properties.title or ""
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise fail(path, f"fichier Word (.docx) corrompu ou illisible ({exc})") from exc
    text, blocks = assemble(parts)
    return text, blocks, title


def read_pdf(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password still opens
            raise fail(path, "PDF chiffré (protégé par un mot de passe) : enregistrez-en une "
                              "copie non protégée pour l'indexer")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title or "") if reader.metadata else ""
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise fail(path, f"PDF chiffré, impossible à ouvrir ({exc})") from exc
        raise fail(path, f"PDF corrompu ou illisible ({exc})") from exc
    if not pages:
        raise fail(path, "PDF corrompu ou illisible (aucune page)")
    pages = [unicodedata.normalize("NFC", p.translate(_LIGATURES)).replace("\r\n", "\n")
             .replace("\r", "\n") for p in pages]
    text = "\n\n".join(pages)
    page_starts = [0]
    for page_text in pages[:-1]:
        page_starts.append(page_starts[-1] + len(page_text) + 2)
    blocks = [replace(b, page=bisect_right(page_starts, b.start))
              for b in structure_text(text, ignore=noise)]
    return text, blocks, str(title)
