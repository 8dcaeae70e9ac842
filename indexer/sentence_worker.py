"""French sentence spans in a child process, while this process loads the model.

Loading spaCy's French pipeline costs about 5 s of pure Python (its tokenizer rules),
and so does loading the embedding model. In one process the two hold the GIL in turn;
:class:`SentenceWorker` loads spaCy in a child process (``python -m
indexer.sentence_worker MODEL``) on the other core while a cold ``pacte index`` reads its
files and loads the model, then splits every text in one batch; the child stays for the
process's later builds (:func:`spacy_worker`). It gives the same spans as
:class:`indexer.sentences.SpacySentences` in this process.

>>> from indexer.sentences import SpacySentences
>>> split = SpacySentences()
>>> text = "M. Dupont signe le pacte. Il engage « Paris »."
>>> with SentenceWorker() as worker:
...     worker.send([text])
...     worker.splitter(fallback=split)(text) == split(text)
True
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import threading
from typing import IO

from indexer.sentences import SentenceSplitter, SpacySentences


class SentenceWorker:
    """:class:`SpacySentences` in a child process (``python -m indexer.sentence_worker
    MODEL``), which starts loading spaCy at once and then serves batch after batch:
    :meth:`send` the texts (a JSON line on its stdin), then :meth:`splitter` waits for
    their spans (a JSON line on its stdout). If the child fails, it is stopped and the
    splitter is ``fallback``, which raises spaCy's own error where there is one."""

    def __init__(self, model: str = "fr_core_news_sm") -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "indexer.sentence_worker", model],
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
