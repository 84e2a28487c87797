"""The analyst's stats and the portal's feeds and export: clear errors, the period that
holds the data, feeds that validate and carry what a portal needs, an export a client
can loop on."""

from __future__ import annotations

import json
from datetime import datetime

import feedparser
import pytest
from lxml import etree

from aggregator.portal.export import export_page
from aggregator.portal.feeds import build_feed
from aggregator.store import Store

from .replay import aggregator
from .test_dataset import ARTICLES, make_article

ATOM = "{http://www.w3.org/2005/Atom}"

EXTRA = [
    # a Kyrgyz-language report of the gas story's day, and a 2011 archive article
    # a backfill stored today; and a publisher URL whose canonical form differs
    ("kabar", "ky/10", "s-ky", "Кыргызстан менен Өзбекстан газ боюнча келишим түзүштү",
     "Кыргызстан менен Өзбекстан газ жеткирүү боюнча келишимге кол коюшту.",
     "2026-02-16T10:00:00Z", ["KG", "UZ"], {"lang": "ky"}),
    ("kaktus", "doc/2011", "s-old", "Архивная новость 2011 года о Бишкеке",
     "Старая новость из архива.", "2011-08-10T06:00:00Z", ["KG"],
     {"fetched_at": "2026-02-18T10:00:00Z"}),
    ("akipress", "news/11", "s-slash", "Новость с косой чертой в адресе",
     "Издатель пишет адрес с косой чертой в конце.", "2026-02-17T09:00:00Z", ["KG"],
     {"url": "https://akipress.example/news/11/"}),
]


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "news.db")
    articles = [make_article(*row) for row in ARTICLES]
    articles += [make_article(*row[:7], **row[7]) for row in EXTRA]
    store.upsert_articles(articles)
    store.refresh_stories({a.story_id for a in articles})
    yield store
    store.close()


# --- stats ------------------------------------------------------------------------------------

def test_a_plot_into_a_missing_folder_is_a_clear_error(store, tmp_path):
    result = aggregator("stats", "--db", str(store.path), "--plot", str(tmp_path / "missing" / "x.png"))
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_the_plot_report_names_the_file_written(store, tmp_path):
    result = aggregator("stats", "--db", str(store.path), "--plot", str(tmp_path / "x"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["plot"] == str(tmp_path / "x.png") and (tmp_path / "x.png").is_file()
    text = aggregator("stats", "--db", str(store.path), "--plot", str(tmp_path / "y"))
    assert f"written to {tmp_path / 'y.png'}" in text.stderr


def test_an_empty_period_draws_no_1970_axis(store, tmp_path):
    from aggregator.portal.stats import plot_per_country_per_day

    png = tmp_path / "empty.png"
    assert plot_per_country_per_day(store, str(png), since="2030-01-01") == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    import matplotlib.pyplot as plt

    assert not plt.get_fignums()  # the figure was closed; no axis left over


def test_the_default_period_follows_the_data(store):
    result = aggregator("stats", "--db", str(store.path), "--json")
    summary = json.loads(result.stdout)
    # the data ends on 2026-02-17, long before today: the period is the 30 days up to then
    assert summary["since"].startswith("2026-01-18") and summary["period"].startswith("30 days")
    assert summary["articles"] == 6  # the 2011 archive article is outside the period
    assert "since 2026-01-18" in aggregator("stats", "--db", str(store.path)).stdout


# --- feeds --------------------------------------------------------------------------------------

def required_atom_elements(document: str) -> None:
    """RFC 4287's required elements: feed id, title, updated, author (feed or every
    entry), link rel=self recommended; entry id, title, updated, and a link or content."""
    root = etree.fromstring(document.encode("utf-8"))
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert feed_author or entry.find(f"{ATOM}author") is not None
        links = entry.findall(f"{ATOM}link")  # no rel is rel="alternate"
        assert [link for link in links if link.get("rel", "alternate") == "alternate"]
    assert feed_author


JSON_FEED_SCHEMA = {  # JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), required parts
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"}, "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string"}, "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "url": {"type": "string"}}}},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                "content_html": {"type": "string"}, "summary": {"type": "string"},
                "date_published": {"type": "string"}, "date_modified": {"type": "string"},
                "language": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
                "tags": {"type": "array", "items": {"type": "string"}}}}},
    },
}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_validate_and_carry_each_items_language(store, fmt):
    document = build_feed(store, "KG", fmt, base_url="https://portal.example/news/")
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    if fmt == "atom":  # xml:lang on each <entry>
        root = etree.fromstring(document.encode("utf-8"))
        languages = {e.findtext(f"{ATOM}title"): e.get("{http://www.w3.org/XML/1998/namespace}lang")
                     for e in root.findall(f"{ATOM}entry")}
    else:
        languages = {entry.title: entry.get("language") for entry in parsed.entries}
    assert languages["Кыргызстан менен Өзбекстан газ боюнча келишим түзүштү"] == "ky"
    assert languages["Кыргызстан и Узбекистан подписали соглашение о поставках газа"] == "ru"
    if fmt == "atom":
        required_atom_elements(document)
        assert parsed.feed.author == "Central Asian news aggregator"
    else:  # the channel's link is the portal's page, not the feed itself
        assert parsed.feed.link == "https://portal.example/news/"
    assert "news-asia.ru" not in document


