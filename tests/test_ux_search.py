"""One search language in `aggregator search` and Datasette's search box; Datasette pages
a reader can use (default columns, links between tables, internal tables hidden)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from aggregator.portal.datasette_hooks import DEFAULT_COLUMNS, PLUGINS_DIR
from aggregator.portal.query import to_fts
from aggregator.portal.search import search
from aggregator.portal.serve import CANNED_QUERIES, datasette_metadata
from aggregator.sources.registry import load_registry
from aggregator.store import Store
from aggregator.store.schema import INTERNAL_TABLES

from .replay import aggregator
from .test_dataset import ARTICLES, make_article

EXTRA = [
    ("akipress", "news/7", "s-pres", "Президент Казахстана Токаев провёл встречу с инвесторами",
     "Токаев обсудил инвестиции. Президент пообещал поддержку.", "2026-02-14T06:00:00Z", ["KZ"]),
    ("kaktus", "doc/8", "s-pres2", "Президент Кыргызстана посетил Ташкент",
     "Президент Кыргызстана прибыл в Ташкент с визитом.", "2026-02-14T08:00:00Z", ["KG", "UZ"]),
    ("tengrinews", "news/9", "s-cn", "Казахстан и Китай открыли новый пункт пропуска",
     "Казахстан и Китай договорились о торговле. Далеко от этого Китай строит дороги.",
     "2026-02-13T08:00:00Z", ["KZ", "CN"]),
]


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "news.db")
    store.save_sources(load_registry().values())
    rows = ARTICLES + EXTRA
    store.upsert_articles([make_article(*row) for row in rows])
    store.refresh_stories({row[2] for row in rows})
    yield store
    store.close()


def datasette_app(store):
    datasette = pytest.importorskip("datasette.app")
    return datasette.Datasette([str(store.path)], metadata=datasette_metadata(Path(store.path).stem),
                               plugins_dir=str(PLUGINS_DIR))


def get(app, path):
    async def fetch():
        await app.invoke_startup()
        return await app.client.get(path)
    return asyncio.run(fetch())


def box(store, app, query):
    """Titles Datasette's search box finds for ``query`` on the articles table."""
    name = Path(store.path).stem
    response = get(app, f"/{name}/articles.json?_search={query}&_shape=array&_col=title")
    assert response.status_code == 200, response.text
    return {row["title"] for row in response.json()}


def cli(store, query):
    return {hit["title"] for hit in search(store, query, limit=100)}


@pytest.mark.parametrize("query", [
    "Бишкек", "бишкеке", '"Бишкек', '"в Бишкеке"', "бишкек OR ташкент", "президент -Токаев",
    "Казахстан NEAR Китай", "газ", "Президент NOT Ташкент", 'газ" OR', "(газ", "газ*"])
def test_the_search_box_and_the_cli_find_the_same(store, query):
    found = cli(store, query)
    assert box(store, datasette_app(store), query) == found


def test_the_language_does_what_the_docs_say(store):
    assert cli(store, "Бишкек") == {ARTICLES[0][3]}  # the body says "в Бишкеке"
    assert cli(store, '"Бишкек') == set()            # a phrase is the exact word, quote closed
    either = cli(store, "бишкек OR ташкент")
    assert either == {ARTICLES[0][3], EXTRA[1][3]}
    assert cli(store, "президент -Токаев") == {EXTRA[1][3]}
    assert cli(store, "Казахстан NEAR Китай") == {EXTRA[2][3]}
    assert cli(store, "Казахстан NEAR/1 дороги") == set()
    assert to_fts("-Токаев") == ""
    with pytest.raises(ValueError):
        search(store, "-Токаев")


def test_an_unknown_source_is_a_usage_error(store):
    with pytest.raises(ValueError, match="nosuch"):
        search(store, "газ", source=["nosuch"])
    result = aggregator("search", "газ", "--db", str(store.path), "--source", "nosuch")
    assert result.returncode == 2 and "nosuch" in result.stderr


def test_the_articles_page_shows_the_readers_columns(store):
    app = datasette_app(store)
    name = Path(store.path).stem
    page = get(app, f"/{name}/articles?_search=газ")
    assert page.status_code == 302
    location = page.headers["location"]
    assert "_search=" in location and all(f"_col={c}" in location for c in DEFAULT_COLUMNS)
    shown = get(app, location)
    assert shown.status_code == 200
    assert 'data-column="body_html"' not in shown.text and 'data-column="title"' in shown.text
    assert "Кыргызстан и Узбекистан подписали" in shown.text
    assert "column-descriptions-folded" in shown.text  # the descriptions fold under one line
    assert get(app, f"/{name}/articles?_col=url").status_code == 200  # a reader's choice stays


def test_rows_link_to_their_story_source_and_representative(store):
    app = datasette_app(store)
    name = Path(store.path).stem
    article = get(app, f"/{name}/articles/1.json?_shape=array").json()
    assert article
    table = get(app, f"/{name}/articles.json?_col=story_id&_col=source&_labels=on&_shape=array").json()
    first = table[0]
    assert isinstance(first["story_id"], dict) and first["story_id"]["label"]
    assert isinstance(first["source"], dict)
    story = get(app, f"/{name}/stories.json?_labels=on&_shape=array").json()[0]
    assert isinstance(story["representative_id"], dict)
    row_page = get(app, f"/{name}/stories/s-gas")
    assert row_page.status_code == 200 and "story_id" in row_page.text  # articles pointing here


def test_internal_tables_are_hidden_and_queries_described(store):
    metadata = datasette_metadata("news")["databases"]["news"]
    for table in INTERNAL_TABLES:
        assert metadata["tables"][table]["hidden"] is True
    for name, query in CANNED_QUERIES.items():
        assert query.get("description"), name
        assert "fetched_at" not in query["sql"], name  # counts by publication time
    app = datasette_app(store)
    page = get(app, f"/{Path(store.path).stem}")
    assert "story_signatures" not in page.text.split("hidden table")[0]
