"""Readers: a file (txt, md, html, pdf, docx, odt) → a :class:`Document` with structural blocks.

Every reader keeps blocks exact (``text[start:end]`` is stripped, non-empty), sorted and
non-overlapping, drops boilerplate, cuts trailing "Lire aussi" teasers and flags commitments.
A document's title: the manifest's, else the file's own (metadata, front matter), else its
first heading (of a PDF, one on its first page with text: a later page's heading titles a
part; a numbered one, « 1. Introduction », titles a section), else one from the file name.
Its date: the manifest's, else the file's own (a web page's metadata, a front matter's
``date:``), else that of a stamp line near its top (« Publié le 12 novembre 2024 »,
:mod:`indexer.dates`). Its publisher and address: the manifest's, else a web page's
(:mod:`indexer.readers.web_meta`).

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "pacte.md"
>>> _ = path.write_text("# Le Pacte\\n\\nSes 2 axes :\\n\\n- Prévenir ;\\n- Agir.\\n")
>>> doc = read_document(path, "pacte", DocMeta())
>>> [(b.kind, doc.block_text(b), b.commitment) for b in doc.blocks][1:]
[('paragraph', 'Ses 2 axes :', False), ('item', 'Prévenir ;', True), ('item', 'Agir.', True)]
>>> doc.meta.title, doc.meta.format
('Le Pacte', 'md')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from indexer.corpus import unsupported
from indexer.dates import stamp_date
from indexer.errors import os_reason
from indexer.headings import SECTION_NUMBER
from indexer.readers.common import compact, fail, finish
from indexer.readers.markdown import read_md
from indexer.readers.ocr import Ocr
from indexer.readers.odt import read_odt
from indexer.readers.office import read_docx
from indexer.readers.pdf import read_pdf
from indexer.readers.plain import read_txt
from indexer.readers.web import read_html
from indexer.types import Block, DocMeta, Document

# File metadata titles that say nothing: "untitled", "Microsoft Word - note.doc", "Document1",
# and reportlab's defaults "(anonymous)" and "(unspecified)".
_JUNK_TITLE = re.compile(
    r"untitled|sans titre|document\s*\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|odt)"
    r"|\(?(?:anonymous|unspecified)\)?", re.IGNORECASE)


_READERS: dict[str, Callable[[Path, bytes], tuple[str, list[Block], DocMeta]]] = {
    ".txt": read_txt, ".md": read_md, ".html": read_html, ".htm": read_html,
    ".pdf": read_pdf, ".docx": read_docx, ".odt": read_odt,
}
_SYNTHETIC = {".md", ".html", ".htm", ".docx", ".odt"}  # formats whose text the reader builds


def title_from_name(path: Path) -> str:
    """The title of a document with none: its file name, "_" and "-" read as spaces.

    >>> title_from_name(Path("rapport_activite-2023.pdf")), title_from_name(Path("--.txt"))
    ('rapport activite 2023', '--')
    """
    name = unicodedata.normalize("NFC", path.stem)
    return " ".join(re.sub(r"[_-]+", " ", name).split()) or name or path.name


def read_document(path: Path, doc_id: str, meta: DocMeta, ocr: Ocr | None = None) -> Document:
    """Read one file; raise UnreadableFileError (in French, file name first) when it cannot
    be read. ``meta`` is copied, with ``source``, ``format`` and a missing title filled in.
    ``ocr`` reads the pages of a PDF that have no text layer (scanned pages), when tesseract
    reads French (:func:`indexer.readers.ocr.available`)."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise fail(path, unsupported(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path, f"lecture impossible ({os_reason(exc)})", exc) from exc
    if not data.strip():
        raise fail(path, "fichier vide")
    text, blocks, found = read_pdf(path, data, ocr) if reader is read_pdf else reader(path, data)
    found_date = found.date or stamp_date(text)  # the stamp line is boilerplate: read it now
    blocks = finish(blocks, text)
    if suffix in _SYNTHETIC:
        text, blocks = compact(text, blocks)
    if not blocks:
        raise fail(path, f"aucun texte exploitable après extraction{_hint(suffix, ocr)}")
    found_title = "" if _JUNK_TITLE.fullmatch(found.title.strip()) else found.title
    first = blocks[0].page  # of a PDF, the first page with text (a cover may have none)
    heading = next((text[b.start : b.end] for b in blocks
                    if b.kind == "heading" and b.page == first), "")
    heading = "" if SECTION_NUMBER.match(heading) else heading  # « 1. Introduction »: a section
    title = meta.title or " ".join(found_title.split()) or heading or title_from_name(path)
    fmt = "html" if suffix == ".htm" else suffix[1:]
    return Document(doc_id=doc_id, text=text, blocks=blocks,
                    meta=replace(meta, title=title, date=meta.date or found_date,
                                 publisher=meta.publisher or found.publisher,
                                 url=meta.url or found.url, source=str(path), format=fmt,
                                 encoding=found.encoding, ocr_pages=found.ocr_pages))


def _hint(suffix: str, ocr: Ocr | None) -> str:
    """What may have left a file without text: of a PDF, no text layer (a scanned PDF),
    which OCR reads once tesseract-ocr-fra is installed.

    >>> _hint(".pdf", None)
    ' (PDF scanné sans couche texte : installez tesseract-ocr-fra pour le lire par OCR)'
    """
    if suffix != ".pdf":
        return ""
    if ocr is not None and ocr.ready:  # read by OCR, still nothing
        return " (PDF scanné sans couche texte ?)"
    return " (PDF scanné sans couche texte : installez tesseract-ocr-fra pour le lire par OCR)"
