"""The lines of a PDF page as pypdf extracts them, with their looks; headings wrapped over
lines made one line again.

pypdf's text visitor tells the font, size and baseline of each character
(:func:`page_lines`). A heading set in a larger font than the body text (or in bold) that
wrapped over lines is one line again (:func:`heading_lines`), so the structure pass
reads it as one heading: « Compte rendu du comité de pilotage du » / « 14 mars 2024 » is the
document's title, not two lines of a paragraph.

>>> title, body = ("Helvetica-Bold", 22.0), ("Helvetica", 11.0)
>>> lines = ["Rapport d'activité de", "l'accueil de jour", "Il ouvre du lundi au vendredi, "
...          "de 9 heures à 17 heures."]  # the body text: the style of most characters
>>> heading_lines([lines], [[(title, 720.0), (title, 698.0), (body, 670.0)]])[0][0][0]
"Rapport d'activité de l'accueil de jour"
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Any

from indexer.headings import DANGLING, MAX_HEADING_CHARS, join_cut, looks_like_heading

if TYPE_CHECKING:
    from pypdf import PageObject

# Typographic ligatures that PDF text extraction leaves in words ("déﬁ"), as letters; and
# the codes that WinAnsiEncoding leaves unused, which the PDF standard shows as bullets
# (reportlab writes « • » as 0x7F) while pypdf gives them as control characters.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
     **dict.fromkeys("\x7f\x81\x8d\x8f\x90\x9d", "•")})
# A line's look: the style of most of its characters (its font's name and size in points;
# None where pypdf tells no font) and the height of its baseline on the page.
Style = tuple[str, float]
Look = tuple[Style | None, float]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOLD = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
_LEADING = 1.5  # a wrapped line's baseline lies at most this many font sizes under the last
MAX_TITLE_CHARS = 200  # a heading set in a larger font than the body text, joined


def _heading_style(style: Style, body: Style) -> bool:
    """A font larger than the body text's, or bold where the body text is not."""
    return _larger(style, body) or (bool(_BOLD.search(style[0])) and style[1] > body[1] - 0.5
                                    and not _BOLD.search(body[0]))


def _larger(style: Style | None, body: Style) -> bool:
    """A font larger than the body text's."""
    return style is not None and style[1] > body[1] + 0.5


def _goes_on(heading: str, line: str, looks: tuple[Look, Look], body: Style) -> str | None:
    """``heading`` and ``line`` as one line (a word cut at the break whole) when ``line``
    goes on with the heading above it (see :func:`heading_lines`), else None."""
    (above, y_above), (style, y) = looks
    if style is None or style != above or not _heading_style(style, body) \
            or not 0 < y_above - y <= _LEADING * style[1]:
        return None
    cut = join_cut(heading, line)
    joined = " ".join(part.strip() for part in cut or (heading, line) if part.strip())
    mid_phrase = bool(DANGLING.search(heading.rstrip())) or line.lstrip()[:1].islower()
    longest = MAX_TITLE_CHARS if _larger(style, body) else MAX_HEADING_CHARS
    return joined if mid_phrase and looks_like_heading(joined, longest) else None


def heading_lines(pages: list[list[str]], looks: list[list[Look]]
                  ) -> tuple[list[list[str]], set[str]]:
    """Pages (as lines) where a heading wrapped over lines is one line. Its lines share one
    heading style (a font larger than the body text's, the style of most characters, or
    bold where the body text is not), each lies right under the last (baselines at most
    ``_LEADING`` font sizes apart: two headings stand further apart), each but the last ends
    mid-phrase (``DANGLING``: « du », « de la », a comma) or the next goes on in lowercase,
    and together they look like a heading (short, no final stop:
    :func:`indexer.headings.looks_like_heading`). Names in a large font, one per line (the
    authors on a cover), stay apart. A heading in a larger font under a line of body text
    has a blank line before it: after a list, « 2. Le pilotage » is no list item. Set in a
    larger font, a heading may run to ``MAX_TITLE_CHARS`` (an official title over three
    lines): those longer than a heading read in plain text come back apart, as one line
    each followed by a blank line, for the reader to make headings of them.

    >>> title, body = ("Helvetica-Bold", 22.0), ("Helvetica", 11.0)
    >>> heading_lines(
    ...     [["Compte rendu du comité de pilotage du", " 14 mars 2024",
    ...       "Le comité valide l'ouverture de la halte de jour pour femmes.", "Décisions"]],
    ...     [[(title, 720.0), (title, 698.0), (body, 670.0), (title, 640.0)]])[0]
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Compte rendu du comité de pilotage du 14 mars 2024',
      "Le comité valide l'ouverture de la halte de jour pour femmes.", '', 'Décisions']]
    """
    sizes: Counter[Style] = Counter()
    for lines, page in zip(pages, looks, strict=True):
        for line, (style, _) in zip(lines, page, strict=True):
            sizes[style or ("", 0.0)] += len(line.strip())
    body = sizes.most_common(1)[0][0] if sizes else ("", 0.0)
    out: list[list[str]] = []
    long: set[str] = set()
    for lines, page in zip(pages, looks, strict=True):
        kept: list[str] = []
        for i, line in enumerate(lines):
            joined = _goes_on(kept[-1], line, (page[i - 1], page[i]), body) if kept else None
            if joined:
                kept[-1] = joined
                if len(joined) > MAX_HEADING_CHARS:
                    long.add(joined)
                continue
            if kept and kept[-1].strip() and (kept[-1] in long or (
                    _set_apart(page[i - 1][0], page[i][0], body)
                    and looks_like_heading(line.strip()))):
                kept.append("")  # « 2. Le pilotage » after a list: a heading, not an item
            kept.append(line)
        out.append(kept)
    return out, long


def _set_apart(above: Style | None, style: Style | None, body: Style) -> bool:
    """A line in a font larger than the body text's under one that is not: a heading,
    kept apart from the block above by a blank line."""
    return _larger(style, body) and not _larger(above, body)


def page_lines(page: PageObject) -> tuple[list[str], list[Look]]:
    """The lines of a page (ligatures as letters, NFC) and their looks, as pypdf's text
    visitor tells the font, size and baseline of each character (looks unknown where its
    text does not add up to the page's)."""
    marks: list[tuple[Style, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])  # Tf size times matrices
        name = str(font.get("/BaseFont", "")) if font else ""
        mark = ((name, round(size * scale, 1)), tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        marks.extend([mark] * len(text))

    text = page.extract_text(visitor_text=visit) or ""
    known = len(marks) == len(text)
    lines: list[str] = []
    looks: list[Look] = []
    breaks = list(_LINE_BREAK.finditer(text))
    for s, e in zip([0, *(m.end() for m in breaks)], [*(m.start() for m in breaks), len(text)],
                    strict=True):
        lines.append(unicodedata.normalize("NFC", text[s:e].translate(_LIGATURES)))
        inked = [marks[i] for i in range(s, e) if known and not text[i].isspace()]
        main = Counter(style for style, _ in inked).most_common(1)
        looks.append((main[0][0], inked[0][1]) if main else (None, 0.0))
    return lines, looks
