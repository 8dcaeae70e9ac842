"""« Parle-moi de l'Acte 2 », « C'est quoi le pacte de 2015 ? »: a question about a pact
text as a whole.

Such a question asks for nothing in particular, so no sentence answers it better than
another: by sentence scores it would abstain, or quote whichever sentence happens to come
first. It is answered with an overview instead (``api.answer``): for each edition it names
(every edition when it names none), the opening of the edition's text and its list of
commitments.

>>> asks_overview("Parle-moi de l'Acte 2"), asks_overview("C'est quoi le pacte de 2015 ?")
(True, True)
>>> asks_overview("Tell me about Act 2"), asks_overview("resume le pacte parisien stp")
(True, True)
>>> asks_overview("Parle-moi du logement dans l'Acte 2")  # a topic: an ordinary question
False
>>> asks_overview("Quand l'Acte 3 sera-t-il signé ?"), asks_overview("Qu'est-ce que le DALO ?")
(False, False)

>>> chunks = [{"doc_id": "a", "start": 0, "kind": "text"},
...           {"doc_id": "a", "start": 90, "kind": "commitment"},
...           {"doc_id": "a", "start": 120, "kind": "commitment"},
...           {"doc_id": "b", "start": 0, "kind": "text"}]
>>> documents = {"a": {"edition": "2015-2020"}, "b": {"edition": "2015-2020"}}
>>> from api.lists import item_lists
>>> overview_rows(chunks, documents, item_lists(chunks), [])
[('2015-2020', [0], [1, 2])]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from api.editions import list_editions, without_editions
from api.lists import ItemList
from indexer.analyzer import fold

# How an overview question starts, accents folded: « parle-moi de », « présente », « c'est
# quoi », « tell me about »… (after an optional « peux-tu », « can you »).
_ASK = re.compile(
    r"^(?:(?:(?:peux|pourrais)[- ]tu|(?:pouvez|pourriez)[- ]vous)(?: (?:me|nous))? "
    r"|(?:can|could) you |please )?"
    r"(?:parle[rsz]?(?:[- ](?:moi|nous))?(?: un peu)?|presente[rsz]?(?:[- ](?:moi|nous))?"
    r"|presentation|resume[rsz]?(?:[- ](?:moi|nous))?|explique[rsz]?(?:[- ](?:moi|nous))?"
    r"|decri(?:s|vez|re)(?:[- ](?:moi|nous))?|c'est quoi|qu'est[- ]ce que?"
    r"|de quoi (?:parle|traite)|que (?:dit|contient|prevoit)|en quoi consiste"
    r"|tell (?:me|us)(?: a bit| more)? about|what(?: is|'s| does)|summari[sz]e|describe|explain"
    r"|(?:give (?:me|us) )?(?:an )?overview of)\b")
# What may follow it and still name only a pact text: articles, the pact's name, « stp ».
_WORD = re.compile(r"[\w']+")
_NAMING = frozenset(_WORD.findall("""
le la l les du de des d un une ce cet cette et pour en quelques mots bref gros resume
pacte pactes parisien parisienne paris lutte contre grande exclusion nouveau nouvel premier
second deuxieme texte stp svp s'il te vous plait the a an of this that and for about pact
paris's against extreme new first in few words brief please say contain"""))
_PACT = {"pacte", "pactes", "pact", "texte"}


def _fold(text: str) -> str:
    """Lowercase, accents folded (the analyser's ``fold``), one kind of apostrophe and blank."""
    return " ".join(fold(text.lower().replace("’", "'")).split())


def asks_overview(text: str) -> bool:
    """``text`` asks what a pact text (or the pact) is about, and nothing more: it names
    an edition or the pact (« Résume » alone does not)."""
    folded = _fold(without_editions(text))
    m = _ASK.match(folded)
    if m is None:
        return False
    words = [w.strip("'") for w in _WORD.findall(folded[m.end():])]
    return (all(w in _NAMING or not w for w in words)
            and bool(list_editions(text) or _PACT & set(words)))


def overview_rows(chunks: Sequence[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]],
                  lists: Sequence[ItemList], editions: Sequence[str], most: int = 12
                  ) -> list[tuple[str, list[int], list[int]]]:
    """Per edition (``editions``, or every edition of the index in its order): the text
    passages of one document, in order (its opening comes first), and the items of its list
    (at most ``most``; none for a longer list). The document is the edition's first that has
    such a list, else its first."""
    order = list(dict.fromkeys(d.get("edition", "") for d in documents.values()))
    listed: dict[str, list[int]] = {}
    for x in lists:
        if 2 <= len(x.rows) <= most:
            listed.setdefault(x.doc_id, x.rows)
    out = []
    for edition in editions or [e for e in order if e]:
        docs = [d for d, meta in documents.items() if meta.get("edition") == edition]
        doc = next((d for d in docs if d in listed), docs[0] if docs else None)
        texts = [row for row, c in enumerate(chunks) if c["doc_id"] == doc and c["kind"] == "text"]
        if texts:
            texts.sort(key=lambda row: chunks[row]["start"])
            out.append((edition, texts, listed.get(doc or "", [])))
    return out
