"""Fit the story matcher and measure it on topic families it never saw.

    python -m aggregator.stories.fit              # CV of new / old / TF-IDF, then refit on
                                                  # all and write aggregator/data/story_model.json
    python -m aggregator.stories.fit --no-write   # the CV only
    python -m aggregator.stories.fit --features shipped-day_unknown --against shipped
                                                  # a feature set against the shipped one, same run
    python -m aggregator.stories.fit --no-write --no-baselines --sweep 0.3,0.35,0.4
                                                  # precision against recall (fit_sweep)
    python -m aggregator.stories.fit --extra-labels tests/data/story_labels_fresh.jsonl \
        --extra-texts /work/scratch/stories_fresh # + another set (``extra_sets``), in the folds

Protocol (nothing is chosen on a validation fold):

- the articles of ``evaluation.FILES`` go through the product's chain; families are
  assigned to 5 folds (``evaluation.assign_folds``);
- **training pairs** are what the product would judge: the training articles are
  streamed (file order) through a ``StoryIndex`` whose policy knows the true stories
  (``OraclePolicy``), so every (new article, member of a candidate story) the index hands
  its policy becomes one row of ``pairs.FEATURE_NAMES``, labelled same story or not; the
  logistic weights are fitted on them (``fitted.fit_logistic``);
- **the thresholds** are chosen by an inner CV over the training folds only: fit on
  three, stream the fourth in each realistic order (``evaluation.REALISTIC_ORDERS``: date
  order and three seeded shuffles; never the file order, which flatters the online join),
  pool the pairwise counts per grid value (with the joins into the window, ``counts``),
  take the best F1 (``argmax_threshold``; the plateau's middle, ``plateau_middle``, was
  measured against it and not adopted):
  ``threshold`` for the online join and ``recluster_threshold`` for the batch decided
  again (the fourth streamed as one batch and re-clustered,
  ``aggregator.stories.recluster``: what the product stores);
- **the validation fold** is streamed in each of ``evaluation.ORDERS`` (file, date,
  rand1-3) into that same index, which already holds the training articles in their true
  stories (a window of other stories, as in production), and pairwise P/R is counted over
  the validation articles' final story ids: ``online`` as they joined, ``batch`` once the
  fold is re-clustered as one batch (as ``aggregator enrich`` and the crawl store it: the
  shipped figure). Each is counted twice: over the pairs of validation articles only
  (``pairwise_counts``, the figure before session 10) and with every (validation,
  training) pair that ends in one story counted a false merge (``window_pair_counts``:
  mask "all + window joins"). The figures quoted are pooled over the realistic orders;
  the file order (each story's articles contiguous in the files) is reported beside them;
- **feature sets**: ``pairs.FEATURE_NAMES`` are the features computed; a model uses the
  subset its file names (``--features``), and ``--against`` CVs a second set in the same
  run (before/after);
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
from pathlib import Path

import numpy as np

from aggregator.stories.evaluation import (FILES, N_FOLDS, ORDERS, REALISTIC_ORDERS, Item,
                                           assign_folds, counts, f1, load_items, masks,
                                           ordered, pairwise_counts, pr, tfidf_baseline)
from aggregator.stories.extra_sets import with_extra_sets
from aggregator.stories.fitted import FittedPolicy, StoryModel, design, fit_logistic
from aggregator.stories.index import StoryIndex
from aggregator.stories.clusters import Stories
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories import record
from aggregator.stories.query import url_key
from aggregator.stories.recluster import next_doc, recluster
from aggregator.stories.scoring import ScoringPolicy
from aggregator.stories.thresholds import argmax_threshold
from aggregator.stories.fit_report import WINDOW_MASK, feature_set, realistic, report

GRID = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 .. 0.95
#: The floor of a second stage (``StoryModel.stage2``, ``--two-stage``): the grid's lowest
#: threshold, so the second stage decides every pair a threshold could accept; None: one.
STAGE2_FLOOR: float | None = None
#: Whether the inner CV counts a validation article's join into a training story as false
#: pairs (``--selection-window-joins``; measured in session 10 and not adopted, so the
#: shipped model's protocol, validation pairs only, stays the default).
SELECTION_COUNTS_WINDOW = False
#: The cannot-link of the models fitted here (``--cannot-link-days``; None: the shipped
#: model's), stored in the model file: the inner CV picks the thresholds under it.
CANNOT_LINK: int | None = None
class OraclePolicy(FittedPolicy):
    """Joins the true story and records the feature rows of every member it is shown:
    the training pairs, drawn as the index draws them."""

    #: its window is copied for the hand-weighted policy too (``_copy``): records keep stems
    reads_stems = True

    def __init__(self, truth: dict[int, str]):
        super().__init__(StoryModel(FEATURE_NAMES, np.zeros(len(FEATURE_NAMES)), 0.0, 0.5),
                         cannot_link_days=10**6)  # every pair a row; the gate is not fitted
        self.truth = truth
        self.x: list[np.ndarray] = []
        self.y: list[float] = []

    def story_score(self, q, records_: list[bytes]) -> float:
        mine = self.truth.get(q.url)
        x = self.rows(q, records_)
        labels = [self.truth.get(record.url_hash_of(b)) == mine for b in records_]
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


def fit_model(x: np.ndarray, y: np.ndarray, threshold: float = 0.5,
              features: tuple[str, ...] = FEATURE_NAMES) -> StoryModel:
    """The logistic model over ``features`` (a subset of ``FEATURE_NAMES``, whose order
    the rows ``x`` follow)."""
    z = design(x, features)
    w, b = fit_logistic(z, y)
    days = StoryModel.load().cannot_link_days if CANNOT_LINK is None else CANNOT_LINK
    model = StoryModel(tuple(features), w, b, threshold, cannot_link_days=days)
    if STAGE2_FLOOR is not None:
        hard = 1 / (1 + np.exp(-(z @ w + b))) >= STAGE2_FLOOR
        model.stage2, model.floor = fit_logistic(z[hard], y[hard]), STAGE2_FLOOR
    return model


def _copy(seeded: StoryIndex, policy) -> StoryIndex:
    """A copy of the seeded window that decides by ``policy`` (not the oracle's rows)."""
    oracle, seeded.policy = seeded.policy, None
    try:
        index = copy.deepcopy(seeded)
    finally:
        seeded.policy = oracle
    index.use_policy(policy)
    return index


def final_stories(index: StoryIndex, items: list[Item]) -> list[str | None]:
    """The story id each of ``items`` ends in (merges followed; None: not held)."""
    story = {record.url_hash_of(b): index.clusters.id(index.clusters.root(record.story_of(b)))
             for b in index.docs.values()}
    return [story.get(url_key(it.article.canonical_url or it.article.url)) for it in items]


def stream(seeded: StoryIndex, policy, items: list[Item], window: list[Item] | None = None):
    """Story ids of ``items`` streamed into a copy of ``seeded`` under ``policy``; with
    ``window`` (the seeded articles), also theirs at the end: (items' ids, window's)."""
    index = _copy(seeded, policy)
    ids = [index.resolve(_assign(index, it.article)) for it in items]
    return ids if window is None else (ids, final_stories(index, window))


def reclustered(seeded: StoryIndex, policy, items: list[Item],
                thresholds: list[float | None], window: list[Item] | None = None) -> list:
    """Story ids of ``items`` streamed into a copy of ``seeded`` as one batch and then
    re-clustered (``recluster``) at each of ``thresholds`` (None: the model's); with
    ``window``, each entry is (items' ids, window's) as in ``stream``."""
    index = _copy(seeded, policy)
    since = next_doc(index)
    for it in items:
        _assign(index, it.article)
    out = []
    for threshold in thresholds:
        batch = copy.deepcopy(index)
        recluster(batch, since, threshold)
        ids = final_stories(batch, items)
        out.append(ids if window is None else (ids, final_stories(batch, window)))
    return out


def inner_f1_curves(train: list[Item], fold_of: dict[str, int],
                    features: tuple[str, ...] = FEATURE_NAMES,
                    orders: tuple[str, ...] = REALISTIC_ORDERS
                    ) -> tuple[dict[float, float], dict[float, float]]:
    """Inner CV over the training folds: per grid value, the pooled F1 of the online
    stream and of the batch re-clustered, each inner fold streamed in every one of
    ``orders`` (the realistic ones: the file order flatters the online join); the counts
    are ``fit_sweep.inner_counts``'s, with the window joins as ``SELECTION_COUNTS_WINDOW``
    says."""
    from aggregator.stories.fit_sweep import inner_counts  # it imports this module

    inner = inner_counts(train, fold_of, features, GRID, orders)
    return tuple({t: f1(*pr(*inner[(system, SELECTION_COUNTS_WINDOW)][t])) for t in GRID}
                 for system in ("online", "batch"))


def choose_thresholds(train: list[Item], fold_of: dict[str, int],
                      features: tuple[str, ...] = FEATURE_NAMES,
                      orders: tuple[str, ...] = REALISTIC_ORDERS, rule=argmax_threshold
                      ) -> tuple[float, float]:
    """The online and batch thresholds: ``rule`` (the best F1) applied to the inner CV's
    F1 curves (``inner_f1_curves``)."""
    online, batch = inner_f1_curves(train, fold_of, features, orders)
    return rule(online), rule(batch)


def fit_folds(items: list[Item], fold_of: dict[str, int], validation_fold: int,
              features: tuple[str, ...] | None = None
              ) -> tuple[StoryModel, StoryIndex, list[Item]]:
    """The model over ``features`` (None: the shipped model's) fitted without
    ``validation_fold`` (weights and thresholds), the index seeded with the training
    articles, and the validation articles (file order)."""
    features = features or StoryModel.load().feature_names
    train = [it for it in items if fold_of[it.family] != validation_fold]
    val = [it for it in items if fold_of[it.family] == validation_fold]
    model, seeded, _ = fit_all(train, fold_of, features)
    return model, seeded, val


def fit_all(items: list[Item], fold_of: dict[str, int],
            features: tuple[str, ...] | None = None,
            thresholds: tuple[float, float] | None = None
            ) -> tuple[StoryModel, StoryIndex, np.ndarray]:
    """The model fitted on all of ``items`` (as written to ``story_model.json``): both
    thresholds by the inner CV over the folds of ``fold_of`` (or ``thresholds``, online
    and batch, when given), the weights on every training pair; the index seeded with
    ``items`` and the training pairs' labels."""
    features = features or StoryModel.load().feature_names
    threshold, batch_threshold = thresholds or choose_thresholds(items, fold_of, features)
    seeded, x, y = seeded_index(items)
    model = fit_model(x, y, threshold, features)
    model.recluster_threshold = batch_threshold
    return model, seeded, y


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


def run_cv(items: list[Item], fold_of: dict[str, int], baselines: bool = True,
           variants: dict[str, tuple[str, ...]] | None = None,
           orders: tuple[str, ...] = ORDERS):
    """Nested CV: per outer fold and per feature set of ``variants`` (name -> features;
    default: the shipped model's), the model of ``fit_folds``, then the validation fold
    streamed in each of ``orders`` into the seeded window, online and re-clustered as
    one batch. Returns the pooled counts ``totals[(system, order, mask)]`` (``system``:
    "<variant> online" / "<variant> batch", "old", "tfidf"; the order "any" for TF-IDF,
    which has none; the mask ``WINDOW_MASK``: all pairs plus the joins into the window),
    the per-fold rows (fold, system, order, P, R, same-story pairs, articles, threshold;
    again as "<system> [WINDOW_MASK]"), the candidate recall and the fitted thresholds."""
    variants = variants or {"new": StoryModel.load().feature_names}
    totals: dict = defaultdict(lambda: np.zeros(3))
    rows, cand, thresholds = [], np.zeros(2), defaultdict(list)
    for f in range(N_FOLDS):
        results = []
        train = [it for it in items if fold_of[it.family] != f]
        for name, features in variants.items():
            model, seeded, val = fit_folds(items, fold_of, f, features)
            thresholds[name].append((model.threshold, model.recluster_threshold))
            for order in orders:
                stream_ = ordered(val, order)
                results.append((f"{name} online", order, stream_,
                                *stream(seeded, FittedPolicy(model), stream_, train),
                                model.threshold))
                results.append((f"{name} batch", order, stream_,
                                *reclustered(seeded, FittedPolicy(model), stream_, [None],
                                             train)[0], model.recluster_threshold))
        if baselines:
            for order in orders:
                stream_ = ordered(val, order)
                results.append(("old", order, stream_,
                                *stream(seeded, ScoringPolicy(), stream_, train), None))
            labels, threshold = tfidf_baseline(train, val)
            results.append(("tfidf", "any", val, labels, [], threshold))  # no window
        for system, order, stream_, labels, window, threshold in results:
            truth = [it.cluster for it in stream_]
            for mask_name, mask in masks(stream_).items():
                c = np.array(pairwise_counts(truth, labels, mask))
                totals[(system, order, mask_name)] += c
                if mask_name == "all":
                    rows.append((f, system, order, *pr(*c), int(c[2]), len(stream_), threshold))
            # the same fold counted with its joins into the window (false merges)
            c = counts(stream_, labels, train if window else [], window)
            totals[(system, order, WINDOW_MASK)] += c
            rows.append((f, f"{system} [{WINDOW_MASK}]", order, *pr(*c), int(c[2]),
                         len(stream_), threshold))
        cand += candidate_recall(seeded, FittedPolicy(model), val)
    return totals, rows, cand, dict(thresholds)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-write", action="store_true", help="the CV only")
    ap.add_argument("--features", default="shipped",
                    help="the feature set fitted and written: 'shipped' (the model file's, "
                         "default), 'all', 'shipped+name,...', 'shipped-name,...' or a list")
    ap.add_argument("--against", default=None,
                    help="a second feature set measured in the same run (same syntax)")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip the old matcher and TF-IDF")
    ap.add_argument("--no-cv", action="store_true",
                    help="refit on all folds and write, without the nested CV (quote the CV "
                         "of a run with the same features)")
    ap.add_argument("--extra-labels", type=Path, action="append", default=[],
                    help="another labelled story set (labels JSONL as "
                         "tests/data/story_labels_fresh.jsonl), pooled with the dev files")
    ap.add_argument("--extra-texts", type=Path, action="append", default=[],
                    help="the folder holding texts.jsonl of each --extra-labels, in order")
    ap.add_argument("--two-stage", action="store_true",
                    help="fit a second stage on the training pairs the first scores at the "
                         "grid's lowest threshold or above (StoryModel.stage2)")
    ap.add_argument("--selection-window-joins", action="store_true",
                    help="the inner CV also counts joins into the window's other stories as "
                         "false pairs when it picks the thresholds (measured, not shipped)")
    ap.add_argument("--cannot-link-days", type=int, default=None, metavar="N",
                    help="explicit days more than N apart cannot be one story (default: the "
                         "shipped model's)")
    ap.add_argument("--sweep", default=None, help="instead of the CV, writing no model: "
                    "precision against recall at these thresholds, e.g. 0.3,0.4,0.5 "
                    "(aggregator.stories.fit_sweep)")
    args = ap.parse_args(argv)
    if len(args.extra_labels) != len(args.extra_texts):
        ap.error("give one --extra-texts per --extra-labels")
    global STAGE2_FLOOR, SELECTION_COUNTS_WINDOW, CANNOT_LINK
    CANNOT_LINK = args.cannot_link_days
    SELECTION_COUNTS_WINDOW = args.selection_window_joins
    STAGE2_FLOOR = GRID[0] if args.two_stage else None
    t0 = time.time()
    items, per_set, extra_data = with_extra_sets(load_items(), args.extra_labels,
                                                 args.extra_texts)
    fold_of = assign_folds(items)
    features = feature_set(args.features)
    variants = {"new": features}
    if args.against:
        variants = {"before": feature_set(args.against), "new": features}
    print(f"{len(items)} articles, {len(fold_of)} families, chain {time.time() - t0:.1f}s; "
          "fold sizes", dict(sorted(Counter(fold_of[it.family] for it in items).items())))
    for name, names in variants.items():
        print(f"{name}: {len(names)} features {', '.join(names)}")
    systems = [f"{v} {m}" for v in variants for m in ("online", "batch")]
    systems += [] if args.no_baselines else ["old", "tfidf"]
    totals: dict = {}
    if args.sweep:  # a measurement: it writes no model
        args.no_write = True
        from aggregator.stories import fit_sweep
        grid = fit_sweep.parse_thresholds(args.sweep)
        fit_sweep.report_sweep(fit_sweep.run_sweep(items, fold_of, features, grid,
                                                   selection_window=SELECTION_COUNTS_WINDOW))
    elif not args.no_cv:
        totals, rows, cand, thresholds = run_cv(items, fold_of, not args.no_baselines,
                                                variants)
        report(totals, rows, systems)
        for name, ts in thresholds.items():
            print(f"{name}: thresholds per outer fold (online, batch): {ts}")
        print(f"\ncandidate recall (earlier same-story article's story judged): "
              f"{cand[0] / max(cand[1], 1):.3f} ({int(cand[0])}/{int(cand[1])})")
    if not args.no_write:
        model, _, y = fit_all(items, fold_of, features)
        model.provenance = {
            "data": [f"shared/eval/dev/{name}" for name in FILES] + extra_data,
            "articles": len(items), **({"articles_per_set": per_set} if extra_data else {}),
            "training_pairs": int(len(y)), "positive_pairs": int(y.sum()),
            "folds": N_FOLDS, "fold_of_family": fold_of,
            "threshold_selection": f"inner CV over all {N_FOLDS} folds, each streamed in "
                                   f"the orders {', '.join(REALISTIC_ORDERS)}, best pooled F1"
                                   + (", joins into the window counted as false pairs"
                                      if SELECTION_COUNTS_WINDOW else ""),
            "recluster_threshold_selection": f"inner CV over all {N_FOLDS} folds, best pooled "
                                             "F1 of each held-out fold (same orders) "
                                             "re-clustered as a batch",
            "stage2": (f"fitted on the training pairs the first stage scores >= {STAGE2_FLOOR}"
                       if STAGE2_FLOOR is not None else None),
            "linkage": model.linkage,
            "members_compared": f"first + {Stories.RECENT} most recent",
            "fitted": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "script": "python -m aggregator.stories.fit "
                      + " ".join(a for a in (argv if argv is not None else sys.argv[1:])),
        }
        if totals:
            model.provenance["cv_pooled_realistic_orders"] = {
                f"{system}/{m}": dict(zip(("P", "R"), (round(v, 4) for v in
                                                         pr(*realistic(totals, system, m)))))
                for system in systems for m in ("all", WINDOW_MASK, "ru-only", "cross-language")}
        model.save()
        print("\nwrote aggregator/data/story_model.json:",
              dict(zip(features, np.round(model.weights, 3).tolist())),
              "bias", round(model.bias, 3), "threshold", model.threshold,
              "recluster_threshold", model.recluster_threshold)
    print(f"total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":  # main() of the package's module, whose flags fit_sweep's imports see
    sys.exit(__import__("aggregator.stories.fit", fromlist=["main"]).main())
