"""The language of a query: French, or English, counted on function words.

English questions meet French passages through the multilingual embeddings only: the
French BM25 index has nothing to match their words with, so ``search()`` weights
the two retrievers differently for them (``Settings.dense_weight_en``).

>>> detect_language("Which commitments concern access to rights?")
'en'
>>> detect_language("Quels engagements concernent l'accès aux droits ?")
'fr'
>>> detect_language("acces aux droits"), detect_language("Anne Hidalgo")
('fr', 'fr')
"""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["fr", "en"]

WORD = re.compile(r"[a-zà-öø-ÿœ]+", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words only ("a", "on", "en" are left out: they are French too).
_EN = _words("""the what which who whom whose when where why how is are was were does do did
of to and in for about many much can could should there this that these those it its an with
by from have has been will would be any all""")
_FR = _words("""le la les l des du de d quel quels quelle quelles qui quand comment où ou est
sont pour et un une à au aux combien que qu ce cette ces il elle ils elles dans sur par été ont
avec pas ne se sa son ses leur leurs""")


def detect_language(text: str) -> Lang:
    """``"en"`` when English function words outnumber French ones, else ``"fr"``."""
    words = [w.lower() for w in WORD.findall(text)]
    en = sum(w in _EN for w in words)
    fr = sum(w in _FR for w in words)
    return "en" if en > fr else "fr"
