"""The shortcuts of the fitted story matcher decide as the full computation does."""

from __future__ import annotations

import copy
import re

import numpy as np

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


def _dev_texts(eval_dev) -> list[tuple[str, str]]:
    """(language, title + body) of every dev article, and a few written to hold numbers,
    numeric dates and clock times."""
    texts = [(it.article.lang or "ru", f"{it.article.title or ''}\n{it.article.body or ''}")
             for it in load_items(eval_dev)]
    texts += [("ru", "Встреча 05.07.2024 в 15:30: 3,5% и 17 млн, 1/2/1999, 12.2023, ٣ дня"),
              ("en", "On 5 July 2024 at 9:15 a 2.5% rise, 1,250 people; 31/12/2020.")]
    return texts


def test_numeric_date_prefilter_never_skips_a_date(eval_dev):
    """The substring test before ``NUMERIC_DATE``'s search says no only where the search
    finds nothing (every match has "." or "/" before a year of 19xx or 20xx)."""
    from aggregator.stories.evidence import _may_hold_numeric_date

    found = 0
    for _, text in _dev_texts(eval_dev):
        if NUMERIC_DATE.search(text) is not None:
            assert _may_hold_numeric_date(text)
            found += 1
    assert found >= 2 and not _may_hold_numeric_date("5 июля 2024 года, 3.5%")


def test_numbers_found_once_give_the_figures_and_dates_of_a_full_scan(eval_dev):
    """The number positions ``from_text`` reads off the token infos are the tokens that
    start with a digit; with them, ``figures`` and ``text_dates`` give what they find by
    scanning every token."""
    from aggregator.stories.evidence import (_A_NUMBER, _TOKEN, _file_token, figures,
                                             text_dates)

    with_figures = with_dates = 0
    for lang, text in _dev_texts(eval_dev):
        toks = _TOKEN.findall(text)
        table: dict = {}
        numbers = [p for p, t in enumerate(toks) if _file_token(table, t, lang) is _A_NUMBER]
        assert numbers == [p for p, t in enumerate(toks) if t[0].isdigit()]
        full = figures(toks, lang)
        assert figures(toks, lang, numbers) == full
        assert text_dates(toks, numbers) == text_dates(toks)
        with_figures += bool(full)
        with_dates += bool(text_dates(toks))
    assert with_figures >= 10 and with_dates >= 10


def test_word_table_gives_word_info_and_stays_bounded(eval_dev, monkeypatch):
    """``features`` looks its tokens up in a dict table in front of ``word_info``: the same
    infos (None for numbers and breaks), and the same features when the table is emptied
    as it fills."""
    from aggregator.stories import features as feature_module

    texts = _dev_texts(eval_dev)[:150]
    plain = [features(None, text) for _, text in texts]
    monkeypatch.setattr(feature_module, "_TABLE_SIZE", 50)
    feature_module._WORD_TABLE.clear()
    for (_, text), expected in zip(texts, plain):
        toks = feature_module.tokens(text)
        infos = feature_module._token_infos(toks)
        assert infos == [feature_module.word_info(t) if t >= "A" else None for t in toks]
        assert features(None, text) == expected
        assert len(feature_module._WORD_TABLE) <= 50 + len(toks)


def test_candidate_day_filter_keeps_what_days_compatible_keeps():
    """The candidate loop's inlined day test: of the articles sharing the query's names,
    exactly those whose days ``days.compatible`` fits with the query's are judged (dated
    and undated queries and candidates, at and just past the window's edges)."""
    from aggregator.items import Article
    from aggregator.stories.days import compatible
    from aggregator.stories.scoring import ScoringPolicy

    def article(i: int, day: int | None) -> Article:
        date = f"2025-09-{day:02d}" if day else None
        return Article(url=f"https://n{i}.kg/a", canonical_url=f"https://n{i}.kg/a", title="",
                       body=f"Абдыкалыков и Жумабеков обсудили проект {i} в Нарыне.",
                       lang="ru", published_at=f"{date}T09:00:00Z" if date else None,
                       published_local=f"{date}T12:00:00" if date else None,
                       date_precision="minute" if date else None, date_raw=date,
                       fetched_at="2025-09-20T00:00:00Z")

    index = StoryIndex(policy=ScoringPolicy())
    index.max_candidates = 10 ** 6  # every candidate whose days fit, not the heaviest few
    for i, day in enumerate([1, 3, 5, 6, 7, 9, 11, None, 13]):
        index._place(index._features(article(i, day)), day_interval(article(i, day)),
                     seen_day(article(i, day)), f"https://n{i}.kg/a", "", story=f"s{i}")
    judged_some = 0
    for day in (None, 1, 4, 7, 8, 10, 13, 16):
        a = article(100 + (day or 0), day)
        q = index._query(index._features(a), day_interval(a), seen_day(a), a.url)
        judged = {b for blobs in index._candidates(q).values() for b in blobs}
        expected = {b for b in index.docs.values()
                    if compatible(q.lo, q.hi, *record.days_of(b)[1:], index.window_days)}
        assert judged == expected
        judged_some += 0 < len(judged) < len(index.docs)
    assert judged_some >= 4  # the days did filter


