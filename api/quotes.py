"""Quotes of an answer: scored sentences → chosen sentences → citations of document spans.

Each sentence of the passages read is scored (:class:`Scored`), and gains a share of its
document's search score (:func:`by_document`); the best ones within a margin of the first
are chosen, a sentence that repeats one already chosen is skipped, and
adjacent chosen sentences of one passage become a single citation [n] whose quote is the
exact document text between its offsets, within one paragraph (a quote holds no blank
line) and one line of a built document (a table's rows are never quoted as one).

>>> from api.sentences import Sentence
>>> from indexer.search import SearchResult
>>> text = "Le pacte a été signé. Il compte 106 engagements. Il est parisien."
>>> r = SearchResult("d:1", "d", "T", "", text, 1.0, 0, len(text), None, "", "text", "")
>>> sents = [Sentence("d:1", "d", 0, 21, text[0:21], frozenset({"pact", "sign"})),
...          Sentence("d:1", "d", 22, 48, text[22:48], frozenset({"106", "engag"})),
...          Sentence("d:1", "d", 49, 65, text[49:65], frozenset({"parisien"}))]
>>> scored = [Scored(sents[1], 0.9, 0), Scored(sents[0], 0.88, 0), Scored(sents[2], 0.5, 0)]
>>> chosen = select(scored, margin=0.05, n=3)
>>> [c.quote for c in cite(chosen, [r], lambda p: (sents, None), lambda d, a, b: text[a:b])]
['Le pacte a été signé. Il compte 106 engagements.']
>>> text = "Le pacte a été signé.\\n\\nIl compte 106 engagements."  # two paragraphs
>>> r = SearchResult("d:1", "d", "T", "", text, 1.0, 0, len(text), None, "", "text", "")
>>> two = [Sentence("d:1", "d", 0, 21, text[0:21], frozenset({"pact", "sign"})),
...        Sentence("d:1", "d", 23, 49, text[23:49], frozenset({"106", "engag"}))]
>>> chosen = [Scored(two[1], 0.9, 0), Scored(two[0], 0.88, 0)]
>>> [c.quote for c in cite(chosen, [r], lambda p: (two, None), lambda d, a, b: text[a:b])]
['Il compte 106 engagements.', 'Le pacte a été signé.']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from api.sentences import Passage, Sentence
from indexer.search import SearchResult

SentencesOf = Callable[[Passage], tuple[list[Sentence], Any]]  # SentenceBank.get
TextOf = Callable[[str, int, int], str]  # (doc_id, start, end) → document text


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float  # dense + lexical_weight × lexical (+ priors)
    rank: int  # rank of its passage in the retrieval results
    dense: float = 0.0
    lexical: float = 0.0
    # Share of the question's IDF weight that only the sentence before it in its paragraph
    # holds: « Il y a été signé. » after « Le pacte parisien… » (see :func:`in_context`).
    context: float = 0.0


@dataclass
class Citation:
    n: int
    result: SearchResult
    quote: str
    start: int  # offsets of the quote in the document text
    end: int

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {"n": self.n, "chunk_id": r.chunk_id, "doc_id": r.doc_id, "title": r.title,
                "publisher": r.publisher, "date": r.date,
                "url": r.url, "section": r.section, "page": r.page_at(self.start),
                "ocr": r.ocr_at(self.start), "quote": self.quote,
                "text": r.text, "start": self.start, "end": self.end}


def passage_of(r: SearchResult) -> Passage:
    return Passage(r.chunk_id, r.doc_id, r.start, r.end, r.text)


def by_document(scored: Sequence[Scored], results: Sequence[SearchResult], weight: float
               ) -> list[Scored]:
    """``scored`` re-ranked for quoting: each sentence gains ``weight`` × (the search score
    of its document's best passage − the best passage's), so a sentence of a document that
    search ranks lower needs to score that much better to be quoted first. Within one
    document the sentences' own scores decide: overlapping passages share sentences.

    >>> from api.sentences import Sentence
    >>> r = [SearchResult(f"{d}:{i}", d, "T", "", "", sc, 0, 9, None, "", "text", "")
    ...      for i, (d, sc) in enumerate([("d", 0.9), ("e", 0.8), ("d", 0.7)])]
    >>> a, b, c = (Sentence(f"x:{i}", "d", i, i + 1, t, frozenset()) for i, t in enumerate("abc"))
    >>> ranked = by_document([Scored(b, 0.95, 1), Scored(c, 0.92, 2), Scored(a, 0.9, 0)], r, 1.0)
    >>> [(s.sentence.text, round(s.score, 2)) for s in ranked]
    [('c', 0.92), ('a', 0.9), ('b', 0.85)]
    """
    if not scored or weight == 0:
        return list(scored)
    best: dict[str, float] = {}
    for r in results:
        best[r.doc_id] = max(best.get(r.doc_id, r.score), r.score)
    top = max(best.values())
    return best_first(replace(s, score=s.score + weight * (best[results[s.rank].doc_id] - top))
                      for s in scored)


def best_first(scored: Iterable[Scored]) -> list[Scored]:
    """``scored`` by score, ties by passage rank, then by position in the text."""
    return sorted(scored, key=lambda x: (-x.score, x.rank, x.sentence.start))


def in_context(scored: Sequence[Scored], weight: float) -> list[Scored]:
    """``scored`` re-ranked for quoting: each sentence gains ``weight`` × its ``context``,
    the question's words that the sentence before it in its paragraph holds and it does
    not. An answer often follows the sentence that names its subject, and speaks of it as
    « il » or « ce dispositif »; with ``weight`` below the lexical weight, a sentence that
    holds the words itself still counts more.

    >>> a, b = (Sentence("d:1", "d", i, i + 1, t, frozenset()) for i, t in enumerate("ab"))
    >>> ranked = in_context([Scored(a, 0.95, 0), Scored(b, 0.9, 0, context=0.25)], 0.3)
    >>> [(s.sentence.text, round(s.score, 3)) for s in ranked]
    [('b', 0.975), ('a', 0.95)]
    """
    if weight == 0:
        return list(scored)
    return best_first(replace(s, score=s.score + weight * s.context) for s in scored)


def select(scored: Sequence[Scored], margin: float, n: int) -> list[Scored]:
    """Up to ``n`` sentences within ``margin`` of the best, repeats left out."""
    chosen: list[Scored] = []
    for s in scored:
        if s.score < scored[0].score - margin:
            break
        if any(same(c.sentence, s.sentence) for c in chosen):
            continue  # the same sentence through an overlapping passage, or a repeat
        chosen.append(s)
        if len(chosen) == n:
            break
    return chosen


def cite(chosen: Sequence[Scored], results: Sequence[SearchResult], sentences_of: SentencesOf,
         text_of: TextOf) -> list[Citation]:
    """One citation per run of adjacent chosen sentences of a passage (of one paragraph,
    and of one line of a table), best first."""
    citations: list[Citation] = []

    def joins(a: Sentence, b: Sentence, doc_id: str) -> bool:
        return one_paragraph(a, b, text_of(doc_id, a.end, b.start))

    for s in chosen:
        sents, _ = sentences_of(passage_of(results[s.rank]))
        i = sents.index(s.sentence)
        for c in citations:
            if c.result is not results[s.rank]:
                continue
            j_first = next(k for k, x in enumerate(sents) if x.start == c.start)
            j_last = next(k for k, x in enumerate(sents) if x.end == c.end)
            if (i == j_first - 1 and joins(sents[i], sents[j_first], c.result.doc_id)) or \
                    (i == j_last + 1 and joins(sents[j_last], sents[i], c.result.doc_id)):
                c.start, c.end = min(c.start, s.sentence.start), max(c.end, s.sentence.end)
                c.quote = text_of(c.result.doc_id, c.start, c.end)
                break
        else:
            citations.append(Citation(len(citations) + 1, results[s.rank], s.sentence.text,
                                      s.sentence.start, s.sentence.end))
    return citations


def one_paragraph(a: Sentence, b: Sentence, between: str) -> bool:
    """Whether ``a`` and the next sentence ``b``, with the text ``between`` them, are of one
    paragraph (no blank line) and of one line of a built document (not two table rows)."""
    return a.line == b.line and "\n\n" not in between


def suggest(scored: Sequence[Scored], results: Sequence[SearchResult], n: int = 3,
            lead: Scored | None = None) -> list[Citation]:
    """The ``n`` nearest passages that have a sentence which says something
    (:func:`telling`; any item of a list does), each with its best such sentence as quote,
    none twice (overlapping passages share sentences). ``lead``'s passage comes first, with
    it as quote: the sum of another payer, when a question's own is not stated."""
    best: dict[int, Sentence] = {lead.rank: lead.sentence} if lead else {}
    for s in scored:
        says = telling(s.sentence.text) or results[s.rank].kind == "commitment"
        if s.rank not in best and says and not any(same(s.sentence, b) for b in best.values()):
            best[s.rank] = s.sentence
    first = lead.rank if lead else -1
    ranks = sorted(best, key=lambda rank: (rank != first, rank))[:n]
    return [Citation(i + 1, results[rank], best[rank].text, best[rank].start, best[rank].end)
            for i, rank in enumerate(ranks)]


