"""Several story feature sets through the nested CV of ``aggregator.stories.fit`` in one
process, with the count of validation articles that end in a story of the training window.

    python -m benchmarks.bench_story_sets shipped=shipped \\
        quotes=shipped+quotes_shared,quotes_disjoint          # name=feature set, ...

Each set is named as ``fit --features`` names one. ``fit.run_cv`` runs them all (weights on
the training folds, both thresholds by the inner CV in the realistic orders; no
baselines). Printed: ``fit``'s per-fold and pooled report, then per set the batch and
online P / R / F1 pooled over the realistic orders with the window joins counted, the old
way (validation pairs only), cross-language P / R, the window pairs joined and the
validation articles joined into window stories, and the per-fold batch table. The
articles are counted by wrapping ``fit.counts``, which sees each stream's final story ids
and the window's. This only reads them.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from aggregator.stories import fit
from aggregator.stories.evaluation import REALISTIC_ORDERS, assign_folds, f1, load_items, pr
from aggregator.stories.fit_report import WINDOW_MASK, feature_set, realistic, report


def main(argv: list[str]) -> int:
    sets = dict(arg.split("=", 1) for arg in argv)
    sets = {name: feature_set(spec) for name, spec in sets.items()}
    joined: list[int] = []  # per fit.counts call: validation articles in a window story
    counts = fit.counts

    def counting(stream_, labels, window, window_labels, with_window=True):
        in_window = {x for x in window_labels if x is not None}
        joined.append(sum(1 for x in labels if x is not None and x in in_window))
        return counts(stream_, labels, window, window_labels, with_window)

    fit.counts = counting
    started = time.process_time()
    items = load_items()
    fold_of = assign_folds(items)
    for name, names in sets.items():
        print(name, len(names), ",".join(names), flush=True)
    totals, rows, cand, thresholds = fit.run_cv(items, fold_of, False, sets, orders=fit.ORDERS)
    report(totals, rows, [f"{v} {m}" for v in sets for m in ("online", "batch")])
    # run_cv's call order: per fold, per set, per order, online then batch
    articles: dict = defaultdict(int)
    calls = iter(joined)
    for _ in range(fit.N_FOLDS):
        for name in sets:
            for order in fit.ORDERS:
                for system in ("online", "batch"):
                    n = next(calls)
                    if order in REALISTIC_ORDERS:
                        articles[(name, system)] += n
    print("\n== realistic orders pooled, window joins counted ==")
    for name in sets:
        for system in ("batch", "online"):
            c = realistic(totals, f"{name} {system}", WINDOW_MASK)
            old = realistic(totals, f"{name} {system}", "all")
            xl = realistic(totals, f"{name} {system}", "cross-language")
            p, r = pr(*c)
            print(f"{name:10s} {system:6s} P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f} tp {int(c[0])} "
                  f"pred {int(c[1])} | old P {pr(*old)[0]:.3f} F1 {f1(*pr(*old)):.3f} | xlang "
                  f"P/R {pr(*xl)[0]:.3f}/{pr(*xl)[1]:.3f} | window pairs {int(c[1] - old[1])}"
                  f" | val articles into window {articles[(name, system)]}")
        print(f"{name}: thresholds per fold (online, batch) {thresholds[name]}")
    print("\n== batch P / R per fold, window joins counted, realistic orders pooled ==")
    for name in sets:
        cells = []
        for f in range(fit.N_FOLDS):
            tp = pp = ap = 0.0
            for fold, system, order, p, r, positives, _, _ in rows:
                if (fold == f and system == f"{name} batch [{WINDOW_MASK}]"
                        and order in REALISTIC_ORDERS):
                    tp += r * positives
                    ap += positives
                    pp += r * positives / p if p else 0.0
            cells.append(f"{tp / pp if pp else 1:.3f} / {tp / ap:.3f} ({round(tp)}/{round(pp)})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"candidate recall {cand}")
    print(f"CPU {time.process_time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
