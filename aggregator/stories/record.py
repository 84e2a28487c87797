"""The packed record of one indexed article: what the index keeps of it, as bytes.

An article is kept as one ``bytes`` object (a few hundred bytes against kilobytes for
sets and dicts): a header (``HEAD``: story number, day interval, seen day, URL hash, body
norm, lead weight, entity weight, flags, then the lengths of the key sections), the
sorted 32-bit keys of each section (``SECTIONS``), the counts of its top body stems, the
block of its evidence for the fitted policy (``aggregator.stories.pairs``; an empty block
when the index runs without it), and its MinHash signature. The scoring policy reads a record in place
(``aggregator.stories.scoring``); ``Record.unpack`` reads it whole (``save``, tests).
"""

from __future__ import annotations

import math
import struct
from array import array
from functools import lru_cache
from itertools import repeat

import numpy as np

from aggregator.stories.days import NO_DAY
from aggregator.stories.minhash import NUM_PERM
from aggregator.stories.pairs import Member, empty_block
from aggregator.stories.query import Query

HEAD = struct.Struct("<iiiiqfffB8H")
SECTIONS = ("strong", "weak", "nums", "dates", "lead", "rounded", "headline", "words")
#: Flag: the article reports a reaction to an event (condolences, congratulations).
REACTION = 1
_STORY = struct.Struct("<i")  # the header's first field
_DAYS = struct.Struct("<iii")  # the header's first three: story, first day, last day


def pack(story: int, q: Query, top_words: int) -> bytes:
    """The record of the article ``q`` in story number ``story``, with its ``top_words``
    weightiest body stems (by TF-IDF). A query placed without its stems (``Query.place``)
    gives a record without them: no lead, rounded, headline or body-stem keys, a norm of
    1 (what only the hand-weighted policy reads)."""
    top = sorted(q.vec, key=q.vec.get, reverse=True)[:top_words]
    counts = bytes(map(min, map(q.counts.__getitem__, top), repeat(255)))
    norm = math.sqrt(sum(map(pow, map(q.vec.__getitem__, top), repeat(2)))) or 1.0
    stems = ((sorted(q.lead), sorted(q.rounded), sorted(q.headline)) if q.stems
             else ([], [], []))
    sections = [sorted(q.strong), sorted(q.weak), sorted(q.nums), sorted(q.dates),
                *stems, top]
    head = HEAD.pack(story, NO_DAY if q.lo is None else q.lo,
                     NO_DAY if q.hi is None else q.hi, q.seen, q.url, norm,
                     q.lead_w, q.ent_w, REACTION * q.reaction,
                     *(len(s) for s in sections))
    keys = array("I", [k for s in sections for k in s]).tobytes()
    block = q.evidence.pack() if q.evidence is not None else _EMPTY_BLOCK
    return head + keys + counts + block + q.minhash_bytes


_EMPTY_BLOCK = empty_block()


def evidence_offset(record: bytes) -> int:
    """Where the record's evidence block starts (``aggregator.stories.pairs.Member``)."""
    lengths = HEAD.unpack_from(record)[9:]
    return HEAD.size + 4 * sum(lengths) + lengths[-1]


@lru_cache(maxsize=4096)
def member_of(record: bytes) -> Member:
    """The record's evidence block read back, memoised: the members of a live story are
    judged again for every new candidate article, and a record never changes (a
    renumbered one is a new ``bytes``). Keyed by the record itself, whose hash ``bytes``
    computes once. 4,096 members (about 7 KB each, 28 MB at most) answer 86% of the
    look-ups of the synthetic stream (8,192: 87%; 1,024: 70%)."""
    return Member.unpack(record, evidence_offset(record))


def story_of(record: bytes) -> int:
    """The story number a record was filed under (its story may since have merged)."""
    return _STORY.unpack_from(record)[0]


def days_of(record: bytes) -> tuple[int, int | None, int | None]:
    """(story number, first day, last day) of a record; days None when undated."""
    story, lo, hi = _DAYS.unpack_from(record)
    return story, None if lo == NO_DAY else lo, None if hi == NO_DAY else hi


#: (story number, first day, last day) of a record as stored: ``NO_DAY`` when undated
#: (``days_of`` without the conversion: for the index's candidate loop, one C call).
raw_days_of = _DAYS.unpack_from


def url_hash_of(record: bytes) -> int:
    """The ``url_key`` of the record's canonical URL (0 when it had none)."""
    return HEAD.unpack_from(record)[4]


def signature_of(record: bytes) -> bytes:
    """The record's MinHash signature (``NUM_PERM`` uint32 values as bytes)."""
    return record[-4 * NUM_PERM:]


def renumbered(record: bytes, shift: int) -> bytes:
    """The record with its story number ``shift`` lower (story slots dropped before it)."""
    out = bytearray(record)
    _STORY.pack_into(out, 0, _STORY.unpack_from(out)[0] - shift)
    return bytes(out)


class Record:
    """One record unpacked: the header fields, a set of keys per section, the top stems
    with their counts (``words``) and the signature."""

    __slots__ = ("story", "lo", "hi", "seen", "url", "norm", "lead_w", "ent_w", "flags",
                 "strong", "weak", "nums", "dates", "lead", "rounded", "headline", "words",
                 "minhash")

    @classmethod
    def unpack(cls, blob: bytes) -> "Record":
        doc = cls()
        (doc.story, lo, hi, doc.seen, doc.url, doc.norm, doc.lead_w, doc.ent_w, doc.flags,
         *lengths) = HEAD.unpack_from(blob)
        doc.lo = None if lo == NO_DAY else lo
        doc.hi = None if hi == NO_DAY else hi
        keys = array("I")
        offset = HEAD.size + 4 * sum(lengths)
        keys.frombytes(blob[HEAD.size:offset])
        start = 0
        for name, length in zip(SECTIONS[:-1], lengths):
            setattr(doc, name, set(keys[start:start + length]))
            start += length
        doc.words = dict(zip(keys[start:], blob[offset:offset + lengths[-1]]))
        doc.minhash = np.frombuffer(blob, np.uint32, NUM_PERM, len(blob) - 4 * NUM_PERM)
        return doc

    @property
    def reaction(self) -> bool:
        return bool(self.flags & REACTION)
