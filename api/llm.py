"""Generative mode: any OpenAI-compatible chat endpoint, checked sentence by sentence.

The prompt (in French) gives the numbered passages and asks for [n] citations. The
model's output is read as a stream and cut into sentences; a sentence is kept only when
it cites a passage that supports it (see :class:`SupportChecker`): unsupported sentences
are dropped, never shown. A connection error, an HTTP error or a timeout raises
:class:`LLMUnavailable`, and the caller falls back to the extractive answer.

>>> pop_sentences("Le pacte compte 106 engagements [1]. Il a été signé", final=False)
(['Le pacte compte 106 engagements [1].'], 'Il a été signé')
>>> cited("Signé le 18 février [2] à l'Hôtel de Ville [1].")
[2, 1]
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import httpx
import numpy as np

from api.language import Lang

if TYPE_CHECKING:
    from api.answer import ExtractiveAnswerer
    from api.quotes import Citation


class LLMUnavailable(Exception):
    """The generation endpoint is down, slow or answered an error."""


SYSTEM_PROMPT = (
    "Tu es l'assistant du Pacte parisien de lutte contre la grande exclusion. Tu réponds "
    "aux travailleurs sociaux, brièvement et en français, uniquement à partir des passages "
    "numérotés fournis. Chaque phrase de ta réponse doit se terminer par la référence du "
    "passage qui la justifie, entre crochets, par exemple [1] ou [2]. N'invente rien : si "
    "les passages ne permettent pas de répondre, dis-le en une phrase."
)
_BOUNDARY = re.compile(r"(?<=[.!?…])((?:\s*\[\d+\])*)\s+(?=\S)")
_MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def build_messages(question: str, citations: Sequence[Citation], lang: Lang
                   ) -> list[dict[str, str]]:
    passages = "\n\n".join(f"[{c.n}] {c.result.title} — {c.result.section}\n{c.result.text}"
                           for c in citations)
    extra = " La question est en anglais : réponds en anglais." if lang == "en" else ""
    return [{"role": "system", "content": SYSTEM_PROMPT + extra},
            {"role": "user", "content": f"Passages :\n\n{passages}\n\nQuestion : {question}"}]


def pop_sentences(buffer: str, final: bool) -> tuple[list[str], str]:
    """Complete sentences at the start of ``buffer`` (with their [n] markers), and the rest."""
    cuts = [m.end(1) for m in _BOUNDARY.finditer(buffer)]
    if final:
        cuts.append(len(buffer))
    out, start = [], 0
    for cut in cuts:
        sentence = buffer[start:cut].strip()
        if sentence:
            out.append(sentence)
        start = cut
    return out, buffer[start:].lstrip()


def cited(sentence: str) -> list[int]:
    return [int(n) for n in _MARKER.findall(sentence)]


class SupportChecker:
    """A generated sentence is supported when every passage it cites exists, every number
    it states appears in a cited passage, and one cited passage holds a sentence close to it
    (cosine of the passage vectors ≥ ``threshold``) or most of its terms."""

    def __init__(self, answerer: ExtractiveAnswerer, threshold: float = 0.86,
                 term_share: float = 0.6) -> None:
        self.answerer, self.threshold, self.term_share = answerer, threshold, term_share

    def __call__(self, sentence: str, citations: Sequence[Citation]) -> bool:
        from api.quotes import passage_of

        by_n = {c.n: c for c in citations}
        ns = cited(sentence)
        if not ns or any(n not in by_n for n in ns):
            return False
        claim = _MARKER.sub("", sentence).strip()
        texts = " ".join(by_n[n].result.text for n in ns)
        if any(num not in texts for num in _NUMBER.findall(claim)):
            return False
        terms = set(self.answerer.retriever.lexical.analyzer(claim))
        passage_terms = set(self.answerer.retriever.lexical.analyzer(texts))
        if terms and len(terms & passage_terms) / len(terms) >= self.term_share:
            return True
        vector = self.answerer.retriever.embedder.embed_passages([claim])[0]
        for n in ns:
            _, vectors = self.answerer.bank.get(passage_of(by_n[n].result))
            if vectors.size and float(np.max(vectors @ vector)) >= self.threshold:
                return True
        return False


class LLMClient:
    """Streams a chat completion from ``{base_url}/chat/completions``."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout_s: float = 20.0
                 ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.timeout_s = model, timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(
            headers=headers, timeout=httpx.Timeout(timeout_s, connect=min(3.0, timeout_s)))

    async def aclose(self) -> None:
        await self._client.aclose()

    async def stream(self, messages: list[dict[str, str]]) -> AsyncIterator[str]:
        """Text pieces as they come; :class:`LLMUnavailable` on any transport failure."""
        body: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True,
                                "temperature": 0.1}
        try:
            async with self._client.stream("POST", self.url, json=body) as response:
                if response.status_code != 200:
                    raise LLMUnavailable(f"HTTP {response.status_code}")
                async for line in response.aiter_lines():
                    piece = _delta(line)
                    if piece is None:
                        break
                    if piece:
                        yield piece
        except (httpx.HTTPError, OSError) as exc:
            raise LLMUnavailable(type(exc).__name__) from exc


def _delta(line: str) -> str | None:
    """Text of one SSE line of a streamed completion; ``None`` at ``[DONE]``."""
    if not line.startswith("data:"):
        return ""
    data = line[5:].strip()
    if data == "[DONE]":
        return None
    try:
        choice = json.loads(data)["choices"][0]
        return str(choice.get("delta", {}).get("content") or "")
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


async def checked_sentences(client: LLMClient, messages: list[dict[str, str]],
                            citations: Sequence[Citation], check: SupportChecker
                            ) -> AsyncIterator[tuple[str, bool]]:
    """``(sentence, supported)`` for each generated sentence, as soon as it is complete."""
    buffer = ""
    async for piece in client.stream(messages):
        buffer += piece
        done, buffer = pop_sentences(buffer, final=False)
        for sentence in done:
            yield sentence, await anyio.to_thread.run_sync(check, sentence, citations)
    done, _ = pop_sentences(buffer, final=True)
    for sentence in done:
        yield sentence, await anyio.to_thread.run_sync(check, sentence, citations)
