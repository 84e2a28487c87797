"""Neighbourhood-contrastive features and interaction terms (measured candidates of the
story model: computed only when a model names them)."""

from __future__ import annotations

import numpy as np
import pytest

from aggregator.items import Article
from aggregator.stories import record
from aggregator.stories.days import day_interval, seen_day
from aggregator.stories.features import features
from aggregator.stories.fit_report import feature_set
from aggregator.stories.fitted import FittedPolicy, StoryModel, design
from aggregator.stories.index import StoryIndex
from aggregator.stories.neighbourhood import LOCAL_FEATURES, local_features
from aggregator.stories.pairs import FEATURE_NAMES, PAIR_FEATURES


def _article(url: str, body: str) -> Article:
    return Article(url=url, canonical_url=url, title="", body=body, lang="ru",
                   published_at="2025-09-01T09:00:00Z", published_local="2025-09-01T12:00:00",
                   date_precision="minute", date_raw="2025-09-01",
                   fetched_at="2025-09-20T00:00:00Z")


# one topic (the same officials, the same bridge), two stages: the query reports the
# opening, as the first article does; the second reports the tender, an earlier stage
TOPIC = "Абдыкалыков и Жумабеков, министры транспорта, мост через реку Нарын в Кочкорском районе"
OPENING = f"{TOPIC}: торжественно открыли движение, перерезали ленту, прошли первые автобусы."
TENDER = f"{TOPIC}: объявили тендер подрядчиков, конкурсная комиссия рассмотрит заявки."
QUERY = f"{TOPIC}. Открыли движение: ленту перерезали, по мосту прошли первые автобусы."


def _never_joins() -> FittedPolicy:
    model = StoryModel(FEATURE_NAMES, np.zeros(len(FEATURE_NAMES)), -10.0, 0.5)
    return FittedPolicy(model)


def test_words_the_other_stories_share_are_discounted():
    index = StoryIndex(policy=_never_joins())
    opening = index.assign(_article("https://a.kg/1", OPENING))
    tender = index.assign(_article("https://b.kg/1", TENDER))
    assert opening != tender
    article = _article("https://c.kg/1", QUERY)
    q = index._query(features(article.title, article.body), day_interval(article),
                     seen_day(article), article.url,
                     evidence=index._evidence(article))
    stories = index._candidates(q)
    assert q.hood is not None and len(stories) == 2
    rows = {}
    for number, blobs in stories.items():
        (blob,) = blobs
        x = dict(zip(FEATURE_NAMES, index.policy.rows(q, blobs)[0]))
        rows[index.clusters.id(number)] = x
        assert x["cos_local"] < x["cos_lemmas"]  # the topic words are the other's too
        assert x["local_share"] == pytest.approx(x["cos_local"] / x["cos_lemmas"])
        assert x["rival_cos"] > 0  # each is the other's rival
    # the opening keeps a larger share of what it shares with the query: its own words
    assert rows[opening]["local_share"] > rows[tender]["local_share"]
    assert rows[opening]["rival_cos"] == pytest.approx(rows[tender]["cos_lemmas"])


def test_without_a_neighbourhood_the_local_values_are_the_plain_ones():
    index = StoryIndex(policy=_never_joins())
    index.assign(_article("https://a.kg/2", OPENING))
    (blob,) = index.docs.values()
    article = _article("https://c.kg/2", QUERY)
    q = index._query(features(article.title, article.body), day_interval(article),
                     seen_day(article), article.url, evidence=index._evidence(article))
    m = record.member_of(blob)
    names_idf = 0.7
    cos, names, share, rival = local_features(q.evidence, q.idf, m, record.story_of(blob),
                                              None, names_idf)
    assert cos > 0 and names == names_idf and share == 1.0 and rival == 0.0


def test_the_shipped_model_builds_no_neighbourhood():
    policy = FittedPolicy()
    assert policy.uses_neighbourhood == (not set(LOCAL_FEATURES).isdisjoint(
        policy.model.feature_names))
    assert FEATURE_NAMES[:len(PAIR_FEATURES)] == PAIR_FEATURES
    assert FEATURE_NAMES[len(PAIR_FEATURES):] == LOCAL_FEATURES


def test_interaction_terms_are_products_of_their_factors():
    names = feature_set("cos_lemmas,day_same,cos_lemmas*day_same")
    assert names == ("cos_lemmas", "day_same", "cos_lemmas*day_same")
    x = np.random.default_rng(0).random((3, len(FEATURE_NAMES)))
    d = design(x, names)
    i, j = FEATURE_NAMES.index("cos_lemmas"), FEATURE_NAMES.index("day_same")
    assert np.allclose(d, np.stack([x[:, i], x[:, j], x[:, i] * x[:, j]], axis=1))
    model = StoryModel(names, np.array([0.0, 0.0, 2.0]), -1.0, 0.5)
    assert model.probability(x) == pytest.approx(1 / (1 + np.exp(-(2 * x[:, i] * x[:, j] - 1))))
    with pytest.raises(ValueError):
        feature_set("cos_lemmas*no_such_feature")
    pairs = feature_set("shipped+pairs")
    plain = [n for n in pairs if "*" not in n]
    assert len(pairs) == len(plain) + len(plain) * (len(plain) - 1) // 2
