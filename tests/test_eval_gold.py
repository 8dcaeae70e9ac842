"""The pact gold set: coverage, and span-anchored qrels that survive re-chunking."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval.gold import load_gold
from eval.report import markdown
from eval.runner import eval_settings, run_eval
from eval.spans import locate, normalize, span_qrels, span_units
from indexer.build import build_from_documents
from indexer.embed import HashEmbedder
from indexer.search import Retriever
from indexer.settings import Settings


def _index(tmp_path: Path, chunk_tokens: int) -> Retriever:
    gold = load_gold()
    s = Settings(data_dir=tmp_path / f"c{chunk_tokens}", chunk_tokens=chunk_tokens)
    build_from_documents(gold.documents, s, HashEmbedder(), progress=False)
    return Retriever.load(s, HashEmbedder())


def test_gold_set_mix() -> None:
    gold = load_gold()
    types = [q.meta["type"] for q in gold.in_scope()]
    assert len(gold.in_scope()) >= 60 and len(gold.out_of_scope()) >= 15
    for kind in ("factuelle", "liste", "paraphrase", "sans-accents", "anglais"):
        assert types.count(kind) >= 5, kind
    assert all(not q.spans for q in gold.out_of_scope())


def test_dev_split_is_separate_from_the_test_questions(tmp_path: Path) -> None:
    dev, test = load_gold(split="dev"), load_gold()
    assert dev.name == "pacte-dev" and len(dev.in_scope()) >= 40
    assert len(dev.out_of_scope()) >= 15
    assert not {normalize(q.text) for q in dev.queries} & {normalize(q.text) for q in test.queries}
    assert not {q.qid for q in dev.queries} & {q.qid for q in test.queries}
    # Every dev quote lies in an indexed passage too (headings and boilerplate are not).
    r = _index(tmp_path, 200)
    texts = dict(r.texts)
    units = span_units({q.qid: q.spans for q in dev.in_scope()}, r.chunks, texts)
    assert all(units[q.qid] for q in dev.in_scope())


@pytest.mark.parametrize("chunk_tokens", [40, 200])
def test_every_quote_and_every_section_is_labelled(tmp_path: Path, chunk_tokens: int) -> None:
    r = _index(tmp_path, chunk_tokens)
    gold = load_gold()
    texts = dict(r.texts)
    units = span_units({q.qid: q.spans for q in gold.in_scope()}, r.chunks, texts)
    assert all(units[q.qid] for q in gold.in_scope())
    relevant = {c for us in units.values() for _u, cs in us for c in cs}
    sections = {c["section"] for c in r.chunks}
    covered = {c["section"] for c in r.chunks if c["chunk_id"] in relevant}
    assert covered == sections


def test_span_qrels_survive_a_chunk_size_change(tmp_path: Path) -> None:
    small, large = _index(tmp_path, 40), _index(tmp_path, 200)
    assert len(small.chunks) > len(large.chunks)
    gold = load_gold()
    spans = {q.qid: q.spans for q in gold.in_scope()}
    per_index = []
    for r in (small, large):
        texts = dict(r.texts)
        qrels = span_qrels(spans, r.chunks, texts)
        by_id = {c["chunk_id"]: c for c in r.chunks}
        for q in gold.in_scope():
            for quote in q.spans:  # each quote is carried by a relevant chunk, or straddles
                places = [(d, a, b) for d, t in texts.items() for a, b in locate(quote, t)]
                assert any(normalize(quote) in normalize(by_id[c]["text"])
                           or any(by_id[c]["doc_id"] == d and by_id[c]["start"] < b
                                  and by_id[c]["end"] > a for d, a, b in places)
                           for c in qrels[q.qid]), (q.qid, quote)
        per_index.append({q: {by_id[c]["doc_id"] for c in v} for q, v in qrels.items()})
    assert per_index[0] == per_index[1]  # same documents judged relevant at both sizes


def test_run_on_two_chunk_sizes(tmp_path: Path) -> None:
    gold = load_gold()
    gold.queries = gold.in_scope()[:10] + gold.out_of_scope()[:2]
    scores = {}
    for size in (40, 200):
        s = eval_settings(Settings(data_dir=tmp_path), tmp_path, "pacte",
                          {"chunk_tokens": size})
        r = run_eval(gold, s, HashEmbedder(), answers=False, progress=False)
        assert set(r.per_query) == {q.qid for q in gold.in_scope()}
        assert r.cost["chunks"] > 0 and r.cost["p95_ms"] >= r.cost["p50_ms"]
        scores[size] = r.scores
    assert all(0 <= v <= 1 for s in scores.values() for v in s.values())


class Counting(HashEmbedder):
    """The fake embedder, counting the queries it encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.queries += 1
        return super().embed_query(text)


def test_answers_encode_each_question_once_as_the_api_does(tmp_path: Path) -> None:
    gold = load_gold()
    gold.queries = gold.in_scope()[:4] + gold.out_of_scope()[:2]
    embedder = Counting()
    s = eval_settings(Settings(data_dir=tmp_path), tmp_path, "pacte", {})
    r = run_eval(gold, s, embedder, answers=True, progress=False)
    assert r.abstention is not None and r.abstention["out_of_scope"] == 2
    # The questions behind the figures: each listed once, on the side of its error.
    out = {q.qid for q in gold.out_of_scope()}
    wrong = [e["qid"] for e in r.abstention["wrong"]]
    missed = [e["qid"] for e in r.abstention["missed"]]
    assert len(wrong) == r.abstention["abstained_in_scope"] and not set(wrong) & out
    assert set(missed) <= out and len(missed) == round(2 * (1 - r.abstention["recall"]))
    report = markdown([r], [], {}, [])
    assert ("### Erreurs d'abstention (défaut)" in report) == bool(wrong or missed)
    assert all(f"| {qid} |" in report for qid in wrong + missed)
    assert r.citations is not None and f"({r.citations['citations']} citations produites)" \
        in report
    # The bundled corpus is small: every question gets all its passages, R@100 is 1.
    chunks = r.cost["chunks"]
    assert chunks <= 100 and r.scores["R@100"] == 1.0
    assert (f"R@100 : le corpus ne compte que {chunks} passages, pas plus que les 100 demandés "
            "à search() ; chaque requête les a tous reçus : R@100 vaut 1 par construction."
            ) in report
    # A warm-up, the search run (every question), then /ask: one encoding per question, its
    # search, sentence scores and confidence sharing the API's query cache (not three).
    assert embedder.queries == 1 + 6 + 6


def test_a_quote_matches_whole_words_only() -> None:
    # « AME » (the state medical aid) is not inside « améliore »; it is in « l'AME. ».
    chunks = [{"chunk_id": "c1", "doc_id": "d", "text": "Le dispositif améliore l'accueil.",
               "start": 0, "end": 33},
              {"chunk_id": "c2", "doc_id": "d", "text": "Les droits à l'AME.", "start": 34,
               "end": 53}]
    text = "Le dispositif améliore l'accueil. Les droits à l'AME."
    assert span_units({"q": ["AME"]}, chunks, {"d": text}) == {"q": [("q#1", frozenset({"c2"}))]}
