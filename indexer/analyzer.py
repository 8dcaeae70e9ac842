"""French text analyser for the lexical (BM25) index and its queries.

Steps, in order: lowercase and NFKC-normalise the text (ligatures such as « ﬁ »,
superscripts, non-breaking spaces); split on anything that is not a letter or a digit,
except that dotted acronyms are kept whole and joined (« C.C.A.S. » → ``ccas``); fold
accents (``é`` → ``e``, ``œ`` → ``oe``); drop stop words and tokens shorter than two
characters (numbers such as years are kept); stem with the Snowball French stemmer, except
the acronyms of :mod:`indexer.acronyms`, which get their own upper-case token (``CCAS``);
add that token after the words that spell one out (« centre communal d'action sociale »).
Elisions (``l'``, ``d'``, ``qu'``, ``jusqu'``… with ``'`` or ``’``) are stripped by the
split at the apostrophe: the elided particle is a stop word or a single letter.
Accents are folded *before* stemming so that a query typed without accents (« acces »)
meets the accented text (« accès »). Each distinct raw word is analysed once (cache).

>>> analyze("L’accès aux droits des personnes sans-abri")
['acce', 'droit', 'person', 'san', 'abri']
>>> analyze("Qu'il soit hébergé au C.C.A.S. en 2015 !")
['heberg', 'CCAS', '2015']
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import Stemmer

from indexer.acronyms import ACRONYMS, AcronymTagger

ELISIONS = ("jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "c", "d", "j", "l", "m", "n", "s", "t")

# Words of spaCy's French stop list that carry meaning in social-policy texts:
# « personne(s) », « gens du voyage », « sans-abri », « Logement d'abord », « retour à
# l'emploi », « accueil à bas seuil », « proches aidants », « dormir dehors », « seules ».
KEEP_WORDS = frozenset(
    {"personne", "gens", "sans", "abord", "retour", "bas", "proche", "dehors",
     "seul", "seule", "seuls", "seules"}
)

# Elided particles, and pieces the spaCy list misses once split like text
# (« aujourd'hui » → aujourd + hui).
EXTRA_STOP_WORDS = frozenset({*ELISIONS, "aujourd"})

# A dotted acronym (c.c.a.s, s.d.f) or a run of letters and digits.
_WORD_RE = re.compile(r"[^\W\d_](?:\.[^\W\d_])+(?!\.?[^\W_])|[^\W_]+")
_COMBINING_RE = re.compile("[\u0300-\u036f]")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE"})


class Analyzer(Protocol):
    """What the lexical index needs: text → tokens, plus settings for the manifest."""

    def __call__(self, text: str) -> list[str]: ...

    def settings(self) -> dict[str, Any]: ...


def fold(token: str) -> str:
    """Remove accents and expand ligatures: ``fold("Œuvre ébauchée") == "OEuvre ebauchee"``."""
    decomposed = unicodedata.normalize("NFD", token.translate(_LIGATURES))
    return _COMBINING_RE.sub("", decomposed)


def words(text: str) -> list[str]:
    """Lowercased raw words (acronyms still dotted, accents kept).

    >>> words("L’accès au C.C.A.S. (2015)")
    ['l', 'accès', 'au', 'c.c.a.s', '2015']
    """
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text.lower()))


@lru_cache(maxsize=1)
def spacy_french_stop_words() -> frozenset[str]:
    """spaCy's French stop-word list, read from its file in the installed package.

    ``import spacy.lang.fr.stop_words`` would first import spaCy, thinc, torch and the
    French tokenizer exceptions (about 6 s): far too slow for ``pacte search``.
    """
    spec = importlib.util.find_spec("spacy")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy n'est pas installé : sa liste de mots vides est introuvable.")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "fr" / "stop_words.py"
    source = importlib.util.spec_from_file_location("_pacte_spacy_fr_stop_words", path)
    if source is None or source.loader is None:
        raise ImportError(f"Liste de mots vides illisible : {path}")
    module = importlib.util.module_from_spec(source)
    source.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def french_stop_words(keep: frozenset[str] = KEEP_WORDS) -> frozenset[str]:
    """spaCy's French stop words, accent-folded, split like text, minus ``keep``."""
    stop = spacy_french_stop_words() | EXTRA_STOP_WORDS
    folded = {fold(piece) for word in stop for piece in words(word)}
    return frozenset(folded - {fold(w) for w in keep})


class FrenchAnalyzer:
    """Callable analyser; stems are cached per distinct raw word.

    >>> FrenchAnalyzer()("Les aides au logement")
    ['aid', 'log']
    """

    version = 2  # 2: acronyms (indexer.acronyms)

    def __init__(self, *, min_len: int = 2, keep: frozenset[str] = KEEP_WORDS,
                 cache_size: int = 1 << 18, acronyms: bool = True) -> None:
        self.min_len = min_len
        self.stop_words = french_stop_words(keep)
        self._keep = keep
        self._stemmer = Stemmer.Stemmer("french")
        self._unstemmed = frozenset(fold(a.lower()) for a in ACRONYMS) if acronyms else frozenset()
        self._token = lru_cache(maxsize=cache_size)(self._analyze_word)
        self.acronyms = AcronymTagger(self._words) if acronyms else None

    def _analyze_word(self, word: str) -> str:
        """One raw word → its stem, or ``""`` when it is dropped."""
        folded = fold(word.replace(".", ""))
        if len(folded) < self.min_len or folded in self.stop_words:
            return ""
        if folded in self._unstemmed:  # « CHRS », not « chr »; « CAF », not « café »
            return folded.upper()
        return str(self._stemmer.stemWord(folded))

    def _words(self, text: str) -> list[str]:
        return [stem for stem in map(self._token, words(text)) if stem]

    def __call__(self, text: str) -> list[str]:
        stems = self._words(text)
        return self.acronyms(stems) if self.acronyms is not None else stems

    def settings(self) -> dict[str, Any]:
        """What the index manifest records; a change means the index must be rebuilt."""
        digest = hashlib.sha1("\n".join(sorted(self.stop_words)).encode()).hexdigest()
        return {
            "name": "french",
            "version": self.version,
            "stemmer": "snowball-french (PyStemmer)",
            "stopwords": "spacy-fr, accent-folded",
            "stopword_count": len(self.stop_words),
            "stopword_sha1": digest[:12],
            "keep": sorted(self._keep),
            "min_len": self.min_len,
            "fold_accents": True,
            "elisions": list(ELISIONS),
            "acronyms": (f"{self.acronyms.count} ({self.acronyms.digest})"
                         if self.acronyms is not None else "none"),
        }


@lru_cache(maxsize=1)
def default_analyzer() -> FrenchAnalyzer:
    """A shared :class:`FrenchAnalyzer`, built on first use."""
    return FrenchAnalyzer()


def analyze(text: str) -> list[str]:
    """Tokens of ``text`` with the default French analyser (see module docstring)."""
    return default_analyzer()(text)
