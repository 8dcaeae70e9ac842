"""Messages about bad input say what is wrong, in French, and where: file, line, column."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_eval_inputs import CORPUS, QRELS, _beir, _jsonl

from eval.beir import import_beir
from eval.data import DatasetError


def test_a_qrels_line_with_an_extra_column_says_which_column_is_wrong(tmp_path: Path) -> None:
    # BEIR plus a comment: 4 columns, but not TREC (its 2nd column is not the iteration).
    with pytest.raises(DatasetError, match=r"test\.tsv:4 : 4 colonnes, alors que 3 \(BEIR : "
                       r"query-id, corpus-id, score\) ou 4 \(TREC : qid 0 docid score\) sont "
                       r"attendues ; lue comme TREC, la 2e colonne 'd2' devrait être 0\."):
        import_beir(_beir(tmp_path, qrels=QRELS + "q2\td2\t1\tcommentaire\n"))
    with pytest.raises(DatasetError, match=r"test\.tsv:2 : 4 colonnes, .* lue comme TREC, la 4e "
                       r"colonne \(score\) 'deux' n'est pas un entier\."):
        import_beir(_beir(tmp_path, qrels="q1 0 d1 1\nq2 0 d2 deux\n"))


def test_invalid_json_is_said_in_french_with_its_column(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    bad = '{"_id": "d2" "text": "Les restaurants."}'
    column = bad.index(' "text') + 2  # where a comma was expected (1 = the first character)
    with caplog.at_level(logging.DEBUG, logger="pacte.eval"), pytest.raises(
            DatasetError, match=rf"^\S*corpus\.jsonl:2 : JSON invalide \(colonne {column}\)\.$"):
        import_beir(_beir(tmp_path, corpus=_jsonl(CORPUS[:1]) + bad + "\n"))
    assert "Expecting ',' delimiter" in caplog.text  # the parser's words: for debugging only
    control = '{"_id": "q1", "text": "Quel\tnuméro ?"}'  # a raw tab inside a JSON string
    with pytest.raises(DatasetError, match=r"^\S*queries\.jsonl:1 : JSON invalide \(colonne "
                                           rf"{control.index(chr(9)) + 1}\)\.$"):
        import_beir(_beir(tmp_path, queries=control + "\n"))

