"""Re-cluster a batch: the stories of its articles decided again, as if they had all
arrived at once.

The online decision is taken once, in arrival order: when a next-stage sibling or a
weakly linked report arrives first, a rewrite may join it, and the later reports of the
event then fail the complete-linkage test and open a second story. Online figures depend
on the order of arrival; decided again as batches they do not (story lab round 3 in
``benchmarks/README.md``).

``recluster(index, since_doc)``, before a batch is stored (``aggregator enrich`` and the
crawl's store, every ``STORE_BATCH_SIZE`` articles): the articles indexed since
``since_doc`` are released from the stories they joined and agglomerated again, with the
window's older stories as fixed groups (an older story may take batch articles, two older
stories never merge, and no older article moves). Two groups join, best pair first, when
every pair of their members (an older story's first and ``Stories.RECENT`` most recent
articles) reaches the fitted model's ``recluster_threshold`` (complete linkage, as the
online join test; chosen by ``python -m aggregator.stories.fit`` on inner CV),
no pair is under a cannot-link and their days fit the window; only groups linked by a
shared index key (names, numbers, dates, an LSH band: the candidate keys) are compared.

Story ids stay stable: a group that holds an older story is that story; a group of batch
articles only keeps the batch story most of its articles had joined, else it opens a new
one. Because the batch is not stored yet, nothing stored moves and there is nothing more
to export than the stories as they end up.

Pairs are scored from the packed records alone (the index keeps no article text): a
member's evidence block (top lemmas, headline, names, figures, dates) weighed by the
window's current document frequencies; each pair's probability is the later article's
against the earlier one's record, as judged online (and fitted).
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from typing import TYPE_CHECKING

from aggregator.stories import record as records
from aggregator.stories.clusters import Stories
from aggregator.stories.fitted import FittedPolicy
from aggregator.stories.minhash import band_keys, jaccard
from aggregator.stories.neighbourhood import Neighbourhood, local_features
from aggregator.stories.pairs import (EvidenceKeys, cannot_link, pair_features, rare_name_idf,
                                      window_idf)
from aggregator.stories.query import BAND_KEY, NUM_KEY, WEAK, url_key

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.stories.index import StoryIndex

#: Other articles looked at per member when searching for stories to merge with.
NEIGHBOURS = 12
#: Shared index-key weight a neighbour needs (as ``StoryIndex._candidates``).
MIN_WEIGHT = 3.0


class _Scorer:
    """Pair probabilities between indexed articles, from their records (cached)."""

    def __init__(self, index: "StoryIndex", policy: FittedPolicy, idf_of: "_WindowIdf",
                 neighbours: dict[int, list[int]]):
        self.index, self.model, self.idf_of = index, policy.model, idf_of
        self.days = policy.cannot_link_days
        self.rare = rare_name_idf(len(index.docs))
        self._keys: dict[int, tuple] = {}
        self._pair: dict[tuple[int, int], float | None] = {}
        # the neighbourhood features: each batch article's neighbours (filled by
        # ``recluster`` before any pair is scored) as its query neighbourhood
        self.local = policy.uses_neighbourhood
        self.neighbours = neighbours
        self._hoods: dict[int, Neighbourhood] = {}

    def hood(self, doc: int) -> Neighbourhood:
        """The neighbourhood of an indexed article, as the online query's."""
        if doc not in self._hoods:
            k, idf = self.keys(doc)[:2]
            docs = self.index.docs
            self._hoods[doc] = Neighbourhood.build(
                k, idf, [docs[n] for n in self.neighbours.get(doc, ()) if n in docs])
        return self._hoods[doc]

    def keys(self, doc: int) -> tuple:
        """(the evidence keys weighed by the window IDF, the IDF, the member block, the
        signature as an array) of an indexed article."""
        if doc not in self._keys:
            blob = self.index.docs[doc]
            m = records.member_of(blob)
            k = EvidenceKeys()
            k.lang, k.counts, k.head, k.names, k.figures = (m.lang, dict(m.lemmas), m.head,
                                                            m.names, m.figures)
            k.date_values, k.dates, k.day_value = m.dates, [], m.day_value
            k.standin, k.reaction, k.future, k.has_verbs = (m.standin, m.reaction, m.future,
                                                            m.has_verbs)
            idf = self.idf_of.of(k.df_keys())
            k.weigh(idf)
            self._keys[doc] = (k, idf, m, records.signature_of(blob))
        return self._keys[doc]

    def probability(self, a: int, b: int) -> float | None:
        """P(same story) of articles ``a`` and ``b``, judged as online: the later one
        against the earlier one's record; None under a cannot-link or when either has no
        evidence."""
        pair = (a, b) if a < b else (b, a)
        if pair not in self._pair:
            earlier, later = self.keys(pair[0]), self.keys(pair[1])
            q, idf, m = later[0], later[1], earlier[2]
            if not (m.present and later[2].present) or cannot_link(q, m, self.days):
                self._pair[pair] = None
            else:
                sim = jaccard(array("I", later[3]), earlier[3])
                x = pair_features(q, idf, self.rare, m, sim)
                if self.local:
                    story = records.story_of(self.index.docs[pair[0]])
                    x += local_features(q, idf, m, story, self.hood(pair[1]), x[3])
                self._pair[pair] = float(self.model.probability(x))
        return self._pair[pair]

    def story_probability(self, a: list[int], b: list[int], floor: float = 0.0) -> float:
        """Complete linkage: the lowest pair probability across (0 under a cannot-link);
        once a pair falls below ``floor`` that pair's value is returned (all the caller
        needs to know is that the groups do not join)."""
        low = 1.0
        for x in _compared(a):
            for y in _compared(b):
                p = self.probability(x, y)
                if p is None:
                    return 0.0
                if p < low:
                    low = p
                    if low < floor:
                        return low
        return low


