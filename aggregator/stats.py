"""Counts for a period: per source, per country, per country per day (and a plot of it)."""

from __future__ import annotations

from collections import defaultdict

from .search import since_moment
from .store import Store

_DAY = "substr(coalesce(a.published_at, a.published_local, a.fetched_at), 1, 10)"
_WHEN = "coalesce(a.published_at, a.published_local, a.fetched_at)"


def counts(store: Store, since: str | None = "30d") -> dict:
    """``{"sources": {name: n}, "countries": {code: n}, "stories": n, "articles": n}``."""
    start = since_moment(since) or ""
    per_source = {r[0]: r[1] for r in store.db.execute(
        f"SELECT source, count(*) FROM articles a WHERE {_WHEN} >= ? GROUP BY source ORDER BY 2 DESC", [start])}
    per_country = {r[0]: r[1] for r in store.db.execute(
        f"SELECT c.country, count(*) FROM article_countries c JOIN articles a ON a.id = c.article_id "
        f"WHERE {_WHEN} >= ? GROUP BY c.country ORDER BY 2 DESC", [start])}
    stories = store.db.execute(
        "SELECT count(*) FROM stories WHERE article_count > 0 AND coalesce(last_published_at, created_at) >= ?",
        [start]).fetchone()[0]
    return {"since": start or None, "articles": sum(per_source.values()), "stories": stories,
            "sources": per_source, "countries": per_country}


def per_country_per_day(store: Store, since: str | None = "30d") -> dict[str, dict[str, int]]:
    """``{country: {YYYY-MM-DD: articles}}`` for the period."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for day, country, n in store.db.execute(
            f"SELECT {_DAY} AS day, c.country, count(*) FROM article_countries c "
            f"JOIN articles a ON a.id = c.article_id WHERE {_WHEN} >= ? GROUP BY day, c.country ORDER BY day",
            [since_moment(since) or ""]):
        table[country][day] = n
    return dict(table)


def plot_per_country_per_day(store: Store, path: str, since: str | None = "30d") -> int:
    """Draw articles per country per day to ``path`` (PNG); returns the number of days drawn."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from datetime import date

    data = per_country_per_day(store, since)
    days = sorted({d for series in data.values() for d in series})
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    for country in sorted(data):
        series = data[country]
        ax.plot([date.fromisoformat(d) for d in days], [series.get(d, 0) for d in days],
                marker="o", markersize=3, label=country)
    ax.set_title("Articles per country per day")
    ax.set_ylabel("articles")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    if data:
        ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return len(days)
