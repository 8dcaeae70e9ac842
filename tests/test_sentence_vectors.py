"""Sentence vectors beside the passage vectors: the pure core, then a real build (FAISS,
spaCy, BM25) with the fake embedder."""

import json
from pathlib import Path

import numpy as np
import pytest

from api.answer import ExtractiveAnswerer
from api.sentences import Passage, SentenceBank
from indexer import store
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.errors import IndexMismatchError
from indexer.passages import passage_header
from indexer.search import Retriever
from indexer.sentence_vectors import SPANS, RowFile, SentenceVectors, mix
from indexer.sentences import regex_sentences, spacy_sentences
from indexer.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_best_sentence_per_passage_by_hand():
    # Passage 0: rows 0-1, passage 1: no sentence, passage 2: row 2.
    sv = SentenceVectors(np.array([[1, 0], [0, 1], [0.6, 0.8]], np.float16),
                         np.array([0, 2, 2, 3]))
    q = np.array([0.6, 0.8], np.float32)  # cosines 0.6, 0.8, 1.0
    assert sv.best([2, 1, 0], q).tolist() == pytest.approx([1.0, -1.0, 0.8], abs=1e-3)
    assert sv.best([1], q).tolist() == [-1.0]
    assert sv.best([], q).tolist() == []  # a filter that leaves no candidate


def test_loaded_vectors_are_read_from_the_file_row_by_row(tmp_path: Path):
    vectors = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]], np.float16)
    SentenceVectors(vectors, np.array([0, 2, 2, 4])).save(tmp_path)
    sv = SentenceVectors.load(tmp_path)
    assert isinstance(sv.vectors, RowFile) and sv.vectors.shape == (4, 2)
    assert sv.vectors[1:3].tolist() == vectors[1:3].tolist()
    q = np.array([0.6, 0.8], np.float32)  # cosines 0.6, 0.8, 1.0, 0.96
    assert sv.best([2, 1, 0], q).tolist() == pytest.approx([1.0, -1.0, 0.8], abs=1e-3)
    assert sv.best([], q).tolist() == []


def test_mix_by_hand():
    assert mix({3: 0.8, 5: 0.6}, {3: 0.9, 5: 0.5}, 0.25) == pytest.approx({3: 0.825, 5: 0.575})
    assert mix({3: 0.8}, {3: 0.2}, 0.0) == {3: 0.8}


