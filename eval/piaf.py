"""PIAF (SQuAD JSON) as a retrieval set: question → its paragraph, 1,518 candidates.

The single PIAF loader of the project: ``benchmarks/piaf.py`` imports it. Questions
are shuffled with a fixed seed and split once into **dev** (500), **test** (1,000) and
**train** (the rest). Fusion weights are tuned on train and checked on dev; the eval
samples from test, so tuning never sees the questions it is judged on. Each paragraph
is a document titled by its article.

>>> import json, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "mini.json"
>>> _ = p.write_text(json.dumps({"data": [{"title": "Paris", "paragraphs": [
...     {"context": "Paris est la capitale.", "qas": [{"id": "a", "question": "Capitale ?"}]}]}]}))
>>> docs, questions = load_piaf(p)
>>> docs[0].doc_id, docs[0].meta.title, questions[0].doc_id, questions[0].answers
('piaf-0000', 'Paris', 'piaf-0000', ())
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eval.data import DatasetError, EvalSet, Query, read_json
from indexer.types import Block, DocMeta, Document

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared/datasets/piaf/piaf-v1.1.json"
SEED, DEV, TEST = 20261122, 500, 1000
GATE_SAMPLE = 300  # questions of the test split used by the regression gate


@dataclass
class Question:
    qid: str
    text: str
    doc_id: str
    answers: tuple[tuple[int, int], ...] = ()  # spans of the paragraph that answer it


def load_piaf(path: Path) -> tuple[list[Document], list[Question]]:
    """Paragraphs (``piaf-NNNN``, in file order) and their questions."""
    path = Path(path)
    if path.is_dir():  # the folder of the data set: its one SQuAD JSON file
        found = sorted(path.glob("*.json"))
        if len(found) != 1:
            raise DatasetError(f"{path} : dossier sans fichier SQuAD unique (.json) ; donnez "
                               "--piaf FICHIER")
        path = found[0]
    if not path.exists():
        raise DatasetError(f"PIAF introuvable : {path} (donnez --piaf CHEMIN ; le jeu se trouve "
                           "dans shared/datasets/piaf/piaf-v1.1.json)")
    data = read_json(path, "ce n'est pas un JSON SQuAD")
    articles = data.get("data") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise DatasetError(f"{path} : ce n'est pas un JSON SQuAD (liste « data » absente).")
    docs: list[Document] = []
    questions: list[Question] = []
    for a, article in enumerate(articles):
        try:
            for para in article["paragraphs"]:
                doc_id = f"piaf-{len(docs):04d}"
                text = para["context"]
                docs.append(Document(doc_id, text, [Block("paragraph", 0, len(text.rstrip()))],
                                     DocMeta(title=article["title"], format="txt")))
                questions += [Question(q["id"], q["question"], doc_id, tuple(
                    (a["answer_start"], a["answer_start"] + len(a["text"]))
                    for a in q.get("answers", []))) for q in para["qas"]]
        except KeyError as exc:
            raise DatasetError(f"{path} : article n° {a + 1} mal formé (clé {exc} absente)."
                               ) from None
        except TypeError:
            raise DatasetError(f"{path} : article n° {a + 1} mal formé (un objet ou une liste "
                               "n'est pas à sa place).") from None
    if not questions:
        raise DatasetError(f"{path} : aucune question.")
    counts = Counter(q.qid for q in questions)
    twice = sorted(qid for qid, n in counts.items() if n > 1)
    if twice:  # a question id judged twice: its qrels and splits would be ambiguous
        raise DatasetError(f"{path} : identifiant(s) de question en double : "
                           f"{', '.join(twice[:5])}{' …' if len(twice) > 5 else ''} "
                           f"({len(twice)} en tout).")
    return docs, questions


def split(questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """The fixed dev / test split (``SEED``, ``DEV``, ``TEST``)."""
    shuffled = _shuffled(questions)
    return shuffled[:DEV], shuffled[DEV : DEV + TEST]


def train_split(questions: list[Question]) -> list[Question]:
    """Every question in neither dev nor test (6,069 in PIAF v1.1): the fusion weights
    are tuned on these."""
    return _shuffled(questions)[DEV + TEST :]


def _shuffled(questions: list[Question]) -> list[Question]:
    shuffled = sorted(questions, key=lambda q: q.qid)
    random.Random(SEED).shuffle(shuffled)
    return shuffled


def piaf_set(path: Path = DEFAULT_PATH, sample: int | None = GATE_SAMPLE) -> EvalSet:
    """The first ``sample`` questions of the test split (all 1,000 with ``None``)."""
    docs, questions = load_piaf(path)
    _dev, test = split(questions)
    chosen = test if sample is None else test[:sample]
    evalset = EvalSet("piaf", docs, [Query(q.qid, q.text) for q in chosen], "document",
                      {q.qid: {q.doc_id: 1} for q in chosen}, str(path))
    if sample is not None and sample > len(test):
        evalset.notes.append(f"{sample} questions demandées (--sample), mais la partie test de "
                             f"PIAF n'en a que {len(test)} : toutes sont utilisées.")
    return evalset


def build_piaf(out: Path, path: Path = DEFAULT_PATH) -> dict[str, int]:
    """Write PIAF as a BEIR folder: all paragraphs, qrels ``dev.tsv`` and ``test.tsv``.

    Returns the counts written (``documents``, ``dev``, ``test``); a split left with no
    question (a source of ``DEV`` questions or fewer) gets no qrels file.
    """
    from eval.beir import export_beir

    docs, questions = load_piaf(path)
    dev, test = split(questions)
    for name, part in (("dev", dev), ("test", test)):
        if part:
            evalset = EvalSet("piaf", docs, [Query(q.qid, q.text) for q in dev + test],
                              "document", {q.qid: {q.doc_id: 1} for q in part}, str(path))
            export_beir(evalset, out, split=name)
    return {"documents": len(docs), "dev": len(dev), "test": len(test)}
