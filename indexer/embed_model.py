"""The real embedder: a sentence-transformers model on CPU, loaded only when needed.

:func:`make_embedder` builds it from the settings, converting the model first if needed
(:mod:`indexer.model`). Its size is read from the model folder and its tokens counted with
the folder's tokenizer alone, so chunking a corpus never loads the model itself.

>>> emb = SentenceTransformerEmbedder("/nonexistent", name="m")
>>> emb.loaded, emb.query_prompt, emb.passage_prompt
(False, 'query: ', 'passage: ')
>>> _dim_from_folder(Path("/nonexistent")) is None  # no modules.json: ask the loaded model
True
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.errors import ModelSetupError
from indexer.model import prepare_model
from indexer.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU; nothing heavy is loaded before it is needed."""

    def __init__(self, path: str, *, name: str, query_prompt: str = "query: ",
                 passage_prompt: str = "passage: ", batch_size: int = 16, threads: int = 0) -> None:
        self.path, self.name = path, name
        self.query_prompt, self.passage_prompt = query_prompt, passage_prompt
        self.batch_size, self.threads = batch_size, threads
        self._model: SentenceTransformer | None = None
        self._tokenizer: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = _dim_from_folder(Path(self.path)) or _model_dim(self.load())
        return self._dim

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> SentenceTransformer:
        """Load the model now (the API does this at start-up); later calls return it."""
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        if self.threads > 0:
            torch.set_num_threads(self.threads)
        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # no "Loading weights" bar in the user's terminal
        try:
            return SentenceTransformer(self.path, device="cpu",
                                       model_kwargs={"dtype": torch.float32})
        except (OSError, ValueError) as exc:
            message = f"Impossible de charger le modèle « {self.path} » : {exc}"
            raise ModelSetupError(message) from exc
        finally:
            if bars:
                hf_logging.enable_progress_bar()

    def count_tokens(self, text: str) -> int:
        """The model's tokens in ``text``, special tokens left out, never truncated."""
        enc = self._get_tokenizer().encode(text, add_special_tokens=False)
        # The model's own tokenizer truncates as its last call asked: the rest of a long
        # text is in the overflowing pieces (stride 0). Masks leave any padding out.
        return sum(enc.attention_mask) + sum(sum(o.attention_mask) for o in enc.overflowing)

    def _get_tokenizer(self) -> Any:
        """A ``tokenizers`` backend of the model's tokenizer. Once the model is loaded, its
        own (a second copy takes 0.7 s to load; ``encode`` only reads it, and a build
        counts and encodes on one thread); before that, one read from the folder alone,
        so chunking never needs the model."""
        if self._tokenizer is None and self._model is not None:
            shared = getattr(getattr(self._model, "tokenizer", None), "backend_tokenizer", None)
            if shared is not None and not (shared.truncation or {}).get("stride"):
                self._tokenizer = shared
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            file = Path(self.path) / "tokenizer.json"
            try:  # the file alone is several times faster to load than AutoTokenizer
                if file.is_file():
                    backend = Tokenizer.from_file(str(file))
                else:
                    from transformers import AutoTokenizer

                    backend = AutoTokenizer.from_pretrained(self.path).backend_tokenizer
            except Exception as exc:  # tokenizers raises a bare Exception on a bad file
                message = f"Tokeniseur introuvable pour « {self.path} » : {exc}"
                raise ModelSetupError(message) from exc
            # Ours alone (not the model's): safe to reconfigure.
            backend.no_truncation()
            backend.no_padding()
            self._tokenizer = backend
        return self._tokenizer

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._encode(texts, self.passage_prompt)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self.query_prompt)[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Several questions in one call (the API batches concurrent ones)."""
        return self._encode(texts, self.query_prompt)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        # Longest first, so each batch holds texts of similar length (little padding); recent
        # sentence-transformers sort too, but that is not part of their contract.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        vectors = self.load().encode(
            [texts[i] for i in order], prompt=prompt or None, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )
        out = np.empty((len(texts), vectors.shape[1]), np.float32)
        out[order] = vectors
        return out


def _dim_from_folder(folder: Path) -> int | None:
    """Output size of a Transformer → Pooling (→ Normalize) folder, read without loading it."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = {str(m["type"]).rsplit(".", 1)[-1]: m for m in modules}
        pooling = json.loads((folder / kinds["Pooling"]["path"] / "config.json").read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if set(kinds) - {"Transformer", "Pooling", "Normalize"}:
        return None
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True]
    if isinstance(pooling.get("pooling_mode"), str):
        modes.append(pooling["pooling_mode"])
    dim = pooling.get("word_embedding_dimension", pooling.get("embedding_dimension"))
    return dim if len(modes) == 1 and isinstance(dim, int) else None


def _model_dim(model: SentenceTransformer) -> int:
    # sentence-transformers 6 renamed get_sentence_embedding_dimension.
    getter = getattr(model, "get_embedding_dimension", None)
    dim = getter() if getter else model.get_sentence_embedding_dimension()
    if not isinstance(dim, int):
        raise ModelSetupError("Dimension des vecteurs inconnue pour ce modèle.")
    return dim


def make_embedder(settings: Settings, progress: bool = True) -> SentenceTransformerEmbedder:
    """The configured model, converted first if needed (see :func:`indexer.model.prepare_model`)."""
    return SentenceTransformerEmbedder(
        prepare_model(settings, progress=progress), name=settings.model,
        query_prompt=settings.query_prompt, passage_prompt=settings.passage_prompt,
        batch_size=settings.batch_size, threads=settings.threads,
    )
