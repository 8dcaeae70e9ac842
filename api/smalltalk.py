"""Greetings, thanks and goodbyes: a message made only of them gets a short reply of its own,
in its language, instead of a search of the pact (which would abstain on « bonjour »).

A message that also asks something (« Bonjour, qui a signé le pacte ? ») is a question.

>>> small_talk("Bonjour !")
('hello', 'fr')
>>> small_talk("merci beaucoup pour votre aide"), small_talk("Thanks, bye")
(('thanks', 'fr'), ('bye', 'en'))
>>> small_talk("Bonjour, qui a signé le pacte ?") is None
True
>>> REPLIES["fr"]["hello"][:38]
'Bonjour\xa0! Je réponds aux questions sur'
"""

from __future__ import annotations

import re
from typing import Literal

from api.language import Lang, french_spaces

# unclear: a message with no word to search for (« le », « ??? », an emoji), answered by the
# answerer itself (it knows the analyser), not by small_talk().
Talk = Literal["hello", "thanks", "bye", "unclear"]

_PHRASES: dict[tuple[Talk, Lang], str] = {
    ("hello", "fr"): r"bonjour|bonsoir|salut|coucou|all[oô]|bjr|slt"
                     r"|(?:comment )?(?:ça|ca|sa) va(?: bien)?|comment allez-vous",
    ("hello", "en"): r"hello|hi|hey|good (?:morning|afternoon|evening)|how are you",
    ("thanks", "fr"): r"(?:(?:ok|okay|d'accord|super|parfait|génial|très bien) )?"
                      r"(?:merci(?: beaucoup| bien| infiniment)?|mille mercis)",
    ("thanks", "en"): r"(?:(?:ok|okay|great|perfect) )?(?:thanks(?: a lot)?|thank you"
                      r"(?: very much)?|thx|cheers)",
    ("bye", "fr"): r"au revoir|bonne (?:journée|soirée|nuit|fin de journée)|à bientôt|à plus",
    ("bye", "en"): r"bye|goodbye|good bye|see you|have a nice day",
}
# What may follow a phrase: « bonjour madame », « merci à vous », « merci pour votre aide ».
_FILLER = (r"(?: (?:à (?:vous|tous|toutes)|madame|monsieur|mesdames|messieurs|"
           r"(?:pour|for) (?:votre|ton|ta|vos|la|les|ces|cette|your|the|this) \w+))?")
_ONE = re.compile("|".join(f"(?P<{kind}_{lang}>{p}){_FILLER}"
                           for (kind, lang), p in _PHRASES.items()))
_PUNCTUATION = re.compile(r"[^\w\s'’-]+")

REPLIES: dict[Lang, dict[Talk, str]] = {
    "fr": {
        "hello": ("Bonjour ! Je réponds aux questions sur le Pacte parisien de lutte contre la "
                  "grande exclusion (2015-2020) et son Acte 2 (2021-2026), en citant les textes. "
                  "Par exemple : « Quels engagements concernent l'accès aux droits ? »"),
        "thanks": "Je vous en prie. Posez une autre question sur le pacte quand vous le souhaitez.",
        "bye": "Au revoir, et bonne continuation.",
        "unclear": ("Je n'ai pas compris votre message : posez votre question sur le pacte en "
                    "quelques mots, par exemple « Quels engagements concernent l'accès aux "
                    "droits ? »"),
    },
    "en": {
        "hello": ("Hello! I answer questions about the Paris pact against extreme exclusion "
                  "(2015-2020) and its Act 2 (2021-2026), quoting the texts (in French). For "
                  "example: “Which commitments concern access to rights?”"),
        "thanks": "You are welcome. Ask another question about the pact whenever you like.",
        "bye": "Goodbye, and all the best.",
        "unclear": ("I did not understand the request: ask your question about the pact in a "
                    "few words, for example “Which commitments concern access to rights?”"),
    },
}

# The same, for an index that holds no text of the pact (only a partner's own documents).
REPLIES_DOCS: dict[Lang, dict[Talk, str]] = {
    "fr": {
        "hello": "Bonjour ! Je réponds aux questions sur les documents indexés ici, en les citant.",
        "thanks": "Je vous en prie. Posez une autre question quand vous le souhaitez.",
        "unclear": "Je n'ai pas compris votre message : posez votre question en quelques mots.",
    },
    "en": {
        "hello": "Hello! I answer questions about the documents indexed here, quoting them.",
        "thanks": "You are welcome. Ask another question whenever you like.",
        "unclear": "I did not understand the request: ask your question in a few words.",
    },
}
for replies in (REPLIES, REPLIES_DOCS):
    replies["fr"] = {talk: french_spaces(text) for talk, text in replies["fr"].items()}


def reply(talk: Talk, lang: Lang, pact: bool = True) -> str:
    """The reply to ``talk``; ``pact=False`` for an index with no text of the pact.

    >>> reply("thanks", "fr", pact=False)
    'Je vous en prie. Posez une autre question quand vous le souhaitez.'
    >>> reply("bye", "fr", pact=False)
    'Au revoir, et bonne continuation.'
    """
    return REPLIES[lang][talk] if pact else REPLIES_DOCS[lang].get(talk, REPLIES[lang][talk])


def small_talk(message: str) -> tuple[Talk, Lang] | None:
    """The kind and language of a message made only of greetings, thanks or goodbyes (the
    last one counts: « merci, bonne journée » is a goodbye); ``None`` for anything else."""
    words = " ".join(_PUNCTUATION.sub(" ", message.lower().replace("’", "'")).split())
    found: tuple[Talk, Lang] | None = None
    pos = 0
    while pos < len(words):
        m = _ONE.match(words, pos)
        if m is None or (m.end() < len(words) and words[m.end()] != " "):
            return None
        kind, lang = next(k for k, v in m.groupdict().items() if v is not None).split("_")
        found = (kind, lang)  # type: ignore[assignment]
        pos = m.end() + 1
    return found
