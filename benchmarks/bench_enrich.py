"""Benchmark: the whole `aggregator enrich` chain, articles per second per core.

Run from the repository root:

    python -m benchmarks.bench_enrich [--n 10000] [--profile]

The corpus is built from the labelled dev texts in ``../shared/eval/dev`` (stories,
dedup and countries excerpts, cut to about 760 characters each, as the issue's corpus
is) with a date string each from ``dates.jsonl``; ``--n`` records cycle through them
with a varying suffix in the URL, so every record is a new article. Every default step
runs: dates, language, countries, canonical URL, stories, JSON in and out
(``aggregator.enrich.jsonl.enrich`` in this process, output to a throwaway buffer).

Rates are articles per CPU-second of this one process (``time.process_time``): per core,
as the issue counts them. The same-run baseline is the naive chain the issue names: ``dateparser.parse`` for the
date and ``langdetect`` for the language, over the same records, JSON in and out.
``--profile`` prints the top of a cProfile run of our chain; ``--steps`` the CPU time of
each step (and of the story matcher, the story re-clustering, JSON in and out, the record
made into an Article) per article, each timed around its call.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def corpus(n: int) -> list[str]:
    """``n`` JSON lines: a dev text (~760 characters), a title, a date string, a URL."""
    texts, dates = [], []
    for name in ("stories.jsonl", "dedup.jsonl", "countries.jsonl"):
        for line in (EVAL / name).open(encoding="utf-8"):
            row = json.loads(line)
            if row.get("text"):
                texts.append((row.get("title") or "", row["text"][:760], row.get("site") or "x.kz"))
    for line in (EVAL / "dates.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("expected"):
            dates.append((row["text"], row["tz"], row["now"]))
    lines = []
    for i in range(n):
        title, text, site = texts[i % len(texts)]
        date, tz, now = dates[i % len(dates)]
        lines.append(json.dumps({"url": f"https://{site}/news/{i}", "title": title, "text": text,
                                 "date": date, "tz": tz, "fetched_at": now}, ensure_ascii=False))
    return lines


def ours(lines: list[str]) -> None:
    from aggregator.enrich.jsonl import enrich

    enrich(lines, io.StringIO(), {})


def ours_without_entities(lines: list[str]) -> None:
    """The same chain with the entities step left out (its cost, in the same run)."""
    from aggregator.enrich import steps

    saved = steps.STEPS
    steps.STEPS = tuple(step for step in saved if step is not steps.entities)
    try:
        ours(lines)
    finally:
        steps.STEPS = saved


def naive(lines: list[str]) -> None:
    """dateparser + langdetect over the same records, JSON in and out."""
    import dateparser
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    out = io.StringIO()
    for line in lines:
        record = json.loads(line)
        when = dateparser.parse(record["date"], settings={"TIMEZONE": record["tz"],
                                                          "RETURN_AS_TIMEZONE_AWARE": True})
        try:
            lang = detect(record["text"])
        except LangDetectException:
            lang = None
        record.update(published_at=when.isoformat() if when else None, lang=lang)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def rate(func, lines: list[str]) -> float:
    """Articles per second of this process's CPU time: per core, and much less disturbed
    by other work on the machine than wall time."""
    began = time.process_time()
    func(lines)
    return len(lines) / (time.process_time() - began)


def step_times(lines: list[str]) -> None:
    """Our chain over ``lines`` with each step timed (``time.process_time`` around it)."""
    from aggregator.enrich import jsonl, steps
    from aggregator.stories.index import StoryIndex

    spent: dict[str, float] = {}

    def timed(name, func):
        def call(*args, **kwargs):
            began = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - began
        return call

    # the story matcher: ``assign``, and ``prepare`` (a group's features and evidence,
    # computed ahead of ``assign``) where the index has it
    prepare = getattr(StoryIndex, "prepare", None)
    saved = steps.STEPS, jsonl.parse_line, StoryIndex.assign
    # "the rest" in parts: the batch re-clustering (aggregator.stories, run by ``enrich``
    # every batch), the JSON out and the record made into an Article
    parts = {"recluster": "story re-clustering", "_to_json": "JSON out",
             "article_from_record": "record -> Article"}
    saved_parts = {name: getattr(jsonl, name) for name in parts if hasattr(jsonl, name)}
    steps.STEPS = tuple(timed(step.__name__, step) for step in saved[0])
    jsonl.parse_line = timed("JSON in (parse_line)", saved[1])
    StoryIndex.assign = timed("story matcher", saved[2])
    if prepare is not None:
        StoryIndex.prepare = timed("story matcher", prepare)
    for name, func in saved_parts.items():
        setattr(jsonl, name, timed(parts[name], func))
    try:
        began = time.process_time()
        ours(lines)
        total = time.process_time() - began
    finally:
        steps.STEPS, jsonl.parse_line, StoryIndex.assign = saved
        if prepare is not None:
            StoryIndex.prepare = prepare
        for name, func in saved_parts.items():
            setattr(jsonl, name, func)
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {seconds / len(lines) * 1e3:.3f} ms")
    print(f"  {'the rest':24s} {(total - sum(spent.values())) / len(lines) * 1e3:.3f} ms")
    print(f"  {'total':24s} {total / len(lines) * 1e3:.3f} ms an article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="records (default 10,000)")
    parser.add_argument("--baseline-n", type=int, default=2_000,
                        help="records for the slow naive baseline (default 2,000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of our chain")
    parser.add_argument("--steps", action="store_true", help="print each step's CPU time")
    args = parser.parse_args()
    lines = corpus(args.n)
    mean = sum(len(json.loads(x)["text"]) for x in lines[:2000]) / min(2000, len(lines))
    print(f"{len(lines):,} records, {mean:.0f} characters of text on average")
    ours(corpus(200))  # warm caches and imports, as a running crawl has them
    ours_rate = rate(ours, lines)
    without = rate(ours_without_entities, lines)
    naive_rate = rate(naive, lines[: args.baseline_n])
    print(f"our chain (every default step, stories included): {ours_rate:,.0f} articles/s")
    print(f"our chain without the entities step:              {without:,.0f} articles/s")
    print(f"naive dateparser + langdetect chain:              {naive_rate:,.0f} articles/s")
    print(f"speedup: x{ours_rate / naive_rate:.2f}")
    if args.steps:
        print("CPU time per article, by step:")
        step_times(lines)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(ours, lines[: min(3000, len(lines))])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
