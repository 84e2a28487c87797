"""The cheaper forms of session 14 give what the ones they replace gave: ``Entity.evidence``
as the record plus the sorted aliases, the gazetteer's lower-case pattern compiled once
for plain texts and texts with an emoji, country mentions as named tuples."""

from aggregator.enrich.country_matcher import Mention, find_mentions, normalise
from aggregator.entities import gazetteer
from aggregator.entities.extract import extract_entities
from aggregator.entities.names import Entity
from tests.conftest import read_jsonl


def _old_evidence(entity: Entity) -> dict:
    """``Entity.evidence`` as it was written before (session 13)."""
    return {**entity.record(), "aliases": sorted(entity.variants | {entity.name}),
            "country": entity.country, "in_lead": entity.in_lead, "first_pos": entity.first_pos}


def test_evidence_as_before_on_dev_texts(eval_dev):
    rows = read_jsonl(eval_dev / "stories.jsonl")[:150] + read_jsonl(eval_dev / "countries.jsonl")[:150]
    checked = 0
    for row in rows:
        for entity in extract_entities(row.get("title") or "", row.get("text") or "", row.get("lang")):
            new, old = entity.evidence(), _old_evidence(entity)
            assert new == old and list(new) == list(old)  # same values, same key order
            checked += 1
    assert checked > 1000


def test_evidence_adds_a_name_missing_from_the_variants():
    entity = Entity("PER", "Садыр Жапаров", 2, "Садыр Жапаров", "sdr jprv", True, 0, "KG")
    entity.variants.update({"Жапарова", "Жапаров"})
    assert entity.evidence() == _old_evidence(entity)
    assert entity.evidence()["aliases"] == ["Жапаров", "Жапарова", "Садыр Жапаров"]


def test_lower_pattern_compiled_once_for_plain_and_emoji_texts():
    gazetteer._lower_pattern.cache_clear()
    plain = gazetteer.gazetteer_hits("Президент Казахстана Касым-Жомарт Токаев прибыл в Бишкек.", "ru")
    emoji = gazetteer.gazetteer_hits("Президент Казахстана Касым-Жомарт Токаев прибыл в Бишкек 🇰🇬.", "ru")
    assert [h.entity.form for h in plain] == [h.entity.form for h in emoji] and plain
    assert gazetteer._lower_pattern.cache_info().currsize == 1


def test_mentions_are_named_tuples_with_the_fields_by_name(eval_dev):
    rows = read_jsonl(eval_dev / "countries.jsonl")[:100]
    found = [m for row in rows
             for m in find_mentions(normalise(row.get("title") or ""), normalise(row.get("text") or ""), None)]
    assert found and all(isinstance(m, Mention) for m in found)
    first = found[0]
    assert (first.country, first.in_title, first.start, first.end, first.kind, first.matched,
            first.dateline) == tuple(first)
    assert Mention("KZ", False, 1, 2, "name", "Казахстан").dateline is False
