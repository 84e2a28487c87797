"""The entity tables: ``entities`` (one row per person, organisation or place, by type and
normal form), ``article_entities`` (who and what each article names, with mentions) and
``entity_extractions`` (which extractor version ran on each article, so ``aggregator
entities --update`` resumes where it stopped). A story's entities are its articles'.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from aggregator.store.common import ARTICLE_TIME, marks, to_json, utc_now

if TYPE_CHECKING:
    from aggregator.store.connection import Store



def save_article_entities(store: Store, found: Iterable[tuple[int, str, list[dict]]]) -> None:
    """Replace the entities of each ``(article_id, extractor, entities)`` (entities as the
    step records them: type, name, mentions, aliases) and mark the extractor that ran."""
    conn = store.db.conn
    now = utc_now()
    with conn:
        for article_id, extractor, entities in found:
            conn.execute("DELETE FROM article_entities WHERE article_id = ?", [article_id])
            for entity in entities:
                entity_id = _entity_id(conn, entity["type"], entity["name"], entity.get("aliases", ()))
                conn.execute(
                    "INSERT INTO article_entities (article_id, entity_id, mentions) VALUES (?, ?, ?) "
                    "ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
                    [article_id, entity_id, entity["mentions"]])
            conn.execute(
                "INSERT INTO entity_extractions (article_id, extractor, extracted_at) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET extractor = excluded.extractor, "
                "extracted_at = excluded.extracted_at", [article_id, extractor, now])


def _entity_id(conn, kind: str, name: str, aliases: Iterable[str]) -> int:
    row = conn.execute("SELECT id, aliases FROM entities WHERE type = ? AND name = ?",
                       [kind, name]).fetchone()
    if row is None:
        return conn.execute("INSERT INTO entities (type, name, aliases) VALUES (?, ?, ?)",
                            [kind, name, to_json(sorted(set(aliases) | {name}))]).lastrowid
    known = set(json.loads(row[1] or "[]"))
    if not known.issuperset(aliases):
        conn.execute("UPDATE entities SET aliases = ? WHERE id = ?",
                     [to_json(sorted(known | set(aliases))), row[0]])
    return row[0]


def entity_ids(store: Store, name: str, kind: str | None = None) -> list[int]:
    """Entities called ``name`` (their normal form or one of their aliases, any case)."""
    where, params = ["(lower(e.name) = lower(?) OR EXISTS (SELECT 1 FROM json_each(e.aliases) j "
                     "WHERE lower(j.value) = lower(?)))"], [name, name]
    if kind:
        where.append("e.type = ?")
        params.append(kind)
    return [r[0] for r in store.db.execute(
        f"SELECT e.id FROM entities e WHERE {' AND '.join(where)}", params)]


def top_entities(store: Store, *, kind: str | None = None, since: str | None = None,
                 country: str | None = None, story: str | None = None,
                 limit: int = 20) -> list[dict]:
    """The most mentioned entities (of ``kind``) in the articles of the period from
    ``since``, tagged ``country``, or of one ``story``: name, type, mentions, articles."""
    where, params = ["1"], []
    if kind:
        where.append("e.type = ?")
        params.append(kind)
    if since:
        where.append(f"{ARTICLE_TIME} >= ?")
        params.append(since)
    if country:
        where.append("ae.article_id IN (SELECT article_id FROM article_countries WHERE country = ?)")
        params.append(country)
    if story:
        where.append("a.story_id = ?")
        params.append(story)
    rows = store.db.query(
        "SELECT e.id, e.type, e.name, sum(ae.mentions) AS mentions, "
        "count(DISTINCT ae.article_id) AS articles FROM article_entities ae "
        "JOIN entities e ON e.id = ae.entity_id JOIN articles a ON a.id = ae.article_id "
        f"WHERE {' AND '.join(where)} GROUP BY e.id ORDER BY mentions DESC, articles DESC, e.name "
        "LIMIT ?", params + [limit])
    return [dict(r) for r in rows]


def articles_with_entities(store: Store, ids: list[int], *, country: str | None = None,
                           since: str | None = None, sources=(), limit: int = 20) -> list[dict]:
    """The newest articles naming any of the entities ``ids``, with their mentions."""
    if not ids:
        return []
    where, params = [f"ae.entity_id IN ({marks(ids)})"], list(ids)
    if country:
        where.append("a.id IN (SELECT article_id FROM article_countries WHERE country = ?)")
        params.append(country)
    if since:
        where.append(f"{ARTICLE_TIME} >= ?")
        params.append(since)
    if sources:
        where.append(f"a.source IN ({marks(sources)})")
        params.extend(sources)
    return [dict(r) for r in store.db.query(
        "SELECT a.id, a.title, a.source, a.url, a.published_local, a.story_id, "
        "sum(ae.mentions) AS mentions FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        f"WHERE {' AND '.join(where)} GROUP BY a.id ORDER BY {ARTICLE_TIME} DESC, a.id DESC LIMIT ?",
        params + [limit])]


def latest_story_ids_with_entities(store: Store, ids: list[int], country: str | None = None,
                                   limit: int = 50, since: str | None = None) -> list[str]:
    """The latest stories one of whose articles names one of the entities ``ids``; only
    those last published at ``since`` or later when given."""
    if not ids:
        return []
    where, params = [f"ae.entity_id IN ({marks(ids)})", "s.article_count > 0"], list(ids)
    if since:
        where.append("s.last_published_at >= ?")
        params.append(since)
    if country:
        where.append("s.id IN (SELECT story_id FROM story_countries WHERE country = ?)")
        params.append(country)
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT s.id, s.last_published_at FROM article_entities ae "
        "JOIN articles a ON a.id = ae.article_id JOIN stories s ON s.id = a.story_id "
        f"WHERE {' AND '.join(where)} ORDER BY s.last_published_at DESC LIMIT ?", params + [limit])]


def articles_to_extract(store: Store, extractor: str, since: str | None = None,
                        batch: int = 200, after: int = 0) -> list[dict]:
    """Up to ``batch`` articles with id above ``after`` whose entities were not found by
    ``extractor`` (never extracted, or by another extractor or version), by id."""
    where, params = ["a.id > ?", "coalesce(x.extractor, '') != ?"], [after, extractor]
    if since:
        where.append(f"{ARTICLE_TIME} >= ?")
        params.append(since)
    return [dict(r) for r in store.db.query(
        "SELECT a.id, a.title, a.lead, a.body, a.lang FROM articles a "
        "LEFT JOIN entity_extractions x ON x.article_id = a.id "
        f"WHERE {' AND '.join(where)} ORDER BY a.id LIMIT ?", params + [batch])]
