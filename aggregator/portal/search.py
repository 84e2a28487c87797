"""Full-text search over articles (FTS5, ranked by bm25, with snippets)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import snowballstemmer

from aggregator.store import Store, fts
from aggregator.store.entities import articles_with_entities, entity_ids

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")

_CYRILLIC = re.compile("[а-яё]")
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
    """A user's words as an FTS5 query, all required.

    Each word is quoted (so '-' or ':' are not syntax). A word of four letters or more
    matches the inflected forms of its Snowball stem: ``forms(stem)`` lists the indexed
    words that are the stem plus an ending of up to three letters (FTS5 has no Russian
    stemmer, and a bare prefix query would also pull in every longer derivative, which
    is slow and noisy). Without ``forms`` the stem is used as a prefix. A word of three
    Cyrillic letters matches itself with each Russian case ending (``CASE_ENDINGS``:
    суд -> суда, судом, not судно). A trailing ``*`` asks for a prefix explicitly.
    """
    terms = []
    for word in re.findall(r"[\w*]+", text.lower()):
        bare = word.rstrip("*")
        if not bare:
            continue
        if len(bare) == 3 and not word.endswith("*") and _CYRILLIC.search(bare):
            # too short to stem (суд, газ, мэр): the word and its case forms
            terms.append("(" + " OR ".join(f'"{bare}{e}"' for e in ("", *CASE_ENDINGS)) + ")")
            continue
        if word.endswith("*") or len(bare) < 4:
            terms.append(f'"{bare}"' + ("*" if word.endswith("*") else ""))
            continue
        stem = _stem(bare)
        if len(stem) < 3:  # a two-letter stem would match unrelated words: keep the word
            terms.append(f'"{bare}"')
            continue
        if forms is None:
            terms.append(f'"{stem}"*')
            continue
        found = forms(stem) or [bare]
        terms.append("(" + " OR ".join(f'"{form}"' for form in found) + ")")
    return " AND ".join(terms)


#: Russian noun case endings a three-letter word may take (суд: суда, суду, судом, суде,
#: суды, судов, судам, судами, судах): a wider prefix would match other words (газета).
CASE_ENDINGS = tuple("а я у ю е и ы ом ем ой ей ою ов ев ам ям ах ях ами ями".split())

#: Longest inflectional ending a stem's forms may add (Russian: -ами, -ями, -ого, -ому).
MAX_ENDING = 3
MAX_FORMS = 30


def indexed_forms(store: Store):
    """A ``forms(stem)`` function over the words indexed in ``articles_fts``."""
    fts.open_vocabulary(store)

    def forms(stem: str) -> list[str]:
        return fts.terms_with_prefix(store, stem, len(stem) + MAX_ENDING, MAX_FORMS)

    return forms


def _stem(word: str) -> str:
    stemmer = _RUSSIAN if _CYRILLIC.search(word) else _ENGLISH
    return stemmer.stemWord(word) or word


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
    query they come newest first, with how often they name it.
    """
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
        return []
    return fts.search_articles(store, match, country=country, since=since, sources=source,
                               limit=limit, window=window, entity_ids=ids)
