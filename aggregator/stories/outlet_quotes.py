"""Two pieces of pair evidence that may tell two events of one topic family apart.

- **The outlet.** One site does not publish two independent rewrites of one event: two of
  its articles that are not near-copies usually report two events (the next stage, the
  next month's figure). An article's site is the registered domain of its URL
  (``courlan.extract_domain``: "ru.sputnik.kg" and "sputnik.kg" are one outlet), kept as a
  32-bit key.
- **The quotations.** Rewrites of one event quote the same statement; the next stage
  quotes other words. An article's quotations are the spans between quote marks of at
  least ``MIN_QUOTE_WORDS`` words (a shorter quoted span is mostly a name: a company, a
  party, an outlet, a programme); their content lemmas are kept as lemma keys.

Both are computed only for a model that reads ``OUTLET_QUOTE_FEATURES`` (the index asks
``ArticleEvidence.from_article(article, outlet=True)`` then), so a model that does not
pays nothing.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from urllib.parse import urlsplit

from courlan import extract_domain

#: The pair features of this module, in the order of ``outlet_quote_features``.
OUTLET_QUOTE_FEATURES = (
    "same_site",        # both articles come from one registered domain
    "quotes_shared",    # IDF share of the smaller side's quoted lemmas in the other's
                        # quotations (same language, both quote)
    "quotes_disjoint",  # both quote (same language) and share no quoted lemma
)
#: Words a quoted span needs to count as a statement rather than a quoted name.
MIN_QUOTE_WORDS = 4
#: Quoted lemma keys kept per article (the rarest in the window): a bound on the record.
QUOTE_KEYS = 24
#: A quotation: «...» (Russian, Kazakh, Kyrgyz, Uzbek, Tajik), „...“ / „...” (inner or
#: German-style), “...” (English, Chinese), "..." (straight), 「...」 (Chinese).
_QUOTES = re.compile(r"«([^«»]+)»|„([^„“”]+)[“”]|“([^“”„]+)”|\"([^\"\n]+)\"|「([^「」]+)」")
_QUOTE_CHARS = frozenset("«„“\"「")


@lru_cache(maxsize=4096)
def _site_of_host(host: str) -> int:
    domain = extract_domain("http://" + host + "/") if host else None
    return zlib.crc32(("s:" + (domain or host)).encode("utf-8")) if host else 0


def site_key(url: str) -> int:
    """The 32-bit key of the registered domain of ``url`` (0 when it has no host)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return 0
    return _site_of_host(host)


def quoted_spans(text: str) -> list[str]:
    """The quoted spans of ``text`` of at least ``MIN_QUOTE_WORDS`` words."""
    if _QUOTE_CHARS.isdisjoint(text):
        return []
    spans = [next(g for g in m.groups() if g is not None) for m in _QUOTES.finditer(text)]
    return [s for s in spans if len(s.split()) >= MIN_QUOTE_WORDS]


def outlet_quote_features(q, idf: dict[int, float], m) -> list[float]:
    """The ``OUTLET_QUOTE_FEATURES`` values of evidence keys ``q`` (weighed by the
    window's ``idf``) against member ``m``."""
    same_site = float(bool(q.site) and q.site == m.site)
    shared = disjoint = 0.0
    if q.lang == m.lang and q.quotes and m.quotes:
        common = q.quotes & m.quotes
        if common:
            shared = min(sum(idf[k] for k in common) / (min(q.quotes_w, m.quotes_w) or 1.0),
                         1.0)
        else:
            disjoint = 1.0
    return [same_site, shared, disjoint]
