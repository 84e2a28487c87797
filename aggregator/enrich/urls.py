"""Canonical URLs: one article is one URL, whatever variant a feed or link used.

``https`` and ``http``, ``www.``/``m.``/``amp.`` hosts, AMP paths, tracking and session
parameters, fragments and trailing slashes all collapse to one form. A page's own
``<link rel=canonical>``/``og:url`` wins when it points to the same site.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|yclid|ysclid|msclkid|mc_cid|mc_eid|_openstat|"
    r"igshid|ref_src|rss|from|ref|share|amp|output|_ga|_gl|spm|cmpid|ito|icid|"
    r"_hsenc|_hsmi|mkt_tok|phpsessid|jsessionid|sessionid)$",  # not "sid": PHP-Nuke story ids
    re.I,
)
_HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
_AMP_PATH = re.compile(r"(?:/amp|\.amp)(?=/?$)|^/amp(?=/)", re.I)


def site_of(url: str) -> str:
    """Host of ``url`` without ``www.``/``m.``/``amp.``: what counts as 'the same site'."""
    host = (urlsplit(url).hostname or "").lower()
    return _HOST_PREFIX.sub("", host)


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
                       if not _TRACKING.match(k)])
    return canonicalize_url(urlunsplit((scheme, host, path, query, "")))
