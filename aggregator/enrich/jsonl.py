"""``aggregator enrich``: the processing chain without Scrapy, over JSON Lines records.

Input fields (all optional): url, source, title, text, html, date, tz, fetched_at.
Output: the input record plus published_at, published_local, date_precision, lang,
countries, primary_country, entities ({type, name, mentions} each), canonical_url,
story_id — the same values a crawl stores. A record with ``html`` also gets what was
extracted from the page, for each field the record lacked: ``title``, ``lead``, ``text``
(the body), ``authors``, ``image_url``, ``date_raw`` (the date text chosen, as the page
wrote it) and the layer each came from (``title_layer``, ``body_layer``, ``date_layer``:
``EXTRACTED_FIELDS``).

Files assembled by hand hold anything: a line that is not UTF-8 or not JSON, a field of
the wrong type (strings expected; ``date`` may also be epoch seconds), a ``url`` that is
not http(s), an unknown ``tz``, a page over the extraction bounds. Such a line is
skipped with its number and the reason, and the rest is processed; lone surrogates are
replaced by U+FFFD and a UTF-8 BOM before the first line is ignored. Whatever stops the
run, the records processed so far are written (``enrich``).
"""

from __future__ import annotations

import gc
import json
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import IO, Callable, Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.enrich.step_groups import Pending, groups, run_steps
from aggregator.enrich.steps import StepContext
from aggregator.extract.bounds import MAX_BODY_CHARS, MAX_TITLE_CHARS, cap_text
from aggregator.extract.layers import article_from_html
from aggregator.extract.safe_urls import is_http_url
from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.enrich.persist import store_articles
from aggregator.store import Store
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import next_doc, recluster, restory

OUTPUT_FIELDS = (
    "published_at", "published_local", "date_precision", "lang", "countries",
    "primary_country", "entities", "canonical_url", "story_id",
)
#: What a record with ``html`` gets from the page (output name: Article field), each only
#: where the input record lacked it, and the layers that say where each came from.
EXTRACTED_FIELDS = {"title": "title", "lead": "lead", "text": "body", "authors": "authors",
                    "image_url": "image_url", "date_raw": "date_raw"}
EXTRACTED_LAYERS = ("title_layer", "body_layer", "date_layer")
#: What a record shows of each entity (the step also keeps aliases and evidence).
ENTITY_FIELDS = ("type", "name", "mentions")


def extracted(record: dict, data: dict) -> dict:
    """What the page of a record with ``html`` gave, for the fields the record lacked."""
    if not record.get("html"):
        return {}
    found = {name: data[field] for name, field in EXTRACTED_FIELDS.items()
             if record.get(name) in (None, "") and data.get(field) not in (None, "", [])}
    return {**found, **{layer: data[layer] for layer in EXTRACTED_LAYERS if data.get(layer)}}


class RecordError(ValueError):
    """A record that cannot be processed (not JSON, not an object, bad field)."""


#: the input fields and the JSON types each may have (null always may)
FIELD_TYPES = {"url": (str,), "source": (str,), "title": (str,), "text": (str,), "html": (str,),
               "date": (str, int, float), "tz": (str,), "fetched_at": (str,)}
_JSON_TYPES = {dict: "an object", list: "a list", bool: "a boolean", int: "a number",
               float: "a number", str: "a string"}
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-/]{1,64}")


def check_record(record: object) -> dict:
    """``record`` if it is a JSON object whose fields have the types ``FIELD_TYPES``
    allows, its ``url`` http(s) and its ``tz`` a known zone; else ``RecordError``."""
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, not {_JSON_TYPES.get(type(record), 'null')}")
    for name, types in FIELD_TYPES.items():
        value = record.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, types)):
            expected = " or ".join(dict.fromkeys(_JSON_TYPES[t] for t in types))
            raise RecordError(f"field {name!r} must be {expected}, not "
                              f"{_JSON_TYPES.get(type(value), type(value).__name__)}")
    url = record.get("url")
    if url and not is_http_url(url):
        raise RecordError(f"url is not an http(s) URL: {url[:200]!r}")
    if record.get("tz"):
        _check_zone(record["tz"])
    return record


def _check_zone(name: str) -> None:
    if not _ZONE_NAME.fullmatch(name):
        raise RecordError(f"tz is not a time zone name: {name[:64]!r}")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise RecordError(f"tz is not a known time zone: {name!r}") from exc


