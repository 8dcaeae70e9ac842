"""Choosing the quotes: a sentence gains a share of its document's search score
(``api.quotes.by_document``), set by ``answer_document_prior``, and a share of the
question's words that the sentence before it holds (``api.quotes.in_context``), set by
``answer_context_weight``."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.answer import ExtractiveAnswerer
from api.quotes import Scored, by_document, in_context, select, suggest
from api.scoring import SentenceScorer
from api.sentences import LexicalOverlap, Sentence, SentenceBank
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.search import Retriever, SearchResult
from indexer.sentences import regex_sentences
from indexer.settings import Settings


def result(chunk_id: str, doc_id: str, score: float) -> SearchResult:
    return SearchResult(chunk_id, doc_id, "T", "", "", score, 0, 99, None, "", "text", "")


def sentence(doc_id: str, start: int, text: str) -> Sentence:
    return Sentence(f"{doc_id}:x", doc_id, start, start + len(text), text, frozenset())


# Search ranks document « a » first (0.90, and 0.70 for its second passage), « b » second
# (0.84). The sentences' own scores put b's first.
RESULTS = [result("a:1", "a", 0.90), result("b:1", "b", 0.84), result("a:2", "a", 0.70)]
B = Scored(sentence("b", 0, "Une phrase de b."), 1.00, 1)
A2 = Scored(sentence("a", 50, "La seconde phrase de a."), 0.97, 2)
A1 = Scored(sentence("a", 0, "La première phrase de a."), 0.80, 0)


def test_without_prior_the_sentence_scores_decide() -> None:
    assert by_document([B, A2, A1], RESULTS, 0.0) == [B, A2, A1]


def test_a_lower_ranked_document_pays_its_gap_times_the_weight() -> None:
    ranked = by_document([B, A2, A1], RESULTS, 3.0)
    # b: 1.00 + 3 × (0.84 − 0.90) = 0.82; a's sentences keep their scores, even the one of
    # its 0.70 passage (passages of one document overlap and share sentences).
    assert [(s.sentence.text, round(s.score, 4)) for s in ranked] == [
        ("La seconde phrase de a.", 0.97), ("Une phrase de b.", 0.82),
        ("La première phrase de a.", 0.8)]
    # The margin of the quotes then reads the new scores: b's sentence is 0.15 behind.
    assert select(ranked, margin=0.05, n=3) == [ranked[0]]


def test_a_gap_smaller_than_the_sentences_lead_keeps_the_order() -> None:
    ranked = by_document([B, A2, A1], RESULTS, 0.25)  # b: 1.00 − 0.015 = 0.985 > 0.97
    assert [s.sentence.text for s in ranked][:2] == ["Une phrase de b.", "La seconde phrase de a."]


def test_a_lead_sentence_comes_first_among_suggestions() -> None:
    # Passage ranks 0, 1, 2; the lead is the sentence of rank 2 (a sum another payer pays).
    lead = Scored(sentence("a", 50, "Elle mobilise 840 millions d'euros."), 0.5, 2)
    scored = [B, A1, lead]
    assert [(c.n, c.result.chunk_id, c.quote) for c in suggest(scored, RESULTS, 2, lead)] == [
        (1, "a:2", "Elle mobilise 840 millions d'euros."), (2, "a:1", "La première phrase de a.")]
    assert [c.result.chunk_id for c in suggest(scored, RESULTS)] == ["a:1", "b:1", "a:2"]


@pytest.mark.parametrize("prior", [0.0, 1.5])
def test_the_settings_reach_the_answerer(tmp_path: Path, prior: float) -> None:
    settings = Settings(data_dir=tmp_path, answer_document_prior=prior,
                        answer_context_weight=prior / 10)
    build_index(["corpus"], settings, embedder=HashEmbedder(), progress=False)
    answerer = ExtractiveAnswerer.from_retriever(
        Retriever.load(settings, embedder=HashEmbedder()), settings)
    assert (answerer.document_prior, answerer.context_weight) == (prior, prior / 10)


def test_the_words_of_the_sentence_before_count_at_the_context_weight() -> None:
    # « Où le pacte est-il signé ? »: the second sentence says where, the first names the pact.
    first, second = sentence("a", 0, "Le pacte est parisien."), sentence("a", 23, "Il y fut signé.")
    scored = [Scored(first, 0.95, 0, lexical=0.25), Scored(second, 0.90, 0, lexical=0.75,
                                                                    context=0.25)]
    assert in_context(scored, 0.0) == scored
    ranked = in_context(scored, 0.3)  # 0.90 + 0.3 × 0.25 = 0.975 > 0.95
    assert [(s.sentence.text, round(s.score, 4)) for s in ranked] == [
        ("Il y fut signé.", 0.975), ("Le pacte est parisien.", 0.95)]


def test_the_scorer_measures_the_context_within_a_paragraph(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "pacte.txt").write_text(
        "Le pacte parisien est ambitieux. Il est signé à l'Hôtel de Ville.\n\n"
        "Il est signé en février.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    build_index([tmp_path / "docs"], settings, embedder=HashEmbedder(), progress=False)
    r = Retriever.load(settings, embedder=HashEmbedder())
    # Hand-set IDF: « pacte » 1, « signé » 3; the question holds no other word.
    lexical = LexicalOverlap({"pact": 1.0, "sign": 3.0}, unseen_idf=5.0)
    scorer = SentenceScorer(r, SentenceBank(r.documents, r.embedder, regex_sentences,
                                            r.lexical.analyzer), lexical)
    question = "Où le pacte est-il signé ?"
    assert sorted(scorer._terms(question)) == ["pact", "sign"]
    by_text = {s.sentence.text: s for s in scorer.score(question, r.search(question, 1))}
    first = by_text["Le pacte parisien est ambitieux."]
    second = by_text["Il est signé à l'Hôtel de Ville."]
    # The first: 1 of 4 for « pacte », nothing before it. The second: 3 of 4 for « signé »,
    # and the sentence before adds « pacte »'s 1 of 4.
    assert (first.lexical, first.context) == (0.25, 0.0)
    assert (second.lexical, second.context) == (0.75, 0.25)
    # After a blank line, another paragraph: what came before is not its context.
    third = by_text["Il est signé en février."]
    assert (third.lexical, third.context) == (0.75, 0.0)
