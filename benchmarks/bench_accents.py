"""Questions typed without accents: what they cost, and what ``restore_accents`` wins back.

    python -m benchmarks.bench_accents [--split test|dev]

The PIAF questions are asked four ways through the real ``search()``: as written, with
restoration on (the default) and off; with every accent stripped; and stripped, with
restoration on. Dense alone and the hybrid default are both reported, since French BM25
folds accents anyway. The
restorer has no tuned parameter; its rules were written on the pact gold set's dev split,
so PIAF's test split is fair ground. The PIAF index comes from ``benchmarks.piaf``'s
folder (its embedding cache makes the build quick). Results go to
``benchmarks/results/accents-<split>.json``.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.bench_core import machine
from benchmarks.piaf import RESULTS, scores
from eval.metrics import fold_to_documents
from eval.piaf import DEFAULT_PATH, Question, load_piaf, split
from indexer.build import build_from_documents
from indexer.search import Retriever
from indexer.settings import Settings

OUT = Path("benchmarks/out/piaf")


def strip_accents(text: str) -> str:
    """``strip_accents("Où est l'Hôtel ?") == "Ou est l'Hotel ?"``"""
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) != "Mn")


def indexed_split(description: str) -> tuple[str, list[Question]]:
    """The PIAF questions of the command line's ``--split`` (dev or test, default test),
    their passages indexed in ``OUT`` first."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--split", choices=["dev", "test"], default="test")
    name = ap.parse_args().split
    docs, questions = load_piaf(DEFAULT_PATH)
    dev, test = split(questions)
    build_from_documents(docs, Settings(data_dir=OUT))
    return name, test if name == "test" else dev


def save(name: str, out: dict[str, Any]) -> None:
    """Write ``out`` to ``benchmarks/results/NAME.json`` and print it."""
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(out, ensure_ascii=False, indent=2)
    (RESULTS / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    print(text)


def run(retriever: Retriever, texts: list[str], desc: str) -> list[list[str]]:
    return [fold_to_documents([r.doc_id for r in retriever.search(t, k=30)])
            for t in tqdm(texts, desc=desc)]


def main() -> None:
    name, qs = indexed_split(__doc__ or "")
    written = [q.text for q in qs]
    stripped = [strip_accents(t) for t in written]
    out: dict[str, Any] = {"benchmark": "accents", "machine": machine(), "split": name,
                           "questions": len(qs),
                           "already_without_accents": sum(t == strip_accents(t) for t in written)}
    for retrieval in ("dense", "hybrid"):
        on = Retriever.load(Settings(data_dir=OUT, retrieval=retrieval))
        off = Retriever.load(Settings(data_dir=OUT, retrieval=retrieval, restore_accents=False),
                             embedder=on.embedder)
        assert on.accents is not None
        out[retrieval] = {
            "as written": scores(run(on, written, f"{retrieval}: tel quel"), qs),
            "as written, restoration off": scores(run(off, written, f"{retrieval}: tel quel, sans"),
                                                  qs),
            "stripped": scores(run(off, stripped, f"{retrieval}: sans accents"), qs),
            "stripped, restored": scores(run(on, stripped, f"{retrieval}: accents remis"), qs),
        }
        out["restored_exactly"] = sum(
            on.accents(s) == w for s, w in zip(stripped, written, strict=True)) / len(qs)
    save(f"accents-{name}", out)


if __name__ == "__main__":
    main()
