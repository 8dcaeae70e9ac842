"""OCR of the PDF pages that have no text layer (scanned pages), with tesseract in French.

:mod:`pypdfium2` renders a page in grayscale at ``DPI``; the image goes to
``tesseract stdin stdout -l fra`` as a PGM (leptonica reads it: no Pillow needed). Pages are
read side by side, one tesseract per core, each on one thread (``OMP_THREAD_LIMIT=1``: on two
cores, OpenMP makes a page nearly three times slower). What tesseract read is cached in
SQLite (``<cache>/ocr.sqlite``) under the sha256 of the PDF's bytes, the page's index, the
DPI and tesseract's version and language: an unchanged PDF is never read twice. A page that
tesseract could not read (an error, a timeout) stays empty and is said in :attr:`Ocr.notes`;
its failure is cached too, with the timeout it had, so an unchanged corpus is not slowed down
by the same failure at every build: the page is tried again when the PDF, tesseract or the
DPI changes, with a longer timeout, or once the cache file is deleted.

>>> import tempfile
>>> ocr = Ocr(Path(tempfile.mkdtemp()) / "ocr.sqlite")
>>> ocr.store("e3b0c442", 0, "tesseract 5.3.0 fra", "L’accès aux\\n\\n droits.\\n|\\n\\f")
>>> ocr.cached("e3b0c442", [0, 1], "tesseract 5.3.0 fra")
{0: ['L’accès aux', '', 'droits.']}
>>> ocr.cached("e3b0c442", [0], "tesseract 5.4.1 fra")  # another version reads anew
{}
>>> ocr.close()
>>> pages_read((2,)), pages_read((1, 2, 3, 5, 7))
('page 2 lue', 'pages 1 à 3, 5 et 7 lues')
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from indexer.errors import PacteError

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

DPI = 300
LANG = "fra"
TIMEOUT = 120.0  # seconds of tesseract for one page
_WORD = re.compile(r"\w")
log = logging.getLogger("pacte.readers")


def _tesseract(*args: str, data: bytes | None = None, timeout: float = 30.0) -> bytes:
    """What tesseract writes on its standard output when run with ``args``; raises on
    failure. One thread: OpenMP slows it down on a few cores."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", *args], input=data, capture_output=True, env=env,
                          timeout=timeout, check=True).stdout


def _said(*args: str) -> str:
    """What tesseract says when run with ``args`` (``--version``: on stderr before 4.1)."""
    done = subprocess.run(["tesseract", *args], capture_output=True, timeout=30, check=True)
    return (done.stdout + done.stderr).decode("utf-8", "replace")


@lru_cache(maxsize=1)
def available() -> bool:
    """tesseract is on the PATH and reads French (``fra`` in ``tesseract --list-langs``)."""
    if shutil.which("tesseract") is None:
        return False
    try:
        return LANG in _said("--list-langs").split() and bool(engine())
    except (OSError, subprocess.SubprocessError):
        return False


@lru_cache(maxsize=1)
def engine() -> str:
    """tesseract's version and the language read (« tesseract 5.3.0 fra »), for the cache."""
    return f"{_said('--version').splitlines()[0].strip()} {LANG}"


def text_lines(raw: str) -> list[str]:
    """tesseract's output as a page's lines (NFC); a blank line between its paragraphs,
    none at the ends; lines without a letter or a digit (specks, rules) left out."""
    lines: list[str] = []
    for line in unicodedata.normalize("NFC", raw).splitlines():
        if _WORD.search(line):
            lines.append(line.strip())
        elif lines and lines[-1]:
            lines.append("")
    return lines[:-1] if lines and not lines[-1] else lines


def pages_read(pages: Sequence[int]) -> str:
    """« pages 1 à 3 et 5 lues »: the numbers of the pages read, runs as ranges."""
    return f"{page_list(pages)} {'lues' if len(pages) > 1 else 'lue'}"


