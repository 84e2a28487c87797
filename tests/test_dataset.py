"""The dataset for analysts and the portal: schema, migrations, search, stats, feeds, export."""

import json
import sqlite3
import threading
from pathlib import Path

import feedparser
import pytest
import sqlite_utils

from aggregator.portal.export import export_stories
from aggregator.portal.feeds import build_feed, latest_stories
from aggregator.items import Article
from aggregator.store.schema import schema_markdown
from aggregator.portal.search import fts_query, search
from aggregator.portal.serve import datasette_metadata
from aggregator.portal.stats import counts, plot_per_country_per_day
from aggregator.store import Store
from aggregator.store.migrations import MIGRATIONS, applied_migrations

from .conftest import REPO
from .replay import aggregator

ARTICLES = [
    # (source, path, story, title, body, published_at, countries)
    ("kaktus", "doc/1", "s-gas", "Кыргызстан и Узбекистан подписали соглашение о поставках газа",
     "Кабинет министров Кыргызстана и правительство Узбекистана подписали соглашение о поставках "
     "газа на отопительный сезон. Документ подписан в Бишкеке.", "2026-02-16T06:00:00Z", ["KG", "UZ"]),
    ("akipress", "news/2", "s-gas", "Узбекистан будет поставлять газ в Кыргызстан",
     "Узбекистан поставит природный газ в Кыргызстан в течение отопительного сезона, сообщает "
     "пресс-служба кабмина.", "2026-02-16T08:30:00Z", ["KG", "UZ"]),
    ("tengrinews", "kazakhstan_news/3", "s-flood", "В Атырауской области усилили защиту от паводков",
     "Спасатели Казахстана укрепили дамбы в Атырауской области. ГАЗ в регион не поставлялся.",
     "2026-02-17T03:00:00Z", ["KZ"]),
    ("asiaplus", "ru/news/4", "s-tj", "Таджикистан и Китай обсудили строительство дороги",
     "В Душанбе прошли переговоры о строительстве дороги до границы с Китаем.",
     "2026-02-15T09:00:00Z", ["CN", "TJ"]),
]


def make_article(source, path, story, title, body, published, countries, **changes):
    url = f"https://{source}.example/{path}"
    fields = dict(url=url, canonical_url=url, source=source, title=title, body=body,
                  lead=body.split(". ")[0], published_at=published, published_local=published,
                  countries=countries, story_id=story, fetched_at="2026-02-17T10:00:00Z", lang="ru")
    fields.update(changes)
    return Article(**fields)


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_articles([make_article(*row) for row in ARTICLES])
    store.refresh_stories({row[2] for row in ARTICLES})
    yield store
    store.close()


def test_schema_docs_are_generated_from_the_code():
    assert (REPO / "docs" / "schema.md").read_text(encoding="utf-8") == schema_markdown()


def test_every_column_of_every_table_is_documented(store):
    metadata = datasette_metadata("news")["databases"]["news"]["tables"]
    for table in ("articles", "stories", "article_countries", "story_countries", "sources", "crawl_runs"):
        columns = set(store.db[table].columns_dict)
        assert columns <= set(metadata[table]["columns"]), f"{table}: {columns - set(metadata[table]['columns'])}"


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    MIGRATIONS[0].apply(old)
    old.execute("PRAGMA user_version = 1")
    old["articles"].insert({"canonical_url": "https://24.kg/a", "url": "https://24.kg/a", "title": "Старая",
                            "story_id": "s-old", "published_at": "2025-01-01T00:00:00Z"})
    old["article_countries"].insert({"article_id": 1, "country": "KG"})
    old["stories"].insert({"id": "s-old", "representative_id": 1, "title": "Старая", "article_count": 1,
                           "countries": '["KG"]', "last_published_at": "2025-01-01T00:00:00Z"})
    old.conn.commit()
    old.conn.close()

    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert applied_migrations(store.db) == [m.name for m in MIGRATIONS]
    assert store.db["articles"].get(1)["title"] == "Старая"
    assert list(store.db.query("select story_id, country from story_countries")) == [
        {"story_id": "s-old", "country": "KG"}]
    assert store.db["stories"].get("s-old")["revision"] == 1
    assert list(search(store, "старая"))[0]["title"] == "Старая"


