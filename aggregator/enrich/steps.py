"""The processing chain: each step a plain function over an ``Article``.

``process_article`` runs clean -> dates -> language -> countries -> canonical URL;
storing and story assignment need state and live in ``Store``/``StoryIndex``. The
Scrapy pipelines (``aggregator.crawl.pipelines``) and ``aggregator enrich`` call these same
functions, so a crawl and an enrich give the same result.
"""

from __future__ import annotations

from datetime import datetime, timezone

from aggregator.enrich.clean import clean_article
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.date_choice import choose_article_date, is_yearless, month_day
from aggregator.items import Article
from aggregator.enrich.language import detect_language
from aggregator.sources.registry import Source
from aggregator.enrich.urls import canonical_url


def fetch_moment(article: Article) -> datetime:
    """The moment relative dates resolve against: ``fetched_at``, else now."""
    if article.fetched_at:
        return datetime.fromisoformat(article.fetched_at.replace("Z", "+00:00"))
    return datetime.now(timezone.utc)


def normalise_dates(article: Article, tz: str = "UTC", lang: str | None = None) -> Article:
    """Pick the publication date among the candidates (``enrich.date_choice``) and fill
    published_at/local/precision, date_raw and date_layer.

    Without ``fetched_at`` a year-less date ("29 сентября") has no year to take: it ranks
    below every dated candidate and, if it still wins, is kept as ``--09-29`` with
    precision ``month-day`` and no ``published_at`` rather than given the current year.
    """
    candidates = [tuple(c) for c in article.date_candidates or []]
    if article.date_raw and (article.date_layer or "input", article.date_raw) not in candidates:
        candidates.insert(0, (article.date_layer or "input", article.date_raw))
    yearless = set()
    if not article.fetched_at:
        yearless = {c for c in candidates if isinstance(c[1], str) and is_yearless(c[1], tz)}
        candidates = [c for c in candidates if c not in yearless] + [c for c in candidates if c in yearless]
    chosen = choose_article_date(candidates, tz, fetch_moment(article), lang)
    if chosen is None:
        article.published_at = article.published_local = article.date_precision = None
        return article
    article.date_layer, article.date_raw = chosen.layer, chosen.text
    if (chosen.layer, chosen.text) in yearless:
        article.published_at, article.date_precision = None, "month-day"
        article.published_local = month_day(chosen.parsed)
        return article
    article.published_at = chosen.parsed.published_at
    article.published_local = chosen.parsed.published_local
    article.date_precision = chosen.parsed.precision
    return article


def detect_lang(article: Article, prior: str | None = None) -> Article:
    """Set ``lang`` from the title and body; the source's declared language is a prior."""
    article.lang = detect_language(article.body or article.lead or "", article.title or "", prior)
    return article


def tag(article: Article) -> Article:
    """Set ``countries`` and ``primary_country``."""
    text = "\n".join(filter(None, [article.lead, article.body]))
    tags = tag_countries(article.title or "", text, article.lang)
    article.countries, article.primary_country = list(tags.countries), tags.primary
    return article


def canonicalise(article: Article) -> Article:
    """Set ``canonical_url`` from the URL and the page's declared canonical."""
    if article.url:
        article.canonical_url = canonical_url(article.url, article.canonical_url)
    return article


def process_article(article: Article, source: Source | None = None, tz: str | None = None) -> Article:
    """Run every stateless step in order; ``tz`` overrides the source's time zone."""
    prior = source.language_for(article.url) if source and article.url else (source.language if source else None)
    clean_article(article)
    normalise_dates(article, tz or (source.timezone if source else "UTC"), prior)
    detect_lang(article, prior)
    tag(article)
    canonicalise(article)
    return article
