"""Build, load and search with the fake embedder: real FAISS, real spaCy, real BM25."""

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from indexer import store
from indexer.build import build_index, load_documents
from indexer.embed import HashEmbedder
from indexer.errors import (
    EmptyQueryError,
    IndexDamagedError,
    IndexMismatchError,
    IndexMissingError,
    PacteError,
    UnknownDocumentError,
)
from indexer.passages import passage_text
from indexer.search import Filters, Retriever
from indexer.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def built(settings: Settings) -> Retriever:
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    return Retriever.load(settings, embedder=HashEmbedder())


def test_index_folder_layout_and_manifest(built: Retriever, settings: Settings):
    folder = settings.index_path
    assert folder.is_symlink()
    names = {p.name for p in folder.resolve().iterdir()}
    assert names == {"manifest.json", "vectors.faiss", "chunks.jsonl", "documents.jsonl", "bm25",
                     "accents.json", "sentences.npy", "sentence_rows.npy", "sentence_spans.npy"}
    m = json.loads((folder / "manifest.json").read_text())
    assert m["format"] == "pacte-index/2"
    assert m["model"]["name"] == "fake-hash" and m["model"]["dim"] == HashEmbedder().dim
    assert m["faiss"]["type"] == "IndexFlatIP"
    assert m["corpus"]["documents"] == 2 and m["corpus"]["chunks"] == len(built)
    assert len(m["corpus"]["sha256"]) == 64
    assert m["chunker"]["chunk_tokens"] == 200 and m["analyzer"]["stemmer"]
    assert {"faiss-cpu", "spacy", "bm25s", "torch", "python"} <= set(m["versions"])
    # No pickle anywhere in the folder.
    for p in folder.resolve().rglob("*"):
        assert p.suffix in {".json", ".jsonl", ".faiss", ".npy", ""}, p


def test_chunks_slice_back_to_document_text(built: Retriever):
    for c in built.chunks:
        assert built.texts[c["doc_id"]][c["start"]:c["end"]] == c["text"]


def test_rows_by_passage_and_by_document(built: Retriever):
    assert [built.row(c["chunk_id"]) for c in built.chunks] == list(range(len(built.chunks)))
    assert built.row("pacte-2015-aurore:inconnu") is None
    rows = built.rows_of("pacte-2015-aurore")
    assert rows == [i for i, c in enumerate(built.chunks) if c["doc_id"] == "pacte-2015-aurore"]
    assert rows and built.rows_of("inconnu") == []


def test_commitments_tagged_with_edition(built: Retriever):
    res = built.search("engagements", k=20, filters=Filters(kinds=["commitment"]))
    assert {r.kind for r in res} == {"commitment"}
    by_edition = {e: sorted(r.text for r in res if r.edition == e)
                  for e in ("2015-2020", "acte2-2021-2026")}
    assert len(by_edition["2015-2020"]) == 5 and len(by_edition["acte2-2021-2026"]) == 4
    assert "Assurer l'accès effectif aux droits et aux dispositifs d'aide ;" in \
        by_edition["acte2-2021-2026"]


def test_filters_by_document_and_edition(built: Retriever):
    res = built.search("pacte", k=50, filters=Filters(editions=["acte2-2021-2026"]))
    assert res and {r.doc_id for r in res} == {"pacte-acte2-2021-2026-prefecture"}
    res = built.search("pacte", k=50, filters=Filters(doc_ids=["pacte-2015-aurore"]))
    assert res and {r.doc_id for r in res} == {"pacte-2015-aurore"}
    # An unknown document is an error, not an empty list that reads as "nothing about it".
    with pytest.raises(UnknownDocumentError, match=r"^Document inconnu : inconnu \(documents "
                                                   r"de l'index : pacte-2015-aurore, "):
        built.search("pacte", k=5, filters=Filters(doc_ids=["pacte-2015-aurore", "inconnu"]))


def test_result_fields(built: Retriever):
    r = built.search("accès aux droits", k=1)[0]
    assert set(r.to_dict()) == {"chunk_id", "doc_id", "title", "section", "text", "score",
                                "start", "end", "page", "url", "kind", "edition", "publisher",
                                "date", "ocr"}
    assert r.url.startswith("https://") and r.title


def test_boilerplate_never_indexed(built: Retriever):
    text = " ".join(c["text"] for c in built.chunks)
    for junk in ("Lire aussi", "CAO dans les Deux-Sèvres", "Illustration WP", "Accueil >",
                 "Tous les articles sur ce thème", "Ferraillouz"):
        assert junk not in text