class Counting(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return super().embed_passages(texts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Counting]:
    s = Settings(data_dir=tmp_path_factory.mktemp("sv"), sentence_weight=0.5)
    emb = Counting()
    build_index([CORPUS], s, embedder=emb, progress=False)
    return s, emb


def test_build_stores_each_passage_sentences_after_its_header(built):
    s, emb = built
    r = Retriever.load(s, embedder=HashEmbedder())
    manifest = json.loads((s.index_path / "manifest.json").read_text())
    rows = r.sentences.rows
    assert len(rows) == len(r.chunks) + 1 and rows[0] == 0
    assert manifest["sentences"] == {"count": int(rows[-1]), "dtype": "float16", "header": True}
    i = next(i for i in range(len(r.chunks)) if rows[i + 1] - rows[i] >= 2)
    c = store.read_jsonl(s.index_path / store.CHUNKS)[i]
    assert "sentences" not in c  # a load never parses the spans: they lie in their own file
    spans = np.load(s.index_path / SPANS)[rows[i]:rows[i + 1]].tolist()
    title = r.documents[c["doc_id"]]["title"]
    # The chunker's spans, which are spaCy's: the build splits nothing a second time.
    assert spans == [list(span) for span in spacy_sentences()(c["text"])]
    want = ["\n".join(x for x in (passage_header(title, c["section"]), c["text"][a:b]) if x)
            for a, b in spans]
    assert len(want) == rows[i + 1] - rows[i]
    got = np.asarray(r.sentences.vectors[rows[i]:rows[i + 1]], np.float32)
    assert np.allclose(got, HashEmbedder().embed_passages(want), atol=1e-3)
    assert set(want) <= set(emb.embedded)


def test_search_reads_the_mixed_cosine(built):
    s, _ = built
    r = Retriever.load(s, embedder=HashEmbedder())
    q = "accès aux droits"
    qv = r.query_vector(q)
    dense, lexical = r.candidates(q, None, qv)
    cosine, _, _ = r.signals(q, qv, dense, lexical)
    row = dense[0][0]
    a, b = r.sentences.rows[row], r.sentences.rows[row + 1]
    best = float((np.asarray(r.sentences.vectors[a:b], np.float32) @ qv).max())
    assert cosine[row] == pytest.approx(0.5 * dense[0][1] + 0.5 * best, abs=1e-6)


def test_unchanged_rebuild_embeds_no_sentence(built):
    s, _ = built
    again = Counting()
    build_index([CORPUS], s, embedder=again, progress=False)
    assert again.embedded == []


def test_index_without_sentence_vectors_is_refused_when_asked_for(tmp_path: Path):
    s = Settings(data_dir=tmp_path, sentence_weight=0)
    build_index([CORPUS], s, embedder=HashEmbedder(), progress=False)
    assert "sentences" not in json.loads((s.index_path / "manifest.json").read_text())
    assert not (s.index_path / "sentences.npy").exists()
    assert Retriever.load(s, embedder=HashEmbedder()).sentences is None
    with pytest.raises(IndexMismatchError, match="relancez `pacte index`"):
        Retriever.load(s.model_copy(update={"sentence_weight": 0.3}), embedder=HashEmbedder())


def test_answerer_bank_takes_the_sentences_the_index_holds():
    # By hand: the index holds the passage's first sentence; only the second is embedded.
    text = "Titre. Le pacte est signé. Il compte 106 engagements."
    emb = Counting()
    held = np.eye(1, emb.dim, dtype=np.float32)
    bank = SentenceBank({"d": {}}, emb, regex_sentences, headers={"d:1": "Pacte"},
                        stored=lambda chunk_id: (np.array([[0, 19]]), held))
    sents, vectors = bank.get(Passage("d:1", "d", 7, 53, text[7:53]))
    assert [s.text for s in sents] == ["Le pacte est signé.", "Il compte 106 engagements."]
    assert emb.embedded == ["Pacte\nIl compte 106 engagements."]
    assert vectors[0].tolist() == held[0].tolist()


def test_answerer_on_the_corpus_embeds_no_sentence_again(built):
    s, _ = built
    r = Retriever.load(s, embedder=Counting())
    answerer = ExtractiveAnswerer.from_retriever(r, s)
    answerer.warm()
    held = sum(len(answerer.bank.get(Passage(c["chunk_id"], c["doc_id"], c["start"], c["end"],
                                             c["text"]))[0]) for c in r.chunks)
    assert held == int(r.sentences.rows[-1])  # the answerer splits the corpus as the chunker
    assert r.embedder.embedded == []
    answer = answerer.answer("Combien d'institutions ont signé le pacte ?")
    assert answer.passages and r.embedder.embedded == []  # its quotes were read, not encoded


def test_warming_a_large_index_loads_the_splitter_only(built):
    # Over the limit, no passage is split or embedded at start, but the splitter is loaded
    # (spaCy's pipeline: seconds that the first question would otherwise pay).
    s, _ = built
    calls: list[str] = []

    def split(text: str) -> list[tuple[int, int]]:
        calls.append(text)
        return regex_sentences(text)

    answerer = ExtractiveAnswerer.from_retriever(Retriever.load(s, embedder=Counting()), s,
                                                 split=split)
    assert answerer.warm(limit=0) == 0 and len(calls) == 1
    assert answerer.warm() == len(answerer.retriever) and len(calls) == 1 + len(answerer.retriever)
