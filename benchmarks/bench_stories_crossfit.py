"""The story model fitted on the dev files plus one half of the fresh set, measured on the
other half (issue 17, session 10).

    python -m benchmarks.bench_stories_crossfit --texts /work/scratch/stories_fresh

The fresh set (``tests/data/story_labels_fresh.jsonl``, texts in ``--texts``) is split
into two halves of families by ``extra_sets.fresh_half`` (SHA-1 parity of the family id,
declared and committed before anything was fitted on the set). For each half X:

- **cross-fit**: the model fitted exactly as ``python -m aggregator.stories.fit`` fits
  the shipped one (``fit.fit_all``: the shipped model's features, weights on the
  ``OraclePolicy`` training pairs, both thresholds by the inner CV over 5 family folds,
  ``evaluation.assign_folds``) on the dev files plus the *other* half, which it never
  saw X;
- **shipped**: ``aggregator/data/story_model.json`` as it is;
- **dev refit**: the model refitted on the dev files alone by the same code (a sanity
  check: it should equal the shipped one).

Each is measured on X's articles alone, read as the product reads them
(``extra_sets.load_labelled``: no fetch time, stamped ``FETCHED_AT``), through
``bench_stories_fresh``'s enrich path (every article assigned into an empty window, the
batch re-clustered and restoried, ids resolved), streamed in date order and three seeded
shuffles, the pairwise counts pooled over the four; ``online`` is the same without the
batch pass. "Pooled over both halves" adds the two halves' counts: every pair is then
judged by a model that never saw it (pairs across the halves are not counted: each half
is matched on its own).

**Decision rule, stated before the first measurement:** adopt the dev + fresh fit (refit
``story_model.json`` on the dev files and the whole fresh set with
``python -m aggregator.stories.fit --extra-labels ... --extra-texts ...``) only if the
cross-fit enrich F1 pooled over both halves beats the shipped model's pooled F1 on the
same halves by at least 0.02 and its pooled precision is not lower. Figures only: no
text is printed.

Session 15 (issue 17): ``--labels`` names another set of the same form (default the
session-10 one, so the command above is unchanged), split by the same ``fresh_half``;
``--candidates`` measures, instead of the single cross-fit, the three candidates declared
in ``CANDIDATES`` before the first measurement, judged by ``passes``:

    python -m benchmarks.bench_stories_crossfit --labels tests/data/story_labels_fresh2.jsonl \
        --texts /work/scratch/stories_fresh2 --candidates

A candidate passes if its cross-fit enrich F1 pooled over both halves beats the shipped
model's on the same halves by >= 0.02 and its pooled precision is not lower by more than
0.01; among passing ones the best F1 is taken, refitted on dev + the whole set by
``python -m aggregator.stories.fit`` and measured once on the blind fresh3 set against the
shipped model in one run (``bench_stories_fresh``): it ships only if there its enrich F1 is
>= the shipped model's and its precision not lower by more than 0.02.

``--dev-cv NAME`` gives a candidate's dev cost instead: the shipped nested CV (dev
families in their 5 folds, ``fit.run_cv``, realistic orders) with the other set's
families in folds of their own that only ever train (every training fold holds its
part; validation counts dev articles only); ``shipped`` is the dev files alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np

from aggregator.stories import fit
from aggregator.stories.evaluation import (REALISTIC_ORDERS, Item, assign_folds, f1,
                                           load_items, ordered, pairwise_counts, pr)
from aggregator.stories.extra_sets import (FRESH_LABELS, HALVES, fresh_half,
                                           labelled_records, load_labelled, pool_sets,
                                           set_name, set_of)
from aggregator.stories.fit import fit_all, inner_f1_curves
from aggregator.stories.fit_report import report as cv_report
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.thresholds import argmax_threshold, lowest_near_best, plateau_middle
from benchmarks.bench_stories_fresh import _streamed, masks

MIN_F1_GAIN = 0.02
#: Session 15: how much lower than the shipped model's pooled precision a candidate's may be.
MAX_P_LOSS = 0.01
#: Session 15's candidates, declared before the first measurement: (set-balanced training
#: rows, threshold rule on the inner CV's F1 curves). a: dev + the other half as the fit
#: script fits it; b: the same with each set's rows weighing the same in all; c: b's
#: weights and inner curves, each threshold the lowest grid value within 0.01 of the best
#: inner F1 (aimed at recall: the dev set's designed negatives favour high thresholds).
CANDIDATES = {"a": (False, argmax_threshold), "b": (True, argmax_threshold),
              "c": (True, lowest_near_best)}
SUBSETS = ("all", "ru-only", "cross-language", "non-ru involved", "repost involved",
           "rewrites only")


def fitted_on(items: list[Item], name: str, balance: bool = False
              ) -> tuple[StoryModel, tuple[dict, dict]]:
    """The model ``fit.fit_all`` fits on ``items`` (its thresholds the argmax of the
    inner CV's F1 curves, as ``fit.choose_thresholds`` picks them), and those curves
    (online, batch): training data only, printed to show how flat they are. ``balance``:
    each labelled set's training rows weigh the same (``fit.BALANCE_SETS``)."""
    started = time.process_time()
    fold_of = assign_folds(items)
    fit.BALANCE_SETS = balance
    try:
        curves = inner_f1_curves(items, fold_of, StoryModel.load().feature_names)
        model, _, y = fit_all(items, fold_of, thresholds=tuple(map(argmax_threshold, curves)))
    finally:
        fit.BALANCE_SETS = False
    print(f"{name}: fitted on {len(items)} articles, {len(y)} training pairs "
          f"({int(y.sum())} same story), thresholds {model.threshold} / "
          f"{model.recluster_threshold}, {time.process_time() - started:.0f} s CPU", flush=True)
    for kind, curve in zip(("online", "batch"), curves):
        print(f"  inner-CV F1 ({kind}): "
              + " ".join(f"{t}:{v:.3f}" for t, v in sorted(curve.items())))
    return model, curves


def with_thresholds(model: StoryModel, online: float, batch: float) -> StoryModel:
    return dataclasses.replace(model, threshold=online, recluster_threshold=batch)


def measure(half: list[Item], kinds: dict[str, str], models: dict[str, StoryModel]) -> dict:
    """Counts ``totals[(system, order, mask)]`` of each model on ``half``, enrich path
    ("<name> enrich") and online ("<name> online")."""
    totals: dict = {}
    for order in REALISTIC_ORDERS:
        stream = ordered(half, order)
        truth = [it.cluster for it in stream]
        for name, model in models.items():
            for path, batch in (("enrich", True), ("online", False)):
                labels = _streamed(stream, FittedPolicy(model), batch=batch)
                for mask_name, mask in masks(stream, kinds).items():
                    totals[(f"{name} {path}", order, mask_name)] = np.array(
                        pairwise_counts(truth, labels, mask))
    return totals


def pooled(totals: dict, system: str, mask: str = "all") -> np.ndarray:
    return sum((totals[(system, o, mask)] for o in REALISTIC_ORDERS), np.zeros(3))


def _cell(c: np.ndarray) -> str:
    p, r = pr(*c)
    return f"{p:.3f} / {r:.3f} ({f1(p, r):.3f})"


def report(title: str, totals: dict, systems: list[str]) -> None:
    positives = int(pooled(totals, systems[0])[2]) // len(REALISTIC_ORDERS)
    print(f"\n== {title}: {positives} same-story pairs per order ==")
    print("\n| system | " + " | ".join(REALISTIC_ORDERS) + " | pooled P / R (F1) |")
    print("|---|" + "---|" * (len(REALISTIC_ORDERS) + 1))
    for s in systems:
        cells = ["{:.3f} / {:.3f}".format(*pr(*totals[(s, o, "all")])) for o in REALISTIC_ORDERS]
        print(f"| {s} | " + " | ".join(cells) + f" | {_cell(pooled(totals, s))} |")
    print("\n| pairs, 4 orders pooled (same-story pairs per order) | " + " | ".join(systems)
          + " |")
    print("|---|" + "---|" * len(systems))
    for mask in SUBSETS:
        n = int(pooled(totals, systems[0], mask)[2]) // len(REALISTIC_ORDERS)
        print(f"| {mask} ({n}) | "
              + " | ".join(_cell(pooled(totals, s, mask)) for s in systems) + " |")
    print("\npairs of two different families joined, per order ("
          + ", ".join(REALISTIC_ORDERS) + "):")
    for s in systems:
        print(f"  {s}: " + ", ".join(str(int(totals[(s, o, 'other family')][1]))
                                     for o in REALISTIC_ORDERS))


def passes(new: np.ndarray, shipped: np.ndarray) -> tuple[bool, float]:
    """Session 15's rule on pooled counts: F1 up by >= ``MIN_F1_GAIN`` and precision down
    by no more than ``MAX_P_LOSS``; and the F1 gain."""
    (p_new, r_new), (p_old, r_old) = pr(*new), pr(*shipped)
    gain = f1(p_new, r_new) - f1(p_old, r_old)
    return gain >= MIN_F1_GAIN and p_new >= p_old - MAX_P_LOSS, gain


def dev_cv(dev: list[Item], extra: list[Item], name: str) -> None:
    """A candidate's dev cost: the shipped nested CV on the dev folds, ``extra`` only ever
    training (its families in 5 folds of their own); ``shipped``: dev alone."""
    from aggregator.stories.fit import run_cv

    started = time.process_time()
    items = dev if name == "shipped" else pool_sets(dev, extra)
    fold_of = {**assign_folds(dev), **({} if name == "shipped" else assign_folds(extra))}
    fit.BALANCE_SETS, fit.THRESHOLD_RULE = CANDIDATES.get(name, (False, argmax_threshold))
    try:
        totals, rows, cand, thresholds = run_cv(
            items, fold_of, baselines=False,
            validated=lambda it: set_of(it.cluster) == "dev")
    finally:
        fit.BALANCE_SETS, fit.THRESHOLD_RULE = False, argmax_threshold
    print(f"dev CV of {name}: {len(items)} articles, validated on the {len(dev)} dev ones")
    cv_report(totals, rows, ["new online", "new batch"])
    print(f"thresholds per outer fold (online, batch): {thresholds['new']}")
    print(f"candidate recall {cand[0] / max(cand[1], 1):.3f}; "
          f"{time.process_time() - started:.0f} s CPU")


def candidates(halves: dict, extra: list[Item], dev: list[Item], kinds: dict) -> None:
    """Session 15: each candidate fitted on dev + the other half, measured on each half
    with the shipped model in the same run; the rule on both halves pooled."""
    names = ["shipped"] + [f"cand {c}" for c in CANDIDATES]
    systems = [f"{n} {p}" for n in names for p in ("enrich", "online")]
    both: dict = {}
    for h, items in halves.items():
        train = pool_sets(dev, [it for it in extra if fresh_half(it.family) != h])
        models = {"shipped": StoryModel.load()}
        fitted = {}
        for balance in sorted({b for b, _ in CANDIDATES.values()}):
            fitted[balance] = fitted_on(train, f"half {h}, balanced {balance}", balance)
        for c, (balance, rule) in CANDIDATES.items():
            model, curves = fitted[balance]
            models[f"cand {c}"] = with_thresholds(model, *map(rule, curves))
            print(f"cand {c} for half {h}: thresholds {models[f'cand {c}'].threshold} / "
                  f"{models[f'cand {c}'].recluster_threshold}; weights "
                  + ", ".join(f"{n} {w:.3f}" for n, w in zip(model.feature_names,
                                                             model.weights))
                  + f", bias {model.bias:.3f}", flush=True)
        totals = measure(items, kinds, models)
        report(f"half {h} ({len(items)} articles)", totals, systems)
        for key, c in totals.items():
            both[key] = both.get(key, np.zeros(3)) + c
    report("both halves pooled, each measured by a model that never saw it", both, systems)
    verdicts = {c: passes(pooled(both, f"cand {c} enrich"), pooled(both, "shipped enrich"))
                for c in CANDIDATES}
    for c, (ok, gain) in verdicts.items():
        print(f"cand {c}: enrich F1 gain {gain:+.3f} (needs >= {MIN_F1_GAIN}, P down <= "
              f"{MAX_P_LOSS}): {'PASSES' if ok else 'fails'}")
    passing = [c for c, (ok, _) in verdicts.items() if ok]
    best = max(passing, key=lambda c: verdicts[c][1]) if passing else None
    print(f"decision: {'candidate ' + best if best else 'no candidate'} "
          f"{'is taken to the refit' if best else 'passes'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=FRESH_LABELS,
                    help="the labelled set split in halves (default: the session-9 fresh set)")
    ap.add_argument("--texts", type=Path, required=True,
                    help="the folder holding the set's texts.jsonl")
    ap.add_argument("--diagnose", action="store_true",
                    help="also the cross-fit weights under the shipped thresholds and under "
                         "the plateau rule on the same inner curves (diagnostics, after the "
                         "decision; never a reason to adopt)")
    ap.add_argument("--candidates", action="store_true",
                    help="session 15: the candidates of CANDIDATES instead of one cross-fit")
    ap.add_argument("--dev-cv", choices=["shipped", *CANDIDATES],
                    help="instead: this candidate's nested CV on the dev folds")
    args = ap.parse_args(argv)
    prefix = set_name(args.labels)
    records = labelled_records(args.labels, args.texts)
    kinds = {f"{prefix}:{r['id']}": r["kind"] for r in records}
    fresh = load_labelled(records, prefix)
    dev = load_items()
    if args.dev_cv:
        dev_cv(dev, fresh, args.dev_cv)
        return 0
    halves = {h: [it for it in fresh if fresh_half(it.family) == h] for h in HALVES}
    for h, items in halves.items():
        print(f"half {h}: {len({it.family for it in items})} families, {len(items)} articles")
    if args.candidates:
        candidates(halves, fresh, dev, kinds)
        return 0
    shipped = StoryModel.load()
    dev_refit, _ = fitted_on(dev, "dev refit")
    same = (dev_refit.feature_names == shipped.feature_names
            and np.allclose(dev_refit.weights, shipped.weights, atol=1e-5)
            and abs(dev_refit.bias - shipped.bias) < 1e-5
            and (dev_refit.threshold, dev_refit.recluster_threshold)
            == (shipped.threshold, shipped.recluster_threshold))
    print(f"dev refit {'equals' if same else 'DIFFERS FROM'} the shipped model "
          f"(max weight difference {np.abs(dev_refit.weights - shipped.weights).max():.2e})")
    names = ["shipped", "dev refit", "cross-fit"]
    names += ["cross-fit, shipped thresholds", "cross-fit, plateau"] if args.diagnose else []
    systems = [f"{n} {p}" for n in names for p in ("enrich", "online")]
    both: dict = {}
    for h, items in halves.items():
        other = [it for it in fresh if fresh_half(it.family) != h]
        cross, curves = fitted_on(pool_sets(dev, other),
                                  f"cross-fit for half {h} (dev + the other half)")
        models = {"shipped": shipped, "dev refit": dev_refit, "cross-fit": cross}
        if args.diagnose:
            models["cross-fit, shipped thresholds"] = with_thresholds(
                cross, shipped.threshold, shipped.recluster_threshold)
            models["cross-fit, plateau"] = with_thresholds(cross, *map(plateau_middle, curves))
            print("cross-fit, plateau thresholds:", *map(plateau_middle, curves))
        print(f"cross-fit for half {h}: weights "
              + ", ".join(f"{n} {w:.3f}" for n, w in zip(cross.feature_names, cross.weights))
              + f", bias {cross.bias:.3f}", flush=True)
        totals = measure(items, kinds, models)
        report(f"half {h} ({len(items)} articles)", totals, systems)
        for key, c in totals.items():
            both[key] = both.get(key, np.zeros(3)) + c
    report("both halves pooled, each measured by a model that never saw it", both, systems)
    (p_new, r_new), (p_old, r_old) = (pr(*pooled(both, s))
                                      for s in ("cross-fit enrich", "shipped enrich"))
    gain = f1(p_new, r_new) - f1(p_old, r_old)
    adopt = gain >= MIN_F1_GAIN and p_new >= p_old
    print(f"\ndecision: cross-fit enrich F1 {f1(p_new, r_new):.3f} vs shipped "
          f"{f1(p_old, r_old):.3f} (gain {gain:+.3f}, needs >= {MIN_F1_GAIN}), P {p_new:.3f} vs "
          f"{p_old:.3f}: {'ADOPT' if adopt else 'do not adopt'} the dev + fresh fit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
