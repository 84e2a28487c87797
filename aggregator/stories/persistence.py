"""Story signatures between runs: the ``story_signatures`` rows and their key JSON.

``StoryIndex`` saves what it needs to place tomorrow's articles (day interval, seen day,
MinHash signature and the article's ``Features`` as JSON) once the store has given the
article a row id, and loads the recent window of them when a run starts. The SQL is the
store's (``aggregator.store.signatures``, ``aggregator.store.articles``); this module turns
its rows into what the index needs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable, NamedTuple

import numpy as np

from aggregator.items import Article
from aggregator.store import articles as stored_articles
from aggregator.store import signatures as stored_signatures
from aggregator.stories.features import Features
from aggregator.stories.minhash import NUM_PERM

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.store import Store


class Signature(NamedTuple):
    """A saved article as the index loads it."""

    story_id: str
    interval: tuple[int, int] | None
    seen_day: int
    minhash: np.ndarray | None  # None: saved with another MinHash scheme
    features: Features
    url: str


def keys_json(feats: Features) -> str:
    """The features the index needs again, as the ``keys`` JSON of a signature row."""
    return json.dumps({"e": sorted(feats.entities), "x": sorted(feats.weak),
                       "n": sorted(feats.numbers), "d": sorted(feats.dates),
                       "t": sorted(feats.title), "l": sorted(feats.lead),
                       "w": feats.words, "h": sorted(feats.headline_numbers),
                       "r": int(feats.reaction)},
                      ensure_ascii=False, sort_keys=True)


def features_from_keys(text: str) -> Features:
    """``Features`` from a signature's ``keys`` JSON (rows saved before a key kind
    existed get it empty; a missing lead is the title's stems)."""
    data = json.loads(text)
    return Features(entities=set(data.get("e", ())), weak=set(data.get("x", ())),
                    numbers=set(data.get("n", ())), dates=set(data.get("d", ())),
                    title=set(data.get("t", ())), lead=set(data.get("l", data.get("t", ()))),
                    words=dict(data.get("w", {})),
                    headline_numbers=set(data.get("h", ())),
                    reaction=bool(data.get("r")))


def load_signatures(store: "Store", keep_days: int) -> list[Signature]:
    """The saved signatures of the last ``keep_days`` days before the newest, in the
    order the articles were stored."""
    rows = stored_signatures.recent_signatures(store, keep_days)
    return [Signature(story, (lo, hi) if lo is not None else None, seen,
                      np.frombuffer(mh, np.uint32) if mh and len(mh) == NUM_PERM * 4 else None,
                      features_from_keys(keys), url or "")
            for _, story, lo, hi, seen, mh, keys, url in rows]


def stored_story(store: "Store", url: str) -> str | None:
    """The story id stored for the article with canonical URL ``url``, if any."""
    return stored_articles.story_of_url(store, url) or None


def row_ids(store: "Store", articles: Iterable[Article]) -> dict[str, int]:
    """The row id of each stored article, by canonical URL."""
    return stored_articles.article_ids(store, (a.canonical_url for a in articles))


def save_signatures(store: "Store", rows: list[dict],
                    merges: Iterable[tuple[str, str]]) -> None:
    """Upsert signature ``rows`` and re-point the articles and signatures of each merged
    story (old id, surviving id), in one transaction."""
    stored_signatures.save_signatures(store, rows, merges)
