"""Acronyms of social action in the French analyser: « ARS » meets « agence régionale de
santé », in the passages as in the questions; real BM25, no fakes."""

from __future__ import annotations

import pytest

from indexer.acronyms import ACRONYMS, AcronymTagger
from indexer.analyzer import FrenchAnalyzer, analyze
from indexer.lexical import LexicalIndex


def test_an_acronym_is_one_upper_case_token_however_it_is_typed() -> None:
    assert analyze("CHRS") == analyze("chrs") == analyze("C.H.R.S.") == ["CHRS"]
    assert analyze("la CAF") == ["CAF"]
    assert analyze("un café") == ["caf"]  # a stem: no longer the acronym's token


def test_the_long_form_keeps_its_words_and_gains_the_acronym() -> None:
    assert analyze("Les centres d'hébergement et de réinsertion sociale (CHRS)") == [
        "centr", "heberg", "reinsert", "social", "CHRS", "CHRS"]
    assert analyze("l'aide médicale de l'État") == ["aid", "medical", "etat", "AME"]
    assert analyze("Assistance publique – Hôpitaux de Paris") == [
        "assist", "publiqu", "hopital", "paris", "APHP"]


def test_the_longest_form_wins() -> None:
    # SIAE's form holds IAE's: the structure is tagged SIAE only.
    assert analyze("structure d'insertion par l'activité économique")[-1] == "SIAE"
    assert "IAE" not in analyze("structure d'insertion par l'activité économique")
    assert analyze("l'insertion par l'activité économique")[-1] == "IAE"


def test_words_out_of_order_are_not_a_form() -> None:
    assert "ARS" not in analyze("la santé régionale de l'agence")


def test_every_entry_is_one_token_and_forms_of_two_words_or_more() -> None:
    a = FrenchAnalyzer(acronyms=False)
    for acronym, forms in ACRONYMS.items():
        assert len(a(acronym)) == 1, acronym
        assert acronym == acronym.upper() and forms, acronym
        for form in forms:
            assert len(a(form)) >= 2, (acronym, form)


def test_a_one_word_acronym_is_required() -> None:
    with pytest.raises(ValueError, match="un seul mot"):
        AcronymTagger(FrenchAnalyzer(acronyms=False), {"AP HP": ("assistance publique",)})


def test_bm25_finds_the_acronym_from_its_long_form_and_back() -> None:
    index = LexicalIndex.build([
        "Signataires : la Ville, l'État, l'ARS, l'APHP et la CPAM.",
        "Le centre d'hébergement et de réinsertion sociale accueille 45 personnes.",
        "L'agence nationale de l'habitat finance la rénovation.",
    ])
    assert index.search("agence régionale de santé", n=3)[0].tolist()[0] == 0
    assert index.search("caisse primaire d'assurance maladie", n=3)[0].tolist() == [0]
    assert index.search("chrs", n=3)[0].tolist() == [1]


def test_settings_record_the_table_and_off_means_none() -> None:
    on, off = FrenchAnalyzer().settings(), FrenchAnalyzer(acronyms=False).settings()
    count, digest = on["acronyms"].split()
    assert int(count) == len(ACRONYMS) and len(digest.strip("()")) == 12
    assert off["acronyms"] == "none"
    assert on["version"] == 2
