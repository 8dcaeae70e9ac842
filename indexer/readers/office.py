"""DOCX reader (python-docx): heading and list styles, a table as one block.

A paragraph's text is what Word shows: runs, including those of tracked insertions not yet
accepted, links, simple fields (a date) and content controls; never tracked deletions.
Content controls around whole paragraphs or tables (a cover page) are read too. A text box
comes right after the paragraph it is anchored in; footnotes then endnotes come after the body,
as plain paragraphs (their marks in the body show nothing). A table is one block, a line per
row under its first, each cell after its column's header (« Jour : Lundi ; Places : 45 »),
as the Markdown reader writes a table (:func:`indexer.readers.common.table_text`); a layout
table (a cell holding a table, a heading or more than ``MAX_CELL_PARAGRAPHS`` paragraphs)
is read cell by cell, each cell's paragraphs as blocks. A first paragraph typed as a title
(all bold and large: see ``TITLE_PT``) is a heading, as one in the Title style is.

>>> import docx, tempfile
>>> path = Path(tempfile.mkdtemp()) / "note.docx"
>>> d = docx.Document(); _ = d.add_heading("Le Pacte", 1); _ = d.add_paragraph("Deux axes.")
>>> d.save(str(path))
>>> text, blocks, _ = read_docx(path, path.read_bytes())
>>> [(b.kind, b.level, text[b.start : b.end]) for b in blocks]
[('heading', 1, 'Le Pacte'), ('paragraph', 0, 'Deux axes.')]
>>> table = d.add_table(rows=2, cols=2)
>>> cells = [cell for row in table.rows for cell in row.cells]
>>> for cell, value in zip(cells, ["Jour", "Places", "Lundi", "45"], strict=True):
...     cell.text = value
>>> d.save(str(path))
>>> read_docx(path, path.read_bytes())[0]
'Le Pacte\\n\\nDeux axes.\\n\\nJour : Lundi ; Places : 45'
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

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

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document as DocxDocument

_DOCX_HEADING = re.compile(r"(?:heading|titre)\s*([1-6])", re.IGNORECASE)
_DOCX_TITLE = re.compile(r"title|titre", re.IGNORECASE)
_DOCX_LIST = re.compile(r"list|liste", re.IGNORECASE)
# Elements whose runs are shown: tracked insertions and moves, links, simple fields, smart
# tags, content controls, custom XML. Deletions (w:del, w:moveFrom) are not among them.
_SHOWN = {qn(f"w:{tag}") for tag in ("ins", "moveTo", "hyperlink", "fldSimple", "smartTag",
                                      "sdt", "sdtContent", "customXml", "dir", "bdo")}
# Block-level wrappers around paragraphs and tables: content controls and custom XML.
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
_PR, _PLACEHOLDER = qn("w:sdtPr"), qn("w:showingPlcHdr")
_TEXT_BOX = qn("w:txbxContent")
# Never searched for text boxes: deletions, and mc:Fallback, the VML copy of the mc:Choice
# shape that Word writes for older readers (the same text box a second time).
_HIDDEN = {qn("w:del"), qn("w:moveFrom"),
           "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
# A first paragraph shown as a title: all bold, TITLE_PT points at least or TITLE_RATIO times
# the body text's size, TITLE_CHARS characters at most.
TITLE_PT, TITLE_RATIO, TITLE_CHARS = 16.0, 1.25, 200
# Notes are only the "normal" ones (no w:type or "normal"): not the separator lines and the
# "continued" notice that Word puts in the same part.
_NOTES = ((RT.FOOTNOTES, qn("w:footnote")), (RT.ENDNOTES, qn("w:endnote")))


def _placeholder(element: Any) -> bool:
    """A content control still showing its template's prompt ("Cliquez ou appuyez ici…")."""
    return element.tag == qn("w:sdt") and element.find(f"{_PR}/{_PLACEHOLDER}") is not None


def _shown_text(element: Any) -> str:
    """The visible text of a paragraph (or of an element inside one), in document order;
    a run's tabs and line breaks as python-docx gives them."""
    if isinstance(element, CT_R):
        return element.text
    return "".join(_shown_text(child) for child in element if (child.tag in _SHOWN
                   and not _placeholder(child)) or isinstance(child, CT_R))


def _text_boxes(element: Any) -> Iterator[Any]:
    """The text boxes (``w:txbxContent``) anchored in a paragraph, each once: the fallback
    copy of a shape and deleted runs are skipped; a box inside a box is left to the outer one."""
    for child in element:
        if child.tag == _TEXT_BOX:
            yield child
        elif child.tag not in _HIDDEN and not _placeholder(child):
            yield from _text_boxes(child)


def _docx_part(paragraph: DocxParagraph) -> Part:
    text = one_line(_shown_text(paragraph._p))  # a line break, a tab: a space
    style = paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""
    heading = _DOCX_HEADING.fullmatch(style)
    if heading or _DOCX_TITLE.fullmatch(style):
        return "heading", int(heading.group(1)) if heading else 1, text
    p_pr = paragraph._p.pPr
    numbered: Any = p_pr.numPr if p_pr is not None else None
    if _DOCX_LIST.match(style) or numbered is not None:
        if numbered is not None and numbered.ilvl is not None:  # 0-based numbering level
            return "item", int(numbered.ilvl.val) + 1, text
        depth = re.search(r"(\d)\s*$", style)  # "List Bullet 2"
        return "item", int(depth.group(1)) if depth else 1, text
    return "paragraph", 0, text