def page_list(pages: Sequence[int]) -> str:
    """« pages 1 à 3 et 5 », « page 2 »: page numbers, runs as ranges.

    >>> page_list([1, 2, 3, 5]), page_list([4, 5]), page_list([2])
    ('pages 1 à 3 et 5', 'pages 4 et 5', 'page 2')
    """
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    words = [w for r in runs for w in ([f"{r[0]} à {r[-1]}"] if len(r) > 2 else map(str, r))]
    listed = ", ".join(words[:-1]) + " et " + words[-1] if len(words) > 1 else words[0]
    return f"pages {listed}" if len(pages) > 1 else f"page {listed}"


class Ocr:
    """Reads pages with tesseract, through the cache at ``cache`` (none when ``None``);
    ``progress``: a progress bar per PDF. French notes on the pages it could not read pile
    up in ``notes`` (see :meth:`take_notes`)."""

    def __init__(self, cache: Path | None = None, progress: bool = True,
                 timeout: float = TIMEOUT, workers: int | None = None) -> None:
        self.path, self.progress, self.timeout = cache, progress, timeout
        self.workers = workers or len(os.sched_getaffinity(0))
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None

    @property
    def ready(self) -> bool:
        return available()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is None and self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, check_same_thread=False)
                self._db.execute("CREATE TABLE IF NOT EXISTS pages (digest TEXT NOT NULL, "
                                 "page INTEGER NOT NULL, dpi INTEGER NOT NULL, engine TEXT NOT "
                                 "NULL, text TEXT NOT NULL, PRIMARY KEY (digest, page, dpi, "
                                 "engine)) WITHOUT ROWID")
                self._db.execute("CREATE TABLE IF NOT EXISTS failures (digest TEXT NOT NULL, "
                                 "page INTEGER NOT NULL, dpi INTEGER NOT NULL, engine TEXT NOT "
                                 "NULL, timeout REAL NOT NULL, reason TEXT NOT NULL, PRIMARY KEY "
                                 "(digest, page, dpi, engine)) WITHOUT ROWID")
            except sqlite3.DatabaseError as exc:
                raise PacteError(f"Cache OCR illisible ({exc}) : supprimez {self.path}") from exc
        return self._db

    def cached(self, digest: str, pages: Sequence[int], engine: str) -> dict[int, list[str]]:
        """The lines of the ``pages`` (0-based) of the PDF of sha256 ``digest`` read before."""
        db = self._open()
        rows = [] if db is None else db.execute(
            f"SELECT page, text FROM pages WHERE digest = ? AND dpi = ? AND engine = ? AND page "
            f"IN ({','.join('?' * len(pages))})", [digest, DPI, engine, *pages]).fetchall()
        return {page: text_lines(text) for page, text in rows}

    def failed_before(self, digest: str, pages: Sequence[int], engine: str) -> dict[int, str]:
        """Why each of the ``pages`` (0-based) could not be read before, with a timeout at
        least as long as this one."""
        db = self._open()
        rows = [] if db is None or not pages else db.execute(
            f"SELECT page, reason FROM failures WHERE digest = ? AND dpi = ? AND engine = ? AND "
            f"timeout >= ? AND page IN ({','.join('?' * len(pages))})",
            [digest, DPI, engine, self.timeout, *pages]).fetchall()
        return dict(rows)

    def store(self, digest: str, page: int, engine: str, text: str | None,
              reason: str = "") -> None:
        """Keep what tesseract read on ``page``, or (``text`` None) why it could not."""
        db = self._open()
        if db is not None:
            key = (digest, page, DPI, engine)
            with db:
                if text is None:
                    db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?, ?)",
                               (*key, self.timeout, reason))
                else:
                    db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
                               (*key, text))
                    db.execute("DELETE FROM failures WHERE digest = ? AND page = ? AND dpi = ? "
                               "AND engine = ?", key)

    def read(self, path: Path, data: bytes, pages: Sequence[int]) -> dict[int, list[str]]:
        """The lines read on the ``pages`` (0-based) of the PDF ``data``, from the cache or
        by tesseract; a page that could not be read is missing (and said in ``notes``)."""
        if not pages or not self.ready:
            return {}
        digest, version = hashlib.sha256(data).hexdigest(), engine()
        found = self.cached(digest, pages, version)
        todo = [n for n in pages if n not in found]
        before = self.failed_before(digest, todo, version)
        for n, why in before.items():
            self.notes.append(f"{path} : page {n + 1} non lue par reconnaissance de caractères "
                              f"(OCR) lors d'une indexation précédente : {why} ; supprimez "
                              f"{self.path} pour la relire")
        todo = [n for n in todo if n not in before]
        if not todo:
            return found
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            for n in todo:
                self._failed(path, n, exc, digest, version)
            return found
        pending: deque[tuple[int, Future[bytes]]] = deque()

        def finish() -> None:
            page, job = pending.popleft()
            try:
                text = job.result().decode("utf-8", "replace")
            except (OSError, subprocess.SubprocessError) as exc:
                self._failed(path, page, exc, digest, version)
            else:
                self.store(digest, page, version, text)
                found[page] = text_lines(text)
            bar.update()

        with tqdm(total=len(todo), desc=f"Reconnaissance de caractères (OCR) : {path.name}",
                  unit="page", leave=False, disable=not self.progress) as bar, \
                ThreadPoolExecutor(self.workers) as pool:
            try:
                for n in todo:  # rendered in this thread (pdfium is not thread-safe)
                    if len(pending) == self.workers:
                        finish()
                    pending.append((n, self._submit(pool, pdf, n)))
                while pending:
                    finish()
            finally:
                pdf.close()
        return found

    def _submit(self, pool: ThreadPoolExecutor, pdf: PdfDocument, n: int) -> Future[bytes]:
        """Render page ``n`` as a PGM image here; tesseract reads it in ``pool``."""
        try:
            pixels = pdf[n].render(scale=DPI / 72, grayscale=True).to_numpy()
        except Exception as exc:  # pdfium fails in its own ways on a damaged page
            job: Future[bytes] = Future()
            job.set_exception(OSError(f"rendu de la page impossible : {exc!r}"))
            return job
        image = b"P5 %d %d 255\n" % (pixels.shape[1], pixels.shape[0]) + pixels.tobytes()
        return pool.submit(_tesseract, "stdin", "stdout", "-l", LANG, "--dpi", str(DPI),
                           data=image, timeout=self.timeout)

    def _failed(self, path: Path, page: int, exc: BaseException, digest: str,
                version: str) -> None:
        why = (f"tesseract a dépassé {self.timeout:g} s" if isinstance(
            exc, subprocess.TimeoutExpired) else f"tesseract a échoué (code {exc.returncode})"
            if isinstance(exc, subprocess.CalledProcessError) else "page illisible")
        self.store(digest, page, version, None, why)
        again = ("elle sera relue à la prochaine indexation" if self.path is None else
                 f"elle ne sera relue que si le PDF ou tesseract change (ou supprimez {self.path})")
        self.notes.append(f"{path} : page {page + 1} non lue par reconnaissance de caractères "
                          f"(OCR) : {why} ; {again}")
        log.debug("%s : OCR de la page %d : %r", path, page + 1, exc)

    def unread(self, path: Path, pages: Sequence[int]) -> None:
        """Note that the ``pages`` (0-based) of ``path``, without text, were not read:
        tesseract is missing. They may be scans, or pages left blank on purpose."""
        self.notes.append(f"{path} : {page_list([n + 1 for n in pages])} sans texte, non "
                          f"{'lues' if len(pages) > 1 else 'lue'} : si ce sont des pages "
                          "scannées, installez tesseract-ocr-fra pour les lire par "
                          "reconnaissance de caractères (OCR), puis relancez l'indexation")

    def take_notes(self) -> list[str]:
        """The notes piled up since the last call."""
        notes, self.notes = self.notes, []
        return notes

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Ocr:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
