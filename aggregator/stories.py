"""Group articles into stories: one story per event, across outlets and across runs.

``StoryIndex.assign(article) -> story_id`` is the one entry point (StorePipeline and
``aggregator enrich`` call it). How an article finds its story:

1. **Same article.** A canonical URL already indexed keeps its story.
2. **Candidates** (cheap, broad) among the articles of the recent time window:
   - MinHash over word-3-shingles (datasketch) in a datasketch ``MinHashLSH`` index:
     reposts and lightly edited copies;
   - an inverted index of event keys (named entities, headline stems, named numbers,
     see ``aggregator.similarity``): independent rewrites share the rare ones.
3. **Verification** of each candidate by a score from explainable evidence:
   near-duplicate text (MinHash Jaccard estimate) confirms at once; otherwise
   TF-IDF cosine over body stems, plus the rare named entities and the specific named
   numbers both articles mention, plus the share of entity weight they have in common.
   IDF comes from the window itself (document frequencies of the indexed articles).
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
import zlib
from array import array
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from .items import Article
from .similarity import Features, features

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

NUM_PERM = 64
LSH_BANDS = (4, 4)  # 4 bands of 4 rows: candidates above Jaccard ~0.7; keys find the rest
UNKNOWN = None

_EPOCH = date(1970, 1, 1)
_MONTH_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


_LOG_TF = [0.0] + [1 + math.log(c) for c in range(1, 64)]


def story_id_for(key: str) -> str:
    """A short stable story id derived from ``key``."""
    return "s" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations


def minhash_of(shingles: Iterable[str]) -> np.ndarray:
    """MinHash signature (uint32, ``NUM_PERM`` values) of a shingle set (datasketch)."""
    m = MinHash(num_perm=NUM_PERM, hashfunc=_crc, permutations=_permutations(), scheme="affine32")
    items = [s.encode("utf-8") for s in shingles]
    if items:
        m.update_batch(items)
    return m.hashvalues.astype(np.uint32)


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


def _lsh_minhash(values: np.ndarray) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=values.astype(np.uint64),
                   permutations=_permutations(), scheme="affine32")


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
    """A number that names something: a decimal, a date, or three or more digits."""
    return "." in number or len(number) >= 3


@dataclass(slots=True)
class _Doc:
    """One indexed article, compact: hashed keys in arrays, the MinHash as bytes."""

    story: str
    lo: int | None
    hi: int | None
    seen: int
    minhash: bytes
    ents: array       # hashed entity keys
    nums: array       # hashed specific numbers
    words: array      # hashed body stems
    counts: array     # their counts
    norm: float       # TF-IDF norm of the body vector when indexed
    ent_weight: float  # sum of entity IDF when indexed
    title: array = None  # hashed headline stems (same hashing as ``words``)


@dataclass(slots=True)
class _Story:
    lo: int | None
    hi: int | None
    order: int
    size: int = 0


class StoryIndex:
    """Assigns each article the id of the story it belongs to.

    ``store``: a ``Store`` to load the recent window's signatures from (and to ``save``
    to); ``window_days``: how far an article's day may lie outside a story's span;
    ``keep_days``: how many days of signatures stay in memory and are loaded.
    """

    #: Minimum MinHash Jaccard estimate that makes two texts copies of one another.
    NEAR_DUPLICATE = 0.25
    #: Score an article needs against a story member to join the story.
    THRESHOLD = 0.8
    #: IDF (natural log) from which an entity counts as rare in the window.
    RARE_IDF = 2.5
    #: A key shared by more indexed articles than this is too common to find candidates.
    MAX_POSTING = 3000
    #: Candidates verified per article (best by shared-key weight, plus LSH ones).
    MAX_CANDIDATES = 12
    #: Weights of the evidence added to the cosine (see ``score``).
    W_RARE, W_NUM, W_ENT, W_TITLE = 0.1, 0.05, 0.2, 0.3

    def __init__(self, store: "Store | None" = None, *, window_days: int = 2,
                 keep_days: int = 7):
        self.window_days = window_days
        self.keep_days = keep_days
        self.docs: dict[int, _Doc] = {}
        self.stories: dict[str, _Story] = {}
        self.merged: dict[str, str] = {}
        self.postings: dict[int, array] = {}
        self.df: dict[int, int] = {}
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS, hashfunc=hash)
        self.urls: dict[int, int] = {}
        self._idf_cache: dict[int, float] = {}
        self._idf_n = 20
        self._next_id = -1  # in-memory ids are negative until the store gives a row id
        self._order = 0
        self._pending: dict[int, tuple[Article, _Doc, str]] = {}
        self._pending_merges: list[tuple[str, str]] = []
        self._newest = None
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
        self._idf_cache, self._idf_n = {}, len(self.docs) + 20
        interval = day_interval(article)
        seen = _seen_day(article)
        doc = self._make_doc(feats, interval, seen)
        story = self._match(feats, doc)
        if story is None:
            story = story_id_for(url or f"{article.title}\x1f{article.body}")
            while story in self.stories:  # same id text for different bodies: keep apart
                story = story_id_for(story)
            self.stories[story] = _Story(doc.lo, doc.hi, self._order)
            self._order += 1
        doc.story = story
        st = self.stories[story]
        st.size += 1
        if doc.lo is not None:
            st.lo = doc.lo if st.lo is None else min(st.lo, doc.lo)
            st.hi = doc.hi if st.hi is None else max(st.hi, doc.hi)
        aid = self._next_id
        self._next_id -= 1
        self._add(aid, doc, feats)
        if url:
            self.urls[hash(url)] = aid
        if self.store is not None:  # kept until ``save`` knows the article's row id
            self._pending[aid] = (article, doc, url)
        article.story_id = story
        return story

    def resolve(self, story_id: str | None) -> str | None:
        """The surviving id of a story that may have been merged into another."""
        seen = set()
        while story_id in self.merged and story_id not in seen:
            seen.add(story_id)
            story_id = self.merged[story_id]
        return story_id

    # --- matching --------------------------------------------------------------------

    def _idf(self, key: int) -> float:
        value = self._idf_cache.get(key)
        if value is None:  # memoised for one ``assign``: the window changes between calls
            value = self._idf_cache[key] = math.log(self._idf_n / (self.df.get(key, 0) + 1))
        return value

    def _make_doc(self, feats: Features, interval, seen: int) -> _Doc:
        ents = array("q", sorted(hash("e:" + e) for e in feats.entities))
        nums = array("q", sorted(hash("n:" + n) for n in feats.numbers if _is_specific(n)))
        items = sorted((hash("w:" + w), c) for w, c in feats.words.items())
        words = array("q", [k for k, _ in items])
        counts = array("H", [min(c, 65535) for _, c in items])
        lo, hi = interval if interval else (None, None)
        mh = minhash_of(feats.shingles).tobytes()
        title = array("q", sorted(hash("w:" + t) for t in feats.title))
        return _Doc("", lo, hi, seen, mh, ents, nums, words, counts, 0.0, 0.0, title)

    def _compatible(self, lo, hi, st_lo, st_hi) -> bool:
        if lo is None or st_lo is None:
            return True
        return lo <= st_hi + self.window_days and hi >= st_lo - self.window_days

    def _candidates(self, feats: Features, doc: _Doc) -> set[int]:
        found: set[int] = set()
        for key in self.lsh.query(_lsh_minhash(np.frombuffer(doc.minhash, dtype=np.uint32))):
            found.add(key)
        weights: dict[int, float] = {}
        for key in self._index_keys(feats, doc):
            posting = self.postings.get(key)
            if not posting or len(posting) > self.MAX_POSTING:
                continue
            w = self._idf(key)
            for aid in posting:
                weights[aid] = weights.get(aid, 0.0) + w
        ranked = sorted(weights, key=weights.get, reverse=True)[: self.MAX_CANDIDATES]
        found.update(a for a in ranked if weights[a] >= 4.0)
        return found

    @staticmethod
    def _index_keys(feats: Features, doc: _Doc) -> list[int]:
        keys = list(doc.ents) + list(doc.nums)
        keys += [hash("t:" + t) for t in feats.title]
        return keys

    def _vector(self, doc: _Doc) -> tuple[dict[int, float], float]:
        vec = {k: (1 + math.log(c)) * self._idf(k) for k, c in zip(doc.words, doc.counts)}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return vec, norm

    def score(self, doc: _Doc, vec: dict[int, float], norm: float, other: _Doc) -> float:
        """Evidence that ``doc`` and ``other`` report one event (>= THRESHOLD joins)."""
        a = np.frombuffer(doc.minhash, dtype=np.uint32)
        b = np.frombuffer(other.minhash, dtype=np.uint32)
        if float(np.mean(a == b)) >= self.NEAR_DUPLICATE:
            return 1.0
        dot, squares = 0.0, 0.0
        for k, c in zip(other.words, other.counts):
            w = _LOG_TF[c] if c < 64 else 1 + math.log(c)
            w *= self._idf(k)
            squares += w * w
            mine = vec.get(k)
            if mine is not None:
                dot += mine * w
        onorm = math.sqrt(squares) or 1.0
        cosine = dot / (norm * onorm)
        shared = set(doc.ents).intersection(other.ents)
        rare = sum(1 for k in shared if self._idf(k) >= self.RARE_IDF)
        ent_a = sum(self._idf(k) for k in doc.ents)
        ent_b = sum(self._idf(k) for k in other.ents)
        ent_overlap = (sum(self._idf(k) for k in shared) / min(ent_a, ent_b)
                       if ent_a and ent_b else 0.0)
        numbers = len(set(doc.nums).intersection(other.nums))
        headline = self._title_overlap(doc, other)
        return (cosine + self.W_RARE * min(rare, 3) + self.W_NUM * min(numbers, 3)
                + self.W_ENT * ent_overlap + self.W_TITLE * headline)

    def _title_overlap(self, doc: _Doc, other: _Doc) -> float:
        """IDF share of each headline's stems found in the other article (the lower)."""
        shares = []
        for a, b in ((doc, other), (other, doc)):
            if not a.title:
                continue
            words = set(b.words)
            total = sum(self._idf(k) for k in a.title)
            shares.append(sum(self._idf(k) for k in a.title if k in words) / total)
        return min(shares) if shares else 0.0

    def _match(self, feats: Features, doc: _Doc) -> str | None:
        candidates = self._candidates(feats, doc)
        if not candidates:
            return None
        # count the new article's own keys so IDF sees it
        vec, norm = self._vector(doc)
        best: dict[str, float] = {}
        for aid in candidates:
            other = self.docs.get(aid)
            if other is None:
                continue
            story = self.resolve(other.story)
            st = self.stories.get(story)
            if st is None or not self._compatible(doc.lo, doc.hi, st.lo, st.hi):
                continue
            if not self._compatible(doc.lo, doc.hi, other.lo, other.hi):
                continue
            s = self.score(doc, vec, norm, other)
            if s >= self.THRESHOLD and s > best.get(story, 0.0):
                best[story] = s
        if not best:
            return None
        matched = sorted(best, key=lambda s: self.stories[s].order)
        target = matched[0]
        for other in matched[1:]:
            if self._spans_compatible(target, other):
                self._merge(other, target)
        return target

    def _spans_compatible(self, a: str, b: str) -> bool:
        sa, sb = self.stories[a], self.stories[b]
        return self._compatible(sa.lo, sa.hi, sb.lo, sb.hi)

    def _merge(self, old: str, new: str) -> None:
        """Fold story ``old`` into ``new`` (the older one): the bridge policy."""
        so, sn = self.stories.pop(old), self.stories[new]
        sn.size += so.size
        if so.lo is not None:
            sn.lo = so.lo if sn.lo is None else min(sn.lo, so.lo)
            sn.hi = so.hi if sn.hi is None else max(sn.hi, so.hi)
        self.merged[old] = new
        if self.store is not None:
            self._pending_merges.append((old, new))

    # --- the index -------------------------------------------------------------------

    def _add(self, aid: int, doc: _Doc, feats: Features | None = None, titles=None) -> None:
        self.docs[aid] = doc
        for k in set(doc.words) | set(doc.ents):
            self.df[k] = self.df.get(k, 0) + 1
        keys = list(doc.ents) + list(doc.nums)
        keys += [hash("t:" + t) for t in (feats.title if feats else titles or ())]
        for key in set(keys):
            posting = self.postings.get(key)
            if posting is None:
                self.postings[key] = array("q", [aid])
            else:
                posting.append(aid)
        self.lsh.insert(aid, _lsh_minhash(np.frombuffer(doc.minhash, dtype=np.uint32)),
                        check_duplication=False)
        day = doc.hi if doc.hi is not None else doc.seen
        if self._newest is None or day > self._newest:
            self._newest = day
            self._evict()

    def _evict(self) -> None:
        """Forget articles older than ``keep_days`` before the newest one."""
        limit = self._newest - self.keep_days
        old = [aid for aid, d in self.docs.items()
               if (d.hi if d.hi is not None else d.seen) < limit]
        if not old or len(old) * 20 < len(self.docs) and len(old) < 10_000:
            return  # evict in batches: rebuilding postings is linear
        gone = set(old)
        for aid in old:
            d = self.docs.pop(aid)
            for k in set(d.words) | set(d.ents):
                n = self.df.get(k, 0) - 1
                if n > 0:
                    self.df[k] = n
                else:
                    self.df.pop(k, None)
            self.lsh.remove(aid)
        for key in list(self.postings):
            kept = array("q", (a for a in self.postings[key] if a not in gone))
            if kept:
                self.postings[key] = kept
            else:
                del self.postings[key]

    def _known_story(self, url: str) -> str | None:
        if not url:
            return None
        aid = self.urls.get(hash(url))
        if aid is not None and aid in self.docs:
            return self.resolve(self.docs[aid].story)
        if self.store is not None:
            row = self.store.db.execute(
                "SELECT story_id FROM articles WHERE canonical_url = ?", [url]).fetchone()
            if row and row[0]:
                return self.resolve(row[0])
        return None

    # --- persistence -----------------------------------------------------------------

    def load(self, store: "Store") -> int:
        """Index the signatures of the recent window from ``store``; returns how many."""
        db = store.db
        if not db["story_signatures"].exists():
            return 0
        newest = db.execute(
            "SELECT max(coalesce(day_hi, seen_day)) FROM story_signatures").fetchone()[0]
        if newest is None:
            return 0
        rows = db.execute(
            "SELECT article_id, story_id, day_lo, day_hi, seen_day, minhash, keys "
            "FROM story_signatures WHERE coalesce(day_hi, seen_day) >= ? ORDER BY article_id",
            [newest - self.keep_days]).fetchall()
        for article_id, story, lo, hi, seen, mh, keys in rows:
            data = json.loads(keys)
            doc = _Doc(story, lo, hi, seen, mh,
                       array("q", sorted(hash("e:" + e) for e in data["e"])),
                       array("q", sorted(hash("n:" + n) for n in data["n"] if _is_specific(n))),
                       array("q"), array("H"), 0.0, 0.0,
                       array("q", sorted(hash("w:" + t) for t in data["t"])))
            items = sorted((hash("w:" + w), c) for w, c in data["w"].items())
            doc.words = array("q", [k for k, _ in items])
            doc.counts = array("H", [min(c, 65535) for _, c in items])
            st = self.stories.get(story)
            if st is None:
                st = self.stories[story] = _Story(lo, hi, self._order)
                self._order += 1
            st.size += 1
            if lo is not None:
                st.lo = lo if st.lo is None else min(st.lo, lo)
                st.hi = hi if st.hi is None else max(st.hi, hi)
            self._add(article_id, doc, titles=data["t"])
        return len(rows)

    def save(self, store: "Store", articles: Iterable[Article] = ()) -> set[str]:
        """Persist signatures of assigned articles that the store has given a row id,
        and apply story merges to the database. Returns the story ids to refresh."""
        touched: set[str] = set()
        rows = []
        by_article = {id(a): aid for aid, (a, _, _) in self._pending.items()}
        for article in articles:
            aid = by_article.get(id(article))
            row_id = article.__dict__.get("_id")
            if aid is None or row_id is None:
                continue
            _, doc, _ = self._pending.pop(aid)
            feats = features(article.title, "\n".join(filter(None, [article.lead, article.body])))
            story = self.resolve(doc.story)
            rows.append({
                "article_id": row_id, "story_id": story,
                "published_at": article.published_at or article.published_local,
                "day_lo": doc.lo, "day_hi": doc.hi, "seen_day": doc.seen,
                "minhash": doc.minhash,
                "keys": json.dumps({"e": sorted(feats.entities), "n": sorted(feats.numbers),
                                    "t": sorted(feats.title), "w": feats.words},
                                   ensure_ascii=False, sort_keys=True),
            })
            touched.add(story)
        with store.db.conn:
            if rows:
                store.db["story_signatures"].upsert_all(rows, pk="article_id")
            for old, new in self._pending_merges:
                new = self.resolve(new)
                store.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [new, old])
                store.db.execute("UPDATE story_signatures SET story_id = ? WHERE story_id = ?",
                                 [new, old])
                for table in ("story_countries", "stories"):  # rows keyed by the old id
                    if store.db[table].exists():
                        column = "id" if table == "stories" else "story_id"
                        store.db.execute(f"DELETE FROM {table} WHERE {column} = ?", [old])
                touched.add(new)
        self._pending_merges.clear()
        return touched
