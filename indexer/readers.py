"""Readers: a file (txt, md, html, pdf, docx) → a :class:`Document` with structural blocks.

Every reader keeps blocks exact (``text[start:end]`` is stripped, non-empty), sorted and
non-overlapping, drops boilerplate, cuts trailing "Lire aussi" teasers and flags commitments.

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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from docx.text.paragraph import Paragraph as DocxParagraph

from indexer.boilerplate import cut_trailing_teasers, is_boilerplate, is_teaser_heading
from indexer.corpus import SUPPORTED
from indexer.errors import UnreadableFileError
from indexer.structure import mark_commitments, structure_text
from indexer.types import Block, BlockKind, DocMeta, Document

# (kind, heading level, text) of a block whose text is built by the reader (html, docx).
Part = tuple[BlockKind, int, str]
# Typographic ligatures that PDF text extraction leaves in words ("déﬁ").
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

# File metadata titles that say nothing: "untitled", "Microsoft Word - note.doc", "Document1".
_JUNK_TITLE = re.compile(
    r"untitled|sans titre|document\s*\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|odt)",
    re.IGNORECASE)


def _fail(path: Path, reason: str) -> UnreadableFileError:
    return UnreadableFileError(f"{path.name} : {reason}")


def _noise(line: str) -> bool:
    """Lines left out of plain-text structure (teaser headings stay, to cut what follows)."""
    return is_boilerplate(line) and not is_teaser_heading(line)


def _finish(blocks: list[Block], text: str) -> list[Block]:
    blocks = cut_trailing_teasers(sorted(blocks, key=lambda b: b.start), text)
    blocks = [b for b in blocks if not is_boilerplate(text[b.start : b.end])]
    return mark_commitments(blocks, text)


def _assemble(parts: list[Part]) -> tuple[str, list[Block]]:
    """Join built block texts with blank lines; blocks point at each one."""
    pieces: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, level, raw in parts:
        clean = " ".join(raw.split())
        if clean:
            pos += 2 if pieces else 0
            blocks.append(Block(kind, pos, pos + len(clean), level=level))
            pieces.append(clean)
            pos += len(clean)
    return "\n\n".join(pieces), blocks


def _compact(text: str, blocks: list[Block]) -> tuple[str, list[Block]]:
    """Rebuild a built text from the kept blocks only (no navigation left in it)."""
    new_text, built = _assemble([(b.kind, b.level, text[b.start : b.end]) for b in blocks])
    return new_text, [replace(nb, commitment=b.commitment)
                      for nb, b in zip(built, blocks, strict=True)]


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"encodage illisible : le fichier n'est pas en UTF-8 (octet invalide "
                          f"à la position {exc.start}) ; réenregistrez-le en UTF-8") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    text = _decode(path, data)
    return text, structure_text(text, ignore=_noise), ""


# Quote and list markers before a Markdown block's text; the ATX "#" of a heading.
_MD_PREFIX = re.compile(r"(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
_MD_HASHES = re.compile(r"#{1,6}(?=[ \t]|$)")
_MD_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


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


def _read_md(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    from markdown_it import MarkdownIt

    text = _decode(path, data)
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
    for tok in MarkdownIt("commonmark").enable("table").parse(text):
        if tok.type in ("list_item_open", "list_item_close"):
            items += 1 if tok.type == "list_item_open" else -1
        elif tok.type in ("table_open", "table_close"):
            in_table = tok.type == "table_open"
        elif tok.type == "tr_open" and tok.map:
            add(tok.map, "paragraph", 0, row=True)  # one paragraph per table row
        elif tok.type == "heading_open":
            pending = ("heading", int(tok.tag[1]))
        elif tok.type == "paragraph_open":
            pending = ("item" if items else "paragraph", 0)
        elif tok.type == "inline" and pending and tok.map and not in_table:
            add(tok.map, *pending)
            pending = None
    return text, blocks, ""


_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button"]
_CHROME_TAGS = {"nav", "aside", "footer"}
_CHROME = re.compile(r"breadcrumb|menu|share|related|sidebar|cookie|footer", re.IGNORECASE)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "header", "hgroup", "html", "main", "ol", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_BLOCK_TAGS = _CONTAINERS | _HEADINGS | {"p", "li"}


def _html_drop_chrome(root: Tag) -> None:
    """Remove navigation, sharing and related-content elements, keeping the main content:
    never <main>, <article> or their ancestors, and never, on a class, id, role or <form>
    alone, an element that holds half the text of the page (ASP.NET pages wrap everything
    in a form; some themes mark the content div "has-share-buttons")."""
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    keep = {id(a) for m in root.find_all(["main", "article"]) for a in [m, *m.parents]}
    half = len(root.get_text()) / 2
    stack: list[tuple[Tag, bool]] = [(root, root.name in ("main", "article"))]
    while stack:  # depth first, not descending into removed elements
        parent, in_content = stack.pop()
        for tag in [c for c in parent.children if isinstance(c, Tag)]:
            marks = " ".join([*tag.get_attribute_list("class"), str(tag.get("id", ""))])
            marked = tag.name == "form" or bool(_CHROME.search(marks)) \
                or tag.get("role") in _CHROME_ROLES
            chrome = tag.name in _CHROME_TAGS or (tag.name == "header" and not in_content) \
                or (marked and len(tag.get_text()) < half)
            if chrome and id(tag) not in keep:
                tag.decompose()
            else:
                stack.append((tag, in_content or tag.name in ("main", "article")))


def _html_text(el: Tag) -> str:
    """Text of an element as read: inline tags glued, <br> and block tags as spaces."""
    out: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            out.append(str(node))
        elif isinstance(node, Tag) and (node.name == "br" or node.name in _BLOCK_TAGS):
            out.append(" ")
    return "".join(out)


def _html_parts(el: Tag, kind: BlockKind, parts: list[Part]) -> None:
    """Walk an element in document order: h1-h6 → headings, p → paragraphs, li → items;
    loose inline text in a container becomes a block of the container's kind."""
    loose: list[str] = []

    def flush() -> None:
        if "".join(loose).strip():
            parts.append((kind, 0, "".join(loose)))
        loose.clear()

    for child in el.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, doctype…
                loose.append(str(child))
        elif not isinstance(child, Tag):
            continue
        elif child.name in _HEADINGS:
            flush()
            parts.append(("heading", int(child.name[1]), _html_text(child)))
        elif child.name == "br":
            loose.append(" ")
        elif child.name in ("p", "li") or child.name in _CONTAINERS \
                or child.find(["p", "li", "div", *_HEADINGS]):
            flush()
            sub_kind: BlockKind = "item" if child.name == "li" else kind
            if child.name == "p" and not child.find(["p", "li", "div", *_HEADINGS]):
                parts.append((sub_kind, 0, _html_text(child)))
            else:
                _html_parts(child, sub_kind, parts)
        else:
            loose.append(_html_text(child))
    flush()


