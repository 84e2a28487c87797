"""The inverted index of the recent window: postings and document frequencies by chunk.

Documents are numbered in the order they are added (``StoryIndex`` numbers them). Each
is filed under its 32-bit keys (names, numbers, headline stems, LSH bands, its URL: see
``Query.index_keys``) and counted in the document frequencies of its ``df_keys``. New
documents go to the *open* chunk (dicts); ``freeze`` turns it into sorted numpy arrays
merged into the *frozen* part, and a frozen chunk is evicted whole once all its
documents are older than the window (``evict_before``). ``candidates`` sums, per
document, the weights of the keys it shares with a query.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections import Counter
from itertools import chain, islice, repeat
from typing import Callable, Iterable, NamedTuple

import numpy as np

from aggregator.stories.days import NO_DAY


class FrozenCounts(NamedTuple):
    """The document frequencies of ``keys`` (that list) in the frozen chunks, as of
    ``version``."""

    keys: list[int]
    version: int
    counts: np.ndarray


class CandidateIndex:
    """Postings and document frequencies of the window.

    ``max_posting``: a key filed under more frozen documents than this is too common to
    find candidates; ``frozen_top``: how many frozen documents ``candidates`` returns at
    most (the heaviest)."""

    def __init__(self, *, max_posting: int = 128, frozen_top: int = 12):
        self.max_posting = max_posting
        self.frozen_top = frozen_top
        #: documents numbered below this were evicted
        self.floor = 0
        # frozen postings: sorted unique keys (uint32), where each key's run of documents
        # starts in ``_docs`` (int32, one more at the end), the documents (uint32)
        self._keys, self._docs = np.zeros(0, np.uint32), np.zeros(0, np.uint32)
        self._start = np.zeros(1, np.int32)
        self._set_views()
        self._open: dict[int, list[int]] = {}
        # document frequencies: frozen (sorted keys, counts) and the open chunk's
        self._df_keys = np.zeros(0, np.uint32)
        self._df_counts = np.zeros(0, np.int32)
        self._open_df: Counter[int] = Counter()
        # frozen chunks: (first document, end, newest day, df keys, df counts)
        self._chunks: list[tuple[int, int, int, np.ndarray, np.ndarray]] = []
        self._open_first = self._open_end = 0
        self._open_day = NO_DAY
        #: changes whenever the frozen document frequencies do (``frozen_counts``)
        self.frozen_version = 0

    # --- adding and evicting ---------------------------------------------------------

    def add(self, doc: int, keys: Iterable[int], df_keys: Iterable[int], day: int) -> None:
        """File document ``doc`` (numbered above every document added before) under
        ``keys``, count it in the frequencies of ``df_keys``; ``day`` its newest day."""
        for key in keys:
            posting = self._open.get(key)
            if posting is None:
                self._open[key] = [doc]
            else:
                posting.append(doc)
        self._open_df.update(df_keys)
        self._open_day = max(self._open_day, day)
        self._open_end = doc + 1

    @property
    def open_size(self) -> int:
        """Documents in the open chunk."""
        return self._open_end - self._open_first

    def freeze(self) -> None:
        """Turn the open chunk into sorted arrays merged into the frozen index."""
        if self._open:
            keys = np.fromiter(self._open.keys(), np.uint32, len(self._open))
            order = keys.argsort()
            lists = list(self._open.values())
            counts = np.fromiter(map(len, lists), np.int32, len(lists))[order]
            docs = np.fromiter(chain.from_iterable([lists[i] for i in order.tolist()]),
                               np.uint32, int(counts.sum()))
            self.merge_postings(keys[order], counts, docs)
        keys = np.fromiter(self._open_df.keys(), np.uint32, len(self._open_df))
        counts = np.fromiter(self._open_df.values(), np.int32, len(self._open_df))
        order = np.argsort(keys)
        keys, counts = keys[order], counts[order]
        self.add_frequencies(keys, counts)
        self._chunks.append((self._open_first, self._open_end, self._open_day, keys, counts))
        self._open, self._open_df = {}, Counter()
        self._open_first, self._open_day = self._open_end, NO_DAY

    def evict_before(self, day: int) -> range:
        """Forget the frozen chunks whose documents are all older than ``day`` (the
        oldest first, up to the first that is not); returns the documents forgotten."""
        first = self.floor
        while self._chunks and self._chunks[0][2] < day:
            _, end, _, keys, counts = self._chunks.pop(0)
            self.add_frequencies(keys, -counts)
            self.floor = end
        if self.floor > first:
            self.drop_below(self.floor)
        return range(first, self.floor)

    def merge_postings(self, keys: np.ndarray, counts: np.ndarray, docs: np.ndarray) -> None:
        """Merge a chunk's postings into the frozen ones: ``keys`` sorted and unique, how
        many documents each has, and the documents key by key (all newer than the frozen
        ones, so each key's go at the end of its run; a new key's run goes where the key
        sorts). No pass over the whole index but the copies that make room."""
        at = self._keys.searchsorted(keys)
        known = at < len(self._keys)
        known[known] = self._keys[at[known]] == keys[known]
        # the end of a known key's run; for a new key, the start of the next key's run
        self._docs = np.insert(self._docs, self._start[at + known].repeat(counts), docs)
        lengths = np.diff(self._start)
        lengths[at[known]] += counts[known]
        new = ~known
        self._keys = np.insert(self._keys, at[new], keys[new])
        lengths = np.insert(lengths, at[new], counts[new])
        self._start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        self._set_views()

    def add_frequencies(self, keys: np.ndarray, counts: np.ndarray) -> None:
        """Add a chunk's document frequencies (``keys`` sorted and unique; ``counts``
        negative to take an evicted chunk out) to the frozen ones: known keys in place,
        new keys merged in by position, keys left at zero dropped (no sort of the whole)."""
        at = self._df_keys.searchsorted(keys)
        known = at < len(self._df_keys)
        known[known] = self._df_keys[at[known]] == keys[known]
        self._df_counts[at[known]] += counts[known]  # the frozen counts are the index's own
        new = ~known
        df_keys = np.insert(self._df_keys, at[new], keys[new])
        df_counts = np.insert(self._df_counts, at[new], counts[new])
        keep = df_counts > 0
        self._df_keys, self._df_counts = df_keys[keep], df_counts[keep]
        self.frozen_version += 1

    def drop_below(self, floor: int) -> None:
        """Remove documents numbered below ``floor`` from the frozen postings, key by key
        in place of a rebuild: a key's documents stay in order, a key left with none goes."""
        keep = self._docs >= floor
        kept = np.add.reduceat(keep, self._start[:-1]) if len(self._keys) else keep[:0]
        live = kept > 0
        self._keys = self._keys[live]
        self._start = np.concatenate([[0], np.cumsum(kept[live])]).astype(np.int32)
        self._docs = self._docs[keep]
        self._set_views()

    def __getstate__(self) -> dict:  # copies and pickles: memoryviews are remade
        state = self.__dict__.copy()
        for view in ("_keys_view", "_start_view", "_docs_view"):
            state.pop(view, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._set_views()

    def _set_views(self) -> None:
        # for single lookups in Python (``documents``): no numpy call
        self._keys_view, self._start_view, self._docs_view = (
            memoryview(self._keys), memoryview(self._start), memoryview(self._docs))

    # --- looking up ------------------------------------------------------------------

    def documents(self, key: int) -> list[int]:
        """The documents filed under ``key``: the open chunk's, then the frozen ones."""
        found = list(self._open.get(key, ()))
        keys, start = self._keys_view, self._start_view
        at = bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            found += self._docs_view[start[at]:start[at + 1]]
        return found

    def postings(self) -> list[tuple[int, int]]:
        """Every (key, document) pair of the index, sorted."""
        lengths = np.diff(self._start)
        frozen = zip(self._keys.repeat(lengths).tolist(), self._docs.tolist())
        opened = ((k, d) for k, docs in self._open.items() for d in docs)
        return sorted(chain(frozen, opened))

    def frequencies(self, keys: list[int], ahead: FrozenCounts | None = None) -> np.ndarray:
        """Document frequency of each key in the window (frozen chunks and the open one);
        ``keys`` sorted make the binary searches cheapest. ``ahead``: the frozen part of
        these keys' counts from ``frozen_counts`` (of this very list), used while current."""
        out = np.fromiter(map(self._open_df.get, keys, repeat(0)), np.int64, len(keys))
        if ahead is not None and ahead.keys is keys and ahead.version == self.frozen_version:
            out += ahead.counts
        elif len(self._df_keys):
            wanted = np.array(keys, np.uint32)
            at = self._df_keys.searchsorted(wanted)
            hit = self._df_keys.take(at, mode="clip") == wanted
            out += np.where(hit, self._df_counts.take(at, mode="clip"), 0)
        return out

    def frozen_counts(self, key_lists: list[list[int]]) -> list[FrozenCounts]:
        """For each list of keys the frozen part of ``frequencies``, all in one search
        (``StoryIndex.prepare`` asks for its group: a dozen numpy calls per group, not
        per article); valid until the frozen frequencies change (a freeze, an eviction)."""
        sizes = list(map(len, key_lists))
        if not len(self._df_keys):
            counts = [np.zeros(n, np.int32) for n in sizes]
        else:
            wanted = np.fromiter(chain.from_iterable(key_lists), np.uint32, sum(sizes))
            at = self._df_keys.searchsorted(wanted)
            hit = self._df_keys.take(at, mode="clip") == wanted
            found = np.where(hit, self._df_counts.take(at, mode="clip"), 0)
            counts = np.split(found, np.cumsum(sizes[:-1], dtype=np.int64))
        return [FrozenCounts(k, self.frozen_version, c) for k, c in zip(key_lists, counts)]

    def frequency_table(self) -> dict[int, int]:
        """Every key counted in the window and its document frequency."""
        table = Counter(dict(zip(self._df_keys.tolist(), self._df_counts.tolist())))
        table.update(self._open_df)
        return dict(table)

    def candidates(self, keys: list[int], weight: Callable[[int, float], float],
                   open_cap: int) -> dict[int, float]:
        """Documents that share some of ``keys`` (sorted), with the summed ``weight(key,
        0.0)`` of the keys they share: from the open chunk every document of a posting of
        at most ``open_cap`` (in the order found), then the ``frozen_top`` heaviest
        frozen documents whose sum is at least 1 (disjoint from the open ones)."""
        weights = self.open_candidates(keys, weight, open_cap)
        for doc, w in self._frozen_candidates(keys, weight):
            weights[doc] = w
        return weights

    def open_candidates(self, keys: list[int], weight: Callable[[int, float], float],
                        open_cap: int) -> dict[int, float]:
        """The open chunk's part of ``candidates``."""
        weights: dict[int, float] = {}
        so_far, postings = weights.get, self._open.get  # bound once: the loop is hot
        for key in keys:
            posting = postings(key)
            if posting and len(posting) <= open_cap:
                w = weight(key, 0.0)
                for doc in posting:
                    weights[doc] = so_far(doc, 0.0) + w
        return weights

    def frozen_candidates_of_many(self, queries: list[tuple[list[int], list[float]]]
                                  ) -> list[list[tuple[int, float]]]:
        """For each query (its keys sorted, their weights) the frozen part of
        ``candidates``, as (document, sum) in the order that gives: the same arrays
        operations for all the queries at once (a batch re-clustered: the index does not
        change between its searches), not a dozen numpy calls per query. Each (query,
        document) run keeps its key order, so ``reduceat`` adds the same values in the
        same order as per query."""
        found: list[list[tuple[int, float]]] = [[] for _ in queries]
        sizes = np.fromiter(map(len, (keys for keys, _ in queries)), np.int64, len(queries))
        count = int(sizes.sum())
        keys = np.fromiter(chain.from_iterable(k for k, _ in queries), np.uint32, count)
        hit, lengths, rows = self._frozen_rows(keys)
        if not len(rows):
            return found
        key_weights = np.fromiter(chain.from_iterable(w for _, w in queries), np.float64, count)
        per = key_weights[hit].repeat(lengths)
        owner = np.arange(len(queries)).repeat(sizes)[hit].repeat(lengths)
        docs = self._docs[rows]
        order = _by_owner_and_document(owner, docs)
        docs, per, owner = docs[order], per[order], owner[order]
        first, sums = _document_runs(docs, per, owner)
        top = (sums >= 1.0).nonzero()[0]
        # each query's runs over 1 (by document), cut to the heaviest as per query
        bounds = owner[first[top]].searchsorted(np.arange(len(queries) + 1)).tolist()
        chosen = [self._heaviest(top[lo:hi], sums) for lo, hi in zip(bounds, bounds[1:])]
        chosen_runs = np.concatenate(chosen)
        pairs = zip(docs[first[chosen_runs]].tolist(), sums[chosen_runs].tolist())
        for who, n in enumerate(map(len, chosen)):
            found[who] = list(islice(pairs, n))
        return found

    def _frozen_candidates(self, keys: list[int], weight) -> list[tuple[int, float]]:
        hit, lengths, rows = self._frozen_rows(np.array(keys, np.uint32))
        if not len(rows):
            return []
        per = np.array([weight(keys[i], 0.0) for i in hit.tolist()]).repeat(lengths)
        # summed by document: a stable sort of the few hundred postings, not a count over
        # the whole window (each document's weights still add up in key order)
        docs = self._docs[rows]
        order = docs.argsort(kind="stable")
        docs, per = docs[order], per[order]
        first, sums = _document_runs(docs, per)
        top = self._heaviest((sums >= 1.0).nonzero()[0], sums)
        return list(zip(docs[first[top]].tolist(), sums[top].tolist()))

    def _frozen_rows(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For an array of keys: which of them (positions) have frozen postings, each
        posting's length (0 past ``max_posting``), and the rows of ``_docs`` they cover,
        one posting after the other (one binary search for all keys; array methods, not
        the np.* functions: those add a Python wrapper per call)."""
        if not len(self._keys) or not len(wanted):
            empty = np.zeros(0, np.int64)
            return empty, empty, empty
        at = self._keys.searchsorted(wanted)
        # a key past the last sorts at the end: compared with the last key (not equal)
        hit = (self._keys.take(at, mode="clip") == wanted).nonzero()[0]
        at = at[hit]
        starts = self._start[at]
        lengths = self._start[at + 1] - starts
        lengths[lengths > self.max_posting] = 0
        total = int(np.add.reduce(lengths))
        rows = (starts - lengths.cumsum() + lengths).repeat(lengths) + np.arange(total)
        return hit, lengths, rows

    def _heaviest(self, top: np.ndarray, sums: np.ndarray) -> np.ndarray:
        """``top`` cut to the ``frozen_top`` largest sums, in ``argpartition`` order (it
        settles ties; the batch and the single search cut the same way)."""
        limit = self.frozen_top
        return top[sums[top].argpartition(-limit)[-limit:]] if len(top) > limit else top

    def footprint(self) -> dict[str, int]:
        """Bytes held, by part: ``postings`` and ``df`` (as ``StoryIndex.footprint``)."""
        size = sys.getsizeof
        postings = (self._keys.nbytes + self._start.nbytes + self._docs.nbytes
                    + size(self._open)) + sum(
            size(k) + size(v) + sum(size(a) for a in v) for k, v in self._open.items())
        df = (self._df_keys.nbytes + self._df_counts.nbytes + size(self._open_df)
              + sum(size(k) + size(v) for k, v in self._open_df.items())
              + sum(c[3].nbytes + c[4].nbytes + 100 for c in self._chunks))
        return {"postings": postings, "df": df}


def _by_owner_and_document(owner: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The order of rows by (owner, document), stable (a run's rows stay in key order):
    ``np.lexsort((docs, owner))``, as one sort of a 64-bit key (about a third of the
    time: uint32 documents in the low half, the owner above)."""
    return ((owner.astype(np.uint64) << np.uint64(32)) | docs).argsort(kind="stable")


def _document_runs(docs: np.ndarray, per: np.ndarray, owner: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Where each document's run starts in rows sorted by (owner,) document, and the sum
    of its weights (added in the rows' order)."""
    starts_run = np.empty(len(docs), bool)
    starts_run[0] = True
    np.not_equal(docs[1:], docs[:-1], out=starts_run[1:])
    if owner is not None:  # one search's runs end where the next search's begin
        starts_run[1:] |= owner[1:] != owner[:-1]
    first = starts_run.nonzero()[0]
    return first, np.add.reduceat(per, first)
