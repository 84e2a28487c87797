"""Cross-script name keys reach the re-clustering: a record keeps its names' scripts, and
the batch neighbour search looks them up in the other script (issue 17)."""

from __future__ import annotations

import copy

import pytest

from aggregator.stories import record as records
from aggregator.stories import recluster
from aggregator.stories.evaluation import load_items, ordered
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import BLOCK, OTHER_SCRIPT, SCRIPTS, Member, cross_keys
from aggregator.stories.recluster import _neighbours_of_batch, _WindowIdf


@pytest.fixture(scope="module")
def dev_index(eval_dev):
    """The dev stream indexed in date order with the cross-script keys on; the labelled
    story of each document."""
    index = StoryIndex()
    index.CROSS_SCRIPT_KEYS = True
    index.CHUNK = 100  # both the frozen and the open part are searched
    story = {}
    for item in ordered(load_items(eval_dev), "date"):
        index.assign(copy.copy(item.article))
        story[max(index.docs)] = item.cluster
    return index, story


def _scripts(index, doc) -> set[int]:
    return set(records.member_of(index.docs[doc]).name_scripts.values())


def _cross_pairs(index, story) -> list[tuple[int, int]]:
    """(earlier, later) documents of one labelled story sharing two or more name keys,
    one or more of them written in Cyrillic in one and in Latin letters in the other."""
    scripts = {d: records.member_of(index.docs[d]).name_scripts for d in index.docs}
    out = []
    for b in index.docs:
        for a in index.docs:
            shared = scripts[a].keys() & scripts[b].keys()
            if (a < b and story[a] == story[b] and len(shared) >= 2
                    and any(scripts[a][n] != scripts[b][n] for n in shared)):
                out.append((a, b))
    return out


def _met(index, pairs) -> int:
    """How many of the later documents find the earlier among their batch neighbours."""
    later = sorted({b for _, b in pairs})
    neighbours = _neighbours_of_batch(index, later, _WindowIdf(index))
    return sum(a in neighbours[b] for a, b in pairs)


def test_cyrillic_and_latin_reports_meet_in_the_batch_neighbour_search(dev_index, monkeypatch):
    index, story = dev_index
    pairs = _cross_pairs(index, story)
    assert len(pairs) >= 5
    # the later report's cross-script lookups find the earlier one in the index
    for a, b in pairs:
        found = {d for k in records.cross_lookup_of(index.docs[b])
                 for d in index.candidate_index.documents(k)}
        assert a in found
    with_cross = _met(index, pairs)
    monkeypatch.setattr(recluster.records, "cross_lookup_of", lambda blob: {})
    without = _met(index, pairs)
    assert with_cross > without


def test_same_script_articles_share_no_cross_script_keys(dev_index):
    index, _ = dev_index
    by_script: dict[int, list[int]] = {1: [], 2: []}
    for d in index.docs:
        if len(s := _scripts(index, d)) == 1:
            by_script[s.pop()].append(d)
    assert by_script[1] and by_script[2]
    for docs in by_script.values():
        filed = {k for d in docs
                 for k in cross_keys(records.member_of(index.docs[d]).name_scripts)[0]}
        looked_up = {k for d in docs for k in records.cross_lookup_of(index.docs[d])}
        assert filed and looked_up and not filed & looked_up
    # whatever a lookup finds wrote that very name in the other script
    for d in list(index.docs)[:80]:
        mine = records.member_of(index.docs[d]).name_scripts
        for key, name in records.cross_lookup_of(index.docs[d]).items():
            for other in index.candidate_index.documents(key):
                theirs = records.member_of(index.docs[other]).name_scripts
                assert theirs[name] == OTHER_SCRIPT[mine[name]]


def test_a_record_packed_without_scripts_reads_as_none(dev_index):
    index, _ = dev_index
    blob = next(b for b in index.docs.values() if records.member_of(b).name_scripts)
    offset = records.evidence_offset(blob)
    flags_at = offset + 4  # the block's day code (I), then its flags (B)
    old = bytearray(blob)
    old[flags_at] &= ~SCRIPTS & 0xFF
    member, now = Member.unpack(bytes(old), offset), records.member_of(blob)
    assert BLOCK.unpack_from(bytes(old), offset)[1] & SCRIPTS == 0
    assert member.name_scripts == {} and member.names == now.names
    assert member.figures == now.figures and member.dates == now.dates
