"""The outlet and the quotations as story pair evidence (``aggregator.stories.outlet_quotes``):
computed only for a model that names one of their features."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict

import numpy as np
import pytest

from aggregator.items import Article
from aggregator.stories import record
from aggregator.stories.days import day_interval, seen_day
from aggregator.stories.evidence import ArticleEvidence, quoted_lemmas
from aggregator.stories.features import features
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.outlet_quotes import (OUTLET_QUOTE_FEATURES, outlet_quote_features,
                                              quoted_spans, site_key)
from aggregator.stories.pairs import FEATURE_NAMES, EvidenceKeys, Member
from aggregator.stories.persistence import evidence_from_json, evidence_json

# composed texts: one minister, two stages of one project, each with its own statement
TOPIC = "Министр энергетики Абдыкалыков о Камбаратинской ГЭС-1 на реке Нарын"
STAGE_ONE = (f"{TOPIC}. «Строительство станции начнется весной будущего года», — заявил "
             "министр журналистам в Бишкеке. Компания «Энергострой» участвует в тендере.")
STAGE_ONE_REWRITE = (f"{TOPIC}. Как сообщил министр, «строительство станции начнется весной "
                     "будущего года». Подробности он не уточнил.")
STAGE_TWO = (f"{TOPIC}. «Первый бетон уложен в основание плотины досрочно», — сказал "
             "министр на церемонии в Кемине.")


def _article(url: str, body: str) -> Article:
    return Article(url=url, canonical_url=url, title="", body=body, lang="ru",
                   published_at="2025-09-01T09:00:00Z", published_local="2025-09-01T12:00:00",
                   date_precision="minute", date_raw="2025-09-01",
                   fetched_at="2025-09-20T00:00:00Z")


def test_a_quoted_statement_counts_and_a_quoted_name_does_not():
    spans = quoted_spans(STAGE_ONE)
    assert spans == ["Строительство станции начнется весной будущего года"]
    assert quoted_spans('He said "we will open the road in May" at the "Ak Zhol" office') == [
        "we will open the road in May"]
    assert quoted_spans("Он сказал: „мы откроем дорогу в мае“.") == ["мы откроем дорогу в мае"]
    assert quoted_spans("President: “The road will open in May”.") == [
        "The road will open in May"]
    assert quoted_spans("Без кавычек нет цитат.") == []
    # the lemmas, in other case forms, agree between a statement and its rewrite
    assert quoted_lemmas("", STAGE_ONE, "ru") == quoted_lemmas("", STAGE_ONE_REWRITE, "ru")
    assert not quoted_lemmas("", STAGE_ONE, "ru") & quoted_lemmas("", STAGE_TWO, "ru")


def test_one_outlet_is_one_registered_domain():
    assert site_key("https://ru.sputnik.kg/20250901/a.html") == site_key("https://sputnik.kg/b")
    assert site_key("https://www.kursiv.media/x") == site_key("https://kz.kursiv.media/y")
    assert site_key("https://24.kg/a") != site_key("https://kaktus.media/a")
    assert site_key("") == 0


def _keys(url: str, body: str) -> EvidenceKeys:
    k = EvidenceKeys.build(ArticleEvidence.from_article(_article(url, body), outlet=True))
    k.weigh(defaultdict(lambda: 2.0))
    return k


def test_the_pair_values_through_the_packed_block():
    one = _keys("https://24.kg/1", STAGE_ONE)
    idf = defaultdict(lambda: 2.0)
    member = Member.unpack(one.pack(), 0)  # what the index keeps of it
    assert member.site == one.site != 0 and member.quotes == one.quotes

    def values(url, body):
        return dict(zip(OUTLET_QUOTE_FEATURES, outlet_quote_features(_keys(url, body), idf,
                                                                     member)))

    rewrite = values("https://kaktus.media/1", STAGE_ONE_REWRITE)
    assert rewrite == {"same_site": 0.0, "quotes_shared": 1.0, "quotes_disjoint": 0.0}
    next_stage = values("https://24.kg/2", STAGE_TWO)
    assert next_stage == {"same_site": 1.0, "quotes_shared": 0.0, "quotes_disjoint": 1.0}
    # no quotation on one side says nothing either way
    unquoted = values("https://24.kg/3", TOPIC + ". Министр ответил на вопросы.")
    assert unquoted["quotes_shared"] == unquoted["quotes_disjoint"] == 0.0


def test_the_stored_evidence_keeps_site_and_quotations():
    ev = ArticleEvidence.from_article(_article("https://24.kg/1", STAGE_ONE), outlet=True)
    back = evidence_from_json(json.loads(json.dumps(evidence_json(ev))))
    assert back.site == ev.site and back.quotes == ev.quotes and ev.quotes
    plain = ArticleEvidence.from_article(_article("https://24.kg/1", STAGE_ONE))
    assert plain.site == 0 and not plain.quotes and "st" not in evidence_json(plain)


def test_only_a_model_that_names_them_computes_them():
    shipped = FittedPolicy()
    assert shipped.uses_outlet == (not set(OUTLET_QUOTE_FEATURES).isdisjoint(
        shipped.model.feature_names))
    names = ("cos_lemmas", "same_site", "quotes_disjoint")
    model = StoryModel(names, np.array([1.0, -1.0, -1.0]), -10.0, 0.5)
    for policy, reads in ((FittedPolicy(model), True),
                          (FittedPolicy(StoryModel(("cos_lemmas",), np.ones(1), -10.0, 0.5)),
                           False)):
        assert policy.uses_outlet == reads
        index = StoryIndex(policy=policy)
        index.assign(_article("https://24.kg/1", STAGE_ONE))
        (blob,) = index.docs.values()
        assert (record.member_of(blob).site != 0) == reads
        article = _article("https://24.kg/2", STAGE_TWO)
        q = index._query(features(article.title, article.body), day_interval(article),
                         seen_day(article), article.url, evidence=index._evidence(article))
        row = policy.rows(q, [blob])[0]
        assert len(row) == (len(FEATURE_NAMES) if reads else len(FEATURE_NAMES)
                            - len(OUTLET_QUOTE_FEATURES) - 4)
        if reads:
            x = dict(zip(FEATURE_NAMES, row))
            assert x["same_site"] == 1.0 and x["quotes_disjoint"] == 1.0


def test_rewrites_share_their_quotations_more_than_the_next_stages_on_dev(eval_dev):
    """On the dev texts (nothing here was fitted on them): within a topic family, pairs of
    one story that both quote (one language) share more of their quoted lemmas than pairs
    of two stories, and are less often disjoint."""
    rows = []
    for name in ("stories.jsonl", "dedup.jsonl"):
        for line in (eval_dev / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                lang = (r.get("lang") or "ru")[:2]
                rows.append((name + str(r.get("family") or r["cluster"]), r["cluster"], lang,
                             quoted_lemmas(r.get("title") or "", r.get("text") or "", lang)))
    shared = defaultdict(list)
    for a, b in itertools.combinations(rows, 2):
        if a[0] == b[0] and a[2] == b[2] and a[3] and b[3]:
            shared[a[1] == b[1]].append(len(a[3] & b[3]) / min(len(a[3]), len(b[3])))
    same, other = np.array(shared[True]), np.array(shared[False])
    assert len(same) >= 20 and len(other) >= 50
    assert same.mean() > other.mean() + 0.15
    assert (same == 0).mean() < (other == 0).mean()