def test_json_feed_matches_the_schema_with_item_languages(store):
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(build_feed(store, None, "json", base_url="https://portal.example/"))
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    assert {item["language"] for item in document["items"]} == {"ru", "ky"}
    assert document["home_page_url"] == "https://portal.example/"


def test_feeds_link_the_publishers_url_and_leave_out_old_archive_stories(store):
    items = json.loads(build_feed(store, "KG", "json"))["items"]
    urls = {item["title"]: item["url"] for item in items}
    assert urls["Новость с косой чертой в адресе"] == "https://akipress.example/news/11/"
    assert "Архивная новость 2011 года о Бишкеке" not in urls
    dates = [item["date_modified"] for item in items]
    published = [datetime.fromisoformat(i["date_published"]) for i in items]
    assert published and dates  # newest first by publication
    assert "Архивная новость 2011 года о Бишкеке" in {
        i["title"] for i in json.loads(build_feed(store, "KG", "json", days=10_000))["items"]}


def test_feed_command_takes_the_base_url_from_an_option_or_the_environment(store):
    result = aggregator("feed", "--db", str(store.path), "--format", "json", "--base-url",
                        "https://portal.example/")
    assert json.loads(result.stdout)["feed_url"] == "https://portal.example/feeds/all.json"
    import os
    import subprocess
    import sys

    from .conftest import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO), "AGGREGATOR_BASE_URL": "https://env.example"}
    out = subprocess.run([sys.executable, "-m", "aggregator", "feed", "--db", str(store.path),
                          "--format", "json"], env=env, capture_output=True, text=True)
    assert json.loads(out.stdout)["home_page_url"] == "https://env.example/"


# --- export ---------------------------------------------------------------------------------

def test_a_client_loops_on_has_more(store):
    seen, cursor, pages = [], 0, 0
    while True:
        page = export_page(store, cursor, limit=2)
        seen += [s["id"] for s in page["stories"]]
        cursor, pages = page["cursor"], pages + 1
        if not page["has_more"]:
            break
    assert len(seen) == len(set(seen)) == store.count("stories") and pages == 3


def test_a_cursor_beyond_the_last_change_is_an_error(store, tmp_path):
    with pytest.raises(ValueError, match="beyond"):
        export_page(store, 999)
    result = aggregator("export", "stories", "--db", str(store.path), "--since", "999")
    assert result.returncode == 2 and "beyond" in result.stderr


def test_export_cursor_file_and_json_status(store, tmp_path):
    cursor_file = tmp_path / "cursor.json"
    first = aggregator("export", "stories", "--db", str(store.path), "--limit", "5",
                       "--cursor-file", str(cursor_file), "--json")
    assert first.returncode == 0, first.stderr
    status = json.loads(first.stderr)
    assert status == json.loads(cursor_file.read_text()) and status["has_more"] is True
    assert len(first.stdout.splitlines()) == 5
    second = aggregator("export", "stories", "--db", str(store.path), "--cursor-file", str(cursor_file),
                        "--json")
    rest = json.loads(second.stderr)
    assert rest["has_more"] is False and rest["exported"] == store.count("stories") - 5
