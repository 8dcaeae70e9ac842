"""Passages: documents chunked once per content and settings, and the text indexed for each.

:func:`cached_chunks` chunks a document, or reads back the chunks of the very same document
under the same settings and code (:func:`chunk_path`: a digest of the document, of
:func:`chunker_settings`, of the model's name and of the chunker's source,
:func:`chunker_code`). :func:`passage_text` is what is embedded for a chunk: its document's
title and section (:func:`passage_header`), the introduction of its list, then its text; BM25
reads it without the introduction.

>>> passage_header("Le pacte", "Le pacte > Prévenir")  # the title once
'Le pacte > Prévenir'
>>> passage_header("Le pacte", "Prévenir")
'Le pacte — Prévenir'
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer import store
from indexer.settings import Settings
from indexer.types import Chunk, Document

if TYPE_CHECKING:  # the chunker imports langchain: not needed for passage_header
    from indexer.chunker import Chunker

# The code that turns a document's text and blocks into chunks (the readers and the
# structure pass make the blocks, which chunk_path digests with the text).
CHUNKING_MODULES = ("indexer.chunker", "indexer.sentences", "indexer.sentence_worker",
                    "indexer.lists", "indexer.types")


def passage_text(chunk: Chunk, doc: Document, context_header: bool,
                 list_context: bool = True) -> str:
    """What is embedded: "title — section", the introduction of a commitment's list,
    then the chunk text (BM25 indexes it without the introduction)."""
    if not context_header:
        return chunk.text
    intro = chunk.context if list_context else ""
    return "\n".join(x for x in (passage_header(doc.meta.title, chunk.section), intro,
                                  chunk.text) if x)


def passage_header(title: str, section: str) -> str:
    """ "title — section", the title once when the section path starts with it."""
    parts = (section,) if title and section.startswith(title) else (title, section)
    return " — ".join(x for x in parts if x)


def with_header(header: str, text: str) -> str:
    r"""A sentence as it is embedded on its own: after its passage's header, when it has one.

    >>> with_header("Le pacte — Prévenir", "Il compte 106 engagements.")
    'Le pacte — Prévenir\nIl compte 106 engagements.'
    """
    return f"{header}\n{text}" if header else text


def chunker_settings(settings: Settings) -> dict[str, Any]:
    """The settings the chunks depend on, as recorded in the index manifest."""
    return {"chunk_tokens": settings.chunk_tokens, "overlap_sentences": settings.overlap_sentences,
            "spacy_model": settings.spacy_model, "context_header": settings.context_header,
            "splitter": "spacy-senter+langchain-recursive", "list_context": True}


def chunker_code() -> str:
    """Digest of the sources of :data:`CHUNKING_MODULES` (read, not imported): chunks
    cached by other code, or read back into another ``Chunk``, are never reused."""
    sources = []
    for name in CHUNKING_MODULES:
        spec = importlib.util.find_spec(name)
        sources.append(Path(spec.origin if spec and spec.origin else "").read_bytes())
    return hashlib.sha256(b"".join(sources)).hexdigest()[:16]


def chunk_path(doc: Document, folder: Path, key: str) -> Path:
    """Where the chunks of this very document, under these settings, are cached."""
    blocks = [dataclasses.astuple(b) for b in doc.blocks]
    digest = hashlib.sha256(json.dumps([key, doc.doc_id, doc.text, blocks]).encode()).hexdigest()
    return folder / f"{digest}.jsonl"


def cached_chunks(doc: Document, chunker: Chunker, path: Path) -> list[Chunk]:
    """Chunk a document, reusing the chunks of an identical document and settings."""
    if path.exists():
        return [Chunk(**row) for row in store.read_jsonl(path)]
    chunks = chunker.chunk(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    store.write_jsonl(tmp, (c.to_dict() for c in chunks))
    tmp.replace(path)
    return chunks
