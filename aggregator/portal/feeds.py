"""Per-country feeds of the latest stories for the portal: RSS 2.0, Atom, JSON Feed 1.1.

One entry per story, not per repost: the representative article's title, link and
lead, with the other outlets' links listed in the entry. Links go to the publishers'
own URLs (``url``: our canonical form may differ from theirs, e.g. a dropped trailing
slash). Each entry carries its article's language (RSS ``dc:language``, Atom
``xml:lang``, JSON Feed ``language``). "Latest" means the most recently published
stories within ``days`` of the newest one: an archive article stored today by a
backfill is not news. The portal's address (``base_url``: ``feed --base-url`` or
``AGGREGATOR_BASE_URL``) names the feed and is its channel link. RSS and Atom are
written by feedgen; JSON Feed is plain JSON by its 1.1 specification.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from html import escape

from feedgen.feed import FeedGenerator
from lxml import etree

from aggregator.extract.safe_urls import is_http_url
from aggregator.store import Store
from aggregator.store.entities import entity_ids, latest_story_ids_with_entities
from aggregator.store.stories import latest_published_at, latest_story_ids, story_with_articles

FORMATS = ("rss", "atom", "json")
COUNTRY_NAMES = {"KZ": "Казахстан", "KG": "Кыргызстан", "UZ": "Узбекистан",
                 "TJ": "Таджикистан", "TM": "Туркменистан", "CN": "Китай"}


#: Who the feeds are by (Atom requires an author).
AUTHOR = "Central Asian news aggregator"
#: Stories last published this many days before the newest one are not "latest".
DEFAULT_DAYS = 14
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATOM = "{http://www.w3.org/2005/Atom}"


def latest_stories(store: Store, country: str | None = None, limit: int = 50,
                   days: int | None = DEFAULT_DAYS, entity: str | None = None) -> list[dict]:
    """The latest stories (of ``country``, naming ``entity``), newest first, each with its
    articles: those last published within ``days`` of the newest story (None: no window)."""
    since = None
    if days is not None:
        newest = latest_published_at(store, country)
        if newest:
            since = (_moment(newest) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if entity:
        ids = latest_story_ids_with_entities(store, entity_ids(store, entity), country, limit, since)
    else:
        ids = latest_story_ids(store, country, limit, since)
    return [story_with_articles(store, story_id) for story_id in ids]


def _link(article: dict) -> str | None:
    """The address to give readers: the publisher's own URL (else our canonical form);
    only ever an http(s) URL (a stored ``javascript:`` one from an older run is left out)."""
    for url in (article["url"], article["canonical_url"]):
        if is_http_url(url):
            return url
    return None


def _image(article: dict) -> str | None:
    return article["image_url"] if is_http_url(article["image_url"]) else None


def _language(story: dict) -> str:
    return story["articles"][0].get("lang") or "ru"


def _moment(value: str | None) -> datetime:
    """A datetime for a stored time (a day-only date counts as its midnight UTC)."""
    if not value:
        return datetime.now(timezone.utc)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _summary_html(story: dict) -> str:
    lead = story["articles"][0]["lead"] or ""
    others = story["articles"][1:]
    html = f"<p>{escape(lead)}</p>" if lead else ""
    if others:
        items = "".join(f'<li><a href="{escape(_link(a))}">{escape(a["source"] or "")}: '
                        f'{escape(a["title"] or "")}</a></li>' for a in others if _link(a))
        html += f"<p>Также сообщают:</p><ul>{items}</ul>"
    return html


def build_feed(store: Store, country: str | None, fmt: str = "rss", limit: int = 50,
               base_url: str | None = None, days: int | None = DEFAULT_DAYS,
               entity: str | None = None) -> str:
    """The feed document for ``country`` (or all countries) in ``fmt``; ``base_url`` is
    the portal's page, which the feed's own address is under (default: the
    ``AGGREGATOR_BASE_URL`` setting); with ``entity`` only the stories naming it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}; choose from {', '.join(FORMATS)}")
    if not base_url:
        from aggregator.crawl.settings import AGGREGATOR_BASE_URL as base_url
    base_url = base_url.rstrip("/") + "/"
    stories = latest_stories(store, country, limit, days, entity)
    title = "Новости Центральной Азии" + (f": {COUNTRY_NAMES.get(country, country)}" if country else "")
    title += f" — {entity}" if entity else ""
    feed_id = f"{base_url.rstrip('/')}/feeds/{(country or 'all').lower()}"
    if fmt == "json":
        return json.dumps(_json_feed(stories, title, feed_id, base_url), ensure_ascii=False, indent=2)
    gen = FeedGenerator()
    gen.load_extension("dc")
    gen.id(feed_id)
    gen.title(title)
    gen.author({"name": AUTHOR})
    # feedgen's RSS <channel><link> is the last link given: the portal's page, not the feed
    gen.link(href=feed_id + "." + fmt, rel="self")
    gen.link(href=base_url, rel="alternate")
    gen.description(title)
    gen.language("ru")
    gen.updated(max((_moment(s["updated_at"]) for s in stories), default=datetime.now(timezone.utc)))
    for story in reversed(stories):  # feedgen prepends entries: add oldest first
        lead = story["articles"][0]
        entry = gen.add_entry()
        entry.id(f"urn:story:{story['id']}")
        entry.guid(f"urn:story:{story['id']}", permalink=False)
        entry.title(story["title"] or lead["title"] or "")
        # the other outlets' links are listed in the content: feedgen 1.0 drops the rel of
        # extra Atom links, which would turn them into competing "alternate" links
        if _link(lead):
            entry.link(href=_link(lead), rel="alternate")
        entry.published(_moment(story["first_published_at"]))
        entry.updated(_moment(story["updated_at"]))
        entry.content(_summary_html(story), type="html")
        for code in story["countries"]:
            entry.category(term=code)
        if fmt == "rss":
            entry.dc.dc_language(_language(story))
    if fmt == "rss":
        return gen.rss_str(pretty=True).decode("utf-8")
    return _with_entry_languages(gen.atom_str(pretty=False), stories)


def _with_entry_languages(atom: bytes, stories: list[dict]) -> str:
    """Atom has no per-entry language element: each <entry> gets ``xml:lang``."""
    root = etree.fromstring(atom)
    languages = {f"urn:story:{s['id']}": _language(s) for s in stories}
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id")
        for element in entry.findall("{http://purl.org/dc/elements/1.1/}language"):
            entry.remove(element)
        if entry_id in languages:
            entry.set(_XML_LANG, languages[entry_id])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _json_feed(stories: list[dict], title: str, feed_id: str, base_url: str) -> dict:
    items = []
    for story in stories:
        lead = story["articles"][0]
        items.append({
            "id": f"urn:story:{story['id']}",
            **({"url": _link(lead)} if _link(lead) else {}),
            "title": story["title"] or lead["title"] or "",
            "content_html": _summary_html(story),
            "summary": lead["lead"] or "",
            "date_published": _moment(story["first_published_at"]).isoformat(),
            "date_modified": _moment(story["updated_at"]).isoformat(),
            "tags": story["countries"],
            "language": _language(story),
            **({"image": _image(lead)} if _image(lead) else {}),
            "_aggregator": {"sources": story["sources"],
                            "articles": [{"url": _link(a), "source": a["source"], "title": a["title"]}
                                         for a in story["articles"] if _link(a)]},
        })
    return {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": base_url, "feed_url": feed_id + ".json", "language": "ru",
            "authors": [{"name": AUTHOR}],
            "items": items}
