"""The fit script's threshold rule against the former argmax, in one nested CV.

    python -m benchmarks.bench_threshold_rule                 # all 5 outer folds
    python -m benchmarks.bench_threshold_rule --folds 0 1 --out /tmp/a.json   # some folds
    python -m benchmarks.bench_threshold_rule --merge /tmp/a.json /tmp/b.json  # pool runs

The protocol of ``aggregator.stories.fit.run_cv`` (shipped features, no baselines): per
outer fold the inner CV's F1 curves are computed once on the training folds, and each
rule (``thresholds.plateau_middle``, ``thresholds.argmax_threshold``) picks both thresholds from the
same curves; the same fitted weights then stream the validation fold in every order,
online and re-clustered as one batch. Only pooled counts, thresholds and the training
folds' curves are printed: no validation error is shown.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections import defaultdict

import numpy as np

from aggregator.stories.evaluation import (N_FOLDS, ORDERS, REALISTIC_ORDERS, assign_folds,
                                           f1, load_items, masks, ordered, pairwise_counts,
                                           pr)
from aggregator.stories.fit import (fit_model, inner_f1_curves, reclustered, seeded_index,
                                    stream)
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.thresholds import argmax_threshold, plateau_middle

RULES = {"plateau": plateau_middle, "argmax": argmax_threshold}
REPORTED_MASKS = ("all", "ru-only", "cross-language")


def measure_fold(items, fold_of, f: int, features) -> dict:
    """Counts per (rule, online/batch, order, mask), thresholds and inner curves of fold f."""
    train = [it for it in items if fold_of[it.family] != f]
    val = [it for it in items if fold_of[it.family] == f]
    curves = inner_f1_curves(train, fold_of, features)
    seeded, x, y = seeded_index(train)
    fitted = fit_model(x, y, features=features)
    out = {"fold": f, "curves": [{str(t): round(float(v), 4) for t, v in c.items()}
                                   for c in curves],
           "thresholds": {}, "counts": defaultdict(lambda: [0, 0, 0])}
    for rule_name, rule in RULES.items():
        model = copy.copy(fitted)
        model.threshold, model.recluster_threshold = rule(curves[0]), rule(curves[1])
        out["thresholds"][rule_name] = [model.threshold, model.recluster_threshold]
        for order in ORDERS:
            stream_ = ordered(val, order)
            truth = [it.cluster for it in stream_]
            decided = {"online": stream(seeded, FittedPolicy(model), stream_),
                       "batch": reclustered(seeded, FittedPolicy(model), stream_, [None])[0]}
            for mode, labels in decided.items():
                for mask_name, mask in masks(stream_).items():
                    if mask_name in REPORTED_MASKS:
                        c = pairwise_counts(truth, labels, mask)
                        key = f"{rule_name}|{mode}|{order}|{mask_name}"
                        out["counts"][key] = [int(v) for v in c]
    out["counts"] = dict(out["counts"])
    return out


def report(folds: list[dict]) -> None:
    folds = sorted(folds, key=lambda d: d["fold"])
    for d in folds:
        print(f"fold {d['fold']}: thresholds (online, batch) plateau {d['thresholds']['plateau']}"
              f" argmax {d['thresholds']['argmax']}")
        print(f"  inner batch F1 curve (training folds): {d['curves'][1]}")
    print("\npooled over the realistic orders (date, rand1-3)")
    for mask_name in REPORTED_MASKS:
        for rule_name in RULES:
            for mode in ("online", "batch"):
                c = np.zeros(3)
                for d in folds:
                    for order in REALISTIC_ORDERS:
                        c += d["counts"][f"{rule_name}|{mode}|{order}|{mask_name}"]
                p, r = pr(*c)
                print(f"{mask_name:15s} {rule_name:8s} {mode:7s} P {p:.3f} R {r:.3f} "
                      f"F1 {f1(p, r):.3f} (tp {int(c[0])} pred {int(c[1])} true {int(c[2])})")
    print("\nper fold, batch, realistic orders pooled: P / R")
    for d in folds:
        cells = []
        for rule_name in RULES:
            c = sum((np.array(d["counts"][f"{rule_name}|batch|{o}|all"])
                     for o in REALISTIC_ORDERS), np.zeros(3))
            cells.append(f"{rule_name} {pr(*c)[0]:.3f} / {pr(*c)[1]:.3f}")
        print(f"fold {d['fold']}: " + "   ".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, nargs="*", default=list(range(N_FOLDS)))
    ap.add_argument("--out", help="write the folds' counts as JSON (to --merge later)")
    ap.add_argument("--merge", nargs="*", help="report the folds of these JSON files")
    args = ap.parse_args(argv)
    if args.merge:
        folds = [d for path in args.merge for d in json.load(open(path))]
    else:
        items = load_items()
        fold_of = assign_folds(items)
        features = StoryModel.load().feature_names
        folds = [measure_fold(items, fold_of, f, features) for f in args.folds]
        if args.out:
            with open(args.out, "w") as fh:
                json.dump(folds, fh)
    report(folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
