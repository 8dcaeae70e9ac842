"""A quote from a PDF paragraph that goes on over a page break is cited on its own page
(real PDF made with reportlab, real model and spaCy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.settings import Settings

PAGES = [
    ["Santé des personnes à la rue",
     "Les personnes sans domicile ont une espérance de vie inférieure de trente ans",
     "à celle de la population générale. Les permanences d'accès aux soins de santé",
     "offrent une prise en charge médicale sans condition de ressources, et"],
    ["orientent les patients vers la protection universelle maladie. Les lits halte",
     "soins santé accueillent les personnes dont l'état ne justifie pas une hospitalisation."],
]


def make_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in PAGES:
        c.setFont("Helvetica-Bold" if lines is PAGES[0] else "Helvetica", 16)
        for i, line in enumerate(lines):
            c.drawString(50, 780 - 20 * i, line)
            c.setFont("Helvetica", 11)
        c.showPage()
    c.save()
    return path


def test_a_quote_on_the_second_page_of_a_passage_is_cited_there(
        tmp_path: Path, real_settings: Settings, real_embedder: Any) -> None:
    from api.answer import ExtractiveAnswerer
    from indexer.build import build_index
    from indexer.search import Retriever

    (tmp_path / "docs").mkdir()
    make_pdf(tmp_path / "docs" / "sante.pdf")
    settings = real_settings.model_copy(update={"data_dir": tmp_path / "data"})
    build_index([tmp_path / "docs"], settings, embedder=real_embedder, progress=False)
    retriever = Retriever.load(settings, embedder=real_embedder)
    passage = retriever.search("lits halte soins santé", 1)[0]
    assert (passage.page, passage.pages) == (1, "1–2")  # one passage over the page break
    answer = ExtractiveAnswerer.from_retriever(retriever, settings).answer(
        "Qui les lits halte soins santé accueillent-ils ?")
    first = answer.citations[0].to_dict()
    assert first["quote"] == ("Les lits halte soins santé accueillent les personnes dont "
                              "l'état ne justifie pas une hospitalisation.")
    assert first["page"] == 2  # before: 1, the page where the passage starts
    starts = [c.to_dict()["page"] for c in answer.citations
              if "espérance de vie" in c.quote]
    assert starts in ([], [1])
