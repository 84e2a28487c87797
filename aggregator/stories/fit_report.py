"""The fit script's text: feature sets named on the command line, the pooled counts of
the realistic orders and the per-fold report ``python -m aggregator.stories.fit`` prints."""

from __future__ import annotations

import numpy as np

from aggregator.stories.evaluation import ORDERS, REALISTIC_ORDERS, f1, pr
from aggregator.stories.fitted import StoryModel, columns
from aggregator.stories.pairs import FEATURE_NAMES

#: The mask of ``fit.run_cv``'s counts that adds the joins into the window (false pairs).
WINDOW_MASK = "all + window joins"


def realistic(totals: dict, system: str, mask: str = "all") -> np.ndarray:
    """``system``'s counts pooled over the realistic orders (date and the shuffles)."""
    if (system, "any", mask) in totals:
        return totals[(system, "any", mask)]
    return sum((totals[(system, o, mask)] for o in REALISTIC_ORDERS), np.zeros(3))


def fmt(p: float, r: float) -> str:
    return f"P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f}"


def feature_set(spec: str) -> tuple[str, ...]:
    """A feature set named on the command line: "shipped" (the model file's), "all"
    (every ``FEATURE_NAMES``), "shipped+a,b" / "shipped-a,b", or a comma list; "a*b" is
    an interaction term (the product of two features), and "pairs" in a "+" list every
    product of two of the base set's plain features."""
    base, sign, rest = spec.partition("+") if "+" in spec else spec.partition("-")
    if base in ("shipped", "all"):
        names = list(StoryModel.load().feature_names if base == "shipped" else FEATURE_NAMES)
        extra = [n for n in rest.split(",") if n]
        if "pairs" in extra:
            plain = [n for n in names if "*" not in n]
            extra.remove("pairs")
            extra += [f"{a}*{b}" for i, a in enumerate(plain) for b in plain[i + 1:]]
        names = [n for n in names if n not in extra] if sign == "-" else names + extra
    else:
        names = [n for n in spec.split(",") if n]
    columns(tuple(names))  # unknown names fail here
    # the rows' order, then the interaction terms as named
    return (tuple(n for n in FEATURE_NAMES if n in names)
            + tuple(dict.fromkeys(n for n in names if "*" in n)))


def report(totals: dict, rows: list, systems: list[str]) -> None:
    """The per-fold and pooled figures of ``run_cv``, as text."""
    print("\n== per fold ==")
    for f, system, order, p, r, positives, n, t in rows:
        print(f"fold {f} {system:16s} {order:5s} {fmt(p, r)}  same-story pairs {positives:4d} "
              f"articles {n:3d}" + (f" threshold {t}" if t is not None else ""))
    print("\n== pooled over the 5 validation folds, per order ==")
    for system in systems:
        for order in ORDERS:
            c = totals.get((system, order, "all"))
            if c is not None:
                print(f"{system:16s} {order:5s} {fmt(*pr(*c))}  "
                      f"(tp {int(c[0])} pred {int(c[1])} true {int(c[2])})")
                w = totals.get((system, order, WINDOW_MASK))
                if w is not None:  # the same, with the joins into the window as false pairs
                    print(f"{'  + window joins':16s} {order:5s} {fmt(*pr(*w))}  "
                          f"(tp {int(w[0])} pred {int(w[1])} true {int(w[2])}; "
                          f"window pairs joined {int(w[1] - c[1])})")
    print("\n== pooled over the realistic orders (date, rand1-3), per pair subset ==")
    masks_ = sorted({m for (_, _, m) in totals}, key=lambda m: (m != "all", m))
    for mask_name in masks_:
        for system in systems:
            c = realistic(totals, system, mask_name)
            print(f"{mask_name:20s} {system:16s} {fmt(*pr(*c))}  "
                  f"(tp {int(c[0])} pred {int(c[1])} true {int(c[2])})")
