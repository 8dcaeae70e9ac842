"""What ``Retriever.search()`` takes and gives: :class:`Filters` and :class:`SearchResult`.

>>> Filters().is_empty(), Filters(kinds=["commitment"]).is_empty()
(True, False)
>>> r = SearchResult("d:0", "d", "Le pacte", "Le pacte > Piliers", "Prévenir.", 0.91, 10, 19,
...                  None, "", "commitment", "2015-2020")
>>> r.where
'Le pacte > Piliers'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Filters:
    """Restrict results; ``None`` means no restriction on that field."""

    doc_ids: Sequence[str] | None = None
    editions: Sequence[str] | None = None
    kinds: Sequence[str] | None = None  # "text" | "commitment"

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.editions or self.kinds)


@dataclass
class SearchResult:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    score: float
    start: int
    end: int
    page: int | None
    url: str
    kind: str
    edition: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def where(self) -> str:
        """Title and section path, for display ("Titre > Section")."""
        if self.title and self.section.startswith(self.title):
            return self.section
        return " > ".join(x for x in (self.title, self.section) if x)
