"""The question's language (French or English), list questions, and the framing words.

Only the framing follows the question's language: quotes always stay in French (an English
question's words are glossed into French to match them: ``api.english``).

>>> detect_language("Which commitments concern access to rights?")
'en'
>>> detect_language("Quels engagements concernent l'accès aux droits ?")
'fr'
>>> is_list_question("Quels sont les engagements sur le logement ?")
True
>>> is_list_question("Quels sont tous les engagements ?"), is_list_question("What are all of them?")
(True, False)
>>> is_list_question("Qui a signé le pacte ?")
False
>>> list_topic("Quels sont les quatre engagements de l'Acte 2 ?")
[]
>>> list_topic("Which commitments concern access to rights?")
['access', 'rights']
>>> FRAMING["en"]["abstain"][:30]
'No passage of the pact documen'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.editions import without_editions
from indexer.language import WORD as _WORD
from indexer.language import Lang, detect_language

__all__ = ["Lang", "detect_language"]  # the language of a question is the indexer's


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The nouns a list of the pact is asked by: its own (« engagements », « piliers ») and their
# near synonyms (« les grandes orientations », « les mesures », "the key areas").
_NOUNS_FR = ("engagements|piliers|objectifs|orientations|axes|priorités|priorites|mesures|actions"
             "|thèmes|themes|volets|chantiers")
_NOUNS_EN = "commitments|pillars|objectives|priorities|areas|measures|actions|themes|strands"
# The noun itself, wherever it stands: what a list question lists.
LIST_NOUN = re.compile(rf"\b(?:{_NOUNS_FR}|{_NOUNS_EN})\b", re.IGNORECASE)
# A question's « mesures » or « actions » are what the pact's texts call « engagements »; their
# « action » is another word (« … s'ouvre maintenant celui de l'action »).
_ENGAGEMENTS = re.compile(r"\b(?:mesures|actions|measures)\b", re.IGNORECASE)
_LIST = re.compile(
    rf"\b(quel(le)?s\s+(sont\s+)?(tou(te)?s\s+)?(les\s+)?(\w+\s+)?({_NOUNS_FR})"
    rf"|(liste|listez|énumére[rz]?|enumere[rz]?)\b.*\b({_NOUNS_FR})"
    r"|les\s+engagements\s+(qui|du|de|sur|concernant|liés)"
    rf"|(which|what)\s+(are\s+)?(all\s+)?(the\s+)?(\w+\s+)?({_NOUNS_EN})"
    rf"|list\s+(the\s+)?(\w+\s+)?({_NOUNS_EN}))",
    re.IGNORECASE,
)


def as_engagements(text: str) -> str:
    """``text`` with the texts' word for what it calls « mesures » or « actions », for its
    terms (its grammar is not kept).

    >>> as_engagements("Quelles actions pour les jeunes ?")
    'Quelles engagements pour les jeunes ?'
    """
    return _ENGAGEMENTS.sub("engagements", text)


_SPACE_BEFORE = re.compile(r" (?=[:;!?»])")  # French puts a no-break space before these


def french_spaces(text: str) -> str:
    """``text`` with the no-break spaces of French typography (U+00A0) before « : ; ! ? »
    and a closing guillemet, and after an opening one: no line starts with « : ».

    >>> french_spaces("Bonjour ! Par exemple : « Qui ? »").split("\xa0")
    ['Bonjour', '! Par exemple', ': «', 'Qui', '?', '»']
    """
    return _SPACE_BEFORE.sub("\u00a0", text).replace("« ", "«\u00a0")


def quoted(text: str) -> str:
    """A quote of the texts in an answer: « text », with no-break spaces inside.

    >>> quoted("Changer le regard") == "«\u00a0Changer le regard\u00a0»"
    True
    """
    return f"«\u00a0{text}\u00a0»"


FRAMING: dict[Lang, dict[str, str]] = {
    "fr": {
        "plain": "D'après les textes du pacte :",
        "list": "Les engagements du pacte qui correspondent à votre question :",
        # The same, when a quote comes from a document of no edition (one a user added).
        "plain_docs": "D'après les documents indexés :",
        # « Quelle est la différence entre le pacte de 2015 et l'acte 2 ? »
        "compare": ("Les textes ne comparent pas les éditions du pacte entre elles ; voici "
                    "ce que chacune présente, côte à côte :"),
        "compare_docs": ("Les documents ne se comparent pas entre eux ; voici ce que chacun "
                         "présente, côte à côte :"),
        "list_docs": "Les engagements qui correspondent à votre question :",
        # An abstention is a low confidence, not a proof that the texts say nothing of it.
        "abstain": "Aucun passage des documents du pacte ne répond clairement à cette question.",
        "abstain_docs": ("Aucun passage des documents indexés ne répond clairement à cette "
                         "question."),
        # A question about the pact, on an index that has none of its texts.
        "abstain_no_pact": ("Les documents indexés ne contiennent pas les textes du pacte : "
                            "seuls des documents ajoutés y figurent."),
        # « l'Acte 3 », « le pacte de 2010 »: an edition the index does not have.
        "abstain_edition": "Les textes indexés ({editions}) ne comprennent pas « {missing} ».",
        # « Quel est le montant du pacte de 2015 ? »: no passage read states a sum of money.
        "abstain_amount": "Les textes indexés n'indiquent pas ce montant.",
        "abstain_count": "Les textes indexés n'indiquent pas ce nombre.",
        "suggested": ("Voici les passages les plus proches, à titre de suggestions et non de "
                      "réponse."),
        "llm_fallback": ("(Le service de génération ne répond pas : voici une réponse "
                         "extraite directement des textes.)"),
        "llm_unverified": ("(La réponse générée n'a pas pu être vérifiée dans les textes : "
                           "voici une réponse extraite directement des textes.)"),
    },
    "en": {
        "plain": "According to the pact documents (quoted in French):",
        "list": "The pact commitments that match your question (quoted in French):",
        "plain_docs": "According to the indexed documents (quoted as written):",
        "compare": ("The texts do not compare the pact's editions; here is what each one sets "
                    "out, side by side (quoted in French):"),
        "compare_docs": ("The documents do not compare themselves; here is what each one sets "
                         "out, side by side (quoted as written):"),
        "list_docs": "The commitments that match your question (quoted as written):",
        "abstain": "No passage of the pact documents clearly answers this question.",
        "abstain_docs": "No passage of the indexed documents clearly answers this question.",
        "abstain_no_pact": ("The indexed documents do not include the pact's texts: only "
                            "documents added by their owner."),
        "abstain_edition": "The indexed texts ({editions}) do not include “{missing}”.",
        "abstain_amount": "The indexed texts do not state this amount.",
        "abstain_count": "The indexed texts do not state this number.",
        "suggested": "The nearest passages are listed as suggestions, not as an answer.",
        "llm_fallback": ("(The generation service is not responding: here is an answer "
                         "quoted directly from the texts.)"),
        "llm_unverified": ("(The generated answer could not be checked against the texts: "
                           "here is an answer quoted directly from them.)"),
    },
}
FRAMING["fr"] = {key: french_spaces(text) for key, text in FRAMING["fr"].items()}


_QUANTITY = re.compile(r"\b(?:combien|nombre|montant|budgets?|co[uû]ts?|how\s+(?:many|much)|"
                       r"number|amount|costs?)\b", re.IGNORECASE)
_ACT = re.compile(r"\bact(?:e|es|s)?\s+(?:\d+|[ivx]+)\b", re.IGNORECASE)  # « Acte 2 », "act II"
_NUMBER = re.compile(r"\d|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
                     r"quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cents?|"
                     r"mille|millions?|milliards?|dizaines?|douzaines?|centaines?|milliers?)\b",
                     re.IGNORECASE)


def asks_quantity(text: str) -> bool:
    """A "combien… / how many… / quel budget…" question: its answer holds a number.

    >>> asks_quantity("Combien d'engagements compte le pacte ?"), asks_quantity("Qui a signé ?")
    (True, False)
    >>> asks_quantity("Quel est le budget de l'Acte 2 ?"), asks_quantity("What does it cost?")
    (True, True)
    """
    return bool(_QUANTITY.search(text))


# A day of a month (« le 31 mars », « 1er septembre 2024 »): a date, no quantity.
_DATE = re.compile(r"\b\d{1,2}(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|"
                   r"ao[uû]t|septembre|octobre|novembre|d[ée]cembre)(?:\s+(?:19|20)\d\d)?\b",
                   re.IGNORECASE)


def has_number(text: str) -> bool:
    """A number in digits or in French words ("un", an article too, does not count); the
    number of an act (« l'Acte 2 », "act II") names an edition, and a day of a month (« le 31
    mars ») dates: neither is a quantity.

    >>> has_number("présente 106 engagements"), has_number("quatre axes"), has_number("un an")
    (True, True, False)
    >>> has_number("l'Acte 2 du pacte"), has_number("signé en 2021"), has_number("Act II")
    (False, True, False)
    >>> has_number("plusieurs centaines d'acteurs"), has_number("des milliers de repas")
    (True, True)
    >>> has_number("À la fermeture, le 31 mars, chaque personne"), has_number("le 31 mars : 50")
    (False, True)
    """
    return bool(_NUMBER.search(_DATE.sub("", _ACT.sub("", text))))


def _from_two(words: str) -> dict[str, int]:
    return {w: n for n, w in enumerate(words.split(), 2)}


_NUMBERS = {**_from_two("""deux trois quatre cinq six sept huit neuf dix onze douze treize
    quatorze quinze seize dix-sept dix-huit dix-neuf vingt"""), **_from_two("""two three four
    five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty""")}
_COUNT = re.compile(  # read without the edition names: "l'Acte 2 objectives" counts none
    r"\b(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\s+"
    r"(?P<rest>(?:\w+\s+)?(?P<noun>engagements|piliers|objectifs|commitments|pillars|"
    r"objectives))\b", re.IGNORECASE)


def stated_count(text: str) -> tuple[int, str] | None:
    """The number of items a list question states, in digits or in words, and the word it
    counts.

    >>> stated_count("Quels sont les 5 grands piliers ?"), stated_count("the four commitments")
    ((5, 'piliers'), (4, 'commitments'))
    >>> stated_count("Quels sont les engagements de l'Acte 2 ?") is None
    True
    >>> stated_count("Dans l'acte 2 quels engagements ?"), stated_count("the Act 2 objectives")
    (None, None)
    """
    m = _COUNT.search(without_editions(text))
    if m is None:
        return None
    n = m.group("n").lower()
    return (int(n) if n.isdigit() else _NUMBERS[n]), m.group("noun").lower()


# Keywords typed as in a search box: « engagements acte 2 », « acte II engagements ».
_KEYWORD_LIST = re.compile(r"\b(engagements|piliers|commitments|pillars)\b", re.IGNORECASE)
MAX_KEYWORDS = 4


def is_list_question(text: str) -> bool:
    """A "which commitments / quels engagements…" question, or a few keywords with the plural
    of a list's noun and no question mark: answered with a list.

    >>> [is_list_question(q) for q in ("Quels sont les piliers ?", "acte II engagements",
    ...  "engagements logement", "Combien d'engagements ?", "les engagements ont-ils été tenus")]
    [True, True, True, False, False]
    """
    keywords = len(text.split()) <= MAX_KEYWORDS and "?" not in text \
        and not asks_quantity(text) and bool(_KEYWORD_LIST.search(text))
    return keywords or bool(_LIST.search(text))


# Words that frame a list question without saying what it is about.
_LIST_WORDS = _words("""quel quels quelle quelles sont tous toutes les des du de la le l d aux
au à par dans pacte pactes parisien parisienne engagement engagements pilier piliers objectif
objectifs orientations axes priorités priorites mesures actions thèmes themes volets chantiers
priorities areas measures strands key grandes grands grand cinq quatre treize 13 5 4 acte 2
premier second deuxième lutte contre grande exclusion paris principaux principales liste
listez énumérez donne donnez moi qui quoi
prévu prévus prévue prévues prevu prevus prevue prevues prévoit prévoient prevoit prevoient
contient contiennent comporte comportent compte comptent inclut incluent propose proposent
what which are the is of all pact commitments commitment pillars pillar objectives list four
five first second act main paris's against extreme exclusion 2015 2020 2021 2026 in for
contain contains include includes planned propose proposes set out
do does did concern concerns about on to and or with by a an that this these those there their
its it be been how many much""")


def list_topic(text: str, analyze: Callable[[str], list[str]] | None = None) -> list[str]:
    """The words of a list question that say what it is about (empty for a bare list); the
    number of items it states is not one of them.

    >>> list_topic("Quels sont les trois piliers ?"), list_topic("the 12 commitments")
    ([], [])
    >>> list_topic("Quelles actions prévoit l'acte 2 ?"), list_topic("Des mesures pour les jeunes")
    ([], ['pour', 'jeunes'])
    """
    text = _COUNT.sub(r"\g<rest>", without_editions(text))
    kept = [w for w in _WORD.findall(text) if w.lower() not in _LIST_WORDS]
    if analyze is not None:
        kept = [w for w in kept if analyze(w)]
    return kept
