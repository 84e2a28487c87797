"""Canonical URLs: one article is one URL, whatever variant a feed or link used.

``https`` and ``http``, ``www.``/``m.``/``amp.`` hosts, AMP paths, tracking and session
parameters, fragments and trailing slashes all collapse to one form. A page's own
``<link rel=canonical>``/``og:url`` wins when it points to the same site.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import courlan
from w3lib.url import canonicalize_url

# Tracking parameters are courlan's (its list follows AdGuard, ClearURLs and Firefox's
# query stripping), with two corrections of our own, each shown in tests/test_urls.py:
#: parameters courlan keeps that feeds and sites of the region add to article links
_MORE_TRACKING = re.compile(
    r"^(_openstat|rss|from|share|amp|output|spm|cmpid|ito|icid|_hsenc|_hsmi|"
    r"phpsessid|jsessionid)$", re.I)
#: parameters courlan's broad patterns (``cl?id``, ``eid``, ``uid``) drop that news CMSs use
#: to address a page (``news.php?cid=3&id=10``): a canonical URL is also the link readers get
_PAGE_PARAMS = {"cid", "eid", "uid"}
_HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
_AMP_PATH = re.compile(r"(?:/amp|\.amp)(?=/?$)|^/amp(?=/)", re.I)


def site_of(url: str) -> str:
    """Host of ``url`` without ``www.``/``m.``/``amp.``: what counts as 'the same site'."""
    host = (urlsplit(url).hostname or "").lower()
    return _HOST_PREFIX.sub("", host)


@lru_cache(maxsize=4096)
def is_tracking(name: str) -> bool:
    """Whether the query parameter ``name`` only tracks the visit (``utm_source``, ``fbclid``).

    Not ``sid``: PHP-Nuke story ids.
    """
    if not name or name.lower() in _PAGE_PARAMS:
        return False
    if _MORE_TRACKING.match(name):
        return True
    # courlan judges a parameter through its public normaliser: a tracker leaves no query
    return "?" not in courlan.normalize_url("http://example.invalid/?" + urlencode({name: "1"}))


def canonical_url(url: str, declared: str | None = None) -> str:
    """Canonical form of ``url``; ``declared`` is the page's own canonical/og:url, if any."""
    url = url.strip()
    if declared:
        candidate = urljoin(url, declared.strip())
        if site_of(candidate) and site_of(candidate) == site_of(url):
            url = candidate
    parts = urlsplit(url)
    host = site_of(url)
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    if parts.port and parts.port not in (80, 443):
        scheme = parts.scheme  # a non-standard port keeps its scheme: it is a different server
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not is_tracking(k)])
    return canonicalize_url(urlunsplit((scheme, host, path, query, "")))
