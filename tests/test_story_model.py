"""The fitted story matcher: evidence, dates with uncertainty, cannot-link, complete
linkage, persistence, and the dev figure on a fold the fitted weights never saw."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from aggregator.items import Article
from aggregator.stories.eventdays import Day, day_gap, make_day
from aggregator.stories.evidence import ArticleEvidence, _morph, skeleton
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES, CANNOT_LINK_DAYS
from aggregator.stories import record
from aggregator.stories.pairs import Member
from aggregator.stories.persistence import evidence_from_json, evidence_json
from aggregator.stories.scoring import ScoringPolicy


def names_of(text: str) -> set[str]:
    return ArticleEvidence.from_text("", text, "ru").names


def test_name_forms_and_spellings_agree():
    assert skeleton("Жапаров") == skeleton("Жапарова") == skeleton("Japarov")
    assert skeleton("Мирзиёев") == skeleton("Мирзияев") == skeleton("Mirziyoyev")
    a = names_of("Указ подписал президент Садыр Жапаров.")
    b = names_of("Встреча прошла у президента Садыра Жапарова в Бишкеке.")
    c = names_of("Президент Шавкат Мирзиёев принял делегацию.")
    d = names_of("Делегацию принял Шавкат Мирзияев.")
    assert skeleton("Жапаров") in a & b
    assert skeleton("Мирзиёев") in c & d
    assert skeleton("Жапаров") != skeleton("Мирзиёев")


def test_lemmas_join_case_forms_and_figures_keep_units():
    ev = ArticleEvidence.from_text("Выборы в парламент", "Явка на выборах составила 51,7%, "
                                   "бюджет 17 млн сомов.", "ru")
    assert {"выборы", "парламент", "явка"} <= set(ev.lemmas)
    assert ev.figures == {"51.7|%", "17|e6"}


def test_pymorphy3_dictionaries_ship_with_the_package():
    # nothing is downloaded at run time: the dictionary is inside pymorphy3-dicts-ru
    import pymorphy3_dicts_ru

    assert Path(_morph().dictionary.path).is_relative_to(Path(pymorphy3_dicts_ru.__file__).parent)


def test_a_yearless_date_is_compared_by_day_of_year():
    sep29 = make_day(None, 9, 29)
    assert sep29.year is None and day_gap(sep29, make_day(2024, 9, 29)) == 0
    assert day_gap(make_day(None, 12, 30), make_day(2025, 1, 2)) == 3  # wraps at year end
    assert day_gap(make_day(2024, 12, 30), make_day(2025, 1, 2)) == 3
    assert Day.from_code(make_day(2024, 9, 29).code()) == make_day(2024, 9, 29)
    # the date step's year-less day, and a parsed day whose raw date names no year
    assert ArticleEvidence.from_text("", "Текст.", "ru", "--09-29", "month-day").day == sep29
    guessed = ArticleEvidence.from_text("", "Текст.", "ru", "2026-09-29", "day", "29 сентября",
                                        "https://x.kg/news/123")
    assert guessed.day == sep29 and not guessed.day_is_standin
    stated = ArticleEvidence.from_text("", "Текст.", "ru", "2024-09-29", "day",
                                       "29 сентября 2024")
    assert stated.day == make_day(2024, 9, 29)
    by_url = ArticleEvidence.from_text("", "Текст.", "ru", "2024-09-29", "day", "29 сентября",
                                       "https://x.kg/2024/09/29/news")
    assert by_url.day.year == 2024


def test_year_only_is_unknown_and_an_undated_article_takes_a_stand_in():
    ev = ArticleEvidence.from_text("", "Суд 5 июля огласил приговор, 7 июля обжалован.", "ru",
                                   "2024-01-01", "year", "2024")
    assert ev.day == make_day(None, 7, 5) and ev.day_is_standin
    assert ArticleEvidence.from_text("", "Без дат.", "ru").day is None


def _article(url: str, title: str, body: str, day: str | None) -> Article:
    return Article(url=url, canonical_url=url, title=title, body=body, lang="ru",
                   published_at=f"{day}T09:00:00Z" if day else None,
                   published_local=f"{day}T12:00:00" if day else None,
                   date_precision="minute" if day else None, date_raw=day,
                   fetched_at="2025-09-20T00:00:00Z")


def _model(feature: str, weight: float = 10.0, bias: float = -5.0) -> StoryModel:
    w = np.zeros(len(FEATURE_NAMES))
    w[FEATURE_NAMES.index(feature)] = weight
    return StoryModel(FEATURE_NAMES, w, bias, 0.5)


TEXT = ("Вчера Абдыкалыков и Жумабеков открыли новый мост через реку Нарын в Кочкорском районе, "
        "строительство обошлось в 412 млн сомов.")


def test_explicit_days_far_apart_cannot_link_but_stand_ins_never_count():
    index = StoryIndex(policy=FittedPolicy(_model("cos_lemmas")))
    first = index.assign(_article("https://a.kg/1", "Мост открыт", TEXT, "2025-09-01"))
    assert index.assign(_article("https://b.kg/1", "Мост открыт", TEXT, "2025-09-03")) == first
    far = index.assign(_article("https://c.kg/1", "Мост открыт", TEXT, "2025-09-10"))
    assert far != first  # 9 and 7 days from the story's members: another event
    # undated: a stand-in from its text never cannot-links, and it joins one story only
    undated = index.assign(_article("https://d.kg/1", "Мост открыт", TEXT + " 10 сентября.", None))
    assert undated in (first, far) and not index.merged
    assert len(index.stories) == 2


def test_the_cannot_link_is_the_model_files_and_the_fit_sets_it(tmp_path, monkeypatch):
    from aggregator.stories import fit

    model = _model("cos_lemmas")
    assert model.cannot_link_days == CANNOT_LINK_DAYS  # a file fitted before it was stored
    model.cannot_link_days = 0
    model.save(tmp_path / "m.json")
    strict = StoryModel.load(tmp_path / "m.json")
    assert strict.cannot_link_days == 0 and FittedPolicy(strict).cannot_link_days == 0
    for days, apart in ((CANNOT_LINK_DAYS, False), (0, True)):
        model.cannot_link_days = days
        index = StoryIndex(policy=FittedPolicy(model))
        first = index.assign(_article("https://a.kg/5", "Мост открыт", TEXT, "2025-09-01"))
        same_day = index.assign(_article("https://b.kg/5", "Мост открыт", TEXT, "2025-09-01"))
        next_day = index.assign(_article("https://c.kg/5", "Мост открыт", TEXT, "2025-09-02"))
        assert same_day == first and (next_day != first) == apart
    # the fit stores its --cannot-link-days in the models it fits; by default the shipped one's
    x, y = np.array([[0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES)]), np.array([0.0, 1.0])
    monkeypatch.setattr(fit, "CANNOT_LINK", 1)
    assert fit.fit_model(x, y).cannot_link_days == 1
    monkeypatch.setattr(fit, "CANNOT_LINK", None)
    assert fit.fit_model(x, y).cannot_link_days == StoryModel.load().cannot_link_days


A = "Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне."
B = ("Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне, а Сатыбалдиев и "
     "Токтосунов осмотрели новую школу в Оше.")
C = "Сатыбалдиев и Токтосунов осмотрели новую школу в Оше после ремонта."


def test_complete_linkage_refuses_a_chain():
    # B shares the names of A and of C; C shares none with A: C does not join {A, B}
    index = StoryIndex(policy=FittedPolicy(_model("names_idf")))
    a = index.assign(_article("https://a.kg/2", "", A, "2025-09-01"))
    b = index.assign(_article("https://b.kg/2", "", B, "2025-09-01"))
    c = index.assign(_article("https://c.kg/2", "", C, "2025-09-01"))
    assert a == b and c != a
    # the same stream joined through the nearest member would chain C in
    chained = StoryIndex(policy=FittedPolicy(_model("names_idf")))
    chained.clusters.RECENT = 0  # only the first member is compared ...
    ids = [chained.assign(_article(f"https://x.kg/{n}", "", t, "2025-09-01"))
           for n, t in enumerate([B, A, C])]  # ... and B, the bridge, came first
    assert len(set(ids)) == 1


def test_evidence_round_trips_through_the_saved_keys():
    ev = ArticleEvidence.from_article(_article("https://a.kg/3", "Мост открыт", TEXT + " 5 июля.",
                                               "2025-09-01"))
    back = evidence_from_json(evidence_json(ev))
    assert back == ev
    assert evidence_from_json(None) is None  # rows saved before the fitted matcher


def test_rows_saved_without_evidence_load_and_are_not_judged(tmp_path):
    from aggregator.store import Store
    from aggregator.stories.persistence import load_signatures

    store = Store(tmp_path / "news.db")
    old = StoryIndex(store, policy=ScoringPolicy())  # saves keys without evidence
    first = _article("https://a.kg/4", "Мост открыт", TEXT, "2025-09-01")
    old.assign(first)
    store.upsert_articles([first])
    old.save(store, [first])
    (signature,) = load_signatures(store, 7)
    assert signature.evidence is None and signature.features.entities
    index = StoryIndex(store, policy=FittedPolicy(_model("cos_lemmas")))
    (blob,) = index.docs.values()
    assert not Member.unpack(blob, record.evidence_offset(blob)).present
    # a member without evidence is not judged: the story is not joined through it
    again = index.assign(_article("https://b.kg/4", "Мост открыт", TEXT, "2025-09-01"))
    assert again != first.story_id
    store.close()


def test_the_shipped_model_matches_the_features():
    model = StoryModel.load()
    # a subset of the computed features, in their order (candidates may be computed
    # and measured before a model uses them)
    assert set(model.feature_names) <= set(FEATURE_NAMES) and model.linkage == "complete"
    assert list(model.feature_names) == sorted(model.feature_names, key=FEATURE_NAMES.index)
    assert len(model.weights) == len(model.feature_names)
    assert 0.0 < model.threshold < 1.0
    assert {"data", "folds", "fitted"} <= set(model.provenance)


@pytest.fixture(scope="module")
def dev_items(eval_dev):
    from aggregator.stories.evaluation import assign_folds, load_items

    items = load_items(eval_dev)
    return items, assign_folds(items)


#: The fold held out by the test (any would do; this one is of middling size).
HELD_OUT = 4


def test_a_model_over_a_subset_reads_its_columns():
    names = ("cos_lemmas", "names_idf")
    model = StoryModel(names, np.array([2.0, -1.0]), 0.5, 0.5)
    row = np.zeros(len(FEATURE_NAMES))
    row[FEATURE_NAMES.index("cos_lemmas")], row[FEATURE_NAMES.index("names_idf")] = 1.0, 1.0
    expected = 1 / (1 + np.exp(-(2.0 - 1.0 + 0.5)))
    assert model.probability(row) == pytest.approx(expected)
    assert model.probability(np.array([row, row])) == pytest.approx([expected] * 2)
    with pytest.raises(ValueError):
        StoryModel(("no_such_feature",), np.zeros(1), 0.0, 0.5)


def test_the_threshold_is_the_middle_of_the_near_best_plateau_not_a_near_tie():
    from aggregator.stories.thresholds import argmax_threshold, plateau_middle
    # a made-up inner-CV F1 curve: a broad plateau around 0.45 and a lone near-tie at 0.6
    curve = {0.3: 0.690, 0.35: 0.708, 0.4: 0.716, 0.45: 0.712, 0.5: 0.709, 0.55: 0.700,
             0.6: 0.7165, 0.65: 0.680}
    assert argmax_threshold(curve) == 0.6
    assert plateau_middle(curve, tolerance=0.01) == 0.45  # of 0.35 .. 0.5 and 0.6
    # the near-tie flipping does not move it
    assert plateau_middle({**curve, 0.6: 0.7155}, tolerance=0.01) == 0.45
    # an even count takes the upper middle; a zero tolerance is the argmax
    assert plateau_middle({0.3: 0.5, 0.35: 0.6, 0.4: 0.6, 0.45: 0.4}, tolerance=0.0) == 0.4
    assert plateau_middle(curve, tolerance=0.0) == argmax_threshold(curve)


def test_dev_figure_on_a_fold_the_weights_never_saw(dev_items):
    from aggregator.stories.evaluation import pairwise_counts, pr
    from aggregator.stories.fit import fit_folds, stream

    items, fold_of = dev_items
    started = time.perf_counter()
    model, seeded, val = fit_folds(items, fold_of, HELD_OUT)  # weights + threshold, 4 folds
    assert not {fold_of[it.family] for it in val} - {HELD_OUT}
    labels = stream(seeded, FittedPolicy(model), val)
    precision, recall = pr(*pairwise_counts([it.cluster for it in val], labels))
    print(f"held-out fold {HELD_OUT}: P {precision:.3f} R {recall:.3f} "
          f"threshold {model.threshold} ({time.perf_counter() - started:.1f}s)")
    assert precision >= 0.60 and recall >= 0.75  # measured: see benchmarks/README.md
    # the fold decided again as one batch (as enrich and the crawl store it): about the
    # same figure whatever the arrival order (measured 0.656 / 0.833 in file order)
    from aggregator.stories.evaluation import f1
    from aggregator.stories.fit import reclustered

    figures = []
    for order in (val, val[::-1], val[1::2] + val[::2]):
        labels = reclustered(seeded, FittedPolicy(model), order, [None])[0]
        figures.append(pr(*pairwise_counts([it.cluster for it in order], labels)))
    print("re-clustered, three orders:", [(round(p, 3), round(r, 3)) for p, r in figures])
    assert all(p >= 0.60 and r >= 0.75 for p, r in figures)
    assert max(f1(*x) for x in figures) - min(f1(*x) for x in figures) <= 0.05


def test_a_second_stage_decides_the_pairs_the_first_scores_at_its_floor(tmp_path):
    names = ("cos_lemmas", "day_near")
    model = StoryModel(names, np.array([4.0, 2.0]), -3.0, 0.5)
    model.stage2, model.floor = (np.array([4.0, -1.0]), -1.0), 0.3
    rows = np.zeros((2, len(FEATURE_NAMES)))
    rows[:, FEATURE_NAMES.index("cos_lemmas")] = [0.0, 0.9]
    rows[:, FEATURE_NAMES.index("day_near")] = 1.0
    first = 1 / (1 + np.exp(-(np.array([0.0, 3.6]) + 2.0 - 3.0)))
    second = 1 / (1 + np.exp(-(4.0 * 0.9 - 1.0 - 1.0)))
    assert first[0] < 0.3 <= first[1]
    # below the floor the first stage's probability stands; above it the second's
    assert model.probability(rows) == pytest.approx([first[0], second])
    model.save(tmp_path / "m.json")
    again = StoryModel.load(tmp_path / "m.json")
    assert again.floor == 0.3 and again.probability(rows) == pytest.approx([first[0], second])
