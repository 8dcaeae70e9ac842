"""Follow-up questions: a short question that leans on an earlier one is merged with it.

The server keeps no state: the client sends the earlier turns (``history``). A follow-up
is a short question that starts like a continuation (« et pour… », « and… ») or points
back with a pronoun (« qui l'a signé ? ») or says almost nothing on its own. It is merged
with the subject: the last user question before it, itself merged if it was a follow-up.
It is about the edition it names, or else the one its subject named last. It asks what it
asks in its own words (« quand ? », « qui l'a signé ? »), or else what its subject asked:
« et pour l'acte 2 ? » after « Combien d'engagements… ? » asks a count too (``asks``).

>>> history = [Turn("user", "Combien d'engagements compte le pacte de 2015 ?"),
...            Turn("assistant", "« … présente 106 engagements. » [1]")]
>>> merge_followup("et pour l'acte 2 ?", history)
"Combien d'engagements compte le pacte de 2015 ? et pour l'acte 2 ?"
>>> merge_followup("Qui a signé le pacte de 2015 ?", history)
'Qui a signé le pacte de 2015 ?'
>>> conversation("et pour l'acte 2 ?", history).editions
('acte2-2021-2026',)
>>> later = [*history, Turn("user", "et pour l'acte 2 ?"), Turn("assistant", "« … » [1]")]
>>> conversation("qui l'a signé ?", later).editions
('acte2-2021-2026',)
>>> conversation("qui l'a signé ?", later).asks, conversation("et en 2020 ?", later).asks
("qui l'a signé ?", "Combien d'engagements compte le pacte de 2015 ?")
>>> conversation("Quels sont les piliers du pacte ?", later).editions  # not a follow-up
()
>>> thanked = [*later, Turn("user", "merci !"), Turn("assistant", "Je vous en prie.")]
>>> conversation("qui l'a signé ?", thanked).text  # thanks are no subject
"Combien d'engagements compte le pacte de 2015 ? et pour l'acte 2 ? qui l'a signé ?"
>>> is_followup("qui l'a signé ?"), is_followup("Quels sont les piliers du pacte ?")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from api.editions import list_editions
from api.smalltalk import small_talk
from indexer.analyzer import analyze

_CONTINUATION = re.compile(
    r"^\s*(et|mais|ou|puis|aussi|alors|and|but|what about|how about|also|same)\b", re.IGNORECASE)
_POINTING = re.compile(
    r"\b(l['’](a|ont|avait|est|as)|les?\s+a|y\s+a|en\s+a|il|elle|ils|elles|ça|cela|ceci|celui|"
    r"celle|ceux|celles|lui|leur|eux|dedans|dessus|it|its|they|them|their|this|that|these|"
    r"those|there)\b",
    re.IGNORECASE,
)
# A question word: the question says what it asks (« et quand ? »), where « et pour l'acte
# 2 ? » asks what its subject asked. « What about… » opens a continuation, no question.
_ASKING = re.compile(
    r"\b(qui|quoi|quel(le)?s?|lequel|laquelle|lesquel(le)?s|où|quand|comment|pourquoi|combien|"
    r"who|whom|whose|what|which|where|when|why|how)\b", re.IGNORECASE)
# A pronoun that stands for the subject's noun: « quels sont ceux de 2015 ? » asks the
# subject's list again.
_STANDING_FOR = re.compile(r"\b(ceux|celles?|celui|those|ones?)\b", re.IGNORECASE)
MAX_WORDS = 8  # a longer question stands on its own
MAX_TURNS = 20  # earlier turns looked at


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    content: str


def is_followup(question: str) -> bool:
    """Short, and continuing or pointing back, or nearly empty of content words."""
    words = question.split()
    if not words or len(words) > MAX_WORDS:
        return False
    return bool(_CONTINUATION.search(question) or _POINTING.search(question)
                or len(analyze(question)) <= 1)


def says_what(question: str) -> bool:
    """Whether ``question`` says what it asks: a question word past a continuation's opening
    (« et quand ? », not « et pour l'acte 2 ? » nor "what about act 2?"), and no pronoun
    standing for the subject's noun (« et quels sont ceux de 2015 ? »).

    >>> says_what("et quand ?"), says_what("et pour l'acte 2 ?"), says_what("what about it?")
    (True, False, False)
    >>> says_what("et quels sont ceux de 2015 ?"), says_what("which ones are in act 2?")
    (False, False)
    """
    own = _CONTINUATION.sub("", question, count=1)
    return bool(_ASKING.search(own)) and not _STANDING_FOR.search(own)


@dataclass(frozen=True)
class Subject:
    """A question merged with the subject it follows up on, if any."""

    text: str = ""  # the query to search with
    editions: tuple[str, ...] = ()  # named by the question, or else last in its subject
    asks: str = ""  # the question that says what is asked: itself, or its subject's

    def then(self, question: str) -> Subject:
        """The subject of the next ``question`` (« bonjour », « merci » leave it as is)."""
        question = " ".join(question.split())
        if small_talk(question) is not None:
            return self
        named = tuple(list_editions(question))
        if self.text and is_followup(question):
            asks = question if says_what(question) else self.asks
            return Subject(f"{self.text} {question}", named or self.editions, asks)
        return Subject(question, named, question)


def conversation(question: str, history: Sequence[Turn]) -> Subject:
    """``question`` alone, or merged with its subject (the earlier user turns)."""
    subject = Subject()
    for turn in list(history)[-MAX_TURNS:]:
        if turn.role == "user" and turn.content.strip():
            subject = subject.then(turn.content)
    return subject.then(question)


def merge_followup(question: str, history: Sequence[Turn]) -> str:
    """The query to search with: ``question`` alone, or merged with its subject."""
    return conversation(question, history).text
