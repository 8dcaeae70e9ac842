"""Report plots (matplotlib, Agg backend: no display needed), one PNG file each.

R@k curves of every configuration, per-query wins and losses against the first (the
reference; drawn only when there are several), histograms of search latencies. The
Markdown report links them; the HTML page inlines them.

>>> import tempfile
>>> from eval.runner import RunResult
>>> r = RunResult(dataset="d", config="défaut", level="document", settings={}, scores={},
...               per_query={}, run={}, qrels={}, latencies_ms=[10.0, 12.0], cost={},
...               recall_curve={"R@1": 0.5, "R@10": 1.0})
>>> with tempfile.TemporaryDirectory() as out:
...     [p.name for p in plots([r], Path(out))]
['rappel-k.png', 'latences.png']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.runner import RunResult

PLOTS = ("rappel-k.png", "gains-pertes.png", "latences.png")  # every file plots() may write

def plots(results: Sequence[RunResult], out: Path) -> list[Path]:
    """PNG files: R@k curves, wins/losses against the first result, latency histograms."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for r in results:
        ks = [int(m.split("@")[1]) for m in r.recall_curve]
        ax.plot(ks, list(r.recall_curve.values()), marker="o", label=r.config)
    ax.set(xscale="log", xlabel="k", ylabel="R@k", title="Rappel à k", ylim=(0, 1.02))
    ax.legend(fontsize=8)
    files.append(_save(fig, out / "rappel-k.png"))
    if len(results) > 1:
        ref = results[0]
        fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * (len(results) - 1)))
        names, wins, losses = [], [], []
        for r in results[1:]:
            common = set(r.per_query) & set(ref.per_query)
            diffs = [r.per_query[q]["nDCG@10"] - ref.per_query[q]["nDCG@10"] for q in common]
            names.append(r.config)
            wins.append(sum(d > 1e-12 for d in diffs))
            losses.append(-sum(d < -1e-12 for d in diffs))
        ax.barh(names, wins, color="#2a9d8f", label="gagnées")
        ax.barh(names, losses, color="#e76f51", label="perdues")
        ax.axvline(0, color="black", lw=0.8)
        ax.set(xlabel=f"requêtes (nDCG@10 contre « {ref.config} »)", title="Gains et pertes")
        ax.legend(fontsize=8)
        files.append(_save(fig, out / "gains-pertes.png"))
    fig, ax = plt.subplots(figsize=(6, 4))
    for r in results:
        ax.hist(r.latencies_ms, bins=30, alpha=0.5, label=r.config)
    ax.set(xlabel="latence de search() (ms)", ylabel="requêtes", title="Latence des requêtes")
    ax.legend(fontsize=8)
    files.append(_save(fig, out / "latences.png"))
    return files


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path
