"""Follow-up questions through ``/ask``'s own path: does « et pour l'acte 2 ? » get its answer?

    python -m benchmarks.bench_followups            # both splits
    python -m benchmarks.bench_followups --split dev

Each conversation of ``eval/datasets/pacte/followups.jsonl`` is asked turn by turn through
``AskService.prepare`` (follow-up merge, extractive answer), each earlier question and its
answer sent back as history, as the widget does. Only the last question is judged: right
when its first citation holds one of its ``spans`` (normalised as in the gold set), or, for
a conversation marked ``in_scope: false``, when it abstains. The dev split shaped the rules;
the figures to report come from the test split. The index is built from ``corpus/`` with the
real model into ``benchmarks/out/followups``; results go to
``benchmarks/results/followups.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from api.answer import ExtractiveAnswerer
from api.followup import Turn
from api.metrics import Metrics
from api.service import AskService
from eval.spans import contains, normalize
from indexer.build import build_index
from indexer.search import Retriever
from indexer.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "eval" / "datasets" / "pacte" / "followups.jsonl"
RESULTS = Path(__file__).parent / "results"
OUT = Path("benchmarks/out/followups")


def load(split: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if split in (None, r["split"])]


def ask(service: AskService, row: dict[str, Any]) -> dict[str, Any]:
    """The conversation's last answer, judged."""
    history: list[Turn] = []
    for turn in row["turns"]:
        prepared = service.prepare(turn, history)
        history += [Turn("user", turn), Turn("assistant", prepared.answer.text)]
    answer = service.prepare(row["question"], history).answer
    first = answer.citations[0].quote if answer.citations else ""
    in_scope = row.get("in_scope", True)
    right = (answer.grounded and any(contains(normalize(first), normalize(s))
                                     for s in row["spans"])) if in_scope else not answer.grounded
    return {"id": row["id"], "question": row["question"], "in_scope": in_scope,
            "grounded": answer.grounded, "right": right, "first_quote": first}


def summary(judged: list[dict[str, Any]]) -> dict[str, Any]:
    inside = [j for j in judged if j["in_scope"]]
    outside = [j for j in judged if not j["in_scope"]]
    return {"conversations": len(judged), "right": round(sum(j["right"] for j in judged)
                                                          / max(len(judged), 1), 4),
            "in_scope": len(inside), "in_scope_right": sum(j["right"] for j in inside),
            "wrong_abstentions": sum(not j["grounded"] for j in inside),
            "out_of_scope": len(outside), "out_of_scope_abstained": sum(j["right"]
                                                                        for j in outside)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test"])
    args = ap.parse_args()
    t0 = time.perf_counter()
    settings = Settings(data_dir=OUT)
    build_index(["corpus"], settings, progress=False)
    answerer = ExtractiveAnswerer.from_retriever(Retriever.load(settings), settings)
    answerer.warm()
    service = AskService(answerer, Metrics())
    out: dict[str, Any] = {}
    for split in [args.split] if args.split else ["dev", "test"]:
        judged = [ask(service, row) for row in load(split)]
        out[split] = {**summary(judged), "conversations_judged": judged}
        print(f"{split}: {out[split]['right']:.3f} right of {len(judged)}; "
              f"wrong: {[j['id'] for j in judged if not j['right']]}")
    out["seconds"] = round(time.perf_counter() - t0, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "followups.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
