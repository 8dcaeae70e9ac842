"""Time the French analyser and the BM25 index on synthetic French chunks.

Run: ``.venv/bin/python -m benchmarks.bench_lexical --docs 10000 --queries 500``
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from indexer.analyzer import FrenchAnalyzer
from indexer.lexical import LexicalIndex

FUNCTION = ("le la les de des du l’ d’ et ou à au aux en pour par dans sur avec qui que "
            "une un est sont ces leur plus ne pas qu’il afin")
CONTENT = ("accès droits personnes sans-abri logement hébergement d’urgence accompagnement "
           "social insertion emploi santé femmes enfants familles jeunes précarité pauvreté "
           "exclusion maraude accueil de jour CHRS CCAS Samusocial Paris pacte engagement "
           "prévention expulsions domiciliation alimentation aide alimentaire bains douches "
           "distribution bénévoles associations partenaires État Ville département métropole "
           "parcours résidentiel pensions de famille intermédiation locative Logement d’abord "
           "réfugiés migrants demandeurs d’asile mineurs non accompagnés sortants de prison "
           "hôpital psychiatrie addictions réduction des risques violences conjugales "
           "mise à l’abri hiver grand froid canicule 2015 2019 2021 2026 acte II")
SYLLABLES = "ta ré mo li sé pon dra vé cu ni ment tion eur ance ité age oir ère"


def make_vocab(rng: np.random.Generator, n_rare: int = 20_000) -> list[str]:
    """Real words first (frequent), then made-up French-looking words (the long tail)."""
    syllables = SYLLABLES.split()
    rare = {"".join(rng.choice(syllables, size=int(rng.integers(2, 5)))) for _ in range(n_rare)}
    return FUNCTION.split() + CONTENT.split() + sorted(rare)


def make_texts(rng: np.random.Generator, vocab: list[str], n: int, length: int) -> list[str]:
    """``n`` texts of about ``length`` words drawn from a Zipf-like distribution."""
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    weights /= weights.sum()
    sizes = rng.integers(length // 2, length * 3 // 2, size=n)
    picks = rng.choice(len(vocab), size=int(sizes.sum()), p=weights)
    words = np.array(vocab, dtype=object)[picks]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    return [" ".join(words[a:z]) + "." for a, z in itertools.pairwise(bounds)]


def percentiles(seconds: list[float]) -> str:
    ms = np.array(seconds) * 1e3
    return (f"p50 {np.percentile(ms, 50):.3f} ms, p95 {np.percentile(ms, 95):.3f} ms, "
            f"max {ms.max():.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=150, help="mean words per chunk")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--n", type=int, default=100, help="results per query")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    vocab = make_vocab(rng)
    texts = make_texts(rng, vocab, args.docs, args.words)
    queries = make_texts(rng, vocab, args.queries, 8)

    analyzer = FrenchAnalyzer()
    start = time.perf_counter()
    tokens = [analyzer(t) for t in texts]
    analyse_s = time.perf_counter() - start
    n_tokens = sum(map(len, tokens))

    analyzer = FrenchAnalyzer()  # fresh cache: build = analysis + indexing
    start = time.perf_counter()
    index = LexicalIndex.build(texts, analyzer)
    build_s = time.perf_counter() - start

    analyse_q, search_q = [], []
    for query in queries:
        t0 = time.perf_counter()
        analyzer(query)
        t1 = time.perf_counter()
        index.search(query, args.n)
        search_q.append(time.perf_counter() - t1)
        analyse_q.append(t1 - t0)

    print(f"corpus: {args.docs} chunks, {n_tokens} tokens kept, vocab {index.vocab_size}")
    print(f"analyse corpus (cold cache): {analyse_s:.2f} s "
          f"({n_tokens / analyse_s / 1e6:.2f} M tokens/s)")
    print(f"build (analyse + bm25s index): {build_s:.2f} s")
    print(f"query analysis ({len(queries)} queries ~8 words): {percentiles(analyse_q)}")
    print(f"search incl. analysis, top {args.n}: {percentiles(search_q)}")


if __name__ == "__main__":
    main()
