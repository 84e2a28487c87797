"""What precision the fitted matcher can buy, and at what recall (issue 17, session 11).

    python -m aggregator.stories.fit --no-write --no-baselines --sweep 0.3,0.35,...,0.95

Per outer fold (family folds, as ``fit.run_cv``): the weights are fitted on the training
folds as now, then the validation fold is streamed into the seeded window in each
realistic order (``REALISTIC_ORDERS``) and counted with the joins into the window
(``evaluation.counts``), at every threshold ``t`` of the sweep:

- **batch** (what the product stores): streamed at the fold's own online threshold (the
  inner CV's best F1, as shipped), then re-clustered at ``t``;
- **online**: streamed at ``t`` (the online threshold is the swept one).

The fixed-threshold curve is optimistic: one ``t`` read off the validation folds. The
honest "precision-first" figure chooses each outer fold's threshold on its inner folds:
the lowest grid value whose inner pooled P (window joins counted, realistic orders)
reaches the target (if none does, the one with the highest inner P), then the outer
P / R at that threshold. The F1 argmax of the shipped protocol is read off the same inner
counts, so its row reproduces the shipped nested-CV figure.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from aggregator.stories.evaluation import (REALISTIC_ORDERS, Item, counts, f1, ordered, pr)
from aggregator.stories.fitted import FittedPolicy
from aggregator.stories.thresholds import argmax_threshold

#: The inner-CV precision targets reported beside the fixed-threshold sweep.
PRECISION_TARGETS = (0.8, 0.9)
SYSTEMS = ("online", "batch")


def parse_thresholds(spec: str) -> list[float]:
    """"0.3,0.4,0.5" -> [0.3, 0.4, 0.5] (sorted, each in (0, 1))."""
    values = sorted({round(float(v), 4) for v in spec.split(",") if v.strip()})
    if not values or not all(0 < v < 1 for v in values):
        raise ValueError(f"thresholds must lie in (0, 1): {spec!r}")
    return values


def outer_counts(seeded, model, train: list[Item], val: list[Item], grid: list[float],
                 orders=REALISTIC_ORDERS) -> dict[tuple[str, bool], dict[float, np.ndarray]]:
    """Pooled counts (tp, predicted, true) of ``val`` streamed into ``seeded`` in each of
    ``orders``, per (system, window joins counted) and threshold of ``grid``."""
    from aggregator.stories.fit import reclustered, stream  # fit imports this module

    out = {(s, w): {t: np.zeros(3) for t in grid} for s in SYSTEMS for w in (False, True)}

    def add(system, t, stream_, labels, window):
        for w in (False, True):
            out[(system, w)][t] += counts(stream_, labels, train, window, w)

    for order in orders:
        stream_ = ordered(val, order)
        for t in grid:
            add("online", t, stream_, *stream(seeded, FittedPolicy(model, t), stream_, train))
        for t, (labels, window) in zip(grid, reclustered(seeded, FittedPolicy(model), stream_,
                                                         grid, train)):
            add("batch", t, stream_, labels, window)
    return out


def inner_counts(train: list[Item], fold_of: dict[str, int], features, grid: list[float],
                 orders=REALISTIC_ORDERS) -> dict[tuple[str, bool], dict[float, np.ndarray]]:
    """The inner CV over the training folds: the pooled counts per (system, window joins
    counted) and grid value (``fit.inner_f1_curves`` reads its F1 curves off them)."""
    from aggregator.stories.fit import fit_model, seeded_index

    out = {(s, w): {t: np.zeros(3) for t in grid} for s in SYSTEMS for w in (False, True)}
    for f in sorted({fold_of[it.family] for it in train}):
        inner_train = [it for it in train if fold_of[it.family] != f]
        inner_val = [it for it in train if fold_of[it.family] == f]
        seeded, x, y = seeded_index(inner_train)
        got = outer_counts(seeded, fit_model(x, y, features=features), inner_train,
                           inner_val, grid, orders)
        for key, curve in got.items():
            for t in grid:
                out[key][t] += curve[t]
    return out


def lowest_reaching(curve: dict[float, np.ndarray], target: float) -> float:
    """The lowest threshold whose pooled P reaches ``target``; if none does, the one with
    the highest P (ties to the higher threshold)."""
    precision = {t: pr(*c)[0] for t, c in curve.items()}
    reaching = [t for t in sorted(precision) if precision[t] >= target]
    return reaching[0] if reaching else max(precision, key=lambda t: (precision[t], t))


def run_sweep(items: list[Item], fold_of: dict[str, int], features, grid: list[float],
              folds=None, selection_window=False, orders=REALISTIC_ORDERS) -> dict:
    """Per outer fold: the inner counts, the thresholds the rules choose on them and the
    outer counts at every ``grid`` value. ``selection_window``: the F1 choice counts the
    window joins (``fit.SELECTION_COUNTS_WINDOW``)."""
    from aggregator.stories.fit import fit_model, seeded_index

    result = {"grid": grid, "folds": {}}
    for f in folds if folds is not None else sorted(set(fold_of.values())):
        train = [it for it in items if fold_of[it.family] != f]
        val = [it for it in items if fold_of[it.family] == f]
        inner = inner_counts(train, fold_of, features, grid, orders)
        chosen = {}
        for s in SYSTEMS:
            chosen[(s, "best F1")] = argmax_threshold(
                {t: f1(*pr(*c)) for t, c in inner[(s, selection_window)].items()})
            for target in PRECISION_TARGETS:
                chosen[(s, f"P >= {target}")] = lowest_reaching(inner[(s, True)], target)
        seeded, x, y = seeded_index(train)
        model = fit_model(x, y, chosen[("online", "best F1")], features)
        model.recluster_threshold = chosen[("batch", "best F1")]
        outer = outer_counts(seeded, model, train, val, grid, orders)
        result["folds"][f] = {"chosen": chosen, "inner": inner,
                              "outer": {s: outer[(s, True)] for s in SYSTEMS}}
    return result


def pooled(result: dict) -> dict:
    """The sweep pooled over the outer folds: (system, t) -> counts, and the rules'
    rows (system, rule) -> counts at each fold's chosen threshold."""
    curve, rules = defaultdict(lambda: np.zeros(3)), defaultdict(lambda: np.zeros(3))
    for fold in result["folds"].values():
        for s in SYSTEMS:
            for t, c in fold["outer"][s].items():
                curve[(s, t)] += c
        for (s, rule), t in fold["chosen"].items():
            rules[(s, rule)] += fold["outer"][s][t]
    return {"curve": dict(curve), "rules": dict(rules)}