def _compared(group: list[int]) -> list[int]:
    """The members of a group a join is judged on: its first and ``Stories.RECENT`` most
    recent articles, as online (a cap on the cost of large groups)."""
    if len(group) <= Stories.RECENT + 1:
        return group
    ordered = sorted(group)
    return ordered[:1] + ordered[-Stories.RECENT:]


class _WindowIdf:
    """The window IDF of keys (``pairs.window_idf``), looked up once per key: the window
    does not change while a batch is re-clustered, and each key's IDF is its own
    (element-wise) whatever else is looked up with it."""

    def __init__(self, index: "StoryIndex"):
        self.frequencies, self.size = index.candidate_index.frequencies, len(index.docs)
        self.known: dict[int, float] = {}

    def fetch(self, keys: set[int]) -> None:
        """Look up the keys not known yet, in one call."""
        missing = sorted(k for k in keys if k not in self.known)
        if missing:
            self.known.update(window_idf(missing, self.frequencies(missing), self.size))

    def of(self, keys: set[int]) -> dict[int, float]:
        """A table holding the IDF of ``keys`` and of every key looked up before: the batch
        shares one (a key's IDF is its own; pair features only look keys up)."""
        self.fetch(keys)
        return self.known


def _record_keys(blob: bytes) -> tuple[set[int], set[int], set[int], set[int]]:
    """The strong names, weak names, numbers and dates, and LSH bands a record is
    indexed under (its URL aside)."""
    lengths = records.HEAD.unpack_from(blob)[9:13]  # strong, weak, nums, dates
    keys = array("I", blob[records.HEAD.size:records.HEAD.size + 4 * sum(lengths)])
    a, b = lengths[0], lengths[0] + lengths[1]
    return (set(keys[:a]), set(keys[a:b]), set(keys[b:]),
            band_keys(records.signature_of(blob)))


def _record_names(blob: bytes) -> array:
    """The name keys (strong, then weak) a record is indexed under."""
    strong, weak = records.HEAD.unpack_from(blob)[9:11]
    return array("I", blob[records.HEAD.size:records.HEAD.size + 4 * (strong + weak)])


def _search_weights(record_keys: tuple, idf_of: _WindowIdf) -> dict[int, float]:
    """The weight of each index key a record keeps (``_record_keys``) in the search for
    its neighbours: numbers, names by their window IDF (weak ones less), LSH bands."""
    strong, weak, numbers, bands = record_keys
    names = strong | weak
    idf = idf_of.of(names)
    weights = {k: NUM_KEY for k in numbers}
    weights.update((k, idf[k] * (WEAK if k in weak else 1.0)) for k in names)
    weights.update((k, BAND_KEY) for k in bands)
    return weights


