"""Plain data types shared by every pipeline stage.

A reader turns a file into a :class:`Document` (its text plus structural
:class:`Block` spans, boilerplate already left out). The chunker turns a document
into :class:`Chunk` records whose ``text`` is always ``document.text[start:end]``.

>>> doc = Document(doc_id="d", text="Titre\\n\\nUne phrase.", blocks=[
...     Block("heading", 0, 5, level=1), Block("paragraph", 7, 18)])
>>> doc.block_text(doc.blocks[1])
'Une phrase.'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item"]
ChunkKind = Literal["text", "commitment"]


def page_at(page: int | None, breaks: Sequence[int], offset: int) -> int | None:
    """The page of the text at ``offset`` in a span that starts on ``page`` and goes on to
    a new page at each of ``breaks`` (PDF; ``None`` when the format has no pages).

    >>> page_at(3, [120, 480], 200)
    4
    """
    return None if page is None else page + sum(1 for b in breaks if b <= offset)


@dataclass(frozen=True)
class Block:
    """A structural span of a document: a heading, a paragraph or a list item."""

    kind: BlockKind
    start: int  # character offsets into Document.text
    end: int
    level: int = 0  # heading level 1..6; list depth of an item (1 = top, 0 unknown); else 0
    page: int | None = None  # 1-based page number (PDF), when known: where the block starts
    commitment: bool = False  # list item of a list of pillars / commitments
    page_breaks: tuple[int, ...] = ()  # where a new page starts inside the block (text offsets)

    def page_at(self, offset: int) -> int | None:
        """The page of the text at ``offset``, inside a block that goes on over pages."""
        return page_at(self.page, self.page_breaks, offset)


@dataclass
class DocMeta:
    """Document metadata, from corpus/corpus.toml or guessed from the file."""

    title: str = ""
    publisher: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) when known
    url: str = ""
    edition: str = ""  # "2015-2020" | "acte2-2021-2026" | "" (unknown)
    language: str = "fr"
    source: str = ""  # path of the file it came from
    format: str = ""  # txt | md | html | pdf | docx | odt
    encoding: str = ""  # of a text file (txt, md): utf-8 | utf-16 | cp1252
    ocr_pages: tuple[int, ...] = ()  # of a PDF: the pages (1-based) read by OCR

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    doc_id: str
    text: str
    blocks: list[Block]
    meta: DocMeta = field(default_factory=DocMeta)

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


@dataclass
class Chunk:
    """A retrievable unit. Invariant: ``text == document.text[start:end]``."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: str = ""  # heading path, " > "-joined
    kind: ChunkKind = "text"
    page: int | None = None  # where the chunk starts
    context: str = ""  # commitment item: the sentence that introduces its list
    page_breaks: list[int] = field(default_factory=list)  # new pages inside it (text offsets)
    # its sentences, as [start, end] offsets into ``text`` (the chunker's spaCy spans)
    sentences: list[list[int]] = field(default_factory=list)


    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def subsection(section: str, heading: str) -> str:
    """The section path of what ``heading`` heads, inside ``section``.

    >>> subsection("Le pacte", "Les  piliers"), subsection("", "Le pacte")
    ('Le pacte > Les piliers', 'Le pacte')
    """
    return " > ".join(x for x in (section, " ".join(heading.split())) if x)
