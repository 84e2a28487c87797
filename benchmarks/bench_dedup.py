"""Story deduplication at scale: time, memory and growth from 10^4 to 10^6 articles.

    python -m benchmarks.bench_dedup                 # 10^4 and 10^5
    python -m benchmarks.bench_dedup --sizes 1000000 # the million

The corpus is synthetic, built at run time by perturbing real texts: the seeds are the
texts of ``../shared/eval/dev/dedup.jsonl`` (read, never copied into the repository).
Each story is a seed with its names, numbers and 60% of its words replaced (a
distinct event); it gets one to four articles: the original, reposts with small
edits, and loose rewrites (sentences dropped and reordered, words replaced). Articles
arrive in time order at ``--per-day`` a day, so the index holds the recent window
(``StoryIndex.keep_days``) as it would in production.

Reported: total time to cluster (the sum of ``assign`` calls; the corpus is generated
on the fly and not held, so peak RSS is the index's plus 20 bytes of bookkeeping an
article), memory of the index per indexed article (``StoryIndex.footprint``: every
container and what it holds; and the RSS growth while clustering, which also includes
the bounded feature caches and the bookkeeping), the RSS growth per new article once
the window is full (steady state: evicted chunks must free their memory), mean, median
and 99th-percentile cost per new article (all, and the last 1,000; wall clock), the CPU
time per article (``cpu_ms_per_article``: on a shared machine the wall clock also counts
the time other processes take), pairwise
precision/recall against the generated stories, growth between sizes, and the cost of
plain datasketch (MinHash + MinHashLSH) on the same articles in the same run (``baseline``).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from array import array
from pathlib import Path

from aggregator.items import Article
from aggregator.stories.fitted import FittedPolicy
from aggregator.stories.index import StoryIndex
from aggregator.stories.scoring import ScoringPolicy

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "dedup.jsonl"
_SYLLABLES = "ба бек да жан ка кул ма мур на нур ра сай та тал ус хан ша ер ай ол".split()


def _seed_texts() -> list[str]:
    if not SEEDS.exists():
        raise SystemExit(f"seed texts not found: {SEEDS}")
    return [json.loads(line)["text"] for line in SEEDS.open(encoding="utf-8") if line.strip()]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + \
        rng.choice(["ов", "ев", "абад", "стан", "ский", ""])


def _story_text(rng: random.Random, seed: str, pool: list[str]) -> str:
    """A distinct event: new names and numbers, a third of the words replaced."""
    out = []
    names: dict[str, str] = {}
    for word in seed.split(" "):
        if word[:1].isupper() and len(word) > 3:
            out.append(names.setdefault(word, _name(rng)))
        elif word[:1].isdigit():
            out.append(str(rng.randint(3, 99999)))
        elif rng.random() < 0.6:
            out.append(rng.choice(pool))
        else:
            out.append(word)
    return " ".join(out)


def _repost(rng: random.Random, text: str, pool: list[str]) -> str:
    words = text.split(" ")
    words = [w for w in words if rng.random() > 0.05]
    for _ in range(max(1, len(words) // 30)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(pool))
    return " ".join(words)


def _rewrite(rng: random.Random, text: str, pool: list[str]) -> str:
    sentences = [s for s in text.replace("\n", " ").split(". ") if s]
    rng.shuffle(sentences)
    kept = sentences[: max(2, len(sentences) * 2 // 3)]
    words = " ".join(kept).split(" ")
    return " ".join(rng.choice(pool) if (rng.random() < 0.25 and not w[:1].isupper()) else w
                    for w in words)


def corpus(n: int, per_day: int = 3000, seed: int = 7):
    """Yield (story label, Article) in time order, ``n`` articles."""
    rng = random.Random(seed)
    seeds = _seed_texts()
    pool = [w for t in seeds for w in t.split() if w.isalpha() and w.islower()]
    made = story = 0
    while made < n:
        base = _story_text(rng, rng.choice(seeds), pool)
        title = " ".join(base.split(" ")[:9])
        copies = [base] + [(_repost if rng.random() < 0.5 else _rewrite)(rng, base, pool)
                           for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
        for k, text in enumerate(copies):
            if made >= n:
                break
            day = made // per_day
            stamp = f"{2020 + day // 365:04d}-01-01"
            a = Article(url=f"https://site{k}.example/{story}/{k}", title=title if k % 2 == 0 else "",
                        body=text, fetched_at=f"{stamp}T12:00:00Z")
            a.canonical_url = a.url
            a.published_local = _day(day)
            yield story, a
            made += 1
        story += 1


def _day(offset: int) -> str:
    from datetime import date, timedelta
    return (date(2020, 1, 1) + timedelta(days=offset)).isoformat()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report_progress(index: StoryIndex, made: int, costs: array, cpu: float, start: float,
                     every: int, labels: array, predicted: array) -> None:
    """One line on stderr: what a run that cannot finish leaves to quote."""
    footprint = index.footprint()
    precision, recall = _pairwise(list(labels), [index.resolve(f"s{p:016x}")
                                                 for p in predicted])
    print(json.dumps({
        "progress": made, "wall_minutes": round((time.perf_counter() - start) / 60, 1),
        "cpu_ms_per_article_so_far": round(1000 * cpu / made, 3),
        "ms_per_article_last": round(1000 * sum(costs[-every:]) / every, 3),
        "index_bytes_per_article": round(footprint["total"] / max(1, len(index.docs))),
        "indexed": len(index.docs), "rss_mb": round(_rss_mb()),
        "precision": round(precision, 4), "recall": round(recall, 4)}), file=sys.stderr,
        flush=True)


def run(n: int, per_day: int, policy: str = "fitted", progress: int = 0) -> dict:
    """Cluster ``n`` articles generated on the fly (the corpus is not held in memory, so
    RSS is the index's plus the per-article bookkeeping below: 20 bytes an article);
    ``policy`` "fitted" (the default ``FittedPolicy``) or "old" (``ScoringPolicy``);
    every ``progress`` articles (0: never) a line of progress on stderr."""
    index = StoryIndex(policy=ScoringPolicy() if policy == "old" else FittedPolicy())
    labels = array("i")      # true story of each article
    predicted = array("Q")   # its story id (``s`` + 16 hex digits) as an integer
    costs = array("d")       # seconds to assign it
    cpu = 0.0                # CPU seconds of the ``assign`` calls (the machine is shared)
    full_at = per_day * (index.keep_days + 2)  # the window is full (evicting) from here
    rss_full = None
    rss0 = _rss_mb()
    start = time.perf_counter()
    for made, (label, article) in enumerate(corpus(n, per_day)):
        if made == full_at:
            rss_full = _rss_mb()
        t, c = time.perf_counter(), time.process_time()
        sid = index.assign(article)
        costs.append(time.perf_counter() - t)
        cpu += time.process_time() - c
        labels.append(label)
        predicted.append(int(sid[1:], 16))
        if progress and (made + 1) % progress == 0:
            _report_progress(index, made + 1, costs, cpu, start, progress, labels, predicted)
    wall = time.perf_counter() - start
    rss1 = _rss_mb()
    footprint = index.footprint()
    indexed = len(index.docs)
    resolved = [index.resolve(f"s{p:016x}") for p in predicted]
    precision, recall = _pairwise(list(labels), resolved)
    total = sum(costs)
    ordered = sorted(costs)
    last = sorted(costs[-1000:])
    result = {
        "policy": policy, "articles": n, "seconds": round(total, 1), "wall_seconds_with_generation": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "indexed": indexed,
        "index_bytes_per_article": round(footprint["total"] / max(1, indexed)),
        "index_bytes_by_part": {k: round(v / max(1, indexed)) for k, v in footprint.items()
                                if k != "total"},
        "rss_growth_bytes_per_indexed_article": round(
            (rss1 - rss0) * 1024 * 1024 / max(1, indexed)),
        "ms_per_article": round(1000 * total / n, 3),
        "cpu_ms_per_article": round(1000 * cpu / n, 3),
        "ms_median": round(1000 * ordered[len(ordered) // 2], 3),
        "ms_p99": round(1000 * ordered[int(len(ordered) * 0.99) - 1], 3),
        "ms_last_1000_mean": round(1000 * sum(last) / len(last), 3),
        "ms_last_1000_median": round(1000 * last[len(last) // 2], 3),
        "ms_last_1000_p99": round(1000 * last[int(len(last) * 0.99) - 1], 3),
        "precision": round(precision, 4), "recall": round(recall, 4),
    }
    if rss_full is not None:  # steady state: the window is full, eviction frees as it goes
        result["steady_rss_growth_bytes_per_new_article"] = round(
            (rss1 - rss_full) * 1024 * 1024 / (n - full_at))
    return result


def baseline(n: int, per_day: int) -> tuple[float, float]:
    """Milliseconds per article (wall, CPU) of plain datasketch on the first ``n`` articles of the same
    corpus: a MinHash with its defaults (128 permutations) of the body's word-3-shingles,
    an LSH query and an insert. The reference measured in the same run: this machine's
    speed varies by tens of percent from one hour to the next, so the ratio to it says
    more than a figure alone."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    total = cpu = 0.0
    for made, (_, article) in enumerate(corpus(n, per_day)):
        began, began_cpu = time.perf_counter(), time.process_time()
        words = article.body.lower().split()
        signature = MinHash(num_perm=128)
        signature.update_batch([" ".join(s).encode("utf-8")
                                for s in zip(words, words[1:], words[2:])])
        lsh.query(signature)
        lsh.insert(str(made), signature)
        total += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
    return 1000 * total / n, 1000 * cpu / n


def _pairwise(labels: list[int], predicted: list[str]) -> tuple[float, float]:
    """Pairwise precision/recall, counted by group sizes (no quadratic loop)."""
    from collections import Counter
    both = Counter(zip(labels, predicted))
    by_label, by_pred = Counter(labels), Counter(predicted)

    def pairs(counter):
        return sum(c * (c - 1) // 2 for c in counter.values())

    tp = pairs(both)
    return tp / max(1, pairs(by_pred)), tp / max(1, pairs(by_label))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-day", type=int, default=3000,
                        help="articles per day of the synthetic stream (sets the window size)")
    parser.add_argument("--baseline", type=int, default=20_000, metavar="N",
                        help="articles for the plain-datasketch reference (0: skip it)")
    parser.add_argument("--policy", choices=["fitted", "old"], default="fitted",
                        help="the story policy: the fitted model (default) or the old hand "
                             "weights, for a same-run comparison")
    parser.add_argument("--progress", type=int, default=0, metavar="N",
                        help="print progress on stderr every N articles")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        result = run(n, args.per_day, args.policy, args.progress)
        results.append(result)
        print(json.dumps(result), flush=True)
    if args.baseline:  # after the sizes: its index must not count in their peak RSS
        reference, reference_cpu = baseline(args.baseline, args.per_day)
        print(json.dumps({
            "baseline": "datasketch MinHash(128) + MinHashLSH(0.5), query and insert",
            "articles": args.baseline, "ms_per_article": round(reference, 3),
            "cpu_ms_per_article": round(reference_cpu, 3),
            "ours_over_baseline": {r["articles"]: round(r["ms_per_article"] / reference, 2)
                                   for r in results},
            "ours_over_baseline_cpu": {r["articles"]: round(r["cpu_ms_per_article"]
                                                            / reference_cpu, 2)
                                       for r in results}}), flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"growth {a['articles']} -> {b['articles']}: x{b['articles'] / a['articles']:.0f} "
              f"articles, x{b['seconds'] / max(a['seconds'], 1e-9):.1f} time")
    return results


if __name__ == "__main__":
    main()
