"""PDF reader (pypdf): page numbers kept on blocks, running headers and footers dropped.

A line repeated at the top or bottom of most pages (digits aside, when they stay the same or
follow the page number) is a running header or footer; a page number line at the edge of a
page is dropped too. A word that a line or page break hyphenated is whole again, before the
pages' offsets are taken (:func:`join_hyphenated`). A paragraph cut by a page break is read
as one block that records where the next page starts (``Block.page_breaks``), so each passage
is cited on its own page. The line breaks that the page's width made inside a block are read
as spaces (:func:`indexer.structure.unwrap`), so a quote reads as one sentence; a line that
ended early keeps its break. A page that starts after a finished one (its last sentence
ended) may start with a heading as wide as its text (see :func:`indexer.headings.split_run`):
each page's own title heads it. A heading in a larger font (or in bold) that wrapped over
lines is one line (:func:`indexer.readers.pdf_lines.heading_lines`). A page without text (a
scanned page, no text layer) is read by OCR when the reader is given an
:class:`indexer.readers.ocr.Ocr` (:func:`scanned_pages`); it keeps its page number.

>>> pages = [["Rapport 2023", "Le centre est ouvert.", "Il accueille", "- 1 -"],
...          ["Rapport 2023", "quarante personnes.", "- 2 -"], ["Rapport 2023", "Fin.", "- 3 -"]]
>>> text, starts = join_pages(drop_running_lines(pages))
>>> text
'Le centre est ouvert.\\nIl accueille\\nquarante personnes.\\n\\nFin.'
>>> starts
[0, 35, 56]
>>> page_tops(drop_running_lines(pages), starts)  # page 2 goes on with page 1's sentence
[0, 56]
"""

from __future__ import annotations

import logging
import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.boilerplate import is_page_number
from indexer.errors import UnreadableFileError
from indexer.headings import COMPOUND, SECTION_NUMBER, ends_sentence, heading_level, join_cut
from indexer.lists import MARKER
from indexer.readers.common import EDGE, edge_lines, fail, noise
from indexer.readers.pdf_lines import Look, heading_lines, page_lines
from indexer.structure import structure_text, unwrap
from indexer.types import Block, DocMeta

if TYPE_CHECKING:
    from indexer.readers.ocr import Ocr

_LOCKED = "PDF chiffré (protégé par un mot de passe) : enregistrez-en une copie non protégée " \
          "pour l'indexer"
# Why a PDF is skipped, in words its reader knows (pypdf's message goes to the debug log).
_CIPHER = "PDF chiffré d'une façon qui empêche de l'ouvrir : enregistrez-en une copie non " \
          "protégée pour l'indexer"
_AES = "PDF chiffré (AES) : le paquet « cryptography » manque pour l'ouvrir (pip install " \
       "'pypdf[crypto]') ; ou enregistrez-en une copie non protégée pour l'indexer"
_DAMAGED = "PDF endommagé ou incomplet : il ne peut pas être lu ; ouvrez-le pour vérifier, " \
           "puis enregistrez-en une nouvelle copie ou demandez à nouveau le fichier"
_NO_PAGE = "PDF sans aucune page : le fichier est sans doute endommagé ou incomplet"
MIN_PAGES = 3  # fewer pages say nothing about what repeats
_DIGITS = re.compile(r"\d+")
_FINAL = tuple(".!?…:;")
_LONE_MARKER = re.compile(MARKER)  # a list marker alone on its line
_PAGE_WORD = re.compile(r"\bpages?\b|\bp\.|/|\bsur\b|^\W*\d+\W*$", re.IGNORECASE)
log = logging.getLogger("pacte.readers")


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last EDGE non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted({*filled[:EDGE], *filled[-EDGE:]})


def _follows_pages(found: dict[int, str]) -> bool:
    """The numbers of a repeated line are the same on every page, or move with the page in
    a line that says so ("Rapport 2023 - page 3", "3 / 12"); not numbered headings that
    happen to top each page ("Engagement 3" on page 3)."""
    numbers = [(n, [int(d) for d in _DIGITS.findall(line)]) for n, line in found.items()]
    paged = all(_PAGE_WORD.search(line) for line in found.values())
    for column in zip(*(values for _, values in numbers), strict=True):
        if len(set(column)) == 1:
            continue
        moving = {value - n for value, (n, _) in zip(column, numbers, strict=True)}
        if len(moving) > 1 or not paged:
            return False
    return True


def _running_keys(pages: list[list[str]]) -> set[str]:
    """Keys of the lines found at the edges of most pages (of a document of MIN_PAGES+)."""
    if len(pages) < MIN_PAGES:
        return set()
    seen: dict[str, dict[int, str]] = {}
    for n, lines in enumerate(pages):
        for i in _edges(lines):
            seen.setdefault(_key(lines[i]), {}).setdefault(n, lines[i])
    return {key for key, found in seen.items()
            if 2 * len(found) > len(pages) and _follows_pages(found)}


