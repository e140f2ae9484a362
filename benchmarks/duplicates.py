"""Time the duplicate index on seeded synthetic articles.

Builds an index of N articles of about 800 words and looks up N bodies: half of
them pages that paste 400 words of an indexed article between 100-word intros
and outros of their own, half unrelated. Words follow a Zipf-like distribution so that common
phrases repeat across articles, as they do in news. Text generation is not
timed.

    python benchmarks/duplicates.py                 # 1,000 articles, 1,000 queries
    python benchmarks/duplicates.py --articles 10000
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VOCABULARY_SIZE = 20_000
ARTICLE_WORDS = 800
PASTED_WORDS = 400


def make_vocabulary(rng: random.Random) -> list[str]:
    return ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10))) for _ in range(VOCABULARY_SIZE)]


def make_text(rng: random.Random, vocabulary: list[str], weights: list[float], word_count: int) -> str:
    words = rng.choices(vocabulary, cum_weights=weights, k=word_count)
    # Sentences of 12 to 30 words in paragraphs of three, as the articles are written.
    sentences, start = [], 0
    while start < word_count:
        end = start + rng.randint(12, 30)
        sentences.append(" ".join(words[start:end]).capitalize() + ".")
        start = end
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from build_tools.duplicates import DuplicateIndex

    rng = random.Random(args.seed)
    vocabulary = make_vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(1, VOCABULARY_SIZE + 1):
        total += 1 / rank
        cumulative.append(total)
    articles = {f"article-{n:05d}": make_text(rng, vocabulary, cumulative, ARTICLE_WORDS) for n in range(args.articles)}

    queries: list[tuple[str, str | None]] = []  # body, and the article it copies
    for n in range(args.queries):
        if n % 2:
            queries.append((make_text(rng, vocabulary, cumulative, ARTICLE_WORDS), None))
            continue
        source = rng.choice(sorted(articles))
        words = articles[source].split()
        start = rng.randrange(len(words) - PASTED_WORDS)
        pasted = " ".join(words[start : start + PASTED_WORDS])
        intro, outro = (make_text(rng, vocabulary, cumulative, 100) for _ in range(2))
        queries.append((f"{intro}\n\n{pasted}\n\n{outro}", source))

    started = time.perf_counter()
    index = DuplicateIndex(articles)
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    results = [index.find(body) for body, _ in queries]
    query_seconds = time.perf_counter() - started

    # A fast index that misses the copies, or finds copies that are not there, measures nothing.
    wrong = [
        n
        for n, ((_, source), matches) in enumerate(zip(queries, results))
        if [match.article_id for match in matches] != ([source] if source else [])
    ]
    if wrong:
        print(f"wrong matches for {len(wrong)} queries, first {wrong[0]}", file=sys.stderr)
        return 1
    print(
        f"duplicates articles={len(articles)} queries={len(queries)} "
        f"build_s={build_seconds:.2f} query_ms={1000 * query_seconds / len(queries):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
