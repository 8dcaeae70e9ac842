"""The date a document gives itself in a stamp line, as ISO ``AAAA-MM-JJ``.

A web page saved as HTML or text, or a report, often says when it was published or
updated: « Publié le 12 novembre 2024 », « Mise à jour : 30 juin 2022 ». The reader drops
that line as boilerplate; its date becomes the document's own when the manifest gives none,
so that a citation says how recent its source is. A publication date (or a news site's
dateline) comes before an update's.

>>> stamp_date("Actualité\\nMise à jour : 30 juin 2022\\nLe texte.")
'2022-06-30'
>>> stamp_date("Mis à jour le 02/03/2024\\nPublié le 1er février 2024 à 14h30\\nTexte.")
'2024-02-01'
>>> stamp_date("Accueil\\nLe 20 février 2015 | Actualités - Evenements -\\nTexte.")
'2015-02-20'
>>> stamp_date("Le pacte a été publié le 3 mars 2015 par la Ville."), stamp_date("")
('', '')
>>> stamp_date("20/02/2015 | Signature du pacte"), stamp_date("Publié le 31 février 2024")
('', '')
>>> stamp_date("Date de publication : 12/03/21")
'2021-03-12'

A date given as a value (a page's metadata, a front matter) is read by :func:`iso_date`;
:func:`french_date` writes one in words, for a citation's byline:

>>> iso_date("2022-06-30T09:15:00+02:00"), iso_date("30 juin 2022"), iso_date("juin 2022")
('2022-06-30', '2022-06-30', '')
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
# Month numbers by name, accents dropped as they often are when typed (« fevrier », « aout »).
MONTH_NUMBERS = {m.replace("é", "e").replace("û", "u"): n for n, m in enumerate(MONTHS, 1)}
_DAY = r"(?P<d>\d{1,2})(?:er)?\s+(?P<m>[a-zéû]+)\s+(?P<y>\d{4})"
_SLASHED = r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}|\d{2})"
_GIVEN = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
# Site sections that a dateline lists: "Le 20 février 2015 | Actualités - Evénements -".
CATEGORY = (r"(?:actualités?|[ée]v[ée]nements?|communiqués?(?:\s+de\s+presse)?|agenda"
            r"|à\s+la\s+une|en\s+bref|dossiers?|presse|non\s+classé)")
# An update or publication stamp, as a whole line: "Mise à jour : 30 juin 2022", "Publié le
# 12/03/2021 à 14h30": what, then the date, then a time at most ("… par la DASES." says who,
# and is no stamp). :mod:`indexer.boilerplate` drops these lines, and the datelines below.
STAMP = re.compile(
    r"(?P<what>publié|date\s+de\s+publication|mise\s+à\s+jour|mis\s+à\s+jour|dernière\s+mise"
    r"\s+à\s+jour|date\s+de\s+mise\s+à\s+jour)(?:\s+le)?\s*:?\s*(?:le\s+)?"
    rf"(?:{_DAY}|{_SLASHED}|{_ISO})(?:\s*(?:à|,|-)?\s*\d{{1,2}}\s*[h:]\s*\d{{0,2}})?\.?",
    re.IGNORECASE)
# A news site's dateline: « Le 20 février 2015 | Actualités - Evénements - » (a timeline row,
# « 20/02/2015 | Signature du pacte », names no site section).
DATELINE = re.compile(rf"(?:le\s+)?(?:{_DAY}|{_SLASHED}|{_ISO})\s*\|\s*{CATEGORY}"
                       rf"(?:\s*[-–,|/]\s*{CATEGORY})*\s*[-–]?", re.IGNORECASE)
MAX_LINES = 40  # a stamp stands near the top of what was read
# A date as a whole value: ISO 8601 (with a time and zone or not), « 30/06/2022 », « 30 juin
# 2022 ».
_TIME = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_VALUE = re.compile(rf"(?:{_ISO}(?:{_TIME})?|{_SLASHED}|{_DAY})", re.IGNORECASE)


def _iso(m: re.Match[str]) -> str:
    """The stamp's date as AAAA-MM-JJ; "" when it is no real day."""
    if m["d"]:
        month = MONTH_NUMBERS.get(m["m"].lower().replace("é", "e").replace("û", "u"), 0)
        y, mo, d = int(m["y"]), month, int(m["d"])
    elif m["d2"]:
        year = int(m["y2"])
        y, mo, d = year + 2000 if year < 100 else year, int(m["m2"]), int(m["d2"])
    else:
        y, mo, d = int(m["y3"]), int(m["m3"]), int(m["d3"])
    try:
        return date(y, mo, d).isoformat()
    except ValueError:  # « 31 février », a month name misspelt
        return ""


def stamp_date(text: str) -> str:
    """The date of the first publication stamp among the first ``MAX_LINES`` lines of
    ``text``, else of the first update stamp; "" without one."""
    found: dict[str, str] = {}
    for line in text.splitlines()[:MAX_LINES]:
        line = " ".join(line.split())
        m = STAMP.fullmatch(line) or DATELINE.fullmatch(line)
        if m is None:
            continue
        kind = "mis à jour" if "what" in m.re.groupindex and "jour" in m["what"].lower() \
            else "publié"
        iso = _iso(m)
        if iso:
            found.setdefault(kind, iso)
    return found.get("publié") or found.get("mis à jour", "")


def iso_date(value: str) -> str:
    """``value`` as AAAA-MM-JJ when the whole of it is a date (see :data:`_VALUE`) of a real
    day; "" otherwise."""
    m = _VALUE.fullmatch(" ".join(value.split()))
    return _iso(m) if m else ""


def french_date(iso: str) -> str:
    """A manifest's date (AAAA, AAAA-MM or AAAA-MM-JJ) in French words; as given otherwise.

    >>> french_date("2021-07-01"), french_date("2024-03"), french_date("2020")
    ('1er juillet 2021', 'mars 2024', '2020')
    """
    m = _GIVEN.fullmatch(iso)
    if m is None or (m["month"] and not 1 <= int(m["month"]) <= 12):
        return iso
    day = m["day"] and ("1er" if int(m["day"]) == 1 else str(int(m["day"])))
    month = m["month"] and MONTHS[int(m["month"]) - 1]
    return " ".join(filter(None, [day, month, m["year"]]))
