"""Store at scale: fill a database with synthetic articles of realistic size and measure.

    python -m benchmarks.bench_store [--n 1000000] [--db PATH] [--keep]

Reports the insert rate through ``Store.upsert_articles(index=False)`` +
``refresh_stories`` in batches of 1,000 (a bulk load: the full-text index is built by one
``Store.index_pending`` pass at the end, timed apart, and the end-to-end rate with it; a
crawl indexes after every batch), database size per article, latency of
the per-country feed query and of full-text searches (p50/p95), and the time to export
one day's story changes. Texts are random sequences drawn with Zipf frequencies from the
vocabulary of real articles (../shared/eval/dev when present, else the fixture sites),
so the FTS index sees a realistic term distribution.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
from operator import itemgetter
from pathlib import Path

import numpy as np

from aggregator.portal.export import export_stories
from aggregator.portal.feeds import build_feed, latest_stories
from aggregator.items import Article
from aggregator.portal.search import search
from aggregator.store import Store
from aggregator.testing.replay import SITES

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "CN"]
SOURCES = [f"source{i:02d}" for i in range(20)]
START = 1_700_000_000  # 2023-11-14, articles spread over a year after it


def vocabulary(size: int = 300_000) -> list[str]:
    """``size`` words, most frequent first: the real words of real article texts, then
    word-like forms spliced from them (real news vocabularies run to hundreds of thousands
    of word forms, and a small vocabulary would make every posting list huge)."""
    texts = []
    for path in (REPO.parent / "shared" / "eval" / "dev").glob("*.jsonl"):
        texts += [json.loads(line).get("text", "") for line in path.open(encoding="utf-8")]
    if not texts:
        texts = [p.read_text(encoding="utf-8", errors="ignore") for p in SITES.rglob("*.json")]
    counts: dict[str, int] = {}
    for word in re.findall(r"[^\W\d_]{2,}", " ".join(texts).lower()):
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)
    rng, seen = random.Random(3), set(words)
    while len(words) < size:
        a, b = rng.choice(words), rng.choice(words)
        form = a[: rng.randint(2, max(2, len(a) - 1))] + b[rng.randint(1, max(1, len(b) - 2)):]
        if len(form) > 3 and form not in seen:
            seen.add(form)
            words.append(form)
    return words


class Corpus:
    def __init__(self, words: list[str], seed: int = 7):
        self.words = words
        cum = np.cumsum(1 / np.arange(1, len(words) + 1))
        self.cum = cum / cum[-1]
        self.rng = random.Random(seed)
        self.draws = np.random.default_rng(seed)

    def text(self, low: int, high: int) -> str:
        """``low``-``high`` words drawn with Zipf frequencies (numpy: a million articles are
        generated in minutes, not the better part of an hour)."""
        picks = np.searchsorted(self.cum, self.draws.random(self.rng.randint(low, high)))
        return " ".join(itemgetter(*picks.tolist())(self.words))

    def article(self, n: int, total: int, story: str) -> Article:
        rng = self.rng
        # 3-6 paragraphs of 30-60 words: about 1,900 characters, a typical wire story
        paragraphs = [self.text(30, 60).capitalize() + "." for _ in range(rng.randint(3, 6))]
        published = START + int(n / total * 365 * 86400) + rng.randint(-3600, 3600)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published))
        url = f"https://{rng.choice(SOURCES)}.example/news/{n}"
        return Article(
            url=url, canonical_url=url, source=url.split("/")[2].split(".")[0],
            title=self.text(6, 12).capitalize(), lead=self.text(20, 35).capitalize() + ".",
            body="\n".join(paragraphs), body_html="".join(f"<p>{p}</p>" for p in paragraphs),
            published_at=stamp, published_local=stamp, date_precision="minute", lang="ru",
            countries=sorted(rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2]))),
            fetched_at=stamp, story_id=story, title_layer="jsonld", date_layer="jsonld",
            body_layer="generic")


def fts_reference(corpus: Corpus, count: int = 3000) -> tuple[float, float]:
    """Documents per second that raw SQLite reaches on the same texts (same machine, same
    run): the rows alone, and the rows with an FTS5 index (external content, unicode61)."""
    docs = [corpus.article(n, count, "s") for n in range(count)]
    rates = []
    for with_fts in (False, True):
        folder = tempfile.mkdtemp()
        conn = sqlite3.connect(os.path.join(folder, "ref.db"))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title, lead, body, body_html)")
        if with_fts:
            conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, lead, body, content='t', "
                         "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        began = time.perf_counter()
        for start in range(0, count, 1000):
            with conn:
                for n, a in enumerate(docs[start:start + 1000], start=start + 1):
                    conn.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", (n, a.title, a.lead, a.body, a.body_html))
                    if with_fts:
                        conn.execute("INSERT INTO f (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
                                     (n, a.title, a.lead, a.body))
        rates.append(count / (time.perf_counter() - began))
        conn.close()
    return rates[0], rates[1]


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def fill(store: Store, corpus: Corpus, total: int, batch: int = 1000) -> list[tuple[int, float]]:
    """Insert ``total`` articles in batches, the full-text index left for one pass at the
    end; returns each batch's size and the seconds it spent in the store."""
    seconds, stories, next_story = [], [], 0
    for start in range(0, total, batch):
        articles = []
        for n in range(start, min(start + batch, total)):
            if stories and corpus.rng.random() < 0.3:  # a repost joins a recent story
                story = corpus.rng.choice(stories[-2000:])
            else:
                story, next_story = f"s{next_story}", next_story + 1
                stories.append(story)
            articles.append(corpus.article(n, total, story))
        began = time.perf_counter()
        store.upsert_articles(articles, index=False)
        store.refresh_stories({a.story_id for a in articles})
        seconds.append((len(articles), time.perf_counter() - began))
        if len(seconds) % 100 == 1:
            done = start + len(articles)
            print(f"  {done:>9,} articles, {done / sum(t for _, t in seconds):,.0f}/s, "
                  f"last batch {len(articles) / seconds[-1][1]:,.0f}/s", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--db", help="database path (default: a temporary file, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--queries-only", action="store_true",
                        help="measure the queries on an existing --db filled by an earlier run")
    args = parser.parse_args(argv)
    path = Path(args.db or Path(tempfile.mkdtemp()) / "bench.db")
    words = vocabulary()
    corpus = Corpus(words)
    print(f"vocabulary: {len(words):,} words; filling {path} with {args.n:,} articles")
    rows_only, rows_fts = fts_reference(Corpus(words, seed=11))
    sample = [corpus.article(n, 1000, "s") for n in range(200)]
    chars = sum(len(a.title) + len(a.lead) + len(a.body) for a in sample) / len(sample)
    print(f"article text: {chars:,.0f} characters on average (title + lead + body)")
    print(f"raw SQLite reference, same texts: {rows_only:,.0f} rows/s without FTS, "
          f"{rows_fts:,.0f} rows/s with FTS5")
    store = Store(path)
    if args.queries_only:
        args.n = store.count()
        spent = tail_rate = float("nan")
        print(f"{args.n:,} articles already stored; measuring queries only")
    else:
        batches = fill(store, corpus, args.n)
        spent = sum(t for _, t in batches)
        tail = batches[-max(1, len(batches) // 10):]  # the last tenth: the rate at full size
        tail_rate = sum(n for n, _ in tail) / sum(t for _, t in tail)
    began = time.perf_counter()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # what the background thread had left
    checkpoint_s = time.perf_counter() - began
    began = time.perf_counter()
    indexed = store.index_pending()
    index_s = time.perf_counter() - began
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(path)

    feed_times, fts_times, build_times = [], [], []
    rng = random.Random(1)
    for _ in range(200):
        country = rng.choice(COUNTRIES)
        began = time.perf_counter()
        latest_stories(store, country, 50)
        feed_times.append(time.perf_counter() - began)
    for _ in range(20):
        began = time.perf_counter()
        build_feed(store, rng.choice(COUNTRIES), "rss", 50)
        build_times.append(time.perf_counter() - began)
    # what people search for: names and topics, neither stop words nor hapaxes
    queries = [" ".join(rng.sample(words[300:30000], rng.choice([1, 1, 2]))) for _ in range(200)]
    for query in queries:
        began = time.perf_counter()
        search(store, query, limit=20)
        fts_times.append(time.perf_counter() - began)

    # one day of changes: that day's volume of new articles (a third join older stories)
    cursor = store.db.execute("SELECT max(revision) FROM stories").fetchone()[0]
    day = max(1, args.n // 365)
    changed = [corpus.article(args.n + i, args.n, f"s{rng.randrange(args.n // 2)}" if i % 3 == 0 else f"new{i}")
               for i in range(day)]
    store.upsert_articles(changed)
    store.refresh_stories({a.story_id for a in changed})
    began = time.perf_counter()
    exported, _ = export_stories(store, cursor)
    export_seconds = time.perf_counter() - began
    store.close()

    result = {
        "articles": args.n, "insert_per_s": args.n / spent, "insert_last_tenth_per_s": tail_rate,
        "index_per_s": indexed / index_s if indexed else float("nan"),
        "end_to_end_per_s": args.n / (spent + checkpoint_s + index_s), "raw_rows_per_s": rows_only,
        "raw_fts_rows_per_s": rows_fts, "text_chars": chars, "bytes_per_article": size / args.n,
        "db_gb": size / 1e9, "feed_query_ms": [x * 1000 for x in percentiles(feed_times)],
        "feed_document_ms": [x * 1000 for x in percentiles(build_times)],
        "fts_query_ms": [x * 1000 for x in percentiles(fts_times)],
        "day_changes": len(exported), "export_day_s": export_seconds,
    }
    print(f"\narticles:                 {args.n:,}")
    print(f"insert rate (batches of 1000, with story refresh): {result['insert_per_s']:,.0f} articles/s (goal >= 5,000)")
    print(f"  over the last tenth of the articles: {tail_rate:,.0f} articles/s")
    print(f"full-text indexing pass:  {indexed:,} articles in {index_s:.1f} s = {result['index_per_s']:,.0f}/s")
    print(f"end to end (insert, last checkpoint {checkpoint_s:.1f} s, indexing): "
          f"{result['end_to_end_per_s']:,.0f} articles/s")
    print(f"  raw SQLite on the same texts: {rows_only:,.0f}/s rows only, {rows_fts:,.0f}/s with FTS5")
    print(f"database size:            {result['db_gb']:.2f} GB, {result['bytes_per_article']:,.0f} bytes/article")
    print("per-country feed query:   p50 {:.1f} ms, p95 {:.1f} ms (goal p95 < 20 ms)".format(*result["feed_query_ms"]))
    print("  whole RSS document:     p50 {:.1f} ms, p95 {:.1f} ms".format(*result["feed_document_ms"]))
    print("FTS query (top 20):       p50 {:.1f} ms, p95 {:.1f} ms (goal p95 < 100 ms)".format(*result["fts_query_ms"]))
    print(f"export of one day's changes: {len(exported):,} stories in {export_seconds:.2f} s")
    if not args.keep and not args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return result


if __name__ == "__main__":
    main()
