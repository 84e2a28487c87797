"""Full-text search over articles (FTS5, ranked by bm25, with snippets)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from aggregator.portal import query
from aggregator.store import Store, fts
from aggregator.store.entities import articles_with_entities, entity_ids

_SINCE = re.compile(r"^(\d+)\s*([hdwmy])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def since_moment(value: str | None, now: datetime | None = None) -> str | None:
    """``12h``, ``7d``, ``2w``, ``3m`` (30-day months), ``1y`` or an ISO date -> UTC ISO string."""
    if not value:
        return None
    now = now or datetime.now(timezone.utc)
    match = _SINCE.match(value.strip().lower())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        days = {"m": 30, "y": 365}.get(unit)
        delta = timedelta(days=days * amount) if days else timedelta(**{_UNITS[unit]: amount})
        return (now - delta).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"--since expects 12h, 7d, 2w, 3m, 1y or an ISO date, not {value!r}") from exc
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fts_query(text: str, forms=None) -> str:
    """A user's query (the language of ``aggregator.portal.query``) as an FTS5 query.

    A word of four letters or more matches the inflected forms of its Snowball stem:
    ``forms(stem)`` lists the indexed words that are the stem plus an ending of up to
    three letters (FTS5 has no Russian stemmer, and a bare prefix query would also pull
    in every longer derivative, which is slow and noisy). Without ``forms`` the stem is
    used as a prefix. A word of three Cyrillic letters matches itself with each Russian
    case ending (``CASE_ENDINGS``: суд -> суда, судом, not судно).
    """
    return query.to_fts(text, forms)


CASE_ENDINGS = query.CASE_ENDINGS


def query_excludes_only(text: str) -> bool:
    clauses = query.parse(text)
    return bool(clauses) and all(c.negated for c in clauses)

#: Longest inflectional ending a stem's forms may add (Russian: -ами, -ями, -ого, -ому).
MAX_ENDING = 3
MAX_FORMS = 30


def indexed_forms(store: Store):
    """A ``forms(stem)`` function over the words indexed in ``articles_fts``."""
    fts.open_vocabulary(store)

    def forms(stem: str) -> list[str]:
        return fts.terms_with_prefix(store, stem, len(stem) + MAX_ENDING, MAX_FORMS)

    return forms


#: How many of the newest matches are ranked. A word found in a third of a million
#: articles would otherwise be scored a third of a million times; news readers want the
#: best of the recent matches, and FTS5 walks its postings newest first and stops here.
RANK_WINDOW = 2000


def search(store: Store, query: str, country: str | None = None, since: str | None = None,
           source: list[str] | tuple[str, ...] = (), limit: int = 20,
           window: int = RANK_WINDOW, entity: str | None = None) -> list[dict]:
    """Articles matching ``query``, best first (bm25, title weighted), with a snippet.

    Ranking covers the ``window`` newest matching articles (all of them when fewer);
    filters are applied before the window is counted. ``entity`` (a normal form or an
    alias: "Садыр Жапаров", "Жапарова") keeps the articles naming that entity; without a
    query they come newest first, with how often they name it. ``ValueError`` for a
    source the database does not know or a query that only excludes.
    """
    from aggregator.store.articles import source_names

    unknown = sorted(set(source) - source_names(store)) if source else []
    if unknown:
        raise ValueError(f"no source named {', '.join(unknown)} in the database")
    country = country.upper() if country else None
    since = since_moment(since) if since else None
    ids = entity_ids(store, entity) if entity else []
    if entity and not ids:
        return []
    if entity and not (query or "").strip():
        return [{**row, "snippet": f"{row.pop('mentions')} mention(s) of {entity}"}
                for row in articles_with_entities(store, ids, country=country, since=since,
                                                  sources=source, limit=limit)]
    match = fts_query(query, indexed_forms(store))
    if not match:
        if query.strip() and query_excludes_only(query):
            raise ValueError(f"nothing to look for in {query!r}: give a word that is not excluded")
        return []
    return fts.search_articles(store, match, country=country, since=since, sources=source,
                               limit=limit, window=window, entity_ids=ids)
