"""The nested CV counts a validation article's join into a training story (the window of
other families) as a false merge: the pairwise figure over validation pairs alone never
sees it (issue 17, session 10)."""

from __future__ import annotations

import numpy as np

from aggregator.items import Article
from aggregator.stories.evaluation import Item, pairwise_counts, window_pair_counts
from aggregator.stories.evaluation import counts
from aggregator.stories.fit import reclustered, seeded_index, stream
from aggregator.stories.fitted import FittedPolicy, StoryModel

TEXT = ("Вчера Абдыкалыков и Жумабеков открыли новый мост через реку Нарын в Кочкорском районе, "
        "строительство обошлось в 412 млн сомов.")


def test_window_pairs_joined_are_counted_per_window_article():
    truth, predicted = ["a", "a", "b"], ["s1", "s1", "s2"]
    window_truth, window_predicted = ["c", "d", "e", "b"], ["s1", "s3", None, "s2"]
    # joined: both "a" articles with the window's "c" (2 false), "b" with the window's "b"
    # (1 true); the evicted window article (None) joins nothing
    assert window_pair_counts(truth, predicted, window_truth, window_predicted) == (1, 3, 1)
    assert window_pair_counts(truth, predicted, [], []) == (0, 0, 0)


def _item(n: int, cluster: str, family: str) -> Item:
    url = f"https://a.kg/{n}"
    article = Article(url=url, canonical_url=url, title="Мост открыт", body=TEXT, lang="ru",
                      published_at="2025-09-01T09:00:00Z",
                      published_local="2025-09-01T12:00:00", date_precision="minute",
                      date_raw="2025-09-01", fetched_at="2025-09-20T00:00:00Z")
    return Item(f"t:{n}", cluster, family, "ru", article, n)


def test_a_validation_article_joining_a_training_story_is_a_false_pair():
    train, val = [_item(1, "x", "fx")], [_item(2, "y", "fy"), _item(3, "z", "fz")]
    seeded, _, _ = seeded_index(train)
    joins_all = FittedPolicy(StoryModel(("cos_lemmas",), np.array([0.0]), 10.0, 0.5))
    for labels, window in (stream(seeded, joins_all, val, train),
                           reclustered(seeded, joins_all, val, [None], train)[0]):
        assert labels[0] == labels[1] == window[0]  # all three in the training story
        truth = [it.cluster for it in val]
        assert pairwise_counts(truth, labels) == (0, 1, 0)  # the old figure: one false pair
        # with the window: each validation article with the training one, two more
        assert counts(val, labels, train, window).tolist() == [0, 3, 0]
        assert counts(val, labels, train, window, with_window=False).tolist() == [0, 1, 0]
    # the old return value without a window
    assert stream(seeded, joins_all, val) == stream(seeded, joins_all, val, train)[0]
