"""The Redis stream between crawl workers and ``aggregator ingest``: plain functions.

Workers ``push`` each processed article (``XADD``); Redis's reply is the worker's
acknowledgement, and from then on the article is the stream's to keep. The one ingest
process reads through a consumer group (``read_batch``: ``XREADGROUP``), stores the
batch, and only after the SQLite commit acknowledges and deletes its entries
(``acknowledge``: ``XACK``, then ``XDEL``, so the stream holds only what is not yet stored).
Entries delivered to an ingest that died before acknowledging stay pending; the next
ingest takes them over (``claim_pending``: ``XAUTOCLAIM``) and reads them first.

An entry's fields: ``article`` (the ``Article`` as JSON) and ``steps`` (the names of the
``aggregator.enrich.steps.STEPS`` the worker already ran on it, comma-separated).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aggregator.items import Article

#: the consumer group every ingest of a stream reads through
GROUP = "ingest"


@dataclass
class Entry:
    """One stream entry: its id, and the article (None if the entry could not be read)."""

    id: str
    article: Article | None
    steps: tuple[str, ...] = ()
    error: str | None = None


def encode(article: Article, steps: tuple[str, ...]) -> dict[str, str]:
    """The stream fields of ``article``, processed on the worker by ``steps``."""
    return {"article": json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":")),
            "steps": ",".join(steps)}


def decode(entry_id, fields: dict | None) -> Entry:
    """The ``Entry`` of a stream entry (bytes from redis-py); never raises."""
    entry_id = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
    if not fields:  # delivered, then deleted from the stream: nothing left to store
        return Entry(entry_id, None, error="entry deleted from the stream")
    fields = {(k.decode() if isinstance(k, bytes) else k): v for k, v in fields.items()}
    try:
        data = json.loads(fields["article"])
        if not isinstance(data, dict):
            raise ValueError("article is not a JSON object")
        article = Article.from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        return Entry(entry_id, None, error=f"{type(exc).__name__}: {exc}")
    steps = fields.get("steps", b"")
    steps = steps.decode() if isinstance(steps, bytes) else str(steps)
    return Entry(entry_id, article, tuple(s for s in steps.split(",") if s))


def push(client, stream: str, article: Article, steps: tuple[str, ...]) -> str:
    """Append ``article`` to ``stream``; returns the entry id once Redis has it."""
    entry_id = client.xadd(stream, encode(article, steps))
    return entry_id.decode() if isinstance(entry_id, bytes) else entry_id


def ensure_group(client, stream: str) -> None:
    """Create the stream and its consumer group if missing (reading from the start)."""
    from redis.exceptions import ResponseError

    try:
        client.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def claim_pending(client, stream: str, consumer: str, batch: int = 1000) -> int:
    """Take over every entry delivered to another consumer and not acknowledged (an
    ingest that died mid-batch); returns how many. ``read_batch`` reads them first."""
    claimed, start = 0, "0-0"
    while True:
        # (redis-py drops the cursor from a JUSTID reply, so the entries come along)
        reply = client.xautoclaim(stream, GROUP, consumer, min_idle_time=0, start_id=start,
                                  count=batch)
        start, entries = reply[0], reply[1]
        claimed += len(entries)
        if start in (b"0-0", "0-0"):
            return claimed


def read_batch(client, stream: str, consumer: str, count: int, block_ms: int | None) -> list[Entry]:
    """Up to ``count`` entries: this consumer's pending ones (delivered, not acknowledged)
    first, else new ones, waiting up to ``block_ms`` for them (None: not at all)."""
    for start, block in (("0", None), (">", block_ms)):
        reply = client.xreadgroup(GROUP, consumer, {stream: start}, count=count, block=block)
        entries = reply[0][1] if reply else []
        if entries:
            return [decode(entry_id, fields) for entry_id, fields in entries]
    return []


def acknowledge(client, stream: str, ids: list[str]) -> None:
    """The entries ``ids`` are stored: acknowledge and delete them in one round trip."""
    if ids:
        # one MULTI/EXEC: an ingest killed between two separate calls left acknowledged
        # entries in the stream that nobody would ever read or delete; now a kill before
        # EXEC leaves them pending, and the next ingest stores them again (same URLs: no copy)
        client.transaction(lambda pipe: (pipe.xack(stream, GROUP, *ids),
                                         pipe.xdel(stream, *ids)))


def known_key(stream: str, source: str) -> str:
    """The Redis set of the canonical URLs of ``source`` the ingest has stored."""
    return f"{stream}:known:{source}"


def mark_known(client, stream: str, articles: list[Article]) -> None:
    """Record stored articles' canonical URLs, so workers skip them in later runs."""
    by_source: dict[str, list[str]] = {}
    for article in articles:
        if article.canonical_url:
            by_source.setdefault(article.source or "", []).append(article.canonical_url)
    for source, urls in by_source.items():
        client.sadd(known_key(stream, source), *urls)


def known_urls(client, stream: str, source: str) -> set[str]:
    """The canonical URLs of ``source`` stored through the stream so far."""
    return {u.decode() if isinstance(u, bytes) else u
            for u in client.sscan_iter(known_key(stream, source), count=10_000)}
