"""OpenDocument text reader (.odt, LibreOffice Writer) with the standard library only
(``zipfile``, ``xml.etree.ElementTree``): a document is read as the DOCX reader reads one.

A paragraph's text is what Writer shows: spans, links, spaces, tabs and line breaks (a space),
fields (a date, a page number); never tracked deletions, comments, numbering labels or
placeholders. A heading keeps its outline level, a paragraph in the Title style is a heading of
level 1, list items (nested lists too) are items; tables of contents and indexes are left out.
A text frame comes right after the paragraph it is anchored in; footnotes then endnotes come
after the body, as plain paragraphs (their marks in the body show nothing). A table is one
block, « Jour : Lundi ; Places : 45 » (:func:`indexer.readers.common.table_text`), a layout
table is read cell by cell, as in a DOCX. The title is the document's own (``dc:title`` in
``meta.xml``); its dates are not read (a template's, a copy's). A password-protected document
cannot be read: it is said so.

>>> import tempfile, zipfile
>>> cells = lambda *texts: "".join(
...     f"<table:table-cell><text:p>{t}</text:p></table:table-cell>" for t in texts)
>>> body = ('<text:h text:outline-level="1">Le Pacte</text:h><text:p>Deux axes.</text:p>'
...         f'<table:table><table:table-row>{cells("Jour", "Places")}</table:table-row>'
...         f'<table:table-row>{cells("Lundi", "45")}</table:table-row></table:table>')
>>> xmlns = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
>>> path = Path(tempfile.mkdtemp()) / "note.odt"
>>> with zipfile.ZipFile(path, "w") as odt:  # mimetype first and not compressed
...     odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
...     odt.writestr("content.xml", f"<office:document-content {xmlns}><office:body>"
...                  f"<office:text>{body}</office:text></office:body></office:document-content>")
...     odt.writestr("META-INF/manifest.xml", f'<manifest:manifest {xmlns}><manifest:file-entry '
...                  'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
...                  '</manifest:manifest>')
>>> text, blocks, meta = read_odt(path, path.read_bytes())
>>> for b in blocks:
...     print(b.kind, b.level, text[b.start : b.end])
heading 1 Le Pacte
paragraph 0 Deux axes.
paragraph 0 Jour : Lundi ; Places : 45
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

from indexer.errors import UnreadableFileError
from indexer.readers.common import (
    Cell,
    Part,
    assemble,
    fail,
    lays_out,
    one_line,
    table_text,
)
from indexer.types import Block, DocMeta

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def _q(name: str) -> str:
    """``text:p`` → ElementTree's ``{urn:…:text:1.0}p``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


_P, _H, _LIST, _NUMBERED = map(_q, ("text:p", "text:h", "text:list", "text:numbered-paragraph"))
_ITEMS = {_q("text:list-item"), _q("text:list-header")}
_TABLE, _SECTION = _q("table:table"), _q("text:section")
_ROWS = {_q(f"table:table-{name}") for name in ("header-rows", "rows", "row-group")}
_ROW, _CELL, _COVERED = map(_q, ("table:table-row", "table:table-cell",
                                 "table:covered-table-cell"))
_SPACE, _TAB, _BREAK, _NOTE = map(_q, ("text:s", "text:tab", "text:line-break", "text:note"))
_DRAW = f"{{{NS['draw']}}}"
# Inline elements whose text is not shown where they stand: a note (read after the body),
# comments, the label of automatic numbering, a placeholder's prompt; drawing shapes (a text
# frame is read after its paragraph, an image's alternative text never) are left out too.
_UNSHOWN = {_q(name) for name in ("text:note", "office:annotation", "office:annotation-end",
                                  "text:number", "text:placeholder")}
