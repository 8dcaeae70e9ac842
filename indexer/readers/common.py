"""What every reader shares: the error, boilerplate filtering, and texts built from parts.

A reader that builds its text itself (HTML, DOCX, Markdown) collects ``Part`` tuples;
:func:`assemble` joins them with blank lines and points one block at each. A table of a DOCX
or an HTML page is one such part (:func:`table_text`), written as the Markdown reader writes
its tables: a line per row, each cell after its column's header.

>>> text, blocks = assemble([("heading", 1, " Le  Pacte "), ("paragraph", 0, "Deux axes.")])
>>> text, [(b.kind, text[b.start : b.end]) for b in blocks]
('Le Pacte\\n\\nDeux axes.', [('heading', 'Le Pacte'), ('paragraph', 'Deux axes.')])

A text file (.txt, .md) is UTF-8, UTF-16 or Windows-1252 text (:func:`decode`); bytes that
are no text at all are said so:

>>> try:
...     decode(Path("photo.txt"), b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
... except UnreadableFileError as exc:
...     print(exc.reason)
contenu binaire : ce n'est pas un fichier texte (octet nul à la position 8) ; vérifiez le \
format du fichier et son extension
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from indexer.boilerplate import cut_trailing_teasers, is_boilerplate, is_teaser_heading
from indexer.errors import UnreadableFileError
from indexer.lists import mark_commitments
from indexer.types import Block, BlockKind

# (kind, heading level, text) of a block whose text is built by the reader (html, docx, odt,
# md).
Part = tuple[BlockKind, int, str]
# A table cell at one grid position: what it is (compared with ==: a merged cell is the same
# thing at each of the positions it covers) and its text, on one line.
Cell = tuple[object, str]
MAX_CELL_PARAGRAPHS = 3  # a table cell with more lays out a page: it holds no value
# Lines of a page looked at, at its top and at its bottom (page numbers, headers): three, as
# a PDF made with reportlab gives its header, its footer and its page number first.
EDGE = 3
# Control bytes that no text holds (tab, line feed, vertical tab, form feed and carriage
# return aside); a file with one in _CONTROL_SHARE bytes or more is binary.
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SHARE = 10
# A text read in Windows-1252 has at most one letter in _WESTERN_SHARE outside ASCII.
_WESTERN_SHARE = 4


def fail(path: Path, reason: str, cause: BaseException | None = None) -> UnreadableFileError:
    """The error that skips ``path``: ``reason`` in French for the user; the library's own
    message (``cause``, often in English) is kept as its ``detail``, for the debug log only.

    >>> exc = fail(Path("casse.pdf"), "PDF endommagé", ValueError("EOF marker not found"))
    >>> str(exc), exc.detail
    ('casse.pdf : PDF endommagé', 'ValueError: EOF marker not found')
    """
    detail = f"{type(cause).__name__}: {cause}" if cause is not None else ""
    return UnreadableFileError(path.name, reason, detail)


def edge_lines(lines: Sequence[str], removable: Callable[[str], bool]) -> set[int]:
    """Indexes of a page's removable lines at its top and its bottom: from each end, up to
    ``EDGE`` non-blank lines, until one is not removable (a PDF page, a form-feed page of a
    text export).

    >>> sorted(edge_lines(["3", "", "Titre", "Texte.", "- 4 -"], str.isdigit))
    [0]
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    dropped: set[int] = set()
    for order in (filled, filled[::-1]):
        for i in order[:EDGE]:
            if not removable(lines[i]):
                break
            dropped.add(i)
    return dropped


def noise(line: str) -> bool:
    """Lines left out of plain-text structure (teaser headings stay, to cut what follows)."""
    return is_boilerplate(line) and not is_teaser_heading(line)


def finish(blocks: list[Block], text: str) -> list[Block]:
    blocks = cut_trailing_teasers(sorted(blocks, key=lambda b: b.start), text)
    blocks = [b for b in blocks if not is_boilerplate(text[b.start : b.end])]
    return mark_commitments(blocks, text)


def lays_out(cell_parts: Sequence[Part], holds_table: bool) -> bool:
    """Whether a table cell read as ``cell_parts`` lays out a page rather than holding a value:
    it holds a table, a heading or more than ``MAX_CELL_PARAGRAPHS`` paragraphs. Its table is
    then read cell by cell (DOCX, ODT).

    >>> lays_out([("paragraph", 0, "45")], False), lays_out([("heading", 2, "Accueil")], False)
    (False, True)
    """
    filled = [kind for kind, _, text in cell_parts if text]
    return holds_table or len(filled) > MAX_CELL_PARAGRAPHS or "heading" in filled


def one_line(raw: str) -> str:
    r"""Blanks and line breaks collapsed to one space, none at the ends. A run holding a
    no-break space becomes that one character, as the plain-text reader keeps it: French
    typography puts one before « : ; ! ? » and inside guillemets.

    >>> one_line(" Le  pacte\u00a0:\n«\u202f droits \u00a0» ")
    'Le pacte\xa0: «\u202fdroits\xa0»'
    """
    return _BLANKS.sub(_blank, raw).strip()


_BLANKS = re.compile(r"\s+")
_NO_BREAK = re.compile("[\u00a0\u202f]")


def _blank(run: re.Match[str]) -> str:
    kept = _NO_BREAK.search(run.group())
    return kept.group() if kept else " "


def _clean(raw: str, lines: bool) -> str:
    """Blanks collapsed to one space; with ``lines``, each line apart, blank lines dropped."""
    if not lines:
        return one_line(raw)
    return "\n".join(filter(None, map(one_line, raw.split("\n"))))


