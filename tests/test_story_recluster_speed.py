"""The re-clustering's shared neighbour search finds what the per-article search finds."""

from __future__ import annotations

import copy

from aggregator.stories.evaluation import load_items
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import (MIN_WEIGHT, NEIGHBOURS, _neighbours_of_batch,
                                          _record_keys, _record_names, _search_weights,
                                          _WindowIdf)


def _indexed(eval_dev, chunk: int) -> StoryIndex:
    """The dev stream indexed, frozen every ``chunk`` articles (both parts searched)."""
    index = StoryIndex()
    index.CHUNK = chunk
    for item in load_items(eval_dev):
        index.assign(copy.copy(item.article))
    return index


def _per_article(index: StoryIndex, doc: int, idf_of: _WindowIdf) -> tuple[dict, list[int]]:
    """``CandidateIndex.candidates`` for one article and its neighbours from it (the
    re-clustering's search before the shared one)."""
    weights = _search_weights(_record_keys(index.docs[doc]), idf_of)
    found = index.candidate_index.candidates(sorted(weights), lambda k, _: weights[k],
                                             index.MAX_POSTING)
    heavy = [d for d, w in found.items() if w >= MIN_WEIGHT and d != doc and d in index.docs]
    return found, sorted(heavy, key=found.get, reverse=True)[:NEIGHBOURS]


def test_shared_search_gives_each_article_the_per_article_neighbours(eval_dev):
    index = _indexed(eval_dev, chunk=100)
    assert index.candidate_index.open_size and len(index.docs) > 200
    batch = sorted(index.docs)[-120:]  # the open chunk and frozen documents before it
    idf_of = _WindowIdf(index)
    idf_of.fetch({k for doc in batch for k in _record_names(index.docs[doc])})
    shared = _neighbours_of_batch(index, batch, idf_of)
    assert list(shared) == batch
    assert sum(map(len, shared.values())) > len(batch)  # neighbours found, not all empty
    for doc in batch:
        assert shared[doc] == _per_article(index, doc, idf_of)[1]


def test_frozen_part_of_many_is_each_query_s(eval_dev):
    """Every frozen (document, sum) the per-query search returns, in its order, with
    the same float (bit for bit), on searches with more candidates than it keeps."""
    index = _indexed(eval_dev, chunk=20)
    candidate_index = index.candidate_index
    idf_of = _WindowIdf(index)
    searches = []
    for doc in sorted(index.docs):
        weights = _search_weights(_record_keys(index.docs[doc]), idf_of)
        searches.append((sorted(weights), [weights[k] for k in sorted(weights)]))
    # and the weights scaled up: many documents over 1, more than ``frozen_top``
    searches += [(keys, [w * 40.0 for w in weights]) for keys, weights in searches]
    many = candidate_index.frozen_candidates_of_many(searches)
    cut = 0
    for (keys, key_weights), found in zip(searches, many):
        weight_of = dict(zip(keys, key_weights))
        assert found == candidate_index._frozen_candidates(keys, lambda k, _: weight_of[k])
        cut += len(found) == candidate_index.frozen_top
    assert cut > 20 and sum(map(len, many)) > len(searches)
