"""What every reader shares: the error, boilerplate filtering, and texts built from parts.

A reader that builds its text itself (HTML, DOCX) collects ``Part`` tuples; :func:`assemble`
joins them with blank lines and points one block at each.

>>> text, blocks = assemble([("heading", 1, " Le  Pacte "), ("paragraph", 0, "Deux axes.")])
>>> text, [(b.kind, text[b.start : b.end]) for b in blocks]
('Le Pacte\\n\\nDeux axes.', [('heading', 'Le Pacte'), ('paragraph', 'Deux axes.')])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from indexer.boilerplate import cut_trailing_teasers, is_boilerplate, is_teaser_heading
from indexer.errors import UnreadableFileError
from indexer.lists import mark_commitments
from indexer.types import Block, BlockKind

# (kind, heading level, text) of a block whose text is built by the reader (html, docx).
Part = tuple[BlockKind, int, str]
EDGE = 2  # lines of a page looked at, at its top and at its bottom (page numbers, headers)


def fail(path: Path, reason: str) -> UnreadableFileError:
    return UnreadableFileError(path.name, reason)


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


def assemble(parts: list[Part]) -> tuple[str, list[Block]]:
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


def compact(text: str, blocks: list[Block]) -> tuple[str, list[Block]]:
    """Rebuild a built text from the kept blocks only (no navigation left in it)."""
    new_text, built = assemble([(b.kind, b.level, text[b.start : b.end]) for b in blocks])
    return new_text, [replace(nb, commitment=b.commitment)
                      for nb, b in zip(built, blocks, strict=True)]


def decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(path, f"encodage illisible : le fichier n'est pas en UTF-8 (octet invalide "
                          f"à la position {exc.start}) ; réenregistrez-le en UTF-8") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
