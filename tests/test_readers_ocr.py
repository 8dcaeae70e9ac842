"""OCR of scanned PDF pages: real tesseract (French), real pypdfium2, no mocks.

A « scanned » page is a text page made with reportlab, rendered to an image by pypdfium2
and saved back as a PDF by Pillow: an image, no text layer (no system font needed for the
accents). Without tesseract the tests that need it are skipped, but fail under CI, which
installs it (scripts/setup.sh).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from api.quotes import Citation
from api.schemas import CitationOut
from api.service import format_text
from indexer.build import build_index
from indexer.embed import HashEmbedder
from indexer.errors import UnreadableFileError
from indexer.readers import ocr as ocr_module
from indexer.readers import read_document
from indexer.readers.ocr import Ocr
from indexer.search import Retriever
from indexer.settings import Settings
from indexer.types import DocMeta

SCANNED = ["Le Pacte parisien de lutte contre la grande exclusion",
           "L'accès aux droits est une priorité."]
WORDS = {"pacte", "parisien", "lutte", "grande", "exclusion", "accès", "droits", "priorité"}
NOTE = "page 2 lue par reconnaissance de caractères (OCR) ; le texte peut contenir des " \
       "erreurs de lecture"


@pytest.fixture
def tesseract() -> Iterator[None]:
    """tesseract reads French here; else skip (fail under CI, which installs it)."""
    ocr_module.available.cache_clear()
    if not ocr_module.available():
        reason = ("tesseract et le français (paquets Debian tesseract-ocr et "
                  "tesseract-ocr-fra) ne sont pas installés")
        if os.environ.get("CI"):
            pytest.fail(f"{reason} : scripts/setup.sh les installe")
        pytest.skip(reason)
    yield
    ocr_module.available.cache_clear()
    ocr_module.engine.cache_clear()


def text_page(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, small (OCR of it stays fast)."""
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=(420, 120))
    c.setFont("Helvetica", 14)
    for i, line in enumerate(lines):
        c.drawString(20, 90 - 24 * i, line)
    c.save()
    return out.getvalue()


def scanned(pdf: bytes) -> bytes:
    """The pages of ``pdf`` as images (150 dpi, grayscale), in a PDF without a text layer."""
    doc = pdfium.PdfDocument(pdf)
    images = [page.render(scale=150 / 72, grayscale=True).to_pil() for page in doc]
    out = BytesIO()
    images[0].save(out, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def joined(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(BytesIO(pdf)).pages:
            writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def mixed(folder: Path) -> Path:
    """rapport.pdf: a text page, a scanned page, a text page."""
    path = folder / "rapport.pdf"
    path.write_bytes(joined(text_page(["Rapport d'activité 2023", "Le centre accueille 45 "
                                       "personnes."]),
                            scanned(text_page(SCANNED)),
                            text_page(["Bilan", "En 2023, 32 ménages ont été relogés."])))
    return path


def words(text: str) -> set[str]:
    return {w.strip(".,;:!?'’").casefold() for w in text.replace("'", " ").replace("’", " ")
            .split()}


def test_a_scanned_page_is_read_by_ocr_and_keeps_its_page(tmp_path: Path, tesseract: None):
    path = mixed(tmp_path)
    with Ocr(tmp_path / "cache" / "ocr.sqlite", progress=False) as ocr:
        doc = read_document(path, "rapport", DocMeta(), ocr)
        assert ocr.take_notes() == []
    assert doc.meta.ocr_pages == (2,)
    assert doc.meta.title == "Rapport d'activité 2023"
    pages = {}
    for b in doc.blocks:
        pages.setdefault(b.page, "")
        pages[b.page] += " " + doc.block_text(b)
    assert sorted(pages) == [1, 2, 3]
    assert words(pages[2]) >= WORDS  # compared as words: case and punctuation aside
    assert "45 personnes" in pages[1] and "relogés" in pages[3]
    assert not WORDS & words(pages[1] + pages[3])


def test_without_ocr_a_scanned_pdf_is_skipped_with_how_to_read_it(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned(text_page(SCANNED)))
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path, "scan", DocMeta(), ocr=None)
    assert caught.value.reason == (
        "aucun texte exploitable après extraction (PDF scanné sans couche texte : installez "
        "tesseract-ocr-fra pour le lire par OCR)")


def test_a_blank_scan_read_by_ocr_is_still_skipped(tmp_path: Path, tesseract: None):
    path = tmp_path / "blanc.pdf"
    path.write_bytes(scanned(text_page([])))
    with Ocr(None, progress=False) as ocr, pytest.raises(UnreadableFileError) as caught:
        read_document(path, "blanc", DocMeta(), ocr)
    assert caught.value.reason == ("aucun texte exploitable après extraction (PDF scanné sans "
                                   "couche texte ?)")


def test_a_page_tesseract_cannot_read_stays_empty_and_is_said(tmp_path: Path, tesseract: None):
    path = mixed(tmp_path)
    cache = tmp_path / "ocr.sqlite"
    with Ocr(cache, progress=False, timeout=0.001) as ocr:
        doc = read_document(path, "rapport", DocMeta(), ocr)
        assert ocr.take_notes() == [
            f"{path} : page 2 non lue par reconnaissance de caractères (OCR) : tesseract a "
            f"dépassé 0.001 s ; elle ne sera relue que si le PDF ou tesseract change (ou "
            f"supprimez {cache})"]
    assert doc.meta.ocr_pages == ()
    assert sorted({b.page for b in doc.blocks}) == [1, 3]
    assert rows(cache) == 0 and rows(cache, "failures") == 1
    # The same failure is not paid for at every build: it is remembered, and said.
    with Ocr(cache, progress=False, timeout=0.001) as ocr:
        ocr._submit = None  # type: ignore[assignment, method-assign]  # no tesseract run
        again = read_document(path, "rapport", DocMeta(), ocr)
        assert ocr.take_notes() == [
            f"{path} : page 2 non lue par reconnaissance de caractères (OCR) lors d'une "
            f"indexation précédente : tesseract a dépassé 0.001 s ; supprimez {cache} pour "
            "la relire"]
    assert again.text == doc.text
    # A longer timeout tries again; the page read, its failure is forgotten.
    with Ocr(cache, progress=False) as ocr:
        read = read_document(path, "rapport", DocMeta(), ocr)
        assert ocr.take_notes() == []
    assert read.meta.ocr_pages == (2,)
    assert rows(cache) == 1 and rows(cache, "failures") == 0


@pytest.fixture
def no_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A PATH without tesseract (these tests run whether or not it is installed)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ocr_module.available.cache_clear()
    yield
    ocr_module.available.cache_clear()


def test_without_tesseract_the_scanned_pages_of_a_pdf_are_said(tmp_path: Path,
                                                              no_tesseract: None):
    path = mixed(tmp_path)
    with Ocr(None, progress=False) as ocr:
        doc = read_document(path, "rapport", DocMeta(), ocr)
        assert ocr.take_notes() == [
            f"{path} : page 2 sans texte, non lue : si ce sont des pages scannées, installez "
            "tesseract-ocr-fra pour les lire par reconnaissance de caractères (OCR), puis "
            "relancez l'indexation"]
    assert doc.meta.ocr_pages == ()
    assert sorted({b.page for b in doc.blocks}) == [1, 3]


def test_without_tesseract_a_scanned_pdf_is_skipped_once(tmp_path: Path, no_tesseract: None):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned(text_page(SCANNED)))
    with Ocr(None, progress=False) as ocr:
        with pytest.raises(UnreadableFileError) as caught:
            read_document(path, "scan", DocMeta(), ocr)
        assert ocr.take_notes() == []  # the reason says it all
    assert caught.value.reason.endswith("(PDF scanné sans couche texte : installez "
                                        "tesseract-ocr-fra pour le lire par OCR)")


