"""Fit the story matcher and measure it on topic families it never saw.

    python -m aggregator.stories.fit              # CV of new / old / TF-IDF, then refit on
                                                  # all and write aggregator/data/story_model.json
    python -m aggregator.stories.fit --no-write   # the CV only

Protocol (nothing is chosen on a validation fold):

- the articles of ``evaluation.FILES`` go through the product's chain; families are
  assigned to 5 folds (``evaluation.assign_folds``);
- **training pairs** are what the product would judge: the training articles are
  streamed (file order) through a ``StoryIndex`` whose policy knows the true stories
  (``OraclePolicy``), so every (new article, member of a candidate story) the index hands
  its policy becomes one row of ``pairs.FEATURE_NAMES``, labelled same story or not; the
  logistic weights are fitted on them (``fitted.fit_logistic``);
- **the thresholds** are chosen by an inner CV over the training folds only: fit on
  three, stream the fourth, pool the pairwise counts per grid value, take the best F1:
  ``threshold`` for the online join (the fourth streamed in file order) and
  ``recluster_threshold`` for the batch decided again (the fourth streamed as one batch
  and re-clustered, ``aggregator.stories.recluster``: what the product stores);
- **the validation fold** is streamed (file order, one mixed stream of its families)
  into that same index, which already holds the training articles in their true
  stories (a window of other stories, as in production), and pairwise P/R is counted over
  the validation articles' final story ids: ``new`` as they joined online, ``batch`` once
  the fold is re-clustered as one batch (as ``aggregator enrich`` and the crawl store
  it). File order is kind to the online join (each story's articles are contiguous in
  the files); the re-clustered figure does not depend on the order (story lab round 3);
- **the old matcher** (``ScoringPolicy``) and **plain TF-IDF** run on the same folds in
  the same run: the old one on the same seeded index, TF-IDF with its threshold chosen on
  the training folds.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import sys
import time
from collections import Counter, defaultdict

import numpy as np

from aggregator.stories.evaluation import (FILES, N_FOLDS, Item, assign_folds, f1, load_items,
                                           masks, pairwise_counts, pr, tfidf_baseline)
from aggregator.stories.fitted import FittedPolicy, StoryModel, fit_logistic
from aggregator.stories.index import StoryIndex
from aggregator.stories.clusters import Stories
from aggregator.stories.pairs import CANNOT_LINK_DAYS, FEATURE_NAMES
from aggregator.stories import record
from aggregator.stories.query import url_key
from aggregator.stories.recluster import next_doc, recluster
from aggregator.stories.record import url_hash_of
from aggregator.stories.scoring import ScoringPolicy

GRID = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 .. 0.95


class OraclePolicy(FittedPolicy):
    """Joins the true story and records the feature rows of every member it is shown:
    the training pairs, drawn as the index draws them."""

    def __init__(self, truth: dict[int, str]):
        super().__init__(StoryModel(FEATURE_NAMES, np.zeros(len(FEATURE_NAMES)), 0.0, 0.5),
                         cannot_link_days=10**6)  # every pair a row; the gate is not fitted
        self.truth = truth
        self.x: list[np.ndarray] = []
        self.y: list[float] = []

    def story_score(self, q, records_: list[bytes]) -> float:
        mine = self.truth.get(q.url)
        x = self.rows(q, records_)
        labels = [self.truth.get(url_hash_of(b)) == mine for b in records_]
        if x is not None:
            self.x.extend(x)
            self.y.extend(map(float, labels))  # all records have evidence here
        return 1.0 if labels and all(labels) else 0.0


def _assign(index: StoryIndex, article) -> str:
    return index.assign(copy.copy(article))  # the index sets story_id on the copy


def seeded_index(train: list[Item]) -> tuple[StoryIndex, np.ndarray, np.ndarray]:
    """The training articles streamed in their true stories, and the training rows."""
    truth = {url_key(it.article.canonical_url or it.article.url): it.cluster for it in train}
    oracle = OraclePolicy(truth)
    index = StoryIndex(policy=oracle)
    for it in train:
        _assign(index, it.article)
    return index, np.array(oracle.x), np.array(oracle.y)


def fit_model(x: np.ndarray, y: np.ndarray, threshold: float = 0.5) -> StoryModel:
    w, b = fit_logistic(x, y)
    return StoryModel(FEATURE_NAMES, w, b, threshold)


def _copy(seeded: StoryIndex, policy) -> StoryIndex:
    """A copy of the seeded window that decides by ``policy`` (not the oracle's rows)."""
    oracle, seeded.policy = seeded.policy, None
    try:
        index = copy.deepcopy(seeded)
    finally:
        seeded.policy = oracle
    index.use_policy(policy)
    return index


def stream(seeded: StoryIndex, policy, items: list[Item]) -> list[str]:
    """Story ids of ``items`` streamed into a copy of ``seeded`` under ``policy``."""
    index = _copy(seeded, policy)
    ids = [_assign(index, it.article) for it in items]
    return [index.resolve(s) for s in ids]


def reclustered(seeded: StoryIndex, policy, items: list[Item],
                thresholds: list[float | None]) -> list[list[str]]:
    """Story ids of ``items`` streamed into a copy of ``seeded`` as one batch and then
    re-clustered (``recluster``) at each of ``thresholds`` (None: the model's)."""
    index = _copy(seeded, policy)
    since = next_doc(index)
    for it in items:
        _assign(index, it.article)
    out = []
    for threshold in thresholds:
        batch = copy.deepcopy(index)
        recluster(batch, since, threshold)
        story = {record.url_hash_of(b): batch.clusters.root(record.story_of(b))
                 for b in batch.docs.values()}
        out.append([batch.clusters.id(story[url_key(it.article.canonical_url
                                                    or it.article.url)]) for it in items])
    return out


def choose_thresholds(train: list[Item], fold_of: dict[str, int]) -> tuple[float, float]:
    """Inner CV over the training folds: the grid values with the best pooled F1 of the
    online stream (file order) and of the batch re-clustered."""
    counts = {t: np.zeros(3) for t in GRID}
    batch_counts = {t: np.zeros(3) for t in GRID}
    for f in sorted({fold_of[it.family] for it in train}):
        inner_train = [it for it in train if fold_of[it.family] != f]
        inner_val = [it for it in train if fold_of[it.family] == f]
        seeded, x, y = seeded_index(inner_train)
        model = fit_model(x, y)
        truth = [it.cluster for it in inner_val]
        for t in GRID:
            counts[t] += pairwise_counts(truth, stream(seeded, FittedPolicy(model, t), inner_val))
        for t, labels in zip(GRID, reclustered(seeded, FittedPolicy(model), inner_val, GRID)):
            batch_counts[t] += pairwise_counts(truth, labels)
    return tuple(max(GRID, key=lambda t: (f1(*pr(*c[t])), t)) for c in (counts, batch_counts))


def fit_folds(items: list[Item], fold_of: dict[str, int],
              validation_fold: int) -> tuple[StoryModel, StoryIndex, list[Item]]:
    """The model fitted without ``validation_fold`` (weights and thresholds), the index
    seeded with the training articles, and the validation articles."""
    train = [it for it in items if fold_of[it.family] != validation_fold]
    val = [it for it in items if fold_of[it.family] == validation_fold]
    threshold, batch_threshold = choose_thresholds(train, fold_of)
    seeded, x, y = seeded_index(train)
    model = fit_model(x, y, threshold)
    model.recluster_threshold = batch_threshold
    return model, seeded, val


def candidate_recall(seeded: StoryIndex, policy, val: list[Item]) -> np.ndarray:
    """Of the (article, earlier same-story article) pairs of the stream, how many have
    the earlier one's story among the stories the index judges: the generator's recall."""
    index = _copy(seeded, policy)
    found = total = 0
    story_of: list[str] = []
    for i, it in enumerate(val):
        offered = set(map(index.resolve, index.candidate_stories(copy.copy(it.article))))
        for j in range(i):
            if val[j].cluster == it.cluster:
                total += 1
                found += index.resolve(story_of[j]) in offered
        story_of.append(_assign(index, it.article))
    return np.array([found, total])


def run_cv(items: list[Item], fold_of: dict[str, int], baselines: bool = True):
    totals: dict = defaultdict(lambda: np.zeros(3))
    rows, cand = [], np.zeros(2)
    for f in range(N_FOLDS):
        model, seeded, val = fit_folds(items, fold_of, f)
        truth = [it.cluster for it in val]
        results = {"new": (stream(seeded, FittedPolicy(model), val), model.threshold),
                   "batch": (reclustered(seeded, FittedPolicy(model), val, [None])[0],
                             model.recluster_threshold)}
        if baselines:
            results["old"] = (stream(seeded, ScoringPolicy(), val), None)
            train = [it for it in items if fold_of[it.family] != f]
            results["tfidf"] = tfidf_baseline(train, val)
        for name, (labels, threshold) in results.items():
            for mask_name, mask in masks(val).items():
                c = np.array(pairwise_counts(truth, labels, mask))
                totals[(name, mask_name)] += c
                if mask_name == "all":
                    rows.append((f, name, *pr(*c), int(c[2]), len(val), threshold))
        cand += candidate_recall(seeded, FittedPolicy(model), val)
    return totals, rows, cand


def _fmt(p: float, r: float) -> str:
    return f"P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-write", action="store_true", help="the CV only")
    args = ap.parse_args(argv)
    t0 = time.time()
    items = load_items()
    fold_of = assign_folds(items)
    print(f"{len(items)} articles, {len(fold_of)} families, chain {time.time() - t0:.1f}s; "
          "fold sizes", dict(sorted(Counter(fold_of[it.family] for it in items).items())))
    totals, rows, cand = run_cv(items, fold_of)
    print("\n== per fold (validation fold streamed in file order) ==")
    for f, name, p, r, positives, n, t in rows:
        print(f"fold {f} {name:6s} {_fmt(p, r)}  same-story pairs {positives:4d} "
              f"articles {n:3d}" + (f" threshold {t}" if t is not None else ""))
    print("\n== overall (pairs pooled over the 5 validation folds) ==")
    for (name, mask_name), c in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{mask_name:16s} {name:6s} {_fmt(*pr(*c))}  "
              f"(tp {int(c[0])} pred {int(c[1])} true {int(c[2])})")
    print(f"\ncandidate recall (earlier same-story article's story judged): "
          f"{cand[0] / max(cand[1], 1):.3f} ({int(cand[0])}/{int(cand[1])})")
    if not args.no_write:
        threshold, batch_threshold = choose_thresholds(items, fold_of)
        _, x, y = seeded_index(items)
        model = fit_model(x, y, threshold)
        model.recluster_threshold = batch_threshold
        model.provenance = {
            "data": [f"shared/eval/dev/{name}" for name in FILES], "articles": len(items),
            "training_pairs": int(len(y)), "positive_pairs": int(y.sum()),
            "folds": N_FOLDS, "fold_of_family": fold_of,
            "threshold_selection": f"inner CV over all {N_FOLDS} folds, best pooled F1",
            "recluster_threshold_selection": f"inner CV over all {N_FOLDS} folds, best pooled "
                                             "F1 of each held-out fold re-clustered as a batch",
            "cannot_link_days": CANNOT_LINK_DAYS, "linkage": model.linkage,
            "members_compared": f"first + {Stories.RECENT} most recent",
            "fitted": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "script": "python -m aggregator.stories.fit",
            "cv_overall": {f"{n}/{m}": dict(zip(("P", "R"), (round(v, 4) for v in pr(*c))))
                           for (n, m), c in sorted(totals.items())},
        }
        model.save()
        print("\nwrote aggregator/data/story_model.json:",
              dict(zip(FEATURE_NAMES, np.round(model.weights, 3).tolist())),
              "bias", round(model.bias, 3), "threshold", threshold,
              "recluster_threshold", batch_threshold)
    print(f"total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
