"""Generated config-only news sites, for measuring what a source without selectors gets.

``generate(layout, seed, root)`` writes one site folder that ``aggregator.testing.replay``
serves (files, ``site.toml``), and returns its registry entry (no selectors) and the
truth: each article's publication instant and the precision its evidence supports. The
same layout and seed give the same bytes.

Layouts differ in where the article's date sits and what other dates surround it: the
portal's date banner on every page, related/latest lists with dates, relative dates
("Сегодня, 14:05") beside the headline, microdata only, JSON-LD written with a wrong
zone, no date on the page (the feed has it), dates at the bottom of the text, ``<time>``
tags on related items. Each site also draws its encoding (UTF-8 or windows-1251), zone,
discovery (RSS with exact ``pubDate``, paginated listing, both), class names and extra
furniture from the seed. ``DEV_LAYOUTS``/``DEV_SEEDS`` are for fitting and tuning;
``HELD_OUT_LAYOUTS``/``HELD_OUT_SEEDS`` only for measuring.

The text is made of a fixed word list: no third-party prose.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import tomli_w

from aggregator.testing.title_layouts import DEV_TITLE_LAYOUTS, HELD_OUT_TITLE_LAYOUTS, render, site_name

#: layout -> what its article pages show (anything not named is drawn from the seed)
LAYOUTS = {
    "banner": {"banner": True, "date_style": "words_time", "date_place": "after_h1"},
    "related": {"related": "below", "date_style": "numeric_time", "date_place": "after_h1"},
    "microdata": {"machine": "microdata", "date_style": "time_words", "date_place": "after_h1"},
    "feed_only": {"date_style": None, "discovery": "feed", "banner": True, "related": "below"},
    "time_tags": {"date_style": "words_time", "time_tags": True, "related": "below",
                  "date_place": "before_h1"},
    "bottom_date": {"date_style": "numeric_time", "date_place": "bottom", "comments": True},
    "relative": {"date_style": "relative", "date_place": "after_h1", "related": "sidebar"},
    "jsonld_wrong_zone": {"machine": "jsonld_wrong_zone", "date_style": "words_time"},
    "sidebar_latest": {"related": "sidebar", "date_style": "day_only", "discovery": "both"},
    # the held-out site of issue 18: windows-1251, RSS with exact pubDates, a paginated
    # listing, relative dates beside the headline, a date banner, related dates below
    "issue18": {"encoding": "windows-1251", "discovery": "both", "date_style": "relative",
                "date_place": "after_h1", "banner": True, "related": "below"},
    # where the headline sits and what the metadata says around it (``title_layouts``)
    **{f"title_{name}": {"title": name, "date_style": "words_time", "date_place": "after_h1"}
       for name in DEV_TITLE_LAYOUTS + HELD_OUT_TITLE_LAYOUTS},
}
DEV_LAYOUTS = ("banner", "related", "microdata", "feed_only", "time_tags", "bottom_date")
HELD_OUT_LAYOUTS = ("relative", "jsonld_wrong_zone", "sidebar_latest", "issue18")
DEV_SEEDS = tuple(range(0, 6))
HELD_OUT_SEEDS = tuple(range(100, 103))
TITLE_DEV_LAYOUTS = tuple(f"title_{name}" for name in DEV_TITLE_LAYOUTS)
TITLE_HELD_OUT_LAYOUTS = tuple(f"title_{name}" for name in HELD_OUT_TITLE_LAYOUTS)

#: class names: dev sites draw from the first list, held-out sites from the second
_CLASSES = {
    "date": (["date", "article-date", "post-meta", "news-time", "article-info", ""],
             ["published", "entry-datetime", "story__meta", "byline", "meta-item", ""]),
    "related": (["related", "read-also", "more-news", "latest-news", "popular", ""],
                ["poteme", "similar-articles", "news-list", "most-read", "also-box", ""]),
    "banner": (["top-date", "today", "site-date"], ["header-date", "current-day", "topline"]),
    "article": (["article", "news-item-full", "post"], ["story", "material", "content-main"]),
    "body": (["article-body", "text", "content"], ["story-text", "material-text", "entry"]),
}
_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"]
_WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
_ZONES = ["Asia/Almaty", "Asia/Bishkek", "Asia/Tashkent", "Europe/Moscow", "Asia/Dushanbe"]
_WORDS = ("правительство заседание министр проект развитие региона экономика торговля "
          "сотрудничество стороны обсудили вопросы соглашение строительство дороги школы "
          "программа инвестиции рынок граждан область город совет решение поддержка план "
          "энергетика вода транспорт граница делегация визит переговоры отчет рост").split()


@dataclass
class GeneratedSite:
    """A generated site: its registry entry (no selectors) and each article's truth."""

    name: str
    layout: str
    seed: int
    entry: dict
    #: the date selector an operator would write for this site (for the with-selectors run)
    selectors: dict = field(default_factory=dict)
    truth: dict[str, dict] = field(default_factory=dict)  # URL path -> truth


