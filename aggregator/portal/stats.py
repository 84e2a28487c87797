"""Counts for a period: per source, per country, per country per day (and a plot of it)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from aggregator.portal.search import since_moment
from aggregator.store import Store
from aggregator.store.articles import (articles_per_country, articles_per_day_and_country,
                                       articles_per_source, publication_span)
from aggregator.store.stories import live_story_count


#: The default period: this many days up to the newest article.
DEFAULT_DAYS = 30


def default_since(store: Store, days: int = DEFAULT_DAYS) -> str | None:
    """The start of the ``days`` days up to the newest publication in the database (not
    up to today: a replayed or an old database still has a period with articles); None
    for an empty database."""
    newest = publication_span(store)[1]
    if not newest:
        return None
    try:
        moment = datetime.fromisoformat(newest.replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return (moment.astimezone(timezone.utc) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def plot_path(path: str) -> Path:
    """The file a plot is written to: ``.png`` added when the name has no suffix.
    ``ValueError`` when its folder does not exist."""
    target = Path(path)
    if not target.suffix:
        target = target.with_name(target.name + ".png")
    if not target.parent.is_dir():
        raise ValueError(f"cannot write the plot to {path}: folder {target.parent} does not exist")
    return target


def counts(store: Store, since: str | None = "30d") -> dict:
    """``{"sources": {name: n}, "countries": {code: n}, "stories": n, "articles": n}``."""
    start = since_moment(since) or ""
    per_source = articles_per_source(store, start)
    per_country = articles_per_country(store, start)
    stories = live_story_count(store, start)
    return {"since": start or None, "articles": sum(per_source.values()), "stories": stories,
            "sources": per_source, "countries": per_country}


def per_country_per_day(store: Store, since: str | None = "30d") -> dict[str, dict[str, int]]:
    """``{country: {YYYY-MM-DD: articles}}`` for the period."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for day, country, n in articles_per_day_and_country(store, since_moment(since) or ""):
        table[country][day] = n
    return dict(table)


def plot_per_country_per_day(store: Store, path: str, since: str | None = "30d") -> int:
    """Draw articles per country per day to ``path`` (PNG, see ``plot_path``); returns the
    number of days drawn. An empty period gives a plot that says so, without axes.

    Days without articles count as zero, so a gap shows as a dip, not a straight line;
    periods longer than half a year are drawn per week to stay readable.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    target = plot_path(path)
    data = per_country_per_day(store, since)
    known = sorted({d for series in data.values() for d in series})
    days = _every_day(known[0], known[-1]) if known else []
    if not days:
        fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
        ax.axis("off")
        start = since_moment(since)
        ax.text(0.5, 0.5, "no articles" + (f" since {start[:10]}" if start else ""),
                ha="center", va="center", fontsize=16)
        fig.savefig(target)
        plt.close(fig)
        return 0
    step = 7 if len(days) > 183 else 1
    buckets = [days[i:i + step] for i in range(0, len(days), step)]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    for country in sorted(data):
        series = data[country]
        ax.plot([date.fromisoformat(b[0]) for b in buckets], [sum(series.get(d, 0) for d in b) for b in buckets],
                marker="o" if len(buckets) <= 60 else None, markersize=3, label=country)
    ax.set_title("Articles per country per " + ("week" if step == 7 else "day"))
    ax.set_ylabel("articles")
    ax.set_ylim(bottom=0)
    if len(days) <= 31:  # one tick per day, never fractions of one
        ax.xaxis.set_major_locator(mdates.DayLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    if data:
        ax.legend(loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return len(days)


def _every_day(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
