"""Questions that ask for a sum of money, the sentences that state one, and whose it is.

« Quel est le montant du pacte de 2015 ? » asks for a sum of money. When no passage read
states one (``states_amount``), the answer abstains (``api.answer``) instead of quoting the
nearest sentence (« … plan d'action partenarial pour la période 2015-2020. »). A bare
« combien » with a verb of money asks one too (« Combien la CAF finance-t-elle ? »), where
« combien de partenaires… » counts things (``api.counting``).

>>> asks_amount("Quel est le montant du pacte de 2015 ?"), asks_amount("Combien coûte-t-il ?")
(True, True)
>>> asks_amount("Combien la Ville consacre-t-elle au pacte ?")
True
>>> asks_amount("Combien d'engagements ?"), asks_amount("How much time is left?")
(False, False)
>>> asks_amount("Combien de partenaires le pacte mobilise-t-il ?")
False
>>> states_amount("les plus de 840 millions d'euros mobilisés"), states_amount("1,2 M€")
(True, True)
>>> states_amount("présente 106 engagements")
False

A sum belongs to someone. « Quel est le budget de la Ville pour l'Acte 2 ? » names who pays
(``payers``): « … le rôle fondamental de l'Etat et les plus de 840 millions d'euros
mobilisés » states the State's sum, not the City's, and must not answer it. A payer is an
institution's common name (``PAYERS``: « la Ville », « l'État », "the city") or a word in
capitals (« la CAF », « l'AP-HP »); « Paris » alone is the pact's city, no payer.

>>> payers("Quel est le budget de la Ville pour l'Acte 2 ?")
['ville']
>>> payers("How much money has the State committed?"), payers("Combien la CAF verse-t-elle ?")
(['état'], ['CAF'])
>>> payers("Quel est le budget du pacte de Paris ?"), payers("Quel est le budget du PACTE ?")
([], [])
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.editions import PACT_NAME_WORDS, names_pact, without_editions

_AMOUNT_ASKED = re.compile(
    r"\b(?:montants?|budgets?|co[uû]ts?|co[uû]te(?:nt)?|financements?|enveloppes?"
    r"|combien\s+d['’](?:euros|argent)|costs?|funding|how\s+much\s+money)\b"
    # A bare « combien » (no « de » after it) with a verb of money later in the clause.
    r"|\bcombien\s+(?!de\b|d['’])[^?.;]*?\b(?:consacr|financ|d[ée]pens|investi|vers[eéè]"
    r"|allou|donn|pai|pay)"
    r"|\bhow\s+much\b(?!\s+time)[^?.;]*?\b(?:cost|spen[dt]|fund|invest|give|gave|allocat"
    r"|pa(?:y|id)|commit|mobili[sz])", re.IGNORECASE)
# The words of a question that asks for a sum and nothing else, the pact's name, a verb of
# money and who pays aside.
_ONLY_AMOUNT = ("montant montants budget budgets coût coûts coûte coûtent financement financé "
                "enveloppe argent euros total totale global globale combien mobilisé mobilisés "
                f"alloué prévu cost costs funding money overall {PACT_NAME_WORDS} "
                "met mettent mis mobilise mobilisent dépense "
                "dépensent consacre consacrent investit investissent verse versent finance "
                "financent alloue allouent donne donnent apporte apportent spend spends commit "
                "commits invest invests give gives put puts")
_AMOUNT = re.compile(r"€|\b(?:euros?|EUR|dollars?)\b|\$", re.IGNORECASE)

# Who may pay, by a common name: the word a French text uses, for its French or English name.
PAYERS = {
    "ville": "ville", "mairie": "mairie", "commune": "commune", "état": "état", "etat": "état",
    "gouvernement": "gouvernement", "préfecture": "préfecture", "prefecture": "préfecture",
    "région": "région", "region": "région", "département": "département",
    "departement": "département", "métropole": "métropole", "metropole": "métropole",
    "city": "ville", "town": "ville", "state": "état", "government": "gouvernement",
    "department": "département",
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def asks_amount(question: str) -> bool:
    """Whether ``question`` asks for a sum of money (a budget, a cost, an amount)."""
    return bool(_AMOUNT_ASKED.search(question))


def asks_amount_only(question: str, terms: Callable[[str], list[str]]) -> bool:
    """Whether ``question`` asks for a sum and says nothing else but who pays, the pact or
    its edition (« Quel est le budget ? », « … de l'Acte 2 ? », « Combien l'État met-il ? »,
    "How much does it cost?"): in the pact's assistant, it asks for the pact's. ``terms``:
    the analyser, English glossed.

    >>> from indexer.analyzer import analyze
    >>> asks_amount_only("Quel est le budget ?", analyze), asks_amount_only("Combien ça coûte ?",
    ...                                                                      analyze)
    (True, True)
    >>> asks_amount_only("Quel est le budget de l'Acte 2 ?", analyze)
    True
    >>> asks_amount_only("Quel est le budget du logement ?", analyze)
    False
    >>> asks_amount_only("Combien l'État dépense-t-il ?", analyze)  # whose: ``payers``
    True
    >>> asks_amount_only("Combien l'État dépense-t-il pour la défense ?", analyze)
    False
    """
    asked = set(terms(without_editions(question)))
    allowed = set(terms(_ONLY_AMOUNT)) | {t for p in payers(question) for t in terms(p)}
    return asks_amount(question) and bool(asked) and asked <= allowed


def states_amount(sentence: str) -> bool:
    """Whether ``sentence`` states a sum of money: a currency word or sign."""
    return bool(_AMOUNT.search(sentence))


def payers(question: str) -> list[str]:
    """Who ``question`` asks the sum of: the French common names of ``PAYERS`` it uses, and
    its words in capitals (acronyms), edition names left out; empty when it names none."""
    out: list[str] = []
    shouted = question == question.upper()  # « QUEL EST LE BUDGET ? »: no word is an acronym
    for word in _WORD.findall(without_editions(question)):
        acronym = len(word) > 1 and word.isupper() and not shouted and not names_pact(word)
        name = PAYERS.get(word.lower()) or (word if acronym else None)
        if name and name not in out:
            out.append(name)
    return out
