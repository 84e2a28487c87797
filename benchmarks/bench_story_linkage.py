"""The batch re-clustering's linkage rules measured in the fit script's nested CV
(issue 17, session 14; benchmarks/README.md, "Stories: linkage, session 14").

    python -m benchmarks.bench_story_linkage            # every family of linkage.FAMILIES
    python -m benchmarks.bench_story_linkage --families complete,average
    python -m benchmarks.bench_story_linkage --fixed    # one setting for all folds (optimistic)

Per outer fold (the 5 family folds of ``fit``): the weights are fitted on the training
folds as ``fit`` fits them; each linkage family's setting (its ``Linkage`` parameters and
the threshold, ``fit.GRID``) is the best pooled F1 of the inner CV over the training
folds (each inner validation fold streamed in the realistic orders as one batch and
re-clustered; validation pairs only, as ``fit`` chooses ``recluster_threshold``; ties to
the higher setting, as ``argmax_threshold``); the outer validation fold is then streamed
into the seeded window in each realistic order, re-clustered under the chosen setting and
counted with the joins into the window (``fit``'s shipped figure). Nothing is chosen on
a validation fold.

The batch decision does not read the online joins (the batch's articles are released and
agglomerated from single articles; the older stories are fixed), so no online curve is
computed: the streams join at the model's default threshold. The complete family must
reproduce ``fit``'s batch figure to the count (tp 739 / pred 1157).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

import numpy as np

from aggregator.stories.evaluation import (REALISTIC_ORDERS, assign_folds, counts, f1,
                                           load_items, masks, ordered, pairwise_counts, pr)
from aggregator.stories.fit import GRID, fit_model, reclustered, seeded_index
from aggregator.stories.fit_sweep import lowest_reaching
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.linkage import FAMILIES
from aggregator.stories.thresholds import argmax_threshold

SUBSETS = ("ru-only", "cross-language")


def batch_counts(seeded, model, train, val, settings, orders=REALISTIC_ORDERS,
                 with_window=False) -> dict:
    """Pooled counts (tp, predicted, true) of ``val`` streamed into ``seeded`` as one
    batch in each of ``orders`` and re-clustered at each (threshold, linkage) of
    ``settings``; with the window joins when ``with_window``; also per subset mask
    (validation pairs only) under keys (setting, mask)."""
    out = defaultdict(lambda: np.zeros(3))
    for order in orders:
        stream_ = ordered(val, order)
        subsets = {m: v for m, v in masks(stream_).items() if m in SUBSETS}
        truth = [it.cluster for it in stream_]
        for setting, (labels, window) in zip(settings, reclustered(
                seeded, FittedPolicy(model), stream_, settings, train)):
            out[setting] += counts(stream_, labels, train, window, with_window)
            out[(setting, "+window")] += counts(stream_, labels, train, window, True)
            for name, mask in subsets.items():
                out[(setting, name)] += np.array(pairwise_counts(truth, labels, mask))
    return out


def run(items, fold_of, families: list[str], features, folds=None,
        precision_target: float | None = None) -> dict:
    """Per outer fold and family: the setting chosen on the inner folds (the best F1;
    with ``precision_target``, session 11's precision-first rule instead: the lowest
    setting whose inner pooled P, window joins counted, reaches it) and its outer counts."""
    settings = [(t, linkage) for name in families for linkage in FAMILIES[name] for t in GRID]
    result = {}
    for f in folds if folds is not None else sorted(set(fold_of.values())):
        started = time.process_time()
        train = [it for it in items if fold_of[it.family] != f]
        val = [it for it in items if fold_of[it.family] == f]
        inner = defaultdict(lambda: np.zeros(3))
        for g in sorted({fold_of[it.family] for it in train}):
            inner_train = [it for it in train if fold_of[it.family] != g]
            inner_val = [it for it in train if fold_of[it.family] == g]
            seeded, x, y = seeded_index(inner_train)
            got = batch_counts(seeded, fit_model(x, y, features=features), inner_train,
                               inner_val, settings)
            for s in settings:
                inner[s] += got[s]
                inner[(s, "+window")] += got[(s, "+window")]
        chosen = {}
        for name in families:
            family = [(t, linkage) for linkage in FAMILIES[name] for t in GRID]
            if precision_target is None:
                chosen[name] = argmax_threshold({s: f1(*pr(*inner[s])) for s in family})
            else:
                chosen[name] = lowest_reaching({s: inner[(s, "+window")] for s in family},
                                               precision_target)
        seeded, x, y = seeded_index(train)
        model = fit_model(x, y, features=features)
        outer = batch_counts(seeded, model, train, val, list(chosen.values()),
                             with_window=True)
        result[f] = {name: {"setting": s, "inner_f1": f1(*pr(*inner[s])),
                            "inner_p": pr(*inner[(s, "+window")])[0], "outer": outer[s],
                            **{m: outer[(s, m)] for m in SUBSETS}}
                     for name, s in chosen.items()}
        print(f"fold {f}: {time.process_time() - started:.0f} s CPU; " + "; ".join(
            f"{name} {s[1]} t {s[0]} P {pr(*result[f][name]['outer'])[0]:.3f} "
            f"R {pr(*result[f][name]['outer'])[1]:.3f}" for name, s in chosen.items()),
            flush=True)
    return result


def report(result: dict, families: list[str]) -> None:
    print("\n== batch, outer folds pooled, realistic orders, window joins counted ==")
    print("family | P | R | F1 | tp / pred | ru-only P / R | cross-language P / R")
    for name in families:
        total = sum((fold[name]["outer"] for fold in result.values()), np.zeros(3))
        subsets = [pr(*sum((fold[name][m] for fold in result.values()), np.zeros(3)))
                   for m in SUBSETS]
        p, r = pr(*total)
        print(f"{name} | {p:.3f} | {r:.3f} | {f1(p, r):.3f} | {int(total[0])} / "
              f"{int(total[1])} (true {int(total[2])}) | "
              + " | ".join(f"{a:.3f} / {b:.3f}" for a, b in subsets))
    print("\n== per fold: P / R (F1), the setting chosen on the inner folds ==")
    for name in families:
        cells = []
        for f, fold in sorted(result.items()):
            p, r = pr(*fold[name]["outer"])
            cells.append(f"{p:.3f} / {r:.3f} ({f1(p, r):.3f}) [{fold[name]['setting'][1]}, "
                         f"t {fold[name]['setting'][0]}, inner F1 {fold[name]['inner_f1']:.3f}, "
                         f"inner P +window {fold[name]['inner_p']:.3f}]")
        print(f"{name} | " + " | ".join(cells))


def fixed_curves(items, fold_of, families: list[str], features) -> dict:
    """Diagnostic (optimistic: one setting for every fold, read off the validation
    folds; never a choice): the outer folds' pooled batch counts, window joins counted,
    at every (threshold, linkage) of the families' grids."""
    settings = [(t, linkage) for name in families for linkage in FAMILIES[name] for t in GRID]
    total = defaultdict(lambda: np.zeros(3))
    for f in sorted(set(fold_of.values())):
        train = [it for it in items if fold_of[it.family] != f]
        val = [it for it in items if fold_of[it.family] == f]
        seeded, x, y = seeded_index(train)
        got = batch_counts(seeded, fit_model(x, y, features=features), train, val, settings,
                           with_window=True)
        for s in settings:
            total[s] += got[s]
    print("\n== fixed settings (optimistic), outer folds pooled, realistic orders, window "
          "joins counted: P / R (F1) ==")
    linkages = list(dict.fromkeys(s[1] for s in settings))
    print("threshold | " + " | ".join(map(str, linkages)))
    for t in GRID:
        cells = []
        for linkage in linkages:
            p, r = pr(*total[(t, linkage)])
            cells.append(f"{p:.3f} / {r:.3f} ({f1(p, r):.3f})")
        print(f"{t:.2f} | " + " | ".join(cells))
    return dict(total)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--families", default=",".join(FAMILIES),
                    help="linkage families measured (linkage.FAMILIES), comma-separated")
    ap.add_argument("--folds", default=None, help="outer folds only (e.g. 0,1), for a check")
    ap.add_argument("--fixed", action="store_true",
                    help="instead: every setting of the grids on the outer folds, one for "
                         "all folds (optimistic; a diagnostic, never a choice)")
    ap.add_argument("--precision-target", type=float, default=None,
                    help="choose each setting by session 11's precision-first rule (the "
                         "lowest whose inner P, window joins counted, reaches this)")
    args = ap.parse_args(argv)
    families = [n for n in args.families.split(",") if n]
    unknown = set(families) - set(FAMILIES)
    if unknown:
        ap.error(f"unknown families {sorted(unknown)}")
    t0 = time.time()
    items = load_items()
    fold_of = assign_folds(items)
    folds = [int(f) for f in args.folds.split(",")] if args.folds else None
    features = StoryModel.load().feature_names
    if args.fixed:
        fixed_curves(items, fold_of, families, features)
    else:
        report(run(items, fold_of, families, features, folds, args.precision_target),
               families)
    print(f"total {time.time() - t0:.0f} s wall, {time.process_time():.0f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
