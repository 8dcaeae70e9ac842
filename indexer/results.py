"""What ``Retriever.search()`` takes and gives: :class:`Filters` and :class:`SearchResult`.

>>> Filters().is_empty(), Filters(kinds=["commitment"]).is_empty()
(True, False)
>>> r = SearchResult("d:0", "d", "Le pacte", "Le pacte > Piliers", "Prévenir.", 0.91, 10, 19,
...                  None, "", "commitment", "2015-2020")
>>> r.where
'Le pacte > Piliers'
>>> r = SearchResult("d:1", "d", "Rapport", "", "… suite", 0.5, 100, 180, 4, "", "text", "",
...                  page_breaks=[150])
>>> r.pages, r.page_at(120), r.page_at(160)
('4–5', 4, 5)
>>> r = SearchResult("d:1", "d", "Rapport", "", "… suite", 0.5, 100, 180, 4, "", "text", "",
...                  ocr=True, page_breaks=[150], ocr_pages=[5])
>>> r.ocr_at(120), r.ocr_at(160), "ocr_pages" in r.to_dict(), r.to_dict()["ocr"]
(False, True, False, True)
>>> SearchResult("d:2", "d", "T", "", "…", 0.5, 0, 1, None, "", "text", "", "Aurore",
...              "2015-02-20").byline
'Aurore, 20 février 2015'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any

from pydantic import Field

from indexer.dates import french_date
from indexer.types import page_at


@dataclass(frozen=True)
class Filters:
    """Restrict results; ``None`` means no restriction on that field."""

    doc_ids: Sequence[str] | None = None
    editions: Sequence[str] | None = None
    kinds: Sequence[str] | None = None  # "text" | "commitment"

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.editions or self.kinds)

    def unmatched(self, documents: Mapping[str, Mapping[str, Any]]) -> str:
        """Why no passage can pass: the editions asked for that no document of the index (its
        ``documents``, by id) belongs to; "" when the index has them (an unknown document id
        is refused by the search itself).

        >>> Filters(editions=["2015-2020"]).unmatched({"plan": {"edition": ""}})
        "l'index n'a aucun texte de l'édition 2015-2020"
        """
        have = {d.get("edition") for d in documents.values()}
        missing = [e for e in self.editions or () if e not in have]
        return f"l'index n'a aucun texte de l'édition {', '.join(missing)}" if missing else ""


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
    publisher: str = ""  # the document's, as its manifest entry gives them
    date: str = ""  # AAAA-MM-JJ
    # Some of the passage's text was read by OCR on a scanned page: it may hold misread words.
    ocr: Annotated[bool, Field(description="Texte lu par reconnaissance de caractères (OCR) "
                                           "sur une page scannée : il peut contenir des "
                                           "erreurs de lecture.")] = False
    # Where new pages start inside the passage (PDF), for a quote's page, and the pages of
    # its document read by OCR; not in the API's results, nor in to_dict(): ``page`` is
    # where the passage starts, ``ocr`` says whether any of its pages was read by OCR.
    page_breaks: Annotated[Sequence[int], Field(exclude=True)] = field(default=(), repr=False)
    ocr_pages: Annotated[Sequence[int], Field(exclude=True)] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["page_breaks"], out["ocr_pages"]
        return out

    @property
    def byline(self) -> str:
        """Who published the document, and when: « Aurore, 20 février 2015 »."""
        return ", ".join(filter(None, [self.publisher, french_date(self.date)]))

    @property
    def pages(self) -> str:
        """The passage's page, « 4–5 » when it goes on over a page break, "" with no pages."""
        first, last = self.page, self.page_at(self.end - 1)
        return "" if first is None else f"{first}–{last}" if last != first else str(first)

    def page_at(self, offset: int) -> int | None:
        """The page of the document text at ``offset`` (a quote's), inside this passage."""
        return page_at(self.page, self.page_breaks, offset)

    def ocr_at(self, offset: int) -> bool:
        """Whether the text at ``offset`` (a quote's) lies on a page read by OCR."""
        return self.page_at(offset) in self.ocr_pages

    @property
    def where(self) -> str:
        """Title and section path, for display ("Titre > Section")."""
        if self.title and self.section.startswith(self.title):
            return self.section
        return " > ".join(x for x in (self.title, self.section) if x)
