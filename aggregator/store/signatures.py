"""The ``story_signatures`` table: the story index's recent window, kept between runs
(``aggregator.stories.index.StoryIndex.load``/``save``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from aggregator.store.connection import Store


def recent_signatures(store: Store, keep_days: int) -> list[tuple]:
    """The signatures of the ``keep_days`` before the newest one, by article id: rows of
    ``(article_id, story_id, day_lo, day_hi, seen_day, minhash, keys, canonical_url)``."""
    db = store.db
    if not db["story_signatures"].exists():
        return []
    newest = db.execute(
        "SELECT max(coalesce(day_hi, seen_day)) FROM story_signatures").fetchone()[0]
    if newest is None:
        return []
    return db.execute(
        "SELECT s.article_id, s.story_id, s.day_lo, s.day_hi, s.seen_day, s.minhash, "
        "s.keys, a.canonical_url FROM story_signatures s LEFT JOIN articles a "
        "ON a.id = s.article_id WHERE coalesce(s.day_hi, s.seen_day) >= ? "
        "ORDER BY s.article_id", [newest - keep_days]).fetchall()


def save_signatures(store: Store, rows: list[dict],
                    merges: Iterable[tuple[str, str]] = ()) -> None:
    """Upsert signature ``rows`` and move the articles and signatures of each merged
    story ``(old, new)`` to the surviving one, in one transaction."""
    with store.db.conn:
        if rows:
            store.db["story_signatures"].upsert_all(rows, pk="article_id")
        for old, new in merges:
            store.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [new, old])
            store.db.execute("UPDATE story_signatures SET story_id = ? WHERE story_id = ?",
                             [new, old])
