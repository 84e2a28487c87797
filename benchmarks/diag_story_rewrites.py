"""Why the fitted matcher leaves same-language rewrites of one story apart (issue 17).

    python -m benchmarks.diag_story_rewrites --fresh2 /work/scratch/stories_fresh2
    python -m benchmarks.diag_story_rewrites --dev
    python -m benchmarks.diag_story_rewrites --labels tests/data/story_labels_fresh3.jsonl \
        --texts /work/scratch/stories_fresh3

Each same-story pair of two articles in one language that the enrich path (online
stream, then the batch re-clustered) leaves apart is given one cause, from the batch
pass's own pieces (its neighbour search and its pair scorer, on the index as the batch
pass sees it):

- **cannot-link**: a day conflict (or no evidence) vetoes the pair;
- **pair passes, split**: the pair reaches the batch threshold but complete linkage kept
  the two groups apart (some other cross pair is weak);
- **weak pair, story linked**: the pair is under the threshold but the two are joined
  through other same-story articles by pairs that pass (a story-level view could join);
- **weak pair, alone**: under the threshold and not linked through the story;
- **never compared**: not in each other's batch neighbours and not linked otherwise.

For each cause: how many of the pairs the old hand-weighted policy joins, the mean of
the evidence features, and the probability of the article against the union of the rest
of its true story (feature-wise max over those members' rows: the story as a whole).

fresh2: one batch from an empty window under the shipped model. dev: per fold of ``fit``,
a model fitted on the other folds (shipped thresholds, no inner CV), the fold streamed
into the seeded window. Four realistic orders. Counts only: no text is printed.
"""

from __future__ import annotations

import argparse
import copy
from collections import defaultdict
from pathlib import Path

import numpy as np

from aggregator.stories import record as records
from aggregator.stories.evaluation import REALISTIC_ORDERS, assign_folds, load_items, ordered
from aggregator.stories.fit import _copy, fit_model, seeded_index
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import PAIR_FEATURES
from aggregator.stories.query import url_key
from aggregator.stories.recluster import (_neighbours_of_batch, _Scorer, _WindowIdf, next_doc,
                                          recluster)
from aggregator.stories.scoring import ScoringPolicy

SHOWN = ("cos_lemmas", "head_overlap", "names_idf", "names_rare", "figures", "date_shared",
         "day_same", "day_unknown", "shingles")


def _key(it) -> str:
    return url_key(it.article.canonical_url or it.article.url)


def _docs_by_key(index: StoryIndex) -> dict[str, int]:
    return {records.url_hash_of(b): d for d, b in index.docs.items()}


def _final(index: StoryIndex, docs: list[int]) -> list[int]:
    return [index.clusters.root(records.story_of(index.docs[d])) for d in docs]


def diagnose(seeded: StoryIndex | None, model: StoryModel, stream: list, out: dict) -> None:
    """Add the causes of ``stream``'s missed same-language pairs to ``out``."""
    policy = FittedPolicy(model)
    index = StoryIndex(policy=policy) if seeded is None else _copy(seeded, policy)
    since = next_doc(index)
    for it in stream:
        index.assign(copy.copy(it.article))
    by_key = _docs_by_key(index)
    docs = [by_key[_key(it)] for it in stream]
    online = _final(index, docs)
    before = copy.deepcopy(index)
    recluster(index, since)
    batch = _final(index, docs)
    old_index = (StoryIndex(policy=ScoringPolicy()) if seeded is None
                 else _copy(seeded, ScoringPolicy()))
    for it in stream:
        old_index.assign(copy.copy(it.article))
    old_keys = _docs_by_key(old_index)
    old = [old_index.clusters.root(records.story_of(old_index.docs[old_keys[_key(it)]]))
           for it in stream]
    # the batch pass's pieces on the index it saw
    idf_of = _WindowIdf(before)
    batch_docs = sorted(d for d in before.docs if d >= since)
    neighbours = _neighbours_of_batch(before, batch_docs, idf_of)
    scorer = _Scorer(before, FittedPolicy(model), idf_of, neighbours)
    threshold = model.recluster_threshold or model.threshold
    n = len(stream)
    prob = {}
    for i in range(n):
        for j in range(i + 1, n):
            if stream[i].cluster == stream[j].cluster:
                prob[(i, j)] = scorer.probability(docs[i], docs[j])
    # same-story articles linked by passing pairs (the story's own graph)
    parent = list(range(n))

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for (i, j), p in prob.items():
        if p is not None and p >= threshold:
            parent[root(i)] = root(j)
    compared = {(a, b) for a, ns in neighbours.items() for b in ns}
    for (i, j), p in prob.items():
        if stream[i].lang != stream[j].lang:
            continue
        lang = "ru" if stream[i].lang == "ru" else "other"
        out["pairs", lang] += 1
        joined, old_joined = batch[i] == batch[j], old[i] == old[j]
        out["enrich joins", lang] += joined
        out["old joins", lang] += old_joined
        out["online joins", lang] += online[i] == online[j]
        if joined:
            continue
        near = (docs[i], docs[j]) in compared or (docs[j], docs[i]) in compared
        if p is None:
            cause = "cannot-link or no evidence"
        elif p >= threshold:
            cause = "pair passes, split by linkage" if near else "pair passes, never compared"
        elif root(i) == root(j):
            cause = "weak pair, story linked"
        else:
            cause = "weak pair, alone" if near else "weak pair, never compared"
        if cause.startswith(("pair passes, split", "weak pair, story")):
            # the groups the two ended in: only their own story's articles, or others too
            mixed = any(stream[k].cluster != stream[i].cluster
                        for k in range(n) if batch[k] in (batch[i], batch[j]))
            out["mixed groups", cause, lang] += mixed
        out["missed", cause, lang] += 1
        out["missed old joins", cause, lang] += old_joined
        out["missed online joined", cause, lang] += online[i] == online[j]
        if p is not None:
            x = np.array(_row(scorer, docs[i], docs[j]))
            out.setdefault(("features", cause), []).append(x)
            # the later article against the rest of its true story, feature-wise max
            rest = [docs[k] for k in range(n) if stream[k].cluster == stream[i].cluster
                    and k != j and scorer.probability(docs[k], docs[j]) is not None]
            if len(rest) > 1:
                rows = np.array([_row(scorer, d, docs[j]) for d in rest])
                union = float(model.probability(rows.max(axis=0)))
                out["union tried", cause, lang] += 1
                out["union passes", cause, lang] += union >= threshold