def rows(cache: Path, table: str = "pages") -> int:
    with sqlite3.connect(cache) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_build_notes_ocr_and_reads_an_unchanged_pdf_from_the_cache(
        tmp_path: Path, tesseract: None, monkeypatch: pytest.MonkeyPatch):
    # tesseract on the PATH is the real one behind a script that logs each call.
    real, log = ocr_module.shutil.which("tesseract"), tmp_path / "calls.log"
    wrapper = tmp_path / "bin" / "tesseract"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    ocr_module.available.cache_clear()
    ocr_module.engine.cache_clear()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = mixed(corpus)
    settings = Settings(data_dir=tmp_path / "data")

    def build() -> list[str]:
        log.write_text("")
        report = build_index([corpus], settings, embedder=HashEmbedder(), progress=False)
        assert report.documents == 1 and report.skipped == []
        assert report.notes == [f"{path} : {NOTE}"]
        return [call for call in log.read_text().splitlines() if call.startswith("stdin")]

    assert build() == ["stdin stdout -l fra --dpi 300"]  # the scanned page, once
    assert rows(settings.cache_path / "ocr.sqlite") == 1
    assert build() == []  # unchanged: read from the cache
    hit = Retriever.load(settings, embedder=HashEmbedder()).search("accès aux droits", k=1)[0]
    assert {"droits", "priorité"} <= words(hit.text) and hit.page == 2  # cited on its page
    assert hit.ocr and list(hit.ocr_pages) == [2] and hit.to_dict()["ocr"] is True


def test_a_quote_from_a_page_read_by_ocr_says_so(tmp_path: Path, tesseract: None):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    mixed(corpus)
    settings = Settings(data_dir=tmp_path / "data")
    build_index([corpus], settings, embedder=HashEmbedder(), progress=False)
    retriever = Retriever.load(settings, embedder=HashEmbedder())
    typed, scanned = (retriever.search(q, k=1)[0] for q in ("45 personnes", "accès aux droits"))
    assert (typed.page, typed.ocr, scanned.page, scanned.ocr) == (1, False, 2, True)
    cite = [CitationOut(**Citation(1, r, r.text, r.start, r.end).to_dict())
            for r in (typed, scanned)]
    assert [(c.page, c.ocr) for c in cite] == [(1, False), (2, True)]
    assert format_text({"answer": "« … » [1]", "grounded": True, "suggestions": [],
                        "citations": [c.model_dump() for c in cite[1:]]}).endswith(
        ", p. 2 (lue par OCR)")
