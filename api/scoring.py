"""Sentence scores and the confidence that decides whether an answer abstains.

A sentence's score is its cosine with the question (same e5 model: ``query:`` against
``passage:``) plus ``lexical_weight`` × the IDF-weighted share of the question's terms it
contains, plus priors: ``edition_boost`` for a sentence of the edition the question
names, ``number_boost`` for a sentence holding a number when the question asks for a
quantity, and ``number_boost`` again when that number counts the word the question counts
(« combien d'engagements » : « … présente 106 engagements », ``api.counting``; when no
sentence read counts it, another name of its kind: « signataires » in « 13 … institutions »),
or for a sentence that states a date or a time when the question asks when (« quand » : « Il
a été signé ce mercredi 18 février »). The answer's confidence mixes the best passage cosine
with the best sentence (see ``Settings.answer_passage_weight``); below the threshold of the
question's language (less ``edition_discount`` when the question names an edition of the
index), the answer abstains.
:class:`SentenceScorer` holds these settings; ``api.answer.ExtractiveAnswerer`` is one.

>>> round(mixed_confidence(0.8, [(0.9, 0.5)], passage_weight=0.5, lexical_weight=0.2), 6)
0.95
>>> import tempfile
>>> from api.sentences import LexicalOverlap, SentenceBank
>>> from indexer.build import build_index
>>> from indexer.embed import HashEmbedder
>>> from indexer.search import Retriever
>>> from indexer.sentences import regex_sentences
>>> from indexer.settings import Settings
>>> s = Settings(data_dir=tempfile.mkdtemp())
>>> _ = build_index(["corpus"], s, embedder=HashEmbedder(), progress=False)
>>> r = Retriever.load(s, embedder=HashEmbedder())
>>> scorer = SentenceScorer(r, SentenceBank(r.documents, r.embedder, regex_sentences,
...                         r.lexical.analyzer), LexicalOverlap.from_index(r.lexical),
...                         threshold=0.5, edition_discount=0.1)
>>> question = "Combien d'institutions ont signé le pacte ?"
>>> best = scorer.score(question, r.search(question, 3))[0]
>>> has_number(best.sentence.text), best.score > best.dense + scorer.number_boost
(True, True)
>>> scorer.threshold("fr", question), scorer.threshold("fr", "le budget de l'Acte 2 ?")
(0.5, 0.4)
"""

from __future__ import annotations

from collections.abc import Sequence

from api.counting import asks_date, counted, counts, same_kind, states_date
from api.editions import list_editions
from api.english import lexical_text
from api.language import Lang, as_engagements, asks_quantity, detect_language, has_number
from api.quotes import Scored, best_first, one_paragraph, passage_of
from api.sentences import LexicalOverlap, SentenceBank
from indexer.search import Retriever, SearchResult

# Added to a sentence holding a number when the question asks "combien / how many"
# (an answer-type prior; chosen on the gold set's dev questions: benchmarks/bench_citations.py).
NUMBER_BOOST = 0.2


def mixed_confidence(best_passage: float, sentences: Sequence[tuple[float, float]],
                     passage_weight: float, lexical_weight: float) -> float:
    """``passage_weight`` × the best passage cosine + the best over ``sentences`` (cosine,
    lexical overlap) of ``(1 − passage_weight)`` × cosine + ``lexical_weight`` × overlap;
    0 without sentences.

    >>> round(mixed_confidence(0.8, [(0.9, 0.5), (0.7, 1.0)], 0.25, 0.2), 6)
    0.975
    """
    if not sentences:
        return 0.0
    a, w = passage_weight, lexical_weight
    return a * best_passage + max((1 - a) * d + w * x for d, x in sentences)


