"""What a « combien de … ? » question counts, and the sentences that count it; questions
that ask for a date, and the sentences that state one (a sum of money: ``api.amounts``).

« Combien d'engagements compte le pacte de 2015 ? » asks for a number of *engagements*:
« … et présente 106 engagements » answers it, « … autour de 5 grands piliers : » holds a
number too but counts something else. The scorer (``api.scoring``) gives the first kind an
extra prior on top of the one for any number.

The counted word is the one after « combien de », « nombre de », "how many" or "number of",
past one prenominal adjective (« grands », « nouveaux », "main"). A sentence counts it when a
number (digits or a French number word) comes at most two words before a word of the same
stem (« 4 engagements structurants », « 13 grandes institutions »).

>>> from indexer.analyzer import analyze
>>> counted("Combien d'engagements compte le pacte de 2015 ?")
'engagements'
>>> counted("Le premier pacte repose sur combien de grandes orientations ?")
'orientations'
>>> counted("How many commitments does act 2 have?"), counted("Qui a signé le pacte ?")
('commitments', None)
>>> stems = analyze("engagements")
>>> counts("Le Pacte a été signé par 13 institutions et présente 106 engagements.", stems,
...        analyze)
True
>>> counts("Ces engagements sont organisés autour de 5 grands piliers :", stems, analyze)
False
>>> counts("Il dresse quatre engagements déclinés en 13 objectifs.", stems, analyze)
True

« Quand le pacte a-t-il été signé ? » asks for a date or a time: the scorer (``api.scoring``)
gives a sentence that states one (a year, a month, a season, a weekday, an hour, « depuis un
an ») the same prior as a number for « combien ». A « quand » inside the question asks none
(« Que faire quand une personne refuse l'hébergement ? »).

>>> asks_date("Depuis quand la concertation a-t-elle commencé ?"), asks_date("When was it signed?")
(True, True)
>>> asks_date("Que faire quand une personne refuse l'hébergement ?")
False
>>> states_date("Il a été signé ce mercredi 18 février."), states_date("Départ à 20 h 30.")
(True, True)
>>> states_date("Le pacte a été signé."), states_date("Les maraudes sortent l’été.")
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from api.amounts import asks_amount
from api.editions import PACT_NAME_WORDS, without_editions
from api.language import as_engagements, has_number
from indexer.dates import MONTH_NUMBERS, MONTHS

# Adjectives that come before a French noun (and their English peers) in « combien de
# grands piliers », "how many main commitments".
_BEFORE_NOUN = ("grands?|grandes?|petits?|petites?|nouveaux|nouvel|nouvelles?|principa(?:ux|les?)"
                "|diff[ée]rent(?:e?s)?|autres|main|major|big|new|different|other")
_COUNTED = re.compile(
    r"\b(?:combien|nombre|how\s+many|number)\s+(?:y\s+a[- ]t[- ]il\s+)?"
    r"(?P<of>de\s+|d['’]\s*|des\s+|of\s+(?:the\s+)?)?"
    rf"(?:(?:{_BEFORE_NOUN})\s+)?(?P<noun>[^\W\d_]{{3,}})(?:\s+(?P<next>[^\W\d_]{{3,}}))?",
    re.IGNORECASE)
# What the pact counts under other names: a question's « mesures » are the text's
# « engagements », its « signataires » the « institutions » or the « partenaires », its
# « participants » the « acteurs » of the concertation (who did not all sign).
KINDS = ("engagements piliers objectifs orientations axes priorités mesures actions chantiers",
         "signataires partenaires institutions organisations organismes structures "
         "associations membres",
         "acteurs participants")
# « Combien de temps… ? », "how many years…": a length of time, said as often in words
# (« depuis un an ») as in a count; « combien d'argent » asks a sum (``asks_amount``).
_NOT_COUNTED_WORDS = ("temps fois ans années annees mois semaines jours heures time times years "
                      "months weeks days hours argent euros money dollars")
_NOT_COUNTED = frozenset(_NOT_COUNTED_WORDS.split())
# The words of a question that asks a count and nothing else, the counted thing and the
# pact's name aside (« Combien de signataires compte le pacte ? »).
_ONLY_COUNT = f"combien nombre total compte comptent how many number {PACT_NAME_WORDS}"
_TOKEN = re.compile(r"\d[\d\u00a0\u202f .,]*\d|\d|[^\W\d_]+(?:-[^\W\d_]+)*")
REACH = 2  # words after the number, the counted one included: « 5 grands piliers »
# A date asked: « quand » or "when" first (« Et depuis quand… ? »), or the words of a date.
_DATE_ASKED = re.compile(
    r"^\W*(?:(?:et|mais|and|but)\s+)?(?:depuis\s+|jusqu['’]\s*[àa]\s+|[àa]\s+partir\s+de\s+"
    r"|de\s+|since\s+|until\s+)?(?:quand|when)\b"
    r"|\b(?:[àa]\s+quelle\s+(?:date|heure|[ée]poque|p[ée]riode)|(?:en\s+)?quelle\s+ann[ée]e"
    r"|(?:what|which)\s+(?:year|date|month|time))\b", re.IGNORECASE)
_WHEN_WORDS = "|".join([*MONTHS, *MONTH_NUMBERS, "printemps", "automne", "hiver",
                        "lundis?", "mardis?", "mercredis?", "jeudis?", "vendredis?", "samedis?",
                        "dimanches?", "matins?", "soirs?", "soirées?", "nuits?", "week-ends?",
                        "january", "february", "march", "april", "june", "july", "august",
                        "september", "october", "november", "december"])
_DATED = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}/\d{1,2}\b|\b\d{1,2}\s*h(?:\s*\d\d)?\b"
    r"|\b(?:" + _WHEN_WORDS + r")\b"
    r"|\b(?:l['’]\s*|en\s+)[ée]t[ée]\b"  # the season, not the participle (« a été »)
    r"|\b(?:depuis|il\s+y\s+a|pendant|durant|since|for)\s+(?:\d+|une?|deux|trois|quatre|cinq"
    r"|dix|plusieurs|a|one|two|three|several)\s+(?:ans?|ann[ée]es?|mois|semaines?|years?"
    r"|months?|weeks?)\b", re.IGNORECASE)


def _count(question: str) -> re.Match[str] | None:
    """Where ``question`` asks for a number of things; None when it asks none, or a length
    of time (« combien de temps »), a sum of money, or names no thing (« combien coûte… ? »,
    « combien sont-ils… ? »: no « de »)."""
    m = _COUNTED.search(question)
    if m is None or m.group("noun").lower() in _NOT_COUNTED or asks_amount(question):
        return None
    bare = not m.group("of") and m.group(0).lower().startswith("combien")
    return None if bare else m


def counted(question: str) -> str | None:
    """The word ``question`` asks the number of, as typed; None when it asks no count."""
    m = _count(question)
    return m.group("noun") if m else None


def count_terms(question: str, terms: Callable[[str], list[str]]) -> list[str]:
    """The terms (``terms``: the analyser, English glossed) of what ``question`` counts,
    and of the word after it ("signatory institutions", « objectifs opérationnels »); empty
    when it counts no thing: a length of time, a sum of money.

    >>> from indexer.analyzer import analyze
    >>> count_terms("Combien de places d'hébergement compte Paris ?", analyze)
    ['plac']
    >>> count_terms("Le texte contient combien de mesures ?", analyze)
    ['engag']
    >>> count_terms("Depuis combien de temps ?", analyze), count_terms("Qui signe ?", analyze)
    ([], [])
    >>> count_terms("Combien coûte un ticket de métro ?", analyze)
    []
    """
    m = _count(question)
    if m is None:
        return []
    words = " ".join(w for w in m.group("noun", "next") if w)
    return list(dict.fromkeys(terms(as_engagements(words))))  # « mesures »: « engagements »


def asks_count_only(question: str, counted: list[str], terms: Callable[[str], list[str]]
                    ) -> bool:
    """Whether ``question`` asks for the number of what ``counted`` names (its
    :func:`count_terms`) and says nothing else but the pact or its edition (« Combien de
    signataires ? »): in the pact's assistant, it asks for the pact's.

    >>> from indexer.analyzer import analyze
    >>> asks_count_only("Combien de signataires ?", ["signatair"], analyze)
    True
    >>> asks_count_only("Combien de places pour les femmes ?", ["plac"], analyze)
    False
    """
    asked = set(terms(without_editions(question)))
    return bool(counted) and bool(asked) and asked <= set(counted) | set(terms(_ONLY_COUNT))


def same_kind(found: list[str], terms: Callable[[str], list[str]]) -> list[str]:
    """``found`` with the terms of the other names of the same kind of thing (``KINDS``).

    >>> from indexer.analyzer import analyze
    >>> same_kind(["signatair"], analyze)[:4]
    ['signatair', 'partenair', 'institu', 'organis']
    """
    out = list(found)
    for kind in KINDS:
        same = terms(kind)
        if set(same) & set(found):
            out += [t for t in same if t not in out]
    return out


def counts(sentence: str, stems: Sequence[str], analyze: Callable[[str], list[str]]) -> bool:
    """Whether a number in ``sentence`` counts a word whose analysed form is in ``stems``."""
    if not stems:
        return False
    tokens = _TOKEN.findall(sentence)
    for i, token in enumerate(tokens):
        if has_number(token):
            after = tokens[i + 1:i + 1 + REACH]
            if any(set(analyze(word)) & set(stems) for word in after):
                return True
    return False


def asks_date(question: str) -> bool:
    """Whether ``question`` asks when something happens (see the module's examples)."""
    return bool(_DATE_ASKED.search(question))


def states_date(sentence: str) -> bool:
    """Whether ``sentence`` states a date or a time: a year, a month, a season, a weekday, an
    hour, a span of time."""
    return bool(_DATED.search(sentence))
