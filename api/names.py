"""Names a question uses that no indexed text contains: « Lyon », « France Travail », « DALO ».

Sentence similarity cannot tell « the pact of Lyon » from « the pact of Paris »: both read
as a question about a city's pact, and « Quel est le rôle du SIAO ? » reads as near « le
rôle fondamental de l'Etat » (0.95) as an answer would. So the answer says first that the
name is absent (« Les textes indexés ne mentionnent pas « SIAO ». »), quotes nothing, and
offers the nearest passages as suggestions (``api.answer``).

A name is a run of capitalised words (« France Travail »), or a word in capitals
(« DALO »), in a French question. The question's first word counts only in capitals (« Que »
is no name), or when what follows makes it a subject or a topic: an inverted verb
(« Marseille a-t-elle… », « Emmaüs est-il… »), a colon, or nothing (« Toulouse ? »); a
question word never counts (« Pourquoi existe-t-il… »). Edition names (« Acte 2 ») select
an edition and are never names. A name is absent when one of its words has no analysed
form in the index, nor is one typing slip from a word that has (« Mitterand », « Fibonnaci »
are misspelt names, not absent ones: :func:`near`).

>>> question = "Que prévoit le pacte de Lyon pour le DALO et l'Acte 2 ?"
>>> candidates(question)
['Lyon', 'DALO']
>>> candidates("Quels engagements avec France Travail ?")
['France Travail']
>>> candidates("CCAS de Paris : quel rôle ?")
['CCAS', 'Paris']
>>> candidates("Marseille a-t-elle signé le pacte ?"), candidates("Samusocial : quel rôle ?")
(['Marseille'], ['Samusocial'])
>>> candidates("Quel est le rôle d'Emmaüs ?"), candidates("Que fait l'ARS ?")
(['Emmaüs'], ['ARS'])
>>> candidates("Explique-moi le pacte"), candidates("Pourquoi existe-t-il un pacte ?")
([], [])
>>> absence_note(["Lyon"])
'Les textes indexés ne mentionnent pas «\\xa0Lyon\\xa0».'
>>> absence_note(["RSA", "CAO", "Deux-Sèvres"])
'Les textes indexés ne mentionnent pas «\\xa0RSA\\xa0», «\\xa0CAO\\xa0» ni «\\xa0Deux-Sèvres\\xa0».'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from api.editions import without_editions
from indexer.analyzer import fold, spacy_french_stop_words
from indexer.language import detect_language
from indexer.spelling import MIN_LETTERS, edits

_CAPITAL = r"[A-ZÀ-ÖØ-Þ]"
# A name starts a word, or follows an elision: « le rôle d'Emmaüs », « l'ARS ».
_START = r"(?:(?<=\b[dlDL]['’])|(?<=\bqu['’])|(?<![\w'’-]))"
_NAME = re.compile(
    rf"{_START}(?:{_CAPITAL}[^\W\d_]*(?:[-'’]{_CAPITAL}?[^\W\d_]+)*)"
    rf"(?:\s+{_CAPITAL}[^\W\d_]*(?:[-'’]{_CAPITAL}?[^\W\d_]+)*)*")
_OPENING = " \t\n«»\"“”(¿¡-–—•*"
# After a question's first capitalised run: an inverted verb, a colon or the end.
_SUBJECT = re.compile(r"\s+[^\W\d_]+-(?:t-)?(?:il|elle|ils|elles|on)\b|\s*(?::|\?*\s*$)")


def candidates(question: str) -> list[str]:
    """The capitalised runs of ``question`` (edition names blanked out) that may be names."""
    text = without_editions(question)
    first = len(text) - len(text.lstrip(_OPENING))
    out = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if (m.start() == first and not (len(words[0]) > 1 and words[0].isupper())
                and (not _SUBJECT.match(text, m.end()) or not _first_is_name(words[0]))):
            words = words[1:]  # « Que », « Quels », « Bonjour, … », « L'association … »
        if words and len(" ".join(words)) > 1:
            out.append(" ".join(words))
    return out


def _first_is_name(word: str) -> bool:
    """« Marseille », not a French stop word (« Pourquoi », « La », « Est-ce ») nor an elided
    common noun (« L'association »)."""
    rest = re.split(r"['’]", word, maxsplit=1)[-1]
    return word.lower().split("-")[0] not in spacy_french_stop_words() and rest[:1].isupper()


def absent_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """The names of a French ``question`` of which ``known`` (the index holds this word's
    analysed form) misses a word, in order, each once."""
    if detect_language(question) != "fr":
        return []
    out: list[str] = []
    for name in candidates(question):
        if name not in out and not all(known(w) for w in re.split(r"[\s'’-]+", name) if w):
            out.append(name)
    return out


def near(word: str, holds: Callable[[str], bool]) -> bool:
    """Whether ``word``, of five letters or more, is one edit (``indexer.spelling.edits``)
    from a word that ``holds`` (the index holds its analysed form): a name misspelt.

    >>> near("Mitterand", {"mitterrand"}.__contains__), near("SIAO", {"siam"}.__contains__)
    (True, False)
    """
    folded = fold(word.lower())
    return len(folded) >= MIN_LETTERS and folded.isalpha() and any(map(holds, edits(folded)))


def absence_note(names: Sequence[str]) -> str:
    """What the answer says first about ``names``; ``""`` for none."""
    if not names:
        return ""
    quoted = [f"«\xa0{n}\xa0»" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " ni " + quoted[-1]
    return f"Les textes indexés ne mentionnent pas {listed}."