def _peel(lines: list[str], removable: Callable[[str], bool]) -> list[str]:
    """Remove removable lines from the top and the bottom of a page, EDGE at most each."""
    dropped = edge_lines(lines, removable)
    kept = [line for i, line in enumerate(lines) if i not in dropped]
    while kept and not kept[-1].strip():
        kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    return kept


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages (as lines) without their running headers, footers and page numbers."""
    running = _running_keys(pages)
    return [_peel(lines, lambda line: is_page_number(line) or _key(line) in running)
            for lines in pages]


def _continues(before: list[str], after: list[str]) -> bool:
    """A page ends mid-sentence and the next one starts in lowercase."""
    return bool(before and after) and not before[-1].rstrip().endswith(_FINAL) \
        and after[0].lstrip()[:1].islower()


def join_hyphenated(pages: list[list[str]]) -> list[list[str]]:
    """Pages (as lines) where a word hyphenated at the end of a line is whole at its end
    (:func:`indexer.headings.join_cut`: « celle-ci » keeps its hyphen, and so does a word
    the document writes with one elsewhere), a line left empty
    gone; at the end of a page too, when the next page still starts in lowercase then (it
    goes on with the paragraph).

    >>> join_hyphenated([["L'accompagne-", "ment de celle-", "ci. Est-il re-", "logé ?"],
    ...                  ["Fin de l'accompa-"], ["gnement vu."]])
    [["L'accompagnement", 'de celle-ci.', 'Est-il relogé ?'], ["Fin de l'accompagnement"], ['vu.']]
    """
    known = {w.lower() for lines in pages for line in lines for w in COMPOUND.findall(line)}
    out: list[list[str]] = [[] for _ in pages]
    last: list[str] = []  # the lines of the page holding the last line kept
    for n, lines in enumerate(pages):
        for line in lines:
            joined = join_cut(last[-1], line, known) if last else None
            if joined and (last is out[n] or joined[1].lstrip()[:1].islower()):
                last[-1], line = joined
                if not line.strip():
                    continue
            out[n].append(line)
            last = out[n]
    return out


def join_markers(pages: list[list[str]]) -> list[list[str]]:
    """Pages (as lines) where a list marker alone on its line starts the next line again:
    pypdf breaks the line when the bullet sits on another baseline than its text, as
    reportlab and word processors set it, and the item would start with « •\n ».

    >>> join_markers([["Trois axes :", "•", "Prévenir ;", " 2)", "Agir.", "•"]])
    [['Trois axes :', '• Prévenir ;', '2) Agir.', '•']]
    """
    out: list[list[str]] = []
    for lines in pages:
        kept: list[str] = []
        for line in lines:
            if kept and _LONE_MARKER.fullmatch(kept[-1].strip()) and line.strip():
                kept[-1] = f"{kept[-1].strip()} {line.strip()}"
            else:
                kept.append(line)
        out.append(kept)
    return out


def join_pages(pages: list[list[str]]) -> tuple[str, list[int]]:
    """The document text (pages apart by a blank line, or by a line break when a paragraph
    goes on over the page break) and the offset where each page starts."""
    text, starts = "", []
    for n, lines in enumerate(pages):
        if n:
            text += "\n" if _continues(pages[n - 1], lines) else "\n\n"
        starts.append(len(text))
        text += "\n".join(lines)
    return text, starts


def page_tops(pages: list[list[str]], starts: list[int]) -> list[int]:
    """Where the first line of each page starts, for the first page and the pages after one
    whose last line ends a sentence (or that is empty): a line at the top of the others may
    go on with the sentence cut by the page break ("Ville de Paris …")."""
    tops = []
    for n, lines in enumerate(pages):
        before = pages[n - 1] if n else []
        if lines and (not before or ends_sentence(before[-1])):
            tops.append(starts[n] + len(lines[0]) - len(lines[0].lstrip()))
    return tops


class _Relay(logging.Handler):
    """pypdf's log records about one file, passed on to the debug log."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.file = name

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s : pypdf : %s", self.file, record.getMessage())


