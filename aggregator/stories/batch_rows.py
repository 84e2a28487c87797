"""Training rows drawn as the batch re-clustering judges pairs (session 10 candidate).

The fit's training rows (``fit.seeded_index``) are the pairs the *online* index hands its
policy: each training article against the members of its few candidate stories, in file
order. The batch decision (``aggregator.stories.recluster``) judges other pairs: every
article against its ``recluster.NEIGHBOURS`` heaviest key neighbours, whichever came
first. On the dev folds most of its false merges are the same people a day apart
(explicit days 1 apart: 68 false against 28 true joined pairs, pooled over four orders),
yet the online rows hold 33 such pairs, 9 of them true, so the fitted weight cannot learn
that. ``neighbour_rows`` draws the batch's pairs from an index of labelled articles, with
the same features, to be fitted beside the online rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from aggregator.stories import record as records
from aggregator.stories.pairs import CANNOT_LINK_DAYS
from aggregator.stories.recluster import _neighbour_docs, _record_keys, _Scorer, _WindowIdf

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.stories.index import StoryIndex


def neighbour_rows(index: "StoryIndex", truth: dict[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (the index policy's columns) and same-story labels of every pair of
    indexed articles the re-clustering would compare (each article and its key
    neighbours; once per pair; pairs under the cannot-link left out, as the batch never
    scores them); ``truth`` maps each article's URL hash to its story label."""
    policy = index.policy
    days, policy.cannot_link_days = policy.cannot_link_days, CANNOT_LINK_DAYS
    try:
        idf_of = _WindowIdf(index)
        neighbours: dict[int, list[int]] = {}
        scorer = _Scorer(index, policy, idf_of, neighbours)
        docs = index.docs
        for doc in docs:
            neighbours[doc] = _neighbour_docs(index, doc, _record_keys(docs[doc]), idf_of)
        x, y, seen = [], [], set()
        for doc, found in neighbours.items():
            for other in found:
                pair = (min(doc, other), max(doc, other))
                if pair in seen:
                    continue
                seen.add(pair)
                row = scorer.row(*pair)
                if row is None:
                    continue
                a, b = (truth.get(records.url_hash_of(docs[d])) for d in pair)
                x.append(row)
                y.append(float(a is not None and a == b))
    finally:
        policy.cannot_link_days = days
    return np.array(x), np.array(y)
