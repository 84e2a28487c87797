"""What every table and column of the dataset means: one source for docs and Datasette.

``docs/schema.md`` is generated from here (``python -m aggregator.store.schema > docs/schema.md``,
checked by a test), and ``aggregator serve`` gives the same descriptions to Datasette.
"""

from __future__ import annotations

from aggregator.items import field_docs

_ARTICLE_EXTRA = {
    "countries": "Portal countries the article refers to, sorted, as a JSON list (the same "
                 "tags as `article_countries`, which is the table to filter and count by).",
    "id": "Row id (stable for the life of the database).",
    "first_seen_at": "When the article was first stored, UTC.",
    "updated_at": "When its title, lead, body or date last changed, UTC (equals first_seen_at "
                  "until then).",
    "content_hash": "Fingerprint of title, lead, body and date; a change marks an update.",
    "authors": "Author names, a JSON array.",
    "tags": "Tags/keywords, a JSON array.",
}

TABLES: dict[str, dict] = {
    "articles": {
        "description": "One row per article (per canonical URL), the latest version of it.",
        "columns": {},  # filled below from the Article field docs
    },
    "article_countries": {
        "description": "Country tags of articles: one row per article and country.",
        "columns": {
            "article_id": "The article (articles.id).",
            "country": "One of KZ, KG, UZ, TJ, TM, CN.",
        },
    },
    "stories": {
        "description": "Events: articles from one or more outlets reporting the same thing.",
        "columns": {
            "id": "Story id (articles.story_id).",
            "representative_id": "The article that stands for the story (the earliest).",
            "title": "Title of the representative article.",
            "first_published_at": "Earliest publication time of its articles (UTC, or a local "
                                  "date when only a day is known).",
            "last_published_at": "Latest publication time of its articles.",
            "article_count": "Number of articles; 0 when the story was merged into another "
                             "(the export then marks it deleted).",
            "sources": "Outlets that reported it, a JSON array of source names.",
            "countries": "Union of its articles' country tags, a JSON array.",
            "articles_updated_at": "Latest updated_at among its articles.",
            "revision": "Database-wide change counter: a story gets the next value whenever it "
                        "changes; `aggregator export` pages by it.",
            "created_at": "When the story was first stored, UTC.",
            "updated_at": "When the story last changed, UTC.",
        },
    },
    "story_countries": {
        "description": "Country tags of stories (for per-country feeds): one row per story and "
                       "country.",
        "columns": {
            "story_id": "The story (stories.id).",
            "country": "One of KZ, KG, UZ, TJ, TM, CN.",
            "last_published_at": "The story's last_published_at, repeated for a fast index.",
        },
    },
    "entities": {
        "description": "People (PER), organisations (ORG) and places (LOC) named in articles, "
                       "one row per type and normal form (see `aggregator.entities`).",
        "columns": {
            "id": "Entity id.",
            "type": "`PER`, `ORG` or `LOC`.",
            "name": "Normal form: the nominative; a known person's one spelling across scripts "
                    "(\"Japarov\", \"Жапарова\" are \"Садыр Жапаров\").",
            "aliases": "The forms written in the articles, a JSON array (search and "
                       "`--entity` match them too).",
        },
    },
    "article_entities": {
        "description": "Who and what each article names: one row per article and entity "
                       "(a story's entities are those of its articles).",
        "columns": {
            "article_id": "The article (articles.id).",
            "entity_id": "The entity (entities.id).",
            "mentions": "How many times the article names it (a lone surname counts toward "
                        "the full name).",
        },
    },
    "entity_extractions": {
        "description": "Which entity extractor ran on each article; `aggregator entities "
                       "--update` re-runs the articles whose extractor is not the one asked for.",
        "columns": {
            "article_id": "The article (articles.id).",
            "extractor": "Extractor and version: `fast-5` (the live chain's gazetteer and "
                         "capitalised names), `natasha-5` (natasha's NER for Russian).",
            "extracted_at": "When, UTC.",
        },
    },
    "sources": {
        "description": "The registry entries that articles come from.",
        "columns": {
            "name": "Registry name (articles.source).",
            "title": "Human name of the outlet.",
            "homepage": "Home page URL.",
            "country": "Home country of the outlet (ISO code, or `regional`).",
            "language": "Main language (ISO 639-1).",
            "timezone": "IANA time zone its local times are written in.",
        },
    },
    "crawl_runs": {
        "description": "One row per spider run: when, what it found, how it ended.",
        "columns": {
            "id": "Run id.",
            "started_at": "Start, UTC.",
            "finished_at": "End, UTC (null while running or if the run was killed).",
            "spiders": "Source (spider) name.",
            "status": "`running`, `ok`, `failed`, or `killed` (found still running by a later "
                      "crawl: the process died).",
            "stats": "JSON: new, updated, unchanged, duplicate, requests, not_modified (304s), "
                     "failed (requests given up), errors (error log lines), finish_reason.",
        },
    },
    "story_signatures": {
        "description": "What the story index remembers of each article between runs (its "
                       "near-duplicate signature and event keys), so that tomorrow's repost "
                       "joins today's story. Internal to deduplication; analysts rarely need it.",
        "columns": {
            "article_id": "The article (articles.id).",
            "story_id": "Its story (stories.id), updated when stories merge.",
            "published_at": "Its publication time (UTC, or a local date).",
            "day_lo": "First day (days since 1970-01-01) the article's date may fall on.",
            "day_hi": "Last such day (a month-only date spans the month); null when undated.",
            "seen_day": "Day it was indexed; the window an undated article stays matchable in.",
            "minhash": "MinHash signature of its word shingles (unsigned 32-bit values).",
            "keys": "JSON of its event keys: names, numbers, dates, title and lead stems.",
        },
    },
    "articles_fts_pending": {
        "description": "Articles whose text was rewritten after it was indexed, waiting for the "
                       "next full-text indexing pass (new articles wait without a row here: "
                       "every id above the highest indexed one is waiting). Internal.",
        "columns": {
            "article_id": "The article (articles.id).",
        },
    },
    "feed_validators": {
        "description": "HTTP validators of feeds and sitemaps from the last good run, sent back "
                       "as If-None-Match/If-Modified-Since (an unchanged feed answers 304).",
        "columns": {
            "url": "Feed or sitemap URL.",
            "source": "Source (spider) name.",
            "etag": "The ETag header the server sent.",
            "last_modified": "The Last-Modified header the server sent.",
            "checked_at": "When they were saved, UTC.",
        },
    },
}
TABLES["articles"]["columns"] = {
    **{"id": _ARTICLE_EXTRA["id"]},
    **{name: _ARTICLE_EXTRA.get(name, doc) for name, doc in field_docs().items()
       if name not in ("date_candidates", "entities", "entities_extractor")},
    **{k: v for k, v in _ARTICLE_EXTRA.items() if k not in ("id", "authors", "tags", "countries")},
}

