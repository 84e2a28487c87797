"""The base spider: discovers articles from a source's feeds, sitemaps and listings.

Everything source-specific comes from the source's registry entry; a subclass only
overrides what config cannot say. Parsing is ``aggregator.extract.layers``; the spider is a
thin adapter that fetches pages and hands ``Article`` items to the pipelines.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
import scrapy
from scrapy import signals
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.sitemap import Sitemap
from twisted.internet import defer
from twisted.internet.threads import deferToThread

from aggregator.crawl.logged import note_dropped
from aggregator.crawl.offload import PageJob, PageOffload, PageResult, offloaded_steps
from aggregator.crawl.pipelines import STEP_PIPELINES
from aggregator.extract.bounds import PageRefused, not_html
from aggregator.extract.decode import decode_html
from aggregator.extract.safe_urls import is_http_url
from aggregator.extract.layers import article_from_html, link_hrefs
from aggregator.extract.page_dates import REPEAT_PAGES
from aggregator.sources.registry import Listing, Source, load_registry, registry_files
from aggregator.store import Store
from aggregator.enrich.urls import canonical_url


#: Which discovery path's hints an article gets when several found it: a feed states its
#: title, lead, date and authors; a sitemap only a date; a listing nothing.
HINT_RANKS = {"feed": 0, "sitemap": 1, "listing": 2}
#: The rank of an article already parsed: no path found later can change what was stored.
PARSED = -1


class NewsSpider(scrapy.Spider):
    """Crawl one registry source. ``-a backfill=1`` walks listings to their end."""

    name = None  # an abstract base: `scrapy list` shows only the sources
    #: Scheduler priority of feeds, sitemaps and listing pages over article pages (0):
    #: what they say of an article (its hints) is known before its page is parsed, as
    #: far as the crawl's concurrency allows.
    discovery_priority = 10

    def __init__(self, *args, backfill: str | bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.backfill = str(backfill).lower() in ("1", "true", "yes")
        self.known: set[str] = set()
        self.queued: dict[str, int] = {}  # canonical URL -> rank of the hints it was queued with
        self.better_hints: dict[str, tuple[int, dict]] = {}  # found again by a better path
        self.listed: set[str] = set()  # article URLs seen on listing pages in this run
        # date text -> article pages it was seen on in this run: a text on many pages (a
        # date banner, a related story's date) is the site's, not an article's
        self.date_texts_seen: dict[str, int] = {}
        self.repeated_dates: set[str] = set()  # those on REPEAT_PAGES pages or more
        # extraction runs in a thread off the reactor (parse_article), one page at a time
        # (it updates date_texts_seen), so a costly page never holds up other requests
        self.extraction_lock = threading.Lock()
        self.sitemap_max_depth: int | None = None
        self.max_article_urls = 0
        self.url_cap_logged = False

    @classmethod
    def update_settings(cls, settings):
        """A backfill keeps its progress in a job directory (Scrapy's JOBDIR) so that an
        interrupted walk resumes where it stopped: ``AGGREGATOR_JOBS_DIR/<source>``
        (default ``data/jobs/<source>``) unless JOBDIR is set explicitly."""
        super().update_settings(settings)
        if cls.name and settings.getbool("AGGREGATOR_BACKFILL") and not settings.get("JOBDIR"):
            jobs = settings.get("AGGREGATOR_JOBS_DIR")
            if jobs:
                settings.set("JOBDIR", str(Path(jobs) / cls.name), priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        registry = load_registry(registry_files(settings.get("AGGREGATOR_SOURCES")))
        if spider.name not in registry:
            raise ValueError(f"no registry entry for spider {spider.name!r}")
        spider.source = registry[spider.name]
        spider.allowed_domains = spider.source.domains
        spider.backfill = spider.backfill or settings.getbool("AGGREGATOR_BACKFILL")
        spider.max_pages = None if spider.backfill else settings.getint("LISTING_MAX_PAGES")
        spider.sitemap_max_depth = settings.getint("AGGREGATOR_SITEMAP_MAX_DEPTH")
        spider.max_article_urls = settings.getint("AGGREGATOR_MAX_ARTICLE_URLS")
        if not settings.getbool("AGGREGATOR_REFRESH"):
            spider.known = _known_urls(settings.get("AGGREGATOR_DB"), spider.name)
        spider.extract_workers = settings.getint("AGGREGATOR_EXTRACT_WORKERS")
        crawler.signals.connect(spider.close_offload, signal=signals.spider_closed)
        return spider

    extract_workers = 0
    offload: PageOffload | None = None

    source: Source

    # --- discovery ------------------------------------------------------------------

    async def start(self):
        state = getattr(self, "state", None)  # persisted in JOBDIR (Scrapy's SpiderState)
        if state is not None and self.backfill:
            if state.get("started"):
                # a resumed backfill: the job directory's queue holds the rest of the walk
                self.logger.info("resuming the backfill from %s", self.settings.get("JOBDIR"))
                return
            state["started"] = True
        for url in self.source.feeds:
            yield self.discovery_request(url, self.parse_feed, dont_filter=True)
        for url in self.source.sitemaps:
            yield self.discovery_request(url, self.parse_sitemap, dont_filter=True)
        if self.source.monthly_sitemap:
            # this month and the last (articles of its final days); a backfill walks on back
            now = datetime.now(timezone.utc)
            for year, month in ((now.year, now.month), _month_before(now.year, now.month)):
                yield self.monthly_sitemap_request(year, month)
        for listing in self.source.listings:
            yield self.discovery_request(listing.url, self.parse_listing, dont_filter=True,
                                         cb_kwargs={"listing": listing, "page": 1})

    def discovery_request(self, url: str, callback, **kwargs) -> scrapy.Request:
        """A request for a feed, sitemap or listing page: ahead of article pages."""
        return scrapy.Request(url, callback, priority=self.discovery_priority,
                              errback=self.download_failed, **kwargs)

    def download_failed(self, failure) -> None:
        """A request given up: ``aggregator.crawl.logged`` has logged it with its URL and
        reason already, so Scrapy's own traceback of it is spared. An HTTP error status (which
        Scrapy's HttpErrorMiddleware hands to the errback, uncounted) is logged and counted."""
        if failure.check(HttpError):
            response = failure.value.response
            self.crawler.stats.inc_value("aggregator/failed/http")
            self.logger.info("ignoring response %s for %s", response.status, response.url)

    async def parse_feed(self, response):
        """RSS/Atom through feedparser, which tolerates the malformed feeds sites serve
        (in a worker thread: a feed of many megabytes takes seconds to parse)."""
        headers = {"content-type": response.headers.get("Content-Type", b"").decode("latin-1")}
        feed = await maybe_deferred_to_future(deferToThread(
            feedparser.parse, response.body, response_headers=headers))
        if not feed.entries and feed.bozo:
            self.logger.error("unreadable feed %s: %s", response.url, feed.get("bozo_exception"))
            return
        for entry in feed.entries:
            link = entry.get("link") or entry.get("id")
            if not link:
                continue
            hints = {"title": entry.get("title"), "lead": entry.get("summary"),
                     "date": entry.get("published") or entry.get("updated"),
                     "authors": [entry["author"]] if entry.get("author") else []}
            for request in self.article_request(_join(response, link), hints, via="feed"):
                yield request

    def monthly_sitemap_request(self, year: int, month: int) -> scrapy.Request:
        url = self.source.monthly_sitemap_url(year, month)
        return self.discovery_request(url, self.parse_sitemap, dont_filter=True,
                                      cb_kwargs={"month": (year, month)})

    def parse_sitemap(self, response, month: tuple[int, int] | None = None, depth: int = 0):
        """Sitemap indexes are followed (``AGGREGATOR_SITEMAP_MAX_DEPTH`` levels deep);
        URL sets yield article requests. In a backfill, a monthly sitemap that lists
        articles leads to the month before it (this month's does not: start() requested
        last month's already)."""
        sitemap = Sitemap(response.body)
        now = datetime.now(timezone.utc)
        if month is not None and self.backfill and month != (now.year, now.month):
            if any(entry.get("loc") for entry in Sitemap(response.body)):
                yield self.monthly_sitemap_request(*_month_before(*month))
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                if depth >= self.sitemap_max_depth:
                    reason = (f"sitemap index nested deeper than AGGREGATOR_SITEMAP_MAX_DEPTH "
                              f"({self.sitemap_max_depth}): its sitemaps are not followed")
                    self.drop(response.url, reason, "sitemap_depth")
                    return
                url = _join(response, loc)
                if is_http_url(url):
                    yield self.discovery_request(url, self.parse_sitemap,
                                                 cb_kwargs={"depth": depth + 1})
            else:
                hints = {"date": entry.get("lastmod"), "date_layer": "sitemap"}
                yield from self.article_request(_join(response, loc), hints, via="sitemap")

    def parse_listing(self, response, listing: Listing, page: int):
        """Article links of a listing page, then the next page unless only known ones were found."""
        what = not_html(response.body)
        if what:
            self.drop(response.url, f"not HTML but {what}", "not_html")
            return
        page_html, _ = decode_html(response.body, header_charset(response), self.source.encoding)
        sel = scrapy.Selector(text=page_html, type="html")
        links = link_hrefs(sel, listing.links or "a")
        urls = [_join(response, u) for u in links]
        # a listing's javascript:void(0) links are furniture: dropped without a word
        urls = [u for u in dict.fromkeys(urls) if is_http_url(u) and self.is_article_url(u)]
        keys = {canonical_url(u) for u in urls}
        if not keys or keys <= self.listed:
            # past the end: an empty page, or one repeating links already listed (sites
            # that serve their last page, or the first, for any page number beyond it)
            self.logger.info("listing %s page %d holds no new links: end of listing", listing.url, page)
            return
        self.listed |= keys
        fresh = [u for u in urls if canonical_url(u) not in self.known]
        for url in fresh:
            yield from self.article_request(url, {})
        self.crawler.stats.inc_value("aggregator/listing_pages")
        if not fresh and not self.backfill:
            self.logger.info("listing %s page %d holds only known articles: stop", listing.url, page)
            return
        limit = min(filter(None, [listing.max_pages, self.max_pages]), default=None)
        if limit is not None and page >= limit:
            return
        next_url = self.next_page(sel, response, listing, page)
        if next_url and is_http_url(next_url):
            yield self.discovery_request(next_url, self.parse_listing,
                                         cb_kwargs={"listing": listing, "page": page + 1})

    def next_page(self, sel, response, listing: Listing, page: int) -> str | None:
        if listing.page_url:
            return urljoin(response.url, listing.page_url.format(page=page + 1))
        if listing.next:
            hrefs = link_hrefs(sel, listing.next)
            return _join(response, hrefs[0]) if hrefs else None
        return None

    def is_article_url(self, url: str) -> bool:
        pattern = self.source.article_pattern
        return bool(re.search(pattern, url)) if pattern else True

    def article_request(self, url: str, hints: dict, via: str = "listing"):
        """A request for an article page, once per run, with what the path that found it
        says of it (``hints``). A URL found again by a better path (a feed after a
        listing) gets that path's hints when its page is parsed, so what is stored does not
        depend on which response came first."""
        if not is_http_url(url):
            self.logger.warning("ignored a link that is not http(s) (%s): %.200r", via, url)
            self.crawler.stats.inc_value("aggregator/dropped/not_http")
            return
        key = canonical_url(url)
        if key in self.known or not self.is_article_url(url):
            return
        rank = HINT_RANKS[via]
        if key in self.queued:
            best = self.better_hints.get(key, (self.queued[key], None))[0]
            if rank < best:
                self.better_hints[key] = (rank, hints)
            return
        if self.max_article_urls and len(self.queued) >= self.max_article_urls:
            if not self.url_cap_logged:
                self.url_cap_logged = True
                self.drop(url, f"AGGREGATOR_MAX_ARTICLE_URLS ({self.max_article_urls}) article URLs "
                               "queued in this run: no more are followed", "url_cap")
            return
        self.queued[key] = rank
        yield scrapy.Request(url, self.parse_article, cb_kwargs={"hints": hints, "key": key},
                             errback=self.download_failed)

    # --- articles ---------------------------------------------------------------------

    async def parse_article(self, response, hints: dict | None = None, key: str | None = None):
        """``page_article`` in a worker process (``AGGREGATOR_EXTRACT_WORKERS``) or a
        thread: the reactor serves other requests meanwhile."""
        if self.extract_workers > 0:
            pending = self.offloaded_article(response, hints, key)
        else:
            pending = deferToThread(self.page_article, response, hints, key)
        article = await maybe_deferred_to_future(pending)
        if article is not None:
            yield article

    def page_hints(self, response, hints: dict | None, key: str | None) -> dict | None:
        """The hints to extract an article page with, or None when it is not HTML (dropped)."""
        better = self.better_hints.pop(key, None)
        if better:
            hints = better[1]
        if key is not None:
            self.queued[key] = PARSED  # a better path found from now on has come too late
        what = not_html(response.body)
        if what:
            self.drop(response.url, f"not HTML but {what}", "not_html")
            return None
        return hints or {}

    def page_article(self, response, hints: dict | None = None, key: str | None = None):
        """The article of an article page, or None when the page is refused (logged)."""
        hints = self.page_hints(response, hints, key)
        if hints is None:
            return None
        try:
            with self.extraction_lock:  # one page at a time: it updates date_texts_seen
                html, _ = decode_html(response.body, header_charset(response), self.source.encoding)
                return article_from_html(html, response.url, self.source, hints,
                                         fetched_at=page_time(response),
                                         seen_dates=self.date_texts_seen)
        except PageRefused as exc:
            self.drop(response.url, f"page refused: {exc}", "page_bounds")
            return None

    def offloaded_article(self, response, hints: dict | None, key: str | None) -> defer.Deferred:
        """``page_article`` and the first steps in a worker process (``crawl.offload``)."""
        hints = self.page_hints(response, hints, key)
        if hints is None:
            return defer.succeed(None)
        if self.offload is None:
            self.offload = PageOffload.acquire(self.extract_workers)
            settings = self.crawler.settings
            self.offload_steps = offloaded_steps(settings, STEP_PIPELINES)
            self.logger.info("article extraction and steps %s in %d worker processes",
                             ", ".join(self.offload_steps) or "(none)", self.extract_workers)
        job = PageJob(response.body, response.url, header_charset(response), self.source, hints,
                      page_time(response), frozenset(self.repeated_dates), self.offload_steps,
                      self.crawler.settings.get("AGGREGATOR_ENTITIES_MODEL") or "fast")
        return self.offload.submit(job).addCallback(self.offloaded_result, response.url)

    def offloaded_result(self, result: PageResult, url: str):
        """The worker's article (None if refused); the page's date texts counted."""
        for text in result.date_texts:
            count = self.date_texts_seen[text] = self.date_texts_seen.get(text, 0) + 1
            if count >= REPEAT_PAGES:
                self.repeated_dates.add(text)
        if result.refused is not None:
            self.drop(url, f"page refused: {result.refused}", "page_bounds")
            return None
        return result.article

    def close_offload(self) -> None:
        if self.offload is not None:
            PageOffload.release()
            self.offload = None

    def drop(self, url: str, reason: str, kind: str) -> None:
        """Log a page or URL not taken, with the reason, and list it in the run's stats."""
        self.logger.warning("skipped %s: %s", url, reason)
        note_dropped(self.crawler, url, reason, kind)


def _join(response, link: str) -> str:
    """``link`` made absolute against the response's URL ('' when it cannot be: a broken
    host such as ``http://[x``; ``article_request`` drops it with a log line)."""
    try:
        return response.urljoin(link)
    except ValueError:
        return str(link)


def _known_urls(db_path: str | None, source: str) -> set[str]:
    try:
        store = Store(db_path, readonly=True)
    except Exception:  # no database yet: nothing is known
        return set()
    try:
        return store.known_urls(source)
    except Exception:
        return set()
    finally:
        store.close()


def header_charset(response) -> str | None:
    """The charset the HTTP Content-Type header declares, if any."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    match = re.search(r"charset=([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def page_time(response) -> str:
    """When the page was made: its HTTP Date header, unless absent or implausible.

    Relative dates ("Сегодня 07:58") are written by the server at that moment, so it is
    the right base for them; a cached or replayed page carries its own moment.
    """
    now = datetime.now(timezone.utc)
    header = response.headers.get("Date")
    try:
        moment = parsedate_to_datetime(header.decode("latin-1")) if header else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None or moment > now + timedelta(minutes=5):
        moment = now
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)
