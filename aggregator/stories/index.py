"""Group articles into stories: one story per event, across outlets and across runs.

``StoryIndex.assign(article) -> story_id`` is the one entry point (StorePipeline and
``aggregator enrich`` call it). How an article finds its story:

1. **Same article.** A canonical URL already indexed keeps its story.
2. **Candidates** (cheap, broad) among the articles of the recent time window:
   - MinHash over word-3-shingles (datasketch's ``affine32`` scheme) cut into LSH bands
     (bands x rows from datasketch's own optimiser), each band a key of the inverted
     index below: reposts and lightly edited copies;
   - an inverted index of event keys (named entities, headline stems, named numbers,
     see ``aggregator.stories.features``): independent rewrites share the rare ones.
   The ``MAX_CANDIDATES`` that share the most key weight and whose days fit (4. below)
   are judged: the time filter comes first, so the same names on other days do not
   crowd out this event's reports.
3. **Verification** of each candidate by a score from explainable evidence
   (``evidence``, ``judge``): near-duplicate text (MinHash Jaccard estimate) confirms at
   once; otherwise TF-IDF cosine over body stems, plus the rare named entities and the
   specific named numbers (a decimal matches the whole figure a rewrite rounds it to)
   and dates both articles mention, the share of entity weight and of headline/lead
   stems they have in common, and bonuses for a figure both headlines state, for a rare
   name with a date in common (the same place or people on the same day) and for a
   partly copied text (a shared quote). A reaction to an event (condolences,
   congratulations in the headline or lead) never joins the event's story. IDF comes
   from the window itself (document frequencies of the indexed articles).
   **Story-level:** the candidates of one story are also judged together, on the union
   of what the article shares with each of them, so a rewrite that repeats the date of
   one report and the figures of another joins the story as a whole.
4. **Time.** Publication days are intervals (a day, or a whole month when the page gave
   only ``YYYY-MM``; unknown when undated). An article may join a story only when its
   interval lies within ``window_days`` of the story's dated span, so an undated article
   cannot chain two events of different days together.
5. **Bridges.** When an article matches two or more stories whose spans are compatible,
   they are merged into the *oldest* (first created) story: its id stays, the others'
   rows are re-pointed (``merged`` maps old id -> surviving id; ``save`` rewrites the
   database rows and drops the absorbed ``stories`` rows).

Across runs: ``StoryIndex(store)`` loads the signatures of the recent window from the
``story_signatures`` table and ``save(store, articles)`` persists new ones after the
articles are upserted, so tomorrow's repost joins today's story.

Story ids are stable strings: ``story_id_for`` the canonical URL of the story's first
article.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from datetime import date, datetime, timezone
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import eq, mul
from typing import TYPE_CHECKING, Iterable

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from datasketch.minhash import _fmix

from aggregator.items import Article
from aggregator.store.articles import article_ids, story_of_url
from aggregator.store.signatures import recent_signatures, save_signatures
from aggregator.stories.features import Features, Memo, features, rounded

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.store import Store

NUM_PERM = 32
#: Jaccard similarity the LSH bands aim at (reposts and light edits); datasketch's own
#: optimiser picks bands x rows for it: (8, 4) with 32 permutations.
LSH_THRESHOLD = 0.5
LSH_BANDS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)
UNKNOWN = None

_EPOCH = date(1970, 1, 1)
_MONTH_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_NONE = -(2 ** 31)  # "no day" in the packed header
_MASK32 = 0xFFFFFFFF
_LOG_TF = [0.0] + [1 + math.log(c) for c in range(1, 256)]
#: Header of a packed document: story number, day lo, day hi, seen day, url hash, body
#: norm, lead weight, entity weight, flags, then the lengths of the key sections.
_HEAD = struct.Struct("<iiiiqfffB8H")
_SECTIONS = ("strong", "weak", "nums", "dates", "lead", "rounded", "headline", "words")
_REACTION = 1


def story_id_for(key: str) -> str:
    """A short stable story id derived from ``key``."""
    return "s" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations


_EMPTY_MINHASH = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").hashvalues.astype(np.uint32)


def minhash_of(shingles: Iterable[str]) -> np.ndarray:
    """MinHash signature (uint32, ``NUM_PERM`` values) of a shingle set: datasketch's
    ``MinHash(scheme="affine32", seed=1)`` over the CRC-32 of each shingle's UTF-8 text,
    computed in one numpy step (the same values as ``MinHash.update_batch``, without the
    object; ``tests/test_stories.py`` checks that they agree)."""
    return minhash_of_hashes(list(map(zlib.crc32, map(str.encode, shingles))))


def minhash_of_hashes(hashes: list[int]) -> np.ndarray:
    """``minhash_of`` from the CRC-32 values of the shingles (``Features.shingle_hashes``;
    repeats do not change the minima)."""
    if not hashes:
        return _EMPTY_MINHASH.copy()
    a, b = _permutation_columns()  # one row per permutation
    return np.minimum.reduce(a * _fmix(np.array(hashes, np.uint32), 32) + b, axis=1)


@lru_cache(maxsize=1)
def _permutation_columns():
    return tuple(p.reshape(-1, 1) for p in _permutations())


def _day(text: str) -> int:
    return (date.fromisoformat(text[:10]) - _EPOCH).days


def day_interval(article: Article) -> tuple[int, int] | None:
    """Days (since 1970) the article may have been published on; None when undated."""
    value = article.published_at or article.published_local
    if value:
        try:
            d = _day(value)
            return d, d
        except ValueError:
            pass
    match = _MONTH_ONLY.match(article.date_raw or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            first = date(year, month, 1)
            last = date(year + (month == 12), month % 12 + 1, 1)
            return (first - _EPOCH).days, (last - _EPOCH).days - 1
    return None


def _seen_day(article: Article) -> int:
    when = article.fetched_at or datetime.now(timezone.utc).isoformat()
    try:
        return _day(when)
    except ValueError:
        return (datetime.now(timezone.utc).date() - _EPOCH).days


def _is_specific(number: str) -> bool:
    """A number that names something: a decimal, a date, or two or more digits."""
    return "." in number or len(number) >= 2


def url_key(url: str) -> int:
    """A 64-bit signed key of a canonical URL (blake2b): the same in every process, so a
    run's decisions do not depend on Python's per-process string hash."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(),
                          "little", signed=True)