_HEADING = re.compile(r"(?:heading|titre)\s*([1-6])", re.IGNORECASE)
_TITLE = re.compile(r"title|titre", re.IGNORECASE)
_ENCODED = re.compile(r"_([0-9A-Fa-f]{2})_")  # a style name's "_20_": a space
_MAX_REPEAT = 100  # a count (spaces, repeated or merged cells and rows) read up to this many
_MANIFEST = "META-INF/manifest.xml"
_LOCKED = "document OpenDocument (.odt) chiffré (protégé par un mot de passe) : ouvrez-le " \
          "dans LibreOffice, puis enregistrez-en une copie sans mot de passe pour l'indexer"
_DAMAGED = "document OpenDocument (.odt) endommagé ou illisible : ouvrez-le dans LibreOffice, " \
           "puis enregistrez-le de nouveau au format .odt"
_NOT_ODT = "ce n'est pas un document texte OpenDocument (.odt) : vérifiez le format du fichier " \
           "et son extension"


def _count(element: ET.Element, attr: str) -> int:
    """A count attribute (``text:c``, ``table:number-columns-repeated``…): 1 when absent or
    invalid, at most ``_MAX_REPEAT``."""
    value = element.get(_q(attr), "1")
    return min(int(value), _MAX_REPEAT) if value.isdecimal() and int(value) > 0 else 1


def _anchored(element: ET.Element) -> Iterator[ET.Element]:
    """The frames and shapes anchored in a paragraph, outermost only, not those of its notes."""
    for child in element:
        if child.tag.startswith(_DRAW):
            yield child
        elif child.tag not in _UNSHOWN:
            yield from _anchored(child)


class _Reader:
    """Parts of one document, its notes collected as their marks are met in the body."""

    def __init__(self, content: ET.Element) -> None:
        self.notes: list[ET.Element] = []
        # An automatic style (P1) stands for a common one (Title) with some formatting.
        self.parents = {style.get(_q("style:name")): style.get(_q("style:parent-style-name"))
                        for style in content.iter(_q("style:style"))}

    def shown(self, element: ET.Element) -> str:
        """The text that ``element`` shows; the notes met are kept for after the body."""
        out = [element.text or ""]
        for child in element:
            if child.tag == _SPACE:
                out.append(" " * _count(child, "text:c"))
            elif child.tag in (_TAB, _BREAK):
                out.append(" ")
            elif child.tag == _NOTE:
                self.notes.append(child)
            elif child.tag not in _UNSHOWN and not child.tag.startswith(_DRAW):
                out.append(self.shown(child))
            out.append(child.tail or "")
        return "".join(out)

    def part(self, element: ET.Element, depth: int) -> Part:
        text = one_line(self.shown(element))
        if element.tag == _H:
            return "heading", min(_count(element, "text:outline-level"), 6), text
        name = element.get(_q("text:style-name"), "")
        style = _ENCODED.sub(lambda m: chr(int(m.group(1), 16)), self.parents.get(name) or name)
        heading = _HEADING.fullmatch(style)
        if heading or _TITLE.fullmatch(style):
            return "heading", int(heading.group(1)) if heading else 1, text
        return ("item", depth, text) if depth else ("paragraph", 0, text)

    def blocks(self, element: ET.Element, parts: list[Part], depth: int = 0) -> None:
        """Paragraphs, lists and tables of the body, a cell, a frame or a note, in order;
        ``depth``: how many lists hold them."""
        for child in element:
            if child.tag in (_P, _H):
                parts.append(self.part(child, depth))
                for frame in _anchored(child):  # right after the paragraph that anchors it
                    self.blocks(frame, parts)
            elif child.tag == _LIST:
                for item in child:
                    if item.tag in _ITEMS:
                        self.blocks(item, parts, depth + 1)
            elif child.tag == _NUMBERED:  # an item outside any text:list
                self.blocks(child, parts, _count(child, "text:level"))
            elif child.tag == _TABLE:
                parts += self.table(child)
            elif (child.tag == _SECTION and child.get(_q("text:display")) != "none") \
                    or (child.tag.startswith(_DRAW) and child.tag != _q("draw:image")):
                self.blocks(child, parts, depth)  # a frame anchored to the page: in place

    def table(self, table: ET.Element) -> list[Part]:
        """A table as one block, its first row the headers; a layout table as its cells'
        blocks, each cell once. A merged cell is the same cell at each position it covers."""
        cells: dict[ET.Element, list[Part]] = {}
        grid: list[list[Cell]] = []
        down: dict[int, tuple[int, Cell]] = {}  # column → (last row, cell) of a cell merged down
        for row in _rows(table):
            for _ in range(_count(row, "table:number-rows-repeated")):
                grid.append([])
                left: Cell = (None, "")
                left_until = 0  # the columns before it are covered by ``left``
                for cell in row:
                    if cell.tag == _CELL and cell not in cells:
                        cells[cell] = []
                        self.blocks(cell, cells[cell])
                    for _ in range(_count(cell, "table:number-columns-repeated")):
                        r, c = len(grid) - 1, len(grid[-1])
                        if cell.tag == _COVERED:
                            below = down.get(c, (-1, (None, "")))
                            grid[-1].append(left if c < left_until else
                                            below[1] if below[0] >= r else (None, ""))
                        elif cell.tag == _CELL:
                            texts = [text for _, _, text in cells[cell] if text]
                            left = (cell, r, c), " ".join(texts)
                            left_until = c + _count(cell, "table:number-columns-spanned")
                            for column in range(c, left_until):
                                down[column] = (r + _count(cell, "table:number-rows-spanned")
                                                - 1, left)
                            grid[-1].append(left)
        if any(lays_out(parts, next(cell.iter(_TABLE), None) is not None)
               for cell, parts in cells.items()):
            return [part for parts in cells.values() for part in parts]
        return [("paragraph", 0, table_text(grid))]

    def read_notes(self) -> list[Part]:
        """Footnotes then endnotes, each in the order of their marks."""
        parts: list[Part] = []
        notes = list(self.notes)
        for kind in ("footnote", "endnote"):
            for note in notes:
                body = note.find(_q("text:note-body"))
                if note.get(_q("text:note-class"), "footnote") == kind and body is not None:
                    self.blocks(body, parts)
        return parts


