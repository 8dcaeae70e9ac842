"""Sentences of the indexed passages, with document offsets, vectors and analysed terms.

Each passage is split once (spaCy's French ``senter`` in production, any splitter in
tests); its sentences are embedded once with the passage prompt, each after the passage's
header ("title — section", as the passages themselves are indexed), and kept in memory.
A sentence the index already holds (same span, same header: ``stored``, from the index's
sentence vectors) is not embedded again; an index over 5,000 passages, not warmed at
start, then answers a question on new passages without encoding.
Offsets are offsets into the *document* text, so ``document.text[s.start:s.end] == s.text``
holds by construction.

>>> from indexer.sentences import regex_sentences
>>> from indexer.embed import HashEmbedder
>>> bank = SentenceBank({"d": {"format": "txt"}}, HashEmbedder(dim=8), regex_sentences)
>>> text = "Titre. Le pacte est signé. Il compte 106 engagements."
>>> sents, vectors = bank.get(Passage("d:1", "d", 7, 53, text[7:53]))
>>> [(s.start, s.end, s.text) for s in sents]
[(7, 26, 'Le pacte est signé.'), (27, 53, 'Il compte 106 engagements.')]
>>> vectors.shape
(2, 8)
>>> sorted(sents[1].terms)
['106', 'compt', 'engag']
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.analyzer import Analyzer, default_analyzer
from indexer.embed import Embedder
from indexer.lexical import LexicalIndex
from indexer.passages import passage_header, with_header
from indexer.search import Retriever
from indexer.sentences import SentenceSplitter


@dataclass(frozen=True)
class Passage:
    """A passage and where it lies: enough to split it and to cite it."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str  # the document's text[start:end]


@dataclass(frozen=True)
class Sentence:
    chunk_id: str
    doc_id: str
    start: int  # offsets into the document text
    end: int
    text: str
    terms: frozenset[str]  # analysed (stemmed) terms, for lexical overlap
    line: int = 0  # a built document's line in its passage: a quote keeps to one table row


class SentenceBank:
    """Thread-safe, bounded cache: passage → (sentences, passage vectors of the sentences)."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]], embedder: Embedder,
                 split: SentenceSplitter, analyzer: Analyzer | None = None,
                 headers: Mapping[str, str] | None = None, max_passages: int = 200_000,
                 stored: Callable[[str], tuple[np.ndarray, np.ndarray] | None] | None = None
                 ) -> None:
        self.documents, self.embedder, self.split = documents, embedder, split
        self.stored = stored  # chunk_id → (sentence spans in the document text, vectors)
        self.headers = headers or {}  # chunk_id → "title — section"
        self.analyzer = analyzer or default_analyzer()
        self.max_passages = max_passages
        self._cache: OrderedDict[str, tuple[list[Sentence], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, passage: Passage) -> tuple[list[Sentence], np.ndarray]:
        with self._lock:
            hit = self._cache.get(passage.chunk_id)
            if hit is not None:
                self._cache.move_to_end(passage.chunk_id)
                return hit
        self.warm([passage])
        with self._lock:
            return self._cache[passage.chunk_id]

    def warm(self, passages: Iterable[Passage]) -> None:
        """Split and embed the passages not cached yet, in one batch."""
        todo: list[tuple[Passage, list[Sentence]]] = []
        with self._lock:
            for p in passages:
                if p.chunk_id not in self._cache:
                    todo.append((p, self._split(p)))
        if not todo:
            return
        found = [self._stored(p, sents) for p, sents in todo]
        texts = [with_header(self.headers.get(p.chunk_id, ""), s.text)
                 for (p, sents), have in zip(todo, found, strict=True)
                 for s in sents if s.start not in have]
        vectors = iter(np.asarray(self.embedder.embed_passages(texts), dtype=np.float32))
        with self._lock:
            for (p, sents), have in zip(todo, found, strict=True):
                self._cache[p.chunk_id] = (sents, np.array(
                    [have[s.start] if s.start in have else next(vectors) for s in sents],
                    np.float32).reshape(len(sents), -1))
            while len(self._cache) > self.max_passages:
                self._cache.popitem(last=False)

    def _stored(self, p: Passage, sents: list[Sentence]) -> dict[int, np.ndarray]:
        """start → the index's vector, for the sentences of ``sents`` the index holds."""
        got = self.stored(p.chunk_id) if self.stored is not None else None
        if got is None:
            return {}
        index = {(p.start + int(a), p.start + int(b)): v for (a, b), v in zip(*got, strict=True)}
        return {s.start: index[s.start, s.end] for s in sents if (s.start, s.end) in index}

    def _split(self, p: Passage) -> list[Sentence]:
        body = p.text
        spans = self.split(body) or [(0, len(body))]
        built = self.documents[p.doc_id].get("format") != "txt"
        if built:
            spans = built_spans(body, spans)
        out = []
        for a, b in spans:
            s_text = body[a:b]
            if s_text.strip():
                out.append(Sentence(p.chunk_id, p.doc_id, p.start + a, p.start + b, s_text,
                                    frozenset(self.analyzer(s_text)),
                                    body.count("\n", 0, a) if built else 0))
        return out or [Sentence(p.chunk_id, p.doc_id, p.start, p.end, body,
                                frozenset(self.analyzer(body)))]


