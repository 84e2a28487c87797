"""The primary country as a fitted choice among the tagged countries and "none"
(``country_primary_fit``; issue 19 item 4, benchmarks/README.md "Primary country, session
13"): the evidence on sentences written for the tests in five languages, the conditional
logit on made-up choices, the decision rule, and the site-grouped folds. The fitted decision
was not adopted, so the product still decides by ``country_rules``."""

from __future__ import annotations

import numpy as np
import pytest

from aggregator.enrich import country_primary_fit as fit
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_rules import rule_tags
from aggregator.entities import extract_entities

C, N = fit.CANDIDATE_FEATURES, fit.NONE_FEATURES


def features(title: str, text: str, lang: str):
    """{country: {feature: value}}, {none feature: value} and the rules' primary."""
    t, b = normalise(title), normalise(text)
    mentions = find_mentions(t, b, lang)
    ents = [e.evidence() for e in extract_entities(title, text, lang)]
    primary = rule_tags(mentions, t, b, ents, lang)[1]
    cands, rows, none = fit.evidence(mentions, t, b, ents, lang, primary)
    return ({c: dict(zip(C, r)) for c, r in zip(cands, rows)}, dict(zip(N, none)), primary)


def test_russian_visitor_and_destination():
    per, none, primary = features(
        "Президент Казахстана прибыл в Ташкент",
        "Президент Казахстана Касым-Жомарт Токаев прибыл в Ташкент на саммит глав государств.",
        "ru")
    kz, uz = per["KZ"], per["UZ"]
    assert kz["subject"] == kz["actor"] == kz["traveller"] == kz["title_first"] == 1.0
    assert uz["destination"] == uz["oblique"] == 1.0 and uz["subject"] == 0.0
    assert none["multilateral"] == 1.0 and none["talks"] == 0.0
    assert kz["rule_primary"] == float(primary == "KZ")


def test_english_investor_and_place():
    per, none, primary = features(
        "Chinese investors to build a cement plant in Uzbekistan",
        "A Chinese company will build a cement plant in the Jizzakh region of Uzbekistan.", "en")
    assert per["UZ"]["place"] == 1.0 and per["CN"]["place"] == 0.0
    assert per["CN"]["subject"] == 1.0 and per["CN"]["title_first"] == 1.0
    assert per["UZ"]["rule_primary"] == 1.0 == float(primary == "UZ")
    assert per["UZ"]["language"] == per["CN"]["language"] == 0.0  # English is no one's


def test_kazakh_subject_and_dative_partner():
    per, none, _ = features("Қазақстан Қытайға астық экспорттайды",
                            "Қазақстан биыл Қытайға бір миллион тонна астық экспорттайды.", "kk")
    assert per["KZ"]["subject"] == 1.0 and per["KZ"]["language"] == 1.0
    assert per["CN"]["oblique"] == per["CN"]["destination"] == 1.0
    assert none["language_portal"] == 1.0


def test_uzbek_talks_in_a_place():
    per, none, _ = features("Toshkentda Qozog'iston delegatsiyasi bilan uchrashuv",
                            "Toshkentda O'zbekiston va Qozog'iston tashqi ishlar vazirlari "
                            "uchrashuv o'tkazdi.", "uz")
    assert per["UZ"]["place"] == 1.0 and per["KZ"]["place"] == 0.0
    assert per["UZ"]["paired"] == per["KZ"]["paired"] == 1.0
    assert none["talks"] == 1.0 and none["top_paired"] == 1.0


def test_chinese_state_visit():
    per, none, _ = features("习近平抵达比什凯克", "国家主席习近平抵达比什凯克,开始对吉尔吉斯斯坦进行国事访问。",
                            "zh")
    assert per["CN"]["actor"] == per["CN"]["language"] == 1.0
    assert per["KG"]["oblique"] == 1.0 and per["KG"]["actor"] == 0.0
    assert none["talks"] == 1.0  # a state visit is the two countries' relations


def test_no_country_no_candidates():
    assert fit.evidence([], "", "Текст без стран.", None, "ru", None) == ([], [], [])


def test_a_text_becomes_none_and_the_tagged_countries():
    record = {"set": "x", "id": "1", "site": "a.kz", "lang": "ru", "primary": "KZ",
              "title": "Казахстан и Китай подписали соглашение",
              "text": "Казахстан и Китай подписали соглашение о поставках в Астане."}
    t = fit.choice(record)
    got = tag_countries(record["title"], record["text"], "ru")
    assert t.alternatives[0] is None
    assert sorted(t.alternatives[1:]) == got.countries and t.rules == got.primary
    assert t.x.shape == (3, len(C) + len(N)) and t.gold_at == t.alternatives.index("KZ")
    assert not t.x[0, :len(C)].any() and not t.x[1:, len(C):].any()  # none apart


