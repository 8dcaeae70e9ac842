"""The editions of the pact: which ones a question names, and their labels.

The index holds two editions, named by their periods: the first pact, 2015-2020
(``"2015-2020"``), and its Acte 2, 2021-2026 (``"acte2-2021-2026"``). Questions name them
in words: « l'Acte 2 », « le nouvel acte », « le pacte de 2015 », « the first pact »…
Those words select an edition; they are not matched against the texts.

>>> list_editions("Quels sont les engagements de l'acte 2 ?"), list_editions("the 2015 pact")
(['acte2-2021-2026'], ['2015-2020'])
>>> unknown_edition("le pacte de 2010", ["2015-2020", "acte2-2021-2026"])
'pacte de 2010'
>>> edition_label("acte2-2021-2026", "fr"), edition_label("2015-2020", "en")
('Acte 2, 2021-2026', '2015-2020 pact')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.language import Lang

# « l'Acte 2 », « le deuxième acte », « le nouvel acte », « the new pact »; « le premier
# pacte », « act I », « 2015 ».
_EDITIONS = (
    (re.compile(r"\bact[e]?\s*(2|ii)\b|\b(second|seconde|deuxi[eè]me|nouvel|new)\s+act[e]?\b"
                r"|\b(nouveau|new)\s+pact[e]?\b|\b2021\b|\b2026\b", re.I), "acte2-2021-2026"),
    (re.compile(r"\b2015\b|\b2020\b|\bact[e]?\s*(1|i)\b|\b(premier|first)\s+(act|pact)[e]?\b",
                re.I), "2015-2020"),
)
# « l'Acte 3 », « act IV », « le troisième acte »; « le pacte de 2010 », « the 2030 pact ».
_ORDINALS = {"premier": 1, "first": 1, "second": 2, "deuxième": 2, "deuxieme": 2,
             "troisième": 3, "troisieme": 3, "third": 3, "quatrième": 4, "quatrieme": 4,
             "fourth": 4}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_ACT = re.compile(r"\bact[e]?\s*(?P<n>\d{1,2}|i{1,3}|iv|vi?)\b"
                  r"|\b(?P<nth>" + "|".join(_ORDINALS) + r")\s+act[e]?\b", re.I)
_PACT_YEAR = re.compile(r"\bpact[e]?\s+(?:parisien\s+)?(?:de\s+|du\s+|of\s+|en\s+|in\s+)?"
                        r"(?P<y>(?:19|20)\d\d)\b"
                        r"|\b(?P<y2>(?:19|20)\d\d)\s+(?:paris\s+)?pact\b", re.I)
_PERIOD = re.compile(r"((?:19|20)\d\d)-((?:19|20)\d\d)")
# The words of the pact's own name, which say nothing of what a question asks about it.
PACT_NAME_WORDS = "pacte pactes pact parisien paris lutte contre grande exclusion"
_PACT = re.compile(r"\bpact[e]?s?\b|\bact[e]?\s*(?:\d|i{1,3}|iv)\b", re.I)

# How an answer names an edition, in the question's language.
_LABELS: dict[Lang, dict[str, str]] = {
    "fr": {"2015-2020": "pacte 2015-2020", "acte2-2021-2026": "Acte 2, 2021-2026"},
    "en": {"2015-2020": "2015-2020 pact", "acte2-2021-2026": "Act 2, 2021-2026"},
}


def list_editions(text: str) -> list[str]:
    """The editions a question names (none: all).

    >>> [list_editions(q) for q in ("le deuxième acte", "Le nouvel acte", "le premier acte")]
    [['acte2-2021-2026'], ['acte2-2021-2026'], ['2015-2020']]
    """
    return [edition for pattern, edition in _EDITIONS if pattern.search(text)]


def unknown_edition(text: str, editions: Sequence[str]) -> str | None:
    """The act or the pact's year that ``text`` names and none of ``editions`` is (the
    index's, their periods in their names, « 2015-2020 »; act N is the N-th by date).

    >>> known = ["2015-2020", "acte2-2021-2026"]
    >>> unknown_edition("Quand l'Acte 3 sera-t-il signé ?", known)
    'Acte 3'
    >>> unknown_edition("le pacte de 2010", known), unknown_edition("the third act", known)
    ('pacte de 2010', 'third act')
    >>> [unknown_edition(q, known) for q in ("l'acte II", "le pacte de 2017", "le premier acte")]
    [None, None, None]
    """
    periods = sorted((int(m[1]), int(m[2])) for e in editions if (m := _PERIOD.search(e)))
    for m in _ACT.finditer(text):
        n = m.group("n")
        number = (_ORDINALS[m.group("nth").lower()] if n is None
                  else int(n) if n.isdigit() else _ROMAN[n.lower()])
        if not 1 <= number <= len(periods):
            return m.group(0)
    for m in _PACT_YEAR.finditer(text):
        year = int(m.group("y") or m.group("y2"))
        if not any(start <= year <= end for start, end in periods):
            return m.group(0)
    return None


def names_pact(text: str) -> bool:
    """Whether ``text`` is about the pact: it says « pacte » or names one of its acts.

    >>> names_pact("Quels sont les engagements du pacte ?"), names_pact("What does Act 2 say?")
    (True, True)
    >>> names_pact("Quels sont les horaires de l'accueil de jour ?")
    False
    """
    return bool(_PACT.search(text))


def without_editions(text: str) -> str:
    """``text`` without the words that name an edition (they select; they do not match).

    >>> without_editions("Qui a signé le pacte en 2015 ? et pour l'acte 2 ?")
    "Qui a signé le pacte en  ? et pour l' ?"
    """
    for pattern, _ in _EDITIONS:
        text = pattern.sub("", text)
    return text


def edition_label(edition: str, lang: Lang) -> str:
    """How an answer names ``edition`` (an edition with no label: its name).

    >>> edition_label("2010-2014", "fr")
    '2010-2014'
    """
    return _LABELS[lang].get(edition, edition)
