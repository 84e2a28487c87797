"""Story-level linkage for the batch pass: an article against a story as a whole.

Complete linkage joins two groups only when every cross pair reaches the threshold, so
one weak pair between two rewrites of an event keeps the story in two parts, even when
each of them shares the event's names, figures and day with the rest of the story. The
hand-weighted ``ScoringPolicy`` also judged an article against the union of what it
shares with a story's members; this is that view for the fitted model.

Under ``recluster_linkage = "union"`` each compared article of one group is scored
against the other group as a whole: its feature rows with that group's members are
combined into one row, and the fitted model scores that row. Evidence and conflicts take
their strongest value over the members (a name shared with one member, a figure with
another; a day conflict with any member counts against). The features that mark
evidence as missing or not comparable (``MISSING``) take their weakest value: the row
speaks of a language or a day only as far as every member lacks it. The groups' score
is the lowest over the articles of both sides; a cannot-link with any member vetoes.

Under ``"union_smaller"`` only the articles of the smaller group are judged (both sides
when the groups are equally large): a single article joins a story when it matches the
story as a whole, as the hand-weighted policy judged it, though one member of the story
shares little with it.
"""

from __future__ import annotations

import numpy as np

from aggregator.stories.pairs import FEATURE_NAMES

#: Features that say some evidence cannot be compared (not evidence of the event): in
#: the union they hold only if they hold against every member.
MISSING = ("cross_lang", "day_unknown")
_MISSING = [FEATURE_NAMES.index(name) for name in MISSING]


def union_row(rows: np.ndarray) -> np.ndarray:
    """One feature row for an article against several members (``rows``, one each)."""
    out = rows.max(axis=0)
    out[_MISSING] = rows[:, _MISSING].min(axis=0)
    return out


def union_probability(scorer, a: list[int], b: list[int], floor: float = 0.0,
                      smaller_only: bool = False) -> float:
    """The lowest, over the articles of groups ``a`` and ``b`` (``smaller_only``: of the
    smaller one), of the probability of an article against the other group as a whole
    (0 under any cannot-link); returns as soon as a value falls below ``floor``.
    ``scorer`` gives the pair rows and the model."""
    rows = {}
    for x in a:
        for y in b:
            row = scorer.row(x, y)
            if row is None:
                return 0.0
            rows[x, y] = row
    low = 1.0
    sides = [(a, b, False), (b, a, True)]
    if smaller_only and len(a) != len(b):
        sides = sides[:1] if len(a) < len(b) else sides[1:]
    for side, other, flip in sides:
        for x in side:
            united = union_row(np.array([rows[(y, x) if flip else (x, y)] for y in other]))
            p = float(scorer.model.probability(united))
            if p < low:
                low = p
                if low < floor:
                    return low
    return low