def _made_up(rng, n: int) -> list[fit.Choice]:
    """Texts of two candidates whose labelled answer is the one with "place" set, or
    "none" when the lead tells of talks: what a fitted logit must learn."""
    out = []
    for i in range(n):
        x = np.zeros((3, len(C) + len(N)))
        x[1:, :len(C)] = rng.random((2, len(C))) * 0.2  # noise
        placed = int(rng.integers(1, 3))
        x[placed, C.index("place")] = 1.0
        talks = rng.random() < 0.3
        x[0, len(C) + N.index("bias")] = 1.0
        x[0, len(C) + N.index("talks")] = float(talks)
        alts = [None, "KZ", "UZ"]
        out.append(fit.Choice("s", str(i), f"site{i % 40}", None if talks else alts[placed],
                              None, alts, x))
    return out


def test_the_logit_learns_place_and_talks_and_decides_unseen_texts():
    rng = np.random.default_rng(0)
    w = fit.fit(_made_up(rng, 300), l2=1.0)
    assert w[C.index("place")] > 1.0 and w[len(C) + N.index("talks")] > 1.0
    unseen = _made_up(rng, 100)
    assert sum(fit.decide(t, w) == t.gold for t in unseen) == 100


def test_texts_the_fit_cannot_learn_from_are_left_out():
    rng = np.random.default_rng(1)
    texts = _made_up(rng, 50)
    texts.append(fit.Choice("s", "x", "y", "CN", None, [None, "KZ"], np.ones((2, len(C) + len(N)))))
    texts.append(fit.Choice("s", "z", "y", None, None, [None], np.zeros((1, len(C) + len(N)))))
    x, y, starts, sizes = fit._stack(texts)
    assert len(starts) == 50 and y.sum() == 50 and x.shape[0] == sizes.sum()
    assert fit.decide(texts[-1], fit.fit(texts, 1.0)) is None


def test_folds_keep_each_site_together():
    texts = _made_up(np.random.default_rng(2), 200)
    folds = fit.site_folds(texts)
    by_site = {}
    for t, f in zip(texts, folds):
        assert by_site.setdefault(t.site, f) == f
    assert set(folds) == set(range(fit.FOLDS))


@pytest.mark.parametrize("figures, adopted", [
    ({"a": (10, 0.80, 0.83), "b": (10, 0.90, 0.91), "pooled": (20, 0.85, 0.87)}, True),
    ({"a": (10, 0.80, 0.85), "b": (10, 0.90, 0.885), "pooled": (20, 0.85, 0.8675)}, False),
    ({"a": (10, 0.80, 0.81), "b": (10, 0.90, 0.91), "pooled": (20, 0.85, 0.86)}, False),
])
def test_the_decision_rule(figures, adopted):
    # a gain of 0.02 pooled adopts; one set falling by more than 0.01 does not; nor 0.01
    assert fit.adopt(figures) is adopted


def test_event_kind_features_russian_talks_against_one_side_acting():
    """Session 16: the kind of event reaches the "none" row and the candidates."""
    _, none, _ = features("Президенты Казахстана и Узбекистана провели переговоры",
                          "Президенты Казахстана и Узбекистана провели переговоры в Ташкенте.",
                          "ru")
    assert none["ev_talks"] == none["ev_joined"] == none["ev_shared"] == 1.0
    per, none, _ = features("Узбекистан прекратил поставки газа в Кыргызстан",
                            "Узбекистан прекратил поставки газа в Кыргызстан с 1 января.", "ru")
    assert none["ev_shared"] == 1.0
    assert all(none[k] == 0.0 for k in ("ev_talks", "ev_mutual", "ev_between", "ev_joined"))
    assert per["UZ"]["lone_actor"] == 1.0 and per["KG"]["lone_actor"] == 0.0
    assert per["UZ"]["joined"] == per["KG"]["joined"] == 0.0


def test_one_country_text_has_no_event_evidence():
    per, none, _ = features("Президент Казахстана провел переговоры с Путиным",
                            "Президент Казахстана провел переговоры с Путиным в Москве.", "ru")
    assert set(per) == {"KZ"}
    assert all(none[k] == 0.0 for k in fit.EVENT_FEATURES if k in none)