def _neighbours_of_batch(index: "StoryIndex", batch: list[int],
                         idf_of: _WindowIdf) -> dict[int, list[int]]:
    """Each batch article's neighbours: the indexed articles sharing the most index-key
    weight with it (names, numbers, dates, LSH bands), as ``CandidateIndex.candidates``
    finds them per article; the frozen part for the whole batch in one pass."""
    docs, candidate_index = index.docs, index.candidate_index
    weights = [_search_weights(_record_keys(docs[doc]), idf_of) for doc in batch]
    searches = [(keys, [w[k] for k in keys]) for w, keys in zip(weights, map(sorted, weights))]
    frozen = candidate_index.frozen_candidates_of_many(searches)
    neighbours = {}
    for doc, weight_of, (keys, _), older in zip(batch, weights, searches, frozen):
        found = candidate_index.open_candidates(keys, lambda k, _, w=weight_of: w[k],
                                                index.MAX_POSTING)
        found.update(older)  # disjoint: the open documents are the newer
        heavy = [d for d, w in found.items() if w >= MIN_WEIGHT and d != doc and d in docs]
        neighbours[doc] = sorted(heavy, key=found.get, reverse=True)[:NEIGHBOURS]
    return neighbours


def next_doc(index: "StoryIndex") -> int:
    """The number the index gives its next article: a batch starting now's ``since_doc``."""
    return max(index.docs, default=-1) + 1


def _age(key: tuple) -> int:
    """Older groups sort first: an older story by its number, then batch articles."""
    return key[1] if key[0] == "old" else (1 << 40) + key[1]


def _agglomerate(groups: dict[tuple, list[int]], pairs: set[tuple], scorer: _Scorer,
                 fits, threshold: float) -> dict[tuple, list[int]]:
    """Join the best-scoring pair of groups while it reaches ``threshold``; keys
    ``("old", story number)`` are fixed groups that never join each other, ``("new",
    doc)`` batch articles. Returns the groups left.

    Complete linkage only falls as groups grow, so a pair scored below the threshold
    stays below it once either side has grown: such pairs are remembered, not rescored."""
    score: dict[tuple, float] = {}
    adjacent: dict[tuple, set[tuple]] = {}  # a group's scored partners (once it has one)
    heap: list[tuple] = []

    def add(a: tuple, b: tuple, value: float) -> None:
        pair = (a, b) if a < b else (b, a)
        score[pair] = value
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
        if value >= threshold:  # best first; ties: the oldest groups (older stories first)
            heapq.heappush(heap, (-value, *sorted((_age(a), _age(b))), pair))

    for a, b in pairs:
        add(a, b, scorer.story_probability(groups[a], groups[b], threshold))
    while heap:
        value, _, _, (a, b) = heapq.heappop(heap)
        if score.get((a, b)) != -value:
            continue  # a side has merged since
        keep, drop = (b, a) if b[0] == "old" else (a, b)  # an older story keeps its key
        groups[keep] += groups.pop(drop)
        others = (adjacent.pop(a) | adjacent.pop(b)) - {a, b}
        adjacent[keep] = set()
        for other in others:
            known = [score.pop(p, None) for p in ((min(x, other), max(x, other)) for x in (a, b))]
            adjacent[other] -= {a, b}
            if (keep[0] == "old" and other[0] == "old") or not fits(keep, other, groups):
                continue
            if any(v is not None and v < threshold for v in known):
                add(keep, other, 0.0)  # below already: it only falls
            else:
                add(keep, other, scorer.story_probability(groups[keep], groups[other],
                                                          threshold))
        score.pop((a, b), None)
    return groups


