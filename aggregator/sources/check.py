"""Check one source live: discovery works, and what each extraction layer finds.

``aggregator check-source NAME`` is the operator's tool to verify or repair a registry
entry in minutes: it fetches the source's first feed (else its first sitemap, else its
first listing page), picks one article, and prints which fields each extraction layer
found and the final values after the processing chain. One request for discovery (two
for a sitemap index), one for the article (up to three when articles fail).

The check is written as steps that name the next URL and receive its page
(``check_steps``), so that what fetches is separate: a live check runs them in a tiny
Scrapy crawl with the project's settings (``aggregator.sources.live``: the same user
agent, robots.txt, size limits, timeouts and retries as a crawl), tests hand in pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Generator
from urllib.parse import urljoin

import feedparser
from parsel import Selector
from scrapy.utils.sitemap import Sitemap

from aggregator.enrich.steps import process_article
from aggregator.extract.decode import decode_html
from aggregator.extract.layers import LAYERS, article_from_html, extract_layers, link_hrefs
from aggregator.sources.registry import Source

#: fields shown per layer and in the final values, in this order
FIELDS = ("title", "lead", "body", "date", "authors", "image_url", "photo_credit",
          "section", "tags", "comments_count", "canonical_url")


class FetchError(Exception):
    """A URL could not be fetched (network, HTTP status)."""


@dataclass
class Page:
    url: str
    body: bytes
    charset: str | None
    date: str | None = None  # the HTTP Date header: the base for relative dates


@dataclass
class CheckResult:
    """What the check found; ``ok`` is False when discovery or the article yields nothing."""

    source: str
    discovery: str = ""            # "feed URL", "sitemap URL", "listing URL"
    article_urls: list[str] = field(default_factory=list)
    article_url: str | None = None
    layers: dict[str, dict[str, str]] = field(default_factory=dict)
    final: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


#: steps of a check: they yield the URL to fetch next and receive its Page (or the
#: FetchError that fetching it raised); their return value is the result
Steps = Generator[str, "Page | FetchError", object]


def _fetched(url: str):
    """Ask for ``url``; its Page, or raise the FetchError the fetcher reported."""
    outcome = yield url
    if isinstance(outcome, FetchError):
        raise outcome
    return outcome


def run_steps(steps: Steps, get: Callable[[str], Page]):
    """Run ``steps`` with a synchronous fetcher ``get`` (which raises FetchError)."""
    try:
        url = next(steps)
        while True:
            try:
                outcome = get(url)
            except FetchError as exc:
                outcome = exc
            url = steps.send(outcome)
    except StopIteration as stop:
        return stop.value


def _is_article(source: Source, url: str) -> bool:
    return bool(re.search(source.article_pattern, url)) if source.article_pattern else True


def discover(source: Source, get: Callable[[str], Page]) -> tuple[str, list[str]]:
    """(what was read, article URLs) from the first feed, else sitemap, else listing."""
    return run_steps(discover_steps(source), get)


def discover_steps(source: Source):
    """The steps of ``discover``."""
    if source.feeds:
        page = yield from _fetched(source.feeds[0])
        feed = feedparser.parse(page.body)
        links = [urljoin(page.url, e.get("link") or e.get("id") or "") for e in feed.entries]
        return f"feed {source.feeds[0]}", [u for u in links if u and _is_article(source, u)]
    if source.sitemaps:
        page = yield from _fetched(source.sitemaps[0])
        sitemap = Sitemap(page.body)
        locs = [e["loc"] for e in sitemap if e.get("loc")]
        if sitemap.type == "sitemapindex" and locs:
            page = yield from _fetched(urljoin(page.url, locs[0]))
            locs = [e["loc"] for e in Sitemap(page.body) if e.get("loc")]
        return f"sitemap {source.sitemaps[0]}", [u for u in locs if _is_article(source, u)]
    if source.listings:
        listing = source.listings[0]
        page = yield from _fetched(listing.url)
        html, _ = decode_html(page.body, page.charset, source.encoding)
        links = [urljoin(page.url, h) for h in link_hrefs(Selector(text=html), listing.links or "a")]
        return f"listing {listing.url}", [u for u in dict.fromkeys(links) if _is_article(source, u)]
    return "nothing (no feeds, sitemaps or listings)", []


def _show(value, width: int = 90) -> str:
    if isinstance(value, list):
        text = ", ".join(map(str, value)) if value and isinstance(value[0], str) else str(value)
    else:
        text = str(value)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def check_source(source: Source, get: Callable[[str], Page] | None = None) -> CheckResult:
    """Discovery, one article through every layer, and the processed result.

    Pages come from ``get`` when given, else from a Scrapy crawl with the project settings.
    """
    if get is None:
        from aggregator.sources.live import run_in_scrapy

        return run_in_scrapy(check_steps(source))
    return run_steps(check_steps(source), get)


def check_steps(source: Source):
    """The steps of ``check_source``."""
    result = CheckResult(source.name)
    try:
        result.discovery, result.article_urls = yield from discover_steps(source)
    except FetchError as exc:
        result.problems.append(f"discovery failed: {exc}")
        return result
    if not result.article_urls:
        result.problems.append(f"{result.discovery} yields no article URL "
                               f"(article_pattern {source.article_pattern!r})")
        return result
    for url in result.article_urls[:3]:  # the first one that can be fetched
        try:
            page = yield from _fetched(url)
            break
        except FetchError as exc:
            result.problems.append(f"article fetch failed: {exc}")
    else:
        return result
    result.problems.clear()
    result.article_url = page.url
    html, _ = decode_html(page.body, page.charset, source.encoding)
    for name, found in extract_layers(html, page.url, source.selectors).items():
        values = dict(found.values)
        values.pop("body_html", None)
        if found.date_candidates:
            values["date"] = found.date_candidates[0][1]
        result.layers[name] = {k: _show(values[k], 60) for k in FIELDS if values.get(k) not in (None, "", [])}
    fetched = _page_time(page.date)
    article = process_article(article_from_html(html, page.url, source, fetched_at=fetched), source)
    result.final = {
        "title": article.title, "title_layer": article.title_layer, "lead": article.lead,
        "body": article.body, "body_layer": article.body_layer, "date_raw": article.date_raw,
        "date_layer": article.date_layer, "published_at": article.published_at,
        "published_local": article.published_local, "date_precision": article.date_precision,
        "lang": article.lang, "countries": article.countries,
        "primary_country": article.primary_country, "authors": article.authors,
        "image_url": article.image_url, "section": article.section, "tags": article.tags,
    }
    if not article.title:
        result.problems.append("the article yields no title")
    if not article.body:
        result.problems.append("the article yields no body")
    if not article.published_at and not article.published_local:
        result.problems.append("the article yields no date")
    return result


def _page_time(header: str | None) -> str:
    """When the page was made: its Date header unless absent or in the future (as the spider)."""
    now = datetime.now(timezone.utc)
    try:
        moment = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None or moment > now + timedelta(minutes=5):
        moment = now
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def report(result: CheckResult) -> list[str]:
    """The check as lines of text for the terminal."""
    lines = [f"source:    {result.source}", f"discovery: {result.discovery} -> "
             f"{len(result.article_urls)} article URL(s)"]
    if result.article_url:
        lines.append(f"article:   {result.article_url}")
        lines.append("")
        lines.append("fields found by each layer (first layer with a value wins):")
        for name in LAYERS:
            found = result.layers.get(name, {})
            lines.append(f"  {name:<9} {', '.join(found) if found else '-'}")
            for key, value in found.items():
                lines.append(f"      {key:<15} {value}")
        lines.append("")
        lines.append("final values (after dates, language, countries):")
        for key, value in result.final.items():
            lines.append(f"  {key:<16} {_show(value) if value not in (None, '', []) else '-'}")
    lines.append("")
    lines += [f"PROBLEM: {p}" for p in result.problems] or ["OK"]
    return lines
