"""``/ask`` end to end: follow-up merge, extractive answer, optional generation, events.

:meth:`AskService.events` yields the server-sent events in the contract's order:
``citations``, one or more ``delta``, then ``done`` (or ``error`` when generation breaks
after text was sent). :meth:`AskService.ask` gives the same answer in one JSON object.
"""

from __future__ import annotations

import logging
import textwrap
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import anyio

from api.answer import Answer, ExtractiveAnswerer
from api.followup import Turn, conversation
from api.language import FRAMING
from api.llm import LLMClient, LLMUnavailable, SupportChecker, build_messages, checked_sentences
from api.metrics import Metrics
from api.quotes import Citation, suggest
from api.redact import redact

log = logging.getLogger("pacte.api")
Event = tuple[str, dict[str, Any]]


@dataclass
class Prepared:
    answer: Answer
    citations: list[Citation]  # what the client is shown: the extractive ones first
    answer_id: str
    t0: float
    generate: bool


class AskService:
    def __init__(self, answerer: ExtractiveAnswerer, metrics: Metrics,
                 llm: LLMClient | None = None, checker: SupportChecker | None = None,
                 log_questions: bool = False) -> None:
        self.answerer, self.metrics, self.llm = answerer, metrics, llm
        self.checker = checker or SupportChecker(answerer)
        self.log_questions = log_questions

    def prepare(self, question: str, history: Sequence[Turn] = ()) -> Prepared:
        t0 = time.perf_counter()
        answer = self.answerer.answer(question, conversation(question, history))
        citations = answer.citations
        if self.llm is not None and answer.grounded:
            used = {c.result.chunk_id for c in citations}
            extra = [c for c in suggest(answer.scored, answer.passages, n=len(answer.passages))
                     if c.result.chunk_id not in used]
            citations = citations + [replace(c, n=len(citations) + i + 1)
                                     for i, c in enumerate(extra)]
        return Prepared(answer, citations, uuid.uuid4().hex, t0,
                        self.llm is not None and answer.grounded)

    async def ask(self, question: str, history: Sequence[Turn] = ()) -> dict[str, Any]:
        text = ""
        head: dict[str, Any] = {}
        async for name, data in self.events(question, history, streaming=False):
            if name == "citations":
                head = data
            elif name == "delta":
                text += data["text"]
            elif name == "done":
                return {"answer": data["answer"], **head, "took_ms": data["took_ms"]}
            elif name == "error":  # no text was kept: should not happen without deltas
                return {"answer": text, **head, "took_ms": 0.0}
        raise RuntimeError("flux de réponse interrompu")  # pragma: no cover

    async def events(self, question: str, history: Sequence[Turn] = (), streaming: bool = True
                     ) -> AsyncIterator[Event]:
        """The answer as events; when not ``streaming``, text already generated can still be
        taken back, so a generation that breaks midway falls back to the extractive answer."""
        p = await anyio.to_thread.run_sync(self.prepare, question, list(history))
        a = p.answer
        yield "citations", {"citations": [c.to_dict() for c in p.citations],
                            "grounded": a.grounded, "answer_id": p.answer_id,
                            "suggestions": [c.to_dict() for c in a.suggestions]}
        mode: str = a.mode
        text = a.text
        if p.generate and self.llm is not None:
            mode, text, reason = "llm", "", "llm_unverified"
            try:
                async for sentence, ok in checked_sentences(
                        self.llm, build_messages(question, p.citations, a.lang), p.citations,
                        self.checker):
                    if not ok:
                        self.metrics.llm_dropped.inc()
                        continue
                    # The notes (a word corrected…) open the generated text as they open
                    # the extractive one.
                    opening = " " if text else "".join(f"{n}\n" for n in a.notes)
                    piece = opening + sentence
                    text += piece
                    yield "delta", {"text": piece}
            except LLMUnavailable as exc:
                log.warning("génération indisponible (%s) : repli extractif", exc)
                if text and streaming:
                    self.metrics.llm_fallbacks.labels(reason="interrompue").inc()
                    yield "error", {"message": "La génération s'est interrompue. "
                                               "Reposez la question."}
                    return
                text, reason = "", "llm_fallback"
            if not text:  # down, slow, or nothing it wrote was supported: quote instead
                self.metrics.llm_fallbacks.labels(reason=reason).inc()
                mode, text = "fallback", f"{FRAMING[a.lang][reason]}\n{a.text}"
                for piece in _pieces(text):
                    yield "delta", {"text": piece}
        else:
            for piece in _pieces(text):
                yield "delta", {"text": piece}
        took = round((time.perf_counter() - p.t0) * 1000, 1)
        self.metrics.answers.labels(mode=mode, grounded=str(a.grounded).lower()).inc()
        self._log(question, p, mode, took)
        yield "done", {"answer": text, "took_ms": took}

    def _log(self, question: str, p: Prepared, mode: str, took: float) -> None:
        extra = f" question={redact(question)!r}" if self.log_questions else ""
        log.info("answer id=%s mode=%s grounded=%s citations=%d chars=%d took_ms=%.1f%s",
                 p.answer_id, mode, p.answer.grounded, len(p.citations), len(question), took,
                 extra)


