"""Typed entities as story evidence: people, organisations and places in their normal forms.

The enrich chain runs the entity extractor (``aggregator.entities``) before the story step,
so ``article.entities`` holds each person, organisation and place once, with its normal
form (nominative; a known person under one spelling across scripts) and its number of
mentions. ``typed_entities`` turns them into keys the story evidence compares:

- ``"P:" + skeleton(surname)`` for a person: the consonant skeleton of the last word of the
  name (``aggregator.entities.names.skeleton``), so "Садыр Жапаров", "Жапарова" and
  "Japarov" agree, and so does a lone surname in one article with the full name in
  another (the extractor joins them only within one article);
- ``"O:"`` / ``"L:"`` + the skeleton of the whole name for an organisation or a place.

``entity_features`` compares a new article's keys (``pairs.EvidenceKeys``, weighed by the
window IDF) with an indexed member's (``pairs.Member``): the values of ``ENTITY_FEATURES``.
They are computed only when a model names one (``FittedPolicy.uses_entities``): the
evidence of a model that does not carries no entity keys, and its rows do not grow.
"""

from __future__ import annotations

from aggregator.entities.names import skeleton

#: The features ``entity_features`` computes, in the order of its values (the tail of
#: ``pairs.FEATURE_NAMES``).
ENTITY_FEATURES = (
    "per_idf",        # IDF-weighted overlap coefficient of the people (surname skeletons)
    "org_idf",        # the same for the organisations
    "loc_idf",        # the same for the places
    "ents_idf",       # the same over all three types together
    "people_main",    # the share of each side's main people (top mentions) the other
                      # names (the lower of the two sides)
    "person_differs", # both name people, and each side's most-mentioned person is absent
                      # from the other
)
#: People counted as a side's main ones: the most-mentioned, at most this many.
MAIN_PEOPLE = 3
_TYPE_PREFIX = {"PER": "P:", "ORG": "O:", "LOC": "L:"}


def entity_key(entity_type: str, name: str) -> str | None:
    """The key of one extracted entity (see the module docstring); None for an unknown type
    or a name without letters."""
    prefix = _TYPE_PREFIX.get(entity_type)
    if prefix is None:
        return None
    if entity_type == "PER":
        name = name.replace("-", " ").split()[-1] if name.split() else ""
    key = skeleton(name)
    return prefix + key if key.strip() else None


def typed_entities(entities: list[dict] | None) -> dict[str, int]:
    """Key -> mentions of an article's ``entities`` (as the enrich chain writes them), the
    most-mentioned first (ties in order of first mention); entities that meet on one key
    (two people of one surname) add up."""
    out: dict[str, int] = {}
    for e in entities or ():
        key = entity_key(e.get("type", ""), e.get("name") or "")
        if key is not None:
            out[key] = out.get(key, 0) + int(e.get("mentions") or 1)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))  # stable: first mention breaks ties


def _overlap(q_keys, m_keys, idf: dict[int, float], q_w: float, m_w: float) -> float:
    """IDF-weighted overlap coefficient: the IDF of the shared keys over the smaller side's
    total (capped at 1; 0 when either side has none)."""
    if not (q_w and m_w):
        return 0.0
    shared = sum(idf[k] for k in q_keys if k in m_keys)
    return min(shared / min(q_w, m_w), 1.0)


def _main(people: dict[int, int]) -> list[int]:
    """A side's main people: those with the most mentions, at most ``MAIN_PEOPLE``
    (``people`` is ordered most-mentioned first)."""
    if not people:
        return []
    top = next(iter(people.values()))
    return [k for k, c in list(people.items())[:MAIN_PEOPLE] if c * 2 >= top]


def entity_features(q, idf: dict[int, float], m) -> list[float]:
    """The ``ENTITY_FEATURES`` of a new article (``q``: ``EvidenceKeys`` weighed by the
    window's ``idf``) against an indexed one (``m``: ``Member``)."""
    per = _overlap(q.per, m.per, idf, q.per_w, m.per_w)
    org = _overlap(q.org, m.org, idf, q.org_w, m.org_w)
    loc = _overlap(q.loc, m.loc, idf, q.loc_w, m.loc_w)
    q_all, m_all = q.per_w + q.org_w + q.loc_w, m.per_w + m.org_w + m.loc_w
    if q_all and m_all:
        shared = (sum(idf[k] for k in q.per if k in m.per)
                  + sum(idf[k] for k in q.org if k in m.org)
                  + sum(idf[k] for k in q.loc if k in m.loc))
        every = min(shared / min(q_all, m_all), 1.0)
    else:
        every = 0.0
    main = differs = 0.0
    if q.per and m.per:
        q_main, m_main = _main(q.per), _main(m.per)
        main = min(sum(k in m.per for k in q_main) / len(q_main),
                   sum(k in q.per for k in m_main) / len(m_main))
        differs = float(q_main[0] not in m.per and m_main[0] not in q.per)
    return [per, org, loc, every, main, differs]
