"""Story-level linkage in the batch pass (aggregator.stories.storylevel)."""

from __future__ import annotations

import numpy as np
import pytest

from aggregator.stories.fitted import StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.recluster import next_doc, recluster, restory
from aggregator.stories.storylevel import MISSING, union_row
from tests.test_story_recluster import A, B, C, OTHERS, NeverJoins, _batch, _model


def _linked(linkage: str) -> StoryModel:
    model = _model()
    model.recluster_linkage = linkage
    return model


def test_the_union_row_takes_the_strongest_evidence_and_the_weakest_missing_marks():
    rows = np.zeros((2, len(FEATURE_NAMES)))
    names, day_far = FEATURE_NAMES.index("names_idf"), FEATURE_NAMES.index("day_far")
    rows[0, names], rows[1, names] = 0.2, 0.9
    rows[1, day_far] = 0.5  # a conflict with one member counts
    rows[0, [FEATURE_NAMES.index(n) for n in MISSING]] = 1.0  # missing against one only
    united = union_row(rows)
    assert united[names] == 0.9 and united[day_far] == 0.5
    assert all(united[FEATURE_NAMES.index(n)] == 0.0 for n in MISSING)
    assert (union_row(rows[:1]) == rows[0]).all()


def _chain(linkage: str) -> tuple[str, str, str]:
    # B shares the names of A and of C; C none with A (as test_story_recluster's chain)
    index = StoryIndex(policy=NeverJoins(_linked(linkage)))
    _batch(index, [(text, "2025-09-01") for text in OTHERS], start=100)
    since = next_doc(index)
    articles, _ = _batch(index, [(A, "2025-09-01"), (B, "2025-09-01"), (C, "2025-09-01")])
    restory(articles, recluster(index, since))
    return tuple(article.story_id for article in articles)


def test_union_judges_every_article_so_a_chain_stays_apart():
    a, b, c = _chain("union")
    assert a != c and b in (a, c)


def test_union_smaller_lets_a_single_article_match_the_story_as_a_whole():
    # C against {A, B} as a whole shares B's names: it joins, though A shares none
    a, b, c = _chain("union_smaller")
    assert a == b == c


@pytest.mark.parametrize("linkage", ["union", "union_smaller"])
def test_the_linkage_is_kept_in_the_model_file(tmp_path, linkage):
    path = tmp_path / "model.json"
    _linked(linkage).save(path)
    assert StoryModel.load(path).recluster_linkage == linkage
    _model().save(path)
    assert "recluster_linkage" not in path.read_text(encoding="utf-8")
    assert StoryModel.load(path).recluster_linkage == "complete"
