"""Entities in the dataset: stored with each batch, queried by the CLI, search and feeds,
re-extracted resumably by ``aggregator entities --update``."""

from __future__ import annotations

import json

import pytest

from aggregator.enrich.jsonl import enrich_lines
from aggregator.enrich.persist import store_articles
from aggregator.enrich.steps import process_article
from aggregator.entities import extractor_name
from aggregator.entities.update import update_entities
from aggregator.items import Article
from aggregator.portal.feeds import latest_stories
from aggregator.portal.search import search
from aggregator.store import Store
from aggregator.store.entities import entity_ids, top_entities
from aggregator.stories.index import StoryIndex

from .replay import aggregator

TEXTS = [
    ("kaktus", "1", "Садыр Жапаров встретился с Касым-Жомартом Токаевым",
     "БИШКЕК. Президент Садыр Жапаров встретился с Касым-Жомартом Токаевым. Жапаров пригласил "
     "Токаева на Иссык-Куль."),
    ("akipress", "2", "Жапаров подписал закон",
     "Садыр Жапаров подписал закон о бюджете, сообщили в Бишкеке."),
    ("tengrinews", "3", "Токаев провёл совещание",
     "АСТАНА. Касым-Жомарт Токаев провёл совещание в Акорде."),
]


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "news.db")
    articles = []
    for source, n, title, body in TEXTS:
        url = f"https://{source}.example/{n}"
        article = Article(url=url, source=source, title=title, body=body,
                          fetched_at="2026-02-17T10:00:00Z", date_raw="2026-02-16T10:00:00Z")
        articles.append(process_article(article))
    stories = StoryIndex(store)
    for article in articles:
        stories.assign(article)
    store_articles(store, stories, articles)
    yield store
    store.close()


def test_the_most_mentioned_come_first_with_their_articles(store):
    rows = top_entities(store, kind="PER")
    top = {r["name"]: r for r in rows}
    assert top["Садыр Жапаров"]["articles"] == 2 and top["Садыр Жапаров"]["mentions"] == 5
    assert top["Касым-Жомарт Токаев"]["articles"] == 2 and top["Касым-Жомарт Токаев"]["mentions"] == 5
    assert {rows[0]["name"], rows[1]["name"]} == {"Садыр Жапаров", "Касым-Жомарт Токаев"}
    assert len(rows) == 2  # "Жапаров" and "Токаева" alone joined the full names
    assert {r["name"] for r in top_entities(store, country="KZ")} >= {"Касым-Жомарт Токаев", "Акорда"}


def test_an_alias_finds_the_entity_and_a_story_has_its_articles_entities(store):
    ids = entity_ids(store, "Жапарову") or entity_ids(store, "Жапаров")
    assert ids == entity_ids(store, "Садыр Жапаров") and ids
    story = store.db.execute("SELECT story_id FROM articles WHERE source = 'tengrinews'").fetchone()[0]
    assert {r["name"] for r in top_entities(store, story=story)} >= {"Касым-Жомарт Токаев", "Астана"}


def test_search_and_feed_filter_by_entity(store):
    hits = search(store, "", entity="Садыр Жапаров")
    assert {h["source"] for h in hits} == {"kaktus", "akipress"}
    assert [h["source"] for h in search(store, "закон", entity="Садыр Жапаров")] == ["akipress"]
    assert search(store, "", entity="Никто Неизвестный") == []
    stories = latest_stories(store, entity="Касым-Жомарт Токаев")
    assert {a["source"] for s in stories for a in s["articles"]} >= {"kaktus", "tengrinews"}


def test_the_update_pass_is_resumable_and_only_does_what_is_left(store):
    assert update_entities(store, "fast") == 0  # the live chain's extractor already ran
    assert update_entities(store, "natasha", limit=2) == 2
    assert update_entities(store, "natasha") == 1  # the one left
    assert update_entities(store, "natasha") == 0
    markers = {r[0] for r in store.db.execute("SELECT extractor FROM entity_extractions")}
    assert markers == {extractor_name("natasha")}  # "natasha-<EXTRACTOR_VERSION>"
    assert "Садыр Жапаров" in {r["name"] for r in top_entities(store, kind="PER")}


def test_the_entity_tables_are_linked_by_foreign_keys(store):
    keys = {(r[2], r[3]) for r in store.db.execute("PRAGMA foreign_key_list(article_entities)")}
    assert keys == {("articles", "article_id"), ("entities", "entity_id")}


def test_enrich_outputs_entities_per_record():
    line = json.dumps({"url": "https://24.kg/1", "title": "Садыр Жапаров взял отпуск",
                       "text": "Президент Кыргызстана Садыр Жапаров взял отпуск."}, ensure_ascii=False)
    record = next(enrich_lines([line], {})).record
    assert {"type": "PER", "name": "Садыр Жапаров", "mentions": 2} in record["entities"]
    assert all(set(e) == {"type", "name", "mentions"} for e in record["entities"])


def test_the_entities_command_and_search_by_entity(store):
    result = aggregator("entities", "--db", str(store.path), "--type", "PER", "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["name"] for r in rows[:2]} == {"Садыр Жапаров", "Касым-Жомарт Токаев"}
    result = aggregator("search", "--entity", "Садыр Жапаров", "--db", str(store.path))
    assert result.returncode == 0 and "Жапаров подписал закон" in result.stdout


def test_the_documented_extractor_markers_are_the_current_ones():
    from pathlib import Path

    from dataclasses import fields

    from aggregator.store.schema import TABLES

    docs = (Path(__file__).resolve().parents[1] / "docs" / "schema.md").read_text(encoding="utf-8")
    for model in ("fast", "natasha"):
        marker = f"`{extractor_name(model)}`"
        assert marker in docs
        assert marker in TABLES["entity_extractions"]["columns"]["extractor"]
        assert any(marker in f.metadata["doc"] for f in fields(Article)
                   if f.name == "entities_extractor")