# A sentence that ends as one (« . », « ! », « ? », « … », maybe before a closing quote).
_ENDS = re.compile(r"[.!?…][»\"')\]\s]*$")
MIN_TELLING_WORDS = 4


def telling(text: str) -> bool:
    """A sentence worth showing on its own as a suggestion: at least
    ``MIN_TELLING_WORDS`` words and a sentence end, or a table row (« Jour : lundi ;
    Horaire : 9 h »). A heading, a label or a fragment cut by the layout is not.

    >>> telling("Le comité valide l'ouverture de la halte de jour."), telling("Logement d'abord.")
    (True, False)
    >>> telling("Document de travail — version du 20 novembre 2023")
    False
    >>> telling("Structure : PASS Lariboisière ; Jour : lundi au vendredi")
    True
    """
    words = text.split()
    return len(words) >= MIN_TELLING_WORDS and (bool(_ENDS.search(text)) or " ; " in text)


def same(a: Sentence, b: Sentence) -> bool:
    """Overlapping spans of one document, or a sentence whose terms are mostly in the other."""
    if a.doc_id == b.doc_id and a.start < b.end and b.start < a.end:
        return True
    smaller = min(len(a.terms), len(b.terms))
    return smaller > 0 and len(a.terms & b.terms) / smaller >= 0.8