def _row(scorer: _Scorer, a: int, b: int) -> list[float]:
    """The pair's feature row as the scorer computes it (later against earlier)."""
    from array import array

    from aggregator.stories.minhash import jaccard
    from aggregator.stories.pairs import pair_features
    lo, hi = min(a, b), max(a, b)
    earlier, later = scorer.keys(lo), scorer.keys(hi)
    sim = jaccard(array("I", later[3]), earlier[3])
    return pair_features(later[0], later[1], scorer.rare, earlier[2], sim)


def report(out: dict, title: str) -> None:
    print(f"\n## {title}")
    for lang in ("ru", "other"):
        pairs = out["pairs", lang]
        if not pairs:
            continue
        print(f"\n{lang}: {pairs} same-story pair-orders; enrich joins {out['enrich joins', lang]}, "
              f"online {out['online joins', lang]}, old {out['old joins', lang]}")
        print("| cause | missed | old joins them | online had joined | union of the story "
              "passes (of tried) | a group holds another story's article |")
        print("|---|---|---|---|---|---|")
        causes = sorted({k[1] for k in out if k[0] == "missed" and k[2] == lang})
        for c in causes:
            print(f"| {c} | {out['missed', c, lang]} | {out['missed old joins', c, lang]} | "
                  f"{out['missed online joined', c, lang]} | {out['union passes', c, lang]} "
                  f"({out['union tried', c, lang]}) | {out['mixed groups', c, lang]} |")
    idx = [PAIR_FEATURES.index(f) for f in SHOWN]
    print("\nmean features of the missed pairs (both languages): | cause | n | "
          + " | ".join(SHOWN) + " |")
    for key, rows in sorted((k, v) for k, v in out.items() if k[0] == "features"):
        m = np.array(rows)[:, idx].mean(axis=0)
        print(f"| {key[1]} | {len(rows)} | " + " | ".join(f"{v:.2f}" for v in m) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fresh2", type=Path, help="the folder of fresh2's texts.jsonl")
    ap.add_argument("--labels", type=Path, help="another labelled set (with --texts)")
    ap.add_argument("--texts", type=Path, help="the folder of --labels' texts.jsonl")
    ap.add_argument("--dev", action="store_true")
    args = ap.parse_args(argv)
    sets = []
    if args.fresh2:
        sets.append((Path("tests/data/story_labels_fresh2.jsonl"), args.fresh2))
    if args.labels or args.texts:
        if not (args.labels and args.texts):
            ap.error("--labels and --texts go together")
        sets.append((args.labels, args.texts))
    for labels, texts in sets:
        from benchmarks.bench_stories_fresh import fresh_records, load_fresh
        items = load_fresh(fresh_records(texts, labels))
        out: dict = defaultdict(int)
        model = StoryModel.load()
        for order in REALISTIC_ORDERS:
            diagnose(None, model, ordered(items, order), out)
        report(out, f"{labels.stem}, shipped model, one batch from an empty window")
    if args.dev:
        items = load_items()
        fold_of = assign_folds(items)
        shipped = StoryModel.load()
        out = defaultdict(int)
        for f in sorted(set(fold_of.values())):
            train = [it for it in items if fold_of[it.family] != f]
            val = [it for it in items if fold_of[it.family] == f]
            seeded, x, y = seeded_index(train)
            model = fit_model(x, y, shipped.threshold, shipped.feature_names)
            model.recluster_threshold = shipped.recluster_threshold
            for order in REALISTIC_ORDERS:
                diagnose(seeded, model, ordered(val, order), out)
        report(out, "dev, per fold a model fitted without it (shipped thresholds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
