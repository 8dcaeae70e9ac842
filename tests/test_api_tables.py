"""A table's row is quoted whole, never paired with the next row (real model and spaCy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.settings import Settings

PLAN = """# Plan grand froid 2024

La Ville ouvre des places supplémentaires pendant les nuits de grand froid.

## Places ouvertes

| Structure | Arrondissement | Places |
|---|---|---|
| Centre Yvonne | 13e | 45 |
| Gymnase Japy | 11e | 80 |

## Contacts

Pour signaler une personne en danger, appelez le 115.
"""


def test_a_table_row_is_quoted_whole(tmp_path: Path, real_settings: Settings,
                                     real_embedder: Any) -> None:
    from api.answer import ExtractiveAnswerer
    from indexer.build import build_index
    from indexer.search import Retriever

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.md").write_text(PLAN, encoding="utf-8")
    settings = real_settings.model_copy(update={"data_dir": tmp_path / "data"})
    build_index([tmp_path / "docs"], settings, embedder=real_embedder, progress=False)
    retriever = Retriever.load(settings, embedder=real_embedder)
    answerer = ExtractiveAnswerer.from_retriever(retriever, settings)
    rows = {"Structure : Centre Yvonne ; Arrondissement : 13e ; Places : 45",
            "Structure : Gymnase Japy ; Arrondissement : 11e ; Places : 80"}
    answer = answerer.answer("Combien de places au gymnase Japy ?")
    # Before: « Places : 45\nStructure : Gymnase Japy ; », Yvonne's 45 beside Japy's name.
    assert answer.citations[0].quote == "Structure : Gymnase Japy ; Arrondissement : 11e ; " \
                                        "Places : 80"
    assert all("\n" not in c.quote for c in answer.citations)
    assert all(c.quote in rows for c in answer.citations if "Structure" in c.quote)
