"""``aggregator enrich``: the processing chain without Scrapy, over JSON Lines records.

Input fields (all optional): url, source, title, text, html, date, tz, fetched_at.
Output: the input record plus published_at, published_local, date_precision, lang,
countries, primary_country, entities ({type, name, mentions} each), canonical_url,
story_id — the same values a crawl stores.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import IO, Callable, Iterable, Iterator

from aggregator.enrich.steps import process_article
from aggregator.extract.layers import article_from_html
from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.enrich.persist import store_articles
from aggregator.store import Store
from aggregator.stories.index import StoryIndex

OUTPUT_FIELDS = (
    "published_at", "published_local", "date_precision", "lang", "countries",
    "primary_country", "entities", "canonical_url", "story_id",
)
#: What a record shows of each entity (the step also keeps aliases and evidence).
ENTITY_FIELDS = ("type", "name", "mentions")


class RecordError(ValueError):
    """A record that cannot be processed (not JSON, not an object, bad field)."""


@dataclass
class EnrichResult:
    """What ``enrich_lines`` yields for each input line: a record or an error."""

    line_number: int
    record: dict | None = None
    error: str | None = None
    article: Article | None = field(default=None, repr=False)


def article_from_record(record: dict, registry: dict[str, Source]) -> tuple[Article, Source | None]:
    """The Article an input record describes; ``html`` fills what the record lacks."""
    source = registry.get(record.get("source") or "")
    fetched_at = _utc(record["fetched_at"]) if record.get("fetched_at") else None
    url = record.get("url") or ""
    if record.get("html"):
        article = article_from_html(record["html"], url, source, fetched_at=fetched_at)
    else:
        article = Article(url=url, fetched_at=fetched_at)
    article.source = record.get("source") or article.source
    if record.get("title"):
        article.title, article.title_layer = record["title"], "input"
    if record.get("text"):
        article.body, article.body_layer = record["text"], "input"
        article.body_html = None  # the given text replaces the page's; its HTML no longer matches
    if record.get("date") not in (None, ""):
        article.date_raw, article.date_layer = str(record["date"]), "input"
    # no fetched_at stays None through the date step, so a year-less date keeps its
    # unknown year instead of taking the current one (the record is stamped afterwards)
    article.fetched_at = fetched_at
    return article, source


def _utc(value: str) -> str:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"fetched_at is not ISO 8601: {value!r}") from exc
    if moment.tzinfo is None:
        raise RecordError(f"fetched_at needs a UTC offset: {value!r}")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def enrich_lines(lines: Iterable[str], registry: dict[str, Source],
                 stories: StoryIndex | None = None) -> Iterator[EnrichResult]:
    """Enrich each JSON line as it is read; bad lines yield an error, never stop the run.

    A record's ``story_id`` is the story its article joined then: a later article may
    bridge two stories, and ``stories.resolve`` gives the surviving id (``enrich``
    applies it once the last line is read).
    """
    stories = stories or StoryIndex()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise RecordError("a record must be a JSON object")
            article, source = article_from_record(record, registry)
            tz = record.get("tz") or None
            process_article(article, source, tz)
            article.fetched_at = article.fetched_at or datetime.now(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        except (ValueError, KeyError) as exc:  # JSONDecodeError and RecordError are ValueErrors
            yield EnrichResult(number, error=f"{type(exc).__name__}: {exc}")
            continue
        stories.assign(article)
        data = article.to_dict()
        data["entities"] = [{k: e[k] for k in ENTITY_FIELDS} for e in data["entities"]]
        yield EnrichResult(number, {**record, **{k: data[k] for k in OUTPUT_FIELDS}},
                           article=article)


@dataclass
class EnrichCounts:
    """What ``enrich`` did: lines read (not blank), records written, lines skipped."""

    read: int = 0
    written: int = 0
    skipped: int = 0


def enrich(lines: Iterable[str], output: IO[str], registry: dict[str, Source],
           stories: StoryIndex | None = None, store: Store | None = None, *,
           batch_size: int = 500, on_skip: Callable[[EnrichResult], None] | None = None,
           on_progress: Callable[[EnrichCounts], None] | None = None,
           progress_every: int = 10_000) -> EnrichCounts:
    """Enrich JSON ``lines`` into ``output`` (JSON Lines, in input order), holding at most
    ``batch_size`` articles in memory, however long the input.

    Records wait in a temporary file until the last line is read, so every story id
    written names the story as it stands then (bridged stories merged). With ``store``
    the articles are stored ``batch_size`` at a time, as a crawl stores them (their
    signatures too, so the stories go on in the next run). ``on_skip`` hears of each bad
    line, ``on_progress`` every ``progress_every`` lines.
    """
    stories = stories or StoryIndex(store)
    counts, batch = EnrichCounts(), []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for result in enrich_lines(lines, registry, stories):
            counts.read += 1
            if result.error:
                counts.skipped += 1
                if on_skip:
                    on_skip(result)
            else:
                spool.write(json.dumps(result.record, ensure_ascii=False) + "\n")
                if store is not None:
                    batch.append(result)
                    if len(batch) >= batch_size:
                        store_results(store, batch, stories)
                        batch.clear()
            if on_progress and counts.read % progress_every == 0:
                on_progress(counts)
        if store is not None:
            store_results(store, batch, stories)
        spool.seek(0)
        for line in spool:
            output.write(_resolved(line, stories))
            counts.written += 1
    return counts


def _resolved(line: str, stories: StoryIndex) -> str:
    """The spooled record ``line`` with its story id resolved (re-encoded only if merged)."""
    if not stories.merged:
        return line
    record = json.loads(line)
    story = stories.resolve(record.get("story_id"))
    if story == record.get("story_id"):
        return line
    record["story_id"] = story
    return json.dumps(record, ensure_ascii=False) + "\n"


def store_results(store: Store, results: list[EnrichResult], stories: StoryIndex) -> None:
    """Store the enriched articles that have a URL (``persist.store_articles``);
    ``stories`` is the index that assigned them."""
    articles = [r.article for r in results if r.article is not None and r.article.url]
    for article in articles:
        article.canonical_url = article.canonical_url or article.url
    store_articles(store, stories, articles)
