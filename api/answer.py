"""Extractive answers: verbatim sentences from the retrieved passages, each cited [n].

A sentence's score is its cosine with the question (same e5 model: ``query:`` against
``passage:``) plus ``lexical_weight`` × the IDF-weighted share of the question's terms it
contains. The answer's confidence mixes the best passage cosine with the best sentence
(see ``Settings.answer_passage_weight``); below the threshold of the question's language,
it abstains (``grounded=False``) and the nearest passages become suggestions. "Which
commitments…" questions get one cited line per matching commitment; a best quote that
introduces a list (« … 5 grands piliers : ») is followed by the list's items. Quotes are
spans of the document text, never rewritten (chosen and assembled by ``api.quotes``).

>>> import tempfile
>>> from indexer.build import build_index
>>> from indexer.sentences import regex_sentences
>>> from indexer.embed import HashEmbedder
>>> from indexer.search import Retriever
>>> from indexer.settings import Settings
>>> s = Settings(data_dir=tempfile.mkdtemp(), answer_threshold=0.3, answer_passage_weight=0)
>>> _ = build_index(["corpus"], s, embedder=HashEmbedder(), progress=False)
>>> answerer = ExtractiveAnswerer.from_retriever(
...     Retriever.load(s, embedder=HashEmbedder()), s, split=regex_sentences)
>>> a = answerer.answer("Quelle coopération entre l'Etat et les 22 partenaires ?")
>>> a.grounded, a.citations[0].quote[:45]
(True, "Cette coopération entre l'Etat et les 22 part")
>>> text = answerer.retriever.documents[a.citations[0].result.doc_id]["text"]
>>> text[a.citations[0].start:a.citations[0].end] == a.citations[0].quote
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from api.language import (
    FRAMING,
    Lang,
    asks_quantity,
    detect_language,
    edition_label,
    has_number,
    is_list_question,
    lexical_text,
    list_editions,
    list_topic,
    stated_count,
    unknown_edition,
)
from api.lists import introduced, item_lists, item_text, sized
from api.overview import asks_overview, overview_rows
from api.quotes import Citation, Scored, cite, passage_of, select, suggest
from api.sentences import LexicalOverlap, Passage, SentenceBank, headers_of
from api.smalltalk import REPLIES, small_talk
from indexer.search import Filters, Retriever, SearchResult
from indexer.sentences import SentenceSplitter, spacy_sentences
from indexer.settings import Settings

# talk: a greeting's reply (api.smalltalk); overview: what a pact text is about (api.overview)
Mode = Literal["plain", "list", "abstain", "talk", "overview"]
# Added to a sentence holding a number when the question asks "combien / how many"
# (an answer-type prior; chosen on the gold set's dev questions: benchmarks/bench_citations.py).
NUMBER_BOOST = 0.2


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    grounded: bool
    confidence: float
    lang: Lang
    mode: Mode
    suggestions: list[Citation] = field(default_factory=list)
    passages: list[SearchResult] = field(default_factory=list)  # what was read, best first
    scored: list[Scored] = field(default_factory=list)  # their sentences, best first


class ExtractiveAnswerer:
    def __init__(self, retriever: Retriever, bank: SentenceBank, lexical: LexicalOverlap, *,
                 passages: int = 5, sentences: int = 3, threshold: float = 0.87,
                 threshold_en: float = 0.8, passage_weight: float = 0.75,
                 lexical_weight: float = 0.15, margin: float = 0.05,
                 list_margin: float = 0.06) -> None:
        self.retriever, self.bank, self.lexical = retriever, bank, lexical
        self.passages, self.sentences = passages, sentences
        self.thresholds: dict[Lang, float] = {"fr": threshold, "en": threshold_en}
        self.passage_weight, self.lexical_weight = passage_weight, lexical_weight
        self.margin, self.list_margin = margin, list_margin
        self.edition_boost = 0.1
        self.number_boost = NUMBER_BOOST
        self.lead_sentences = 2  # of an edition's opening passage, in an overview
        self.lists = item_lists(retriever.chunks)
        self.editions = sorted({str(d.get("edition") or "") for d in retriever.documents.values()}
                               - {""})

    @classmethod
    def from_retriever(cls, retriever: Retriever, settings: Settings,
                       split: SentenceSplitter | None = None) -> ExtractiveAnswerer:
        if split is None:
            split = spacy_sentences(settings.spacy_model)
        headers = headers_of(retriever.chunks, retriever.documents)
        bank = SentenceBank(retriever.documents, retriever.embedder, split,
                            retriever.lexical.analyzer, headers)
        return cls(retriever, bank, LexicalOverlap.from_index(retriever.lexical),
                   passages=settings.answer_passages, sentences=settings.answer_sentences,
                   threshold=settings.answer_threshold,
                   threshold_en=settings.answer_threshold_en,
                   passage_weight=settings.answer_passage_weight,
                   lexical_weight=settings.answer_lexical_weight)

    def warm(self, limit: int = 5_000) -> int:
        """Split and embed every passage's sentences now, for a small index."""
        chunks = self.retriever.chunks
        if len(chunks) <= limit:
            self.bank.warm(Passage(c["chunk_id"], c["doc_id"], c["start"], c["end"])
                           for c in chunks)
        return len(self.bank)

    def score(self, query: str, results: list[SearchResult], prefer: str | None = None,
              asked: str | None = None) -> list[Scored]:
        """Every sentence of ``results``, best first; those of edition ``prefer`` (named by
        the question) get ``edition_boost``, those holding a number ``number_boost`` when
        the question asks for a quantity. The lexical overlap counts the terms of ``asked``
        (a follow-up's own words) when given, else those of ``query``."""
        qv = self.retriever.query_vector(query)
        terms = self._terms(asked or query)
        quantity = asks_quantity(query)
        out: list[Scored] = []
        for rank, r in enumerate(results):
            sents, vectors = self.bank.get(passage_of(r))
            dense = vectors @ qv
            for s, d in zip(sents, dense.tolist(), strict=True):
                lex = self.lexical(terms, s.terms)
                boost = self.edition_boost if prefer and r.edition == prefer else 0.0
                if quantity and has_number(s.text):
                    boost += self.number_boost
                out.append(Scored(s, float(d) + self.lexical_weight * lex + boost, rank,
                                  float(d), lex))
        out.sort(key=lambda x: (-x.score, x.rank, x.sentence.start))
        return out

    def confidence(self, query: str, scored: list[Scored]) -> float:
        """How well the documents answer ``query``; compared with the language's threshold."""
        if not scored:
            return 0.0
        dense = self.retriever.dense(query, 1)  # the nearest passage, not a second search
        a, w = self.passage_weight, self.lexical_weight
        best_passage = dense[0][1] if dense else 0.0
        return a * best_passage + max((1 - a) * s.dense + w * s.lexical for s in scored)

    def answer(self, question: str, query: str | None = None,
               editions: Sequence[str] | None = None) -> Answer:
        """Answer ``question``; ``query`` (a follow-up merged with its subject) drives search,
        ``editions`` are those the conversation is about (default: those ``question`` names).

        A follow-up that asks something of its own (« qui l'a signé ? », not « et pour
        l'acte 2 ? ») also reads the passages found by its own words, and its own terms make
        the lexical overlap: the longer subject would otherwise choose the quotes."""
        talk = small_talk(question)
        if talk is not None:  # « bonjour », « merci » : a short reply, nothing from the texts
            return Answer(REPLIES[talk[1]][talk[0]], [], False, 1.0, talk[1], "talk")
        query = query or question
        lang = detect_language(question)
        named = list(editions) if editions is not None else list_editions(question)
        if asks_overview(query):  # « Parle-moi de l'Acte 2 » : no sentence answers it best
            overview = self._overview(named, lang)
            if overview is not None:
                return overview
        prefer = named[0] if len(named) == 1 else None
        asked = question if query != question and self._terms(question) else None
        results = self._search(query, prefer)
        if asked:
            seen = {r.chunk_id for r in results}
            results += [r for r in self._search(asked, prefer) if r.chunk_id not in seen]
        scored = self.score(query, results, prefer, asked)
        confidence = self.confidence(query, scored)
        # « l'Acte 3 », « le pacte de 2010 »: an edition the index does not have.
        missing = unknown_edition(question, self.editions)
        confident = confidence >= self.thresholds[lang] and not missing
        listing = is_list_question(question)
        # « What are the commitments of act 2? » asks for the lists themselves, whatever the
        # sentences score (0.825 for a threshold of 0.833 in English).
        bare = listing and not list_topic(query, self.retriever.lexical.analyzer)
        if listing and (confident or (bare and not missing)):
            listed = self._list(question, query, named, lang, confidence,
                                scored[0].score if scored else 0.0)
            if listed is not None:
                listed.passages, listed.scored = results, scored
                return listed
        if not confident:
            return Answer(FRAMING[lang]["abstain"], [], False, confidence, lang, "abstain",
                          suggest(scored, results), results, scored)
        citations = cite(select(scored, self.margin, self.sentences), results, self.bank.get,
                         self._text)
        best = citations[0]
        intro = introduced(self.lists, best.result.doc_id, best.quote, best.end)
        if intro is not None:  # « … 4 engagements structurants : » alone says nothing
            items = [self.retriever.result(row) for row in intro.rows]
            listed = self._items(items, FRAMING[lang]["plain"], confidence, lang, [best],
                                 citations[1:])
            listed.passages, listed.scored = results, scored
            return listed
        lines = [FRAMING[lang]["plain"], *(f"« {c.quote} » [{c.n}]" for c in citations)]
        return Answer("\n".join(lines), citations, True, confidence, lang, "plain", [],
                      results, scored)

    def _search(self, query: str, prefer: str | None) -> list[SearchResult]:
        """A question about one edition ("et pour l'acte 2 ?") reads that edition's passages,
        when the index has any."""
        results = (self.retriever.search(query, self.passages, Filters(editions=[prefer]))
                   if prefer else [])
        return results or self.retriever.search(query, self.passages)

    def _terms(self, text: str, lang: Lang | None = None) -> list[str]:
        """The analysed terms of ``text`` matched against the sentences (edition names left
        out, English glossed)."""
        return self.retriever.lexical.analyzer(lexical_text(text, lang or detect_language(text)))

    def _list(self, question: str, query: str, editions: list[str], lang: Lang,
              confidence: float, best_plain: float) -> Answer | None:
        """Matching commitments, or all of them (of the editions asked) for a bare list;
        only those of the lists with as many items as the question states, when any has."""
        counted = self._counted(question, editions)
        if not counted and stated_count(question) is not None:
            return None  # « les 106 engagements » : no list that long here, answer plainly
        if not list_topic(query, self.retriever.lexical.analyzer):
            # Every commitment (the items of the lists), listed in index order, not ranked.
            rows = counted or sorted(row for x in self.lists for row in x.rows)
            items = [r for r in map(self.retriever.result, rows)
                     if not editions or r.edition in editions]
            keep = list(range(len(items)))
        else:
            k = max(10, self.passages)
            items = self.retriever.search(query, k, Filters(editions=editions or None,
                                                            kinds=["commitment"]))
            ids = {self.retriever.chunks[row]["chunk_id"] for row in counted}
            items = [r for r in items if r.chunk_id in ids] or items
            best: dict[int, float] = {}
            for s in self.score(query, items):
                best.setdefault(s.rank, s.score)
            top = max(best.values(), default=0.0)
            margin = self.list_margin
            if top < best_plain - 2 * margin:
                return None  # the commitments are far from the question: answer plainly
            keep = [rank for rank, sc in best.items() if sc >= top - margin]
        if not keep:
            return None
        return self._items([items[rank] for rank in keep], FRAMING[lang]["list"], confidence,
                           lang)

    def _counted(self, question: str, editions: list[str]) -> list[int]:
        """The rows of the lists (of ``editions``) with as many items as ``question`` states
        (« les 5 piliers » : the five pillars, not the four commitments); of several, those
        whose introduction names the word counted. Empty when it states none or none fits."""
        stated = stated_count(question)
        if stated is None:
            return []
        count, noun = stated
        documents = self.retriever.documents
        lists = [x for x in self.lists
                 if not editions or documents[x.doc_id].get("edition") in editions]
        noun_terms = set(self._terms(noun, detect_language(question)))
        fit = sized(lists, count,
                    lambda intro: bool(noun_terms & set(self._terms(intro, "fr"))))
        return [row for x in fit for row in x.rows]

    def _items(self, items: list[SearchResult], framing: str, confidence: float, lang: Lang,
               lead: Sequence[Citation] = (), tail: Sequence[Citation] = ()) -> Answer:
        """One cited line per item, between the quotes of ``lead`` (the list's introduction)
        and of ``tail`` (the other quotes of a plain answer), numbered in that order."""
        quoted = [replace(c, n=n) for n, c in enumerate(lead, 1)]
        listed: list[Citation] = []
        for r in items:
            sents, _ = self.bank.get(passage_of(r))
            start = sents[0].start
            text = item_text(self._text(r.doc_id, start, sents[-1].end))
            listed.append(Citation(len(quoted) + len(listed) + 1, r, text, start,
                                   start + len(text)))
        tail = [c for c in tail if not any(_overlap(c, x) for x in listed)]
        after = [replace(c, n=len(quoted) + len(listed) + n) for n, c in enumerate(tail, 1)]
        lines = [framing, *(f"« {c.quote} » [{c.n}]" for c in quoted), *(
            f"- {c.quote} [{c.n}] ({edition_label(c.result.edition, lang)})" for c in listed),
            *(f"« {c.quote} » [{c.n}]" for c in after)]
        return Answer("\n".join(lines), [*quoted, *listed, *after], True, confidence, lang,
                      "list")

    def _overview(self, editions: list[str], lang: Lang) -> Answer | None:
        """Per edition: the first sentences of its text, each quoted, then its commitments."""
        citations: list[Citation] = []
        lines = [FRAMING[lang]["plain"]]
        r = self.retriever
        for edition, texts, rows in overview_rows(r.chunks, r.documents, self.lists, editions):
            lead: list[Citation] = []  # the text's first sentences, passage after passage
            for result in map(r.result, texts):
                for s in self.bank.get(passage_of(result))[0]:
                    if len(lead) < self.lead_sentences and (not lead or s.start >= lead[-1].end):
                        lead.append(Citation(0, result, self._text(s.doc_id, s.start, s.end),
                                             s.start, s.end))  # (passages overlap)
                if len(lead) == self.lead_sentences:
                    break
            items = self._items([r.result(row) for row in rows], "", 1.0, lang).citations
            for c in lead:
                citations.append(replace(c, n=len(citations) + 1))
                lines.append(f"« {c.quote} » [{citations[-1].n}]")
            for c in items:
                citations.append(replace(c, n=len(citations) + 1))
                lines.append(f"- {c.quote} [{citations[-1].n}] "
                             f"({edition_label(edition, lang)})")
        if not citations:
            return None
        return Answer("\n".join(lines), citations, True, 1.0, lang, "overview",
                      passages=[c.result for c in citations])

    def _text(self, doc_id: str, start: int, end: int) -> str:
        return str(self.retriever.documents[doc_id]["text"][start:end])


def _overlap(a: Citation, b: Citation) -> bool:
    return a.result.doc_id == b.result.doc_id and a.start < b.end and b.start < a.end
