"""Extractive answers: verbatim sentences from the retrieved passages, each cited [n].

The sentences of the passages read are scored, and the answer's confidence compared with
the threshold of the question's language, by ``api.scoring`` (the answerer is a
:class:`~api.scoring.SentenceScorer`); below it, the answer abstains (``grounded=False``)
and the nearest passages become suggestions. "Which commitments…" questions, a best quote
that introduces a list (« … 5 grands piliers : ») and questions about a whole text get one
cited line per commitment (``api.listing``). Quotes are spans of the document text, never
rewritten (chosen and assembled by ``api.quotes``).

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
>>> text = answerer.retriever.texts[a.citations[0].result.doc_id]
>>> text[a.citations[0].start:a.citations[0].end] == a.citations[0].quote
True

A question that names an edition of the index needs ``edition_discount`` less:

>>> answerer.edition_discount = 0.08
>>> round(answerer.threshold("fr", "budget de l'Acte 2"), 4), answerer.threshold("fr", "Acte 3")
(0.22, 0.3)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from api.amounts import asks_amount, asks_amount_only, payers, states_amount
from api.counting import asks_count_only, count_terms, counts, same_kind
from api.editions import edition_label, list_editions, names_pact, unknown_edition
from api.followup import Subject
from api.language import (
    FRAMING,
    Lang,
    as_engagements,
    detect_language,
    is_list_question,
    list_topic,
)
from api.listing import Lister, line
from api.names import absence_note, absent_names, near
from api.overview import asks_comparison, asks_overview
from api.quotes import Citation, Scored, by_document, cite, in_context, select, suggest
from api.scoring import SentenceScorer
from api.sentences import LexicalOverlap, Passage, SentenceBank, headers_of, stored_sentences
from api.smalltalk import reply, small_talk
from indexer.search import Filters, Retriever, SearchResult
from indexer.sentences import SentenceSplitter, spacy_sentences
from indexer.settings import Settings

# talk: a greeting's reply, or the request for a question when a message has no word to
# search for (api.smalltalk); overview: what a pact text is about (api.overview)
Mode = Literal["plain", "list", "abstain", "talk", "overview"]


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
    # What ``text`` says first: a word corrected, a name no text holds (a generated answer
    # says them too).
    notes: tuple[str, ...] = ()


def framed(key: str, lang: Lang, lines: Sequence[str], cited: Sequence[Citation]) -> str:
    """The answer's text: its framing (``FRAMING[lang][key]``), then ``lines``. Quotes from
    a document of no edition (one a user added, not a pact text) are framed as coming from
    « les documents indexés ».

    >>> framed("plain", "fr", ["« … » [1]"], []).split("\\n")
    ["D'après les textes du pacte\\xa0:", '« … » [1]']
    """
    pact = all(c.result.edition for c in cited)
    return "\n".join([FRAMING[lang][key if pact else f"{key}_docs"], *lines])


class ExtractiveAnswerer(SentenceScorer):
    """Answers from ``passages`` retrieved passages, quoting up to ``sentences`` sentences
    within ``margin`` of the best; its scores and confidence are those of ``api.scoring``."""

    def __init__(self, retriever: Retriever, bank: SentenceBank, lexical: LexicalOverlap, *,
                 passages: int = 5, sentences: int = 3, margin: float = 0.05,
                 list_margin: float = 0.06, document_prior: float = 0.0,
                 context_weight: float = 0.0, **scoring: float) -> None:
        """``scoring``: :class:`~api.scoring.SentenceScorer`'s thresholds and weights;
        ``document_prior``: the weight of a document's search score in choosing the quotes
        (:func:`~api.quotes.by_document`); ``context_weight``: that of the question's words
        in the sentence before (:func:`~api.quotes.in_context`)."""
        super().__init__(retriever, bank, lexical, **scoring)
        self.passages, self.sentences = passages, sentences
        self.document_prior, self.context_weight = document_prior, context_weight
        self.margin = margin
        self.lister = Lister(retriever, bank, passages=passages, margin=list_margin)
        # An index that also holds a user's documents (of no edition) abstains in their name.
        pact = all(d.get("edition") for d in retriever.documents.values())
        self.abstain = "abstain" if pact else "abstain_docs"
        # A partner's index with no text of the pact: greetings do not offer the pact, and
        # a question about the pact is told so, unless one of its documents speaks of it.
        self.has_pact = any(d.get("edition") for d in retriever.documents.values())
        self.speaks_of_pact = self.has_pact or retriever.lexical.query_ids("pacte").size > 0

    @classmethod
    def from_retriever(cls, retriever: Retriever, settings: Settings,
                       split: SentenceSplitter | None = None) -> ExtractiveAnswerer:
        if split is None:
            split = spacy_sentences(settings.spacy_model)
        headers = headers_of(retriever.chunks, retriever.documents)
        bank = SentenceBank(retriever.documents, retriever.embedder, split,
                            retriever.lexical.analyzer, headers, stored=stored_sentences(retriever))
        return cls(retriever, bank, LexicalOverlap.from_index(retriever.lexical),
                   passages=settings.answer_passages, sentences=settings.answer_sentences,
                   document_prior=settings.answer_document_prior,
                   context_weight=settings.answer_context_weight,
                   threshold=settings.answer_threshold,
                   threshold_en=settings.answer_threshold_en,
                   passage_weight=settings.answer_passage_weight,
                   lexical_weight=settings.answer_lexical_weight,
                   edition_discount=settings.answer_edition_discount)

    def warm(self, limit: int = 5_000) -> int:
        """Split and embed every passage's sentences now, for a small index; for a larger
        one, load the sentence splitter at least (spaCy's pipeline: 6 s on a first question
        otherwise)."""
        chunks = self.retriever.chunks
        if len(chunks) <= limit:
            self.bank.warm(Passage(c["chunk_id"], c["doc_id"], c["start"], c["end"], c["text"])
                           for c in chunks)
        else:
            self.bank.split("Le pacte. Ses engagements.")
        return len(self.bank)

    def answer(self, question: str, subject: Subject | None = None) -> Answer:
        """Answer ``question``, in its conversation's ``subject`` when given
        (``api.followup.conversation``): a follow-up merged with its subject drives search,
        the conversation's editions are preferred, and it asks what ``subject.asks`` asks (« et
        pour l'acte 2 ? » asks a count, a sum or a list when its subject did).
        A misspelt word is corrected first (``indexer.spelling``), and the answer says so; it
        also says which names of the question no text holds (« Lyon » : ``api.names``), and
        then gives no sentence as the answer (a sentence that does not name it cannot say
        what it is), only suggestions."""
        if small_talk(question) is not None:
            return self._answer(question)
        spelled = self.retriever.spell(question)
        query = asks = None
        editions: Sequence[str] | None = None
        if subject is not None:
            query = self.retriever.spell(subject.text).text if subject.text else None
            asks = (self.retriever.spell(subject.asks).text
                    if subject.asks not in ("", question) else None)
            editions = subject.editions
        absent = self.absent(spelled.text)
        answer = self._answer(spelled.text, query, editions, asks, bool(absent))
        absent = absent if answer.mode != "talk" else []
        notes = tuple(filter(None, [spelled.note(answer.lang), absence_note(absent)]))
        return replace(answer, text="\n".join([*notes, answer.text]), notes=notes)

    def absent(self, question: str) -> list[str]:
        """The names ``question`` uses that no passage of the index holds (``api.names``)."""
        analyze, df = self.retriever.lexical.analyzer, self.retriever.lexical.doc_freq

        def holds(word: str) -> bool:  # and its stem is most of it: not « long(ement) »
            terms = analyze(word)
            return (bool(terms) and all(df(t) for t in terms)
                    and len("".join(terms)) >= len(word) - 2)

        return absent_names(question, lambda word: (all(df(t) for t in analyze(word))
                                                    or near(word, holds)))

    def _answer(self, question: str, query: str | None = None,
                editions: Sequence[str] | None = None, asks: str | None = None,
                absent: bool = False) -> Answer:
        """:meth:`answer`, spelling corrected; ``absent``: the question names something no
        text holds (« Quel est le rôle du SIAO ? »), so no sentence can be its answer.

        A follow-up that asks something of its own (« qui l'a signé ? », not « et pour
        l'acte 2 ? ») also reads the passages found by its own words, and its own terms make
        the lexical overlap: the longer subject would otherwise choose the quotes."""
        talk = small_talk(question)
        if talk is not None:  # « bonjour », « merci » : a short reply, nothing from the texts
            return Answer(reply(*talk, self.has_pact), [], False, 1.0, talk[1], "talk")
        query = query or question
        asking = asks or question  # what is asked: a count, a sum, a date, a list
        lang = detect_language(question)
        if not self.retriever.lexical.analyzer(query):  # « le », « ??? », « 🏠 »: no word
            return Answer(reply("unclear", lang, self.has_pact), [], False, 0.0, lang, "talk")
        named = list(editions) if editions is not None else list_editions(question)
        # « Parle-moi de l'Acte 2 », or of a document by its title: no sentence answers it best.
        # « Quelle est la différence entre le pacte de 2015 et l'acte 2 ? »: no text compares
        # them, so each edition's overview, side by side, says that it does not.
        if asks_comparison(query) and len([e for e in self.editions if e]) > 1:
            compared = self.lister.overview([], lang)
            if compared is not None:
                lines, cited = compared
                return Answer(framed("compare", lang, lines, cited), cited, True, 1.0, lang,
                              "overview", passages=[c.result for c in cited])
        whole = asks_overview(query)
        document = None if whole else self.lister.titled(query)
        if whole or document is not None:
            overview = self.lister.overview(named, lang, document)
            if overview is not None:
                lines, cited = overview
                return Answer(framed("plain", lang, lines, cited), cited, True, 1.0, lang,
                              "overview",
                              passages=[c.result for c in cited])
        # « Que prévoit l'axe 2 ? » : a commitment named by its label and number, and those
        # under it (the commitments of a user's plan that label themselves).
        numbered = self.lister.numbered(question, lang)
        if numbered is not None:
            return Answer(framed("plain", lang, *numbered), numbered[1], True, 1.0, lang, "list",
                          passages=[c.result for c in numbered[1]])
        # « Quels sont les objectifs du plan hivernal ? » : a list of a user's document, by
        # its heading (a question about the pact lists the pact's commitments below).
        if is_list_question(asking) and not names_pact(query):
            headed = self.lister.headed(query, lang)
            if headed is not None:
                return Answer(framed("plain", lang, *headed), headed[1], True, 1.0, lang, "list",
                              passages=[c.result for c in headed[1]])
        prefer = named[0] if len(named) == 1 else None
        # A follow-up's own words: a query that is the question itself, spaced otherwise, is none.
        own = question.split() != query.split()
        asked = question if own and self._terms(question) else None
        results = self._search(query, prefer)
        if asked:
            seen = {r.chunk_id for r in results}
            results += [r for r in self._search(asked, prefer) if r.chunk_id not in seen]
        # « Quelles actions pour les jeunes ? » asks for the texts' « engagements »: « … celui
        # de l'action » must not match it.
        listing = is_list_question(asking)
        scored = self.score(query, results, prefer,
                            asked or (as_engagements(query) if listing else None), asking)
        # « Combien de personnes… ? » wants a sentence that counts them: read further for one
        # (an English question often misses it in the first passages). With none that counts
        # them, or the same kind of thing (« 106 engagements » for « mesures »), no answer.
        # Read in the question's language: "signatories" alone reads as French.
        asking_lang = detect_language(asking)
        counted = count_terms(asking, lambda text: self._terms(text, asking_lang))
        if counted and not asked and not self._counting(counted, scored):
            more = self._search(query, prefer, 3 * self.passages)
            if len(more) > len(results):
                more_scored = self.score(query, more, prefer, asking=asking)
                if self._counting(counted, more_scored):
                    results, scored = more, more_scored
        kinds = same_kind(counted, self._terms)  # the asked thing and its kind's other names
        no_count = bool(counted) and not self._counting(kinds, scored)
        confidence = self.confidence(query, scored)
        # « l'Acte 3 », « le pacte de 2010 »: an edition the index does not have.
        missing = unknown_edition(question, self.editions) or (
            "pacte" if not self.speaks_of_pact and names_pact(question) else None)
        # « Quel est le montant du pacte de 2015 ? »: no passage read gives a sum of money;
        # « … le budget de la Ville ? »: none gives one of the Ville (840 M€ are the State's).
        amount = self._amount(question, asking) if asks_amount(asking) else None
        no_amount = amount is not None and not any(amount(s) for s in scored)
        # « Quel est le budget de l'Acte 2 ? »: a question on the pact that asks a sum or a
        # count which its best sentence gives (« 840 millions d'euros ») is answered whatever
        # that sentence scores: « budget » reads far from « mobilisés ». So is « Quel est le
        # budget ? » or « Combien de signataires ? », which ask nothing else: the assistant's
        # subject is the pact.
        best = scored[:1]
        on_pact = names_pact(query)
        given = bool(best) and (
            (amount is not None and (on_pact or asks_amount_only(query, self._terms))
             and amount(best[0]))
            or (bool(counted) and (on_pact or asks_count_only(query, counted, self._terms))
                and self._counting(kinds, best)))
        # The discount is for a question that names an edition in its own words, not for a
        # follow-up whose edition comes from the conversation.
        confident = ((confidence >= self.threshold(lang, question) or given) and not missing
                     and not absent and not no_amount and not no_count)
        # « What are the commitments of act 2? » asks for the lists themselves, whatever the
        # sentences score (0.825 for a threshold of 0.833 in English).
        bare = listing and not list_topic(query, self.retriever.lexical.analyzer)
        if listing and (confident or (bare and not missing and not absent)):
            listed = self.lister.matching(asking, query, named, lang, self.score,
                                          scored[0].score if scored else 0.0)
            if listed is not None:
                return Answer(framed("list", lang, *listed), listed[1], True, confidence, lang,
                              "list", [], results, scored)
        if not confident:
            # « … le budget de la Ville ? »: the State's 840 M€ is still the nearest thing said.
            lead = (next((s for s in scored if states_amount(s.sentence.text)), None)
                    if no_amount else None)
            suggestions = suggest(scored, results, lead=lead)
            refusal = (self._refusal(lang, missing) if missing or not (no_amount or no_count)
                       else FRAMING[lang]["abstain_amount" if no_amount else "abstain_count"])
            text = " ".join([refusal]
                            + [FRAMING[lang]["suggested"]] * bool(suggestions))
            return Answer(text, [], False, confidence, lang, "abstain", suggestions, results,
                          scored)
        ranked = by_document(in_context(scored, self.context_weight), results,
                             self.document_prior)
        # A sum or a count quoted first: the quotes after it give one too, not « 5 grands
        # piliers » after « 13 grandes institutions » for « Combien de signataires ? ».
        chosen = select(ranked, self.margin, self.sentences)
        if amount is not None and chosen and amount(chosen[0]):
            chosen = [s for s in chosen if amount(s)]
        elif counted and chosen and self._counting(kinds, chosen[:1]):
            chosen = [s for s in chosen if self._counting(kinds, [s])]
        citations = cite(chosen, results, self.bank.get, self.lister.text)
        # « … 4 engagements structurants : » alone says nothing: its list follows it.
        listed = self.lister.after_intro(citations[0], lang, citations[1:])
        if listed is not None:
            return Answer(framed("plain", lang, *listed), listed[1], True, confidence, lang,
                          "list", [], results, scored)
        lines = [line(c, lang) for c in citations]
        return Answer(framed("plain", lang, lines, citations), citations, True, confidence, lang,
                      "plain", [], results, scored)

    def _refusal(self, lang: Lang, missing: str | None) -> str:
        """Why there is no answer: the texts do not say, or do not include what the question
        names (an edition, or the pact itself on an index of a partner's documents only)."""
        if missing and not self.has_pact:
            return FRAMING[lang]["abstain_no_pact"]
        if missing:
            labels = [edition_label(e, lang) for e in self.editions if e]
            return FRAMING[lang]["abstain_edition"].format(
                editions=" ; ".join(labels) if lang == "fr" else "; ".join(labels),
                missing=missing)
        return FRAMING[lang][self.abstain]

    def _amount(self, question: str, asking: str) -> Callable[[Scored], bool]:
        """Whether a sentence states a sum of money of whom ``question`` asks it, or else
        ``asking``, the question it follows up on (« et la Ville ? »); any sum when neither
        names a payer (``api.amounts``)."""
        analyze = self.retriever.lexical.analyzer
        paid_by = {t for name in payers(question) or payers(asking) for t in analyze(name)}
        return lambda s: states_amount(s.sentence.text) and (
            not paid_by or bool(paid_by & s.sentence.terms))

    def _counting(self, terms: list[str], scored: list[Scored]) -> bool:
        """Whether a sentence of ``scored`` gives a number of what ``terms`` name."""
        analyze = self.retriever.lexical.analyzer
        return any(counts(s.sentence.text, terms, analyze) for s in scored)

    def _search(self, query: str, prefer: str | None, k: int = 0) -> list[SearchResult]:
        """The ``k`` passages (default: ``passages``) to read. A question about one edition
        ("et pour l'acte 2 ?") reads that edition's, when the index has any."""
        k = k or self.passages
        results = (self.retriever.search(query, k, Filters(editions=[prefer]))
                   if prefer else [])
        return results or self.retriever.search(query, k)