def test_search_ranks_filters_and_snippets(store):
    hits = search(store, "газа")  # by stem: газ, газа, ГАЗ
    assert [h["source"] for h in hits][:2] in (["akipress", "kaktus"], ["kaktus", "akipress"])
    assert {h["source"] for h in hits} == {"akipress", "kaktus", "tengrinews"}
    assert "[газ" in hits[0]["snippet"].lower()
    assert {h["source"] for h in search(store, "ГАЗ", country="kz")} == {"tengrinews"}
    assert search(store, "газа", source=["kaktus"])[0]["source"] == "kaktus"
    assert search(store, "переговорах в Душанбе")[0]["source"] == "asiaplus"
    assert search(store, "") == [] and search(store, ":") == []
    assert {h["source"] for h in search(store, "газ OR -:")} == {"akipress", "kaktus", "tengrinews"}


def test_search_command_prints_results(store):
    result = aggregator("search", "газа", "--db", str(store.path), "--country", "KG")
    assert result.returncode == 0, result.stderr
    assert "Кыргызстан и Узбекистан подписали соглашение" in result.stdout
    assert "https://kaktus.example/doc/1" in result.stdout


def test_stats_counts_and_plot(store, tmp_path):
    summary = counts(store, since="2026-02-01")
    assert summary["articles"] == 4 and summary["stories"] == 3
    assert summary["countries"] == {"KG": 2, "UZ": 2, "CN": 1, "KZ": 1, "TJ": 1}
    png = tmp_path / "plot.png"
    assert plot_per_country_per_day(store, str(png), since="2026-02-01") == 3  # 15th to 17th
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_country_feed_has_one_entry_per_story_with_the_other_outlets(store, fmt):
    parsed = feedparser.parse(build_feed(store, "KG", fmt))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.title == "Кыргызстан и Узбекистан подписали соглашение о поставках газа"
    assert entry.link == "https://kaktus.example/doc/1"
    assert "https://akipress.example/news/2" in json.dumps(entry, default=str)
    assert {t.term for t in entry.tags} == {"KG", "UZ"}


def test_json_feed_follows_version_1_1(store):
    document = json.loads(build_feed(store, None, "json", limit=10))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["title"] for i in document["items"]][0] == "В Атырауской области усилили защиту от паводков"
    assert len(document["items"]) == 3
    for item in document["items"]:
        assert {"id", "url", "title", "content_html", "date_published"} <= set(item)


def test_feed_command_writes_a_parseable_feed(store):
    result = aggregator("feed", "--db", str(store.path), "--country", "tj", "--format", "rss")
    assert result.returncode == 0, result.stderr
    assert feedparser.parse(result.stdout).entries[0].title.startswith("Таджикистан и Китай")


def test_export_gives_every_story_once_and_every_change_once(store):
    first, cursor = export_stories(store, 0)
    assert sorted(s["id"] for s in first) == ["s-flood", "s-gas", "s-tj"]
    assert export_stories(store, cursor) == ([], cursor)
    # a third outlet joins the gas story; an unchanged re-crawl of another changes nothing
    store.upsert_articles([make_article("24kg", "x/5", "s-gas", "Газ из Узбекистана", "Поставки газа.",
                                        "2026-02-17T09:00:00Z", ["KG", "UZ"]),
                           make_article(*ARTICLES[2])])
    store.refresh_stories(["s-gas", "s-flood"])
    changed, cursor2 = export_stories(store, cursor)
    assert [s["id"] for s in changed] == ["s-gas"]
    assert changed[0]["article_count"] == 3 and len(changed[0]["articles"]) == 3
    assert export_stories(store, cursor2)[0] == []