def _rows(table: ET.Element) -> Iterator[ET.Element]:
    """A table's rows in order, header rows and row groups opened."""
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROWS:
            yield from _rows(child)


def read_odt(path: Path, data: bytes) -> tuple[str, list[Block], DocMeta]:
    if not data.startswith(b"PK\x03\x04"):  # no zip at all: an old .doc, a PDF renamed
        raise fail(path, _NOT_ODT)
    try:
        with zipfile.ZipFile(BytesIO(data)) as odt:
            names = set(odt.namelist())
            if _MANIFEST in names and next(ET.fromstring(odt.read(_MANIFEST)).iter(
                    _q("manifest:encryption-data")), None) is not None:
                raise fail(path, _LOCKED)  # content.xml is ciphered bytes
            if "content.xml" not in names:  # a .docx renamed .odt
                raise fail(path, _NOT_ODT)
            content = ET.fromstring(odt.read("content.xml"))
            meta = ET.fromstring(odt.read("meta.xml")) if "meta.xml" in names else None
        body = content.find(f"{_q('office:body')}/{_q('office:text')}")
        if body is None:  # a spreadsheet or a presentation renamed .odt
            raise fail(path, _NOT_ODT)
        reader, parts = _Reader(content), list[Part]()
        reader.blocks(body, parts)
        parts += reader.read_notes()
        title = meta.find(f"{_q('office:meta')}/{_q('dc:title')}") if meta is not None else None
    except UnreadableFileError:
        raise
    except Exception as exc:  # zipfile, zlib and XML errors alike
        raise fail(path, _DAMAGED, exc) from exc
    text, blocks = assemble(parts, lines=True)  # only a table's rows are lines
    return text, blocks, DocMeta(title="".join(title.itertext()) if title is not None else "")
