"""The ``stories`` and ``story_countries`` tables: summaries recomputed from their
articles, and the reads of the portal (latest stories, a story with its articles, the
stories changed since an export cursor)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from aggregator.store.common import chunks, json_list, marks, utc_now

if TYPE_CHECKING:
    from aggregator.store.connection import Store

#: Columns of ``stories`` computed from its articles (compared to detect a change).
STORY_FIELDS = (
    "representative_id", "title", "first_published_at", "last_published_at", "article_count",
    "sources", "countries", "articles_updated_at",
)
_UPSERT_STORY = (
    f"INSERT INTO stories (id, {', '.join(STORY_FIELDS)}, revision, created_at, updated_at) "
    f"VALUES ({', '.join('?' * (len(STORY_FIELDS) + 4))}) ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*STORY_FIELDS, "revision", "updated_at")))
#: A story's articles in reading order: earliest published (or first seen) first.
_ARTICLE_ORDER = "coalesce(published_at, published_local, first_seen_at), id"


def refresh_stories(store: Store, story_ids: Iterable[str | None]) -> None:
    """Recompute the ``stories`` rows of ``story_ids`` from their articles.

    A story whose summary changed gets the next ``revision`` (a database-wide
    counter), which is what ``aggregator export`` pages by: each change is exported
    once. A story left without articles (merged into another) keeps its row with
    ``article_count = 0`` so the portal learns that it is gone.
    """
    ids = sorted(set(filter(None, story_ids)))
    if not ids:
        return
    now, conn = utc_now(), store.db.conn
    with conn:
        summaries = story_summaries(store, ids)
        old = {}
        for chunk in chunks(ids):
            old.update((row[0], dict(zip(STORY_FIELDS, row[1:]))) for row in conn.execute(
                f"SELECT id, {', '.join(STORY_FIELDS)} FROM stories WHERE id IN ({marks(chunk)})",
                chunk))
        changed = [i for i in ids if old.get(i) != summaries[i]]
        if not changed:
            return
        revision = conn.execute("SELECT coalesce(max(revision), 0) FROM stories").fetchone()[0]
        rows = [[i, *(summaries[i][f] for f in STORY_FIELDS), revision + n, now, now]
                for n, i in enumerate(changed, start=1)]
        conn.executemany(_UPSERT_STORY, rows)
        retagged = [i for i in changed if _country_rows(old.get(i)) != _country_rows(summaries[i])]
        conn.executemany("DELETE FROM story_countries WHERE story_id = ?",
                         [(i,) for i in retagged if i in old])
        conn.executemany(
            "INSERT INTO story_countries (story_id, country, last_published_at) VALUES (?, ?, ?)",
            [(i, c, summaries[i]["last_published_at"]) for i in retagged
             for c in json.loads(summaries[i]["countries"])])


def story_summaries(store: Store, story_ids: list[str]) -> dict[str, dict]:
    """The ``stories`` columns for each of ``story_ids``, computed from their articles.

    The representative is the earliest article (by publication time, then first seen).
    """
    members: dict[str, list] = {i: [] for i in story_ids}
    countries: dict[str, set] = {i: set() for i in story_ids}
    for chunk in chunks(story_ids):
        for row in store.db.conn.execute(
                "SELECT story_id, id, title, source, coalesce(published_at, published_local), updated_at "
                f"FROM articles WHERE story_id IN ({marks(chunk)}) ORDER BY {_ARTICLE_ORDER}", chunk):
            members[row[0]].append(row[1:])
        for story, country in store.db.conn.execute(
                "SELECT DISTINCT a.story_id, c.country FROM articles a JOIN article_countries c "
                f"ON c.article_id = a.id WHERE a.story_id IN ({marks(chunk)})", chunk):
            countries[story].add(country)
    return {story: _summary(rows, countries[story]) for story, rows in members.items()}


def _summary(rows: list[tuple], countries: set[str]) -> dict:
    published = [r[3] for r in rows if r[3]]
    return {
        "representative_id": rows[0][0] if rows else None,
        "title": rows[0][1] if rows else None,
        "first_published_at": min(published, default=None),
        "last_published_at": max(published, default=None),
        "article_count": len(rows),
        "sources": json_list(frozenset(r[2] for r in rows if r[2])),
        "countries": json_list(frozenset(countries)),
        "articles_updated_at": max((r[4] or "" for r in rows), default="") or None,
    }


def _country_rows(summary: dict | None) -> tuple | None:
    """What a story's ``story_countries`` rows repeat of its summary."""
    return summary and (summary["countries"], summary["last_published_at"])


# --- reading -----------------------------------------------------------------------------

def latest_story_ids(store: Store, country: str | None = None, limit: int = 50,
                     since: str | None = None) -> list[str]:
    """The latest stories (about ``country``) by last publication, newest first; only
    those last published at ``since`` or later when given."""
    window = " AND last_published_at >= ?" if since else ""
    extra = [since] if since else []
    if country:
        rows = store.db.execute(
            f"SELECT story_id FROM story_countries WHERE country = ?{window} "
            "ORDER BY last_published_at DESC LIMIT ?", [country, *extra, limit])
    else:
        rows = store.db.execute(
            f"SELECT id FROM stories WHERE article_count > 0{window} "
            "ORDER BY last_published_at DESC LIMIT ?", [*extra, limit])
    return [r[0] for r in rows]


def latest_published_at(store: Store, country: str | None = None) -> str | None:
    """The newest ``last_published_at`` of the live stories (about ``country``)."""
    if country:
        return store.db.execute("SELECT max(last_published_at) FROM story_countries "
                                "WHERE country = ?", [country]).fetchone()[0]
    return store.db.execute("SELECT max(last_published_at) FROM stories "
                            "WHERE article_count > 0").fetchone()[0]


def max_revision(store: Store) -> int:
    """The highest story revision (the last cursor an export can give)."""
    return store.db.execute("SELECT coalesce(max(revision), 0) FROM stories").fetchone()[0]


def story_with_articles(store: Store, story_id: str) -> dict:
    """A story row with ``articles`` (earliest first) and decoded JSON columns."""
    story = dict(next(store.db.query("SELECT * FROM stories WHERE id = ?", [story_id])))
    story["sources"] = json.loads(story["sources"] or "[]")
    story["countries"] = json.loads(story["countries"] or "[]")
    story["articles"] = list(store.db.query(
        "SELECT id, url, canonical_url, source, title, lead, published_at, published_local, "
        "date_precision, lang, primary_country, image_url, updated_at FROM articles "
        f"WHERE story_id = ? ORDER BY {_ARTICLE_ORDER}", [story_id]))
    return story


def stories_changed_since(store: Store, revision: int, limit: int | None = None) -> list[tuple[str, int]]:
    """``(story id, revision)`` of the stories changed after ``revision``, oldest change first."""
    sql = "SELECT id, revision FROM stories WHERE revision > ? ORDER BY revision"
    return store.db.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), [revision]).fetchall()


def live_story_count(store: Store, since: str = "") -> int:
    """Stories with articles, last published (or created) at ``since`` or later."""
    return store.db.execute(
        "SELECT count(*) FROM stories WHERE article_count > 0 "
        "AND coalesce(last_published_at, created_at) >= ?", [since]).fetchone()[0]