#: Datasette canned queries over the entity tables (``aggregator serve``; also in the docs).
ENTITY_QUERIES = {
    "articles_about_entity": {
        "title": "Articles about an entity",
        "description": "Every article naming a person, organisation or place (its normal "
                       "form or any alias, e.g. Садыр Жапаров), newest publication first.",
        "sql": "select a.published_local, a.source, a.title, ae.mentions, a.url, a.story_id "
               "from entities e join article_entities ae on ae.entity_id = e.id "
               "join articles a on a.id = ae.article_id "
               "where e.name = :entity or exists "
               "(select 1 from json_each(e.aliases) j where j.value = :entity) "
               "order by coalesce(a.published_at, a.published_local) desc limit 100",
    },
    "who_appears_with_whom": {
        "title": "Who appears with whom",
        "description": "The people, organisations and places named in the same articles as "
                       "the given entity, by the number of articles they share.",
        "sql": "select o.type, o.name, count(distinct x.article_id) as articles, "
               "sum(x.mentions) as mentions from entities e "
               "join article_entities ae on ae.entity_id = e.id "
               "join article_entities x on x.article_id = ae.article_id and x.entity_id != e.id "
               "join entities o on o.id = x.entity_id where e.name = :entity "
               "group by o.id order by articles desc, mentions desc limit 50",
    },
}
#: Relations between tables: (table, column, other table, other column). SQLite declares
#: only those whose rows are written in order (article_countries, story_countries,
#: story_signatures -> their parents); the others are links for readers (Datasette, the
#: docs) but not enforced, because the writer (PRAGMA foreign_keys = ON) stores an
#: article before its story's summary row and before a merge moves it.
LINKS = [
    ("articles", "story_id", "stories", "id"),
    ("articles", "source", "sources", "name"),
    ("stories", "representative_id", "articles", "id"),
    ("article_countries", "article_id", "articles", "id"),
    ("story_countries", "story_id", "stories", "id"),
    ("crawl_runs", "spiders", "sources", "name"),
    ("article_entities", "article_id", "articles", "id"),
    ("article_entities", "entity_id", "entities", "id"),
]
#: Tables a reader of the dataset does not need (Datasette hides them; FTS5's own
#: articles_fts_* tables are hidden by Datasette itself).
INTERNAL_TABLES = ("story_signatures", "feed_validators", "articles_fts_pending", "entity_extractions")
#: What Datasette shows as a row's name when another table links to it.
LABEL_COLUMNS = {"articles": "title", "stories": "title", "sources": "title", "entities": "name"}

