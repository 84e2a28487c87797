"""Bounds on the work one page may cost: checked before the heavy layers run.

A page nobody controls can make extraction super-linear: libxml2 checks each attribute
of a tag against the others (100,000 attributes on one ``<p>`` take minutes to parse),
the generic extractor and the date search walk every element, and a megabyte title
goes through every regex of the chain. ``page_refusal`` says why a page is refused
before it is parsed (size, elements, attributes of one tag), ``not_html`` why bytes
served as a page are not HTML at all, ``Budget`` stops extraction that runs over its
time between layers, and ``cap_text`` bounds the length of a field. The limits are
documented in docs/operations.md.
"""

from __future__ import annotations

import json
import re
import time

#: Characters of decoded HTML a page may have (a news page is well under 2 MB).
MAX_PAGE_CHARS = 8_000_000
#: Elements (start tags) a page may have; real article pages have 1,000-15,000.
MAX_ELEMENTS = 25_000
#: Attributes one tag may carry (real tags have a few dozen at most).
MAX_TAG_ATTRIBUTES = 500
#: Seconds extraction of one page may take; checked between layers.
EXTRACTION_SECONDS = 10.0
#: Characters kept of a title, a lead and a body text.
MAX_TITLE_CHARS = 1_000
MAX_LEAD_CHARS = 5_000
MAX_BODY_CHARS = 500_000

_START_TAG = re.compile(r"<[A-Za-z]")
#: a tag long enough that its attributes are worth counting (cheaper than counting all)
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4000,}")
_ATTRIBUTE = re.compile(r"""\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
          (b"\x1f\x8b", "gzip data"), (b"RIFF", "a RIFF (WebP/AVI) file"))


class PageRefused(ValueError):
    """A page beyond the bounds above; the message says which and by how much."""


def page_refusal(html: str) -> str | None:
    """Why ``html`` is too costly to extract (``None`` when it is within the bounds)."""
    if len(html) > MAX_PAGE_CHARS:
        return f"page of {len(html):,} characters (limit {MAX_PAGE_CHARS:,})"
    if html.count("<") > MAX_ELEMENTS:  # cheap upper bound first: a count in C
        elements = sum(1 for _ in _START_TAG.finditer(_without_scripts(html)))
        if elements > MAX_ELEMENTS:
            return f"page of {elements:,} elements (limit {MAX_ELEMENTS:,})"
    # Minified scripts read like tags ("i<n.length;...") to the pattern, not to libxml2,
    # which takes a script's content as text: an offender is confirmed without scripts.
    if _attribute_offender(html):
        return _attribute_offender(_without_scripts(html))
    return None


def _attribute_offender(html: str) -> str | None:
    for tag in _LONG_TAG.finditer(html):
        attributes = sum(1 for _ in _ATTRIBUTE.finditer(tag.group()))
        if attributes > MAX_TAG_ATTRIBUTES:
            name = re.match(r"<([A-Za-z][\w:-]*)", tag.group()).group(1)
            return f"a <{name[:20]}> tag with {attributes:,} attributes (limit {MAX_TAG_ATTRIBUTES:,})"
    return None


def _without_scripts(html: str) -> str:
    """``html`` without the contents of its scripts ("a<b" in a script is no element);
    found with ``str.find`` so that an unclosed script costs one scan, not one per tag."""
    lower, kept, pos = html.lower(), [], 0
    while True:
        start = lower.find("<script", pos)
        if start < 0:
            kept.append(html[pos:])
            return "".join(kept)
        kept.append(html[pos:start])
        end = lower.find("</script", start + 7)
        if end < 0:
            return "".join(kept)
        pos = end + 8


def not_html(body: bytes) -> str | None:
    """What ``body`` is when it is not HTML though served as a page (JSON, an image, a
    PDF, binary data), else ``None``."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\0" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs
        return "binary data"
    if head[:1] in (b"{", b"["):
        try:
            json.loads(body)
        except (ValueError, RecursionError):
            return None  # not JSON either: let the HTML parser make of it what it can
        return "a JSON document"
    return None


def cap_text(text: str | None, limit: int) -> str | None:
    """``text`` cut to ``limit`` characters (at a space when one is near the end)."""
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 100)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


class Budget:
    """Time allowed for one page's extraction; ``check`` raises ``PageRefused`` when spent."""

    def __init__(self, seconds: float = EXTRACTION_SECONDS):
        self.seconds = seconds
        self.started = time.monotonic()

    def check(self, stage: str) -> None:
        spent = time.monotonic() - self.started
        if spent > self.seconds:
            raise PageRefused(f"extraction took {spent:.1f} s by the {stage} layer "
                              f"(budget {self.seconds:g} s)")
