"""Small helpers the store modules share: UTC timestamps, JSON text, IN-list chunks."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder on every call.
to_json = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=4096)
def json_list(names: frozenset[str]) -> str:
    """A set of names as a sorted JSON array (few distinct sets recur: outlets, countries)."""
    return to_json(sorted(names))


def chunks(items: list, size: int = 500):
    """``items`` in slices of ``size``: SQLite limits the parameters of one statement."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(values) -> str:
    """The ``?, ?, ...`` placeholders for an IN list of ``values``."""
    return ",".join("?" * len(values))


#: When an article counts as of a period (SQL over ``articles a``): published, else fetched.
ARTICLE_TIME = "coalesce(a.published_at, a.published_local, a.fetched_at)"