class SentenceScorer:
    """Scores the sentences of retrieved passages, and the confidence an answer needs.

    Its settings are plain attributes, read at each call: benchmarks set them to calibrate
    (``thresholds``, ``passage_weight``, ``lexical_weight``, ``edition_discount``,
    ``number_boost``)."""

    def __init__(self, retriever: Retriever, bank: SentenceBank, lexical: LexicalOverlap, *,
                 threshold: float = 0.87, threshold_en: float = 0.8,
                 passage_weight: float = 0.75, lexical_weight: float = 0.15,
                 edition_discount: float = 0.0) -> None:
        self.retriever, self.bank, self.lexical = retriever, bank, lexical
        self.thresholds: dict[Lang, float] = {"fr": threshold, "en": threshold_en}
        self.passage_weight, self.lexical_weight = passage_weight, lexical_weight
        self.edition_discount = edition_discount
        self.edition_boost = 0.1
        self.number_boost = NUMBER_BOOST
        self.editions = sorted({str(d.get("edition") or "") for d in retriever.documents.values()}
                               - {""})

    def score(self, query: str, results: list[SearchResult], prefer: str | None = None,
              asked: str | None = None, asking: str | None = None) -> list[Scored]:
        """Every sentence of ``results``, best first; those of edition ``prefer`` (named by
        the question) get ``edition_boost``, those holding a number (an edition name such as
        « Acte 2 » is none) ``number_boost`` when the question asks for a quantity, twice
        when the number counts what the question counts; those that state a date or a time
        ``number_boost`` when it asks when. Each records, as ``context``, the overlap that the
        sentence before it in its paragraph adds (:func:`~api.quotes.in_context`). The
        lexical overlap counts the terms of ``asked`` (a follow-up's own words) when given,
        else those of ``query``; what is asked (a quantity, a date) is read from ``asking``
        (the question that says it: « quand ? » after « Qui a signé… ? »), else ``query``."""
        qv = self.retriever.query_vector(query)
        terms = self._terms(asked or query)
        asking = asking or query
        quantity, when = asks_quantity(asking), asks_date(asking)
        noun = counted(asking) if quantity else None
        # A question's « mesures » are the texts' « engagements »; a thing they never count
        # (« signataires », « participants ») is counted under another name of its kind.
        stems = self._terms(as_engagements(noun), detect_language(asking)) if noun else []
        analyze = self.retriever.lexical.analyzer
        read = [self.bank.get(passage_of(r)) for r in results]
        if stems and not any(counts(s.text, stems, analyze) for sents, _ in read for s in sents):
            stems = same_kind(stems, self._terms)
        out: list[Scored] = []
        for rank, (r, (sents, vectors)) in enumerate(zip(results, read, strict=True)):
            dense = vectors @ qv
            for i, (s, d) in enumerate(zip(sents, dense.tolist(), strict=True)):
                lex = self.lexical(terms, s.terms)
                before = sents[i - 1] if i else None
                context = (self.lexical(terms, s.terms | before.terms) - lex
                           if before and one_paragraph(
                               before, s, r.text[before.end - r.start : s.start - r.start])
                           else 0.0)
                boost = self.edition_boost if prefer and r.edition == prefer else 0.0
                if quantity and has_number(s.text):
                    boost += self.number_boost
                    if counts(s.text, stems, analyze):
                        boost += self.number_boost
                if when and states_date(s.text):  # the same answer-type prior
                    boost += self.number_boost
                out.append(Scored(s, float(d) + self.lexical_weight * lex + boost, rank,
                                  float(d), lex, context))
        return best_first(out)

    def confidence(self, query: str, scored: list[Scored]) -> float:
        """How well the documents answer ``query``; compared with the language's threshold."""
        if not scored:
            return 0.0
        dense = self.retriever.dense(query, 1)  # the nearest passage, not a second search
        return mixed_confidence(dense[0][1] if dense else 0.0,
                                [(s.dense, s.lexical) for s in scored],
                                self.passage_weight, self.lexical_weight)

    def names_edition(self, question: str) -> bool:
        """Whether ``question`` names, in its own words, an edition the index has."""
        return bool(set(list_editions(question)) & set(self.editions))

    def threshold(self, lang: Lang, question: str = "") -> float:
        """The confidence an answer to ``question`` needs: the language's threshold, less
        ``edition_discount`` when it names an edition the index has."""
        discount = self.edition_discount if self.names_edition(question) else 0.0
        return self.thresholds[lang] - discount

    def _terms(self, text: str, lang: Lang | None = None) -> list[str]:
        """The analysed terms of ``text`` matched against the sentences (edition names left
        out, English glossed)."""
        return self.retriever.lexical.analyzer(lexical_text(text, lang or detect_language(text)))
