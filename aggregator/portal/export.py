"""Incremental export of stories for the portal: every story once, every change once.

Each change to a story gives it the next ``stories.revision``; an export returns the
stories whose revision is above the cursor and the new cursor (the highest revision
exported). The read happens in one transaction, so a crawl writing at the same time is
either wholly in this export or wholly in the next.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from aggregator.store import Store
from aggregator.store.stories import max_revision, stories_changed_since, story_with_articles


def export_stories(store: Store, since: int = 0, limit: int | None = None) -> tuple[list[dict], int]:
    """Stories changed after revision ``since`` (oldest change first) and the next cursor."""
    with store.snapshot():  # one state for the revisions and the story rows
        rows = stories_changed_since(store, since, limit)
        stories = [story_with_articles(store, story_id) for story_id, _ in rows]
    for story in stories:  # a story merged into another is left empty: the portal drops it
        story["deleted"] = story["article_count"] == 0
    return stories, (rows[-1][1] if rows else since)


def export_page(store: Store, since: int = 0, limit: int | None = None) -> dict:
    """``{"stories", "cursor", "has_more"}``: one page of the export for a client that loops
    while ``has_more``. ``ValueError`` for a cursor no export gave (beyond the last revision)."""
    last = max_revision(store)
    if since > last:
        raise ValueError(f"cursor {since} is beyond the last change ({last}): "
                         "it was not given by an export of this database")
    stories, cursor = export_stories(store, since, limit)
    # read after the export: a change committed meanwhile means more to come, never less
    return {"stories": stories, "cursor": cursor, "has_more": cursor < max_revision(store)}


def iter_export_lines(stories: list[dict]) -> Iterator[dict]:
    """Stories as export records (JSON-ready dicts)."""
    for story in stories:
        yield {
            "id": story["id"], "revision": story["revision"], "deleted": story["deleted"],
            "title": story["title"], "first_published_at": story["first_published_at"],
            "last_published_at": story["last_published_at"], "countries": story["countries"],
            "sources": story["sources"], "article_count": story["article_count"],
            "created_at": story["created_at"], "updated_at": story["updated_at"],
            "articles": story["articles"],
        }


def read_cursor_file(path: str) -> str | None:
    """The cursor a ``--cursor-file`` holds (None when the file does not exist yet);
    ``ValueError`` when it holds none."""
    target = Path(path)
    if not target.is_file():
        return None
    try:
        return str(int(json.loads(target.read_text(encoding="utf-8"))["cursor"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"--cursor-file {path} holds no cursor ({exc})") from exc
