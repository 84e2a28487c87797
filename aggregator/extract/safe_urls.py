"""Only ``http``/``https`` URLs become links or images.

A page or a record may name ``javascript:``, ``data:``, ``vbscript:``, ``file:`` or any
other scheme where a link is expected; stored, it would reach readers through the
portal's feeds. ``http_url`` resolves a value against the page's URL and keeps it only
when the result is an http(s) URL with a host; what it drops it logs with the reason.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

logger = logging.getLogger(__name__)

SCHEMES = ("http", "https")


def is_http_url(url: object) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. an invalid IPv6 host "http://[x"
        return False


def http_url(value: object, base: str | None = None, what: str = "link") -> str | None:
    """``value`` made absolute against ``base``, if that is an http(s) URL; else None
    (logged with the reason when there was a value)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        url = urljoin(base or "", value.strip()) if base else value.strip()
    except ValueError:
        url = value
    if is_http_url(url):
        return url
    logger.warning("dropped %s %.200r of %s: not an http(s) URL", what, value, base or "a record")
    return None
