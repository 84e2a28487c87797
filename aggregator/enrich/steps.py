"""The processing steps, in the one order they run: ``STEPS``.

Each step is a plain function ``step(article, context) -> article`` over an ``Article``;
``context`` (a ``StepContext``) carries what a step may need to know about where the
article comes from: its source, the time zone, the declared language. ``process_article``
runs ``STEPS`` in order (``check-source``; ``aggregator enrich`` runs them over groups of
records, step by step, with the same results: ``step_groups``); the Scrapy pipelines
(``aggregator.crawl.pipelines``) are one adapter per step, and the crawl settings order
them from ``STEPS``, so a crawl and an enrich give the same result. Storing and story
assignment need state and follow the steps (``aggregator.enrich.persist``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from aggregator.enrich.clean import clean_article
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.date_choice import choose_article_date, is_yearless, month_day, reads_fetch_time
from aggregator.enrich.date_zone import in_page_zone
from aggregator.enrich.dates import parse_date
from aggregator.enrich.language import detect_language
from aggregator.enrich.urls import canonical_url
from aggregator.entities import extract_entities, extractor_name
from aggregator.items import Article
from aggregator.sources.registry import Source


@dataclass(frozen=True)
class StepContext:
    """Where an article comes from: its registry ``source`` (if known) and a time zone
    that overrides the source's (``tz``, e.g. a record's own in ``aggregator enrich``)."""

    source: Source | None = None
    tz: str | None = None
    #: the entity extractor of the live chain: ``fast`` or ``natasha`` (AGGREGATOR_ENTITIES_MODEL)
    entities_model: str = "fast"

    @property
    def timezone(self) -> str:
        """The time zone dates without an offset are read in."""
        return self.tz or (self.source.timezone if self.source else "UTC")

    @property
    def zone_known(self) -> bool:
        """Whether a zone was given (the record's or the source's) rather than assumed."""
        return bool(self.tz or self.source)

    def declared_language(self, article: Article) -> str | None:
        """The language the source declares for the article's page (a prior, not a fact)."""
        return self.source.language_for(article.url or "") if self.source else None


Step = Callable[[Article, StepContext], Article]


def clean(article: Article, context: StepContext) -> Article:
    """Whitespace, sanitised HTML, absolute image URL."""
    return clean_article(article)


def dates(article: Article, context: StepContext) -> Article:
    """Published time in UTC and local form, with precision (``normalise_dates``)."""
    tz = context.timezone if context.zone_known else None
    return normalise_dates(article, tz, context.declared_language(article))


def language(article: Article, context: StepContext) -> Article:
    """``lang`` from the title and body; the source's declared language is a prior."""
    prior = context.declared_language(article)
    article.lang = detect_language(article.body or article.lead or "", article.title or "", prior)
    return article


def entities(article: Article, context: StepContext) -> Article:
    """People, organisations and places with their normal forms (``entities``)."""
    text = "\n".join(filter(None, [article.lead, article.body]))
    found = extract_entities(article.title or "", text, article.lang, context.entities_model)
    article.entities = [e.evidence() for e in found]
    article.entities_extractor = extractor_name(context.entities_model)
    return article


def countries(article: Article, context: StepContext) -> Article:
    """The portal's country tags (``countries``) and ``primary_country``."""
    text = "\n".join(filter(None, [article.lead, article.body]))
    tags = tag_countries(article.title or "", text, article.lang, article.entities or None)
    article.countries, article.primary_country = list(tags.countries), tags.primary
    return article


def canonical(article: Article, context: StepContext) -> Article:
    """``canonical_url`` from the URL and the page's declared canonical."""
    if article.url:
        article.canonical_url = canonical_url(article.url, article.canonical_url)
    return article


#: The processing steps in order: the one place the order is written.
STEPS: tuple[Step, ...] = (clean, dates, language, entities, countries, canonical)


