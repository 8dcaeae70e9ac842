"""BM25 index: scores against the formula, ordering, empty queries, save/load."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from indexer.analyzer import FrenchAnalyzer
from indexer.errors import IndexMismatchError, IndexMissingError
from indexer.lexical import LexicalIndex, top_n

K1, B = 1.2, 0.75


class SplitAnalyzer:
    """Whitespace tokens, so that term counts in the toy corpus are obvious."""

    def __call__(self, text: str) -> list[str]:
        return text.split()

    def settings(self) -> dict[str, Any]:
        return {"name": "split"}


TOY = ["chat chat chien", "chien souris", "oiseau"]  # lengths 3, 2, 1: avgdl = 2


def bm25(tf: int, df: int, dl: int, n_docs: int = 3, avgdl: float = 2.0) -> float:
    """One term's Lucene-variant BM25 (bm25s's default ``method="lucene"``):

    idf = ln(1 + (N - df + 0.5) / (df + 0.5))
    score = idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))   (no (k1 + 1) factor)
    """
    idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return idf * tf / (tf + K1 * (1 - B + B * dl / avgdl))


@pytest.fixture
def toy() -> LexicalIndex:
    return LexicalIndex.build(TOY, SplitAnalyzer())


def test_single_term_matches_formula(toy: LexicalIndex) -> None:
    rows, scores = toy.search("chat", n=10)
    assert rows.tolist() == [0]
    assert scores[0] == pytest.approx(bm25(tf=2, df=1, dl=3), rel=1e-6)


def test_two_terms_match_formula(toy: LexicalIndex) -> None:
    rows, scores = toy.search("chien souris", n=10)
    expected_d1 = bm25(tf=1, df=2, dl=2) + bm25(tf=1, df=1, dl=2)
    expected_d0 = bm25(tf=1, df=2, dl=3)
    assert rows.tolist() == [1, 0]
    assert scores.tolist() == pytest.approx([expected_d1, expected_d0], rel=1e-6)
    assert rows.dtype == np.int64 and scores.dtype == np.float32


def test_repeated_query_term_counts_twice(toy: LexicalIndex) -> None:
    _, once = toy.search("chat", n=1)
    _, twice = toy.search("chat chat", n=1)
    assert twice[0] == pytest.approx(2 * once[0], rel=1e-6)


def test_match_divides_by_the_query_idf(toy: LexicalIndex) -> None:
    # "chien souris lapin": df 2, 1 and 0 ("lapin" is in no row, but still counts).
    idf = [math.log(1 + (3 - df + 0.5) / (df + 0.5)) for df in (2, 1, 0)]
    total = sum(idf)
    bm25_q, coverage = toy.match("chien souris lapin chien")  # a repeat counts once in coverage
    assert coverage.tolist() == pytest.approx([idf[0] / total, (idf[0] + idf[1]) / total, 0.0])
    expected_d1 = 2 * bm25(tf=1, df=2, dl=2) + bm25(tf=1, df=1, dl=2)  # BM25 counts it twice
    assert bm25_q.tolist() == pytest.approx(
        [2 * bm25(tf=1, df=2, dl=3) / total, expected_d1 / total, 0.0], rel=1e-6)


def test_match_of_an_unknown_query_is_zero(toy: LexicalIndex) -> None:
    for query in ("lapin", ""):
        bm25_q, coverage = toy.match(query)
        assert bm25_q.tolist() == coverage.tolist() == [0.0, 0.0, 0.0]


def test_n_limits_and_sorts(toy: LexicalIndex) -> None:
    rows, scores = toy.search("chien souris oiseau chat", n=2)
    assert len(rows) == 2
    assert np.all(np.diff(scores) <= 0)
    assert toy.search("chien", n=0)[0].size == 0


@pytest.mark.parametrize("query", ["", "   ", "inconnu", "zèbre girafe"])
def test_empty_or_unknown_query_gives_empty_arrays(toy: LexicalIndex, query: str) -> None:
    rows, scores = toy.search(query, n=5)
    assert rows.size == 0 and scores.size == 0
    assert rows.dtype == np.int64 and scores.dtype == np.float32


def test_french_stop_word_query_gives_empty_arrays() -> None:
    index = LexicalIndex.build(["L'accès aux droits", "Le logement d'abord"], FrenchAnalyzer())
    assert index.search("le la les des", n=5)[0].size == 0
    assert index.search("Logements", n=5)[0].tolist() == [1]
    assert index.search("acces au DROIT", n=5)[0].tolist() == [0]


def test_empty_corpus_and_stop_word_corpus() -> None:
    for texts in ([], ["le la", "et ou"]):
        index = LexicalIndex.build(texts, FrenchAnalyzer())
        assert len(index) == len(texts)
        assert index.search("logement", n=5)[0].size == 0


def test_ties_go_to_the_lower_row() -> None:
    rows, scores = top_n(np.array([0.0, 1.0, 2.0, 1.0, 1.0]), 3)
    assert rows.tolist() == [2, 1, 3]
    assert scores.tolist() == [2.0, 1.0, 1.0]


def test_save_load_round_trip(toy: LexicalIndex, tmp_path: Path) -> None:
    toy.save(tmp_path / "bm25")
    files = {p.name for p in (tmp_path / "bm25").iterdir()}
    assert files and all(name.endswith((".npy", ".json")) for name in files)
    for npy in (tmp_path / "bm25").glob("*.npy"):
        np.load(npy, allow_pickle=False)
    loaded = LexicalIndex.load(tmp_path / "bm25", SplitAnalyzer())
    assert len(loaded) == 3 and loaded.vocab_size == toy.vocab_size
    for query in ["chat", "chien souris", "oiseau chat", "inconnu", ""]:
        for a, b in zip(toy.search(query, 10), loaded.search(query, 10), strict=True):
            np.testing.assert_array_equal(a, b)


def test_french_round_trip(tmp_path: Path) -> None:
    texts = ["L'accès aux droits des personnes sans-abri", "Aide au logement", "Hébergement"]
    index = LexicalIndex.build(texts, FrenchAnalyzer(), k1=1.5, b=0.5)
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.settings() == index.settings()
    for query in ["droits sans abri", "logement hébergement", "rien"]:
        for a, b in zip(index.search(query, 5), loaded.search(query, 5), strict=True):
            np.testing.assert_array_equal(a, b)


def test_load_checks_analyzer_and_presence(toy: LexicalIndex, tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError):
        LexicalIndex.load(tmp_path / "absent")
    toy.save(tmp_path)
    with pytest.raises(IndexMismatchError):
        LexicalIndex.load(tmp_path, FrenchAnalyzer())
