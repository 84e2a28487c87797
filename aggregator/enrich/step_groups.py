"""The processing steps over a group of records, each step over all of them before the next.

``aggregator enrich`` runs ``steps.STEPS`` this way (``jsonl.enrich_lines``): while one
step runs over the group, its code and tables stay in the CPU's caches, where running
every step for one record and then for the next evicted them each time (on the bench
corpus ~0.4 ms an article, 15 % of the chain, of which the language model's scoring
alone ran six times slower than with warm caches). Each step is a function of one article
and its context, so every record gets what ``process_article`` gives it; the records
still leave in input order, one by one.

A run stopped part-way (Ctrl-C) still writes every record a record-by-record run would
have finished: the records before the one being processed get their remaining steps
first (``run_steps``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, TypeVar

from aggregator.enrich import steps
from aggregator.items import Article

T = TypeVar("T")


@dataclass
class Pending:
    """One input record on its way through the steps (or the error that stopped it)."""

    number: int  # its line number
    record: dict | None = None
    article: Article | None = None
    context: steps.StepContext | None = None
    error: str | None = None


def groups(items: Iterator[T], size: int) -> Iterator[tuple[list[T], BaseException | None]]:
    """``items`` in lists of up to ``size``; what stops the reading (an unreadable input,
    Ctrl-C) ends the last list and comes with it, to be raised once its records are out."""
    group: list[T] = []
    while True:
        try:
            item = next(items)
        except StopIteration:
            if group:
                yield group, None
            return
        except BaseException as exc:  # noqa: BLE001 -- raised again by the caller
            yield group, exc
            return
        group.append(item)
        if len(group) == size:
            yield group, None
            group = []


def run_steps(pending: list[Pending], describe: Callable[[Exception], str]
              ) -> tuple[int, BaseException | None]:
    """Run ``steps.STEPS`` over ``pending``, step by step; a record whose step raises gets
    ``describe(exc)`` as its error and no further step. Returns how many of ``pending``
    are ready and what stopped the run, if anything did (then the records before the one
    it stopped at are finished, the others dropped)."""
    chain = steps.STEPS  # read now: benchmarks and tests replace it
    for k, step in enumerate(chain):
        for i, item in enumerate(pending):
            if item.error is not None:
                continue
            try:
                item.article = step(item.article, item.context)
            except Exception as exc:  # noqa: BLE001 -- one record's fault never ends the run
                item.error = describe(exc)
            except BaseException as exc:  # noqa: BLE001 -- raised again by the caller
                for done in pending[:i]:
                    _finish(done, chain[k + 1:], describe)
                return i, exc
    return len(pending), None


def _finish(item: Pending, rest: tuple, describe: Callable[[Exception], str]) -> None:
    for step in rest:
        if item.error is not None:
            return
        try:
            item.article = step(item.article, item.context)
        except Exception as exc:  # noqa: BLE001
            item.error = describe(exc)
