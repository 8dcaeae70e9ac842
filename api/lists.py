"""The lists of pillars / commitments of the index, each under the sentence that introduces it.

The indexer makes each item of such a list a passage of its own (``kind=commitment``) and
keeps the list's introduction as its ``context`` (« … autour de 5 grands piliers : »). A
list is a run of consecutive items of one document under one introduction, in one section:
the commitments that label themselves (« Engagement 1 : … », then its « Objectif 1.1 : … »
under it) have none, and their headings tell them apart.

>>> chunks = [
...     {"doc_id": "d", "start": 0, "end": 20, "kind": "text", "context": ""},
...     {"doc_id": "d", "start": 23, "end": 35, "kind": "commitment", "context": "Deux piliers :"},
...     {"doc_id": "d", "start": 38, "end": 46, "kind": "commitment", "context": "Deux piliers :"},
...     {"doc_id": "e", "start": 0, "end": 9, "kind": "commitment", "context": "Deux axes :"},
...     {"doc_id": "e", "start": 9, "end": 20, "kind": "commitment", "context": "Deux axes :"}]
>>> [(x.doc_id, x.intro, x.rows) for x in item_lists(chunks)]
[('d', 'Deux piliers :', [1, 2]), ('e', 'Deux axes :', [3, 4])]
>>> introduced(item_lists(chunks), "d", "Le pacte.  Deux\\npiliers :", 20).rows
[1, 2]
>>> introduced(item_lists(chunks), "d", "Le pacte compte deux piliers.", 20) is None
True
>>> [x.doc_id for x in sized(item_lists(chunks), 2)], sized(item_lists(chunks), 3)
(['d', 'e'], [])
>>> [x.doc_id for x in sized(item_lists(chunks), 2, lambda intro: "axes" in intro)]
['e']
>>> item_text("Changer le regard ;"), item_text("Prévenir,"), item_text("Garantir.")
('Changer le regard', 'Prévenir', 'Garantir.')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_TRAILING = re.compile(r"[\s;,]+$")  # what ends an item in its list, not the item itself


@dataclass
class ItemList:
    doc_id: str
    intro: str  # the introducing sentence, blanks collapsed ("" when there is none)
    rows: list[int] = field(default_factory=list)  # the items' rows in the index, in order
    start: int = 0  # where the first item starts in the document


def item_lists(chunks: Sequence[Mapping[str, Any]]) -> list[ItemList]:
    """Every list of the index, in document order."""
    order = sorted(range(len(chunks)), key=lambda i: (chunks[i]["doc_id"], chunks[i]["start"]))
    lists: list[ItemList] = []
    last: ItemList | None = None
    for row in order:
        c = chunks[row]
        if c["kind"] != "commitment":
            last = None
            continue
        intro = " ".join(str(c.get("context", "")).split())
        if (last is None or last.doc_id != c["doc_id"] or last.intro != intro
                or chunks[last.rows[-1]].get("section") != c.get("section")):
            last = ItemList(c["doc_id"], intro, start=c["start"])
            lists.append(last)
        last.rows.append(row)
    return lists


def introduced(lists: Sequence[ItemList], doc_id: str, quote: str, end: int
               ) -> ItemList | None:
    """The list that a quote ending with ":" introduces: the first one after ``end`` (the
    quote's end in document ``doc_id``) whose introduction ends the quote."""
    quote = " ".join(quote.split())
    if not quote.endswith(":"):
        return None
    return next((x for x in lists if x.doc_id == doc_id and x.intro
                 and quote.endswith(x.intro) and x.start >= end), None)


def sized(lists: Sequence[ItemList], count: int,
          names: Callable[[str], bool] = lambda intro: False) -> list[ItemList]:
    """The lists of ``count`` items; of several, those whose introduction ``names`` the
    word the question counts (« piliers »), when any does."""
    fit = [x for x in lists if len(x.rows) == count]
    return [x for x in fit if names(x.intro)] or fit


def item_text(text: str) -> str:
    """An item as the answer shows it: without the ";" or "," that ties it to the next one
    (a prefix of ``text``, so that it is still quoted from the document)."""
    return _TRAILING.sub("", text) or text
