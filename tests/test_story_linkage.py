"""The re-clustering's linkage rules (aggregator.stories.linkage) and their use in
``recluster``."""

from __future__ import annotations

import numpy as np
import pytest

from aggregator.items import Article
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.linkage import COMPLETE, FAMILIES, Linkage
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.recluster import next_doc, recluster, restory

# as in test_story_recluster: B shares A's names and C's, C none with A
A = "Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне."
B = ("Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне, а Сатыбалдиев и "
     "Токтосунов осмотрели новую школу в Оше.")
C = "Сатыбалдиев и Токтосунов осмотрели новую школу в Оше после ремонта."

# unrelated reports of the same day: a window in which the shared names of the chain
# weigh enough for the batch articles to be each other's neighbours
OTHERS = ["Погода в Бишкеке: дождь и ветер ожидаются к вечеру.",
          "Курс доллара на торгах вырос на 3 тыйына.",
          "В Таласе открыли новую библиотеку для читателей.",
          "Сборная по футболу сыграла вничью пятый раз подряд.",
          "Цены на бензин в Караколе поднялись на 2 сома."]


def _model() -> StoryModel:
    """P(same story) by the shared names alone."""
    w = np.zeros(len(FEATURE_NAMES))
    w[FEATURE_NAMES.index("names_idf")] = 10.0
    return StoryModel(FEATURE_NAMES, w, -5.0, 0.5)


class NeverJoins(FittedPolicy):
    """Every article its own story on arrival; the batch decides."""

    def story_score(self, q, records_) -> float:
        return 0.0


def _batch(index: StoryIndex, texts: list[str], start: int) -> list[Article]:
    urls = [f"https://n{start + i}.kg/a" for i in range(len(texts))]
    articles = [Article(url=url, canonical_url=url, title="", body=text, lang="ru",
                        published_at="2025-09-01T09:00:00Z",
                        published_local="2025-09-01T12:00:00", date_precision="minute",
                        date_raw="2025-09-01", fetched_at="2025-09-20T00:00:00Z")
                for url, text in zip(urls, texts)]
    for article in articles:
        index.assign(article)
    return articles


def test_the_rules_on_pair_probabilities():
    p = [0.2, 0.5, 0.6, 0.9]
    assert Linkage().score(p) == 0.2
    assert Linkage("average").score(p) == pytest.approx(0.55)
    # three of the four pairs reach 0.5; all four only 0.2
    assert Linkage("robust", 0.75, 0.1).score(p) == 0.5
    assert Linkage("robust", 1.0, 0.0).score(p) == 0.2
    # a pair under the floor vetoes the group
    assert Linkage("robust", 0.5, 0.3).score(p) == 0.0
    assert Linkage("average_floor", floor=0.3).score(p) == 0.0
    assert Linkage("average_floor", floor=0.1).score(p) == pytest.approx(0.55)
    assert Linkage("robust", 0.5, 0.1).score([0.7]) == 0.7  # one pair: that pair
    with pytest.raises(ValueError):
        Linkage("single")


def _chain(linkage: Linkage) -> list:
    """A, B, C re-clustered as one batch after the unrelated reports: B shares A's names
    and C's, C none with A (its probability against A is near 0)."""
    index = StoryIndex(policy=NeverJoins(_model()))
    _batch(index, OTHERS, start=100)
    since = next_doc(index)
    articles = _batch(index, [A, B, C], start=0)
    restory(articles, recluster(index, since, linkage=linkage))
    return [a.story_id for a in articles]


def test_complete_linkage_and_a_floor_keep_the_chain_apart_a_bare_share_does_not():
    # B with C (their pair is the best), A apart: under complete linkage, the mean, and
    # a half share with a floor the A-C pair is under
    for linkage in (COMPLETE, Linkage("average"), Linkage("robust", 0.5, 0.1),
                    Linkage("average_floor", floor=0.1)):
        a, b, c = _chain(linkage)
        assert b == c != a, linkage
    # half of {A}x{B, C} passes (A-B), and nothing vetoes the A-C pair: one story
    a, b, c = _chain(Linkage("robust", 0.5, 0.0))
    assert a == b == c


def test_the_model_file_keeps_its_linkage(tmp_path):
    model = _model()
    assert "recluster_linkage" not in model.to_json()  # complete: the file as before
    model.recluster_linkage = Linkage("robust", 0.75, 0.2)
    model.save(tmp_path / "m.json")
    assert StoryModel.load(tmp_path / "m.json").recluster_linkage == model.recluster_linkage
    assert StoryModel.load().recluster_linkage == COMPLETE  # the shipped model


def test_the_declared_grids():
    # the grids the nested CV chooses among (benchmarks/README.md, session 14), floors
    # under the lowest threshold so a floor only vetoes
    assert [len(v) for v in FAMILIES.values()] == [1, 1, 4, 2]
    assert all(0 < lk.floor < 0.3 for lk in FAMILIES["robust"] + FAMILIES["average_floor"])
    assert all(lk.kind == name for name, v in FAMILIES.items() for lk in v)
