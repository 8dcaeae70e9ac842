"""Choosing the quotes: a sentence gains a share of its document's search score
(``api.quotes.by_document``), set by ``answer_document_prior``."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.answer import ExtractiveAnswerer
from api.quotes import Scored, by_document, select
from api.sentences import Sentence
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.search import Retriever, SearchResult
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


@pytest.mark.parametrize("prior", [0.0, 1.5])
def test_the_setting_reaches_the_answerer(tmp_path: Path, prior: float) -> None:
    settings = Settings(data_dir=tmp_path, answer_document_prior=prior)
    build_index(["corpus"], settings, embedder=HashEmbedder(), progress=False)
    answerer = ExtractiveAnswerer.from_retriever(
        Retriever.load(settings, embedder=HashEmbedder()), settings)
    assert answerer.document_prior == prior
