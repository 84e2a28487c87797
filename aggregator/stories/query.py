"""An article's features as 32-bit keys, weighed by the window's document frequencies.

``Query.build`` turns ``Features`` into what the index looks up and the scoring policy
compares: sets of keys by kind (strong and weak names, specific numbers, dates, rounded
figures, headline figures, lead and title stems), the TF-IDF vector of the body stems,
the MinHash signature. Keys are the CRC-32 of the kind prefix and the value in UTF-8, the
same in every process (unlike Python's string hash), so the same articles make the same
stories in every run.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from array import array
from functools import lru_cache
from itertools import compress, repeat
from operator import mul
from typing import Callable, Iterable

import numpy as np

from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.features import Features, rounded
from aggregator.stories.minhash import band_keys, minhash_of_hashes
from aggregator.stories.pairs import LOG_TF, EvidenceKeys, rare_name_idf, window_idf

#: A name counts as rare when at most this many articles of the window, or this share of
#: them, mention it.
RARE_DF, RARE_SHARE = 5, 0.01
#: Weight of a weak name (gazetteer country, capital, leader, institution; a generic
#: office) relative to another proper name of the same window frequency.
WEAK = 0.35
#: Candidate weight of a shared specific number or date.
NUM_KEY = 1.5
#: Candidate weight of a shared LSH band: enough alone.
BAND_KEY = 100.0
_MASK32 = 0xFFFFFFFF


@lru_cache(maxsize=4096)  # an article's URL is keyed when it is looked up, indexed, restoried
def url_key(url: str) -> int:
    """A 64-bit signed key of a canonical URL (blake2b): the same in every process, so a
    run's decisions do not depend on Python's per-process string hash."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(),
                          "little", signed=True)


def url_index_key(url_hash: int) -> int:
    """The 32-bit index key under which an article is found by its URL (``url_key``)."""
    return url_hash & _MASK32


def _keyer(prefix: str) -> Callable[[str], int]:
    # the stems, names and numbers of a news stream recur: a bounded LRU cache per kind
    @lru_cache(maxsize=65_536)
    def key(value: str) -> int:
        return zlib.crc32((prefix + value).encode("utf-8"))

    key.__doc__ = f"The 32-bit key of a feature value: CRC-32 of {prefix!r} + value."
    return key


entity_key, number_key, stem_key = _keyer("e:"), _keyer("n:"), _keyer("w:")


def is_specific(number: str) -> bool:
    """A number that names something: a decimal, a date, or two or more digits."""
    return "." in number or len(number) >= 2


