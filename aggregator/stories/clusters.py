"""The stories of the window: ids, day spans, sizes, and their union when they merge.

Stories are numbered in the order they are created, so "the oldest" is "the lowest
number". Each has a stable id (``story_id_for`` the canonical URL of its first
article), a dated span (the union of its articles' day intervals; none while all are
undated), a size, the newest document filed in it, and a parent in a union-find forest:
a story merged into another points to it (``root``), and ``merged`` maps the absorbed
id to the surviving one. It also remembers its first document and its ``RECENT`` most
recent others (``members``): what a policy that judges the story as a whole compares. Stories with no document left in the index lose their id
(``evict``); the slots of the oldest are dropped and the rest renumbered (``compact``),
so the arrays stay proportional to the window.
"""

from __future__ import annotations

import hashlib
import sys
from array import array

from aggregator.stories.days import NO_DAY, compatible


def story_id_for(key: str) -> str:
    """A short stable story id derived from ``key``."""
    return "s" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


class Stories:
    """Story numbers to ids, spans and sizes; merges by union into the older story.

    ``window_days``: how far an article's day may lie outside a story's span."""

    #: Most recent documents remembered per story beside its first (``members``).
    RECENT = 8

    def __init__(self, window_days: int = 2):
        self.window_days = window_days
        #: absorbed story id -> the id it was merged into (follow with ``resolve``)
        self.merged: dict[str, str] = {}
        self._ids: list[str | None] = []
        self._number: dict[str, int] = {}
        self._lo, self._hi = array("i"), array("i")
        self._last_doc, self._size, self._parent = array("q"), array("i"), array("i")
        self._first_doc = array("q")
        #: story number -> its most recent documents but the first (stories of two or more)
        self._recent: dict[int, list[int]] = {}
        #: numbers below this have lost their id (no document of theirs is indexed)
        self.floor = 0
        #: story slots dropped so far (``compact``): numbers handed out before are this
        #: much lower now
        self.shift = 0

    def __len__(self) -> int:
        """Story slots held (live, merged and evicted ones not yet compacted)."""
        return len(self._ids)

    # --- ids -------------------------------------------------------------------------

    def new(self, story_id: str) -> int:
        """Open a story with ``story_id``; returns its number."""
        number = len(self._ids)
        self._ids.append(story_id)
        self._number[story_id] = number
        self._lo.append(NO_DAY)
        self._hi.append(NO_DAY)
        self._last_doc.append(-1)
        self._first_doc.append(-1)
        self._size.append(0)
        self._parent.append(number)
        return number

    def new_id(self, key: str) -> int:
        """Open a story with an id derived from ``key`` (re-derived while taken: the same
        text can key different articles); returns its number."""
        sid = story_id_for(key)
        while sid in self._number:
            sid = story_id_for(sid)
        return self.new(sid)

    def number(self, story_id: str) -> int | None:
        """The number of a story id still held, or None."""
        return self._number.get(story_id)

    def id(self, number: int) -> str | None:
        """The id of story ``number`` (None once evicted)."""
        return self._ids[number]

    def resolve(self, story_id: str | None) -> str | None:
        """The surviving id of a story that may have been merged into another."""
        seen = set()
        while story_id in self.merged and story_id not in seen:
            seen.add(story_id)
            story_id = self.merged[story_id]
        return story_id

    def live(self) -> dict[str, int]:
        """Ids of the stories held and not merged away, with their sizes (0 for one
        emptied by ``move``)."""
        return {sid: self._size[n] for n, sid in enumerate(self._ids)
                if sid is not None and self._parent[n] == n}

    # --- spans and union -------------------------------------------------------------

    def grow(self, number: int, lo: int | None, hi: int | None, doc: int) -> None:
        """Count document ``doc`` (newest so far) with days [lo, hi] in story ``number``."""
        self._size[number] += 1
        if self._first_doc[number] < 0:
            self._first_doc[number] = doc
        else:
            recent = self._recent.setdefault(number, [])
            recent.append(doc)
            if len(recent) > self.RECENT:
                del recent[0]
        if lo is not None:
            st_lo, st_hi = self._lo[number], self._hi[number]
            self._lo[number] = lo if st_lo == NO_DAY else min(st_lo, lo)
            self._hi[number] = hi if st_hi == NO_DAY else max(st_hi, hi)
        self._last_doc[number] = doc

    def move(self, doc: int, old: int, new: int, lo: int | None, hi: int | None) -> None:
        """Refile document ``doc`` (days [lo, hi]) from story ``old`` into ``new`` (a batch
        decided again: ``aggregator.stories.recluster``). The old story's span is left as
        it was (it only ever widens: the time filter stays permissive)."""
        self._size[old] -= 1
        recent = self._recent.get(old, [])
        if doc in recent:
            recent.remove(doc)
        if self._first_doc[old] == doc:
            self._first_doc[old] = recent.pop(0) if recent else -1
        last = self._last_doc[new]
        self.grow(new, lo, hi, doc)
        self._last_doc[new] = max(last, doc)

    def members(self, number: int) -> list[int]:
        """The story's first document and its ``RECENT`` most recent others (some may
        have been evicted since)."""
        first = self._first_doc[number]
        return ([first] if first >= 0 else []) + self._recent.get(number, [])

    def root(self, number: int) -> int:
        """The story ``number`` was merged into, at the end of the chain (itself if none)."""
        parent = self._parent
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    def fits(self, number: int, lo: int | None, hi: int | None) -> bool:
        """Whether days [lo, hi] lie within ``window_days`` of the story's span."""
        st_lo = self._lo[number]
        return st_lo == NO_DAY or compatible(lo, hi, st_lo, self._hi[number],
                                              self.window_days)

    def spans_fit(self, a: int, b: int) -> bool:
        """Whether the spans of stories ``a`` and ``b`` lie within ``window_days``."""
        if self._lo[a] == NO_DAY or self._lo[b] == NO_DAY:
            return True
        return compatible(self._lo[a], self._hi[a], self._lo[b], self._hi[b], self.window_days)

    def merge(self, old: int, new: int) -> tuple[str, str]:
        """Fold story ``old`` into ``new`` (the older one): the bridge policy. Returns
        (absorbed id, surviving id)."""
        self._parent[old] = new
        self._size[new] += self._size[old]
        if self._lo[old] != NO_DAY:
            lo, hi = self._lo[new], self._hi[new]
            self._lo[new] = self._lo[old] if lo == NO_DAY else min(lo, self._lo[old])
            self._hi[new] = self._hi[old] if hi == NO_DAY else max(hi, self._hi[old])
        self._last_doc[new] = max(self._last_doc[new], self._last_doc[old])
        absorbed = sorted(self._recent.pop(old, []) + self._recent.get(new, [])
                          + [d for d in [self._first_doc[old]] if d >= 0])
        if absorbed:
            self._recent[new] = absorbed[-self.RECENT:]
        old_id, new_id = self._ids[old], self._ids[new]
        self.merged[old_id] = new_id
        return old_id, new_id

    # --- eviction --------------------------------------------------------------------

    def evict(self, doc_floor: int) -> None:
        """Drop the ids of stories with no document numbered ``doc_floor`` or above (the
        slots stay until ``compact``). By document, not by day: a chunk of the index is
        evicted whole, so an old article crawled late stays indexed beside today's, and
        a repost that matches it needs its story."""
        n, end = self.floor, len(self._ids)
        advancing = True
        while n < end:
            sid = self._ids[n]
            if sid is not None and self._last_doc[self.root(n)] < doc_floor:
                self._ids[n] = None
                self._number.pop(sid, None)
                self._recent.pop(n, None)
            if self._ids[n] is None and advancing:
                self.floor = n + 1
            else:
                advancing = False
                if self._last_doc[n] >= doc_floor:
                    break
            n += 1

    def compact(self, referenced: int) -> int:
        """Drop the slots below ``referenced`` (the lowest story number, or root of one,
        that an indexed document refers to) and below ``floor``, renumbering the rest
        down (numbers keep their order, so "the oldest first" still holds). Returns how
        many slots went: the caller renumbers its documents by as much."""
        k = min(self.floor, referenced)
        if k <= 0:
            return 0
        for arr in (self._lo, self._hi, self._last_doc, self._size, self._first_doc):
            del arr[:k]
        self._recent = {n - k: docs for n, docs in self._recent.items() if n >= k}
        parents = self._parent[k:]
        # a dead story merged into a dropped one becomes its own root (nothing reaches it)
        self._parent = array("i", (p - k if p >= k else i for i, p in enumerate(parents)))
        del self._ids[:k]
        self._number = {sid: n - k for sid, n in self._number.items()}
        self.floor -= k
        self.shift += k
        return k

    def footprint(self) -> int:
        """Bytes held (as ``StoryIndex.footprint``)."""
        size = sys.getsizeof
        return (sum(size(a) for a in (self._lo, self._hi, self._last_doc, self._size,
                                      self._parent, self._first_doc))
                + size(self._recent) + sum(size(v) + sum(map(size, v))
                                           for v in self._recent.values())
                + size(self._ids) + size(self._number)
                + sum(size(k) + size(v) for k, v in self._number.items())
                + size(self.merged) + sum(size(k) + size(v) for k, v in self.merged.items()))