def test_results_do_not_overlap(settings: Settings, tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    sentences = " ".join(f"Le logement numéro {i} accueille des familles." for i in range(60))
    (corpus / "long.txt").write_text(sentences, encoding="utf-8")
    s = settings.model_copy(update={"chunk_tokens": 30, "overlap_sentences": 2})
    build_index([corpus], s, embedder=HashEmbedder(), progress=False)
    res = Retriever.load(s, embedder=HashEmbedder()).search("logement familles", k=10)
    for i, a in enumerate(res):
        for b in res[i + 1:]:  # no result is more than half inside a better one
            shared = min(a.end, b.end) - max(a.start, b.start)
            assert shared <= 0.5 * (b.end - b.start)


def test_empty_query_and_missing_index(built: Retriever, tmp_path: Path):
    with pytest.raises(EmptyQueryError):
        built.search("  \n ")
    for wordless in ("???", "🏠 !", "« … »"):
        with pytest.raises(EmptyQueryError, match="aucun mot"):
            built.search(wordless)
    assert built.search("2015", k=1)  # a number alone is a word to search for
    with pytest.raises(IndexMissingError, match="pacte index"):
        Retriever.load(Settings(data_dir=tmp_path / "nothing"), embedder=HashEmbedder())


@pytest.mark.parametrize(("name", "damage"), [
    (store.VECTORS, "delete"), (store.MANIFEST, "{pas du json"), (store.CHUNKS, "{\n"),
    ("sentences.npy", "truncate"), ("sentences.npy", "delete"),
    (store.DOCUMENTS, '{"doc_id": "sans-texte"}\n')])
def test_damaged_index_is_a_clear_error(built: Retriever, settings: Settings, name: str,
                                        damage: str):
    target = settings.index_path.resolve() / name
    if damage == "delete":
        target.unlink()
    elif damage == "truncate":  # a header that promises rows the file lacks
        target.write_bytes(target.read_bytes()[:-10])
    else:
        target.write_text(damage, encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=r"^Index endommagé dans .* : relancez "
                                                r"`pacte index` pour le reconstruire\.$"):
        Retriever.load(settings, embedder=HashEmbedder())


def test_model_mismatch_is_refused(built: Retriever, settings: Settings):
    with pytest.raises(IndexMismatchError, match="fake-hash"):
        Retriever.load(settings, embedder=HashEmbedder(dim=64))
    other = HashEmbedder()
    other.name = "un-autre-modele"  # type: ignore[misc]
    with pytest.raises(IndexMismatchError, match="un-autre-modele"):
        Retriever.load(settings, embedder=other)


def test_bad_files_reported_and_skipped(settings: Settings, tmp_path: Path):
    corpus = tmp_path / "mixte"
    corpus.mkdir()
    (corpus / "bon.txt").write_text("Le pacte protège l’accès aux droits.", encoding="utf-8")
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    (corpus / "ancien.txt").write_bytes("Hébergement d’urgence".encode("cp1252"))
    (corpus / "octets.txt").write_bytes(b"H\x81bergement")
    (corpus / "casse.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (corpus / "image.png").write_bytes(b"\x89PNG")
    report = build_index([corpus], settings, embedder=HashEmbedder(), progress=False)
    assert report.documents == 2  # bon.txt, and ancien.txt read in Windows-1252
    assert report.notes == [f"{corpus / 'ancien.txt'} : lu en Windows-1252 (ce n'est pas de "
                            "l'UTF-8) ; si ses accents sont faux dans les résultats, "
                            "réenregistrez-le en UTF-8"]
    reasons = {Path(p).name: reason for p, reason in report.skipped}
    assert sorted(reasons) == ["casse.pdf", "image.png", "octets.txt", "vide.txt"]
    # The summary prints "path : reason": the reason does not repeat the file name.
    assert reasons["vide.txt"] == "fichier vide"
    assert reasons["image.png"] == (
        "extension non prise en charge (.png) : enregistrez l'image en PDF : une page scannée y "
        "est lue par reconnaissance de caractères (OCR)")
    assert reasons["casse.pdf"] == (  # pypdf's words ("Stream has ended…") left out
        "PDF endommagé ou incomplet : il ne peut pas être lu ; ouvrez-le pour vérifier, puis "
        "enregistrez-en une nouvelle copie ou demandez à nouveau le fichier")
    assert reasons["octets.txt"].startswith("encodage illisible : ni UTF-8")
    r = Retriever.load(settings, embedder=HashEmbedder())
    assert {c["doc_id"] for c in r.chunks} == {"ancien", "bon"}
    assert r.search("hébergement", k=1)[0].text == "Hébergement d’urgence"


def test_what_the_library_said_goes_to_the_debug_log_only(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger="pacte.index")
    (tmp_path / "ancien.txt").write_bytes(b"H\xe9berg\x81ment")
    (tmp_path / "vide.txt").write_text("", encoding="utf-8")
    docs, skipped = load_documents([tmp_path], progress=False)
    reason = ("encodage illisible : ni UTF-8 (octet invalide à la position 1) ni Windows-1252 "
              "(octet 0x81 à la position 6) ; réenregistrez le fichier en UTF-8")
    assert (docs, skipped) == ([], [(str(tmp_path / "ancien.txt"), reason),
                                    (str(tmp_path / "vide.txt"), "fichier vide")])
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("pacte.index", "DEBUG", f"{tmp_path / 'ancien.txt'} : {reason} ; détail : "
         "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1: invalid "
         "continuation byte")]


def test_nothing_readable_is_an_error_and_keeps_previous(built: Retriever, settings: Settings,
                                                         tmp_path: Path):
    empty = tmp_path / "vide"
    empty.mkdir()
    (empty / "a.txt").write_text("   ", encoding="utf-8")
    with pytest.raises(PacteError, match="Aucun document lisible"):
        build_index([empty], settings, embedder=HashEmbedder(), progress=False)
    assert len(Retriever.load(settings, embedder=HashEmbedder())) == len(built)


class Exploding(HashEmbedder):
    """Interrupted like a Ctrl-C in the middle of embedding."""

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt


def test_interrupted_build_leaves_previous_index(built: Retriever, settings: Settings,
                                                 tmp_path: Path):
    before = [r.chunk_id for r in built.search("accès aux droits", k=5)]
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "nouveau.txt").write_text("Un texte tout neuf sur la domiciliation.", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build_index([CORPUS, extra], settings, embedder=Exploding(), progress=False)
    again = Retriever.load(settings, embedder=HashEmbedder())
    assert [r.chunk_id for r in again.search("accès aux droits", k=5)] == before
    leftovers = [p.name for p in settings.data_dir.iterdir() if "building" in p.name]
    assert leftovers == []


def test_killed_build_leaves_previous_index(built: Retriever, settings: Settings, tmp_path: Path):
    """SIGKILL in the middle of writing the new folder: the old one still serves."""
    script = textwrap.dedent(f"""
        import os, signal
        from indexer import store
        from indexer.build import build_index
        from indexer.passages import passage_text
        from indexer.embed import HashEmbedder
        from indexer.settings import Settings
        real = store.write_jsonl
        def dying(path, rows):
            real(path, rows)
            os.kill(os.getpid(), signal.SIGKILL)
        store.write_jsonl = dying
        build_index([{str(CORPUS)!r}], Settings(data_dir={str(settings.data_dir)!r}),
                    embedder=HashEmbedder(), progress=False)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1])
    assert proc.returncode == -9
    assert any("building" in p.name for p in settings.data_dir.iterdir())
    assert len(Retriever.load(settings, embedder=HashEmbedder())) == len(built)
    # The next build cleans the dead build's folder up.
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    assert not any("building" in p.name for p in settings.data_dir.iterdir())


def test_rebuild_swaps_and_removes_old_version(built: Retriever, settings: Settings):
    first = settings.index_path.resolve()
    texts = {d["doc_id"]: d["text"] for d in store.read_jsonl(first / store.DOCUMENTS)}
    # A user's folders that merely start like the index's name are not old builds.
    mine = [settings.index_path.parent / f"{settings.index_path.name}-{n}"
            for n in ("sauvegarde", "20240101T000000-copie")]
    for folder in mine:
        folder.mkdir()
        (folder / "note.txt").write_text("à garder", encoding="utf-8")
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    second = settings.index_path.resolve()
    assert first != second and not first.exists() and second.exists()
    # The retriever that served during the rebuild still reads its own documents' texts.
    assert {d: built.texts[d] for d in built.documents} == texts
    assert all((folder / "note.txt").read_text(encoding="utf-8") == "à garder"
               for folder in mine)


def test_unchanged_corpus_embeds_nothing(built: Retriever, settings: Settings):
    class Counting(HashEmbedder):
        calls = 0

        def embed_passages(self, texts):  # type: ignore[no-untyped-def]
            Counting.calls += len(texts)
            return super().embed_passages(texts)

    build_index([CORPUS], settings, embedder=Counting(), progress=False)
    assert Counting.calls == 0


def test_staging_cleans_up_on_error(tmp_path: Path):
    with pytest.raises(RuntimeError), store.staging(tmp_path / "index") as tmp:
        (tmp / "x").write_text("partiel")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_large_index_switches_to_hnsw_and_finds_neighbours():
    import faiss
    import numpy as np

    from indexer.index_writer import make_faiss

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index, info = make_faiss(vectors, flat_limit=100)
    assert info["type"] == "IndexHNSWFlat" and info["exact"] is False
    assert isinstance(index, faiss.IndexHNSWFlat)
    _, rows = index.search(vectors[:20], 1)
    assert rows[:, 0].tolist() == list(range(20))  # each vector is its own nearest neighbour
    small, info = make_faiss(vectors[:50], flat_limit=100)
    assert info["type"] == "IndexFlatIP" and small.ntotal == 50


def test_commitments_carry_their_list_introduction(built: Retriever):
    items = [c for c in built.chunks if c["kind"] == "commitment"]
    assert {c["context"] for c in items} == {
        "Ces engagements sont organisés autour de 5 grands piliers :",
        "La rédaction partenariale a permis d'identifier 4 engagements structurants :"}
    assert all(c["context"] == "" for c in built.chunks if c["kind"] == "text")


def test_list_introduction_is_embedded_but_not_bm25_indexed():
    from indexer.types import Chunk, DocMeta, Document

    doc = Document("d", "Deux piliers :\n\n- Prévenir.", [], DocMeta(title="Le pacte"))
    item = Chunk("d:1", "d", "Prévenir.", 18, 27, "Le pacte", "commitment",
                  context="Deux piliers :")
    assert passage_text(item, doc, True) == "Le pacte\nDeux piliers :\nPrévenir."
    assert passage_text(item, doc, True, list_context=False) == "Le pacte\nPrévenir."
    assert passage_text(item, doc, False) == "Prévenir."


def test_linear_fusion_scores_every_candidate_of_both_lists(settings: Settings):
    s = settings.model_copy(update={"candidates": 2, "bm25_weight": 0.2, "coverage_weight": 0.1,
                                    "bm25_cap": 0.3, "sentence_weight": 0})  # the passage cosine
    build_index([CORPUS], s, embedder=HashEmbedder(), progress=False)
    r = Retriever.load(s, HashEmbedder())
    query = "préfète Magali Charbonneau"
    qv = r.query_vector(query)
    dense_rows = {row for row, _ in r.dense(query, 2)}
    bm25, coverage = r.lexical.match(query)
    row_of = {c["chunk_id"]: i for i, c in enumerate(r.chunks)}
    results = r.search(query, k=3)
    # Three results, one of them found by BM25 alone (its cosine read from its stored vector).
    assert len(results) == 3 and {row_of[x.chunk_id] for x in results} - dense_rows
    for x in results:
        i = row_of[x.chunk_id]
        cosine = float(r.vectors.reconstruct(i) @ qv)
        expected = cosine + 0.2 * min(bm25[i], 0.3) + 0.1 * coverage[i]
        assert x.score == pytest.approx(expected, abs=1e-6)
    assert max(bm25[row_of[x.chunk_id]] for x in results) > 0.3  # the cap did bite


def test_english_queries_use_their_own_dense_weight(settings: Settings):
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)

    def ranking(query: str, **update: object) -> list[str]:
        s = settings.model_copy(update={"fusion": "weighted", **update})
        return [r.chunk_id for r in Retriever.load(s, HashEmbedder()).search(query, k=8)]

    english = "Which commitments concern access to rights?"
    french = "Quels engagements concernent l'accès aux droits ?"
    # dense_weight_en = 1: an English query ranks as dense retrieval alone would.
    assert ranking(english, dense_weight_en=1.0) == ranking(english, retrieval="dense")
    # A French query ignores dense_weight_en and follows dense_weight.
    assert ranking(french, dense_weight_en=1.0, dense_weight=0.0) == ranking(
        french, retrieval="bm25")


def test_loading_an_index_keeps_numpy_blas_to_one_thread(built: Retriever, settings: Settings):
    # Spinning BLAS threads halved the speed of the next question's encoding (fiches).
    code = textwrap.dedent(f"""
        from threadpoolctl import threadpool_info
        from indexer.embed import HashEmbedder
        from indexer.search import Retriever
        from indexer.settings import Settings
        Retriever.load(Settings(data_dir={str(settings.data_dir)!r}), embedder=HashEmbedder())
        print(sorted({{i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[1]"
