"""What the API process sets up at start-up (``AppState.load``)."""

import time
from pathlib import Path

import faiss
import torch

from api.state import AppState
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


class ThreadedFake(HashEmbedder):
    """A fake model whose loading sets torch's threads, as ``PACTE_THREADS`` does."""

    def load(self) -> None:
        torch.set_num_threads(2)


def test_api_threads_win_over_the_model_threads(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data", api_threads=1, threads=2)
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    before = torch.get_num_threads(), faiss.omp_get_max_threads()
    try:
        state = AppState.load(settings, embedder=ThreadedFake())
        assert state.error is None and state.retriever is not None
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before[0])
        faiss.omp_set_num_threads(before[1])


def test_a_rebuilt_index_is_served_without_restart(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data")
    state = AppState.load(settings, embedder=HashEmbedder())
    assert state.retriever is None and state.error and "pacte index" in state.error
    # Built while the server runs: picked up, and the error is gone.
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    assert state.reload_if_changed() and state.error is None
    assert state.retriever is not None
    assert set(state.retriever.documents) == {"pacte-2015-aurore",
                                              "pacte-acte2-2021-2026-prefecture"}
    assert not state.reload_if_changed()  # nothing new
    mine = tmp_path / "mes-documents"
    mine.mkdir()
    (mine / "note.txt").write_text("Les bains-douches sont gratuits.", encoding="utf-8")
    build_index([mine], settings, embedder=HashEmbedder(), progress=False)
    old_service = state.service
    assert state.reload_if_changed()
    assert set(state.retriever.documents) == {"note"} and state.service is not old_service
    assert state.retriever.search("bains-douches", k=1)[0].doc_id == "note"


def test_an_unusable_new_index_leaves_the_previous_one_serving(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data")
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    state = AppState.load(settings, embedder=HashEmbedder())
    serving = state.retriever
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    (settings.index_path.resolve() / "vectors.faiss").unlink()  # damaged after the swap
    assert not state.reload_if_changed()
    assert state.retriever is serving and state.error is None
    assert not state.reload_if_changed()  # each new folder is tried once


def test_the_app_watches_for_a_new_index(tmp_path: Path):
    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = Settings(data_dir=tmp_path / "data", reload_seconds=0.05)
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        assert client.get("/health").json()["index"]["documents"] == 2
        mine = tmp_path / "mes-documents"
        mine.mkdir()
        (mine / "note.txt").write_text("Les bains-douches sont gratuits.", encoding="utf-8")
        build_index([mine], settings, embedder=HashEmbedder(), progress=False)
        deadline = time.monotonic() + 10
        while client.get("/health").json()["index"]["documents"] != 1:
            assert time.monotonic() < deadline, "the new index was not picked up"
            time.sleep(0.05)
        hits = client.post("/search", json={"query": "bains-douches", "k": 1}).json()
        assert hits["results"][0]["doc_id"] == "note"


def test_the_watcher_survives_an_index_that_breaks_on_load(tmp_path: Path):
    import json

    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = Settings(data_dir=tmp_path / "data", reload_seconds=0.05)
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
        chunks = settings.index_path.resolve() / "chunks.jsonl"  # rows without offsets:
        rows = [json.loads(line) for line in chunks.read_text(encoding="utf-8").splitlines()]
        chunks.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "start"}) + "\n"
                                  for r in rows), encoding="utf-8")  # a KeyError, not ours
        time.sleep(0.5)  # several watch cycles
        assert client.get("/health").json()["status"] == "ok"
        assert client.post("/search", json={"query": "accès aux droits"}).status_code == 200
        assert client.post("/feedback", json={"answer_id": "a1b2c3d4", "rating": "up"}
                           ).status_code == 201
