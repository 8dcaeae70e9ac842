"""TREC run files: format, deterministic tie-breaks, read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from eval.data import DatasetError
from eval.trec import load_run, read_run, save_run, strictly_decreasing, write_run


def test_format_and_tie_breaks(tmp_path: Path) -> None:
    run = {"q10": [("b", 0.5), ("a", 0.5), ("c", 0.5), ("d", 0.2)], "q2": [("z", 1.0)]}
    path = save_run(tmp_path / "r.trec", run, "hybride dw=0.6")
    lines = path.read_text().splitlines()
    assert lines[0] == "q10 Q0 b 1 0.500000 hybride_dw_0.6"
    assert [ln.split()[2] for ln in lines[:4]] == ["b", "a", "c", "d"]  # search() order kept
    scores = [float(ln.split()[4]) for ln in lines[:4]]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4  # trec_eval-safe
    assert all(len(ln.split()) == 6 for ln in lines)
    assert lines[-1].startswith("q2 Q0 z 1 ")
    # Same input, same bytes; and the rank column wins when reading back.
    again = io.StringIO()
    write_run(again, run, "hybride dw=0.6")
    assert again.getvalue() == path.read_text()
    assert [d for d, _ in load_run(path)["q10"]] == ["b", "a", "c", "d"]


def test_strictly_decreasing_never_reorders() -> None:
    assert strictly_decreasing([0.3, 0.3, 0.3, 0.299999]) == [0.3, 0.299999, 0.299998,
                                                                0.299997]


def test_bad_run_line_names_the_line() -> None:
    with pytest.raises(DatasetError, match=r"run\.trec:2"):
        read_run(io.StringIO("q Q0 d 1 0.5 t\nq Q0 d2 2\n"), "run.trec")


def test_run_file_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.trec"
    path.write_bytes("\ufeffq1 Q0 d1 1 0.5 tag\n".encode())
    assert load_run(path) == {"q1": [("d1", 0.5)]}
