"""The undated margin (issue 17, session 17): a pair with a side that has no explicit page
day must reach the threshold plus the model's margin, online and in the batch."""

from __future__ import annotations

import numpy as np

from aggregator.items import Article
from aggregator.stories import fit
from aggregator.stories.fit_margins import MARGIN_GRID, best_margin
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.recluster import recluster

TEXT = ("Вчера Абдыкалыков и Жумабеков открыли новый мост через реку Нарын в Кочкорском районе, "
        "строительство обошлось в 412 млн сомов.")
# the same headline on both sides: head_overlap 1, so each pair's probability is
# sigmoid(10 - 9.6) = 0.599, between the threshold 0.5 and 0.5 + a margin of 0.2
BIAS, MARGIN = -9.6, 0.2


def _article(url: str, body: str, day: str | None) -> Article:
    return Article(url=url, canonical_url=url, title="Мост через Нарын открыт", body=body,
                   lang="ru", published_at=f"{day}T09:00:00Z" if day else None,
                   published_local=f"{day}T12:00:00" if day else None,
                   date_precision="minute" if day else None, date_raw=day,
                   fetched_at="2025-09-20T00:00:00Z")


def _model(online: float = 0.0, batch: float = 0.0) -> StoryModel:
    w = np.zeros(len(FEATURE_NAMES))
    w[FEATURE_NAMES.index("head_overlap")] = 10.0
    return StoryModel(FEATURE_NAMES, w, BIAS, 0.5, recluster_threshold=0.5,
                      undated_margin=online, recluster_undated_margin=batch)


# the second article: an explicit day; none; a stand-in day from its text (counts as none)
SECOND = {"dated": (TEXT, "2025-09-01"), "undated": (TEXT, None),
          "stand-in": (TEXT + " Открытие прошло 1 сентября.", None)}


def _joins_online(model: StoryModel, second: str) -> bool:
    index = StoryIndex(policy=FittedPolicy(model))
    first = index.assign(_article("https://a.kg/1", TEXT, "2025-09-01"))
    return index.assign(_article("https://b.kg/1", *SECOND[second])) == first


def test_the_online_margin_applies_only_when_a_side_is_undated():
    assert all(_joins_online(_model(), kind) for kind in SECOND)  # margin 0: one bar
    strict = _model(online=MARGIN)
    assert _joins_online(strict, "dated")
    assert not _joins_online(strict, "undated") and not _joins_online(strict, "stand-in")
    assert all(_joins_online(_model(batch=MARGIN), kind) for kind in SECOND)  # batch's only


class NeverJoins(FittedPolicy):
    """Every article its own story on arrival; the batch decides again."""

    def story_score(self, q, records_) -> float:
        return 0.0


def _joined_in_batch(model: StoryModel, second: str, margin: float | None = None) -> bool:
    index = StoryIndex(policy=NeverJoins(model))
    articles = [_article("https://a.kg/2", TEXT, "2025-09-01"),
                _article("https://b.kg/2", *SECOND[second])]
    for a in articles:
        index.assign(a)
    recluster(index, 0, undated_margin=margin)
    return sum(1 for n in index.stories.values() if n) == 1


def test_the_batch_margin_applies_only_when_a_side_is_undated():
    assert all(_joined_in_batch(_model(), kind) for kind in SECOND)
    strict = _model(batch=MARGIN)
    assert _joined_in_batch(strict, "dated")
    assert not _joined_in_batch(strict, "undated") and not _joined_in_batch(strict, "stand-in")
    assert _joined_in_batch(strict, "undated", margin=0.0)  # the fit's override
    assert _joined_in_batch(_model(online=MARGIN), "undated")  # the online margin is not it


def test_the_margins_are_stored_and_a_file_without_them_is_main(tmp_path):
    plain = _model()
    plain.save(tmp_path / "plain.json")
    assert "undated_margin" not in (tmp_path / "plain.json").read_text(encoding="utf-8")
    loaded = StoryModel.load(tmp_path / "plain.json")
    assert (loaded.undated_margin, loaded.recluster_undated_margin) == (0.0, 0.0)
    _model(0.1, 0.25).save(tmp_path / "u.json")
    loaded = StoryModel.load(tmp_path / "u.json")
    assert (loaded.undated_margin, loaded.recluster_undated_margin) == (0.1, 0.25)
    assert FittedPolicy(loaded).undated_margin == 0.1


def test_the_best_margin_breaks_ties_to_the_smaller():
    assert MARGIN_GRID[0] == 0.0 and MARGIN_GRID[-1] == 0.3 and len(MARGIN_GRID) == 7
    assert best_margin({0.0: 0.6, 0.05: 0.7, 0.1: 0.7, 0.15: 0.65}) == 0.05
    assert best_margin({0.0: 0.7, 0.05: 0.7}) == 0.0


def test_the_fit_stores_the_margins_its_inner_cv_chooses(monkeypatch):
    from aggregator.stories import fit_margins

    items = [object()]  # what fit_all hands on; the folds' work is replaced below
    rows = np.array([[0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES)])
    monkeypatch.setattr(fit, "seeded_index", lambda _: (None, rows, np.array([0.0, 1.0])))
    chosen = []
    monkeypatch.setattr(fit_margins, "choose_margins",
                        lambda *args: chosen.append(args[3:5]) or (0.15, 0.05))
    monkeypatch.setattr(fit, "UNDATED_MARGINS", False)
    model, _, _ = fit.fit_all(items, {}, FEATURE_NAMES, thresholds=(0.4, 0.35))
    assert (model.undated_margin, model.recluster_undated_margin) == (0.0, 0.0) and not chosen
    monkeypatch.setattr(fit, "UNDATED_MARGINS", True)
    model, _, _ = fit.fit_all(items, {}, FEATURE_NAMES, thresholds=(0.4, 0.35))
    assert (model.undated_margin, model.recluster_undated_margin) == (0.15, 0.05)
    assert chosen == [(0.4, 0.35)]  # chosen at the thresholds the inner CV picked
