"""The one record that flows through the house: ``Article``.

Spiders fill the raw fields, each pipeline step adds normalised ones, the store
writes it once. This module is the single place where the fields are documented;
``docs/schema.md`` and the database column descriptions are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _doc(text: str, default: Any = None, factory: Any = None):
    """A dataclass field carrying its documentation in ``metadata['doc']``."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


@dataclass
class Article:
    """One news article, from the raw fields a spider scrapes to the normalised ones."""

    # identity
    url: str = _doc("URL the article was fetched from (after redirects).", "")
    canonical_url: str | None = _doc(
        "Canonical form of the URL (the page's rel=canonical/og:url when on the same site, "
        "without tracking parameters, fragments, AMP/mobile variants, trailing slash, www.; "
        "https). One canonical URL is one article."
    )
    source: str | None = _doc("Registry name of the outlet, e.g. `news_asia`.")
    # text
    title: str | None = _doc("Headline, plain text.")
    lead: str | None = _doc("Standfirst / summary paragraph, plain text.")
    body: str | None = _doc("Main text, plain text, one paragraph per line.")
    body_html: str | None = _doc(
        "Main text as sanitised HTML: no script, style, iframes, event handlers or "
        "javascript: URLs."
    )
    authors: list[str] = _doc("Author names as the page gives them.", factory=list)
    # dates
    date_raw: str | None = _doc("The chosen date text exactly as the page wrote it.")
    date_candidates: list[list[str]] = _doc(
        "All date texts found, as [layer, text] pairs, most trusted layer first "
        "(not stored; kept for the date step's choice).",
        factory=list,
    )
    published_at: str | None = _doc(
        "Publication instant in UTC, ISO 8601 with `Z`; null when the page gives only a day."
    )
    published_local: str | None = _doc(
        "Publication time in the source's time zone, ISO 8601 with offset, or `YYYY-MM-DD` "
        "when the page gives no time of day, or ISO 8601's year-less `--MM-DD` when the only "
        "date is year-less (\"29 сентября\") and no fetch time says which year (`aggregator "
        "enrich` without `fetched_at`): the year is left unknown rather than guessed."
    )
    date_precision: str | None = _doc(
        "Precision of the date: `month-day` (day and month, year unknown), `day`, `minute` "
        "or `second`."
    )
    # classification
    lang: str | None = _doc("Detected language, ISO 639-1 (`ru`, `kk`, `ky`, `uz`, `tg`, ...).")
    countries: list[str] = _doc(
        "Portal countries the article refers to, sorted, from KZ, KG, UZ, TJ, TM, CN.",
        factory=list,
    )
    primary_country: str | None = _doc("The country the article is mainly about, or null.")
    entities: list[dict] = _doc(
        "People, organisations and places named in the article: {type (PER, ORG, LOC), name "
        "(normal form), mentions, aliases (the forms written), and the evidence country tags "
        "use: country, in_lead, first_pos} (stored in `entities` and `article_entities`).",
        factory=list,
    )
    entities_extractor: str | None = _doc(
        "Which entity extractor and version found `entities` (`fast-5`, `natasha-5`); stored "
        "in `entity_extractions`."
    )
    # page furniture
    image_url: str | None = _doc("Lead image URL (absolute).")
    photo_credit: str | None = _doc("Credit line of the lead photo, e.g. `пресс-служба МИД РТ`.")
    section: str | None = _doc("Section or rubric as the site names it.")
    tags: list[str] = _doc("Tags / keywords as the site gives them.", factory=list)
    comments_count: int | None = _doc("Number of comments shown on the page.")
    # provenance
    fetched_at: str | None = _doc("When the page was fetched, UTC ISO 8601 with `Z`.")
    title_layer: str | None = _doc(
        "Extraction layer that supplied the title: override, jsonld, meta, h1, html_title, "
        "feed or input."
    )
    date_layer: str | None = _doc(
        "Where the date came from: override (registry selector), jsonld, meta, time "
        "(`<time datetime>`), microdata (`itemprop=datePublished`), text (the visible date "
        "text the page-date model picked), generic (trafilatura's guess), url (a date in the "
        "URL), feed, sitemap or input."
    )
    body_layer: str | None = _doc(
        "Extraction layer that supplied the body: override, jsonld, generic (trafilatura), "
        "feed or input."
    )
    story_id: str | None = _doc("Story this article belongs to (articles of one event share it).")

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict; lists are copied one level deep (``dataclasses.asdict``'s
        recursive copy cost as much as a processing step on the hot path)."""
        return {name: list(value) if isinstance(value, list) else value
                for name, value in ((n, getattr(self, n)) for n in _FIELD_NAMES)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """Build an Article from a mapping, ignoring keys that are not fields."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def field_docs() -> dict[str, str]:
    """Field name -> documentation, in declaration order."""
    return {f.name: f.metadata.get("doc", "") for f in fields(Article)}


_FIELD_NAMES = tuple(f.name for f in fields(Article))
