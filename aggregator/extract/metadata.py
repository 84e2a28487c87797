"""Layers 2 and 3: JSON-LD objects of type NewsArticle and friends, and OpenGraph,
``article:*`` and other ``<meta>`` tags."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from parsel import Selector

from aggregator.extract.extracted import Extracted
from aggregator.extract.text import html_to_text, normalise_space
from aggregator.extract.titles import site_names, strip_site_name

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage",
    "scholarlyarticle", "techarticle", "liveblogposting", "socialmediaposting",
}
_DATE_META = (
    "article:published_time", "og:article:published_time", "datePublished",
    "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "mediator_published_time",
)


# --- layer 2: JSON-LD -----------------------------------------------------------------

def jsonld_articles(page: Selector) -> list[dict]:
    """JSON-LD objects describing the article, from every script block (incl. @graph)."""
    found = []
    for raw in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(_unwrapped(raw), strict=False)
        except (ValueError, RecursionError):  # broken, or nested past the parser's depth
            continue
        for obj in _walk_jsonld(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(str(t).lower() in ARTICLE_TYPES for t in types):
                found.append(obj)
    # a NewsArticle is better evidence than a generic WebPage
    found.sort(key=lambda o: "webpage" in str(o.get("@type")).lower())
    return found


# Some CMSs still hide script bodies from pre-HTML4 browsers: "//<![CDATA[ ... //]]>" or
# "<!-- ... -->" around the JSON, which json.loads rejects as a whole.
_WRAPPER_START = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)")
_WRAPPER_END = re.compile(r"(?://\s*)?(?:\]\]>|-->)\s*$")


def _unwrapped(raw: str) -> str:
    """The script's JSON without a CDATA or HTML-comment wrapper."""
    if _WRAPPER_START.match(raw):
        raw = _WRAPPER_END.sub("", _WRAPPER_START.sub("", raw, count=1), count=1)
    return raw


def _walk_jsonld(data: Any) -> Iterable[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk_jsonld(main)


def _names(value: Any, publisher: str = "") -> list[str]:
    """Names from a JSON-LD author value (string, object or list). The outlet itself as
    author ("BBC News" by BBC News) is no byline: leaving it out lets a lower layer's
    person win; an agency credited by another outlet (dpa) stays."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item, publisher)]
    if isinstance(value, dict):
        value = value.get("name")
    name = normalise_space(str(value)) if value else ""
    return [name] if name and name.casefold() != publisher.casefold() else []


def _url_of(value: Any) -> str | None:
    if isinstance(value, list):
        return _url_of(value[0]) if value else None
    if isinstance(value, dict):
        return value.get("url") or value.get("contentUrl")
    return value or None


def from_jsonld(found: Extracted, obj: dict) -> None:
    is_page = "webpage" in str(obj.get("@type")).lower()
    headline = normalise_space(str(obj.get("headline") or ""))
    found.offer("title", headline, "jsonld")
    if headline:
        found.title_candidates.append(("jsonld", headline))
    # the page's other wording of the headline (WELT: the displayed one, the SEO one in
    # ``headline``): a candidate that confirms a heading, never the title by itself
    alternative = obj.get("alternativeHeadline")
    if isinstance(alternative, str) and normalise_space(alternative):
        found.title_candidates.append(("jsonld", normalise_space(alternative)))
    if not is_page:
        found.offer("lead", normalise_space(str(obj.get("description") or "")), "jsonld")
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > 200 and found.jsonld_body is None:
            found.jsonld_body = html_to_text(body)
    publisher = _names(obj.get("publisher"))
    found.offer("authors", _names(obj.get("author"), publisher[0] if publisher else ""), "jsonld")
    found.offer_date(obj.get("datePublished"), "jsonld")
    found.offer("image_url", _url_of(obj.get("image")), "jsonld")
    section = obj.get("articleSection")
    found.offer("section", section[0] if isinstance(section, list) and section else section, "jsonld")
    keywords = obj.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    found.offer("tags", [k for k in keywords or [] if isinstance(k, str) and k], "jsonld")
    found.offer("comments_count", _comment_count(obj), "jsonld")
    found.offer("canonical_url", _url_of(obj.get("mainEntityOfPage")) or obj.get("url"), "jsonld")


def _comment_count(obj: dict) -> int | None:
    if isinstance(obj.get("commentCount"), (int, str)) and str(obj["commentCount"]).isdigit():
        return int(obj["commentCount"])
    stats = obj.get("interactionStatistic")
    for stat in stats if isinstance(stats, list) else [stats] if stats else []:
        if isinstance(stat, dict) and "comment" in str(stat.get("interactionType")).lower():
            count = stat.get("userInteractionCount")
            return int(count) if str(count).isdigit() else None
    return None


# --- layer 3: meta tags ---------------------------------------------------------------

def _meta(page: Selector, *names: str) -> list[str]:
    values = []
    for name in names:
        query = f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        values += [v.strip() for v in page.xpath(query).getall() if v.strip()]
    return values


def from_meta(found: Extracted, page: Selector) -> None:
    title = (_meta(page, "og:title", "twitter:title") or [""])[0]
    site = site_names(page)
    found.offer("title", strip_site_name(normalise_space(title), site), "meta")
    for text in _meta(page, "og:title", "twitter:title"):
        found.title_candidates.append(("meta", strip_site_name(normalise_space(text), site)))
    found.offer("lead", normalise_space((_meta(page, "og:description", "description") or [""])[0]), "meta")
    found.offer("authors", [a for a in _meta(page, "author", "article:author") if "://" not in a], "meta")
    for text in _meta(page, *_DATE_META):
        found.offer_date(text, "meta")
    found.offer("image_url", (_meta(page, "og:image", "twitter:image") or [None])[0], "meta")
    found.offer("section", (_meta(page, "article:section") or [None])[0], "meta")
    found.offer("tags", _meta(page, "article:tag"), "meta")
    canonical = page.xpath('//link[@rel="canonical"]/@href').get() or (_meta(page, "og:url") or [None])[0]
    found.offer("canonical_url", canonical, "meta")
