"""The shipped story matcher on a fresh labelled set nobody tuned it on.

    python -m benchmarks.bench_stories_fresh --texts /work/scratch/stories_fresh
    python -m benchmarks.bench_stories_fresh --labels tests/data/story_labels_fresh2.jsonl \
        --texts /work/scratch/stories_fresh2

The set is a labels file, by default ``tests/data/story_labels_fresh.jsonl`` (``--labels``
names another of the same form, such as ``story_labels_fresh2.jsonl``; see
tests/data/README.md), joined by id to ``texts.jsonl`` in ``--texts`` (title and text,
kept outside the repository). Each record goes through the product's chain as ``evaluation.load_items``
takes the dev files (``article_from_record`` + ``process_article``, no fetch time, then
stamped ``FETCHED_AT``), and the whole set is matched from an empty window by:

- **enrich**: the shipped matcher as ``aggregator enrich`` runs it: every article
  ``StoryIndex.assign``-ed in arrival order, then the batch decided again
  (``recluster``, ``restory``) and the ids resolved, as ``enrich`` does for a batch of
  up to 500 records (this set is one batch); ``--check-enrich`` also runs
  ``aggregator.enrich.jsonl.enrich`` itself on the records (it stamps the fetch time
  "now") and prints whether it gives the same partition;
- **online**: the same index without the batch pass (each article's first decision);
- **old**: the hand-weighted ``ScoringPolicy`` on the same index;
- **tfidf**: ``evaluation.tfidf_baseline`` with its threshold chosen on the dev files
  (``load_items``), never on this set; it has no arrival order.

Each matcher is streamed in date order and three seeded shuffles (``evaluation.ordered``)
and the pairwise counts are pooled over the four. Figures only: no text is printed.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import time
from pathlib import Path

import numpy as np

from aggregator.stories.evaluation import (REALISTIC_ORDERS, Item, f1, load_items,
                                           ordered, pairwise_counts, pr, tfidf_baseline)
from aggregator.stories.extra_sets import FRESH_LABELS, labelled_records, load_labelled
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import next_doc, recluster, restory
from aggregator.stories.scoring import ScoringPolicy

LABELS = FRESH_LABELS
SYSTEMS = ("enrich", "online", "old", "tfidf")
#: a candidate model's enrich path, measured in the same run when ``--candidate`` is given
CANDIDATE: Path | None = None


def fresh_records(texts_dir: Path, labels: Path = LABELS) -> list[dict]:
    """The rows of ``labels`` with ``title`` and ``text`` joined from ``texts.jsonl`` by id."""
    return labelled_records(labels, texts_dir)


def load_fresh(records: list[dict]) -> list[Item]:
    """``records`` through the chain exactly as ``evaluation.load_items`` takes a dev row
    (``extra_sets.load_labelled``: ids, clusters and families prefixed "fresh:")."""
    return load_labelled(records, "fresh")


def _streamed(stream: list[Item], policy=None, batch: bool = False) -> list[str]:
    """Story ids of ``stream`` assigned into an empty window (copies: the index sets
    ``story_id``), re-clustered as one batch first when ``batch``, resolved."""
    index = StoryIndex(policy=policy)
    since = next_doc(index)
    articles = [copy.copy(it.article) for it in stream]
    for article in articles:
        index.assign(article)
    if batch:
        restory(articles, recluster(index, since))
    return [index.resolve(a.story_id) for a in articles]


def enrich_partition(records: list[dict], stream: list[Item]) -> list[str]:
    """Story ids ``aggregator.enrich.jsonl.enrich`` writes for ``stream``'s records, in
    that order (no fetch time given: enrich stamps the present moment)."""
    from aggregator.enrich.jsonl import enrich
    from aggregator.sources.registry import load_registry

    by_id = {f"fresh:{r['id']}": r for r in records}
    lines = [json.dumps({k: by_id[it.id][k] for k in ("url", "title", "text", "date")},
                        ensure_ascii=False) for it in stream]
    out = io.StringIO()
    enrich(lines, out, load_registry(), StoryIndex())
    return [json.loads(line)["story_id"] for line in out.getvalue().splitlines()]


def same_partition(a: list[str], b: list[str]) -> bool:
    n = len(a)
    return all((a[i] == a[j]) == (b[i] == b[j]) for i in range(n) for j in range(i + 1, n))


def masks(stream: list[Item], kinds: dict[str, str]) -> dict:
    """The pair subsets reported. The kinds split pairs by their articles, so precision
    and recall are measured on the same pairs: a repost among the two, or neither."""
    langs = [it.lang for it in stream]
    repost = [kinds[it.id] == "repost" for it in stream]
    return {
        "all": None,
        "ru-only": lambda i, j: langs[i] == "ru" and langs[j] == "ru",
        "cross-language": lambda i, j: langs[i] != langs[j],
        "non-ru involved": lambda i, j: langs[i] != "ru" or langs[j] != "ru",
        "repost involved": lambda i, j: repost[i] or repost[j],
        "rewrites only": lambda i, j: not (repost[i] or repost[j]),
        # no pair here is a true one: its predicted pairs are two families merged
        "other family": lambda i, j: stream[i].family != stream[j].family,
    }


def measure(items: list[Item], records: list[dict], dev: list[Item],
            check_enrich: bool) -> dict:
    """Pairwise counts ``totals[(system, order, mask)]`` over the realistic orders."""
    kinds = {f"fresh:{r['id']}": r["kind"] for r in records}
    totals: dict = {}

    def add(system: str, order: str, stream: list[Item], labels: list[str]) -> None:
        truth = [it.cluster for it in stream]
        for name, mask in masks(stream, kinds).items():
            totals[(system, order, name)] = np.array(pairwise_counts(truth, labels, mask))

    for order in REALISTIC_ORDERS:
        stream = ordered(items, order)
        started = time.process_time()
        add("enrich", order, stream, _streamed(stream, batch=True))
        add("online", order, stream, _streamed(stream))
        add("old", order, stream, _streamed(stream, ScoringPolicy()))
        if CANDIDATE is not None:
            add("candidate", order, stream,
                _streamed(stream, FittedPolicy(StoryModel.load(CANDIDATE)), batch=True))
        print(f"{order}: matched in {time.process_time() - started:.1f} s CPU")
        if check_enrich:
            same = same_partition(enrich_partition(records, stream),
                                  _streamed(stream, batch=True))
            print(f"{order}: aggregator.enrich.jsonl.enrich gives "
                  f"{'the same partition' if same else 'a DIFFERENT partition'}")
    labels, threshold = tfidf_baseline(dev, items)
    print(f"tfidf: threshold {threshold} (best F1 on the {len(dev)} dev articles)")
    for order in REALISTIC_ORDERS:  # order-free: the same counts in every order
        add("tfidf", order, items, labels)
    return totals


def pooled(totals: dict, system: str, mask: str = "all") -> np.ndarray:
    return sum((totals[(system, o, mask)] for o in REALISTIC_ORDERS), np.zeros(3))


def report(totals: dict, items: list[Item]) -> None:
    systems = SYSTEMS + (("candidate",) if CANDIDATE is not None else ())
    sizes = {}
    for it in items:
        sizes[it.cluster] = sizes.get(it.cluster, 0) + 1
    print(f"\n{len(items)} articles, {len({it.family for it in items})} families, "
          f"{sum(1 for n in sizes.values() if n > 1)} stories of 2+ articles, "
          f"{int(pooled(totals, 'enrich')[2]) // len(REALISTIC_ORDERS)} same-story pairs")
    print("\n| system | " + " | ".join(REALISTIC_ORDERS) + " | pooled P / R (F1) |")
    print("|---|" + "---|" * (len(REALISTIC_ORDERS) + 1))
    for system in systems:
        cells = ["{:.3f} / {:.3f}".format(*pr(*totals[(system, o, "all")]))
                 for o in REALISTIC_ORDERS]
        p, r = pr(*pooled(totals, system))
        print(f"| {system} | " + " | ".join(cells) + f" | {p:.3f} / {r:.3f} ({f1(p, r):.3f}) |")
    subsets = ("all", "ru-only", "cross-language", "non-ru involved", "repost involved",
               "rewrites only")
    print("\n| pairs, 4 orders pooled (same-story pairs per order) | "
          + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    for mask in subsets:
        n = int(pooled(totals, "enrich", mask)[2]) // len(REALISTIC_ORDERS)
        cells = ["{:.3f} / {:.3f}".format(*pr(*pooled(totals, s, mask))) for s in systems]
        print(f"| {mask} ({n}) | " + " | ".join(cells) + " |")
    print("\npairs of two different families joined, per order (mean): " + ", ".join(
        f"{s} {pooled(totals, s, 'other family')[1] / len(REALISTIC_ORDERS):.1f}"
        for s in systems))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=LABELS,
                    help="the labels file (default: the session-9 fresh set)")
    ap.add_argument("--texts", type=Path, required=True,
                    help="the folder holding texts.jsonl (id, url, title, text)")
    ap.add_argument("--check-enrich", action="store_true",
                    help="also run aggregator.enrich.jsonl.enrich and compare partitions")
    ap.add_argument("--candidate", type=Path, default=None,
                    help="a candidate model file, its enrich path measured beside the shipped")
    args = ap.parse_args(argv)
    global CANDIDATE
    CANDIDATE = args.candidate
    records = fresh_records(args.texts, args.labels)
    print(f"labels: {args.labels} (texts: {args.texts})")
    items = load_fresh(records)
    dev = load_items()
    totals = measure(items, records, dev, args.check_enrich)
    report(totals, items)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