def report_sweep(result: dict) -> None:
    """The sweep's table (pooled over folds and realistic orders, window joins counted)."""
    p = pooled(result)
    print("\n== precision against recall: fixed thresholds (optimistic), outer folds "
          "pooled, realistic orders, window joins counted ==")
    print("threshold | batch P / R (F1) tp/pred | online P / R (F1) tp/pred")
    for t in result["grid"]:
        cells = []
        for s in ("batch", "online"):
            c = p["curve"][(s, t)]
            pr_ = pr(*c)
            cells.append(f"{pr_[0]:.3f} / {pr_[1]:.3f} ({f1(*pr_):.3f}) "
                         f"{int(c[0])}/{int(c[1])}")
        print(f"{t:.2f} | " + " | ".join(cells))
    print(f"(true pairs {int(p['curve'][('batch', result['grid'][0])][2])})")
    print("\n== thresholds chosen per outer fold on its inner folds (honest) ==")
    rules = sorted({r for (_, r) in p["rules"]}, key=lambda r: (r != "best F1", r))
    for s in ("batch", "online"):
        for rule in rules:
            c = p["rules"][(s, rule)]
            pr_ = pr(*c)
            per_fold = [fold["chosen"][(s, rule)] for _, fold in sorted(result["folds"].items())]
            inner_p = [round(float(pr(*fold["inner"][(s, True)][fold["chosen"][(s, rule)]])[0]),
                             3)
                       for _, fold in sorted(result["folds"].items())]
            print(f"{s:6s} {rule:9s} P {pr_[0]:.3f} R {pr_[1]:.3f} F1 {f1(*pr_):.3f} "
                  f"(tp {int(c[0])} pred {int(c[1])}); thresholds per fold {per_fold}, "
                  f"inner P there {inner_p}")
