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
from aggregator.enrich.dates import choose_date
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
    """Pick the best date candidate and fill published_at/local/precision and date_raw."""
    candidates = [list(c) for c in article.date_candidates or []]
    if article.date_raw and [article.date_layer or "input", article.date_raw] not in candidates:
        candidates.insert(0, [article.date_layer or "input", article.date_raw])
    chosen = choose_date([tuple(c) for c in candidates], tz, fetch_moment(article), lang)
    if chosen is None:
        article.published_at = article.published_local = article.date_precision = None
        return article
    parsed, layer = chosen
    article.date_layer = layer
    article.date_raw = next(text for lyr, text in candidates if lyr == layer)
    article.published_at = parsed.published_at
    article.published_local = parsed.published_local
    article.date_precision = parsed.precision
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
