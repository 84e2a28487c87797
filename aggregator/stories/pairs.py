"""The evidence of an article as 32-bit keys, its packed form, and the pair features.

``EvidenceKeys.build(ev)`` hashes an ``ArticleEvidence`` (lemmas ``m:``, headline lemmas
with the same keys, name skeletons ``k:``, figures ``f:``; days as ``Day.code``). The
index files a packed block of it in each article's record (``pack``: the top
``TOP_LEMMAS`` lemmas by TF-IDF with their counts, all headline, name and figure keys,
the dates, the day, flags and the weights the other side needs), and the fitted policy
compares a new article's keys with a member's block (``pair_features``). Every feature
is bounded (0..1), so each fitted weight stays readable. IDF is the window's (the
query's ``idf``, over the keys of the new article).
"""

from __future__ import annotations

import math
import struct
import zlib
from array import array
from functools import lru_cache
from itertools import repeat

from aggregator.stories.eventdays import Day, day_gap, same_date
from aggregator.stories.evidence import ArticleEvidence

#: The features ``pair_features`` computes, in the order of its values.
PAIR_FEATURES = (
    "cos_lemmas",      # TF-IDF cosine of content lemmas (same language only)
    "head_overlap",    # overlap coefficient of headline lemmas (same language only)
    "head_covered",    # IDF share of each headline's lemmas found in the other (the lower)
    "names_idf",       # IDF-weighted overlap coefficient of name skeletons
    "names_rare",      # shared rare name skeletons (capped 4) / 4
    "figures",         # shared figures with units (capped 3) / 3
    "figures_differ",  # both state figures, and most of the fewer side's are not shared
    "shingles",        # MinHash Jaccard estimate of the word-3-shingles (copies, quotes)
    "date_shared",     # an explicit text date both name (years compatible)
    "dates_differ",    # both name explicit dates in the text, none in common
    "day_same",        # both days explicit (no stand-in) and equal
    "day_near",        # the articles' days are at most 1 day apart
    "day_far",         # more than 3 days apart (log-scaled, capped)
    "day_unknown",     # either article has no day at all
    "tense_differ",    # one headline announces (future tense), the other reports
    "reaction",        # exactly one of the two is a reaction (condolences, congratulations)
    "cross_lang",      # the two are in different languages
)
#: Every feature a model may name: ``PAIR_FEATURES``, then the neighbourhood-contrastive
#: ones.
FEATURE_NAMES = PAIR_FEATURES + (
    # neighbourhood-contrastive (``aggregator.stories.neighbourhood``; computed by the
    # policies beside ``pair_features`` when a model uses them)
    "cos_local",       # lemma cosine, each shared lemma discounted by the other stories
                       # of the query's neighbourhood that hold it
    "names_local",     # the same for the IDF-weighted name overlap
    "local_share",     # cos_local / cos_lemmas
    "rival_cos",       # the query's best lemma cosine with a neighbour of another story
)
#: Days apart beyond which two articles cannot report one event when both days are
#: explicit (a publication day or a stated date, not a stand-in): the cannot-link. The
#: matcher reads the model file's (``StoryModel.cannot_link_days``, chosen by ``python -m
#: aggregator.stories.fit --cannot-link-days``); this is the value of model files fitted
#: before it was stored.
CANNOT_LINK_DAYS = 3
#: Lemmas kept per indexed article (the weightiest by TF-IDF when it was indexed).
TOP_LEMMAS = 40
#: A name is rare when at most this many articles of the window, or this share, name it.
RARE_NAME_DF, RARE_NAME_SHARE = 3, 0.05
#: 1 + log(count), by count (counts are stored capped at 255).
LOG_TF = [0.0] + [1 + math.log(c) for c in range(1, 256)]

# day code, flags, future share, language, lemma norm, headline and name IDF totals, then
# the lengths of the key sections (lemmas, head, names, figures, dates)
BLOCK = struct.Struct("<IBf2sfff5H")
#: Flags: a stand-in day, a reaction, a headline verb, and evidence present at all.
STANDIN, REACTION, HAS_VERBS, PRESENT = 1, 2, 4, 8
_LOG_365 = math.log(365)


