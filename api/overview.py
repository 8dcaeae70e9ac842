"""« Parle-moi de l'Acte 2 », « C'est quoi le pacte de 2015 ? »: a question about a pact
text as a whole.

Such a question asks for nothing in particular, so no sentence answers it better than
another: by sentence scores it would abstain, or quote whichever sentence happens to come
first. It is answered with an overview instead (``api.answer``): for each edition it names
(every edition when it names none), the opening of the edition's text and its list of
commitments. A document a user added is asked about the same way by its title (« Présente-moi
le plan pour l'hébergement d'urgence »: :func:`overview_document`). A question that asks how
the editions differ (« Qu'est-ce qui change avec l'acte 2 ? »: :func:`asks_comparison`) gets
every edition's overview, side by side: no text compares them.

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
>>> overview_rows(documents, text_rows(chunks), item_lists(chunks), [])
[('2015-2020', [0], [1, 2])]
>>> overview_rows(documents, text_rows(chunks), item_lists(chunks), [], document="b")
[('2015-2020', [3], [])]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from api.editions import list_editions, without_editions
from api.lists import ItemList
from indexer.analyzer import Analyzer, fold

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
_FILLER = frozenset(_WORD.findall("""
le la l les du de des d un une ce cet cette et pour en quelques mots bref gros resume stp svp
s'il te vous plait the a an of this that and for about in few words brief please say"""))
_NAMING = _FILLER | frozenset(_WORD.findall("""
pacte pactes parisien parisienne paris lutte contre grande exclusion nouveau nouvel premier
second deuxieme texte pact paris's against extreme new first contain"""))
_PACT = {"pacte", "pactes", "pact", "texte"}


def _fold(text: str) -> str:
    """Lowercase, accents folded (the analyser's ``fold``), one kind of apostrophe and blank."""
    return " ".join(fold(text.lower().replace("’", "'")).split())


def _asked(text: str) -> list[str] | None:
    """The words after an overview verb (« parle-moi de ») in ``text`` folded; None when it
    starts with none."""
    folded = _fold(text)
    m = _ASK.match(folded)
    return None if m is None else [w.strip("'") for w in _WORD.findall(folded[m.end():])]


def asks_overview(text: str) -> bool:
    """``text`` asks what a pact text (or the pact) is about, and nothing more: it names
    an edition or the pact (« Résume » alone does not)."""
    words = _asked(without_editions(text))
    return (words is not None and all(w in _NAMING or not w for w in words)
            and bool(list_editions(text) or _PACT & set(words)))


# « Quelle est la différence entre le pacte de 2015 et l'acte 2 ? », « Qu'est-ce qui change
# avec l'acte 2 ? », "Compare the two pacts": accents folded.
_COMPARE = re.compile(
    r"\b(?:differen\w*|differ\w*|compar\w*|distingu\w*|versus|vs|contrast\w*|nouveaute\w*"
    r"|evolu\w*|change\w*|new)\b")
_BOTH = re.compile(r"\b(?:les deux|deux (?:pactes|editions|textes|actes)|both|two)\b")
# What else such a question may say: question words, « entre … et … », « par rapport à ».
_FRAME = _NAMING | frozenset(_WORD.findall("""
quelle quelles quel quels est sont y a t il ils elles en quoi qu'est ce qui que entre et par
rapport avec au aux dans deux on peut fait se edition editions version versions actes vs what
which is are the between and with from in how does do did has have compared to two both"""))


def asks_comparison(text: str) -> bool:
    """``text`` asks how the pact's editions differ, and nothing more: a word that compares,
    and two editions named (or « les deux », "both", or one, compared with the others).

    >>> asks_comparison("Quelle est la différence entre le pacte de 2015 et l'acte 2 ?")
    True
    >>> asks_comparison("Qu'est-ce qui change avec l'acte 2 ?")
    True
    >>> asks_comparison("Compare les deux pactes"), asks_comparison("Compare les deux")
    (True, False)
    >>> asks_comparison("Quelles nouveautés dans l'acte 2 ?")
    True
    >>> asks_comparison("What changed between the 2015 pact and Act 2?")
    True
    >>> asks_comparison("Certains engagements demandent-ils de changer la réglementation ?")
    False
    >>> asks_comparison("Quelle différence de budget entre 2015 et l'acte 2 ?")  # a topic
    False
    """
    folded = _fold(without_editions(text))
    if not _COMPARE.search(folded):
        return False
    words = [w.strip("'") for w in _WORD.findall(_COMPARE.sub(" ", folded))]
    if not all(w in _FRAME or not w for w in words):
        return False
    return bool(list_editions(text)) or (bool(_BOTH.search(folded)) and bool(_PACT & set(words)))


