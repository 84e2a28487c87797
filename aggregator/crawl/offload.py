"""Article extraction and the stateless steps in worker processes, off the reactor.

Extraction and the steps (~7 ms a page of the benchmark's site) are pure CPU in Python:
in a thread they share the GIL with the reactor, so a crawl ran on one core. With
``AGGREGATOR_EXTRACT_WORKERS`` > 0 the spider sends each article page to a process pool
(``PageOffload``): a worker decodes and extracts the page (``extract_page``) and runs the
longest run of step pipelines that opens ``ITEM_PIPELINES`` (``offloaded_steps``: clean,
dates, language, entities, countries, canonical by default), and marks the article with
the steps it ran (``DONE_STEPS``) so their pipelines pass it on; the stateful ones
(dedup within the run, stories, the store) stay in the crawl's process. 0 = inline, in
a thread, as before. The spiders of one process share one pool (``aggregator crawl`` of
every source runs them all at once); a worker does a first extraction when it starts,
so that imports never count against a page's time budget, and ends when its crawl is
killed.

One thing the extraction reads is the crawl's own state: how many pages of the source
showed each date text (a banner's date is the site's, not the article's). A worker gets
the texts already seen on enough pages to count (``repeated``), returns the page's date
texts, and the spider counts them; pages in the pool at the same moment do not see each
other's texts, as pages downloaded at the same moment never had an order anyway.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from twisted.internet import defer

from aggregator.enrich import steps
from aggregator.extract.bounds import PageRefused
from aggregator.extract.decode import decode_html
from aggregator.extract.layers import article_from_html
from aggregator.extract.page_dates import REPEAT_PAGES
from aggregator.items import Article
from aggregator.sources.registry import Source

#: The attribute (not a field: never stored) naming the steps a worker already ran.
DONE_STEPS = "done_steps"


def default_workers() -> int:
    """One worker per core but the one the reactor, stories and the store run on."""
    return max((os.cpu_count() or 1) - 1, 0)


@dataclass(frozen=True)
class PageJob:
    """What a worker needs of one downloaded article page."""

    body: bytes
    url: str
    charset: str | None  # from the HTTP header
    source: Source
    hints: dict
    fetched_at: str
    repeated: frozenset[str]  # date texts already on REPEAT_PAGES pages of the source
    steps: tuple[str, ...]  # names of the steps to run after extraction, in order
    entities_model: str = "fast"


@dataclass(frozen=True)
class PageResult:
    """An article (``refused`` None) or why the page was refused; the page's date texts."""

    article: Article | None
    refused: str | None
    date_texts: frozenset[str]


class _Counting(dict):
    """The seen-dates mapping a worker hands the extraction: remembers what it counts."""

    def __init__(self, repeated: frozenset[str]):
        super().__init__((text, REPEAT_PAGES) for text in repeated)
        self.counted: set[str] = set()

    def __setitem__(self, key, value):
        self.counted.add(key)
        super().__setitem__(key, value)


def extract_page(job: PageJob) -> PageResult:
    """Decode and extract ``job``'s page, then run its steps (in a worker process)."""
    seen = _Counting(job.repeated)
    try:
        html, _ = decode_html(job.body, job.charset, job.source.encoding)
        article = article_from_html(html, job.url, job.source, job.hints,
                                    fetched_at=job.fetched_at, seen_dates=seen)
    except PageRefused as exc:
        return PageResult(None, str(exc), frozenset(seen.counted))
    # an article with neither title nor body is the clean pipeline's to drop, unprocessed
    if article.title or article.body:
        context = steps.StepContext(job.source, entities_model=job.entities_model)
        by_name = {step.__name__: step for step in steps.STEPS}
        for name in job.steps:
            article = by_name[name](article, context)
        setattr(article, DONE_STEPS, frozenset(job.steps))
    return PageResult(article, None, frozenset(seen.counted))


def _start_worker(crawl: int) -> None:
    """Set up a worker of the crawl process ``crawl`` (its pid, taken there: a worker that
    starts after its crawl was killed already has another parent)."""
    # Ctrl-C reaches the whole process group: the crawl shuts down gracefully and then
    # closes the pool; a worker interrupted mid-page would only break it first
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(crawl,), daemon=True).start()
    # the lazy imports and caches of a first extraction, outside any page's time budget
    article_from_html("<html><head><title>Т</title></head><body><p>Текст.</p></body></html>",
                      "https://example.org/a")


def _exit_with_parent(parent: int) -> None:
    """End this worker once the crawl that started it is gone (a crawl killed with
    SIGKILL never closes its pool; its workers would wait for pages forever)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


class PageOffload:
    """The pool of extraction workers, one per process and shared by its spiders (a crawl
    of every source runs them all in one process); ``submit`` gives a Deferred."""

    _shared: PageOffload | None = None
    _users = 0

    def __init__(self, workers: int):
        # spawn: a fork of a process running the reactor's threads may inherit a held lock
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(os.getpid(),))

    @classmethod
    def acquire(cls, workers: int) -> PageOffload:
        """The process's pool (started with ``workers`` by its first user)."""
        if cls._shared is None:
            cls._shared = cls(workers)
        cls._users += 1
        return cls._shared

    @classmethod
    def release(cls) -> None:
        """One user done; the last one closes the pool."""
        cls._users -= 1
        if cls._users <= 0 and cls._shared is not None:
            cls._shared.pool.shutdown(wait=True, cancel_futures=True)
            cls._shared, cls._users = None, 0

    def submit(self, job: PageJob) -> defer.Deferred:
        """The ``PageResult`` of ``job``, fired in the reactor thread."""
        from twisted.internet import reactor  # the one Scrapy installed (not at import)

        deferred: defer.Deferred = defer.Deferred()

        def done(future: Future) -> None:
            error = future.exception()
            if error is not None:
                reactor.callFromThread(deferred.errback, error)
            else:
                reactor.callFromThread(deferred.callback, future.result())

        self.pool.submit(extract_page, job).add_done_callback(done)
        return deferred


def offloaded_steps(settings, step_pipelines: dict) -> tuple[str, ...]:
    """Names of the steps a worker may run: those of the step pipelines (``step_pipelines``,
    step -> class) that open the crawl's ``ITEM_PIPELINES`` in order, up to the first
    other pipeline (which must see the item as the steps before it left it)."""
    classes = {cls: step for step, cls in step_pipelines.items()}
    names = []
    for path in build_component_list(settings.getwithbase("ITEM_PIPELINES")):
        step = classes.get(load_object(path) if isinstance(path, str) else path)
        if step is None:
            break
        names.append(step.__name__)
    return tuple(names)


def done_by_worker(item: Article, step: steps.Step) -> bool:
    """Whether a worker already ran ``step`` on ``item``."""
    return step.__name__ in getattr(item, DONE_STEPS, ())
