"""What the reader tests share: read a real file and check its blocks, then describe them."""

from __future__ import annotations

from pathlib import Path

from indexer.readers import read_document
from indexer.types import DocMeta, Document


def assert_valid(doc: Document) -> None:
    """Every span is stripped non-empty text; blocks are sorted and do not overlap."""
    previous_end = 0
    for b in doc.blocks:
        span = doc.block_text(b)
        assert span and span == span.strip(), b
        assert b.start >= previous_end, b
        previous_end = b.end


def read(path: Path, meta: DocMeta | None = None) -> Document:
    doc = read_document(path, "doc", meta or DocMeta())
    assert_valid(doc)
    return doc


def texts(doc: Document) -> list[str]:
    return [doc.block_text(b) for b in doc.blocks]


def described(doc: Document) -> list[tuple[str, int, str, bool]]:
    return [(b.kind, b.level, doc.block_text(b), b.commitment) for b in doc.blocks]
