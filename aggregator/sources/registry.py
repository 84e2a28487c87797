"""The sources registry: every outlet is an entry of TOML data, not code.

The registry shipped with the package (``aggregator/sources.toml``) can be extended
or overridden by a user's own TOML files (``--sources FILE``): an entry with a new
name adds a source, an entry with an existing name replaces the keys it gives.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Fields a per-source override may select (CSS, or XPath when it starts with "/" or "(").
OVERRIDE_FIELDS = (
    "title", "lead", "body", "date", "authors", "image_url", "photo_credit",
    "section", "tags", "comments_count",
)


class RegistryError(ValueError):
    """A registry file or entry is malformed; the message says where and why."""


@dataclass(frozen=True)
class Listing:
    """A listing or archive page and how to page through it.

    ``url`` is the first page. Pagination is either ``next`` (a selector for the
    next-page link) or ``page_url`` (a template with ``{page}``, pages 2..``max_pages``).
    ``links`` selects article links; without it, every link matching the source's
    ``article_pattern`` counts.
    """

    url: str
    links: str | None = None
    next: str | None = None
    page_url: str | None = None
    max_pages: int | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Section:
    """A part of a multi-language site: URLs starting with ``prefix`` are in ``lang``.

    ``prefix`` is a URL path (``/kz/``) or, for a language on its own host, a URL
    prefix (``https://kaz.tengrinews.kz/``; scheme and ``www.`` do not matter).
    """

    prefix: str
    lang: str


@dataclass(frozen=True)
class Source:
    """One outlet. See ``docs/sources.md`` for every key."""

    name: str
    homepage: str
    country: str
    language: str
    timezone: str
    encoding: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    #: a sitemap per month: a URL template with ``{year}`` and ``{month}`` (two digits)
    monthly_sitemap: str | None = None
    listings: tuple[Listing, ...] = ()
    article_pattern: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    title: str | None = None

    @property
    def domains(self) -> list[str]:
        """Host names the source's pages live on (for allowed_domains)."""
        urls = [self.homepage, *self.feeds, *self.sitemaps, *(lst.url for lst in self.listings)]
        if self.monthly_sitemap:
            urls.append(self.monthly_sitemap_url(2000, 1))
        hosts = {urlsplit(u).hostname for u in urls if urlsplit(u).hostname}
        # subdomains are allowed too, so the bare domain covers www./m. variants
        return sorted({h.removeprefix("www.") for h in hosts})

    def monthly_sitemap_url(self, year: int, month: int) -> str:
        """The monthly sitemap of ``year``-``month`` (``monthly_sitemap`` must be set)."""
        return self.monthly_sitemap.format(year=year, month=f"{month:02d}")

    def language_for(self, url: str) -> str:
        """The declared language of the page at ``url`` (per section, else the site's)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        for section in self.sections:
            if "//" in section.prefix:
                prefix = urlsplit(section.prefix)
                if (host == (prefix.hostname or "").removeprefix("www.")
                        and parts.path.startswith(prefix.path or "/")):
                    return section.lang
            elif parts.path.startswith(section.prefix):
                return section.lang
        return self.language


def source_from_dict(name: str, data: dict[str, Any]) -> Source:
    """Validate one registry entry and build its ``Source``."""
    known = {f.name for f in fields(Source)}
    unknown = set(data) - known
    if unknown:
        raise RegistryError(f"source {name!r}: unknown keys {sorted(unknown)}")
    missing = [k for k in ("homepage", "country", "language", "timezone") if not data.get(k)]
    if missing:
        raise RegistryError(f"source {name!r}: missing {', '.join(missing)}")
    try:
        ZoneInfo(data["timezone"])
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RegistryError(f"source {name!r}: unknown time zone {data['timezone']!r}") from exc
    selectors = dict(data.get("selectors", {}))
    bad = set(selectors) - set(OVERRIDE_FIELDS)
    if bad:
        raise RegistryError(f"source {name!r}: no such selector field {sorted(bad)}")
    try:
        listings = tuple(Listing(**item) for item in data.get("listings", ()))
        sections = tuple(Section(**item) for item in data.get("sections", ()))
    except TypeError as exc:
        raise RegistryError(f"source {name!r}: {exc}") from exc
    values = {k: v for k, v in data.items() if k not in ("listings", "sections", "selectors")}
    for key in ("feeds", "sitemaps"):
        values[key] = tuple(values.get(key, ()))
    return Source(name=name, listings=listings, sections=sections, selectors=selectors, **{
        k: v for k, v in values.items() if k != "name"
    })


def _read_toml(path: Path) -> dict[str, dict]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: no such sources file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: {exc}") from exc
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise RegistryError(f"{path}: {name!r} is not a table")
    return data


def builtin_entries() -> dict[str, dict]:
    """The raw entries of the registry shipped with the package."""
    text = resources.files("aggregator.sources").joinpath("sources.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_registry(extra_files: Iterable[str | Path] = ()) -> dict[str, Source]:
    """The built-in registry, then each extra file in order adding or overriding entries."""
    entries = {name: dict(entry) for name, entry in builtin_entries().items()}
    for path in extra_files:
        for name, entry in _read_toml(Path(path)).items():
            entries[name] = {**entries.get(name, {}), **entry}
    return {name: source_from_dict(name, entry) for name, entry in entries.items()}


def registry_files(value: str | list | tuple | None) -> list[str]:
    """Normalise the ``AGGREGATOR_SOURCES`` setting (a path, comma list or list) to a list."""
    if not value:
        return []
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    return list(value)
