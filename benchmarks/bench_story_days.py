"""The stories' day cannot-link at several day counts, on the dev family folds (issue 17).

    python -m benchmarks.bench_story_days --days 3 0 1 --write-dir /tmp/models

For each day count N: the nested CV of ``aggregator.stories.fit`` (``run_cv``, the shipped
features, no baselines) with every model fitted under ``fit --cannot-link-days N`` (the
inner CV picks both thresholds under it); the batch figures pooled over the realistic
orders, with the joins into the window counted as false pairs (the shipped dev figure),
overall, per outer fold, ru-only and cross-language. With ``--write-dir``, each N's
model refitted on all dev articles (as ``fit --no-cv --cannot-link-days N`` writes it) is
saved there as ``story_model_days<N>.json``, for ``bench_stories_fresh --candidate``.

Before the CV: the labelled same-story pairs whose two days are both explicit (no
stand-in), by days apart; a pair more than N days apart can never be joined under N.
Ids and counts only; no text is printed or written.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np

from aggregator.stories import fit
from aggregator.stories.evaluation import (REALISTIC_ORDERS, assign_folds, f1, load_items,
                                           pr)
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.fit_report import WINDOW_MASK, realistic
from aggregator.stories.fitted import StoryModel
from aggregator.stories.pairs import explicit_gap

SYSTEM = "new batch"


def explicit_gaps(items) -> Counter:
    """(same story?, days apart, capped at 4) of every same-family pair whose two days
    are explicit; the other pairs are counted under days apart None."""
    evidence = {it.id: ArticleEvidence.from_article(it.article) for it in items}
    out: Counter = Counter()
    for a, b in combinations(items, 2):
        if a.family != b.family:
            continue
        ea, eb = evidence[a.id], evidence[b.id]
        gap = explicit_gap(ea.day, ea.day_is_standin, eb.day, eb.day_is_standin)
        out[a.cluster == b.cluster, None if gap is None else min(gap, 4)] += 1
    return out


def per_fold(rows) -> dict[int, np.ndarray]:
    """Batch counts with the window joins, per outer fold, pooled over the realistic
    orders (rebuilt from ``run_cv``'s rows: P, R and the same-story pairs)."""
    out: dict[int, np.ndarray] = {}
    for f, system, order, p, r, positives, _, _ in rows:
        if system == f"{SYSTEM} [{WINDOW_MASK}]" and order in REALISTIC_ORDERS:
            tp = round(r * positives)
            c = np.array([tp, round(tp / p) if p else 0, positives])
            out[f] = out.get(f, np.zeros(3)) + c
    return out


def line(c) -> str:
    p, r = pr(*c)
    return f"P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f} (tp {int(c[0])} pred {int(c[1])})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--days", type=int, nargs="+", default=[3, 0, 1])
    ap.add_argument("--write-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    t0 = time.process_time()
    items = load_items()
    fold_of = assign_folds(items)
    gaps = explicit_gaps(items)
    print(f"{len(items)} articles; same-family pairs, both days explicit, by days apart "
          "(4 = 4 or more; None = a day missing or a stand-in):")
    for same in (True, False):
        print(f"  {'same story' if same else 'two stories'}:",
              {str(g): n for (s, g), n in sorted(gaps.items(), key=lambda k: (k[0][1] is None,
                                                                            k[0][1] or 0))
               if s == same})
    features = StoryModel.load().feature_names
    for days in args.days:
        fit.CANNOT_LINK = days
        totals, rows, _, thresholds = fit.run_cv(items, fold_of, baselines=False)
        print(f"\n== cannot-link {days} days, batch, realistic orders pooled ==")
        print(f"all + window joins   {line(realistic(totals, SYSTEM, WINDOW_MASK))}")
        for mask in ("all", "ru-only", "cross-language"):
            print(f"{mask:20s} {line(realistic(totals, SYSTEM, mask))}")
        for f, c in sorted(per_fold(rows).items()):
            print(f"fold {f} (+ window)   {line(c)}")
        print("thresholds per fold (online, batch):", thresholds["new"])
        if args.write_dir:
            model, _, _ = fit.fit_all(items, fold_of, features)
            model.provenance = {"script": f"benchmarks.bench_story_days --days {days}",
                                "cannot_link_days": days}
            args.write_dir.mkdir(parents=True, exist_ok=True)
            model.save(args.write_dir / f"story_model_days{days}.json")
            print(f"refitted: thresholds {model.threshold} / {model.recluster_threshold}")
        print(f"[{time.process_time() - t0:.0f}s CPU so far]", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
