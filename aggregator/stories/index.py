"""Group articles into stories: one story per event, across outlets and across runs.

``StoryIndex.assign(article) -> story_id`` is the one entry point (StorePipeline and
``aggregator enrich`` call it). How an article finds its story:

1. **Same article.** A canonical URL already indexed (or stored) keeps its story.
2. **Candidates** (cheap, broad) among the articles of the recent time window, from the
   inverted index (``aggregator.stories.candidates``) of the article's keys
   (``aggregator.stories.query``): the LSH bands of its MinHash signature
   (``aggregator.stories.minhash``: reposts and lightly edited copies) and its event keys
   (named entities, headline stems, named numbers, ``aggregator.stories.features``:
   independent rewrites share the rare ones). The ``MAX_CANDIDATES`` that share the most
   key weight and whose days fit (4. below) are judged: the time filter comes first, so
   the same names on other days do not crowd out this event's reports.
3. **Verification** by the scoring policy: by default ``FittedPolicy``
   (``aggregator.stories.fitted``), a logistic model fitted on labelled stories by
   ``python -m aggregator.stories.fit`` over the article's evidence
   (``aggregator.stories.evidence``: lemmas, name skeletons, figures, event days), which
   judges each candidate story *as a whole* (its first and most recent members, complete
   linkage) with a cannot-link between explicit days more than 3 days apart, and joins
   the most probable story. The hand-weighted ``ScoringPolicy``
   (``aggregator.stories.scoring``) stays selectable (``StoryIndex(policy=ScoringPolicy())``):
   it judges the candidates member by member and on the union of what they share. IDF
   comes from the window itself.
4. **Time** (``aggregator.stories.days``). Publication days are intervals; an article may
   join a story only when its interval lies within ``window_days`` of the story's dated
   span, so an undated article cannot chain two events of different days together.
5. **Bridges** (``aggregator.stories.clusters``), only under a policy that merges
   (``ScoringPolicy``): when an article matches two or more stories whose spans are
   compatible, they are merged into the *oldest* (first created) story: its id stays, the
   others' rows are re-pointed (``merged`` maps old id -> surviving id; ``save`` rewrites
   the database rows, and the export reports the absorbed story). The fitted policy does
   not grow stories by bridging: an article joins one story, the others stay as they are.

Across runs: ``StoryIndex(store)`` loads the signatures of the recent window and
``save(store, articles)`` persists new ones after the articles are upserted, so
tomorrow's repost joins today's story (``aggregator.stories.persistence``).
"""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Iterable

import numpy as np

from aggregator.items import Article
from aggregator.stories import persistence, record
from aggregator.stories.candidates import CandidateIndex, FrozenCounts
from aggregator.stories.clusters import Stories
from aggregator.stories.days import NO_DAY, day_interval, seen_day
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.features import Features, features
from aggregator.stories.fitted import FittedPolicy
from aggregator.stories.minhash import minhashes_of_many
from aggregator.stories.neighbourhood import HOOD_SIZE, Neighbourhood
from aggregator.stories.query import Query, url_index_key, url_key
from aggregator.stories.scoring import ScoringPolicy

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.store import Store


