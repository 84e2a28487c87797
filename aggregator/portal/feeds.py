"""Per-country feeds of the latest stories for the portal: RSS 2.0, Atom, JSON Feed 1.1.

One entry per story, not per repost: the representative article's title, link and
lead, with the other outlets' links listed in the entry. RSS and Atom are written by
feedgen; JSON Feed is plain JSON by its 1.1 specification.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape

from feedgen.feed import FeedGenerator

from aggregator.extract.safe_urls import is_http_url
from aggregator.store import Store
from aggregator.store.entities import entity_ids, latest_story_ids_with_entities
from aggregator.store.stories import latest_story_ids, story_with_articles

FORMATS = ("rss", "atom", "json")
COUNTRY_NAMES = {"KZ": "Казахстан", "KG": "Кыргызстан", "UZ": "Узбекистан",
                 "TJ": "Таджикистан", "TM": "Туркменистан", "CN": "Китай"}


def latest_stories(store: Store, country: str | None = None, limit: int = 50,
                   entity: str | None = None) -> list[dict]:
    """The latest stories (of ``country``, naming ``entity``), newest first, each with its
    articles."""
    if entity:
        ids = latest_story_ids_with_entities(store, entity_ids(store, entity), country, limit)
    else:
        ids = latest_story_ids(store, country, limit)
    return [story_with_articles(store, story_id) for story_id in ids]


def _link(article: dict) -> str | None:
    """The address to give readers: the canonical URL (no tracking parameters); only
    ever an http(s) URL (a stored ``javascript:`` one from an older run is left out)."""
    for url in (article["canonical_url"], article["url"]):
        if is_http_url(url):
            return url
    return None


def _image(article: dict) -> str | None:
    return article["image_url"] if is_http_url(article["image_url"]) else None


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
               base_url: str = "https://news-asia.ru/", entity: str | None = None) -> str:
    """The feed document for ``country`` (or all countries) in ``fmt``; with ``entity``
    only the stories naming it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}; choose from {', '.join(FORMATS)}")
    stories = latest_stories(store, country, limit, entity)
    title = "Новости Центральной Азии" + (f": {COUNTRY_NAMES.get(country, country)}" if country else "")
    title += f" — {entity}" if entity else ""
    feed_id = f"{base_url.rstrip('/')}/feeds/{(country or 'all').lower()}"
    if fmt == "json":
        return json.dumps(_json_feed(stories, title, feed_id, base_url), ensure_ascii=False, indent=2)
    gen = FeedGenerator()
    gen.id(feed_id)
    gen.title(title)
    gen.link(href=base_url, rel="alternate")
    gen.link(href=feed_id + "." + fmt, rel="self")
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
    return (gen.rss_str if fmt == "rss" else gen.atom_str)(pretty=True).decode("utf-8")


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
            **({"image": _image(lead)} if _image(lead) else {}),
            "_aggregator": {"sources": story["sources"],
                            "articles": [{"url": _link(a), "source": a["source"], "title": a["title"]}
                                         for a in story["articles"] if _link(a)]},
        })
    return {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": base_url, "feed_url": feed_id + ".json", "language": "ru",
            "items": items}