def test_records_without_stems_decide_as_with_them(eval_dev):
    """Under the fitted policy the index neither weighs nor keeps the stems only the
    hand-weighted policy reads (``Query.place``'s ``stems``): the same story scores to
    the bit, the same stories online and re-clustered, the same evidence blocks, in
    smaller records; the hand-weighted policy's index keeps them."""
    from aggregator.stories.recluster import recluster
    from aggregator.stories.scoring import ScoringPolicy

    assert not StoryIndex().stems and StoryIndex(policy=ScoringPolicy()).stems
    items = load_items(eval_dev)[:200]
    lean, full = StoryIndex(), StoryIndex()
    full.stems = True
    results = []
    for index in (lean, full):
        scores = []
        score = index.policy.story_score
        index.policy.story_score = lambda q, blobs, score=score: scores.append(
            score(q, blobs)) or scores[-1]
        ids = [index.assign(copy.copy(item.article)) for item in items[:150]]
        since = max(index.docs) + 1
        ids += [index.assign(copy.copy(item.article)) for item in items[150:]]
        results.append((ids, scores, recluster(index, since)))
    assert results[0] == results[1]
    ids, scores, moved = results[0]
    assert len(set(ids)) < len(ids) and len(scores) > 100  # stories joined, scores compared
    for aid, blob in lean.docs.items():
        other = full.docs[aid]
        assert len(blob) < len(other) or not record.Record.unpack(other).words
        assert record.evidence_offset(blob) < record.evidence_offset(other) or \
            blob == other
        assert blob[record.evidence_offset(blob):] == other[record.evidence_offset(other):]
        kept = record.Record.unpack(blob)
        assert not (kept.words or kept.lead or kept.rounded or kept.headline)
        assert record.raw_days_of(blob) == record.raw_days_of(other)


def test_signatures_of_a_group_are_each_article_s(eval_dev):
    """``prepare`` computes a group's MinHash signatures in one pass: each equals the
    article's own, also for texts without shingles among them."""
    from aggregator.stories.minhash import minhash_of_hashes, minhashes_of_many

    lists = [features(None, text).shingle_hashes() for _, text in _dev_texts(eval_dev)]
    lists[3:3] = [[], []]
    lists.append([])
    assert sum(1 for h in lists if h) > 100
    for group in (lists, lists[:1], [[]], lists[2:40]):
        many = minhashes_of_many(group)
        assert len(many) == len(group)
        for hashes, signature in zip(group, many):
            assert signature.tobytes() == minhash_of_hashes(hashes).tobytes()
            assert signature.dtype == np.uint32 and signature.flags["C_CONTIGUOUS"]


class _Recording(StoryIndex):
    """An index that keeps each placed article's IDF (what the frequencies decide)."""

    CHUNK = 16  # frozen chunks (and freezes between ``prepare`` and ``assign``) early

    def __init__(self):
        super().__init__()
        self.idfs = []

    def _add(self, number, q):
        self.idfs.append(q.idf)
        super()._add(number, q)


def test_frozen_frequencies_looked_up_ahead_give_the_same_idf(eval_dev):
    """``prepare`` looks up its group's frozen document frequencies at once: every
    article's IDF (so its story) is the same as looked up one by one, whether the
    counts were still current at ``assign`` or a freeze in between made them stale."""
    items = load_items(eval_dev)[:150]
    plain, ahead = _Recording(), _Recording()
    plain_ids = [plain.assign(copy.copy(item.article)) for item in items]
    index = ahead.candidate_index
    looked_up, used = index.frequencies, {"current": 0, "stale": 0}

    def frequencies(keys, ahead=None):
        if ahead is not None:
            current = ahead.keys is keys and ahead.version == index.frozen_version
            used["current" if current else "stale"] += 1
        return looked_up(keys, ahead)

    index.frequencies = frequencies
    ahead_ids = []
    for start in range(0, len(items), 20):
        group = [copy.copy(item.article) for item in items[start:start + 20]]
        ahead.prepare(group)
        ahead_ids += [ahead.assign(a) for a in group]
    assert ahead_ids == plain_ids
    assert ahead.idfs == plain.idfs and len(plain.idfs) == len(items)
    assert used["current"] > 50 and used["stale"] > 10  # both paths ran
    assert any(any(df for df in index.frozen_counts([sorted(q)])[0].counts)
               for q in plain.idfs)  # the frozen chunks counted some keys


def test_frozen_counts_are_the_frozen_part_of_frequencies(eval_dev):
    index = _Recording()
    for item in load_items(eval_dev)[:100]:
        index.assign(copy.copy(item.article))
    keys = [sorted(idf) for idf in index.idfs[-30:]] + [[], [0, 2**32 - 1]]
    for ahead, k in zip(index.candidate_index.frozen_counts(keys), keys):
        assert ahead.keys is k
        assert np.array_equal(index.candidate_index.frequencies(k, ahead),
                              index.candidate_index.frequencies(k))