class StoryIndex:
    """Assigns each article the id of the story it belongs to.

    ``store``: a ``Store`` to load the recent window's signatures from (and to ``save``
    to); ``window_days``: how far an article's day may lie outside a story's span;
    ``keep_days``: how many days of signatures stay in memory and are loaded;
    ``policy``: what decides that an article joins a story (``FittedPolicy()``, the
    shipped model; ``ScoringPolicy()`` the hand-weighted one).
    """

    #: A key shared by more indexed articles than this is too common to find candidates.
    MAX_POSTING = 128
    #: Candidates verified per article: the heaviest by shared-key weight (an LSH band
    #: weighs most) among those whose days fit (a policy may set its own).
    MAX_CANDIDATES = 3
    #: Body stems kept per indexed article (the most weighty by TF-IDF).
    TOP_WORDS = 40
    #: Articles per frozen chunk of the index (sorted numpy arrays; evicted whole).
    CHUNK = 1024
    #: Dead story slots (older than every indexed article's story) dropped at once.
    COMPACT_STORIES = 65_536

    def __init__(self, store: "Store | None" = None, *, window_days: int = 2,
                 keep_days: int = 7, policy: "ScoringPolicy | FittedPolicy | None" = None):
        self.keep_days = keep_days
        self.policy = policy or FittedPolicy()
        self.max_candidates = getattr(self.policy, "MAX_CANDIDATES", self.MAX_CANDIDATES)
        self.stems = getattr(self.policy, "reads_stems", True)  # else none weighed or kept
        #: the indexed articles' packed records (``aggregator.stories.record``) by number
        self.docs: dict[int, bytes] = {}
        self.clusters = Stories(window_days)
        self.candidate_index = CandidateIndex(max_posting=self.MAX_POSTING,
                                              frozen_top=4 * self.max_candidates)
        self._next_id = 0
        self._pending: dict[int, tuple[Article, bytes, Features, ArticleEvidence | None]] = {}
        self._pending_merges: list[tuple[str, str]] = []
        self._ahead: dict[int, tuple[Article, Features, ArticleEvidence | None, Query,
                                     FrozenCounts]] = {}
        self._newest = None
        self.store = store
        if store is not None:
            self.load(store)

    # --- the interface ---------------------------------------------------------------

    def assign(self, article: Article) -> str:
        """Return (and set on the article) the story id for ``article``."""
        url = article.canonical_url or article.url or ""
        ahead = self._ahead.pop(id(article), None)
        known = self._known_story(url)
        if known:
            article.story_id = known
            return known
        if ahead is not None and ahead[0] is article:
            _, feats, evidence, keyed, frozen = ahead
        else:
            feats, evidence = self._features(article), self._evidence(article)
            keyed, frozen = Query.keyed(feats, evidence=evidence), None
        story_no = self._place(feats, day_interval(article), seen_day(article), url,
                               f"{article.title}\x1f{article.body}", evidence=evidence,
                               keyed=keyed, frozen=frozen)
        aid = self._next_id - 1
        if self.store is not None:  # kept until ``save`` knows the article's row id
            self._pending[aid] = (article, self.docs[aid], feats, evidence)
        article.story_id = self.clusters.id(story_no)
        return article.story_id

    def prepare(self, articles: Iterable[Article]) -> None:
        """Compute what depends on each of ``articles`` alone (features, evidence, their
        keys and signature: ``Query.keyed``) now, for their ``assign`` to use (their
        title, lead, body, language, dates and URL unchanged in between): computed over
        a group (as ``aggregator enrich`` runs its steps), that code and its tables stay
        in the CPU's caches. Only the last call's articles are kept."""
        # one kind of work at a time over the group, not the three per article in turn:
        # each part's word tables stay in the CPU's caches (about a tenth less time)
        articles = list(articles)
        feats = list(map(self._features, articles))
        evidence = list(map(self._evidence, articles))
        shingles = [f.shingle_hashes() for f in feats]
        signatures = minhashes_of_many(shingles)  # a text without shingles: computed as empty
        keyed = [Query.keyed(f, s if h else None, e)
                 for f, e, h, s in zip(feats, evidence, shingles, signatures)]
        # the frozen document frequencies of the group's keys in one search
        frozen = self.candidate_index.frozen_counts([q.weighed_keys(self.stems) for q in keyed])
        self._ahead = {id(a): (a, f, e, q, c)
                       for a, f, e, q, c in zip(articles, feats, evidence, keyed, frozen)}

    @staticmethod
    def _features(article: Article) -> Features:
        return features(article.title, "\n".join(filter(None, [article.lead, article.body])))

    def use_policy(self, policy) -> None:
        """Decide from now on by ``policy`` (the fit script compares policies on one
        seeded window; one indexed under a policy that reads no stems has none)."""
        self.policy = policy
        self.max_candidates = getattr(policy, "MAX_CANDIDATES", self.MAX_CANDIDATES)
        self.stems = getattr(policy, "reads_stems", True)

    def resolve(self, story_id: str | None) -> str | None:
        """The surviving id of a story that may have been merged into another."""
        return self.clusters.resolve(story_id)

    @property
    def window_days(self) -> int:
        """How far an article's day may lie outside a story's span (the stories' own)."""
        return self.clusters.window_days

    @property
    def merged(self) -> dict[str, str]:
        """Absorbed story id -> the id it was merged into."""
        return self.clusters.merged

    @property
    def stories(self) -> dict[str, int]:
        """Live story ids (in the window) and their article counts."""
        return self.clusters.live()

    def candidate_stories(self, article: Article) -> dict[str, list[bytes]]:
        """The stories ``assign`` would judge ``article`` against (by id), each with its
        candidate members' records; the index does not change."""
        url = article.canonical_url or article.url or ""
        feats = self._features(article)
        q = self._query(feats, day_interval(article), seen_day(article), url,
                        evidence=self._evidence(article))
        return {self.clusters.id(n): members for n, members in self._candidates(q).items()}

    def _evidence(self, article: Article) -> ArticleEvidence | None:
        """The article's evidence when the policy compares it (else not computed)."""
        if getattr(self.policy, "needs_evidence", False):
            return ArticleEvidence.from_article(article)
        return None

    def footprint(self) -> dict[str, int]:
        """Bytes held by the index, by part (``sys.getsizeof`` of each container and of
        what it holds, numpy buffers by ``nbytes``): what the benchmark divides by the
        number of indexed articles. Feature caches (bounded LRUs) are not included."""
        size = sys.getsizeof
        docs = size(self.docs) + sum(size(b) + size(a) for a, b in self.docs.items())
        parts = {"docs": docs, **self.candidate_index.footprint(),
                 "stories": self.clusters.footprint()}
        return {**parts, "total": sum(parts.values())}

    # --- placing one article ---------------------------------------------------------

    def _query(self, feats: Features, interval, seen: int, url: str,
               minhash: np.ndarray | None = None,
               evidence: ArticleEvidence | None = None) -> Query:
        return Query.build(feats, interval, seen, url, self.candidate_index.frequencies,
                           len(self.docs), minhash, evidence, self.stems)

    def _place(self, feats: Features, interval, seen: int, url: str, fallback: str,
               story: str | None = None, minhash: np.ndarray | None = None,
               evidence: ArticleEvidence | None = None, keyed: Query | None = None,
               frozen: FrozenCounts | None = None) -> int:
        """File the article as a new document of its story (``story`` when loaded, else
        the one it matches, else a new one); ``keyed``: its ``Query.keyed`` if computed,
        ``frozen`` its keys' frozen frequencies if looked up (``prepare``)."""
        if keyed is None:
            q = self._query(feats, interval, seen, url, minhash, evidence)
        else:
            q = keyed
            q.place(interval, seen, url, partial(self.candidate_index.frequencies, ahead=frozen),
                    len(self.docs), self.stems)
        clusters = self.clusters
        if story is not None:  # loaded from the store: its story is known
            number = clusters.number(story)
            if number is None:
                number = clusters.new(story)
        else:
            number = self._match(q)
            if number is None:
                number = clusters.new_id(url or fallback)
        clusters.grow(number, q.lo, q.hi, self._next_id)  # the number ``_add`` gives it
        shift = clusters.shift
        self._add(number, q)
        return number - (clusters.shift - shift)  # renumbered if stories were compacted

    def _add(self, number: int, q: Query) -> None:
        aid = self._next_id
        self._next_id += 1
        self.docs[aid] = record.pack(number, q, self.TOP_WORDS)
        self.candidate_index.add(aid, q.index_keys(), q.df_keys, q.day)
        if self.candidate_index.open_size >= self.CHUNK:
            self.candidate_index.freeze()
        if self._newest is None or q.day > self._newest:
            self._newest = q.day
        self._evict()

    def _evict(self) -> None:
        """Forget frozen chunks whose articles are all older than ``keep_days``, and the
        stories left without an article."""
        evicted = self.candidate_index.evict_before(self._newest - self.keep_days)
        if not evicted:
            return
        for aid in evicted:
            self.docs.pop(aid, None)
            self._pending.pop(aid, None)
        self.clusters.evict(self.candidate_index.floor)
        if self.clusters.floor >= self.COMPACT_STORIES:
            self._compact_stories()

    def _compact_stories(self) -> None:
        """Drop the slots of stories no indexed article refers to any more (directly or
        as the root of its story) and renumber the records."""
        root, referenced = self.clusters.root, self.clusters.floor
        for blob in self.docs.values():
            story = record.story_of(blob)
            referenced = min(referenced, story, root(story))
        shift = self.clusters.compact(referenced)
        if shift:
            for aid, blob in self.docs.items():
                self.docs[aid] = record.renumbered(blob, shift)

    def _known_story(self, url: str) -> str | None:
        if not url:
            return None
        h = url_key(url)
        for aid in self.candidate_index.documents(url_index_key(h)):
            blob = self.docs.get(aid)
            if blob is not None and record.url_hash_of(blob) == h:
                number = self.clusters.root(record.story_of(blob))
                if self.clusters.id(number) is not None:
                    return self.resolve(self.clusters.id(number))
        if self.store is not None:
            story = persistence.stored_story(self.store, url)
            if story:
                return self.resolve(story)
        return None

    # --- matching --------------------------------------------------------------------

    def _candidates(self, q: Query) -> dict[int, list[bytes]]:
        """The indexed articles most worth judging, by story: those whose shared index keys
        weigh ``>= 3`` (``Query.key_weights``) and whose day and story span fit the
        article's, the ``MAX_CANDIDATES`` heaviest, ties in the order open chunk (as
        found) then frozen (oldest first). The time filter comes first, so articles of a
        recurring event on other days (a weekly briefing, the same officials) do not
        crowd out the one that reports this event."""
        # the open chunk holds a small share of the window: cap its postings in proportion
        cap = max(16, self.MAX_POSTING * self.CHUNK // max(len(self.docs), self.CHUNK))
        weights = self.candidate_index.candidates(q.index_keys(), q.key_weights().get, cap)
        heavy = sorted([aid for aid, w in weights.items() if w >= 3.0], key=weights.get,
                       reverse=True)
        members: dict[int, list[bytes]] = {}
        docs, clusters, left = self.docs, self.clusters, self.max_candidates
        if q.evidence is not None and getattr(self.policy, "uses_neighbourhood", False):
            q.hood = Neighbourhood.build(q.evidence, q.idf,
                                         [b for aid in heavy[:HOOD_SIZE]
                                          if (b := docs.get(aid)) is not None])
        raw_days_of, root, window = record.raw_days_of, clusters.root, self.window_days
        # ``days.compatible`` inlined (tens of candidates a query): a dated candidate fits
        # unless it ends before ``earliest`` or starts after ``latest`` (none for an
        # undated article)
        if q.lo is None:
            earliest, latest = NO_DAY, -NO_DAY
        else:
            earliest, latest = q.lo - window, q.hi + window
        story_fits: dict[int, bool] = {}  # by story: candidates may share one
        for aid in heavy:
            blob = docs.get(aid)
            if blob is None:
                continue
            # both tests must pass: the candidate's own days (no look-up) first
            story, lo, hi = raw_days_of(blob)
            if lo != NO_DAY and (hi < earliest or lo > latest):
                continue
            number = root(story)
            fits = story_fits.get(number)
            if fits is None:
                fits = story_fits[number] = clusters.fits(number, q.lo, q.hi)
            if not fits:
                continue
            members.setdefault(number, []).append(blob)
            left -= 1
            if not left:
                break
        if getattr(self.policy, "whole_story", False):  # the members, not the candidates
            for number in members:
                members[number] = [blob for doc in clusters.members(number)
                                   if (blob := docs.get(doc)) is not None]
        return members

    def _match(self, q: Query) -> int | None:
        """The story the article joins, or None: under a policy that merges, the oldest of
        those the policy accepts, into which the others whose spans fit are merged; else
        the one it scores highest."""
        if not getattr(self.policy, "merges", True):
            best, best_score, threshold = None, -1.0, self.policy.threshold
            for number, blobs in self._candidates(q).items():  # the heaviest first: wins ties
                score = self.policy.story_score(q, blobs)
                if score >= threshold and score > best_score:
                    best, best_score = number, score
            return best
        joins = self.policy.joins
        matched = sorted(number for number, blobs in self._candidates(q).items()
                         if joins(q, blobs))  # story numbers grow with creation
        if not matched:
            return None
        target = matched[0]
        for other in matched[1:]:
            if self.clusters.spans_fit(target, other):
                merge = self.clusters.merge(other, target)
                if self.store is not None:
                    self._pending_merges.append(merge)
        return target

    # --- persistence -----------------------------------------------------------------

    def load(self, store: "Store") -> int:
        """Index the signatures of the recent window from ``store``; returns how many."""
        signatures = persistence.load_signatures(store, self.keep_days)
        keep_evidence = getattr(self.policy, "needs_evidence", False)
        for s in signatures:
            self._place(s.features, s.interval, s.seen_day, s.url, "",
                        story=self.resolve(s.story_id), minhash=s.minhash,
                        evidence=s.evidence if keep_evidence else None)
        return len(signatures)

    def save(self, store: "Store", articles: Iterable[Article] = ()) -> set[str]:
        """Persist signatures of assigned articles that the store has given a row id,
        and apply story merges to the database. Returns the story ids to refresh."""
        rows, touched = persistence.signature_rows(store, articles, self._pending, self.resolve)
        merges = [(old, self.resolve(new)) for old, new in self._pending_merges]
        persistence.save_signatures(store, rows, merges)
        for old, new in merges:
            # the old story keeps its row: refreshed empty, it is exported as deleted,
            # so a portal that imported it learns it is now part of the new one
            touched.update((old, new))
        self._pending_merges.clear()
        return touched
