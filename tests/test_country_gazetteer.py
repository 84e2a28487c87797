"""Country tags on real dev texts, one class of gazetteer error each: outlet names read as
countries, unqualified institutions, typos, missing places. The texts are read from
``../shared/eval/dev`` (only their ids live here), all from the part of the labelled data
the rules are tuned on (stories families and countries.jsonl ids outside the held-out
split of ``benchmarks/bench_tagging``)."""

from __future__ import annotations

import pytest

from aggregator.enrich.countries import tag_countries
from aggregator.enrich.country_matcher import find_mentions, normalise
from tests.conftest import read_jsonl


@pytest.fixture(scope="module")
def dev_texts(eval_dev) -> dict[str, tuple[dict, dict]]:
    """id -> (text record, labels) for stories.jsonl and countries.jsonl."""
    texts = {row["id"]: row for row in read_jsonl(eval_dev / "stories.jsonl")}
    labelled = {row["id"]: (texts[row["id"]], row)
                for row in read_jsonl(eval_dev / "stories_countries.jsonl")}
    labelled.update({row["id"]: (row, row) for row in read_jsonl(eval_dev / "countries.jsonl")})
    return labelled


def tagged(dev_texts, example_id: str):
    text, label = dev_texts[example_id]
    return tag_countries(text.get("title") or "", text["text"], text.get("lang")), label


@pytest.mark.parametrize(("example_id", "outlet"), [
    ("b2-014", "kazinform"),  # "сообщает ... агентства Kazinform", "Фото: .../Kazinform"
    ("b4-038", "xinhua"),  # "Фото: Global Look Press/XinHua/..." over a Nukus trial
])
def test_outlet_names_are_not_countries(dev_texts, example_id, outlet):
    text, label = dev_texts[example_id]
    title, body = normalise(text.get("title") or ""), normalise(text["text"])
    assert outlet in body.lower()
    mentions = find_mentions(title, body, text.get("lang"))
    assert not [m for m in mentions if outlet in m.matched.lower()]
    result, _ = tagged(dev_texts, example_id)
    assert set(label["countries"]) <= set(result.countries)


@pytest.mark.parametrize(("text", "expected"), [
    ("Об этом сообщает Sputnik Казахстан.", []),
    ("В Ташкенте открыли мост, передает Sputnik Узбекистан.", ["UZ"]),
    ("Об этом пишет «Вечерний Бишкек».", []),
    ("Как передает агентство Синьхуа, переговоры прошли в Москве.", []),
    # the country itself is still a country
    ("Казахстан и Кыргызстан подписали соглашение.", ["KG", "KZ"]),
])
def test_outlet_table_blocks_only_the_outlet(text, expected):
    assert tag_countries("", text, "ru").countries == expected