class Query:
    """The new article's features, hashed, with the window IDF of its keys."""

    __slots__ = ("lo", "hi", "seen", "day", "url", "strong", "weak", "nums", "dates", "lead",
                 "title", "counts", "idf", "vec", "norm", "lead_w", "ent_w", "minhash",
                 "rounded", "headline", "reaction", "names", "empty", "feats", "bands",
                 "_rare", "_rare_from", "nums_or_rounded", "minhash_list", "minhash_bytes", "df_keys",
                 "evidence", "rare_name_idf", "_index_keys", "hood", "idf_keys", "stems",
                 "_weighed")

    @classmethod
    def build(cls, feats: Features, interval: tuple[int, int] | None, seen: int, url: str,
              frequencies: Callable[[list[int]], np.ndarray], window_size: int,
              minhash: np.ndarray | None = None,
              evidence: ArticleEvidence | None = None, stems: bool = True) -> "Query":
        """The query of an article: ``interval`` its publication days (None: undated),
        ``seen`` the day it was fetched, ``frequencies(keys)`` the document frequencies
        of sorted keys in the window of ``window_size`` indexed articles, ``minhash`` its
        signature when known (loaded) instead of computed from the shingles,
        ``evidence`` what the fitted policy compares (None: the index runs without),
        ``stems`` as ``place``'s."""
        q = cls.keyed(feats, minhash, evidence)
        q.place(interval, seen, url, frequencies, window_size, stems)
        return q

    @classmethod
    def keyed(cls, feats: Features, minhash: np.ndarray | None = None,
              evidence: ArticleEvidence | None = None) -> "Query":
        """The part of ``build`` that depends on the article alone (its keys and
        signature): ``StoryIndex.prepare`` computes it for a group ahead of ``place``."""
        q = cls()
        weak = feats.weak
        q.strong = set(map(entity_key, feats.entities - weak))
        q.weak = set(map(entity_key, weak))
        undated = feats.numbers - feats.dates
        q.nums = set(map(number_key, filter(is_specific, undated)))
        q.dates = set(map(number_key, feats.dates))
        q.rounded = set(map(number_key, filter(None, map(rounded, undated))))
        q.headline = set(map(number_key, filter(is_specific, feats.headline_numbers)))
        q.names = q.strong | q.weak
        q.nums_or_rounded = q.nums | q.rounded
        q.reaction = feats.reaction
        q.lead = set(map(stem_key, feats.lead))
        q.title = set(map(stem_key, feats.title))
        q.counts = dict(zip(map(stem_key, feats.words), feats.words.values()))
        # the keys counted in the window's document frequencies (body and lead stems,
        # names, the evidence's); the body stems' IDF only the stems' weights need
        q.idf_keys = q.lead | q.names
        q.evidence = EvidenceKeys.build(evidence) if evidence is not None else None
        if q.evidence is not None:
            q.idf_keys |= q.evidence.df_keys()
        q.df_keys = q.idf_keys | q.counts.keys()
        if minhash is not None:
            q.minhash, q.empty = minhash, False
        else:
            hashes = feats.shingle_hashes()
            q.minhash, q.empty = minhash_of_hashes(hashes), not hashes
        q.minhash_bytes = q.minhash.astype(np.uint32, copy=False).tobytes()
        q.minhash_list = array("I", q.minhash_bytes)
        q.feats = feats
        q._index_keys = q._weighed = None
        q.hood = None  # the index sets it when the policy reads the neighbourhood
        return q

    def place(self, interval: tuple[int, int] | None, seen: int, url: str,
              frequencies: Callable[[list[int]], np.ndarray], window_size: int,
              stems: bool = True) -> None:
        """The rest of ``build``: the article's days and URL, and the weights of its keys
        in the window as it is now. ``stems`` False (a policy that reads no stems, as
        ``FittedPolicy``): the body stems get no IDF, and the stems' TF-IDF vector and
        the lead and name weights are left empty (``vec`` {}, ``norm`` 1, ``lead_w`` and
        ``ent_w`` 0); every other IDF is the same (each key's is its own)."""
        q = self
        q.lo, q.hi = interval if interval else (None, None)
        q.seen = seen
        q.day = q.hi if q.hi is not None else seen
        q.url = url_key(url) if url else 0
        q.stems = stems
        keys = q.weighed_keys(stems)
        dfs = frequencies(keys)
        q.idf = idf = window_idf(keys, dfs, window_size)
        q._rare, q._rare_from = None, (keys, dfs, window_size)
        if stems:
            tf = map(LOG_TF.__getitem__, map(min, q.counts.values(), repeat(255)))
            q.vec = dict(zip(q.counts, map(mul, tf, map(idf.__getitem__, q.counts))))
            weights = q.vec.values()
            q.norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
            q.lead_w = sum(map(idf.__getitem__, q.lead))
            q.ent_w = q.entity_weight(q.names)  # strong | weak, made the same way
        else:
            q.vec, q.norm, q.lead_w, q.ent_w = {}, 1.0, 0.0, 0.0
        if q.evidence is not None:
            q.evidence.weigh(idf)
        q.rare_name_idf = rare_name_idf(window_size)

    def weighed_keys(self, stems: bool) -> list[int]:
        """The keys ``place`` weighs (``df_keys`` with the stems, else ``idf_keys``),
        sorted: each binary search starts where the last ended. Kept for ``place`` when
        ``StoryIndex.prepare`` looked their frequencies up ahead."""
        if self._weighed is None or self._weighed[0] != stems:
            self._weighed = (stems, sorted(self.df_keys if stems else self.idf_keys))
        return self._weighed[1]

    @property
    def rare(self) -> set[int]:
        """The keys (of ``df_keys``) at most ``RARE_DF`` articles of the window, or
        ``RARE_SHARE`` of it, have: only the hand-weighted policy asks (computed then)."""
        if self._rare is None:
            keys, dfs, window_size = self._rare_from
            rare_df = max(RARE_DF, RARE_SHARE * window_size)
            self._rare = set(compress(keys, (dfs <= rare_df).tolist()))
        return self._rare

    def entity_weight(self, keys: Iterable[int]) -> float:
        """IDF weight of name keys, a weak name's times ``WEAK``."""
        idf, weak = self.idf, self.weak
        return sum(idf[k] * (WEAK if k in weak else 1.0) for k in keys)

    def index_keys(self) -> list[int]:
        """The keys the article is indexed and found under, sorted: names, specific
        numbers, dates, headline stems, the LSH bands of its text (none for an empty
        text) and its URL."""
        if self._index_keys is None:
            keys = self.strong | self.weak | self.nums | self.dates | self.title
            self.bands = set() if self.empty else band_keys(self.minhash_bytes)
            keys |= self.bands
            if self.url:
                keys.add(url_index_key(self.url))
            self._index_keys = sorted(keys)
        return self._index_keys

    def key_weights(self) -> dict[int, float]:
        """How much sharing each index key says: names by IDF (weak ones less), numbers
        and dates a fixed amount, headline stems by IDF, an LSH band enough alone."""
        self.index_keys()  # the bands
        out = {k: NUM_KEY for k in self.nums | self.dates}
        out.update((k, self.idf.get(k, 0.0) * 0.5) for k in self.title)
        out.update((k, self.idf[k]) for k in self.strong)
        out.update((k, self.idf[k] * WEAK) for k in self.weak)
        out.update((k, BAND_KEY) for k in self.bands)
        return out