def recluster(index: "StoryIndex", since_doc: int,
              threshold: float | None = None) -> dict[int, str]:
    """Decide again the stories of the articles ``index`` numbered ``since_doc`` and later
    (see the module docstring) and move those whose story changes; returns the new story
    id of each moved article by its ``url_key``. Only under the fitted policy (the
    hand-weighted one merges stories as it goes)."""
    policy = index.policy
    if not isinstance(policy, FittedPolicy):
        return {}
    if threshold is None:
        threshold = policy.model.recluster_threshold or policy.threshold
    clusters, docs = index.clusters, index.docs
    batch = sorted(d for d in docs if d >= since_doc)
    if not batch:
        return {}
    idf_of = _WindowIdf(index)
    neighbours: dict[int, list[int]] = {}
    scorer = _Scorer(index, policy, idf_of, neighbours)
    current = {d: clusters.root(records.story_of(docs[d])) for d in batch}
    groups: dict[tuple, list[int]] = {("new", d): [d] for d in batch}

    keys: dict[int, tuple] = {}  # no article moves before ``_apply``: memoised

    def key_of(doc: int) -> tuple:
        if doc >= since_doc:
            return ("new", doc)
        key = keys.get(doc)
        if key is None:
            number = clusters.root(records.story_of(docs[doc]))
            key = keys[doc] = ("old", number)
            if key not in groups:
                groups[key] = [m for m in clusters.members(number)
                               if m in docs and m < since_doc]
        return key

    days: dict[int, tuple] = {}

    def span(members: list[int]) -> tuple:
        """The latest first day and the earliest last day of the dated ``members``
        (None, None when none is dated)."""
        lo = hi = None
        for d in members:
            if d not in days:
                days[d] = records.days_of(docs[d])[1:]
            d_lo, d_hi = days[d]
            if d_lo is not None:
                lo = d_lo if lo is None else max(lo, d_lo)
                hi = d_hi if hi is None else min(hi, d_hi)
        return lo, hi

    def spans_fit(a: tuple, b: tuple) -> bool:
        """Whether two spans (``span``) lie within the window of each other: the test of
        ``fits`` (maxima and minima combine in any grouping)."""
        (lo, hi), (b_lo, b_hi) = a, b
        if b_lo is not None:
            lo = b_lo if lo is None else max(lo, b_lo)
            hi = b_hi if hi is None else min(hi, b_hi)
        return lo is None or lo - hi <= clusters.window_days

    def fits(a: tuple, b: tuple, groups_) -> bool:
        """Whether the dated articles of two groups lie within the window of each other."""
        return spans_fit(span(groups_[a]), span(groups_[b]))

    # the groups do not change while the pairs are found: each group's span once; the
    # IDF of every batch article's names in one look-up (few objects kept alive: they
    # would only make the garbage collector's passes longer)
    spans: dict[tuple, tuple] = {}
    pairs: set[tuple] = set()
    idf_of.fetch({k for doc in batch for k in _record_names(docs[doc])})
    neighbours.update(_neighbours_of_batch(index, batch, idf_of))
    for doc in batch:
        new = ("new", doc)
        for other_doc in neighbours[doc]:
            other = (("new", other_doc) if other_doc >= since_doc
                     else keys.get(other_doc) or key_of(other_doc))
            if other == new:
                continue
            for k in (new, other):
                if k not in spans:
                    spans[k] = span(groups[k])
            if spans_fit(spans[new], spans[other]):
                pairs.add((new, other) if new < other else (other, new))
    groups = _agglomerate(groups, pairs, scorer, fits, threshold)
    return _apply(index, groups, current, since_doc)


def restory(articles, moved: dict[int, str]) -> None:
    """Set the new story id of each article ``recluster`` moved (by its ``url_key``)."""
    if moved:
        for article in articles:
            story = moved.get(url_key(article.canonical_url or article.url or ""))
            if story:
                article.story_id = story


def _apply(index: "StoryIndex", groups: dict[tuple, list[int]], current: dict[int, int],
           since_doc: int) -> dict[int, str]:
    """Give each group its story (stable ids, see the module docstring) and move the
    batch articles whose story changes."""
    clusters, docs = index.clusters, index.docs

    def batch_only(number: int) -> bool:
        first = clusters.members(number)[:1]
        return bool(first) and first[0] >= since_doc

    claimed: set[int] = set()
    target: dict[int, int] = {}
    # only the groups that hold batch articles get a story (the order among them as if
    # all were sorted)
    touched = [(key, members, new) for key, members in groups.items()
               if (new := [d for d in members if d >= since_doc])]
    order = sorted(touched, key=lambda kv: (kv[0][0] != "old", -len(kv[1]), kv[1][0]))
    for key, members, new in order:
        if key[0] == "old":
            number = key[1]
        else:
            votes = Counter(current[d] for d in new if batch_only(current[d])
                            and current[d] not in claimed)
            # the most voted, the oldest on a tie
            number = (min(votes, key=lambda n: (-votes[n], n)) if votes
                      else clusters.new_id(f"recluster:{records.url_hash_of(docs[new[0]])}"))
        claimed.add(number)
        for d in new:
            target[d] = number
    moved: dict[int, str] = {}
    for d, number in sorted(target.items()):
        if number == current[d]:
            continue
        blob = docs[d]
        _, lo, hi = records.days_of(blob)
        clusters.move(d, current[d], number, lo, hi)
        docs[d] = records.renumbered(blob, records.story_of(blob) - number)
        moved[records.url_hash_of(blob)] = clusters.id(number)
    return moved