EXAMPLE_QUERIES = {
    "Latest stories about Kyrgyzstan": """
select s.id, s.title, s.last_published_at, s.article_count, s.sources
from story_countries c join stories s on s.id = c.story_id
where c.country = 'KG' order by c.last_published_at desc limit 20""",
    "Articles per country per day (of publication)": """
select substr(coalesce(a.published_local, a.published_at), 1, 10) as day, c.country, count(*) as n
from articles a join article_countries c on c.article_id = a.id
where day is not null group by day, c.country order by day desc, n desc""",
    "Full-text search (ranked, with snippets)": """
select a.title, a.source, snippet(articles_fts, 2, '[', ']', '…', 12) as snippet
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match 'газопровод' order by articles_fts.rank limit 20""",
    "A story's articles": """
select a.source, a.title, a.published_at, a.url from articles a
where a.story_id = :story order by a.published_at""",
    "Top sources in the last 7 days (of publication)": """
select source, count(*) as articles from articles
where coalesce(published_at, published_local) >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days')
group by source order by articles desc""",
}


def schema_markdown() -> str:
    """The dataset's documentation as Markdown (docs/schema.md)."""
    lines = ["# The dataset: tables and columns", "",
             "Generated from `aggregator/store/schema.py` (`python -m aggregator.store.schema > docs/schema.md`).",
             "The database is SQLite in WAL mode; `PRAGMA user_version` is the schema version,",
             "upgraded in place by the code when an older database is opened. `articles_fts` is",
             "an FTS5 index over `articles.title`, `lead` and `body` (case-insensitive for",
             "Cyrillic, diacritics folded). It is brought up to date in passes: a crawl indexes",
             "every batch it stores, a bulk load once at the end (`Store.index_pending`), so an",
             "article is searchable once its batch is indexed. Triggers take a rewritten or",
             "deleted text out of the index at once; re-crawls and story merges leave it alone.", ""]
    for table, info in TABLES.items():
        lines += [f"## `{table}`", "", info["description"], "", "| column | meaning |", "| --- | --- |"]
        lines += [f"| `{col}` | {doc} |" for col, doc in info["columns"].items()]
        lines.append("")
    lines += ["## Links between tables", "",
              "Declared to Datasette (rows link to each other); in SQLite only where the rows "
              "are written parent first (see `LINKS` in `aggregator/store/schema.py`).", "",
              "| column | refers to |", "| --- | --- |"]
    lines += [f"| `{t}.{c}` | `{o}.{oc}` |" for t, c, o, oc in LINKS]
    lines += ["", "## Example queries", ""]
    examples = {**EXAMPLE_QUERIES, **{q["title"]: q["sql"] for q in ENTITY_QUERIES.values()}}
    for title, sql in examples.items():
        lines += [f"### {title}", "", "```sql", sql.strip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(schema_markdown(), end="")