def _pieces(text: str) -> list[str]:
    """The answer in line-sized deltas; joined, they give the answer back exactly."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def format_text(result: dict[str, Any]) -> str:
    """An ``/ask`` result for the terminal: the answer, then its numbered sources.

    >>> print(format_text({"answer": "« Phrase. » [1]", "grounded": True, "suggestions": [],
    ...     "citations": [{"n": 1, "title": "Titre", "section": "Titre > Partie", "page": None,
    ...                    "url": "https://exemple.fr"}]}))
    « Phrase. » [1]
    <BLANKLINE>
    Sources :
      [1] Titre > Partie
          https://exemple.fr
    >>> same = {"title": "Titre", "section": "", "page": 3, "url": ""}
    >>> print(format_text({"answer": "« A. » [1]", "grounded": True, "suggestions": [],
    ...     "citations": [{"n": 1, **same, "page": 2, "ocr": True}]}).splitlines()[-1])
      [1] Titre, p. 2 (lue par OCR)
    >>> print(format_text({"answer": "« A. » [1] « B. » [2]", "grounded": True, "suggestions": [],
    ...     "citations": [{"n": 1, **same}, {"n": 2, **same}]}))
    « A. » [1] « B. » [2]
    <BLANKLINE>
    Sources :
      [1-2] Titre, p. 3
    >>> print(format_text({"answer": "Rien trouvé.", "grounded": False, "citations": [],
    ...     "suggestions": [{"n": 1, "title": "Titre", "section": "", "quote": "Un passage."}]}))
    Rien trouvé.
    <BLANKLINE>
    Passages les plus proches :
      [1] Titre
          « Un passage. »
    """
    items = result["citations"] if result["grounded"] else result["suggestions"]
    if not items:  # a greeting's reply
        return str(result["answer"])
    lines = [result["answer"], ""]
    lines.append("Sources :" if result["grounded"] else "Passages les plus proches :")
    runs: list[tuple[list[int], str, dict[str, Any]]] = []  # one source cited in a row: [3-6]
    for c in items:
        where = c["section"] if c["section"].startswith(c["title"]) else \
            " > ".join(x for x in (c["title"], c["section"]) if x)
        where += f", p. {c['page']}{' (lue par OCR)' if c.get('ocr') else ''}" \
            if c.get("page") else ""
        if result["grounded"] and runs and (runs[-1][1], runs[-1][2].get("url")) == (
                where, c.get("url")):
            runs[-1][0].append(c["n"])
        else:
            runs.append(([c["n"]], where, c))
    for ns, where, c in runs:
        lines.append(f"  [{ns[0]}{'' if len(ns) == 1 else f'-{ns[-1]}'}] {where}")
        if not result["grounded"] and c.get("quote"):  # a suggestion: what it says
            quote = textwrap.fill(f"« {c['quote']} »", 90, break_on_hyphens=False)
            lines.append(textwrap.indent(quote, "      "))  # "Île-de-France" stays whole
        if c.get("url"):
            lines.append(f"      {c['url']}")
    return "\n".join(lines)
