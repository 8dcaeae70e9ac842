"""Answers that list commitments, one cited line per item (``api.answer`` frames them).

- A list question (« quels engagements concernent l'accès aux droits ? ») gets the
  commitments that match its topic, or every commitment of the editions it names when it
  has none; only those of a list as long as the count it states (« les 5 piliers »).
- A quote that introduces a list (« … autour de 4 engagements structurants : ») is
  followed by the list's items.
- An overview (« Parle-moi de l'Acte 2 ») quotes the opening sentences of each edition's
  text, then its commitments.

Each item is quoted from the document at its offsets, without the « ; » that ties it to
the next one (``api.lists.item_text``).

>>> import tempfile
>>> from api.sentences import LexicalOverlap, SentenceBank, headers_of
>>> from indexer.build import build_index
>>> from indexer.embed import HashEmbedder
>>> from indexer.search import Retriever
>>> from indexer.sentences import regex_sentences
>>> from indexer.settings import Settings
>>> s = Settings(data_dir=tempfile.mkdtemp(), chunk_tokens=60)
>>> _ = build_index(["corpus"], s, embedder=HashEmbedder(), progress=False)
>>> r = Retriever.load(s, embedder=HashEmbedder())
>>> bank = SentenceBank(r.documents, r.embedder, regex_sentences, r.lexical.analyzer,
...                     headers_of(r.chunks, r.documents))
>>> lines, cited = Lister(r, bank).overview(["acte2-2021-2026"], "fr")
>>> for c in cited[2:]:
...     print(c.n, c.quote)
3 Changer le regard
4 Développer une offre de proximité pour une ville du quart d'heure solidaire
5 Assurer l'accès effectif aux droits et aux dispositifs d'aide
6 Garantir un accompagnement sans rupture.
>>> lines[2]
'- Changer le regard [3] (Acte 2, 2021-2026)'
>>> cited[0].n, cited[0].quote[:19]  # the text's first two sentences come first
(1, 'Magali Charbonneau,')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from api.counting import counts
from api.editions import edition_label, without_editions
from api.english import lexical_text
from api.language import (
    LIST_NOUN,
    Lang,
    as_engagements,
    detect_language,
    list_topic,
    quoted,
    stated_count,
)
from api.lists import ItemList, introduced, item_lists, item_text, sized
from api.overview import overview_document, overview_rows, text_rows, title_words
from api.quotes import Citation, Scored, passage_of
from api.sentences import SentenceBank
from indexer.lists import label, named, reference
from indexer.manifest import PACT_EDITIONS
from indexer.search import Filters, Retriever, SearchResult
from indexer.types import subsection

Scorer = Callable[[str, list[SearchResult]], list[Scored]]  # SentenceScorer.score
Listed = tuple[list[str], list[Citation]]  # the answer's lines (its framing aside), citations


class Lister:
    def __init__(self, retriever: Retriever, bank: SentenceBank, *, passages: int = 5,
                 margin: float = 0.06, lead_sentences: int = 2) -> None:
        self.retriever, self.bank = retriever, bank
        self.passages, self.margin, self.lead_sentences = passages, margin, lead_sentences
        self.lists: list[ItemList] = item_lists(retriever.chunks)
        self.texts = text_rows(retriever.chunks)  # each document's text passages, in order
        self.titles = title_words({d: str(meta.get("title") or "")  # for overview_document
                                   for d, meta in retriever.documents.items()},
                                  retriever.lexical.analyzer)
        docs, analyzer, chunks = retriever.documents, retriever.lexical.analyzer, retriever.chunks
        # The commitments that label themselves (« Axe 2 : … »), by row: their label and
        # number (("axe", "2"), for :meth:`numbered`) and the terms of their label.
        self.labels: dict[int, tuple[tuple[str, str], frozenset[str]]] = {}
        for row in (row for x in self.lists for row in x.rows):
            text = str(chunks[row]["text"])
            ref = reference(text)
            if ref is not None:
                self.labels[row] = ref, frozenset(analyzer(label(text)))
        # The lists of users' documents (no edition), with the terms of their title and
        # heading (« Plan hivernal 2023-2024 » and « Objectifs »), and of the label of their
        # items (« Axe 1 : … », « Objectif opérationnel 2.1 : … »), for :meth:`headed`.
        self.headings = [(x, frozenset(analyzer(f"{docs[x.doc_id].get('title') or ''} "
                                                f"{chunks[x.rows[0]]['section']}")),
                          self._label_terms(x.rows[0]))
                         for x in self.lists if not docs[x.doc_id].get("edition")]

    def _label_terms(self, row: int) -> frozenset[str]:
        """The terms of the label of the commitment at ``row``; none when it has none."""
        return self.labels[row][1] if row in self.labels else frozenset()

    def titled(self, question: str) -> str | None:
        """The document whose title ``question`` asks about as a whole, if any
        (:func:`api.overview.overview_document`)."""
        return overview_document(question, self.titles, self.retriever.lexical.analyzer)

    def matching(self, question: str, query: str, editions: list[str], lang: Lang,
                 score: Scorer, best_plain: float) -> Listed | None:
        """The commitments that match ``query``'s topic (within ``margin`` of the best), or
        every commitment (of ``editions``, else of the pact's) for a bare list: the items of a
        list in a user's document (no edition) are no commitments of the pact, though its
        overview lists them. Only those of the lists with as
        many items as ``question`` states, when any has. None when the answer is better
        given plainly: a count no list has, or commitments far below the best sentence."""
        counted = self.counted(question, editions)
        if not counted and stated_count(question) is not None:
            return None  # « les 106 engagements » : no list that long here
        analyzer = self.retriever.lexical.analyzer
        if not list_topic(query, analyzer):  # every item, in index order, not ranked
            rows = counted or sorted(row for x in self.lists for row in x.rows)
            items = [r for r in map(self.retriever.result, rows)
                     if r.edition in (editions or PACT_EDITIONS)]
            return self.itemized(items, lang, self.unlisted(question, items)) if items else None
        k = max(10, self.passages)
        items = self.retriever.search(query, k, Filters(editions=editions or PACT_EDITIONS,
                                                        kinds=["commitment"]))
        ids = {self.retriever.chunks[row]["chunk_id"] for row in counted}
        items = [r for r in items if r.chunk_id in ids] or items
        best: dict[int, float] = {}
        for s in score(query, items):
            best.setdefault(s.rank, s.score)
        top = max(best.values(), default=0.0)
        if top < best_plain - 2 * self.margin:
            return None  # the commitments are far from the question
        keep = [rank for rank, sc in best.items() if sc >= top - self.margin]
        return self.itemized([items[rank] for rank in keep], lang) if keep else None

    def unlisted(self, question: str, items: Sequence[SearchResult]) -> list[Citation]:
        """A bare list of other things than ``question`` lists, and what the text says of
        the things asked: the list's introduction when it names them (« Quels sont les
        engagements du pacte de 2015 ? »: « Ces engagements sont organisés autour de 5 grands
        piliers : »), else the first sentence of the items' documents that counts them
        (« Quels sont les objectifs de l'acte 2 ? »: « … 4 engagements déclinés en 13
        objectifs opérationnels… »). None when the list is of them (« 4 engagements
        structurants : »). For a bare list only: a question on a topic gets the commitments
        on it, not a count of them all."""
        m = LIST_NOUN.search(without_editions(question))
        if m is None:
            return []
        analyze, chunks = self.retriever.lexical.analyzer, self.retriever.chunks
        stems = analyze(lexical_text(as_engagements(m.group(0)), detect_language(question)))
        rows = [row for row in map(self.retriever.row, (r.chunk_id for r in items))
                if row is not None]
        intros = {" ".join(str(chunks[row]["context"]).split()) for row in rows}
        if any(counts(intro, stems, analyze) for intro in intros):
            return []  # « 4 engagements structurants : », then the four
        naming = {x for x in intros if set(analyze(x)) & set(stems)}
        texts = [row for doc in dict.fromkeys(r.doc_id for r in items)
                 for row in self.texts.get(doc, [])]
        for wanted in (lambda text: " ".join(text.split()) in naming,
                       lambda text: counts(text, stems, analyze)):
            for result in map(self.retriever.result, texts):  # one passage read at a time
                for s in self.bank.get(passage_of(result))[0]:
                    if wanted(s.text):
                        return [Citation(0, result, self.text(s.doc_id, s.start, s.end),
                                         s.start, s.end)]
        return []

    def headed(self, question: str, lang: Lang) -> Listed | None:
        """The items of the lists in users' documents whose title, heading and items' label
        name every term of ``question`` (« Quels sont les objectifs du plan hivernal ? » : the
        list under « Objectifs » in « Plan hivernal 2023-2024 »); of those, only the lists
        whose items' label names one when any does (« Quels sont les axes ? » : « Axe 1 : … »,
        « Axe 2 : … », not the items under them). None when no list fits."""
        analyzer = self.retriever.lexical.analyzer
        asked = set(analyzer(lexical_text(question, detect_language(question))))
        fit = [(x, own) for x, named, own in self.headings if asked and asked <= named | own]
        lists = [x for x, own in fit if asked & own] or [x for x, _ in fit]
        rows = [row for x in lists for row in x.rows]
        return self.itemized([self.retriever.result(r) for r in rows], lang) if rows else None

    def numbered(self, question: str, lang: Lang) -> Listed | None:
        """The commitments ``question`` names by their label and number (« Que prévoit l'axe
        2 ? »), each followed by the commitments under it (a heading's); only those of them
        whose label the question names, when it names one (« Quels sont les objectifs de
        l'engagement 1 ? »). None when it names none that the index has."""
        refs = set(named(question))
        rows = [row for row, (ref, _) in self.labels.items() if ref in refs] if refs else []
        if not rows:
            return None
        chunks, analyzer = self.retriever.chunks, self.retriever.lexical.analyzer
        asked = set(analyzer(lexical_text(question, detect_language(question))))
        out: list[int] = []
        for row in rows:
            c = chunks[row]
            path = subsection(str(c["section"]), str(c["text"]))  # what it heads, if a heading
            under = [r for x in self.lists for r in x.rows if chunks[r]["doc_id"] == c["doc_id"]
                     and f"{chunks[r]['section']} > ".startswith(f"{path} > ")]
            wanted = [r for r in under if asked & self._label_terms(r)]
            out += wanted or [row, *under]
        return self.itemized([self.retriever.result(r) for r in dict.fromkeys(out)], lang)

    def counted(self, question: str, editions: list[str]) -> list[int]:
        """The rows of the lists (of ``editions``) with as many items as ``question`` states
        (« les 5 piliers » : the five pillars, not the four commitments); of several, those
        whose introduction names the word counted. Empty when it states none or none fits."""
        stated = stated_count(question)
        if stated is None:
            return []
        count, noun = stated
        documents = self.retriever.documents
        lists = [x for x in self.lists
                 if documents[x.doc_id].get("edition") in (editions or PACT_EDITIONS)]
        analyzer = self.retriever.lexical.analyzer
        noun_terms = set(analyzer(lexical_text(noun, detect_language(question))))
        fit = sized(lists, count,
                    lambda intro: bool(noun_terms & set(analyzer(lexical_text(intro, "fr")))))
        return [row for x in fit for row in x.rows]

    def after_intro(self, best: Citation, lang: Lang, rest: Sequence[Citation]) -> Listed | None:
        """``best`` followed by the items of the list it introduces, then ``rest``; None
        when it introduces none."""
        intro = introduced(self.lists, best.result.doc_id, best.quote, best.end)
        if intro is None:
            return None
        items = [self.retriever.result(row) for row in intro.rows]
        return self.itemized(items, lang, [best], rest)

    def itemized(self, items: Sequence[SearchResult], lang: Lang,
                 lead: Sequence[Citation] = (), tail: Sequence[Citation] = ()) -> Listed:
        """One cited line per item, between the quotes of ``lead`` (the list's introduction)
        and of ``tail`` (the other quotes of a plain answer), numbered in that order."""
        listed = [self.item(r) for r in items]
        tail = [c for c in tail if not any(_overlap(c, x) for x in listed)]
        cited = _numbered([*lead, *listed, *tail])
        first, last = len(lead), len(lead) + len(listed)  # the items' indices in ``cited``
        return [line(c, lang, first <= i < last) for i, c in enumerate(cited)], cited

    def overview(self, editions: list[str], lang: Lang, document: str | None = None
                 ) -> Listed | None:
        """Per edition (``editions``, or all), or for ``document`` alone: the first
        ``lead_sentences`` sentences of its text, each quoted, then its commitments. None
        when the index has no such text."""
        r = self.retriever
        lines, cited = list[str](), list[Citation]()
        for edition, texts, rows in overview_rows(r.documents, self.texts, self.lists, editions,
                                                  document):
            lead = self._lead(map(r.result, texts))
            items = [self.item(r.result(row)) for row in rows]
            part = _numbered([*lead, *items], first=len(cited) + 1)
            lines += [line(c, lang, i >= len(lead), edition) for i, c in enumerate(part)]
            cited += part
        return (lines, cited) if cited else None

    def item(self, r: SearchResult) -> Citation:
        """The item ``r`` quoted whole, less what ties it to the next one."""
        sents, _ = self.bank.get(passage_of(r))
        start = sents[0].start
        text = item_text(self.text(r.doc_id, start, sents[-1].end))
        return Citation(0, r, text, start, start + len(text))

    def _lead(self, passages: Iterable[SearchResult]) -> list[Citation]:
        """The first ``lead_sentences`` sentences of ``passages`` (which overlap), in order."""
        lead: list[Citation] = []
        for result in passages:
            for s in self.bank.get(passage_of(result))[0]:
                if len(lead) < self.lead_sentences and (not lead or s.start >= lead[-1].end):
                    lead.append(Citation(0, result, self.text(s.doc_id, s.start, s.end),
                                         s.start, s.end))
            if len(lead) == self.lead_sentences:
                break
        return lead

    def text(self, doc_id: str, start: int, end: int) -> str:
        """The document's text from ``start`` to ``end``: what a citation quotes."""
        return self.retriever.texts[doc_id][start:end]


def _numbered(citations: Sequence[Citation], first: int = 1) -> list[Citation]:
    return [replace(c, n=n) for n, c in enumerate(citations, first)]


def line(c: Citation, lang: Lang, item: bool = False, edition: str | None = None) -> str:
    """« quote » [n] (edition), or for an item: - quote [n] (edition, or the title of a
    document that belongs to none), on one line (« ENGAGEMENT 1 » over its title is one)."""
    label = edition_label(edition or c.result.edition or "", lang)
    if not item:
        return f"{quoted(c.quote)} [{c.n}]" + (f" ({label})" if label else "")
    return f"- {' '.join(c.quote.split())} [{c.n}] ({label or c.result.title})"


def _overlap(a: Citation, b: Citation) -> bool:
    return a.result.doc_id == b.result.doc_id and a.start < b.end and b.start < a.end
