"""The undated margins of the story model, chosen by the fit's inner CV (issue 17, session 17).

A pair where either side has no explicit page day (``pairs.undated_pair``) must reach the
threshold plus a margin: ``StoryModel.undated_margin`` online,
``recluster_undated_margin`` in the batch re-clustering. With the thresholds already
chosen (``fit.choose_thresholds``), each inner fold is streamed into a window of the
others in every realistic order, online at the online threshold and re-clustered at the
batch one, at each margin of ``MARGIN_GRID``; the margin with the best pooled F1 is taken,
ties to the smaller (0: one bar for every pair, main's matcher).
"""

from __future__ import annotations

import copy

import numpy as np

from aggregator.stories.evaluation import REALISTIC_ORDERS, Item, counts, f1, ordered, pr
from aggregator.stories.fitted import FittedPolicy

MARGIN_GRID = [round(0.05 * i, 2) for i in range(7)]  # 0 .. 0.30


def best_margin(f1_of: dict[float, float]) -> float:
    """The margin of the best F1; ties to the smaller (the simpler model)."""
    return max(f1_of, key=lambda m: (f1_of[m], -m))


def margin_counts(train: list[Item], fold_of: dict[str, int], features,
                  threshold: float, batch_threshold: float, with_window: bool = False,
                  grid=MARGIN_GRID, orders=REALISTIC_ORDERS) -> dict[str, dict[float, np.ndarray]]:
    """Pooled counts (tp, predicted, true) of the inner CV over ``train``'s folds, per
    system ("online", "batch") and margin of ``grid``."""
    from aggregator.stories.fit import fit_model, next_doc, seeded_index, stream, _assign, \
        _copy, final_stories  # fit imports this module
    from aggregator.stories.recluster import recluster

    out = {s: {m: np.zeros(3) for m in grid} for s in ("online", "batch")}
    for f in sorted({fold_of[it.family] for it in train}):
        inner_train = [it for it in train if fold_of[it.family] != f]
        inner_val = [it for it in train if fold_of[it.family] == f]
        seeded, x, y = seeded_index(inner_train)
        model = fit_model(x, y, threshold, features)
        for order in orders:
            stream_ = ordered(inner_val, order)
            for m in grid:
                labels, window = stream(seeded, FittedPolicy(model, threshold, undated_margin=m),
                                        stream_, inner_train)
                out["online"][m] += counts(stream_, labels, inner_train, window, with_window)
            index = _copy(seeded, FittedPolicy(model))
            since = next_doc(index)
            for it in stream_:
                _assign(index, it.article)
            for m in grid:
                batch = copy.deepcopy(index)
                recluster(batch, since, batch_threshold, m)
                out["batch"][m] += counts(stream_, final_stories(batch, stream_), inner_train,
                                          final_stories(batch, inner_train), with_window)
    return out


def choose_margins(train: list[Item], fold_of: dict[str, int], features, threshold: float,
                   batch_threshold: float, with_window: bool = False) -> tuple[float, float]:
    """The online and batch undated margins (``best_margin`` of the inner CV's F1)."""
    got = margin_counts(train, fold_of, features, threshold, batch_threshold, with_window)
    return tuple(best_margin({m: f1(*pr(*c)) for m, c in got[s].items()})
                 for s in ("online", "batch"))