def _docx_parts(parent: Any, element: Any, parts: list[Part]) -> None:
    """Paragraphs and tables of a document body or a table cell (``parent``, its XML
    ``element``), in order, content controls opened, nested tables included."""
    for child in element:
        if child.tag in _WRAPPERS:
            if not _placeholder(child):
                _docx_parts(parent, child, parts)
        elif child.tag == qn("w:p"):
            parts.append(_docx_part(DocxParagraph(child, parent)))
            # A text box floats near the paragraph that anchors it: its paragraphs are read
            # right after that one, so that they stay in the section they illustrate.
            for box in _text_boxes(child):
                _docx_parts(parent, box, parts)
        elif child.tag == qn("w:tbl"):
            parts += _docx_table(DocxTable(child, parent))


def _docx_table(table: DocxTable) -> list[Part]:
    """A table as one block (see :func:`indexer.readers.common.table_text`), its first row
    the headers, a cell's paragraphs joined by a space; a layout table
    (:func:`indexer.readers.common.lays_out`) as its cells' blocks, each cell once (a merged
    cell comes back at every grid position it covers)."""
    # Keyed by the cells' XML elements themselves, kept alive here: the id() of a proxy
    # that was garbage-collected is reused, so remembering ids lost rows.
    cells: dict[Any, list[Part]] = {}
    grid: list[list[Cell]] = []
    for row in table.rows:
        grid.append([(None, "")] * row.grid_cols_before)  # a row starting after column 1
        for cell in row.cells:
            if cell._tc not in cells:
                cells[cell._tc] = []
                _docx_parts(cell, cell._tc, cells[cell._tc])
            texts = [text for _, _, text in cells[cell._tc] if text]
            grid[-1].append((cell._tc, " ".join(texts)))
    if any(lays_out(cell_parts, next(tc.iter(qn("w:tbl")), None) is not None)
           for tc, cell_parts in cells.items()):
        return [part for cell_parts in cells.values() for part in cell_parts]
    return [("paragraph", 0, table_text(grid))]


def _notes(document: DocxDocument) -> list[Part]:
    """Footnotes then endnotes, each part in its own order, read like the body (its styles)."""
    parts: list[Part] = []
    for reltype, tag in _NOTES:
        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                for note in parse_xml(rel.target_part.blob).iterchildren(tag):
                    if note.get(qn("w:type"), "normal") == "normal":
                        _docx_parts(document._body, note, parts)
    return parts


def _font(run: Any, styles: tuple[Any, ...], attr: str) -> Any:
    """A font ``attr`` (``bold``, ``size``) as shown: the run's own (``run`` may be ``None``),
    else the first set by ``styles`` or their base styles; ``None``: the document's default."""
    value = getattr(run.font, attr) if run is not None else None
    for style in styles:
        while value is None and style is not None:
            value, style = getattr(style.font, attr), style.base_style
    return value


def _shown_title(document: DocxDocument) -> str:
    """The text of the body's first paragraph when it is shown as a title (see ``TITLE_PT``),
    typed in bold and large rather than in the Title style; "" otherwise."""
    first = next((p for p in document.paragraphs if _shown_text(p._p).strip()), None)
    runs = [r for r in first.runs if r.text.strip()] if first is not None else []
    if first is None or not runs or not all(_font(r, (r.style, first.style), "bold") for r in runs):
        return ""
    sz = document.styles.element.find(f".//{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    default = int(sz.get(qn("w:val"))) / 2 if sz is not None else 10.0  # Word's when unset
    body = _font(None, (document.styles.default(WD_STYLE_TYPE.PARAGRAPH),), "size")
    pt = min(getattr(_font(r, (r.style, first.style), "size"), "pt", default) for r in runs)
    large = pt >= TITLE_PT or pt >= TITLE_RATIO * (body.pt if body else default)
    text = one_line(_shown_text(first._p))
    return text if large and len(text) <= TITLE_CHARS else ""


def read_docx(path: Path, data: bytes) -> tuple[str, list[Block], DocMeta]:
    import docx

    try:
        document = docx.Document(BytesIO(data))
        parts: list[Part] = []
        _docx_parts(document._body, document.element.body, parts)
        parts += _notes(document)
        title = document.core_properties.title or ""
        first = next((i for i, (_, _, text) in enumerate(parts) if text), None)
        if first is not None and parts[first] == ("paragraph", 0, _shown_title(document)):
            parts[first] = ("heading", 1, parts[first][2])  # a title typed by hand
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise fail(path, "fichier Word (.docx) endommagé ou illisible : ouvrez-le dans Word, "
                         "puis enregistrez-le de nouveau au format .docx", exc) from exc
    text, blocks = assemble(parts, lines=True)  # only a table's rows are lines
    return text, blocks, DocMeta(title=title)