def generate(layout: str, seed: int, root: Path, articles: int = 12) -> GeneratedSite:
    """Write the site ``gen_<layout>_<seed>`` under ``root`` and return its description."""
    rng = random.Random(f"{layout}:{seed}")
    spec = {**LAYOUTS[layout]}
    held_out = layout in HELD_OUT_LAYOUTS or layout in TITLE_HELD_OUT_LAYOUTS
    pick = lambda kind: rng.choice(_CLASSES[kind][held_out])  # noqa: E731
    zone = ZoneInfo(rng.choice(_ZONES))
    spec.setdefault("encoding", rng.choice(["utf-8", "windows-1251"]))
    spec.setdefault("discovery", rng.choice(["feed", "listing", "both"]))
    spec.setdefault("date_place", rng.choice(["after_h1", "before_h1", "bottom"]))
    spec.setdefault("banner", rng.random() < 0.3)
    spec.setdefault("related", rng.choice([None, "below", "sidebar"]))
    spec.setdefault("comments", rng.random() < 0.3)
    spec.setdefault("machine", None)
    classes = {k: pick(k) for k in _CLASSES}
    if spec.get("title"):
        spec["site_name"] = site_name(rng, spec["title"])
    name = f"gen_{layout}_{seed}"
    origin = f"https://{name.replace('_', '-')}.example"
    now = datetime(2026, 2, 17, 12, 0, tzinfo=zone) - timedelta(days=rng.randint(0, 200))
    times, moment = [], now
    for _ in range(articles):  # newest first, a few hours apart
        moment -= timedelta(minutes=rng.randint(40, 600))
        times.append(moment)
    site = GeneratedSite(name, layout, seed, {})
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    ctype = f"text/html; charset={spec['encoding']}"
    routes: dict[str, dict] = {}
    paths = [f"/news/{1000 + seed * 100 + i}" for i in range(articles)]
    titles = [_sentence(rng, 6).rstrip(".") for _ in paths]
    for i, (path, published) in enumerate(zip(paths, times)):
        others = [(paths[j], titles[j], times[j]) for j in rng.sample(range(articles), 5) if j != i][:4]
        html, shown_title = _article(rng, spec, classes, titles[i], published, now, others)
        _write(folder, path, html, spec["encoding"], routes, ctype)
        shown = spec["date_style"] is not None
        timed = (shown and spec["date_style"] != "day_only") or spec["discovery"] != "listing"
        site.truth[path] = {"published_at": published.astimezone(timezone.utc).isoformat(),
                            "local_day": published.date().isoformat(),
                            "precision": "minute" if timed else "day", "title": shown_title}
    entry = {"title": f"Generated {layout} {seed}", "homepage": origin + "/", "country": "regional",
             "language": "ru", "timezone": zone.key, "article_pattern": r"/news/\d+$"}
    if spec["encoding"] != "utf-8":
        entry["encoding"] = spec["encoding"]
    if spec["discovery"] in ("feed", "both"):
        rss = _rss(origin, list(zip(paths, titles, times)), spec["encoding"])
        (folder / "rss.xml").write_bytes(rss.encode(spec["encoding"]))
        routes["/rss/"] = {"file": "rss.xml", "type": f"application/rss+xml; charset={spec['encoding']}"}
        entry["feeds"] = [origin + "/rss/"]
    if spec["discovery"] in ("listing", "both"):
        for page in range(1, (articles + 4) // 5 + 1):
            chunk = list(zip(paths, titles, times))[(page - 1) * 5: page * 5]
            html = _listing(chunk, page, classes, spec["encoding"])
            _write(folder, "/news/" if page == 1 else f"/news/?page={page}", html,
                   spec["encoding"], routes, ctype, file=f"listing-{page}.html")
        entry["listings"] = [{"url": origin + "/news/", "links": "a.item-title",
                              "page_url": origin + "/news/?page={page}", "max_pages": 10}]
    recorded = now.isoformat()
    toml = [f'origin = "{origin}"', f'recorded_at = "{recorded}"', "", "[routes]"]
    toml += [f'"{k}" = {{ file = "{v["file"]}", type = "{v["type"]}" }}' for k, v in routes.items()]
    (folder / "site.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    (folder / "truth.json").write_text(json.dumps(site.truth, indent=1), encoding="utf-8")
    site.entry = entry
    site.selectors = _date_selector(spec, classes["date"])
    return site


def _date_selector(spec, cls: str) -> dict:
    if spec["date_style"] is None:
        return {}
    if spec["machine"] == "microdata":
        return {"date": "[itemprop=datePublished]"}
    if spec.get("time_tags"):
        return {"date": f"time.{cls}" if cls else "//h1/preceding-sibling::time[1]"}
    if cls:
        return {"date": f"div.{cls} > span"}
    where = {"after_h1": "//h1/following-sibling::div[1]", "before_h1": "//h1/preceding-sibling::div[1]",
             "bottom": "//div[p]/following-sibling::div[1]"}[spec["date_place"]]
    return {"date": where + "/span[1]"}


def generate_many(pairs, root: Path, selectors: bool = False) -> tuple[list[GeneratedSite], Path]:
    """Generate the (layout, seed) sites under ``root``; also write ``root/sources.toml``,
    the registry file that adds them (``aggregator crawl --sources``), without selectors
    unless ``selectors``."""
    sites = [generate(layout, seed, root) for layout, seed in pairs]
    registry = root / "sources.toml"
    entries = {s.name: {**s.entry, **({"selectors": s.selectors} if selectors and s.selectors else {})}
               for s in sites}
    registry.write_text(tomli_w.dumps(entries), encoding="utf-8")
    return sites, registry


def split_pairs(split: str) -> list[tuple[str, int]]:
    layouts, seeds = (DEV_LAYOUTS, DEV_SEEDS) if split == "dev" else (HELD_OUT_LAYOUTS, HELD_OUT_SEEDS)
    return [(layout, seed) for layout in layouts for seed in seeds]


def is_right(truth: dict, published_at: str | None, published_local: str | None) -> bool:
    """A date is right when it names the true minute (when the evidence gives a time)
    or the true local day (when it gives only the day)."""
    if truth["precision"] == "minute":
        if not published_at:
            return False
        got = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
        return abs(got - datetime.fromisoformat(truth["published_at"])) < timedelta(minutes=1)
    return bool(published_local) and published_local[:10] == truth["local_day"]


# --- pages --------------------------------------------------------------------------------


def _write(folder, path, html, encoding, routes, ctype, file=None) -> None:
    file = file or path.strip("/").replace("/", "-") + ".html"
    (folder / file).write_bytes(html.encode(encoding, "xmlcharrefreplace"))
    routes[path] = {"file": file, "type": ctype}


def _sentence(rng, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _shown(style: str, moment: datetime, now: datetime, rng) -> str:
    """A date as the page shows it, in the site's date style."""
    day = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    hm = f"{moment:%H:%M}"
    if style == "relative":
        back = (now.date() - moment.date()).days
        if back in (0, 1):
            return f"{'Сегодня' if back == 0 else 'Вчера'}{rng.choice([', ', ' ', ' в '])}{hm}"
        style = "words_time"
    if style == "words_time":
        return rng.choice([f"{day}, {hm}", f"{day} г. в {hm}", f"{day} | {hm}"])
    if style == "time_words":
        return f"{hm}, {day}"
    if style == "numeric_time":
        return rng.choice([f"{moment:%d.%m.%Y} {hm}", f"{moment:%d.%m.%Y} | {hm}"])
    return rng.choice([day, f"{moment:%d.%m.%Y}"])  # day_only


def _article(rng, spec, classes, title, published, now, others) -> tuple[str, str]:
    """The article page and the headline it shows."""
    style = spec["date_style"]
    head = [f'<meta charset="{spec["encoding"]}">', f"<title>{escape(title)} | Портал</title>"]
    headline, header_top = f'<h1 class="title">{escape(title)}</h1>', ""
    if spec.get("title"):
        tags, header_top, headline, title = render(spec["title"], rng, title.split(), spec["site_name"])
        head = head[:1] + tags
    if spec["machine"] == "jsonld_wrong_zone":  # the local wall clock labelled as UTC
        wrong = published.replace(tzinfo=timezone.utc).isoformat()
        head.append('<script type="application/ld+json">' + json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
             "datePublished": wrong}, ensure_ascii=False) + "</script>")
    date_html = ""
    if style is not None:
        shown = escape(_shown(style, published, now, rng))
        cls = classes["date"]
        if spec["machine"] == "microdata":
            date_html = (f'<div class="{cls}"><span itemprop="datePublished" '
                         f'content="{published.date().isoformat()}">{shown}</span></div>')
        elif spec.get("time_tags"):
            date_html = f'<time class="{cls}" datetime="{published.isoformat()}">{shown}</time>'
        else:
            author = rng.choice(["", "Автор: Айгуль Сапарова · ", "Редакция · "])
            label = rng.choice(["", "Опубликовано: "]) if spec["date_place"] == "bottom" else ""
            views = rng.choice(["", f' <span class="views">{rng.randint(10, 9999)}</span>'])
            date_html = f'<div class="{cls}">{author}{label}<span>{shown}</span>{views}</div>'
    paragraphs = "".join(f"<p>{_sentence(rng, rng.randint(18, 40))}</p>" for _ in range(rng.randint(4, 7)))
    body = [headline]
    place = spec["date_place"]
    if place == "before_h1":
        body.insert(0, date_html)
    elif place == "after_h1":
        body.append(date_html)
    body.append(f'<div class="{classes["body"]}">{paragraphs}</div>')
    if place == "bottom":
        body.append(date_html)
    related = _related(rng, spec, classes, others, now) if spec["related"] else ""
    if spec["related"] == "below":
        body.append(related)
    if spec["comments"]:
        body.append('<div class="comments">' + "".join(
            f'<div class="comment-item"><b>Гость</b> <span>{_shown("numeric_time", now - timedelta(minutes=rng.randint(1, 900)), now, rng)}'
            f"</span><p>{_sentence(rng, 8)}</p></div>" for _ in range(2)) + "</div>")
    article = f'<div class="{classes["article"]}">{"".join(body)}</div>'
    sidebar = f'<div class="col-side">{related}</div>' if spec["related"] == "sidebar" else ""
    main = sidebar + article if rng.random() < 0.5 else article + sidebar
    banner = ""
    if spec["banner"]:
        banner = (f'<div class="{classes["banner"]}">{_WEEKDAYS[now.weekday()]}, {now.day} '
                  f"{_MONTHS[now.month - 1]} {now.year}</div>")
    inside_header = rng.random() < 0.5
    menu = '<nav><a href="/">Главная</a> <a href="/news/">Новости</a> <a href="/about">О нас</a></nav>'
    header = f"<header>{header_top}{banner if inside_header else ''}{menu}</header>"
    top = "" if inside_header else banner
    footer = (f"<footer><p>© {rng.choice([2008, 2011, 2015])}–{now.year} Портал. "
              "Все права защищены.</p></footer>") if rng.random() < 0.7 else ""
    return (f"<!DOCTYPE html><html lang=\"ru\"><head>{''.join(head)}</head><body>{top}{header}"
            f'<div class="wrap">{main}</div>{footer}</body></html>'), title


def _related(rng, spec, classes, others, now) -> str:
    items = []
    for path, title, moment in others:
        shown = escape(_shown(rng.choice(["numeric_time", "words_time", "relative"]), moment, now, rng))
        when = (f'<time datetime="{moment.isoformat()}">{shown}</time>' if spec.get("time_tags")
                else f"<span>{shown}</span>")
        items.append(f'<li><a href="{path}">{escape(title)}</a> {when}</li>')
    heading = rng.choice(["Читайте также", "Последние новости", "По теме"])
    return f'<div class="{classes["related"]}"><h3>{heading}</h3><ul>{"".join(items)}</ul></div>'


def _listing(chunk, page: int, classes, encoding: str) -> str:
    items = "".join(f'<div class="item"><a class="item-title" href="{path}">{escape(title)}</a>'
                    f"<span>{moment:%d.%m.%Y %H:%M}</span></div>" for path, title, moment in chunk)
    return (f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>Новости, страница {page}'
            f'</title></head><body><div class="{classes["related"]}">{items}</div></body></html>')


def _rss(origin: str, items, encoding: str) -> str:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{origin}{path}</link>"
        f"<pubDate>{format_datetime(moment)}</pubDate></item>" for path, title, moment in items)
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Портал</title>'
            f"<link>{origin}/</link>{entries}</channel></rss>")
