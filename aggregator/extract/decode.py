"""Decode page bytes to text when charsets are declared wrongly or not at all.

Central Asian sites still serve windows-1251, sometimes under a ``utf-8`` header, and
sometimes UTF-8 under a ``windows-1251`` meta tag. A strict UTF-8 decode of non-ASCII
text almost never succeeds by accident, so it is tried first; the declared charsets
(registry, HTTP header, ``<meta>``) come next, and charset-normalizer guesses last.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in its first 4 KB of markup, if any."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(body: bytes, header_charset: str | None = None, source_encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding used)`` for an HTML or XML page's bytes."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in (source_encoding, header_charset, meta_charset(body)):
        codec = _codec(name)
        if codec and codec != "utf-8":
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                continue
    guess = from_bytes(body[:65536]).best()
    codec = _codec(guess.encoding if guess else None) or "cp1251"
    return body.decode(codec, errors="replace"), codec
