"""What the API process sets up at start-up (``AppState.load``)."""

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
