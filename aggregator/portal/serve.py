"""Datasette metadata for the dataset: descriptions, source links, canned queries."""

from __future__ import annotations

from aggregator.store.schema import ENTITY_QUERIES, TABLES

CANNED_QUERIES = {
    "latest_stories_per_country": {
        "title": "Latest stories about a country",
        "sql": "select s.id, s.title, s.last_published_at, s.article_count, s.sources "
               "from story_countries c join stories s on s.id = c.story_id "
               "where c.country = upper(:country) order by c.last_published_at desc limit 50",
    },
    "story_articles": {
        "title": "A story's articles",
        "sql": "select a.source, a.title, a.published_local, a.url, a.lang from articles a "
               "where a.story_id = :story order by coalesce(a.published_at, a.published_local)",
    },
    "articles_per_country_per_day": {
        "title": "Articles per country per day",
        "sql": "select substr(coalesce(a.published_local, a.fetched_at), 1, 10) as day, c.country, "
               "count(*) as articles from articles a join article_countries c on c.article_id = a.id "
               "group by day, c.country order by day desc, articles desc",
    },
    "top_sources": {
        "title": "Top sources in the last 7 days",
        "sql": "select source, count(*) as articles from articles "
               "where fetched_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days') "
               "group by source order by articles desc",
    },
    **ENTITY_QUERIES,
}


def datasette_metadata(db_name: str = "news") -> dict:
    """Metadata for ``datasette --metadata``: every table and column described."""
    tables = {}
    for table, info in TABLES.items():
        tables[table] = {"description": info["description"], "columns": dict(info["columns"])}
    tables["articles"].update({"sort_desc": "published_at", "fts_table": "articles_fts",
                               "fts_pk": "rowid", "searchmode": "raw"})
    tables["stories"]["sort_desc"] = "revision"
    return {
        "title": "Central Asian news",
        "description": "Articles and stories from Central Asian news sources, crawled by the "
                       "aggregator. Search articles with the box on the articles table: FTS5 "
                       "syntax, case-insensitive; add * for word endings (газ* finds газа, "
                       "газом), OR and NOT work.",
        "source": "Central Asian news aggregator",
        "source_url": "https://github.com/central-asia-news/aggregator",
        "databases": {db_name: {"tables": tables, "queries": CANNED_QUERIES}},
    }