@contextmanager
def quiet_pypdf(name: str) -> Iterator[None]:
    """While pypdf reads file ``name``, what it says on its own (in English: « EOF marker
    not found », as log records or Python warnings) goes to the debug log of
    ``pacte.readers``, not to the terminal, where the reason in French is what the user reads.

    >>> import logging
    >>> with quiet_pypdf("casse.pdf"):
    ...     logging.getLogger("pypdf._reader").warning("EOF marker not found")
    >>> logging.getLogger("pypdf").propagate
    True
    """
    def relay_warning(message: Warning | str, *_: object, **__: object) -> None:
        log.debug("%s : pypdf : %s", name, message)

    logger = logging.getLogger("pypdf")
    relay, propagate = _Relay(name), logger.propagate
    logger.addHandler(relay)
    logger.propagate = False
    try:
        with warnings.catch_warnings():  # puts warnings.showwarning back on leaving
            warnings.simplefilter("always")
            warnings.showwarning = relay_warning
            yield
    finally:
        logger.removeHandler(relay)
        logger.propagate = propagate


def _extract(path: Path, data: bytes) -> tuple[list[tuple[list[str], list[Look]]], str]:
    """The lines of each page with their looks, and the title of a PDF. The reason it cannot
    be read is said in French; pypdf's own message, in English, goes to the debug log only
    (``fail``)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = None
    try:
        with quiet_pypdf(path.name):
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens
                raise fail(path, _LOCKED)
            pages = [page_lines(page) for page in reader.pages]
            title = (reader.metadata.title or "") if reader.metadata else ""
    except UnreadableFileError:
        raise
    except DependencyError as exc:  # AES without the cryptography package
        raise fail(path, _AES, exc) from exc
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        if (reader is not None and reader.is_encrypted) or "crypt" in str(exc).lower():
            raise fail(path, _CIPHER, exc) from exc
        raise fail(path, _DAMAGED, exc) from exc
    if not pages:
        raise fail(path, _NO_PAGE)
    return pages, str(title)


def read_pdf(path: Path, data: bytes, ocr: Ocr | None = None
             ) -> tuple[str, list[Block], DocMeta]:
    """Text, blocks and title of a PDF; with ``ocr``, its pages without text read by OCR
    (their numbers in ``DocMeta.ocr_pages``)."""
    read, title = _extract(path, data)
    pages, long = heading_lines([lines for lines, _ in read], [looks for _, looks in read])
    pages, scanned = scanned_pages(path, data, pages, ocr)
    pages = join_hyphenated(join_markers(drop_running_lines(pages)))
    text, starts = join_pages(pages)
    tops = set(page_tops(pages, starts))
    blocks = [replace(b, page=bisect_right(starts, b.start),
                      page_breaks=tuple(starts[bisect_right(starts, b.start):
                                               bisect_left(starts, b.end)]))
              for b in long_headings(text, structure_text(text, ignore=noise, tops=tops),
                                     long)]
    return unwrap(text, blocks), blocks, DocMeta(title=title, ocr_pages=scanned)


def scanned_pages(path: Path, data: bytes, pages: list[list[str]], ocr: Ocr | None
                  ) -> tuple[list[list[str]], tuple[int, ...]]:
    """``pages`` (as lines) where each page without text (a scanned page: no text layer)
    has the lines that ``ocr`` read on it, and the numbers (1-based) of the pages it read
    text on. They come after :func:`heading_lines`: OCR tells no font, and lines of
    unknown looks would count in the body text's style; OCR lines are read as plain text.

    >>> scanned_pages(Path("note.pdf"), b"", [["Texte."], [""]], None)
    ([['Texte.'], ['']], ())
    """
    blank = [n for n, lines in enumerate(pages) if not any(line.strip() for line in lines)]
    if ocr is None or not blank:
        return pages, ()
    if not ocr.ready:  # a PDF with no text at all is skipped with the same advice
        if len(blank) < len(pages):
            ocr.unread(path, blank)
        return pages, ()
    found = ocr.read(path, data, blank)
    return ([found.get(n) or lines for n, lines in enumerate(pages)],
            tuple(n + 1 for n in sorted(found) if found[n]))


def long_headings(text: str, blocks: list[Block], long: set[str]) -> list[Block]:
    """``blocks`` where a paragraph that is one of the ``long`` headings (set in a larger
    font, too long to look like one in plain text) is a heading: the title when it comes
    first without a section number.

    >>> text = "Plan hivernal de mise à l'abri\\nIl ouvre."
    >>> [(b.kind, b.level) for b in long_headings(text, [Block("paragraph", 0, 30),
    ...  Block("paragraph", 31, 40)], {"Plan hivernal de mise à l'abri"})]
    [('heading', 1), ('paragraph', 0)]
    """
    out = []
    for i, b in enumerate(blocks):
        line = " ".join(text[b.start:b.end].split())
        if b.kind == "paragraph" and line in long and i + 1 < len(blocks):
            first = i == 0 and not SECTION_NUMBER.match(line)
            b = replace(b, kind="heading", level=1 if first else heading_level(line))
        out.append(b)
    return out
