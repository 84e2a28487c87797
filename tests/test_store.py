"""The SQLite store: upsert by canonical URL, WAL, FTS over Cyrillic, a versioned schema."""

import sqlite3

from aggregator.items import Article
from aggregator.store import MIGRATIONS, Store


def article(**changes):
    fields = dict(url="https://24.kg/vlast/1_x/?utm_source=tg", canonical_url="https://24.kg/vlast/1_x",
                  source="kg24", title="Жогорку Кенеш принял закон", lead="Депутаты одобрили",
                  body="Парламент Кыргызстана принял закон во втором чтении.",
                  published_at="2026-02-17T05:35:00Z", countries=["KG"], story_id="s1",
                  fetched_at="2026-02-17T06:00:00Z")
    fields.update(changes)
    return Article(**fields)


def test_recrawl_updates_in_place_never_duplicates(tmp_path):
    store = Store(tmp_path / "news.db")
    assert store.upsert_article(article()) == "new"
    assert store.upsert_article(article(fetched_at="2026-02-17T07:00:00Z")) == "unchanged"
    assert store.upsert_article(article(title="Жогорку Кенеш принял закон о СМИ",
                                        fetched_at="2026-02-17T08:00:00Z")) == "updated"
    rows = list(store.db.query("select title, first_seen_at, updated_at from articles"))
    assert rows == [{"title": "Жогорку Кенеш принял закон о СМИ",
                     "first_seen_at": "2026-02-17T06:00:00Z", "updated_at": "2026-02-17T08:00:00Z"}]


def test_country_tags_follow_the_latest_version(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_article(article(countries=["KG", "KZ"]))
    store.upsert_article(article(countries=["KG"], body="Другой текст"))
    assert [r["country"] for r in store.db.query("select country from article_countries")] == ["KG"]


def test_full_text_search_is_case_insensitive_for_cyrillic(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_article(article())
    hits = list(store.db.query(
        "select a.title from articles a join articles_fts f on f.rowid = a.rowid "
        "where articles_fts match ?", ["КЫРГЫЗСТАНА"]))
    assert hits == [{"title": "Жогорку Кенеш принял закон"}]


def test_database_is_in_wal_mode_with_the_latest_schema(tmp_path):
    Store(tmp_path / "news.db").close()
    conn = sqlite3.connect(tmp_path / "news.db")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("pragma user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "stories", "article_countries", "sources", "crawl_runs", "articles_fts"} <= tables


def test_stories_summarise_their_articles(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_article(article())
    store.upsert_article(article(url="https://kaktus.media/doc/2.html", canonical_url="https://kaktus.media/doc/2.html",
                                 source="kaktus", published_at="2026-02-17T04:00:00Z", countries=["KG", "KZ"]))
    store.refresh_stories(["s1"])
    story = next(store.db.query("select * from stories"))
    assert story["article_count"] == 2
    assert story["first_published_at"] == "2026-02-17T04:00:00Z"
    assert sorted(eval(story["sources"])) == ["kaktus", "kg24"]
    assert sorted(eval(story["countries"])) == ["KG", "KZ"]