def _keyer(prefix: str):
    @lru_cache(maxsize=100_000)
    def key(value: str) -> int:
        return zlib.crc32((prefix + value).encode("utf-8"))

    return key


lemma_key, name_key, figure_key = _keyer("m:"), _keyer("k:"), _keyer("f:")


class EvidenceKeys:
    """An article's evidence, hashed: what the index looks up in the window DF and packs."""

    __slots__ = ("lang", "counts", "head", "names", "figures", "dates", "day", "standin",
                 "reaction", "future", "has_verbs", "vec", "norm", "head_w", "names_w",
                 "day_value", "date_values")

    @classmethod
    def build(cls, ev: ArticleEvidence) -> "EvidenceKeys":
        k = cls()
        k.lang = ev.lang
        k.counts = dict(zip(map(lemma_key, ev.lemmas), ev.lemmas.values()))
        k.head = set(map(lemma_key, ev.head))
        k.names = set(map(name_key, ev.names))
        k.figures = set(map(figure_key, ev.figures))
        k.date_values, k.day_value = ev.dates, ev.day
        k.dates = [d.code() for d in ev.dates]
        k.day = ev.day.code() if ev.day else 0
        k.standin, k.reaction = ev.day_is_standin, ev.reaction
        k.future, k.has_verbs = ev.future, ev.has_verbs
        return k

    def df_keys(self) -> set[int]:
        """The keys whose window document frequency the features need."""
        return self.counts.keys() | self.head | self.names

    def weigh(self, idf: dict[int, float]) -> None:
        """The TF-IDF vector of the lemmas and the IDF totals, from the window's ``idf``."""
        tf = LOG_TF
        self.vec = {k: tf[min(c, 255)] * idf[k] for k, c in self.counts.items()}
        self.norm = math.sqrt(sum(v * v for v in self.vec.values())) or 1.0
        self.head_w = sum(map(idf.__getitem__, self.head))
        self.names_w = sum(map(idf.__getitem__, self.names))

    def pack(self) -> bytes:
        """The block a record keeps (see the module docstring)."""
        top = sorted(self.vec, key=self.vec.get, reverse=True)[:TOP_LEMMAS]
        norm = math.sqrt(sum(map(pow, map(self.vec.__getitem__, top), repeat(2)))) or 1.0
        flags = (PRESENT | (STANDIN * self.standin) | (REACTION * self.reaction)
                 | (HAS_VERBS * self.has_verbs))
        sections = [top, sorted(self.head), sorted(self.names), sorted(self.figures), self.dates]
        head = BLOCK.pack(self.day, flags, self.future, self.lang.encode("ascii", "replace")[:2],
                          norm, self.head_w, self.names_w, *map(len, sections))
        keys = array("I", [k for s in sections for k in s]).tobytes()
        return head + keys + bytes(map(min, map(self.counts.__getitem__, top), repeat(255)))


class Member:
    """A packed evidence block read back (one story member, as the features see it)."""

    __slots__ = ("present", "day", "standin", "reaction", "has_verbs", "future", "lang", "norm",
                 "head_w", "names_w", "lemmas", "head", "names", "figures", "dates",
                 "day_value")

    @classmethod
    def unpack(cls, blob: bytes, offset: int) -> "Member":
        m = cls()
        (m.day, flags, m.future, lang, m.norm, m.head_w, m.names_w,
         *lengths) = BLOCK.unpack_from(blob, offset)
        m.lang = lang.decode("ascii", "replace")
        m.standin, m.reaction = bool(flags & STANDIN), bool(flags & REACTION)
        m.has_verbs, m.present = bool(flags & HAS_VERBS), bool(flags & PRESENT)
        start = offset + BLOCK.size
        end = start + 4 * sum(lengths)
        keys = array("I", blob[start:end])
        a, b, c, d = (sum(lengths[:i]) for i in range(1, 5))
        m.lemmas = dict(zip(keys[:a], blob[end:end + a]))
        m.head, m.names, m.figures = set(keys[a:b]), set(keys[b:c]), set(keys[c:d])
        m.dates = [Day.from_code(x) for x in keys[d:]]
        m.day_value = Day.from_code(m.day)
        return m


