"""Candidate keys from the article's named people and organisations (an experiment).

Independent rewrites of one event share little wording, and across scripts they share no
stem, no 5-letter name prefix (``features``) and no LSH band; what they do share is who
acted. The entity step (``aggregator.entities``) runs before the story step and leaves
``article.entities`` (type, normal form, mentions) on the article. A person is keyed by
``names.person_key`` of the surname (the last word of the normal form): case endings and
transliterations agree ("Жапарова", "Japarov"), and a lone surname meets the full name; an
organisation by ``names.skeleton`` of its whole normal form. Places are left out: a
country or a capital is named by half the window and finds nothing an event's people do
not.

``StoryIndex.CANDIDATE_KEYS`` says how the index uses the keys (``index``): not at all
(``shipped``), beside the other index keys (``entities``), or only for an article whose
other keys find no story to judge (``entities_fallback``).
"""

from __future__ import annotations

import zlib
from functools import lru_cache

from aggregator.entities.names import person_key, skeleton

#: Types keyed and their key prefixes (distinct from ``query``'s "e:", "n:", "w:").
_PREFIX = {"PER": "p:", "ORG": "o:"}


@lru_cache(maxsize=65_536)  # an event's people recur across its reports
def _key(kind: str, name: str) -> int | None:
    if kind == "PER":
        surname = name.split()[-1] if name.split() else ""
        value = person_key(surname) if len(surname) >= 3 else ""
    else:
        value = skeleton(name) if len(name) >= 3 else ""
    if not value.strip():
        return None
    return zlib.crc32((_PREFIX[kind] + value).encode("utf-8"))


def entity_keys(entities: list[dict] | None) -> frozenset[int]:
    """The 32-bit candidate keys of an article's people and organisations."""
    out = set()
    for ent in entities or ():
        kind = ent.get("type")
        if kind in _PREFIX and ent.get("name"):
            key = _key(kind, ent["name"])
            if key is not None:
                out.add(key)
    return frozenset(out)


#: How ``StoryIndex`` uses the keys (``StoryIndex.CANDIDATE_KEYS``).
CANDIDATE_KEY_MODES = ("shipped", "entities", "entities_fallback")


def filed_keys(q, mode: str) -> list[int]:
    """The keys an article is filed under: the query's index keys, and its entity keys
    unless the index runs without them."""
    keys = q.index_keys()
    return keys if mode == "shipped" or not q.ents else keys + sorted(q.ents)


def lookup_passes(q, mode: str) -> list[list[int]]:
    """The sorted key lists the index looks candidates up with, in turn, until one finds
    a story to judge: the index keys (with the entity keys, ``entities``), then, for
    ``entities_fallback``, the entity keys alone."""
    keys = q.index_keys()
    if mode == "shipped" or not q.ents:
        return [keys]
    if mode == "entities":
        return [sorted(set(keys) | q.ents)]
    return [keys, sorted(q.ents)]
