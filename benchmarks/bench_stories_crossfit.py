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

``--labels`` names another set of the same form, split by the same ``fresh_half`` (default
the session-10 set, so the command above is unchanged); session 15 ran it on the second
fresh set:

    python -m benchmarks.bench_stories_crossfit --labels tests/data/story_labels_fresh2.jsonl \
        --texts /work/scratch/stories_fresh2

Session 15's three candidates (set-balanced training rows, the lowest threshold near the
best inner F1) and their dev-cost CV (``--candidates``, ``--dev-cv``) failed their rule
and were reverted; the code is in commit 47f461f of branch s15-storyxfit
(benchmarks/README.md, "Stories fitted on dev and the second fresh set (session 15)").
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np

from aggregator.stories.evaluation import (REALISTIC_ORDERS, Item, assign_folds, f1,
                                           load_items, ordered, pairwise_counts, pr)
from aggregator.stories.extra_sets import (FRESH_LABELS, HALVES, fresh_half,
                                           labelled_records, load_labelled, pool_sets,
                                           set_name)
from aggregator.stories.fit import fit_all, inner_f1_curves
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.thresholds import argmax_threshold, plateau_middle
from benchmarks.bench_stories_fresh import _streamed, masks

MIN_F1_GAIN = 0.02
SUBSETS = ("all", "ru-only", "cross-language", "non-ru involved", "repost involved",
           "rewrites only")


def fitted_on(items: list[Item], name: str) -> tuple[StoryModel, tuple[dict, dict]]:
    """The model ``fit.fit_all`` fits on ``items`` (its thresholds the argmax of the
    inner CV's F1 curves, as ``fit.choose_thresholds`` picks them), and those curves
    (online, batch): training data only, printed to show how flat they are."""
    started = time.process_time()
    fold_of = assign_folds(items)
    curves = inner_f1_curves(items, fold_of, StoryModel.load().feature_names)
    model, _, y = fit_all(items, fold_of, thresholds=tuple(map(argmax_threshold, curves)))
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
    args = ap.parse_args(argv)
    prefix = set_name(args.labels)
    records = labelled_records(args.labels, args.texts)
    kinds = {f"{prefix}:{r['id']}": r["kind"] for r in records}
    fresh = load_labelled(records, prefix)
    dev = load_items()
    halves = {h: [it for it in fresh if fresh_half(it.family) == h] for h in HALVES}
    for h, items in halves.items():
        print(f"half {h}: {len({it.family for it in items})} families, {len(items)} articles")
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
