"""The SQLite store: upsert by canonical URL, WAL, FTS over Cyrillic, a versioned schema."""

import json
import sqlite3
import time

import sqlite_utils

from aggregator.items import Article
from aggregator.store import Store
from aggregator.store.migrations import MIGRATIONS


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


def search_ids(store, word):
    return [r[0] for r in store.db.execute(
        "select rowid from articles_fts where articles_fts match ? order by rowid", [word])]


def fts_integrity_check(store):
    """FTS5 compares its index with the articles table; raises if they disagree."""
    store.db.execute("insert into articles_fts (articles_fts) values ('integrity-check')")


def bishkek_article(n, **changes):
    url = f"https://kaktus.media/doc/{n}.html"
    return article(url=url, canonical_url=url, source="kaktus", story_id=f"s{n}", **changes)


def test_a_bulk_load_becomes_searchable_in_one_indexing_pass(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_articles([bishkek_article(n, title=f"Мэрия Бишкека, сообщение {n}")
                           for n in range(1, 6)], index=False)
    assert search_ids(store, "бишкека") == []
    assert store.pending_index_count() == 5
    assert store.index_pending() == 5
    assert search_ids(store, "бишкека") == [1, 2, 3, 4, 5]
    assert store.pending_index_count() == 0
    fts_integrity_check(store)


def test_a_rewritten_text_leaves_the_index_at_once_and_returns_with_the_next_pass(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_articles([bishkek_article(1, title="Тарифы на проезд в Бишкеке")])
    store.upsert_articles([bishkek_article(1, title="Тарифы на проезд повысят с марта")],
                          index=False)
    assert search_ids(store, "бишкеке") == []  # the old text is gone before the next pass
    assert search_ids(store, "марта") == []
    store.index_pending()
    assert search_ids(store, "марта") == [1]
    fts_integrity_check(store)


def test_a_deleted_article_leaves_the_index_whether_indexed_or_waiting(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_articles([bishkek_article(1, title="Снегопад в Бишкеке")])
    store.upsert_articles([bishkek_article(2, title="Снегопад в Оше")], index=False)
    with store.db.conn:
        store.db.execute("delete from article_countries")
        store.db.execute("delete from articles")
    assert search_ids(store, "снегопад") == []
    assert store.pending_index_count() == 0
    # the deleted highest id is handed out again and must be indexed like any new row
    store.upsert_articles([bishkek_article(3, title="Снегопад в Нарыне")])
    assert search_ids(store, "снегопад") == [1]
    fts_integrity_check(store)


def test_recrawls_and_story_merges_do_not_touch_the_index(tmp_path):
    store = Store(tmp_path / "news.db")
    store.upsert_articles([bishkek_article(1)])
    assert store.upsert_articles([bishkek_article(1, fetched_at="2026-02-18T06:00:00Z")],
                                 index=False) == ["unchanged"]
    with store.db.conn:
        store.db.execute("update articles set story_id = 's-merged'")
    assert store.pending_index_count() == 0
    assert search_ids(store, "кыргызстана") == [1]


def test_rows_inserted_outside_the_store_are_indexed_by_the_next_pass(tmp_path):
    store = Store(tmp_path / "news.db")
    with store.db.conn:
        store.db["articles"].insert({"canonical_url": "https://akipress.org/1", "url": "https://akipress.org/1",
                                     "title": "Импорт аналитика"})
    store.upsert_articles([bishkek_article(2)])
    assert search_ids(store, "аналитика") == [1]
    fts_integrity_check(store)


def test_a_database_of_the_previous_version_keeps_its_index_through_the_upgrade(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    # the version before `faster_writes` replaced sqlite-utils' indexing triggers
    before = [m.name for m in MIGRATIONS].index("faster_writes")
    for migration in MIGRATIONS[:before]:
        migration.apply(old)
    old.execute(f"PRAGMA user_version = {before}")
    old["articles"].insert({"canonical_url": "https://24.kg/1", "url": "https://24.kg/1",
                            "title": "Паводки в Чуйской области"})  # indexed by the old trigger
    old.conn.commit()
    old.conn.close()

    store = Store(path)
    triggers = {r[0] for r in store.db.execute("select name from sqlite_master where type = 'trigger'")}
    assert triggers == {"articles_fts_rewrite", "articles_fts_remove"}
    assert store.pending_index_count() == 0
    with store.db.conn:
        store.db.execute("update articles set title = 'Паводки в Таласской области' where id = 1")
    store.index_pending()
    assert search_ids(store, "таласской") == [1] and search_ids(store, "чуйской") == []
    fts_integrity_check(store)


def test_the_background_checkpointer_copies_the_log_into_the_database(tmp_path):
    store = Store(tmp_path / "news.db")
    size_before = (tmp_path / "news.db").stat().st_size
    store.upsert_articles([bishkek_article(n, body="Текст. " * 2000) for n in range(50)])
    copied = size_before + 50 * 2000 * 6
    deadline = time.monotonic() + 10
    # the file grows page by page while a checkpoint runs: wait for all of it, not the first page
    while (tmp_path / "news.db").stat().st_size <= copied and time.monotonic() < deadline:
        time.sleep(0.05)
    # the writer's own threshold (20,000 pages) is far away: only the thread copied it
    assert (tmp_path / "news.db").stat().st_size > copied
    store.close()
    conn = sqlite3.connect(tmp_path / "news.db")
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from articles").fetchone()[0] == 50


def test_migrations_are_named_once_and_a_new_database_has_them_all(tmp_path):
    from aggregator.store.migrations import applied_migrations

    names = [m.name for m in MIGRATIONS]
    assert len(set(names)) == len(names) and names[0] == "initial"
    store = Store(tmp_path / "news.db")
    assert applied_migrations(store.db) == names
    store.close()


def test_crawl_runs_start_finish_and_killed(tmp_path):
    from aggregator.store.runs import finish_run, finished_runs, mark_killed_runs, start_run

    store = Store(tmp_path / "news.db")
    done = start_run(store, "kg24")
    finish_run(store, done, "ok", {"new": 3, "errors": 0})
    start_run(store, "akipress")
    assert [(r["spiders"], r["status"]) for r in finished_runs(store)] == [("kg24", "ok")]
    assert finished_runs(store)[0]["new"] == 3
    mark_killed_runs(store)
    assert {(r["spiders"], r["status"]) for r in finished_runs(store)} == {
        ("kg24", "ok"), ("akipress", "killed")}
    store.close()


def test_feed_validators_are_remembered_and_forgotten(tmp_path):
    from aggregator.store.runs import forget_validators, known_validators, save_validators

    path = str(tmp_path / "news.db")
    feeds = ["https://24.kg/rss/", "https://24.kg/sitemap.xml"]
    assert known_validators(path, feeds) == {}  # no database yet
    Store(path).close()
    save_validators(path, "kg24", {feeds[0]: ('"abc"', None), feeds[1]: (None, "Tue, 17 Feb 2026")})
    assert known_validators(path, feeds) == {feeds[0]: ('"abc"', None),
                                             feeds[1]: (None, "Tue, 17 Feb 2026")}
    forget_validators(path, feeds[:1])
    assert set(known_validators(path, feeds)) == {feeds[1]}


def test_storing_a_batch_moves_the_articles_of_a_merged_story(tmp_path):
    from aggregator.enrich.persist import store_articles

    class Merging:  # a story index that has just merged s-old into s-new
        def resolve(self, story):
            return {"s-old": "s-new"}.get(story, story)

        def save(self, store, articles=()):
            return {"s-old", "s-new"}

    store = Store(tmp_path / "news.db")
    first = article(story_id="s-old")
    assert store_articles(store, Merging(), [first]) == ["new"]
    assert first.story_id == "s-new"
    rows = {r["id"]: r["article_count"] for r in store.db.query("select id, article_count from stories")}
    assert rows == {"s-new": 1, "s-old": 0}  # s-old is refreshed empty: exported as deleted
    store.close()


def test_all_sql_lives_in_the_store():
    from pathlib import Path

    import aggregator

    package = Path(aggregator.__file__).parent
    offenders = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py") if "store" not in path.relative_to(package).parts[:1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(mark in line for mark in ("execute(", "sqlite3", ".db.", ".db[", "__dict__["))]
    assert offenders == []


def test_country_tags_on_the_article_row(tmp_path):
    """A reader sees an article's countries beside its title; the migration fills them in
    for articles stored before the column existed, from ``article_countries``."""
    store = Store(tmp_path / "news.db")
    store.upsert_articles([Article(url="https://24.kg/a/1", canonical_url="https://24.kg/a/1",
                                   title="Жапаров и Токаев", countries=["KG", "KZ"])])
    row = lambda: store.db.execute("SELECT countries FROM articles").fetchone()[0]  # noqa: E731
    assert json.loads(row()) == ["KG", "KZ"]
    store.db.execute("UPDATE articles SET countries = NULL")  # as an older database has it
    next(m for m in MIGRATIONS if m.name == "countries_column").apply(store.db)
    assert json.loads(row()) == ["KG", "KZ"]
    store.close()