def _feature_keys(prefix: str) -> Memo:
    """The 32-bit keys of feature strings of one kind: the CRC-32 of ``prefix`` + value
    in UTF-8 (the same in every process, unlike Python's string hash, so the same articles
    make the same stories in every run), remembered per value: the stems, names and
    numbers of a news stream recur, and ``aggregator.stories.features`` hands out the same
    string objects (its caches), so a known value costs one dict probe."""
    return Memo(lambda value: zlib.crc32((prefix + value).encode("utf-8")))


_ENTITY, _NUMBER, _STEM = (_feature_keys(p).many for p in ("e:", "n:", "w:"))


class _Doc:
    """One indexed article unpacked (the index keeps it packed as bytes; ``save`` reads
    it this way, scoring reads the packed record in place: ``_shared``)."""

    __slots__ = ("story", "lo", "hi", "seen", "url", "norm", "lead_w", "ent_w", "flags",
                 "strong", "weak", "nums", "dates", "lead", "rounded", "headline", "words",
                 "minhash")

    @classmethod
    def unpack(cls, blob: bytes) -> "_Doc":
        doc = cls()
        (doc.story, lo, hi, doc.seen, doc.url, doc.norm, doc.lead_w, doc.ent_w, doc.flags,
         *lengths) = _HEAD.unpack_from(blob)
        doc.lo = None if lo == _NONE else lo
        doc.hi = None if hi == _NONE else hi
        total = sum(lengths)
        keys = array("I")
        offset = _HEAD.size + 4 * total
        keys.frombytes(blob[_HEAD.size:offset])
        a, b, c, d, e, f, g, n = lengths
        b += a
        c += b
        d += c
        e += d
        f += e
        g += f
        doc.strong, doc.weak, doc.nums, doc.dates = (
            set(keys[:a]), set(keys[a:b]), set(keys[b:c]), set(keys[c:d]))
        doc.lead, doc.rounded, doc.headline = set(keys[d:e]), set(keys[e:f]), set(keys[f:g])
        doc.words = dict(zip(keys[g:], blob[offset:offset + n]))
        doc.minhash = np.frombuffer(blob, np.uint32, NUM_PERM, offset + n)
        return doc


