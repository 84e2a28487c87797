"""Every error of the enrich path on a labelled story set, with the evidence at hand (issue 17).

    python -m benchmarks.diag_story_errors --labels tests/data/story_labels_fresh3.jsonl \
        --texts /work/scratch/stories_fresh3 [--list]

The shipped matcher, an empty window, the realistic orders; each order streamed online,
then re-clustered as one batch (``bench_stories_fresh``'s enrich path). Every false pair
(joined, two stories) and every missed pair (one story, left apart) is counted per order
and given the first cause that fits, from the batch pass's own pieces (its neighbour search
and its pair scorer on the index it saw) and from the articles' dates and titles:

missed pairs
- **cross-language, never compared**: not in each other's batch neighbours;
- **cross-language, compared and rejected**: compared, under the batch threshold (or vetoed);
- **cannot-link by the day**: the scorer vetoes the pair (two explicit days too far apart);
- **linkage blocked by a false join**: the pair passes, but one of the two groups holds an
  article of another story (an earlier false join), so complete linkage keeps them apart;
- **linkage split, story weak elsewhere**: the pair passes, the groups are clean, some other
  cross pair of the two groups is weak;
- **undated partner**: under the threshold or never compared, and one article has no day;
- **little shared wording / empty title**: under the threshold or never compared, both dated.

false pairs
- **sibling sharing people**: same family (a next or earlier stage), shared rare names;
- **sibling, no shared people**: same family, no shared rare name;
- **two families**: different families.

Beside each cause: the pairs with an undated side, with a year-less day on either side
(``date_precision`` "month-day") and with an empty title on either side. ``--list`` prints each pair: ids,
family, stories, languages, probability, days (no text). Counts are per order (mean).
"""

from __future__ import annotations

import argparse
import copy
from collections import Counter, defaultdict
from pathlib import Path

from aggregator.stories.evaluation import REALISTIC_ORDERS, ordered
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import PAIR_FEATURES
from aggregator.stories.recluster import (_neighbours_of_batch, _Scorer, _WindowIdf, next_doc,
                                          recluster)
from benchmarks.diag_story_rewrites import _docs_by_key, _final, _key, _row

MISSED = ("cross-language, never compared", "cross-language, compared and rejected",
          "cannot-link by the day", "linkage blocked by a false join",
          "linkage split, story weak elsewhere", "undated partner",
          "little shared wording / empty title")
FALSE = ("sibling sharing people", "sibling, no shared people", "two families")
NAMES_RARE = PAIR_FEATURES.index("names_rare")


def _day(it) -> str:
    """The article's day as read (local day first), "" when undated."""
    return (it.article.published_local or it.article.published_at or "")[:10]


def errors(model: StoryModel, stream: list) -> list[tuple]:
    """(kind, cause, i, j, probability) of every error of one order's enrich path."""
    index = StoryIndex(policy=FittedPolicy(model))
    since = next_doc(index)
    for it in stream:
        index.assign(copy.copy(it.article))
    by_key = _docs_by_key(index)
    docs = [by_key[_key(it)] for it in stream]
    before = copy.deepcopy(index)
    recluster(index, since)
    final = _final(index, docs)
    idf_of = _WindowIdf(before)
    neighbours = _neighbours_of_batch(before, sorted(d for d in before.docs if d >= since),
                                      idf_of)
    scorer = _Scorer(before, FittedPolicy(model), idf_of, neighbours)
    compared = {(a, b) for a, ns in neighbours.items() for b in ns}
    threshold = model.recluster_threshold or model.threshold
    out = []
    n = len(stream)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = stream[i], stream[j]
            same, joined = a.cluster == b.cluster, final[i] == final[j]
            if same == joined:
                continue
            p = scorer.probability(docs[i], docs[j])
            if joined:
                if a.family != b.family:
                    cause = FALSE[2]
                else:
                    rare = p is not None and _row(scorer, docs[i], docs[j])[NAMES_RARE] > 0
                    cause = FALSE[0] if rare else FALSE[1]
                out.append(("false", cause, i, j, p))
                continue
            near = (docs[i], docs[j]) in compared or (docs[j], docs[i]) in compared
            passes = p is not None and p >= threshold
            if a.lang != b.lang and not passes:
                cause = MISSED[1] if near else MISSED[0]
            elif p is None and _day(a) and _day(b):
                cause = MISSED[2]
            elif passes:
                mixed = any(stream[k].cluster != a.cluster
                            for k in range(n) if final[k] in (final[i], final[j]))
                cause = MISSED[3] if mixed else MISSED[4]
            elif not (_day(a) and _day(b)):
                cause = MISSED[5]
            else:
                cause = MISSED[6]
            out.append(("missed", cause, i, j, p))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument("--texts", type=Path, required=True, help="the folder of texts.jsonl")
    ap.add_argument("--list", action="store_true", help="print every pair (ids, no text)")
    args = ap.parse_args(argv)
    from benchmarks.bench_stories_fresh import fresh_records, load_fresh
    items = load_fresh(fresh_records(args.texts, args.labels))
    model = StoryModel.load()
    count, families, yearless, untitled = Counter(), defaultdict(set), Counter(), Counter()
    undated = Counter()
    pairs: dict = defaultdict(list)
    for order in REALISTIC_ORDERS:
        stream = ordered(items, order)
        for kind, cause, i, j, p in errors(model, stream):
            a, b = sorted((stream[i], stream[j]), key=lambda it: it.id)
            count[kind, cause] += 1
            families[kind, cause].add(a.family)
            families[kind, cause].add(b.family)
            yearless[kind, cause] += "month-day" in (a.article.date_precision,
                                                     b.article.date_precision)
            untitled[kind, cause] += not (a.article.title and b.article.title)
            undated[kind, cause] += not (_day(a) and _day(b))
            pairs[kind, cause, a.id, b.id].append((order, p))
    k = len(REALISTIC_ORDERS)
    print(f"{len(items)} articles; per order (mean of {k}): pairs | distinct pairs | "
          "families | an undated side | a year-less day | an empty title")
    print("| error | cause | pairs per order | distinct pairs | families | undated side | "
          "year-less day | empty title |")
    print("|---|---|---|---|---|---|---|---|")
    for kind, causes in (("missed", MISSED), ("false", FALSE)):
        for cause in causes:
            distinct = sum(1 for key in pairs if key[:2] == (kind, cause))
            print(f"| {kind} | {cause} | {count[kind, cause] / k:.1f} | {distinct} | "
                  f"{len(families[kind, cause])} | {undated[kind, cause] / k:.1f} | "
                  f"{yearless[kind, cause] / k:.1f} | "
                  f"{untitled[kind, cause] / k:.1f} |")
        total = sum(count[kind, c] for c in causes)
        print(f"| {kind} | all | {total / k:.1f} | "
              f"{sum(1 for key in pairs if key[0] == kind)} | "
              f"{len(set().union(*(families[kind, c] for c in causes)))} | | | |")
    if args.list:
        by_id = {it.id: it for it in items}
        for (kind, cause, x, y), seen in sorted(pairs.items()):
            a, b = by_id[x], by_id[y]
            probs = ",".join("-" if p is None else f"{p:.2f}" for _, p in seen)
            print(f"{kind} | {cause} | {x} {a.cluster} {a.lang} {_day(a) or '?'} "
                  f"{a.article.date_precision} | {y} {b.cluster} {b.lang} {_day(b) or '?'} "
                  f"{b.article.date_precision} | orders {len(seen)} | p {probs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