#: what the line of a record that holds a lone surrogate has: an escape or the code point
#: (two searches: each starts with one literal or class, which re skips to, where their
#: alternation was tried at every character)
_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_line(line: str | bytes, number: int) -> dict:
    """The record on input line ``number`` (bytes are decoded as UTF-8; a BOM before the
    first line is dropped, lone surrogates become U+FFFD); ``RecordError`` if unusable."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at "
                              f"column {exc.start + 1})") from exc
    if number == 1:
        line = line.removeprefix("\ufeff")
    try:
        record = json.loads(line)
    except RecursionError as exc:
        raise RecordError("JSON nested too deeply") from exc
    except ValueError as exc:
        raise RecordError(f"not JSON: {exc}") from exc
    if (_SURROGATE_ESCAPE.search(line) is None and _SURROGATE.search(line) is None
            and line.count("[") + line.count("{") < 100):
        return check_record(record)  # no surrogate to replace, too shallow to recurse deeply
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"): no UTF-8 can carry it
        record = json.loads(json.dumps(record, ensure_ascii=False)
                            .encode("utf-16", "surrogatepass").decode("utf-16", "replace"))
    except RecursionError as exc:
        raise RecordError("JSON nested too deeply") from exc
    return check_record(record)


@dataclass
class EnrichResult:
    """What ``enrich_lines`` yields for each input line: a record or an error."""

    line_number: int
    record: dict | None = None
    error: str | None = None
    article: Article | None = field(default=None, repr=False)


def article_from_record(record: dict, registry: dict[str, Source]) -> tuple[Article, Source | None]:
    """The Article an input record describes; ``html`` fills what the record lacks."""
    source = registry.get(record.get("source") or "")  # types: check_record
    fetched_at = _utc(record["fetched_at"]) if record.get("fetched_at") else None
    url = record.get("url") or ""
    if record.get("html"):
        article = article_from_html(record["html"], url, source, fetched_at=fetched_at)
    else:
        article = Article(url=url, fetched_at=fetched_at)
    article.source = record.get("source") or article.source
    if record.get("title"):
        article.title, article.title_layer = cap_text(record["title"], MAX_TITLE_CHARS), "input"
    if record.get("text"):
        article.body, article.body_layer = cap_text(record["text"], MAX_BODY_CHARS), "input"
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
        raise RecordError(f"fetched_at is not ISO 8601: {value[:100]!r}") from exc
    if moment.tzinfo is None:
        raise RecordError(f"fetched_at needs a UTC offset: {value!r}")
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError as exc:
        raise RecordError(f"fetched_at is out of range in UTC: {value!r}") from exc
    # isoformat, not strftime: "%Y" drops the leading zeros of years before 1000
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def enrich_lines(lines: Iterable[str], registry: dict[str, Source],
                 stories: StoryIndex | None = None) -> Iterator[EnrichResult]:
    """Enrich each JSON line; bad lines yield an error, never stop the run.

    The lines are read ``STEP_GROUP`` at a time and the steps run over each group step by
    step (``step_groups``: same results, warmer caches), then the group's story features
    are computed (``StoryIndex.prepare``); each record is then given its story and
    yielded, in input order. A record's ``story_id`` is the story its article
    joined then: a later article may bridge two stories, and ``stories.resolve`` gives
    the surviving id (``enrich`` applies it once the last line is read).
    """
    stories = stories or StoryIndex()
    for group, stopped in groups(enumerate(lines, start=1), STEP_GROUP):
        pending = []
        for number, line in group:
            if not line.strip():
                continue
            try:
                pending.append(_prepared(number, line, registry))
            except BaseException as exc:  # noqa: BLE001 -- Ctrl-C: the records before go out
                stopped = exc
                break
        ready, interrupted = run_steps(pending, _describe)
        # the story features and evidence of the group, ahead of ``assign``: warm caches
        stories.prepare([item.article for item in pending[:ready] if item.error is None])
        for item in pending[:ready]:
            yield _finished(item, stories)
        pending.clear()  # the next group is read with none of this one's articles alive
        if interrupted is not None or stopped is not None:
            raise interrupted or stopped


#: records read and run through the steps together (``step_groups``)
STEP_GROUP = 100


def _prepared(number: int, line: str, registry: dict[str, Source]) -> Pending:
    """The record of a line as an Article with its step context, or its error."""
    try:
        record = parse_line(line, number)
        article, source = article_from_record(record, registry)
    except Exception as exc:  # noqa: BLE001 -- one record's fault never ends the run
        return Pending(number, error=_describe(exc))
    return Pending(number, record, article, StepContext(source, record.get("tz") or None))


def _finished(item: Pending, stories: StoryIndex) -> EnrichResult:
    """The result of a record through the steps: stamped, given its story, its fields."""
    if item.error is not None:
        return EnrichResult(item.number, error=item.error)
    article = item.article
    try:
        article.fetched_at = article.fetched_at or datetime.now(timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        stories.assign(article)
        # the output fields only (all of ``to_dict`` for a page's extracted ones), lists
        # copied as ``to_dict`` copies them
        found = extracted(item.record, article.to_dict()) if item.record.get("html") else {}
        outputs = {k: _copied(getattr(article, k)) for k in OUTPUT_FIELDS}
        outputs["entities"] = [{k: e[k] for k in ENTITY_FIELDS} for e in outputs["entities"]]
    except Exception as exc:  # noqa: BLE001 -- one record's fault never ends the run
        return EnrichResult(item.number, error=_describe(exc))
    return EnrichResult(item.number, {**item.record, **found, **outputs}, article=article)


def _describe(exc: Exception) -> str:
    """What a skipped record's error says."""
    if isinstance(exc, RecordError):
        return str(exc)
    if isinstance(exc, (ValueError, RecursionError)):  # e.g. a page over the extraction bounds
        return f"{type(exc).__name__}: {exc}"
    return f"could not be processed ({type(exc).__name__}: {exc})"