class StoryIndex:
    """Assigns each article the id of the story it belongs to.

    ``store``: a ``Store`` to load the recent window's signatures from (and to ``save``
    to); ``window_days``: how far an article's day may lie outside a story's span;
    ``keep_days``: how many days of signatures stay in memory and are loaded.
    """

    #: Minimum MinHash Jaccard estimate that makes two texts copies of one another.
    NEAR_DUPLICATE = 0.3
    #: Score an article needs against a story member to join the story.
    THRESHOLD = 0.75
    #: A name counts as rare when at most this many articles of the window, or this share
    #: of them, mention it.
    RARE_DF, RARE_SHARE = 5, 0.01
    #: Weight of a weak name (gazetteer country, capital, leader, institution; a generic
    #: office) relative to another proper name of the same window frequency.
    WEAK = 0.35
    #: A key shared by more indexed articles than this is too common to find candidates.
    MAX_POSTING = 128
    #: Candidates verified per article: the heaviest by shared-key weight (an LSH band
    #: weighs most) among those whose days fit.
    MAX_CANDIDATES = 3
    #: Body stems kept per indexed article (the most weighty by TF-IDF).
    TOP_WORDS = 40
    #: Articles per frozen chunk of the index (sorted numpy arrays; evicted whole).
    CHUNK = 1024
    #: Dead story slots (older than every indexed article's story) dropped at once.
    COMPACT_STORIES = 65_536
    #: Candidate weight of a shared specific number or date.
    NUM_KEY = 1.5
    #: Weights of the evidence added to the cosine (see ``score``).
    W_RARE, W_NUM, W_DATE, W_ENT, W_LEAD = 0.1, 0.05, 0.1, 0.2, 0.3
    #: Bonus for a figure both headlines state, and for a rare name with a date in common.
    W_HEAD, W_EVENT = 0.3, 0.5
    #: MinHash Jaccard estimate of a partial copy (a shared quote or paragraphs), and the
    #: bonus it gives.
    PARTIAL_COPY, W_COPY = 0.12, 0.2

    def __init__(self, store: "Store | None" = None, *, window_days: int = 2,
                 keep_days: int = 7):
        self.window_days = window_days
        self.keep_days = keep_days
        self.docs: dict[int, bytes] = {}
        self.merged: dict[str, str] = {}
        # stories by number: ids, day span, newest indexed article (doc id), size, merge
        # parent
        self._story_ids: list[str | None] = []
        self._story_no: dict[str, int] = {}
        self._st_lo, self._st_hi = array("i"), array("i")
        self._st_last_doc, self._st_size, self._st_parent = array("q"), array("i"), array("i")
        self._st_floor = 0
        self._st_shift = 0  # story slots dropped so far (``_compact_stories``)
        # postings: the frozen part as sorted unique keys (uint32), where each key's run
        # of documents starts in ``_pdocs`` (int32, one more at the end) and the
        # documents (uint32), merged in chunk by chunk (``_merge_postings``); the open
        # part as a dict
        self._pkeys, self._pdocs = np.zeros(0, np.uint32), np.zeros(0, np.uint32)
        self._pstart = np.zeros(1, np.int32)
        self._set_views()
        self._open_post: dict[int, list[int]] = {}
        # document frequencies: frozen (sorted keys, counts) and the open chunk's dict
        self._df_keys = np.zeros(0, np.uint32)
        self._df_counts = np.zeros(0, np.int32)
        self._open_df: Counter[int] = Counter()
        self._chunks: list[tuple[int, int, int, np.ndarray, np.ndarray]] = []
        self._open_first = 0
        self._open_day = _NONE
        self._next_id = 0
        self._floor = 0  # doc ids below this were evicted
        self._pending: dict[int, tuple[Article, bytes, Features]] = {}
        self._pending_merges: list[tuple[str, str]] = []
        self._newest = None
        self._idf_n = 20
        self.store = store
        if store is not None:
            self.load(store)

    # --- the interface ---------------------------------------------------------------

    def assign(self, article: Article) -> str:
        """Return (and set on the article) the story id for ``article``."""
        url = article.canonical_url or article.url or ""
        known = self._known_story(url)
        if known:
            article.story_id = known
            return known
        feats = features(article.title, "\n".join(filter(None, [article.lead, article.body])))
        story_no = self._place(feats, day_interval(article), _seen_day(article), url,
                               f"{article.title}\x1f{article.body}")
        aid = self._next_id - 1
        if self.store is not None:  # kept until ``save`` knows the article's row id
            self._pending[aid] = (article, self.docs[aid], feats)
        article.story_id = self._story_ids[story_no]
        return article.story_id

    def resolve(self, story_id: str | None) -> str | None:
        """The surviving id of a story that may have been merged into another."""
        seen = set()
        while story_id in self.merged and story_id not in seen:
            seen.add(story_id)
            story_id = self.merged[story_id]
        return story_id

    @property
    def stories(self) -> dict[str, int]:
        """Live story ids (in the window) and their article counts."""
        return {sid: self._st_size[n] for n, sid in enumerate(self._story_ids)
                if sid is not None and self._st_parent[n] == n}

    def footprint(self) -> dict[str, int]:
        """Bytes held by the index, by part (``sys.getsizeof`` of each container and of
        what it holds, numpy buffers by ``nbytes``): what the benchmark divides by the
        number of indexed articles. Feature caches (bounded LRUs) are not included."""
        size = sys.getsizeof
        docs = size(self.docs) + sum(size(b) + size(a) for a, b in self.docs.items())
        postings = (self._pkeys.nbytes + self._pstart.nbytes + self._pdocs.nbytes
                    + size(self._open_post)) + sum(
            size(k) + size(v) + sum(size(a) for a in v) for k, v in self._open_post.items())
        df = (self._df_keys.nbytes + self._df_counts.nbytes + size(self._open_df)
              + sum(size(k) + size(v) for k, v in self._open_df.items())
              + sum(c[3].nbytes + c[4].nbytes + 100 for c in self._chunks))
        stories = (sum(size(a) for a in (self._st_lo, self._st_hi, self._st_last_doc,
                                         self._st_size, self._st_parent))
                   + size(self._story_ids) + size(self._story_no)
                   + sum(size(k) + size(v) for k, v in self._story_no.items())
                   + size(self.merged) + sum(size(k) + size(v) for k, v in self.merged.items()))
        return {"docs": docs, "postings": postings, "df": df, "stories": stories,
                "total": docs + postings + df + stories}

    # --- placing one article ---------------------------------------------------------

    def _place(self, feats: Features, interval, seen: int, url: str, fallback: str,
               story: str | None = None, minhash: np.ndarray | None = None) -> int:
        self._idf_n = len(self.docs) + 20
        q = self._query(feats, interval, seen, url, minhash)
        if story is not None:  # loaded from the store: its story is known
            number = self._story_no.get(story)
            if number is None:
                number = self._new_story(story, q)
        else:
            number = self._match(q)
            if number is None:
                sid = story_id_for(url or fallback)
                while sid in self._story_no:  # same id text for different bodies
                    sid = story_id_for(sid)
                number = self._new_story(sid, q)
        self._grow_story(number, q)
        shift = self._st_shift
        self._add(number, q)
        return number - (self._st_shift - shift)  # renumbered if stories were compacted

    def _new_story(self, sid: str, q: "_Query") -> int:
        number = len(self._story_ids)
        self._story_ids.append(sid)
        self._story_no[sid] = number
        for arr in (self._st_lo, self._st_hi):
            arr.append(_NONE)
        self._st_last_doc.append(-1)
        self._st_size.append(0)
        self._st_parent.append(number)
        return number

    def _grow_story(self, number: int, q: "_Query") -> None:
        self._st_size[number] += 1
        if q.lo is not None:
            lo, hi = self._st_lo[number], self._st_hi[number]
            self._st_lo[number] = q.lo if lo == _NONE else min(lo, q.lo)
            self._st_hi[number] = q.hi if hi == _NONE else max(hi, q.hi)
        self._st_last_doc[number] = self._next_id  # the doc id ``_add`` gives the article

    def _root(self, number: int) -> int:
        parent = self._st_parent
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    # --- evidence --------------------------------------------------------------------

    def _df(self, keys: list[int]) -> np.ndarray:
        """Window document frequency of each key (frozen chunks plus the open one)."""
        out = np.fromiter(map(self._open_df.get, keys, repeat(0)), np.int64, len(keys))
        if len(self._df_keys):
            wanted = np.array(keys, np.uint32)
            at = self._df_keys.searchsorted(wanted)
            hit = self._df_keys.take(at, mode="clip") == wanted
            out += np.where(hit, self._df_counts.take(at, mode="clip"), 0)
        return out

    def _query(self, feats: Features, interval, seen: int, url: str,
               minhash: np.ndarray | None = None) -> "_Query":
        q = _Query()
        q.lo, q.hi = interval if interval else (None, None)
        q.seen = seen
        q.day = q.hi if q.hi is not None else seen
        q.url = url_key(url) if url else 0
        weak = feats.weak
        q.strong = set(_ENTITY(feats.entities - weak))
        q.weak = set(_ENTITY(weak))
        undated = feats.numbers - feats.dates
        q.nums = set(_NUMBER(filter(_is_specific, undated)))
        q.dates = set(_NUMBER(feats.dates))
        q.rounded = set(_NUMBER(filter(None, map(rounded, undated))))
        q.headline = set(_NUMBER(filter(_is_specific, feats.headline_numbers)))
        q.names = q.strong | q.weak
        q.nums_or_rounded = q.nums | q.rounded
        q.reaction = feats.reaction
        q.lead = set(_STEM(feats.lead))
        q.title = set(_STEM(feats.title))
        q.counts = dict(zip(_STEM(feats.words), feats.words.values()))
        # IDF of every key this article may share (body and lead stems, entities); the
        # divisions in numpy, the logarithms by ``math.log`` (numpy's may differ in the
        # last bit)
        q.df_keys = q.counts.keys() | q.lead | q.names
        keys = sorted(q.df_keys)  # in order: each binary search starts where the last ended
        dfs = self._df(keys)
        q.idf = idf = dict(zip(keys, map(math.log, (self._idf_n / (dfs + 1)).tolist())))
        rare_df = max(self.RARE_DF, self.RARE_SHARE * len(self.docs))
        q.rare = set(compress(keys, (dfs <= rare_df).tolist()))
        tf = map(_LOG_TF.__getitem__, map(min, q.counts.values(), repeat(255)))
        q.vec = dict(zip(q.counts, map(mul, tf, map(idf.__getitem__, q.counts))))
        weights = q.vec.values()
        q.norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
        q.lead_w = sum(map(idf.__getitem__, q.lead))
        q.ent_w = self._ent_weight(q, q.strong | q.weak)
        if minhash is not None:
            q.minhash, q.empty = minhash, False
        else:
            hashes = feats.shingle_hashes()
            q.minhash, q.empty = minhash_of_hashes(hashes), not hashes
        q.minhash_bytes = q.minhash.astype(np.uint32, copy=False).tobytes()
        q.minhash_list = array("I", q.minhash_bytes)
        q.feats = feats
        return q

    def _ent_weight(self, q: "_Query", keys: Iterable[int]) -> float:
        return sum(q.idf[k] * (self.WEAK if k in q.weak else 1.0) for k in keys)

    def _key_weights(self, q: "_Query") -> dict[int, float]:
        """How much sharing each index key says: names by IDF (weak ones less), numbers
        and dates a fixed amount, headline stems by IDF, an LSH band enough alone."""
        out = {k: self.NUM_KEY for k in q.nums | q.dates}
        out.update((k, q.idf.get(k, 0.0) * 0.5) for k in q.title)
        out.update((k, q.idf[k]) for k in q.strong)
        out.update((k, q.idf[k] * self.WEAK) for k in q.weak)
        out.update((k, 100.0) for k in q.bands)
        return out

    def _index_keys(self, q: "_Query") -> list[int]:
        keys = q.strong | q.weak | q.nums | q.dates | q.title
        q.bands = set()
        if not q.empty:
            size = 4 * LSH_BANDS[1]  # bytes of a band of uint32 values
            mh = q.minhash_bytes
            for b in range(LSH_BANDS[0]):
                q.bands.add(zlib.crc32(mh[b * size:(b + 1) * size], b))  # b: one key space per band
        keys |= q.bands
        if q.url:
            keys.add(q.url & _MASK32)
        return sorted(keys)

    def _jaccard(self, q: "_Query", blob: bytes) -> float:
        """MinHash Jaccard estimate of ``q`` and a packed article (its signature ends it)."""
        if q.empty:
            return 0.0
        return sum(map(eq, q.minhash_list, array("I", blob[-4 * NUM_PERM:]))) / NUM_PERM

    def _shared(self, q: "_Query", blob: bytes, jaccard: float | None = None) -> dict:
        """What the new article ``q`` shares with one indexed article (its packed
        ``blob``, read in place: sets only of what is shared; ``jaccard`` if known)."""
        (_, _, _, _, _, norm, lead_w, ent_w, flags, *lengths) = _HEAD.unpack_from(blob)
        a, b, c, d, e, f, g, n = accumulate(lengths)
        end = _HEAD.size + 4 * n  # the keys of all sections, then the stem counts
        keys = array("I", blob[_HEAD.size:end])
        idf, vec, log_tf = q.idf, q.vec, _LOG_TF
        dot = 0.0
        words = keys[g:]  # the other's top stems (in its order) and their counts
        for k, count in compress(zip(words, blob[end:end + n - g]), map(vec.__contains__, words)):
            dot += vec[k] * log_tf[count] * idf[k]
        # the same figure, or a decimal one side rounds to its whole part (51.77 ~ 51)
        numbers = q.nums_or_rounded.intersection(keys[b:c])
        numbers.update(q.nums.intersection(keys[e:f]))
        return {
            "jaccard": self._jaccard(q, blob) if jaccard is None else jaccard,
            "cosine": dot / (q.norm * (norm or 1.0)),
            "strong": q.strong.intersection(keys[:a]),
            "names": q.names.intersection(keys[:b]),
            "numbers": numbers,
            "dates": q.dates.intersection(keys[c:d]),
            "lead": q.lead.intersection(keys[d:e]),
            "headline": q.headline.intersection(keys[f:g]),
            "ent_w": ent_w, "lead_w": lead_w,
            "reaction": bool(flags & _REACTION),
        }

    def _combine(self, q: "_Query", parts: list[dict]) -> dict[str, float]:
        """Evidence of ``q`` against one article or, from several ``parts``, against the
        story those articles belong to: the union of what q shares with each of them."""
        idf = q.idf.__getitem__
        if len(parts) == 1:
            p = parts[0]
            strong, names, nums, dates, lead, head = (p["strong"], p["names"], p["numbers"],
                                                     p["dates"], p["lead"], p["headline"])
            jaccard, cosine, ent_w, lead_w = p["jaccard"], p["cosine"], p["ent_w"], p["lead_w"]
            reaction = p["reaction"] != q.reaction
        else:
            strong, names, nums, dates, lead, head = (
                set().union(*(p[k] for p in parts))
                for k in ("strong", "names", "numbers", "dates", "lead", "headline"))
            jaccard, cosine, ent_w, lead_w = (max(p[k] for p in parts)
                                              for k in ("jaccard", "cosine", "ent_w", "lead_w"))
            reaction = all(p["reaction"] != q.reaction for p in parts)
        shared_w = sum(map(idf, strong)) + self.WEAK * sum(map(idf, names - strong))
        return {
            "jaccard": jaccard,
            "cosine": cosine,
            "rare": len(strong & q.rare),
            "entities": shared_w / min(q.ent_w, ent_w) if q.ent_w and ent_w else 0.0,
            "numbers": len(nums),
            "dates": len(dates),
            "lead": sum(map(idf, lead)) / min(q.lead_w, lead_w) if q.lead_w and lead_w else 0.0,
            "headline": len(head),
            # one side reports a reaction (condolences, congratulations), the other not
            "reaction": float(reaction),
        }

    def evidence(self, q: "_Query", blob: bytes) -> dict[str, float]:
        """The explainable parts of the score of the new article ``q`` against an indexed
        one (its packed record, ``self.docs[aid]``)."""
        return self._combine(q, [self._shared(q, blob)])

    def score(self, q: "_Query", blob: bytes) -> float:
        """Evidence that the new article ``q`` and an indexed one report one event (a join
        at ``THRESHOLD``), see ``judge``."""
        return self.judge(self.evidence(q, blob))

    def judge(self, e: dict[str, float]) -> float:
        """The score of evidence ``e``: near-duplicate text at once; a reaction to an event
        never joins the event; otherwise the body cosine plus the rare names, specific
        numbers and dates, entity weight and headline/lead stems shared, a bonus when the
        two headlines state the same figure, when a rare name and a date agree (the
        same place or people on the same day) and when some text is copied (a quote),
        and only with some event evidence at all."""
        if e["jaccard"] >= self.NEAR_DUPLICATE:
            return 2.0
        if e["reaction"]:
            return 0.0
        anchor = e["rare"] + min(e["numbers"], 2) + e["dates"] + e["headline"]
        if anchor == 0 and e["entities"] < 0.5:
            return 0.0  # no shared event evidence: names, numbers or dates
        return (e["cosine"] + self.W_RARE * min(e["rare"], 3) + self.W_NUM * min(e["numbers"], 3)
                + self.W_DATE * min(e["dates"], 1) + self.W_ENT * min(e["entities"], 1.0)
                + self.W_LEAD * min(e["lead"], 1.0) + self.W_HEAD * min(e["headline"], 1)
                + self.W_EVENT * (e["dates"] >= 1 and e["rare"] >= 1)
                + self.W_COPY * (e["jaccard"] >= self.PARTIAL_COPY))

    # --- matching --------------------------------------------------------------------

    def _compatible(self, lo, hi, st_lo, st_hi) -> bool:
        if lo is None or st_lo is None:
            return True
        return lo <= st_hi + self.window_days and hi >= st_lo - self.window_days

    def _story_compatible(self, q: "_Query", number: int) -> bool:
        lo = self._st_lo[number]
        return lo == _NONE or self._compatible(q.lo, q.hi, lo, self._st_hi[number])

    def _candidates(self, q: "_Query") -> dict[int, list[bytes]]:
        """The indexed articles most worth judging, by story: those whose shared index keys
        weigh ``>= 3`` (``_key_weights``) and whose day and story span fit the article's
        (``_compatible``), the ``MAX_CANDIDATES`` heaviest, ties in the order open chunk
        (as found) then frozen (oldest first). The time filter comes first, so articles of
        a recurring event on other days (a weekly briefing, the same officials) do not
        crowd out the one that reports this event."""
        keys = self._index_keys(q)
        q.index_keys = keys
        weight = self._key_weights(q).get
        weights: dict[int, float] = {}
        # the open chunk holds a small share of the window: cap its postings in proportion
        cap = max(16, self.MAX_POSTING * self.CHUNK // max(len(self.docs), self.CHUNK))
        for key in keys:
            posting = self._open_post.get(key)
            if posting and len(posting) <= cap:
                w = weight(key, 0.0)
                for aid in posting:
                    weights[aid] = weights.get(aid, 0.0) + w
        for aid, w in self._frozen_candidates(keys, weight):  # disjoint from the open ones
            weights[aid] = w
        heavy = sorted([aid for aid, w in weights.items() if w >= 3.0], key=weights.get,
                       reverse=True)
        members: dict[int, list[bytes]] = {}
        docs, head, left = self.docs, _HEAD.unpack_from, self.MAX_CANDIDATES
        for aid in heavy:
            blob = docs.get(aid)
            if blob is None:
                continue
            story, lo, hi = head(blob)[:3]
            number = self._root(story)
            if not self._story_compatible(q, number):
                continue
            if lo != _NONE and not self._compatible(q.lo, q.hi, lo, hi):
                continue
            members.setdefault(number, []).append(blob)
            left -= 1
            if not left:
                break
        return members

    def _frozen_candidates(self, keys: list[int], weight) -> list[tuple[int, float]]:
        """Frozen documents with the summed weight of the keys they share, at least 1:
        the ``4 * MAX_CANDIDATES`` heaviest (in ``argpartition`` order: it settles ties)."""
        hit, starts, ends = self._frozen_postings(keys)
        lengths = ends - starts
        lengths[lengths > self.MAX_POSTING] = 0
        total = int(np.add.reduce(lengths))
        if not total:
            return []
        # the documents of every posting, one after the other, and their keys' weights
        # (array methods, not the np.* functions: those add a Python wrapper per call)
        at = (starts - lengths.cumsum() + lengths).repeat(lengths) + np.arange(total)
        per = np.array([weight(keys[i], 0.0) for i in hit.tolist()]).repeat(lengths)
        # summed by document: a stable sort of the few hundred postings, not a count over
        # the whole window (each document's weights still add up in key order)
        docs = self._pdocs[at]
        order = docs.argsort(kind="stable")
        docs, per = docs[order], per[order]
        first = np.flatnonzero(docs[1:] != docs[:-1]) + 1
        first = np.concatenate(([0], first))
        sums = np.add.reduceat(per, first)
        top = (sums >= 1.0).nonzero()[0]
        limit = 4 * self.MAX_CANDIDATES
        if len(top) > limit:
            top = top[sums[top].argpartition(-limit)[-limit:]]
        return list(zip(docs[first[top]].tolist(), sums[top].tolist()))

    def _frozen_postings(self, keys: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which of ``keys`` (positions) have frozen postings, and where each one's
        documents start and end in ``_pdocs`` (one binary search for all keys)."""
        if not len(self._pkeys) or not keys:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty
        wanted = np.array(keys, np.uint32)
        at = self._pkeys.searchsorted(wanted)
        np.minimum(at, len(self._pkeys) - 1, out=at)
        hit = (self._pkeys[at] == wanted).nonzero()[0]
        at = at[hit]
        return hit, self._pstart[at], self._pstart[at + 1]

    def _match(self, q: "_Query") -> int | None:
        members = self._candidates(q)
        best: dict[int, float] = {}
        threshold = self.THRESHOLD
        for number, blobs in members.items():
            # member by member, and against the story as a whole (the union of the evidence
            # its candidate members share with the article); only whether some score
            # reaches the threshold matters, so the first member that does settles it
            shared = []
            for blob in blobs:
                jaccard = self._jaccard(q, blob)
                if jaccard >= self.NEAR_DUPLICATE:  # what ``judge`` decides first
                    s = 2.0
                    break
                p = self._shared(q, blob, jaccard)
                s = self.judge(self._combine(q, [p]))
                if s >= threshold:
                    break
                shared.append(p)
            else:
                if len(shared) > 1:
                    s = self.judge(self._combine(q, shared))
            if s >= threshold:
                best[number] = s
        if not best:
            return None
        matched = sorted(best)  # story numbers grow with creation: the oldest first
        target = matched[0]
        for other in matched[1:]:
            if self._spans_compatible(target, other):
                self._merge(other, target)
        return target

    def _spans_compatible(self, a: int, b: int) -> bool:
        if self._st_lo[a] == _NONE or self._st_lo[b] == _NONE:
            return True
        return self._compatible(self._st_lo[a], self._st_hi[a], self._st_lo[b], self._st_hi[b])

    def _merge(self, old: int, new: int) -> None:
        """Fold story ``old`` into ``new`` (the older one): the bridge policy."""
        self._st_parent[old] = new
        self._st_size[new] += self._st_size[old]
        if self._st_lo[old] != _NONE:
            lo, hi = self._st_lo[new], self._st_hi[new]
            self._st_lo[new] = self._st_lo[old] if lo == _NONE else min(lo, self._st_lo[old])
            self._st_hi[new] = self._st_hi[old] if hi == _NONE else max(hi, self._st_hi[old])
        self._st_last_doc[new] = max(self._st_last_doc[new], self._st_last_doc[old])
        old_id, new_id = self._story_ids[old], self._story_ids[new]
        self.merged[old_id] = new_id
        if self.store is not None:
            self._pending_merges.append((old_id, new_id))

    # --- the index -------------------------------------------------------------------

    def _pack(self, number: int, q: "_Query") -> bytes:
        top = sorted(q.vec, key=q.vec.get, reverse=True)[: self.TOP_WORDS]
        counts = bytes(map(min, map(q.counts.__getitem__, top), repeat(255)))
        norm = math.sqrt(sum(map(pow, map(q.vec.__getitem__, top), repeat(2)))) or 1.0
        sections = [sorted(q.strong), sorted(q.weak), sorted(q.nums), sorted(q.dates),
                    sorted(q.lead), sorted(q.rounded), sorted(q.headline), top]
        head = _HEAD.pack(number, _NONE if q.lo is None else q.lo,
                          _NONE if q.hi is None else q.hi, q.seen, q.url, norm,
                          q.lead_w, q.ent_w, _REACTION * q.reaction,
                          *(len(s) for s in sections))
        keys = array("I", [k for s in sections for k in s]).tobytes()
        return head + keys + counts + q.minhash_bytes

    def _add(self, number: int, q: "_Query") -> None:
        aid = self._next_id
        self._next_id += 1
        self.docs[aid] = self._pack(number, q)
        keys = getattr(q, "index_keys", None) or self._index_keys(q)
        for key in keys:
            posting = self._open_post.get(key)
            if posting is None:
                self._open_post[key] = [aid]
            else:
                posting.append(aid)
        self._open_df.update(q.df_keys)  # a Counter
        self._open_day = max(self._open_day, q.day)
        if self._next_id - self._open_first >= self.CHUNK:
            self._freeze()
        if self._newest is None or q.day > self._newest:
            self._newest = q.day
        self._evict()

    def _freeze(self) -> None:
        """Turn the open chunk into sorted arrays merged into the frozen index."""
        if self._open_post:
            keys = np.fromiter(self._open_post.keys(), np.uint32, len(self._open_post))
            order = keys.argsort()
            lists = list(self._open_post.values())
            counts = np.fromiter(map(len, lists), np.int32, len(lists))[order]
            docs = np.fromiter(chain.from_iterable([lists[i] for i in order.tolist()]),
                               np.uint32, int(counts.sum()))
            self._merge_postings(keys[order], counts, docs)
        keys = np.fromiter(self._open_df.keys(), np.uint32, len(self._open_df))
        counts = np.fromiter(self._open_df.values(), np.int32, len(self._open_df))
        order = np.argsort(keys)
        keys, counts = keys[order], counts[order]
        self._df_add(keys, counts)
        self._chunks.append((self._open_first, self._next_id, self._open_day, keys, counts))
        self._open_post, self._open_df = {}, Counter()
        self._open_first, self._open_day = self._next_id, _NONE

    def _set_views(self) -> None:
        # for single lookups in Python (``_known_story``): no numpy call
        self._pkeys_view, self._pstart_view, self._pdocs_view = (
            memoryview(self._pkeys), memoryview(self._pstart), memoryview(self._pdocs))

    def _merge_postings(self, keys: np.ndarray, counts: np.ndarray, docs: np.ndarray) -> None:
        """Merge a chunk's postings into the frozen ones: ``keys`` sorted and unique, how
        many documents each has, and the documents key by key (all newer than the frozen
        ones, so each key's go at the end of its run; a new key's run goes where the key
        sorts). No pass over the whole index but the copies that make room."""
        at = self._pkeys.searchsorted(keys)
        known = at < len(self._pkeys)
        known[known] = self._pkeys[at[known]] == keys[known]
        # the end of a known key's run; for a new key, the start of the next key's run
        self._pdocs = np.insert(self._pdocs, self._pstart[at + known].repeat(counts), docs)
        lengths = np.diff(self._pstart)
        lengths[at[known]] += counts[known]
        new = ~known
        self._pkeys = np.insert(self._pkeys, at[new], keys[new])
        lengths = np.insert(lengths, at[new], counts[new])
        self._pstart = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        self._set_views()

    def _df_add(self, keys: np.ndarray, counts: np.ndarray) -> None:
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

    def _evict(self) -> None:
        """Forget frozen chunks whose articles are all older than ``keep_days``."""
        limit = self._newest - self.keep_days
        dropped = False
        while self._chunks and self._chunks[0][2] < limit:
            first, end, _, keys, counts = self._chunks.pop(0)
            for aid in range(first, end):
                self.docs.pop(aid, None)
                self._pending.pop(aid, None)
            self._df_add(keys, -counts)
            self._floor = end
            dropped = True
        if dropped:
            self._drop_postings_below(self._floor)
            self._evict_stories()

    def _drop_postings_below(self, floor: int) -> None:
        """Remove the evicted documents (ids below ``floor``) from the frozen postings, key
        by key in place of a rebuild: a key's documents stay in order, and a key left
        with none goes."""
        keep = self._pdocs >= floor
        kept = np.add.reduceat(keep, self._pstart[:-1]) if len(self._pkeys) else keep[:0]
        live = kept > 0
        self._pkeys = self._pkeys[live]
        self._pstart = np.concatenate([[0], np.cumsum(kept[live])]).astype(np.int32)
        self._pdocs = self._pdocs[keep]
        self._set_views()

    def _evict_stories(self) -> None:
        """Drop the ids of stories with no article left in the index (arrays keep a slot).
        By article, not by day: a chunk is evicted whole, so an old article crawled late
        stays indexed beside today's, and a repost that matches it needs its story."""
        floor = self._floor
        n = self._st_floor
        end = len(self._story_ids)
        advancing = True
        while n < end:
            sid = self._story_ids[n]
            if sid is not None and self._st_last_doc[self._root(n)] < floor:
                self._story_ids[n] = None
                self._story_no.pop(sid, None)
            if self._story_ids[n] is None and advancing:
                self._st_floor = n + 1
            else:
                advancing = False
                if self._st_last_doc[n] >= floor:
                    break
            n += 1
        if self._st_floor >= self.COMPACT_STORIES:
            self._compact_stories()

    def _compact_stories(self) -> None:
        """Drop the slots of the oldest stories, which no indexed article refers to any
        more (all before ``_st_floor``, and before every indexed article's story and its
        root), and renumber the rest down (story numbers keep their order, so "the oldest
        first" still holds). Keeps the story arrays proportional to the window."""
        head, root = _HEAD.unpack_from, self._root
        k = self._st_floor
        for blob in self.docs.values():
            story = head(blob)[0]
            k = min(k, story, root(story))
        if k <= 0:
            return
        for arr in (self._st_lo, self._st_hi, self._st_last_doc, self._st_size):
            del arr[:k]
        parents = self._st_parent[k:]
        # a dead story merged into a dropped one becomes its own root (nothing reaches it)
        self._st_parent = array("i", (p - k if p >= k else i
                                      for i, p in enumerate(parents)))
        del self._story_ids[:k]
        self._story_no = {sid: n - k for sid, n in self._story_no.items()}
        renumber = struct.Struct("<i")
        for aid, blob in self.docs.items():
            record = bytearray(blob)
            renumber.pack_into(record, 0, renumber.unpack_from(record)[0] - k)
            self.docs[aid] = bytes(record)
        self._st_floor -= k
        self._st_shift += k

    def _known_story(self, url: str) -> str | None:
        if not url:
            return None
        h = url_key(url)
        key = h & _MASK32
        ids = list(self._open_post.get(key, ()))
        pkeys, pstart = self._pkeys_view, self._pstart_view
        at = bisect_left(pkeys, key)
        if at < len(pkeys) and pkeys[at] == key:
            ids += self._pdocs_view[pstart[at]:pstart[at + 1]]
        for aid in ids:
            blob = self.docs.get(aid)
            if blob is not None and _HEAD.unpack_from(blob)[4] == h:
                number = self._root(_HEAD.unpack_from(blob)[0])
                if self._story_ids[number] is not None:
                    return self.resolve(self._story_ids[number])
        if self.store is not None:
            story = story_of_url(self.store, url)
            if story:
                return self.resolve(story)
        return None

    # --- persistence -----------------------------------------------------------------

    def load(self, store: "Store") -> int:
        """Index the signatures of the recent window from ``store``; returns how many."""
        rows = recent_signatures(store, self.keep_days)
        for _, story, lo, hi, seen, mh, keys, url in rows:
            data = json.loads(keys)
            feats = Features(entities=set(data.get("e", ())), weak=set(data.get("x", ())),
                             numbers=set(data.get("n", ())), dates=set(data.get("d", ())),
                             title=set(data.get("t", ())),
                             lead=set(data.get("l", data.get("t", ()))),
                             words=dict(data.get("w", {})),
                             headline_numbers=set(data.get("h", ())),
                             reaction=bool(data.get("r")))
            interval = (lo, hi) if lo is not None else None
            minhash = (np.frombuffer(mh, np.uint32) if mh and len(mh) == NUM_PERM * 4
                       else None)  # a signature of another MinHash scheme is left out
            self._place(feats, interval, seen, url or "", "", story=self.resolve(story),
                        minhash=minhash)
        return len(rows)

    def save(self, store: "Store", articles: Iterable[Article] = ()) -> set[str]:
        """Persist signatures of assigned articles that the store has given a row id,
        and apply story merges to the database. Returns the story ids to refresh."""
        touched: set[str] = set()
        rows = []
        by_article = {id(a): aid for aid, (a, _, _) in self._pending.items()}
        articles = list(articles)
        row_ids = article_ids(store, (a.canonical_url for a in articles))
        for article in articles:
            aid = by_article.get(id(article))
            row_id = row_ids.get(article.canonical_url)
            if aid is None or row_id is None:
                continue
            _, blob, feats = self._pending.pop(aid)
            doc = _Doc.unpack(blob)
            story = self.resolve(article.story_id)
            rows.append({
                "article_id": row_id, "story_id": story,
                "published_at": article.published_at or article.published_local,
                "day_lo": doc.lo, "day_hi": doc.hi, "seen_day": doc.seen,
                "minhash": doc.minhash.tobytes(),
                "keys": json.dumps({"e": sorted(feats.entities), "x": sorted(feats.weak),
                                    "n": sorted(feats.numbers), "d": sorted(feats.dates),
                                    "t": sorted(feats.title), "l": sorted(feats.lead),
                                    "w": feats.words, "h": sorted(feats.headline_numbers),
                                    "r": int(feats.reaction)},
                                   ensure_ascii=False, sort_keys=True),
            })
            touched.add(story)
        merges = [(old, self.resolve(new)) for old, new in self._pending_merges]
        save_signatures(store, rows, merges)
        for old, new in merges:
            # the old story keeps its row: refreshed empty, it is exported as deleted,
            # so a portal that imported it learns it is now part of the new one
            touched.update((old, new))
        self._pending_merges.clear()
        return touched


class _Query:
    """The new article's features, hashed, with the window IDF of its keys."""

    __slots__ = ("lo", "hi", "seen", "day", "url", "strong", "weak", "nums", "dates", "lead",
                 "title", "counts", "idf", "vec", "norm", "lead_w", "ent_w", "minhash",
                 "rounded", "headline", "reaction", "names",
                 "empty", "feats", "index_keys", "bands", "rare", "nums_or_rounded",
                 "minhash_list", "minhash_bytes", "df_keys")
