"""The end of the chain, after ``STEPS``: articles stored with their stories.

The one place where storing is written, for the crawl (``StorePipeline``) and for
``aggregator enrich --db``: the articles are upserted, the story index persists their
signatures and applies the merges of bridged stories, and the summaries of the stories
they touched are recomputed.
"""

from __future__ import annotations

from aggregator.items import Article
from aggregator.store import Store
from aggregator.store.articles import article_ids
from aggregator.store.entities import save_article_entities
from aggregator.stories.index import StoryIndex


def store_articles(store: Store, stories: StoryIndex, articles: list[Article]) -> list[str]:
    """Store ``articles`` (each assigned a story by ``stories``) in one batch; returns the
    status of each (``"new"``, ``"updated"`` or ``"unchanged"``)."""
    for article in articles:  # a story merged since the article joined it: its survivor
        article.story_id = stories.resolve(article.story_id)
    statuses = store.upsert_articles(articles)
    _store_entities(store, articles)
    merged = stories.save(store, articles)  # signatures; bridged stories merged
    store.refresh_stories({a.story_id for a in articles} | merged)
    return statuses


def _store_entities(store: Store, articles: list[Article]) -> None:
    """The entities the step found, in ``entities``/``article_entities`` (articles the
    step did not run on keep what they had)."""
    extracted = [a for a in articles if a.entities_extractor]
    ids = article_ids(store, [a.canonical_url for a in extracted])
    save_article_entities(store, [(ids[a.canonical_url], a.entities_extractor, a.entities)
                                  for a in extracted if a.canonical_url in ids])
