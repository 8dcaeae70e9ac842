"""English questions met with French passages: the words they gloss, and those they drop.

The passages stay in French; an English question's words are glossed into the pact's
French vocabulary (``EN_FR``), its stop words dropped, so that its terms can match the
passages' lexically too (the embeddings are multilingual already). French text is left as
it is; edition names are left out of both.

>>> lexical_text("How many people are homeless in Paris?", "en")
'  personnes  rue  Paris?'
>>> lexical_text("Combien de personnes à la rue ?", "fr")
'Combien de personnes à la rue ?'
"""

from __future__ import annotations

from api.editions import without_editions
from indexer.language import WORD as _WORD
from indexer.language import Lang


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English words of the pact's own vocabulary, in French, so that an English question can
# meet the French passages lexically too (the embeddings are multilingual already).
# Built from the words of the corpus, not from any evaluation question.
EN_FR = {
    "access": "accès", "rights": "droits", "right": "droit", "exclusion": "exclusion",
    "commitment": "engagement", "commitments": "engagements", "pillar": "pilier",
    "pillars": "piliers", "prevent": "prévenir", "preventing": "prévenir", "street": "rue",
    "streets": "rue", "intervene": "intervenir", "integration": "insertion",
    "integrate": "insérer", "support": "accompagnement", "governance": "gouvernance",
    "coordinate": "coordonner", "partnership": "partenariale", "partners": "partenaires",
    "partner": "partenaire", "signatories": "signataires", "signatory": "signataire",
    "actors": "acteurs", "actor": "acteur", "stakeholders": "acteurs",
    "signed": "signé", "sign": "signé", "signature": "signature",
    "institutions": "institutions", "state": "État", "city": "ville", "town": "ville",
    "prefect": "préfète", "prefecture": "préfecture", "million": "millions",
    "millions": "millions", "euros": "euros", "objectives": "objectifs",
    "objective": "objectifs", "operational": "opérationnels", "poverty": "précarité",
    "precariousness": "précarité", "insecurity": "précarité", "local": "proximité",
    "proximity": "proximité", "solidarity": "solidaire", "aid": "aide", "help": "aide",
    "schemes": "dispositifs", "services": "dispositifs", "break": "rupture",
    "breaks": "rupture", "continuity": "rupture", "perception": "regard", "view": "regard",
    "outlook": "regard", "consultation": "concertation", "term": "mandature",
    "mayor": "Hidalgo", "act": "acte", "second": "2", "neighbourhood": "quartier",
    "neighborhood": "quartier", "district": "arrondissement", "metropolis": "métropole",
    "people": "personnes", "person": "personne", "persons": "personnes",
    "homeless": "rue", "pact": "pacte", "paris": "Paris", "public": "publics",
    "policies": "politiques", "policy": "politique", "charity": "association",
    "charities": "associations", "association": "association", "companies": "entreprises",
    "citizens": "citoyens", "fight": "lutte", "fighting": "lutte", "effective": "effectif",
    "professional": "professionnelle", "social": "sociale", "sustainably": "durablement",
    "lasting": "durablement", "emergency": "urgence", "housing": "logement",
    "shelter": "hébergement", "health": "santé", "employment": "emploi", "jobs": "emploi",
    "quote": "citation", "wisdom": "sagesse", "dreams": "rêves", "cause": "cause",
    "collective": "collective", "reflection": "réflexion", "hall": "Hôtel",
}


def lexical_text(text: str, lang: Lang) -> str:
    """The text whose terms are matched against the French passages (English: glossed).

    >>> lexical_text("Which commitments concern access to rights?", "en")
    ' engagements  accès  droits?'
    """
    text = without_editions(text)
    if lang != "en":
        return text
    return _WORD.sub(lambda m: _gloss(m.group(0)), text)


def _gloss(word: str) -> str:
    """An English word in the pact's French, its plural read from its singular
    ("neighbourhoods"); a stop word dropped; another word as it is.

    >>> _gloss("neighbourhoods"), _gloss("the"), _gloss("Hidalgo")
    ('quartier', '', 'Hidalgo')
    """
    low = word.lower()
    if low in EN_STOP_WORDS:
        return ""
    singular = low[:-1] if low.endswith("s") else low
    return EN_FR.get(low) or EN_FR.get(singular) or word


EN_STOP_WORDS = _words("""a about above after again all am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not now of off on once only or other our out over own same she
should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your concern concerns concerning regarding tell give list many much""")