def built_spans(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    r"""The sentences of a built document's passage (Markdown, HTML, DOCX, PDF: not raw
    text, whose lines are wrapped prose). Such a document breaks a line inside a block only
    between a table's rows, so a line with a neighbour (no blank line between) is a row and
    one sentence, whole; elsewhere the splitter's ``spans`` hold, cut at line breaks. A
    quote then never pairs one row's number with the next row's name.

    >>> body = "Places.\n\nStructure : Japy ; Places : 80\nStructure : Yvonne ; Places : 45"
    >>> [body[a:b] for a, b in built_spans(body, [(0, 7), (9, 27), (28, 71)])]
    ['Places.', 'Structure : Japy ; Places : 80', 'Structure : Yvonne ; Places : 45']
    """
    lines = _lines(body, 0, len(body))
    rows = [(a, b) for k, (a, b) in enumerate(lines)
            if (k and body[lines[k - 1][1] : a] == "\n")
            or (k + 1 < len(lines) and body[b : lines[k + 1][0]] == "\n")]
    rest = [(x, y) for a, b in spans for x, y in _lines(body, a, b)
            if not any(r0 <= x < r1 for r0, r1 in rows)]
    return sorted(rows + rest)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of ``text[start:end]``, as spans."""
    spans, a = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((a, a + len(line)))
        a += len(line) + 1
    return spans


class LexicalOverlap:
    """Share of the query's IDF weight found in a sentence (0..1).

    IDF comes from the BM25 index (document frequency per term); a term the index has
    never seen gets the highest IDF, so off-topic words weigh against the match.

    >>> lex = LexicalOverlap({"pact": 0.2, "droit": 1.5}, unseen_idf=3.0)
    >>> round(lex({"pact", "droit", "footbal"}, {"pact", "droit"}), 4)
    0.3617
    """

    def __init__(self, idf: Mapping[str, float], unseen_idf: float) -> None:
        self.idf, self.unseen_idf = idf, unseen_idf

    @classmethod
    def from_index(cls, lexical: LexicalIndex) -> LexicalOverlap:
        s = lexical.bm25.scores
        n = len(lexical)
        indptr = np.asarray(s["indptr"])
        idf = {term: _idf(n, int(indptr[i + 1] - indptr[i]))
               for term, i in lexical.bm25.vocab_dict.items() if i + 1 < len(indptr)}
        return cls(idf, _idf(n, 0))

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)

    def __call__(self, query_terms: Iterable[str], sentence_terms: frozenset[str] | set[str]
                 ) -> float:
        terms = set(query_terms)
        total = sum(self.weight(t) for t in terms)
        if total <= 0:
            return 0.0
        return sum(self.weight(t) for t in terms if t in sentence_terms) / total


def stored_sentences(retriever: Retriever
                     ) -> Callable[[str], tuple[np.ndarray, np.ndarray] | None] | None:
    """chunk_id → the index's sentence spans and vectors, for :class:`SentenceBank`."""
    sentences = retriever.sentences
    if sentences is None or sentences.spans is None:
        return None

    def of(chunk_id: str) -> tuple[np.ndarray, np.ndarray] | None:
        row = retriever.row(chunk_id)
        return None if row is None else sentences.of(row)

    return of


def headers_of(chunks: Iterable[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]]
               ) -> dict[str, str]:
    """chunk_id → "title — section", as ``indexer.passages.passage_text`` writes it."""
    return {c["chunk_id"]: passage_header(documents[c["doc_id"]].get("title", ""),
                                          c.get("section", "")) for c in chunks}


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))
