"""French analyser: exact tokens, stop words, settings, speed."""

from __future__ import annotations

import json
import time

import pytest

from indexer.analyzer import KEEP_WORDS, FrenchAnalyzer, analyze, fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’accès aux droits des personnes sans-abri", ["acce", "droit", "person", "san", "abri"]),
        ("l’accès", ["acce"]),
        ("l'accès", ["acce"]),
        ("d'hébergement", ["heberg"]),
        ("d’hébergement", ["heberg"]),
        ("qu'il", []),
        ("jusqu’à lorsqu'elle puisqu’on quoiqu’il", []),
        ("n’a s’est c’est m’a t’as j’ai", []),
        ("L'État", ["etat"]),
        ("« Logement d’abord » • Accompagnement", ["log", "abord", "accompagn"]),
        ("C.C.A.S., S.D.F. etc.", ["CCAS", "SDF"]),
        ("LOGEMENT", ["log"]),
        ("le la les de des du et ou", []),
        ("2015 106 3", ["2015", "106"]),
        ("Aujourd'hui, l'Acte II du Pacte (2021-2026)", ["acte", "ii", "pact", "2021", "2026"]),
        ("l’œuvre ﬁnancement", ["oeuvr", "financ"]),
        ("Les gens du voyage", ["gen", "voyag"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_exact_tokens(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


def test_accents_and_case_are_folded() -> None:
    assert analyze("Éducation ÉDUCATION education") == ["educ"] * 3
    assert analyze("hébergé") == analyze("heberge") == analyze("HÉBERGÉ")
    assert analyze("accès") == analyze("acces")
    assert fold("Œuvré, cæcum") == "OEuvre, caecum"


def test_decomposed_unicode_matches_composed() -> None:
    assert analyze("acce\u0300s") == analyze("accès")


def test_hyphens_and_underscores_split() -> None:
    assert analyze("mise_en_oeuvre") == analyze("mise en œuvre") == ["mis", "oeuvr"]


def test_single_letters_and_dotted_words() -> None:
    assert analyze("a b c 7") == []
    assert analyze("www.paris.fr") == ["www", "paris", "fr"]


def test_stop_words_are_folded_and_keep_content_words() -> None:
    stops = FrenchAnalyzer().stop_words
    assert {"le", "des", "ou", "apres", "etre", "deja"} <= stops
    assert all(w == fold(w) for w in stops)
    content = {"droit", "droits", "aide", "aides", "acces", "logement", "personne",
               "personnes", "gens", "sans", "abord", "hebergement"}
    assert not content & stops
    assert {fold(w) for w in KEEP_WORDS}.isdisjoint(stops)


def test_keep_list_is_configurable() -> None:
    strict = FrenchAnalyzer(keep=frozenset())
    assert strict("personne sans gens") == []
    assert analyze("personne sans gens") == ["person", "san", "gen"]


def test_settings_are_json_and_stable() -> None:
    a, b = FrenchAnalyzer(), FrenchAnalyzer()
    settings = a.settings()
    assert json.loads(json.dumps(settings)) == settings == b.settings()
    assert settings["stopword_count"] == len(a.stop_words)
    assert FrenchAnalyzer(min_len=3).settings() != settings


def test_query_is_fast() -> None:
    analyzer = FrenchAnalyzer()
    query = ("Quelles sont les aides au logement pour les personnes sans domicile fixe "
             "à Paris en 2021 et l'accès aux droits sociaux")
    analyzer(query)
    start = time.perf_counter()
    for _ in range(200):
        analyzer(query)
    assert (time.perf_counter() - start) / 200 < 1e-3