def empty_block() -> bytes:
    """The block of an article indexed without evidence (the old policy, old rows)."""
    return BLOCK.pack(0, 0, 0.0, b"  ", 1.0, 0.0, 0.0, 0, 0, 0, 0, 0)


def explicit_gap(a_day: Day | None, a_standin: bool, b_day: Day | None,
                 b_standin: bool) -> int | None:
    """Days apart when both days are explicit (not stand-ins), else None."""
    if a_standin or b_standin:
        return None
    return day_gap(a_day, b_day)


def cannot_link(q: EvidenceKeys, m: Member, days: int) -> bool:
    """Whether two articles' explicit days are more than ``days`` apart: too far to
    report one event."""
    gap = explicit_gap(q.day_value, q.standin, m.day_value, m.standin)
    return gap is not None and gap > days


def pair_features(q: EvidenceKeys, idf: dict[int, float], rare_idf: float, m: Member,
                  jaccard: float) -> list[float]:
    """The ``PAIR_FEATURES`` values of a new article (``q``, weighed by the window's
    ``idf``: a name is rare at ``rare_idf`` or above) against an indexed one (``m``;
    ``jaccard`` the MinHash estimate of their texts); a list, of which the policy makes
    one array per story."""
    q_day, q_dates = q.day_value, q.date_values
    same_lang = q.lang == m.lang
    cos = head = covered = 0.0
    if same_lang:
        vec = q.vec
        dot = sum(vec[k] * LOG_TF[c] * idf[k] for k, c in m.lemmas.items() if k in vec)
        cos = dot / (q.norm * (m.norm or 1.0))
        if q.head and m.head:
            head = len(q.head & m.head) / min(len(q.head), len(m.head))
        # q's headline in m's kept lemmas and headline; m's headline in q's lemmas
        q_cov = (sum(idf[h] for h in q.head if h in m.lemmas or h in m.head) / q.head_w
                 if q.head_w else 0.0)
        m_cov = (sum(idf[h] for h in m.head if h in vec or h in q.head) / m.head_w
                 if m.head_w else 0.0)
        covered = min(q_cov, min(m_cov, 1.0))
    shared_names = q.names & m.names
    names_idf = (sum(idf[k] for k in shared_names) / min(q.names_w, m.names_w)
                 if q.names_w and m.names_w else 0.0)
    rare = sum(1 for k in shared_names if idf[k] >= rare_idf)
    figs = len(q.figures & m.figures)
    few = min(len(q.figures), len(m.figures))
    shared_date = any(same_date(x, y) for x in q_dates for y in m.dates if y is not None)
    m_day = m.day_value
    gap = day_gap(q_day, m_day)
    egap = explicit_gap(q_day, q.standin, m_day, m.standin)
    return [
        cos, head, covered, min(names_idf, 1.0), min(rare, 4) / 4, min(figs, 3) / 3,
        1.0 - figs / few if few else 0.0,
        jaccard, float(shared_date), float(bool(q_dates and m.dates) and not shared_date),
        float(egap == 0),
        float(gap is not None and gap <= 1),
        0.0 if gap is None or gap <= 3 else min(math.log(gap) / _LOG_365, 1.0),
        float(gap is None),
        abs(q.future - m.future) if q.has_verbs and m.has_verbs else 0.0,
        float(q.reaction != m.reaction),
        float(not same_lang),
    ]


def window_idf(keys: list, dfs, window_size: int) -> dict:
    """The IDF of each of ``keys`` in a window of ``window_size`` articles from their
    document frequencies ``dfs`` (a numpy array): log((n + 20) / (df + 1)). The divisions
    in numpy, the logarithms by ``math.log`` (numpy's may differ in the last bit)."""
    return dict(zip(keys, map(math.log, ((window_size + 20) / (dfs + 1)).tolist())))


def rare_name_idf(window_size: int) -> float:
    """The IDF (``window_idf``'s) at or above which a name
    counts as rare: named by at most ``RARE_NAME_DF`` articles of the window, or
    ``RARE_NAME_SHARE`` of them."""
    rare_df = max(RARE_NAME_DF, RARE_NAME_SHARE * window_size)
    return math.log((window_size + 20) / (rare_df + 1))
