"""Titles: a site name dropped from ``<title>``/og:title, and the visible headline that
confirms one metadata title over another."""

from __future__ import annotations

import re

from parsel import Selector

from aggregator.extract.extracted import Extracted, node_text


def strip_site_name(title: str, site: str) -> str:
    """Drop a trailing or leading " | Site" from an og:title or <title>."""
    if not title:
        return title
    if site:
        for sep in (" | ", " - ", " — ", " – ", " :: ", " / "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
            if title.startswith(site + sep):
                return title[len(site + sep):].strip()
    return title


def title_key(text: str) -> str:
    return re.sub(r"\W+", " ", text or "").strip().casefold()


def prefer_confirmed_title(found: Extracted, page: Selector) -> None:
    """Prefer the metadata title that the visible headline confirms.

    Sites give different headlines to search engines and social cards (JSON-LD
    ``headline``, ``og:title``) than to readers. When the page has one headline ``h1``
    (outside header/nav/footer/aside) that equals one of its metadata titles but not the
    one chosen so far, the confirmed one is what readers see and wins. Overrides stay.
    """
    if found.layers.get("title") in (None, "override") or not found.title_candidates:
        return
    h1s = [t for t in (node_text(h) for h in page.xpath(
        "//h1[not(ancestor::nav or ancestor::footer or ancestor::aside"
        " or ancestor::header[not(ancestor::article or ancestor::main)])]")) if t]
    if len(h1s) != 1:
        return
    key = title_key(h1s[0])
    if not key or key == title_key(found.values.get("title")):
        return
    for layer, text in found.title_candidates:
        if title_key(text) == key:
            found.values["title"] = h1s[0]
            found.layers["title"] = layer
            return