def test_export_while_a_crawl_writes_loses_and_repeats_nothing(tmp_path):
    path = tmp_path / "busy.db"
    Store(path).close()
    done = threading.Event()

    def crawl():
        writer = Store(path)  # sqlite connections belong to their thread
        for i in range(300):
            story = f"s{i % 120}"
            writer.upsert_articles([make_article("src", f"a/{i}", story, f"Новость {i}", f"Текст {i}",
                                                 f"2026-02-17T{i % 24:02d}:00:00Z", ["KZ"])])
            writer.refresh_stories([story])
        done.set()

    thread = threading.Thread(target=crawl)
    thread.start()
    reader, cursor, seen = Store(path), 0, []
    while True:
        finished = done.is_set()
        batch, cursor = export_stories(reader, cursor)
        seen += [(s["id"], s["revision"]) for s in batch]
        if finished and not batch:
            break
    thread.join()
    final = {r["id"]: r["revision"] for r in reader.db.query("select id, revision from stories")}
    assert len(seen) == len(set(seen))                      # no change exported twice
    assert {sid: rev for sid, rev in seen} == final          # the last export of each is current
    assert len(final) == 120


def test_datasette_serves_the_database_with_search(store):
    datasette = pytest.importorskip("datasette.app")
    import asyncio

    metadata = datasette_metadata(Path(store.path).stem)
    app = datasette.Datasette([str(store.path)], metadata=metadata)

    async def fetch():
        page = await app.client.get(f"/{Path(store.path).stem}/articles.json?_search=газа&_shape=array")
        canned = await app.client.get(f"/{Path(store.path).stem}/latest_stories_per_country.json"
                                      "?country=kz&_shape=array")
        return page, canned

    page, canned = asyncio.run(fetch())
    assert page.status_code == 200
    assert {row["source"] for row in page.json()} >= {"kaktus"}
    assert [row["id"] for row in canned.json()] == ["s-flood"]


def test_wal_lets_readers_read_while_a_write_is_open(store):
    writer = sqlite3.connect(store.path, timeout=0.5)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE articles SET title = 'x' WHERE id = 1")
    reader = sqlite3.connect(store.path, timeout=0.5)
    assert reader.execute("select count(*) from articles").fetchone()[0] == 4
    writer.rollback()


def test_a_merged_story_is_exported_as_deleted_and_leaves_the_feeds(store):
    _, cursor = export_stories(store, 0)
    # the story index found that s-tj and s-gas are one event: s-tj's articles move over
    store.db.execute("UPDATE articles SET story_id = 's-gas' WHERE story_id = 's-tj'")
    store.db.conn.commit()
    store.refresh_stories(["s-tj", "s-gas"])
    changed, _ = export_stories(store, cursor)
    by_id = {s["id"]: s for s in changed}
    assert by_id["s-tj"]["deleted"] and by_id["s-tj"]["article_count"] == 0
    assert not by_id["s-gas"]["deleted"] and by_id["s-gas"]["article_count"] == 3
    assert "s-tj" not in {s["id"] for s in latest_stories(store, "TJ")} | {
        s["id"] for s in latest_stories(store, None)}


def test_search_ranks_the_newest_matches_only_up_to_a_window(store):
    # all three gas articles match; a window of two ranks the two stored last
    assert {h["source"] for h in search(store, "газа", window=2)} == {"akipress", "tengrinews"}
    # filters apply before the window: the only Kazakh match is found even with a window of 1
    assert [h["source"] for h in search(store, "газа", country="KZ", window=1)] == ["tengrinews"]


def test_three_letter_words_match_their_case_forms_only(store):
    # "газ" finds the report that writes only "газа", and nothing that merely starts so
    assert {h["source"] for h in search(store, "газ")} == {"akipress", "kaktus", "tengrinews"}
    query = fts_query("газ")
    assert query.startswith('("газ" OR "газа" OR') and '"газом"' in query and "газета" not in query
    assert fts_query("gas") == '"gas"' and fts_query("газ*") == '"газ"*'
