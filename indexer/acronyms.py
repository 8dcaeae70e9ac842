"""Acronyms of French social action, for the lexical index: « ARS » meets « agence
régionale de santé ».

Social workers write « CHRS », « SIAO » or « AME »; a text may spell them out, or the
other way round. Each entry of :data:`ACRONYMS` names one body, benefit or scheme by its
acronym and by its other forms (the expansion, a hyphenated spelling). Wherever the
analysed tokens of a text hold one of the other forms, :class:`AcronymTagger` adds the
acronym's own token next to them, in the passages as in the questions: both sides then
share that token, whichever form each used. The words of the form stay, so the long form
still matches itself. The analyser gives an acronym of the list, however it is typed, its
own upper-case token, never a stem: ``CHRS``, not ``chr``; ``CAF``, not the ``caf`` of
« café ». Only acronyms that mean one thing in this field are listed: « CHU » (hébergement
d'urgence or hospital?), « PASS » or « ACT » are not, nor those whose long form is too
loose once stop words are gone (« AVDL », accompagnement vers et dans le logement, would
tag every « accompagnement au logement »).

>>> from indexer.analyzer import FrenchAnalyzer
>>> analyze = FrenchAnalyzer()
>>> analyze("agence régionale de santé")
['agenc', 'regional', 'sant', 'ARS']
>>> analyze("Les ARS, l'AP-HP et les caisses d'allocations familiales")
['ARS', 'ap', 'hp', 'APHP', 'caiss', 'alloc', 'familial', 'CAF']
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

# acronym → its other forms. Written as in running text; the analyser reads them.
ACRONYMS: dict[str, tuple[str, ...]] = {
    "AAH": ("allocation aux adultes handicapés",),
    "AME": ("aide médicale de l'État",),
    "ANAH": ("agence nationale de l'habitat",),
    "APA": ("allocation personnalisée d'autonomie",),
    "APHP": ("AP-HP", "assistance publique - hôpitaux de Paris"),
    "APL": ("aide personnalisée au logement",),
    "ARS": ("agence régionale de santé",),
    "ASE": ("aide sociale à l'enfance",),
    "ASLL": ("accompagnement social lié au logement",),
    "ASPA": ("allocation de solidarité aux personnes âgées",),
    "CADA": ("centre d'accueil de demandeurs d'asile",),
    "CAF": ("caisse d'allocations familiales",),
    "CASVP": ("centre d'action sociale de la Ville de Paris",),
    "CCAPEX": ("commission de coordination des actions de prévention des expulsions",),
    "CCAS": ("centre communal d'action sociale",),
    "CESF": ("conseiller en économie sociale et familiale",
             "conseillère en économie sociale et familiale"),
    "CHRS": ("centre d'hébergement et de réinsertion sociale",),
    "CIAS": ("centre intercommunal d'action sociale",),
    "CLSM": ("conseil local de santé mentale",),
    "CMP": ("centre médico-psychologique",),
    "CMU": ("couverture maladie universelle",),
    "CNAF": ("caisse nationale des allocations familiales",),
    "CPAM": ("caisse primaire d'assurance maladie",),
    "CPH": ("centre provisoire d'hébergement",),
    "CSS": ("complémentaire santé solidaire",),
    "DAHO": ("droit à l'hébergement opposable",),
    "DALO": ("droit au logement opposable",),
    "DASES": ("direction de l'action sociale, de l'enfance et de la santé",),
    "DDETS": ("direction départementale de l'emploi, du travail et des solidarités",),
    "DIHAL": ("délégation interministérielle à l'hébergement et à l'accès au logement",),
    "DRIHL": ("direction régionale et interdépartementale de l'hébergement et du logement",),
    "EHPAD": ("établissement d'hébergement pour personnes âgées dépendantes",),
    "EMPP": ("équipe mobile psychiatrie précarité",),
    "ESAT": ("établissement et service d'aide par le travail",),
    "ESI": ("espace solidarité insertion",),
    "FSL": ("fonds de solidarité pour le logement",),
    "HLM": ("habitation à loyer modéré",),
    "HUDA": ("hébergement d'urgence pour demandeurs d'asile",),
    "IAE": ("insertion par l'activité économique",),
    "LHSS": ("lits halte soins santé",),
    "MDPH": ("maison départementale des personnes handicapées",),
    "MNA": ("mineurs non accompagnés", "mineur non accompagné"),
    "MSA": ("mutualité sociale agricole",),
    "OFII": ("office français de l'immigration et de l'intégration",),
    "OFPRA": ("office français de protection des réfugiés et apatrides",),
    "PCH": ("prestation de compensation du handicap",),
    "PMI": ("protection maternelle et infantile",),
    "PRAPS": ("programme régional d'accès à la prévention et aux soins",),
    "QPV": ("quartier prioritaire de la politique de la ville",),
    "RQTH": ("reconnaissance de la qualité de travailleur handicapé",),
    "RSA": ("revenu de solidarité active",),
    "SDF": ("sans domicile fixe", "sans-domicile fixe"),
    "SIAE": ("structure d'insertion par l'activité économique",),
    "SIAO": ("service intégré d'accueil et d'orientation",),
    "SSIAD": ("service de soins infirmiers à domicile",),
    "UDAF": ("union départementale des associations familiales",),
}


class AcronymTagger:
    """Adds an acronym's token after each run of analysed tokens that spells one of its
    other forms. ``analyze_words``: raw text → tokens, before any tagging."""

    def __init__(self, analyze_words: Callable[[str], list[str]],
                 acronyms: dict[str, tuple[str, ...]] = ACRONYMS) -> None:
        self.forms: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first token → forms
        for acronym, others in acronyms.items():
            token = analyze_words(acronym)
            if len(token) != 1:
                raise ValueError(f"sigle {acronym!r} : un seul mot attendu, lu {token}")
            for form in others:
                run = tuple(analyze_words(form))
                runs = self.forms.setdefault(run[0], []) if run else []
                if run and run != tuple(token) and (run, token[0]) not in runs:
                    runs.append((run, token[0]))
        for runs in self.forms.values():
            runs.sort(key=lambda rt: -len(rt[0]))  # the longest form first
        source = "\n".join(f"{a}={'|'.join(o)}" for a, o in sorted(acronyms.items()))
        self.digest = hashlib.sha1(source.encode()).hexdigest()[:12]
        self.count = len(acronyms)

    def __call__(self, tokens: list[str]) -> list[str]:
        """``tokens`` with the acronyms of the forms they spell added after those forms.

        >>> tag = AcronymTagger(lambda t: t.lower().split(), {"RSA": ("revenu solidarite",)})
        >>> tag(["le", "revenu", "solidarite", "active"])
        ['le', 'revenu', 'solidarite', 'rsa', 'active']
        """
        if not any(t in self.forms for t in tokens):
            return tokens
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for run, acronym in self.forms.get(tokens[i], ()):
                if tuple(tokens[i:i + len(run)]) == run:
                    out += [*run, acronym]
                    i += len(run)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out
