"""Plain text and Markdown readers (Markdown through markdown-it's CommonMark parser).

>>> text, blocks, _ = read_md(Path("n.md"), "# Titre\\n\\n- un ;\\n- deux.\\n".encode())
>>> [(b.kind, text[b.start : b.end]) for b in blocks]
[('heading', 'Titre'), ('item', 'un ;'), ('item', 'deux.')]
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.readers.common import decode, noise
from indexer.structure import structure_text
from indexer.types import Block, BlockKind


def read_txt(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    text = decode(path, data)
    return text, structure_text(text, ignore=noise), ""


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


def read_md(path: Path, data: bytes) -> tuple[str, list[Block], str]:
    from markdown_it import MarkdownIt

    text = decode(path, data)
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