def title_words(titles: Mapping[str, str], analyzer: Analyzer) -> dict[str, frozenset[str]]:
    """Each document's title (id → title) as the index's terms (``analyzer``: the French
    analyser of BM25, stop words out, stems), read once for :func:`overview_document`.

    >>> from indexer.analyzer import FrenchAnalyzer
    >>> sorted(title_words({"b": "Bilan des maraudes, hiver 2022"}, FrenchAnalyzer())["b"])
    ['2022', 'bilan', 'hiv', 'maraud']
    """
    return {doc: frozenset(analyzer(title)) for doc, title in titles.items()}


def overview_document(text: str, titles: Mapping[str, frozenset[str]],
                      analyzer: Analyzer) -> str | None:
    """The document (its id in ``titles``, from :func:`title_words`) whose title ``text``
    asks about as a whole: after an overview verb, every term of ``text`` but fillers
    (« stp », "the"…) is in the title, and they make at least half of its terms. None when
    no title, or two titles, fit best.

    >>> from indexer.analyzer import FrenchAnalyzer
    >>> a = FrenchAnalyzer()
    >>> titles = title_words({"plan": "Plan parisien de lutte contre la pauvreté 2023",
    ...                       "bilan": "Bilan de la maraude, hiver 2022"}, a)
    >>> overview_document("Présente-moi le plan pauvreté 2023 stp", titles, a)
    'plan'
    >>> overview_document("Parle-moi des maraudes d'hiver", titles, a)
    'bilan'
    >>> overview_document("Parle-moi du logement", titles, a) is None  # no title names it
    True
    """
    words = _asked(text)
    if not words:
        return None
    asked = set(analyzer(" ".join(words))) - set(analyzer(" ".join(_FILLER)))
    fits = sorted(((len(asked) / len(named), doc) for doc, named in titles.items()
                   if asked and asked <= named and 2 * len(asked) >= len(named)),
                  reverse=True)
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return None
    return fits[0][1]


def text_rows(chunks: Sequence[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Each document's text passages (their rows in ``chunks``), in reading order.

    >>> text_rows([{"doc_id": "a", "start": 40, "kind": "text"},
    ...            {"doc_id": "a", "start": 0, "kind": "text"},
    ...            {"doc_id": "a", "start": 9, "kind": "commitment"}])
    {'a': [1, 0]}
    """
    rows: dict[str, list[int]] = {}
    for row, c in enumerate(chunks):
        if c["kind"] == "text":
            rows.setdefault(c["doc_id"], []).append(row)
    for doc_rows in rows.values():
        doc_rows.sort(key=lambda row: chunks[row]["start"])
    return rows


def overview_rows(documents: Mapping[str, Mapping[str, Any]], texts: Mapping[str, list[int]],
                  lists: Sequence[ItemList], editions: Sequence[str],
                  document: str | None = None, most: int = 12
                  ) -> list[tuple[str, list[int], list[int]]]:
    """Per edition (``editions``, or every edition of the index in its order), or for
    ``document`` alone: the edition, the text passages of one document (``texts``, from
    :func:`text_rows`) and the items of its list (at most ``most``; none for a longer
    list). An edition's document is its first that has such a list, else its first."""
    listed: dict[str, list[int]] = {}
    for x in lists:
        if 2 <= len(x.rows) <= most:
            listed.setdefault(x.doc_id, x.rows)
    if document is not None:
        picks = [(documents[document].get("edition", ""), document)]
    else:
        picks = []
        order = list(dict.fromkeys(d.get("edition", "") for d in documents.values()))
        for edition in editions or [e for e in order if e]:
            docs = [d for d, meta in documents.items() if meta.get("edition") == edition]
            doc = next((d for d in docs if d in listed), docs[0] if docs else None)
            if doc is not None:
                picks.append((edition, doc))
    return [(edition, texts[doc], listed.get(doc, [])) for edition, doc in picks if texts.get(doc)]
