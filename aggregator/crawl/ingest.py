"""``aggregator ingest``: drain the distributed workers' Redis stream into one database.

Workers of ``aggregator crawl --distributed`` fetch, extract and run the steps; they push
each article to a Redis stream (``aggregator.crawl.item_queue``). ``ingest`` reads it in
batches, runs whatever steps of ``STEPS`` a worker left out, assigns stories with one
story index and stores the batch (``aggregator.enrich.persist.store_articles``, one
transaction); only then are the batch's entries acknowledged and deleted. An ingest
killed mid-batch leaves them pending; the next one claims and stores them again, and
the upsert by canonical URL makes that harmless.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Callable

from aggregator.crawl import item_stream
from aggregator.enrich.persist import store_articles
from aggregator.enrich.steps import STEPS, StepContext
from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.store import Store
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import next_doc, recluster, restory


@dataclass
class IngestCounts:
    """What an ingest did: entries read and claimed, articles stored by status, skipped."""

    read: int = 0
    claimed: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged


def consumer_name() -> str:
    """This process's name in the consumer group (host and pid, for ``XINFO``)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def finish_steps(article: Article, done: tuple[str, ...], registry: dict[str, Source]) -> Article:
    """Run the steps of ``STEPS`` the worker did not run (``done`` names those it did)."""
    context = None
    for step in STEPS:
        if step.__name__ not in done:
            context = context or StepContext(registry.get(article.source or ""))
            article = step(article, context)
    return article


class Ingest:
    """Drains ``stream`` into ``store``: one story index, one writer (the caller holds
    the database's lock). ``on_skip(entry)`` hears of each entry that cannot be stored."""

    def __init__(self, client, store: Store, registry: dict[str, Source], stream: str, *,
                 consumer: str | None = None, on_skip: Callable[[item_stream.Entry], None] | None = None):
        self.client, self.store, self.registry, self.stream = client, store, registry, stream
        self.consumer = consumer or consumer_name()
        self.on_skip = on_skip
        self.counts = IngestCounts()
        self.stories = StoryIndex(store)  # continues the stories already stored
        self.saved_sources: set[str] = set()
        item_stream.ensure_group(client, stream)
        # entries a dead ingest was given and did not acknowledge: stored first
        self.counts.claimed = item_stream.claim_pending(client, stream, self.consumer)

    def run(self, batch_size: int = 500, *, follow: bool = False, block_ms: int = 2000,
            should_stop: Callable[[], bool] = lambda: False,
            on_batch: Callable[[IngestCounts], None] | None = None) -> IngestCounts:
        """Store batches until the stream is empty (or, with ``follow``, until ``should_stop``)."""
        while not should_stop():
            entries = item_stream.read_batch(self.client, self.stream, self.consumer, batch_size,
                                             block_ms if follow else None)
            if entries:
                self.store_batch(entries)
                if on_batch:
                    on_batch(self.counts)
            elif not follow:
                break
        return self.counts

    def store_batch(self, entries: list[item_stream.Entry]) -> None:
        """Store ``entries`` in one transaction, then acknowledge them all."""
        self.counts.read += len(entries)
        batch: dict[str, Article] = {}
        for entry in entries:
            article = self._prepared(entry)
            if article is not None:
                batch.pop(article.canonical_url, None)
                batch[article.canonical_url] = article  # a later copy in the batch wins
        articles = list(batch.values())
        self._save_sources(articles)
        since = next_doc(self.stories)
        for article in articles:
            self.stories.assign(article)
        restory(articles, recluster(self.stories, since))  # decided again as a batch
        for status in store_articles(self.store, self.stories, articles):
            setattr(self.counts, status, getattr(self.counts, status) + 1)
        item_stream.mark_known(self.client, self.stream, articles)
        item_stream.acknowledge(self.client, self.stream, [e.id for e in entries])

    def _prepared(self, entry: item_stream.Entry) -> Article | None:
        article, error = entry.article, entry.error
        if article is not None:
            try:
                article = finish_steps(article, entry.steps, self.registry)
                article.canonical_url = article.canonical_url or article.url or None
                if not article.canonical_url:
                    error = "the article has no URL"
            except (ValueError, KeyError, TypeError) as exc:
                error = f"{type(exc).__name__}: {exc}"
        if error:
            self.counts.skipped += 1
            if self.on_skip:
                self.on_skip(item_stream.Entry(entry.id, article, entry.steps, error))
            return None
        return article

    def _save_sources(self, articles: list[Article]) -> None:
        new = {a.source for a in articles if a.source in self.registry} - self.saved_sources
        if new:
            self.store.save_sources([self.registry[name] for name in sorted(new)])
            self.saved_sources |= new
