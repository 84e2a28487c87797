"""Candidate keys from the article's people and organisations (``entity_keys``), on composed
texts: a Russian report and an English rewrite of it share no stem, number or LSH band,
only the person; the entity keys let the index offer one to the other."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from aggregator.entities import extract_entities
from aggregator.items import Article
from aggregator.stories.entity_keys import entity_keys, filed_keys, lookup_passes
from aggregator.stories.index import StoryIndex

RU = ("Бакыт Турдумаматов, глава горнорудной компании, встретился в Бишкеке с послом Японии. "
      "Турдумаматов обсудил поставки оборудования для рудника.")
EN = ("Bakyt Turdumamatov, who heads a mining company, met the Japanese ambassador in "
      "Bishkek. Turdumamatov discussed deliveries of equipment for the mine.")
OTHER_RU = ("Бакыт Асанов, глава горнорудной компании, встретился в Бишкеке с послом Японии. "
            "Асанов обсудил поставки оборудования для рудника.")


def _entities(text: str, lang: str) -> list[dict]:
    return [e.evidence() for e in extract_entities("", text, lang)]


def _article(n: str, title: str, body: str, lang: str) -> Article:
    a = Article(url=f"https://x.kg/{n}", canonical_url=f"https://x.kg/{n}", title=title,
                body=body, lang=lang, published_at="2025-09-18T09:00:00Z",
                fetched_at="2025-09-18T12:00:00Z")
    a.entities = _entities(f"{title}\n{body}", lang)
    return a


# the filler's topics, one per article: the window must be large enough for a name
# named once to be rare (its IDF reaches the candidate cut of 3 from about 21 articles)
_TOPICS = ["погода", "футбол", "театр", "выставка", "фестиваль", "концерт", "урожай", "школа",
           "больница", "мост", "дорога", "парк", "музей", "библиотека", "вокзал", "рынок",
           "стадион", "зоопарк", "аэропорт", "трамвай", "фонтан", "цирк", "каток", "пляж",
           "сквер", "почта", "аптека", "кинотеатр"]


def _window(mode: str) -> StoryIndex:
    index = StoryIndex()
    index.CANDIDATE_KEYS = mode  # the instance's, not the class's: other tests unaffected
    for n, topic in enumerate(_TOPICS):
        index.assign(_article(f"f{n}", f"Новости: {topic}",
                              f"В городе обсуждают тему «{topic}» и её перспективы.", "ru"))
    return index


def test_one_person_one_key_across_scripts_and_another_person_none():
    ru, en, other = _entities(RU, "ru"), _entities(EN, "en"), _entities(OTHER_RU, "ru")
    assert any(e["type"] == "PER" for e in ru) and any(e["type"] == "PER" for e in en)
    assert entity_keys(ru) & entity_keys(en)  # Турдумаматов = Turdumamatov
    assert not entity_keys(ru) & entity_keys(other)  # Асанов is someone else
    assert entity_keys([{"type": "LOC", "name": "Бишкек"}]) == frozenset()  # places not keyed
    assert entity_keys(None) == frozenset()


@pytest.mark.parametrize("mode, offered", [("shipped", False), ("entities", True),
                                           ("entities_fallback", True)])
def test_a_rewrite_in_another_language_is_offered_through_the_person(mode, offered):
    index = _window(mode)
    first = index.assign(_article("ru", "", RU, "ru"))
    stories = index.candidate_stories(_article("en", "", EN, "en"))
    assert (first in stories) is offered


def test_shipped_mode_reads_no_entity_and_files_the_same_keys():
    index = _window("shipped")
    a = _article("ru", "", RU, "ru")
    assert a.entities and index._ents(a) == frozenset()
    assert _window("entities")._ents(a) == entity_keys(a.entities) != frozenset()


def test_lookup_passes_by_mode():
    q = SimpleNamespace(index_keys=lambda: [1, 5, 9], ents=frozenset({7, 3}))
    assert lookup_passes(q, "shipped") == [[1, 5, 9]]
    assert lookup_passes(q, "entities") == [[1, 3, 5, 7, 9]]
    assert lookup_passes(q, "entities_fallback") == [[1, 5, 9], [3, 7]]
    assert filed_keys(q, "shipped") == [1, 5, 9]
    assert filed_keys(q, "entities") == [1, 5, 9, 3, 7]
    none = SimpleNamespace(index_keys=lambda: [2], ents=frozenset())
    assert lookup_passes(none, "entities_fallback") == [[2]]
