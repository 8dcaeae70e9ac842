"""Span-anchored relevance: a chunk is relevant when it contains a relevant quote.

Quotes and chunk texts are compared after :func:`normalize` (case, accents,
typographic apostrophes and quotes, whitespace), so labels written once survive any
re-chunking. Metrics count each quote once (:func:`unit_run`). When a quote straddles
a chunk boundary (no chunk contains it whole), the chunks that overlap its position
in the document are relevant instead.

>>> normalize("  L’Hôtel   de\\u00a0VILLE ")
"l'hotel de ville"
>>> chunks = [{"chunk_id": "c1", "doc_id": "d", "text": "Le pacte a été signé.", "start": 0,
...            "end": 21}, {"chunk_id": "c2", "doc_id": "d", "text": "Il compte 106 engagements.",
...            "start": 22, "end": 48}]
>>> docs = {"d": "Le pacte a été signé. Il compte 106 engagements."}
>>> span_qrels({"q": ["106 ENGAGEMENTS"]}, chunks, docs)
{'q': {'c2': 1}}
>>> [(u, sorted(c)) for u, c in span_units({"q": ["signé. Il compte"]}, chunks, docs)["q"]]
[('q#1', ['c1', 'c2'])]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'",
                         "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‑": "-"})
_SPACE = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_QUOTES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes/quotes/dashes, collapse whitespace."""
    return normalize_with_map(text)[0]


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the offset it came from."""
    out: list[str] = []
    pos: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pos.append(i - 1)
            pending_space = False
        for c in _fold_char(ch):
            out.append(" " if c.isspace() else c)
            pos.append(i)
    return "".join(out), pos


def occurrences(needle: str, hay: str) -> Iterator[int]:
    """Where ``needle`` occurs in ``hay``, never starting or ending inside a word (a quote
    « ame » is not in « amelioree »).

    >>> list(occurrences("ame", "ame amelioree")), list(occurrences("", "x"))
    ([0], [])
    """
    start = hay.find(needle) if needle else -1
    while start >= 0:
        end = start + len(needle)
        if not ((needle[0].isalnum() and start > 0 and hay[start - 1].isalnum())
                or (needle[-1].isalnum() and end < len(hay) and hay[end].isalnum())):
            yield start
        start = hay.find(needle, start + 1)


def contains(hay: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``hay`` as whole words (see :func:`occurrences`)."""
    return next(occurrences(needle, hay), None) is not None


def locate(span: str, text: str) -> list[tuple[int, int]]:
    """Character ranges ``[start, end)`` of ``text`` where the normalised span occurs."""
    needle = normalize(span)
    hay, pos = normalize_with_map(text)
    return [(pos[a], pos[a + len(needle) - 1] + 1) for a in occurrences(needle, hay)]


Units = list[tuple[str, frozenset[str]]]  # (unit id, chunk ids that carry it)


def span_units(spans: Mapping[str, Sequence[str]], chunks: Sequence[Mapping[str, Any]],
               documents: Mapping[str, str], missing: list[tuple[str, str]] | None = None
               ) -> dict[str, Units]:
    """Each query's relevance units: its quotes, with the chunks that carry each.

    ``chunks`` are index rows (``chunk_id``, ``doc_id``, ``text``, ``start``, ``end``);
    ``documents`` maps doc ids to full texts (for quotes that straddle chunks). Quotes
    carried by exactly the same chunks are one unit (``qid#1``, ``qid#2``…). A quote
    found in no chunk gives no unit; it is appended to ``missing`` as ``(qid, quote)``
    (see also :func:`unmatched`), which the runner refuses.
    """
    norm = [normalize(str(c["text"])) for c in chunks]
    out: dict[str, Units] = {}
    for qid, quotes in spans.items():
        groups: list[frozenset[str]] = []
        for quote in quotes:
            needle = normalize(quote)
            hits = [c for c, t in zip(chunks, norm, strict=True) if contains(t, needle)]
            if not hits:  # straddles a boundary: the chunks overlapping its place
                hits = [c for doc_id, text in documents.items() for a, b in locate(quote, text)
                        for c in chunks if c["doc_id"] == doc_id and c["start"] < b
                        and c["end"] > a]
            carriers = frozenset(str(c["chunk_id"]) for c in hits)
            if not carriers and missing is not None:
                missing.append((qid, quote))
            if carriers and carriers not in groups:
                groups.append(carriers)
        out[qid] = [(f"{qid}#{i}", g) for i, g in enumerate(groups, start=1)]
    return out


def span_qrels(spans: Mapping[str, Sequence[str]], chunks: Sequence[Mapping[str, Any]],
               documents: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """Chunk-level qrels ``{qid: {chunk_id: 1}}``: every chunk that carries a quote."""
    return {qid: {c: 1 for _u, carriers in units for c in sorted(carriers)}
            for qid, units in span_units(spans, chunks, documents).items()}


def unit_run(ranked: Sequence[tuple[str, float]], units: Units) -> list[tuple[str, float]]:
    """A chunk ranking rewritten as a quote ranking, each quote credited once.

    A chunk is replaced by the quotes it newly carries; a chunk that carries none
    (or only quotes already found, as overlapping chunks do) stays as a non-relevant
    item. So duplicates never count twice and never make a quote unreachable.

    >>> unit_run([("c2", 0.9), ("c1", 0.8), ("c3", 0.5)],
    ...          [("q#1", frozenset({"c1", "c2"})), ("q#2", frozenset({"c3"}))])
    [('q#1', 0.9), ('c1', 0.8), ('q#2', 0.5)]
    """
    credited: set[str] = set()
    out: list[tuple[str, float]] = []
    for chunk_id, score in ranked:
        new = [u for u, carriers in units if chunk_id in carriers and u not in credited]
        out += [(u, score) for u in new] if new else [(chunk_id, score)]
        credited.update(new)
    return out


def unmatched(spans: Mapping[str, Sequence[str]], documents: Mapping[str, str]
              ) -> list[tuple[str, str]]:
    """``(qid, quote)`` pairs whose quote occurs in no document: a broken label."""
    texts = [normalize(t) for t in documents.values()]
    return [(qid, quote) for qid, quotes in spans.items() for quote in quotes
            if not any(contains(t, normalize(quote)) for t in texts)]
