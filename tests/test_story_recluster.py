"""Re-clustering a batch (aggregator.stories.recluster)."""

from __future__ import annotations

import io
import json

import numpy as np

from aggregator.items import Article
from aggregator.store import Store
from aggregator.stories.fitted import FittedPolicy, StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.recluster import next_doc, recluster, restory


def _article(url: str, body: str, day: str | None) -> Article:
    return Article(url=url, canonical_url=url, title="", body=body, lang="ru",
                   published_at=f"{day}T09:00:00Z" if day else None,
                   published_local=f"{day}T12:00:00" if day else None,
                   date_precision="minute" if day else None, date_raw=day,
                   fetched_at="2025-09-20T00:00:00Z")


def _model() -> StoryModel:
    w = np.zeros(len(FEATURE_NAMES))
    w[FEATURE_NAMES.index("names_idf")] = 10.0
    return StoryModel(FEATURE_NAMES, w, -5.0, 0.5)


A = "Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне."
A2 = "Абдыкалыков и Жумабеков в Нарыне снова обсудили мост через реку."
B = ("Вчера Абдыкалыков и Жумабеков обсудили проект моста в Нарыне, а Сатыбалдиев и "
     "Токтосунов осмотрели новую школу в Оше.")
C = "Сатыбалдиев и Токтосунов осмотрели новую школу в Оше после ремонта."


class NeverJoins(FittedPolicy):
    """Every article its own story on arrival (as an unlucky order may leave them); the
    batch is decided again with the model and its threshold."""

    def story_score(self, q, records_) -> float:
        return 0.0


def _batch(index: StoryIndex, texts_days, start: int = 0) -> tuple[list[Article], list[str]]:
    articles = [_article(f"https://n{start + i}.kg/a", text, day)
                for i, (text, day) in enumerate(texts_days)]
    return articles, [index.assign(a) for a in articles]


def test_a_batch_split_by_arrival_order_is_joined_under_the_oldest_id():
    index = StoryIndex(policy=NeverJoins(_model()))
    articles, ids = _batch(index, [(A, "2025-09-01"), (A2, "2025-09-01"), (B, "2025-09-02")])
    assert len(set(ids)) == 3
    moved = recluster(index, 0)
    restory(articles, moved)
    assert len(moved) == 2 and {a.story_id for a in articles} == {ids[0]}
    assert index.stories == {ids[0]: 3, ids[1]: 0, ids[2]: 0}  # two emptied
    # a later copy of a moved article finds its new story
    assert index.assign(_article("https://n1.kg/a", A2, "2025-09-01")) == ids[0]


# unrelated reports of the same day: a window in which the chain's shared names weigh
# enough for A, B and C to be each other's neighbours (alone, C is never compared)
OTHERS = ["Погода в Бишкеке: дождь и ветер ожидаются к вечеру.",
          "Курс доллара на торгах вырос на 3 тыйына.",
          "В Таласе открыли новую библиотеку для читателей.",
          "Сборная по футболу сыграла вничью пятый раз подряд.",
          "Цены на бензин в Караколе поднялись на 2 сома."]


def test_complete_linkage_keeps_a_chain_apart():
    # B shares the names of A and of C; C none with A: B joins one of them, never all three
    index = StoryIndex(policy=NeverJoins(_model()))
    _batch(index, [(text, "2025-09-01") for text in OTHERS], start=100)
    since = next_doc(index)
    articles, _ = _batch(index, [(A, "2025-09-01"), (B, "2025-09-01"), (C, "2025-09-01")])
    moved = recluster(index, since)
    restory(articles, moved)
    a, b, c = (article.story_id for article in articles)
    assert moved and a != c and b in (a, c)


def test_explicit_days_far_apart_stay_apart():
    index = StoryIndex(policy=NeverJoins(_model()))
    _, ids = _batch(index, [(A, "2025-09-01"), (A2, "2025-09-09")])
    assert recluster(index, 0) == {}
    assert len(index.stories) == 2


def test_older_stories_take_batch_articles_but_never_move_or_merge():
    index = StoryIndex(policy=NeverJoins(_model()))
    old, old_ids = _batch(index, [(A, "2025-09-01"), (A2, "2025-09-01")])
    since = next_doc(index)
    new, new_ids = _batch(index, [(B, "2025-09-01")], start=2)
    moved = recluster(index, since)
    restory(old + new, moved)
    # B joins one of the older stories (its best) ...
    assert len(moved) == 1 and new[0].story_id in old_ids
    # ... and the two older stories stay as they were
    assert [a.story_id for a in old] == old_ids and old_ids[0] != old_ids[1]


def test_the_old_policy_is_left_to_its_own_bridges():
    from aggregator.stories.scoring import ScoringPolicy

    index = StoryIndex(policy=ScoringPolicy())
    _batch(index, [(A, "2025-09-01"), (A2, "2025-09-01")])
    assert recluster(index, 0) == {}


def test_enrich_writes_and_stores_the_stories_of_the_batch(tmp_path):
    from aggregator.enrich.jsonl import enrich
    from aggregator.sources.registry import load_registry

    lines = [json.dumps({"url": f"https://n{i}.kg/a", "text": t, "date": "2025-09-01"},
                        ensure_ascii=False) for i, t in enumerate([A, A2, C])]
    out = io.StringIO()
    enrich(lines, out, load_registry(), StoryIndex(policy=NeverJoins(_model())))
    ids = [json.loads(line)["story_id"] for line in out.getvalue().splitlines()]
    assert ids[0] == ids[1] != ids[2]

    store = Store(tmp_path / "db.sqlite")
    try:
        out = io.StringIO()
        enrich(lines, out, load_registry(), StoryIndex(store, policy=NeverJoins(_model())), store)
        ids = [json.loads(line)["story_id"] for line in out.getvalue().splitlines()]
        assert ids[0] == ids[1] != ids[2]
        rows = dict(store.db.execute("SELECT id, article_count FROM stories").fetchall())
        assert rows == {ids[0]: 2, ids[2]: 1}  # the story A2 opened on arrival was never stored
        assert {r[0] for r in store.db.execute("SELECT story_id FROM story_signatures")} == {
            ids[0], ids[2]}
    finally:
        store.close()