def process_article(article: Article, source: Source | None = None, tz: str | None = None) -> Article:
    """Run every step of ``STEPS`` in order; ``tz`` overrides the source's time zone."""
    context = StepContext(source, tz)
    for step in STEPS:
        article = step(article, context)
    return article


def fetch_moment(article: Article) -> datetime:
    """The moment relative dates resolve against: ``fetched_at``, else now."""
    if article.fetched_at:
        return datetime.fromisoformat(article.fetched_at.replace("Z", "+00:00"))
    return datetime.now(timezone.utc)


def _end_of_today(tz: str) -> datetime:
    """The last second of today in ``tz``: a moment no clock time of the day lies after.
    Reading a day-less text ("Сегодня 06:15") at the real clock would make the answer
    depend on the hour of the run: before 06:15 the text is in the future and unread."""
    return datetime.now(ZoneInfo(tz)).replace(hour=23, minute=59, second=59, microsecond=0)


def _day_from_now(text, tz: str, lang: str | None) -> bool:
    """``text`` parses, but its day moves with the moment it is read at (no fetch time)."""
    now = _end_of_today(tz)
    parsed = parse_date(text, tz=tz, now=now, lang=lang)
    return parsed is not None and reads_fetch_time(text, parsed, tz, now, lang)


def normalise_dates(article: Article, tz: str | None = "UTC", lang: str | None = None) -> Article:
    """Pick the publication date among the candidates (``enrich.date_choice``) and fill
    published_at/local/precision, date_raw and date_layer.

    ``tz`` is the source's zone; ``None`` when it is unknown (no source, no record zone):
    times without an offset are then read as UTC, and the chosen date's local time is the
    page's own (``date_zone.in_page_zone``: the offset it wrote, or the one the page's
    other dates show), so that its local day is the page's rather than the UTC day.

    Without ``fetched_at`` a year-less date ("29 сентября") has no year to take: it ranks
    below every dated candidate and, if it still wins, is kept as ``--09-29`` with
    precision ``month-day`` and no ``published_at`` rather than given the current year.
    A text whose day itself comes from the fetch moment (a bare time "08:00", "Сегодня
    06:15", "3 hours ago") has no day to take: it is weighed only when nothing else
    gives a date, and then the article gets no date (its text stays in ``date_raw``).
    """
    zone_known, tz = tz is not None, tz or "UTC"
    candidates = [tuple(c) for c in article.date_candidates or []]
    if article.date_raw and (article.date_layer or "input", article.date_raw) not in candidates:
        candidates.insert(0, (article.date_layer or "input", article.date_raw))
    yearless, dayless = set(), set()
    if not article.fetched_at:
        yearless = {c for c in candidates if isinstance(c[1], str) and is_yearless(c[1], tz)}
        dayless = {c for c in candidates if c not in yearless and _day_from_now(c[1], tz, lang)}
        candidates = [c for c in candidates if c not in yearless] + [c for c in candidates if c in yearless]
    chosen = choose_article_date([c for c in candidates if c not in dayless], tz, fetch_moment(article), lang)
    if chosen is None and dayless:  # only its text and layer are kept, read as _day_from_now read it
        chosen = choose_article_date([c for c in candidates if c in dayless], tz, _end_of_today(tz), lang)
    if chosen is not None:
        article.date_layer, article.date_raw = chosen.layer, chosen.text
    if chosen is None or (chosen.layer, chosen.text) in dayless:
        article.published_at = article.published_local = article.date_precision = None
        return article
    if (chosen.layer, chosen.text) in yearless:
        article.published_at, article.date_precision = None, "month-day"
        article.published_local = month_day(chosen.parsed)
        return article
    parsed = chosen.parsed if zone_known else in_page_zone(chosen, candidates, fetch_moment(article), lang)
    article.published_at = parsed.published_at
    article.published_local = parsed.published_local
    article.date_precision = parsed.precision
    return article
