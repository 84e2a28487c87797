"""Layered extraction of article fields from an HTML page.

Each field is taken from the first layer that has it, and the layer is recorded:

1. ``override``: the source's own CSS/XPath selectors from the registry;
2. ``jsonld``: JSON-LD objects of type NewsArticle and friends;
3. ``meta``: OpenGraph, ``article:*`` and other ``<meta>`` tags;
4. ``time``: ``<time datetime>`` (dates only), then ``h1``/``<title>`` (titles only);
5. ``generic``: trafilatura's main-text extractor (body, and its metadata as a last resort).

Date texts from every layer are kept as candidates for the date step, which picks
one (``aggregator.enrich.date_choice``); besides the layers above they include
microdata ``itemprop="datePublished"`` (``microdata``), the visible date text the
page-date model picks (``text``, ``aggregator.extract.page_dates``), the feed's or
sitemap's date (``feed``/``sitemap``) and the day the URL states (``url``).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from parsel import Selector

from aggregator.extract.bounds import (
    MAX_BODY_CHARS, MAX_LEAD_CHARS, MAX_TITLE_CHARS, Budget, PageRefused, cap_text, page_refusal)
from aggregator.extract.extracted import Extracted, first_int, node_html, node_text, select
from aggregator.extract.generic import from_generic
from aggregator.extract.metadata import from_jsonld, from_meta, jsonld_articles
from aggregator.extract.page_dates import article_time_values, offer_page_dates, url_date
from aggregator.extract.safe_urls import http_url
from aggregator.extract.text import CREDIT_LINE, html_to_text, normalise_space
from aggregator.extract.titles import one_line, prefer_confirmed_title
from aggregator.items import Article


def extract_article(html: str, url: str = "", selectors: dict[str, str] | None = None,
                    tz: str = "UTC", now: datetime | None = None,
                    seen_dates: dict[str, int] | None = None) -> Extracted:
    """Extract title, lead, body, body_html, authors, dates and page furniture.

    ``tz`` and ``now`` (the source's zone, the fetch moment) let relative visible dates
    be read; ``seen_dates`` is the source's count of date texts on other pages
    (``page_dates.date_texts``), updated with this page's."""
    refusal = page_refusal(html or "")
    if refusal:
        raise PageRefused(refusal)
    budget = Budget()
    page = _selector(html)
    found = Extracted()
    if selectors:
        _from_overrides(found, page, selectors)
    for obj in jsonld_articles(page):
        from_jsonld(found, obj)
    from_meta(found, page)
    _from_markup(found, page)
    budget.check("markup")
    offer_page_dates(found, page.root, tz, now, seen_dates)
    prefer_confirmed_title(found, page, url)
    budget.check("page-date")
    from_generic(found, html, url, page)
    budget.check("generic")
    return found


def _selector(html: str) -> Selector:
    """The page parsed as HTML, whatever it looks like (parsel would take a body that
    parses as JSON for a JSON document, on which no XPath runs)."""
    return Selector(text=html or "<html></html>", type="html")


#: the layers in order of trust, as ``extract_layers`` reports them
LAYERS = ("override", "jsonld", "meta", "time", "generic")


def extract_layers(html: str, url: str = "", selectors: dict[str, str] | None = None) -> dict[str, Extracted]:
    """What each layer finds on its own (for diagnosis: ``aggregator check-source``).

    ``time`` is the plain-markup layer: ``<time datetime>``, the ``h1``, ``<title>`` and
    credit captions. ``extract_article`` combines the same layers in this order.
    """
    refusal = page_refusal(html or "")
    if refusal:
        raise PageRefused(refusal)
    page = _selector(html)
    layers = {name: Extracted() for name in LAYERS}
    if selectors:
        _from_overrides(layers["override"], page, selectors)
    for obj in jsonld_articles(page):
        from_jsonld(layers["jsonld"], obj)
    bodies = [o.get("articleBody") for o in jsonld_articles(page) if isinstance(o.get("articleBody"), str)]
    if bodies:
        layers["jsonld"].offer("body", html_to_text(bodies[0]), "jsonld")
    from_meta(layers["meta"], page)
    _from_markup(layers["time"], page)
    from_generic(layers["generic"], html, url, page)
    return layers


def article_from_html(html: str, url: str, source=None, hints: dict | None = None,
                      fetched_at: str | None = None, seen_dates: dict[str, int] | None = None) -> Article:
    """An ``Article`` with the raw fields extracted from ``html``.

    ``source`` is the registry entry (its selectors are the override layer); ``hints``
    are what a feed or sitemap said of the page (title, lead, authors, date), used
    below every layer of the page itself.
    """
    hints = hints or {}
    fetched_at = fetched_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    found = extract_article(html, url, source.selectors if source else None,
                            source.timezone if source else "UTC",
                            datetime.fromisoformat(fetched_at.replace("Z", "+00:00")), seen_dates)
    for name in ("title", "lead", "authors"):
        found.offer(name, hints.get(name), "feed")
    found.offer_date(hints.get("date"), hints.get("date_layer", "feed"))  # weighed in date_choice
    found.offer_date(url_date(url), "url")
    values, layers = found.values, found.layers
    return Article(
        url=url, source=source.name if source else None,
        canonical_url=http_url(values.get("canonical_url"), url, "canonical URL"),
        title=cap_text(values.get("title"), MAX_TITLE_CHARS),
        lead=cap_text(values.get("lead"), MAX_LEAD_CHARS),
        body=cap_text(values.get("body"), MAX_BODY_CHARS),
        body_html=values.get("body_html"), authors=values.get("authors", []),
        date_candidates=found.date_candidates,
        image_url=http_url(values.get("image_url"), url, "image URL"),
        photo_credit=values.get("photo_credit"),
        section=values.get("section"), tags=values.get("tags", []),
        comments_count=values.get("comments_count"),
        fetched_at=fetched_at,
        title_layer=layers.get("title"), body_layer=layers.get("body"),
    )


# --- layer 1: per-source selectors -------------------------------------------------

def link_hrefs(page: Selector, query: str) -> list[str]:
    """The hrefs a registry link selector picks: of the elements it selects (a comma list
    of CSS selectors included), or the attribute/text values when it selects those."""
    hrefs = []
    for node in select(page, query):
        root = node.root
        if isinstance(root, str):
            hrefs.append(root)
        else:
            href = node.attrib.get("href")
            if href is None:  # a container: the links inside it
                hrefs += node.xpath(".//a/@href").getall()
            else:
                hrefs.append(href)
    return [h.strip() for h in hrefs if h and h.strip()]


def _from_overrides(found: Extracted, page: Selector, selectors: dict[str, str]) -> None:
    for name, query in selectors.items():
        nodes = select(page, query)
        if not nodes:
            continue
        if name == "body":
            fragment = "".join(node_html(n) for n in nodes)
            found.offer("body_html", fragment, "override")
            found.offer("body", html_to_text(fragment), "override")
        elif name == "date":
            found.offer_date(node_text(nodes[0]), "override")
        elif name in ("authors", "tags"):
            found.offer(name, [t for t in (node_text(n) for n in nodes) if t], "override")
        elif name == "comments_count":
            found.offer(name, first_int(node_text(nodes[0])), "override")
        elif name == "photo_credit":
            text = node_text(nodes[0])
            match = CREDIT_LINE.match(text)
            found.offer(name, match.group(1) if match else text, "override")
        else:
            found.offer(name, node_text(nodes[0]), "override")


# --- layer 4: plain markup ------------------------------------------------------------

def _from_markup(found: Extracted, page: Selector) -> None:
    for text in article_time_values(page.root):
        found.offer_date(text, "time")
    h1 = page.xpath("//h1")
    if h1:
        found.offer("title", one_line(node_text(h1[0])), "h1")
    title = normalise_space(page.xpath("//title/text()").get() or "")
    found.offer("title", re.split(r"\s+[|—–]\s+|\s+-\s+", title)[0] if title else "", "html_title")
    if title:
        found.title_candidates.append(("html_title", title))
        # "Headline | Site" and "Headline - Site": the headline without its last part
        head = re.sub(r"\s+(?:[|—–:]|::|-)\s+[^|—–]{1,60}$", "", title)
        if head != title:
            found.title_candidates.append(("html_title", head))
    for caption in page.xpath("//figcaption|//*[contains(@class,'caption') or contains(@class,'credit')]")[:5]:
        match = CREDIT_LINE.match(node_text(caption))
        if match:
            found.offer("photo_credit", match.group(1), "markup")
            break