def _read_html(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    soup = BeautifulSoup(data, "lxml")
    title = soup.title.get_text() if soup.title else ""
    root = soup.find("main") or soup.find("article") or soup.find(True, role="main") \
        or soup.body or soup
    if not isinstance(root, Tag):
        return "", [], title
    _html_drop_chrome(root)
    parts: list[Part] = []
    _html_parts(root, "paragraph", parts)
    text, blocks = _assemble(parts)
    return text, blocks, title


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


def _read_docx(path: Path, data: bytes) -> tuple[str, list[Block], str]:
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
        raise _fail(path, f"fichier Word (.docx) corrompu ou illisible ({exc})") from exc
    text, blocks = _assemble(parts)
    return text, blocks, title


def _read_pdf(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password still opens
            raise _fail(path, "PDF chiffré (protégé par un mot de passe) : enregistrez-en une "
                              "copie non protégée pour l'indexer")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title or "") if reader.metadata else ""
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _fail(path, f"PDF chiffré, impossible à ouvrir ({exc})") from exc
        raise _fail(path, f"PDF corrompu ou illisible ({exc})") from exc
    if not pages:
        raise _fail(path, "PDF corrompu ou illisible (aucune page)")
    pages = [unicodedata.normalize("NFC", p.translate(_LIGATURES)).replace("\r\n", "\n")
             .replace("\r", "\n") for p in pages]
    text = "\n\n".join(pages)
    page_starts = [0]
    for page_text in pages[:-1]:
        page_starts.append(page_starts[-1] + len(page_text) + 2)
    blocks = [replace(b, page=bisect_right(page_starts, b.start))
              for b in structure_text(text, ignore=_noise)]
    return text, blocks, str(title)


_READERS: dict[str, Callable[[Path, bytes], tuple[str, list[Block], str]]] = {
    ".txt": _read_txt, ".md": _read_md, ".html": _read_html, ".htm": _read_html,
    ".pdf": _read_pdf, ".docx": _read_docx,
}
_SYNTHETIC = {".html", ".htm", ".docx"}  # formats whose text the reader builds


def read_document(path: Path, doc_id: str, meta: DocMeta) -> Document:
    """Read one file; raise UnreadableFileError (in French, file name first) when it cannot
    be read. ``meta`` is copied, with ``source``, ``format`` and a missing title filled in."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        accepted = ", ".join(sorted(SUPPORTED))
        raise _fail(path, f"format non pris en charge ({suffix or 'sans extension'}) ; "
                          f"formats acceptés : {accepted}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"lecture impossible ({exc.strerror or exc})") from exc
    if not data.strip():
        raise _fail(path, "fichier vide")
    text, blocks, found_title = reader(path, data)
    blocks = _finish(blocks, text)
    if suffix in _SYNTHETIC:
        text, blocks = _compact(text, blocks)
    if not blocks:
        hint = " (PDF scanné sans couche texte ?)" if suffix == ".pdf" else ""
        raise _fail(path, f"aucun texte exploitable après extraction{hint}")
    found_title = "" if _JUNK_TITLE.fullmatch(found_title.strip()) else found_title
    title = meta.title or " ".join(found_title.split()) or next(
        (text[b.start : b.end] for b in blocks if b.kind == "heading"), "")
    fmt = "html" if suffix == ".htm" else suffix[1:]
    return Document(doc_id=doc_id, text=text, blocks=blocks,
                    meta=replace(meta, title=title, source=str(path), format=fmt))
