"""Story signatures between runs: the ``story_signatures`` rows and their key JSON.

``StoryIndex`` saves what it needs to place tomorrow's articles (day interval, seen day,
MinHash signature, the article's ``Features`` and its ``ArticleEvidence`` as JSON) once the store has given the
article a row id, and loads the recent window of them when a run starts. The SQL is the
store's (``aggregator.store.signatures``, ``aggregator.store.articles``); this module turns
its rows into what the index needs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

import numpy as np

from aggregator.items import Article
from aggregator.store import articles as stored_articles
from aggregator.store import signatures as stored_signatures
from aggregator.stories import record
from aggregator.stories.eventdays import Day
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.features import Features
from aggregator.stories.minhash import NUM_PERM

if TYPE_CHECKING:  # pragma: no cover
    from aggregator.store import Store


class Signature(NamedTuple):
    """A saved article as the index loads it."""

    story_id: str
    interval: tuple[int, int] | None
    seen_day: int
    minhash: np.ndarray | None  # None: saved with another MinHash scheme
    features: Features
    url: str
    evidence: ArticleEvidence | None  # None: saved before the fitted matcher


def evidence_json(ev: ArticleEvidence) -> dict:
    """The evidence the fitted policy needs again (days as ``Day.code``)."""
    return {"g": ev.lang, "m": ev.lemmas, "hd": sorted(ev.head), "k": sorted(ev.names),
            "fg": sorted(ev.figures), "td": [d.code() for d in ev.dates],
            "dy": ev.day.code() if ev.day else 0, "ds": int(ev.day_is_standin),
            "rx": int(ev.reaction), "fu": round(ev.future, 3), "hv": int(ev.has_verbs)}


def evidence_from_json(data: dict | None) -> ArticleEvidence | None:
    if not data:
        return None
    return ArticleEvidence(
        lang=data.get("g", "ru"), lemmas=dict(data.get("m", {})), head=set(data.get("hd", ())),
        names=set(data.get("k", ())), figures=set(data.get("fg", ())),
        dates=[d for c in data.get("td", ()) if (d := Day.from_code(c))],
        day=Day.from_code(data.get("dy", 0)), day_is_standin=bool(data.get("ds")),
        reaction=bool(data.get("rx")), future=float(data.get("fu", 0.0)),
        has_verbs=bool(data.get("hv")))


def keys_json(feats: Features, evidence: ArticleEvidence | None = None) -> str:
    """The features (and evidence, when computed) the index needs again, as the ``keys``
    JSON of a signature row."""
    data = {"e": sorted(feats.entities), "x": sorted(feats.weak),
            "n": sorted(feats.numbers), "d": sorted(feats.dates),
            "t": sorted(feats.title), "l": sorted(feats.lead),
            "w": feats.words, "h": sorted(feats.headline_numbers),
            "r": int(feats.reaction)}
    if evidence is not None:
        data["ev"] = evidence_json(evidence)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def features_from_keys(text: str) -> Features:
    """``Features`` from a signature's ``keys`` JSON (rows saved before a key kind
    existed get it empty; a missing lead is the title's stems)."""
    return features_from_data(json.loads(text))


def features_from_data(data: dict) -> Features:
    """``features_from_keys`` of the parsed JSON."""
    return Features(entities=set(data.get("e", ())), weak=set(data.get("x", ())),
                    numbers=set(data.get("n", ())), dates=set(data.get("d", ())),
                    title=set(data.get("t", ())), lead=set(data.get("l", data.get("t", ()))),
                    words=dict(data.get("w", {})),
                    headline_numbers=set(data.get("h", ())),
                    reaction=bool(data.get("r")))


def load_signatures(store: "Store", keep_days: int) -> list[Signature]:
    """The saved signatures of the last ``keep_days`` days before the newest, in the
    order the articles were stored."""
    rows = stored_signatures.recent_signatures(store, keep_days)
    out = []
    for _, story, lo, hi, seen, mh, keys, url in rows:
        data = json.loads(keys)
        out.append(Signature(
            story, (lo, hi) if lo is not None else None, seen,
            np.frombuffer(mh, np.uint32) if mh and len(mh) == NUM_PERM * 4 else None,
            features_from_data(data), url or "", evidence_from_json(data.get("ev"))))
    return out


def stored_story(store: "Store", url: str) -> str | None:
    """The story id stored for the article with canonical URL ``url``, if any."""
    return stored_articles.story_of_url(store, url) or None


def row_ids(store: "Store", articles: Iterable[Article]) -> dict[str, int]:
    """The row id of each stored article, by canonical URL."""
    return stored_articles.article_ids(store, (a.canonical_url for a in articles))


def signature_rows(store: "Store", articles: Iterable[Article],
                   pending: dict[int, tuple[Article, bytes, Features, ArticleEvidence | None]],
                   resolve: Callable[[str | None], str | None]) -> tuple[list[dict], set[str]]:
    """The signature rows of ``articles`` that were assigned (``pending``: by index
    document, the article, its record, features and evidence; the entries turned into
    rows are removed) and that the store has given a row id, and their story ids
    (``resolve``: a merged story's surviving id)."""
    touched: set[str] = set()
    rows = []
    by_article = {id(a): aid for aid, (a, _, _, _) in pending.items()}
    articles = list(articles)
    ids = row_ids(store, articles)
    for article in articles:
        aid = by_article.get(id(article))
        row_id = ids.get(article.canonical_url)
        if aid is None or row_id is None:
            continue
        _, blob, feats, evidence = pending.pop(aid)
        doc = record.Record.unpack(blob)
        story = resolve(article.story_id)
        rows.append({
            "article_id": row_id, "story_id": story,
            "published_at": article.published_at or article.published_local,
            "day_lo": doc.lo, "day_hi": doc.hi, "seen_day": doc.seen,
            "minhash": doc.minhash.tobytes(), "keys": keys_json(feats, evidence),
        })
        touched.add(story)
    return rows, touched


def save_signatures(store: "Store", rows: list[dict],
                    merges: Iterable[tuple[str, str]]) -> None:
    """Upsert signature ``rows`` and re-point the articles and signatures of each merged
    story (old id, surviving id), in one transaction."""
    stored_signatures.save_signatures(store, rows, merges)