def _copied(value):
    return list(value) if isinstance(value, list) else value


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
    ``batch_size`` articles (and a group of ``STEP_GROUP`` on their way through the
    steps) in memory, however long the input.

    Records wait in a temporary file until the last line is read, so every story id
    written names the story as it stands then (bridged stories merged). Every
    ``batch_size`` articles the stories of the batch are decided again as a whole
    (``aggregator.stories.recluster``: the online decision depends on the arrival
    order), then the batch is spooled and, with ``store``, stored, as a crawl stores
    them (their signatures too, so the stories go on in the next run). ``on_skip`` hears
    of each bad line, ``on_progress`` every ``progress_every`` lines.
    """
    stories = stories or StoryIndex(store)
    counts, batch = EnrichCounts(), []
    since = next_doc(stories)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, _young_collections_rarer():

        def flush(complete: bool) -> None:
            """Spool the batch: re-clustered and stored when ``complete`` (not when the
            run was stopped part-way)."""
            nonlocal since
            results = batch[:]
            batch.clear()
            if complete:
                restory([r.article for r in results], recluster(stories, since))
            since = next_doc(stories)
            for result in results:
                result.record["story_id"] = result.article.story_id
                spool.write(_to_json(result.record) + "\n")
            if complete and store is not None:
                store_results(store, results, stories)
            if complete:
                _settle_heap()

        try:
            for result in enrich_lines(lines, registry, stories):
                counts.read += 1
                if result.error:
                    counts.skipped += 1
                    if on_skip:
                        on_skip(result)
                else:
                    batch.append(result)
                    if len(batch) >= batch_size:
                        flush(True)
                if on_progress and counts.read % progress_every == 0:
                    on_progress(counts)
            flush(True)
        finally:
            # whatever stopped the run (an unreadable input, Ctrl-C, the database), the
            # records processed so far are written
            flush(False)
            spool.seek(0)
            for line in spool:
                output.write(_resolved(line, stories))
                counts.written += 1
            output.flush()
    return counts


#: ``json.dumps(record, ensure_ascii=False)`` without making an encoder for each record.
_to_json = json.JSONEncoder(ensure_ascii=False).encode
#: The young generation's collection threshold while ``enrich`` runs (Python's default
#: is 700): with the default the index's and the batch's growth set off a collection
#: about every ten records (543 in 5,000 bench records), 2.4 % of the chain's time; at
#: 10,000, 30 and 1.2 %. At most that many more objects wait for the collector; the
#: older generations keep their thresholds.
YOUNG_THRESHOLD = 10_000


@contextmanager
def _young_collections_rarer() -> Iterator[None]:
    """Raise the young generation's threshold for the run, then restore it."""
    saved = gc.get_threshold()
    if saved[0]:  # 0: automatic collection is off, and stays off
        gc.set_threshold(max(saved[0], YOUNG_THRESHOLD), *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


_heap_settled = False


def _settle_heap() -> None:
    """Once per process, after the first batch, when the steps have loaded their modules,
    models and tables (~130,000 objects): collect, then freeze what is left
    (``gc.freeze``), so the full collections the story index's growth sets off every few
    thousand articles no longer traverse all of it (they cost ~0.1 ms an article).
    Frozen objects are still freed when their last reference goes; only a cycle among
    them would wait for the end of the process."""
    global _heap_settled
    if not _heap_settled:
        _heap_settled = True
        gc.collect()
        gc.freeze()


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
