"""Typed entities as story evidence (``aggregator.stories.entity_evidence``): one person's
case forms and scripts agree, different people differ, and a model that names no entity
feature computes none."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from aggregator.enrich.steps import StepContext, entities
from aggregator.items import Article
from aggregator.stories.entity_evidence import ENTITY_FEATURES, entity_features, typed_entities
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.fitted import FittedPolicy, StoryModel, feature_row
from aggregator.stories.index import StoryIndex
from aggregator.stories.neighbourhood import LOCAL_FEATURES
from aggregator.stories.pairs import FEATURE_NAMES, PAIR_FEATURES, EvidenceKeys, Member
from aggregator.stories.persistence import evidence_from_json, evidence_json

# one visit told in Russian case forms and in English; another leader's meeting
VISIT_RU = ("Визит Жапарова в Ташкент",
            "Президент Киргизии Садыр Жапаров прибыл в Ташкент. Жапарова встретил Шавкат "
            "Мирзиёев. Переговоры Жапарова и Мирзиёева прошли в резиденции.")
VISIT_EN = ("Japarov arrives in Tashkent",
            "Kyrgyz President Sadyr Japarov arrived in Tashkent, where Shavkat Mirziyoyev met "
            "him. Japarov and Mirziyoyev held talks at the residence.")
# a person the gazetteer does not know: the full name in one, the surname in the other
FULL_NAME = ("Жалоба адвоката", "Адвокат Айбек Турдумаматов подал жалобу в суд. По словам "
             "Турдумаматова, решение незаконно.")
SURNAME_ONLY = ("Жалоба в суд", "По словам Турдумаматова, решение незаконно. Жалобу подал "
                "А. Турдумаматов.")
OTHER = ("Токаев в Астане",
         "Касым-Жомарт Токаев провёл совещание в Астане с акимом Ерланом Карином. Токаев "
         "поручил правительству Казахстана подготовить отчёт.")


def _article(text: tuple[str, str], lang: str = "ru", url: str = "https://a.kg/1") -> Article:
    article = Article(url=url, canonical_url=url, title=text[0], body=text[1], lang=lang,
                      published_at="2025-09-01T09:00:00Z",
                      published_local="2025-09-01T12:00:00", date_precision="minute",
                      date_raw="2025-09-01", fetched_at="2025-09-20T00:00:00Z")
    return entities(article, StepContext())  # the chain's step, as enrich runs it


def _keys(text: tuple[str, str], lang: str = "ru") -> EvidenceKeys:
    k = EvidenceKeys.build(ArticleEvidence.from_article(_article(text, lang), entities=True))
    k.weigh(defaultdict(lambda: 1.0))  # every key equally rare: the overlap is a count
    return k


def _member(k: EvidenceKeys) -> Member:
    return Member.unpack(k.pack(), 0)


def _features(a: EvidenceKeys, b: EvidenceKeys) -> dict[str, float]:
    return dict(zip(ENTITY_FEATURES, entity_features(a, defaultdict(lambda: 1.0), _member(b))))


def test_case_forms_and_scripts_of_one_person_give_one_key():
    ru = typed_entities(_article(VISIT_RU).entities)
    en = typed_entities(_article(VISIT_EN, "en").entities)
    full, lone = (typed_entities(_article(t).entities) for t in (FULL_NAME, SURNAME_ONLY))
    people = {k for k in ru if k.startswith("P:")}
    assert len(people) == 2  # Жапаров and Мирзиёев, whatever their case forms
    assert people <= set(en)  # Japarov, Mirziyoyev
    assert next(iter(ru)) == next(iter(en))  # the most-mentioned first
    assert set(full) == set(lone) == {"P:trdmtv"}
    assert not people & set(typed_entities(_article(OTHER).entities))


def test_the_same_people_agree_and_different_people_differ():
    ru, en, other = _keys(VISIT_RU), _keys(VISIT_EN, "en"), _keys(OTHER)
    same = _features(en, ru)
    assert same["per_idf"] == 1.0 and same["people_main"] == 1.0
    assert same["person_differs"] == 0.0 and same["loc_idf"] > 0
    lone = _features(_keys(SURNAME_ONLY), _keys(FULL_NAME))
    assert lone["per_idf"] == 1.0 and lone["person_differs"] == 0.0
    apart = _features(other, ru)
    assert apart["per_idf"] == 0.0 and apart["people_main"] == 0.0
    assert apart["person_differs"] == 1.0


def test_the_packed_block_keeps_the_people_in_mention_order():
    k = _keys(VISIT_RU)
    m = _member(k)
    assert list(m.per.items()) == list(k.per.items()) and len(m.per) >= 2
    assert m.org == k.org and m.loc == k.loc
    assert (m.per_w, m.loc_w) == pytest.approx((k.per_w, k.loc_w))


def test_a_model_without_entity_features_computes_no_entity_keys():
    article = _article(VISIT_RU)
    assert article.entities
    shipped = StoryIndex(policy=FittedPolicy())
    assert not shipped.policy.uses_entities
    ev = shipped._evidence(article)
    assert ev.entities == {}
    k = EvidenceKeys.build(ev)
    assert not (k.per or k.org or k.loc)
    names = PAIR_FEATURES + ("per_idf",)
    reading = StoryIndex(policy=FittedPolicy(StoryModel(names, np.zeros(len(names)), 0.0, 0.5)))
    assert reading.policy.uses_entities and not reading.policy.uses_neighbourhood
    assert reading._evidence(article).entities == typed_entities(article.entities)


def test_a_row_with_entity_features_and_no_neighbourhood_keeps_the_columns():
    q, m = _keys(VISIT_EN, "en"), _member(_keys(VISIT_RU))
    idf = defaultdict(lambda: 1.0)
    row = feature_row(q, idf, 1.0, m, 0.0, 0, None, False, True)
    assert len(row) == len(FEATURE_NAMES)
    local = slice(len(PAIR_FEATURES), len(PAIR_FEATURES) + len(LOCAL_FEATURES))
    assert row[local] == [0.0] * len(LOCAL_FEATURES)
    assert row[FEATURE_NAMES.index("per_idf")] == 1.0
    assert row[FEATURE_NAMES.index("cross_lang")] == 1.0
    assert len(feature_row(q, idf, 1.0, m, 0.0, 0, None, False, False)) == len(PAIR_FEATURES)


def test_stored_evidence_keeps_the_entities_and_their_order():
    ev = ArticleEvidence.from_article(_article(VISIT_RU), entities=True)
    back = evidence_from_json(evidence_json(ev))
    assert list(back.entities.items()) == list(ev.entities.items())
    plain = ArticleEvidence.from_article(_article(VISIT_RU))
    assert "en" not in evidence_json(plain)
    assert evidence_from_json(evidence_json(plain)).entities == {}
