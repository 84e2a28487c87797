"""Datasette metadata for the dataset: descriptions, source links, canned queries, what
each table page shows; the project's Datasette plugin is in ``datasette_plugins/``."""

from __future__ import annotations

from aggregator.store.schema import ENTITY_QUERIES, INTERNAL_TABLES, LABEL_COLUMNS, TABLES

#: The time an article counts at: its publication (UTC, else the local date).
_PUBLISHED = "coalesce(a.published_at, a.published_local)"

CANNED_QUERIES = {
    "search": {
        "title": "Search articles",
        "description": "Articles matching the words, best first, with a snippet. The same "
                       "language as the search box and `aggregator search`: words (with their "
                       "endings), \"exact phrases\", OR, -excluded, NEAR.",
        "sql": "select a.id, a.title, a.source, a.published_local, "
               "snippet(articles_fts, -1, '[', ']', '…', 16) as snippet from articles_fts "
               "join articles a on a.id = articles_fts.rowid "
               "where articles_fts match escape_fts(:q) order by articles_fts.rank limit 50",
    },
    "latest_stories_per_country": {
        "title": "Latest stories about a country",
        "description": "The 50 stories about a country (KZ, KG, UZ, TJ, TM, CN) last published "
                       "most recently, as in the country's feed.",
        "sql": "select s.id, s.title, s.last_published_at, s.article_count, s.sources "
               "from story_countries c join stories s on s.id = c.story_id "
               "where c.country = upper(:country) order by c.last_published_at desc limit 50",
    },
    "story_articles": {
        "title": "A story's articles",
        "description": "Every outlet's article of one story (its id, e.g. from the stories "
                       "table), earliest published first.",
        "sql": "select a.id, a.source, a.title, a.published_local, a.url, a.lang from articles a "
               f"where a.story_id = :story order by {_PUBLISHED}",
    },
    "articles_per_country_per_day": {
        "title": "Articles per country per day",
        "description": "How many articles about each country were published each day "
                       "(the local date of publication; undated articles left out).",
        "sql": "select substr(coalesce(a.published_local, a.published_at), 1, 10) as day, c.country, "
               "count(*) as articles from articles a join article_countries c on c.article_id = a.id "
               "where day is not null group by day, c.country order by day desc, articles desc",
    },
    "top_sources": {
        "title": "Top sources in the last 7 days",
        "description": "Articles per source published in the last 7 days (by publication "
                       "time, not by when they were crawled).",
        "sql": "select a.source, count(*) as articles from articles a "
               f"where {_PUBLISHED} >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days') "
               "group by a.source order by articles desc",
    },
    **ENTITY_QUERIES,
}


def datasette_metadata(db_name: str = "news") -> dict:
    """Metadata for ``datasette --metadata``: every table and column described, internal
    tables hidden, rows named by their title."""
    tables = {}
    for table, info in TABLES.items():
        tables[table] = {"description": info["description"], "columns": dict(info["columns"])}
        if table in INTERNAL_TABLES:
            tables[table]["hidden"] = True
        if table in LABEL_COLUMNS:
            tables[table]["label_column"] = LABEL_COLUMNS[table]
    tables["articles"].update({"sort_desc": "published_at", "fts_table": "articles_fts",
                               "fts_pk": "id", "facets": ["source", "lang"]})
    tables["stories"]["sort_desc"] = "last_published_at"
    return {
        "title": "Central Asian news",
        "description": "Articles and stories from Central Asian news sources, crawled by the "
                       "aggregator. Search with the box on the articles table or the `search` "
                       "query: words match with their endings (Бишкек finds Бишкеке), \"exact "
                       "phrases\" in quotes, OR between alternatives, -word to exclude, "
                       "a NEAR b for words close together; the same as `aggregator search`.",
        "source": "Central Asian news aggregator",
        "source_url": "https://github.com/central-asia-news/aggregator",
        "databases": {db_name: {"tables": tables, "queries": CANNED_QUERIES}},
    }


def datasette_command(db, metadata_file, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette serve`` command line: the metadata, the project's plugin, long
    texts cut short on table pages."""
    import sys

    from aggregator.portal.datasette_hooks import PLUGINS_DIR

    return [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(metadata_file),
            "--plugins-dir", str(PLUGINS_DIR), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000", "--setting", "truncate_cells_html", "160"]


def run_datasette(db, metadata: dict, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Serve ``db`` with Datasette until stopped; its exit status (0 when stopped by
    Ctrl-C or SIGTERM). The metadata file lives in a temporary folder removed at the end."""
    import json
    import signal
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="aggregator-serve-") as scratch:
        meta_file = Path(scratch) / "metadata.json"
        meta_file.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        server = subprocess.Popen(datasette_command(db, meta_file, host, port))
        # stopped by SIGTERM (systemd, kill) as by Ctrl-C: Datasette first, then the metadata
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            status = server.wait()
        except KeyboardInterrupt:
            status = server.wait()
    return 0 if status in (0, -signal.SIGTERM, -signal.SIGINT) else status