def assemble(parts: list[Part], lines: bool = False) -> tuple[str, list[Block]]:
    """Join built block texts with blank lines; blocks point at each one. A block's blanks
    become one space, its line breaks too unless ``lines`` (a reader that keeps them).

    >>> assemble([("paragraph", 0, "Lundi ;  45\\n\\n Mardi ; 60 ")], lines=True)[0]
    'Lundi ; 45\\nMardi ; 60'
    """
    pieces: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, level, raw in parts:
        clean = _clean(raw, lines)
        if clean:
            pos += 2 if pieces else 0
            blocks.append(Block(kind, pos, pos + len(clean), level=level))
            pieces.append(clean)
            pos += len(clean)
    return "\n\n".join(pieces), blocks


def table_text(grid: Sequence[Sequence[Cell]], header: bool = True) -> str:
    """A table's text as the Markdown reader writes it (``indexer.readers.markdown._table``):
    a line per row under the header row, « Header : cell » joined by « ; », empty cells and
    rows left out. A merged cell is read once in its row; a header cell merged down into the
    next row is a row label, not a header. Without ``header`` (or with an empty header row),
    or with no row under it, a row's cells are only joined by « ; ».

    >>> print(table_text([[(1, "Jour"), (2, "Places")], [(3, "Lundi"), (4, "45")],
    ...                   [(5, ""), (6, "")], [(7, "Mardi"), (7, "Mardi"), (8, "60")]]))
    Jour : Lundi ; Places : 45
    Jour : Mardi ; 60
    >>> table_text([[(1, "Maraudes"), (2, "412")]]), table_text([[(1, "a"), (2, "b")]] * 2, False)
    ('Maraudes ; 412', 'a ; b\\na ; b')
    """
    from indexer.readers.markdown import _table  # not at the top: markdown imports common

    width = max(map(len, grid), default=0)
    rows = [[text if i == 0 or key != row[i - 1][0] else ""  # merged: once in a row
             for i, (key, text) in enumerate(row)] + [""] * (width - len(row)) for row in grid]
    if header and len(grid) > 1:  # a header merged down over the first row heads nothing
        rows[0] = [h if i >= len(grid[1]) or grid[0][i][0] != grid[1][i][0] else ""
                   for i, h in enumerate(rows[0])]
    if not header:
        rows.insert(0, [""] * width)
    rows = rows[:1] + [row for row in rows[1:] if any(cell.strip() for cell in row)]
    return _table(rows) if width else ""


def compact(text: str, blocks: list[Block]) -> tuple[str, list[Block]]:
    """Rebuild a built text from the kept blocks only (no navigation left in it); the
    blocks' line breaks stay (a built block has only those its reader kept)."""
    new_text, built = assemble([(b.kind, b.level, text[b.start : b.end]) for b in blocks],
                               lines=True)
    return new_text, [replace(nb, commitment=b.commitment)
                      for nb, b in zip(built, blocks, strict=True)]


def _binary(data: bytes) -> str:
    """Why ``data`` is no text at all ("" when it may be text): a NUL byte, or one byte in
    ten or more a control character (not a tab, a line break or a form feed). A text in
    UTF-16 (its byte order mark first) is text, if not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    nul = data.find(0)
    if nul >= 0:
        return f"octet nul à la position {nul}"
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls * _CONTROL_SHARE >= len(data):
        return f"{controls} octets de contrôle sur {len(data)}"
    return ""


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a text file and the encoding it was read in, line ends as "\\n".

    UTF-8 first (a byte order mark is left out); a byte order mark of UTF-16 (Windows'
    « Unicode ») is read as such. A file that is not UTF-8 is read in Windows-1252, the
    encoding of older French Windows editors, when that gives a Western text: every byte is
    defined there and at most one letter in four is not an ASCII one (« Hébergement » is one
    in eleven; Cyrillic or Greek bytes read in it are nearly all accented letters). Binary
    content and any other text are refused, never guessed.

    >>> decode(Path("ancien.txt"), "Hébergement d’urgence\\r\\n".encode("cp1252"))
    ('Hébergement d’urgence\\n', 'cp1252')
    >>> decode(Path("bloc.txt"), "Привет, мир".encode("cp1251"))[1]
    Traceback (most recent call last):
    ...
    indexer.errors.UnreadableFileError: bloc.txt : encodage illisible : ni UTF-8 ni \
Windows-1252 (9 lettres sur 9 hors ASCII) ; réenregistrez le fichier en UTF-8
    """
    why = _binary(data)
    if why:
        raise fail(path, f"contenu binaire : ce n'est pas un fichier texte ({why}) ; vérifiez "
                         "le format du fichier et son extension")
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else "utf-8"
    try:
        text = data.decode("utf-16" if encoding == "utf-16" else "utf-8-sig")
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            raise fail(path, "encodage illisible : UTF-16 tronqué ou invalide ; réenregistrez "
                             "le fichier en UTF-8", exc) from exc
        text, encoding = _western(path, data, exc), "cp1252"
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _western(path: Path, data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """``data`` read in Windows-1252, when it reads as a Western text (see :func:`decode`)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise fail(path, f"encodage illisible : ni UTF-8 (octet invalide à la position "
                         f"{utf8_error.start}) ni Windows-1252 (octet 0x{data[exc.start]:02X} à "
                         f"la position {exc.start}) ; réenregistrez le fichier en UTF-8",
                   utf8_error) from exc
    letters = [c for c in text if c.isalpha()]
    foreign = sum(not c.isascii() for c in letters)
    if foreign * _WESTERN_SHARE > len(letters):
        raise fail(path, f"encodage illisible : ni UTF-8 ni Windows-1252 ({foreign} lettres sur "
                         f"{len(letters)} hors ASCII) ; réenregistrez le fichier en UTF-8",
                   utf8_error)
    return text
