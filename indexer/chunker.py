"""Chunker: a structured document → chunks sized in tokens of the embedding model.

French sentence boundaries come from spaCy's French pipeline (its ``senter``
component alone: ~10x faster than the full parser). Sentences are packed into
chunks of at most ``chunk_tokens`` model tokens, with ``overlap_sentences``
sentences carried over; a sentence longer than a chunk is cut by
langchain-text-splitters' recursive splitter, counting the same tokens, into pieces of an
eighth of a chunk (at a line, ";", "," or space), which are packed like sentences: the
piece carried over gives such a sentence's chunks their overlap.

Chunks never cross a heading or a PDF page break between blocks (a paragraph that the reader
joined over a page break is one block; each of its chunks records where it starts and where
a new page starts inside it, so a quote is cited on its own page), never swallow text
that is not in a block (boilerplate), and each list item of pillars / commitments is a chunk
of its own (cut into several when longer than a chunk); it keeps the sentence that introduces
its list as ``context`` ("Deux piliers :"), which the index embeds with it. So is a paragraph
or a heading that labels itself a commitment (« Engagement 4 : … », ``indexer.lists``); such
a heading is also the section of what follows it, and its own section is the one above. The
items of an ordinary list stay packed with the text around them. Every chunk's ``text`` is exactly
``document.text[start:end]``, and its ``sentences`` are the spans of its sentences in that
text (the sentence vectors embed them: no second split).

>>> from indexer.sentences import regex_sentences
>>> from indexer.types import Block, Document
>>> text = "Les engagements\\n\\nDeux piliers :\\n\\n- Accès aux droits ;\\n\\n- Prévenir."
>>> doc = Document("d", text, [Block("heading", 0, 15, level=1), Block("paragraph", 17, 31),
...     Block("item", 35, 53, commitment=True), Block("item", 57, 66, commitment=True)])
>>> chunker = Chunker(count_tokens=lambda s: len(s.split()), split_sentences=regex_sentences)
>>> for c in chunker.chunk(doc):
...     print(c.kind, "|", c.section, "|", c.context, "|", c.text)
text | Les engagements |  | Deux piliers :
commitment | Les engagements | Deux piliers : | Accès aux droits ;
commitment | Les engagements | Deux piliers : | Prévenir.
>>> chunker.chunk(Document("e", "Un. Deux. Trois.", [Block("paragraph", 0, 16)]))[0].sentences
[[0, 3], [4, 9], [10, 16]]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.lists import BULLETS
from indexer.sentences import SentenceSplitter
from indexer.types import Block, Chunk, ChunkKind, Document, subsection

# What may stand between two blocks of one passage: blank space and list markers.
_LIST_MARKS = re.compile(rf"(?:\s|[{re.escape(BULLETS)}]|\(?(?:\d{{1,3}}|[a-zA-Z])[.)](?=\s))*")
# start, end, section, kind, page, the intro of a commitment list, and the sentences' spans
_Span = tuple[int, int, str, ChunkKind, int | None, str, list[tuple[int, int]]]


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: int
    page: int | None


class Chunker:
    """Turns documents into chunks; ``count_tokens`` is the embedding model's."""

    def __init__(self, count_tokens: Callable[[str], int], split_sentences: SentenceSplitter,
                 chunk_tokens: int = 200, overlap_sentences: int = 1) -> None:
        if chunk_tokens < 8:
            raise ValueError("chunk_tokens doit valoir au moins 8")
        self.count_tokens = count_tokens
        self.split_sentences = split_sentences
        self.chunk_tokens = chunk_tokens
        self.overlap = max(0, overlap_sentences)
        self._long = RecursiveCharacterTextSplitter(
            chunk_size=max(1, chunk_tokens // 8), chunk_overlap=0,
            length_function=count_tokens,
            separators=["\n", "; ", ", ", " ", ""])

    def chunk(self, doc: Document) -> list[Chunk]:
        breaks = sorted(x for b in doc.blocks for x in b.page_breaks)
        chunks = [Chunk("", doc.doc_id, doc.text[a:b], a, b, section, kind, page, context,
                        [x for x in breaks if a < x < b], [[x - a, y - a] for x, y in sents])
                  for a, b, section, kind, page, context, sents in self._spans(doc)]
        return _assign_ids(chunks)

    @staticmethod
    def sentence_texts(doc: Document) -> list[str]:
        """The texts that :meth:`chunk` may ask ``split_sentences`` about: every block but
        headings (so they can be split ahead, in one batch; a commitment is split only when
        it is longer than a chunk)."""
        return [doc.block_text(b) for b in doc.blocks if b.kind != "heading"]

    def _spans(self, doc: Document) -> Iterator[_Span]:
        headings: list[tuple[int, str]] = []
        run: list[Block] = []
        section = intro = ""
        for block in doc.blocks:
            if block.kind != "item":
                intro = ""
            if block.kind == "heading":
                yield from self._pack(doc, run, section)
                run = []
                headings = [h for h in headings if h[0] < block.level]
                parent = headings[-1][1] if headings else ""
                if block.commitment:  # « Engagement 1 : Changer le regard », in its section
                    yield (block.start, block.end, parent, "commitment", block.page, "",
                           [(block.start, block.end)])
                section = subsection(parent, doc.block_text(block))
                headings.append((block.level, section))
            elif block.commitment:
                yield from self._pack(doc, run, section)
                if block.kind == "item":  # a paragraph that labels itself has no introduction
                    intro = intro or self._intro(doc, run)
                run = []
                if self.count_tokens(doc.block_text(block)) <= self.chunk_tokens:
                    sents = [(block.start + a, block.start + b)
                             for a, b in self.split_sentences(doc.block_text(block))]
                    yield (block.start, block.end, section, "commitment", block.page, intro,
                           sents or [(block.start, block.end)])
                    continue
                for start, end, _, _, page, _, sents in self._pack(doc, [block], section):
                    yield start, end, section, "commitment", page, intro, sents  # cut like text
            else:
                if run and (not _LIST_MARKS.fullmatch(doc.text[run[-1].end : block.start])
                            or run[-1].page != block.page):
                    # Something between the two blocks was left out (boilerplate), or a new
                    # PDF page starts: cut here, so that a chunk's page is its only page. A
                    # list's markers ("- ", "•", "2.") are not left-out text: an ordinary
                    # list stays packed with the sentence that introduces it.
                    yield from self._pack(doc, run, section)
                    run = []
                run.append(block)
        yield from self._pack(doc, run, section)

    def _intro(self, doc: Document, run: list[Block]) -> str:
        """The last sentence of the paragraph just before a list ("… 4 engagements :")."""
        if not run or run[-1].kind != "paragraph":
            return ""
        body = doc.block_text(run[-1])
        spans = self.split_sentences(body)
        a, b = spans[-1] if spans else (0, len(body))
        return " ".join(body[a:b].split())

    def _sentences(self, doc: Document, run: list[Block]) -> list[_Sentence]:
        out: list[_Sentence] = []
        for block in run:
            body = doc.block_text(block)
            for a, b in self.split_sentences(body):
                start, end = block.start + a, block.start + b
                n = self.count_tokens(doc.text[start:end])
                if n <= self.chunk_tokens:
                    out.append(_Sentence(start, end, n, block.page_at(start)))
                    continue
                for a, piece in _offsets(doc.text[start:end], self._long.split_text):
                    out.append(_Sentence(start + a, start + a + len(piece),
                                         self.count_tokens(piece), block.page_at(start + a)))
        return out

    def _pack(self, doc: Document, run: list[Block], section: str
              ) -> Iterator[_Span]:
        sents = self._sentences(doc, run)
        i = 0
        while i < len(sents):
            j, total = i, 0
            while j < len(sents) and (j == i or total + sents[j].tokens <= self.chunk_tokens):
                total += sents[j].tokens
                j += 1
            yield (sents[i].start, sents[j - 1].end, section, "text", sents[i].page, "",
                   [(s.start, s.end) for s in sents[i:j]])
            if j >= len(sents):
                break
            # Carry the last sentences over, but always move forward.
            i = max(i + 1, j - self.overlap)


def _offsets(text: str, split: Callable[[str], list[str]]) -> Iterator[tuple[int, str]]:
    """Each piece of ``split(text)`` with where it starts in ``text``. The pieces do not
    overlap and only blank space lies between two of them, so each one starts at the first
    occurrence of its text after the previous one's end; skipping anything else would
    lose text, and is refused. (langchain's own ``start_index`` guesses with the overlap
    counted in characters, while ours is in tokens: it lost and shifted pieces.)

    >>> list(_offsets("a b a b", lambda t: ["a b", "a b"]))
    [(0, 'a b'), (4, 'a b')]
    """
    pos = 0
    for piece in split(text):
        at = text.find(piece, pos)
        if at < 0 or text[pos:at].strip():
            raise ValueError(f"découpage : morceau introuvable dans la phrase : {piece[:60]!r}")
        yield at, piece
        pos = at + len(piece)


def _assign_ids(chunks: list[Chunk]) -> list[Chunk]:
    """Stable ids: document id + hash of the chunk text (+ a counter for repeats)."""
    seen: dict[str, int] = {}
    for c in chunks:
        digest = hashlib.sha1(f"{c.doc_id}\x00{c.text}".encode()).hexdigest()[:10]
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        c.chunk_id = f"{c.doc_id}:{digest}" + (f"-{n}" if n else "")
    return chunks
