"""The shortcuts of the fitted story matcher decide as the full computation does."""

from __future__ import annotations

import copy
import re

from aggregator.stories import record
from aggregator.stories.days import day_interval, seen_day
from aggregator.stories.eventdays import NUMERIC_DATE
from aggregator.stories.evaluation import load_items
from aggregator.stories.evidence import _CLOCK
from aggregator.stories.features import features
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import Member


def _complete_linkage(policy, q, members: list[bytes]) -> float:
    """The story score by the definition: every member's probability, the lowest."""
    x = policy.rows(q, members)
    return 0.0 if x is None else float(policy.model.probability(x).min())


def test_first_member_probe_decides_as_complete_linkage(eval_dev):
    """``story_score`` settles a story on its first member when that one is below the
    threshold; on the dev stream every story is joinable exactly when the full complete
    linkage says so, with the same score when it is."""
    index = StoryIndex()
    policy = index.policy
    settled_early = joinable = 0
    for item in load_items(eval_dev)[:200]:
        a = copy.copy(item.article)
        q = index._query(features(a.title, "\n".join(filter(None, [a.lead, a.body]))),
                         day_interval(a), seen_day(a), a.canonical_url or a.url or "",
                         evidence=index._evidence(a))
        for members in index._candidates(q).values():
            full = _complete_linkage(policy, q, members)
            fast = policy.story_score(q, members)
            assert (fast >= policy.threshold) == (full >= policy.threshold)
            if full >= policy.threshold:
                assert fast == full
                joinable += 1
            elif fast != full:
                settled_early += 1
        index.assign(a)
    assert joinable and settled_early  # both paths ran


def test_memoised_members_are_the_unpacked_blocks(eval_dev):
    index = StoryIndex()
    for item in load_items(eval_dev)[:30]:
        index.assign(copy.copy(item.article))
    for blob in index.docs.values():
        cached, fresh = record.member_of(blob), Member.unpack(blob, record.evidence_offset(blob))
        assert cached is record.member_of(blob)
        assert {s: getattr(cached, s) for s in Member.__slots__} == \
            {s: getattr(fresh, s) for s in Member.__slots__}


def test_date_and_clock_patterns_match_as_without_the_lookahead(eval_dev):
    texts = [it.article.body or "" for it in load_items(eval_dev)]
    texts.append("Встреча 05.07.2024 в 15:30, а не 123.45.2024 и не 1:234; 9/7/2025.")
    for pattern in (NUMERIC_DATE, _CLOCK):
        plain = re.compile(pattern.pattern.removeprefix(r"(?=\d)"))
        assert plain.pattern != pattern.pattern
        for text in texts:
            assert pattern.findall(text) == plain.findall(text)
            assert [m.span() for m in pattern.finditer(text)] == \
                [m.span() for m in plain.finditer(text)]
    assert len(NUMERIC_DATE.findall(texts[-1])) == 2 and len(_CLOCK.findall(texts[-1])) == 1


def test_prepared_groups_decide_as_article_by_article(eval_dev):
    """``prepare`` computes a group's features and evidence ahead of ``assign``: the same
    stories as assigning each article from scratch; an article it was not given (or one
    assigned twice, by its URL) still gets its story."""
    items = load_items(eval_dev)[:120]
    plain, ahead = StoryIndex(), StoryIndex()
    plain_ids = [plain.assign(copy.copy(item.article)) for item in items]
    ahead_ids = []
    for start in range(0, len(items), 25):
        group = [copy.copy(item.article) for item in items[start:start + 25]]
        ahead.prepare(group[:-1])  # the group's last article is left to ``assign``
        ahead_ids += [ahead.assign(a) for a in group]
    assert ahead_ids == plain_ids
    assert len(set(plain_ids)) < len(plain_ids)  # some articles joined a story
    assert ahead._ahead == {}  # nothing prepared is left behind
    again = copy.copy(items[0].article)
    ahead.prepare([again])
    assert ahead.assign(again) == plain_ids[0] and ahead._ahead == {}
