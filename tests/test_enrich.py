"""`aggregator enrich`: the same chain as a crawl, over JSON Lines, without Scrapy."""

import gc
import gzip
import io
import json

import pytest
import sqlite_utils

from aggregator.enrich.jsonl import enrich as enrich_records
from aggregator.items import Article
from aggregator.sources.registry import load_registry
from aggregator.store import Store
from aggregator.stories.index import StoryIndex
from aggregator.stories.scoring import ScoringPolicy

from .conftest import read_jsonl
from .replay import aggregator

RECORDS = [
    {"url": "https://24.kg/vlast/219934_sadyir_japarov/amp?utm_source=tg", "source": "kaktus",
     "title": "", "text": "11:35, 10 января 2022, Бишкек - 24.kg\nСадыр Жапаров взял краткосрочный "
     "отпуск. Об этом сообщила пресс-служба главы государства.",
     "date": "11:35, 10 января 2022", "fetched_at": "2022-01-10T12:00:00+06:00"},
    {"title": "Вчера в Астане", "text": "Вчера в Астане прошло заседание правительства Казахстана.",
     "date": "Вчера 23:50", "tz": "Asia/Almaty", "fetched_at": "2026-01-01T00:20:00+05:00"},
]


def enrich(tmp_path, lines, *args):
    infile = tmp_path / "in.jsonl"
    infile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = aggregator("enrich", str(infile), *args)
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result, out


def test_records_gain_normalised_fields_in_input_order(tmp_path):
    result, out = enrich(tmp_path, [json.dumps(r, ensure_ascii=False) for r in RECORDS])
    assert result.returncode == 0, result.stderr
    first, second = out
    assert first["text"] == RECORDS[0]["text"]  # the input record is kept as it was
    assert first["published_at"] == "2022-01-10T05:35:00Z"
    assert first["published_local"] == "2022-01-10T11:35:00+06:00"
    assert first["date_precision"] == "minute"
    assert first["lang"] == "ru" and first["countries"] == ["KG"] and first["primary_country"] == "KG"
    assert first["canonical_url"] == "https://24.kg/vlast/219934_sadyir_japarov"
    assert second["published_local"] == "2025-12-31T23:50:00+05:00"  # the previous year
    assert second["countries"] == ["KZ"]
    assert first["story_id"] and first["story_id"] != second["story_id"]


def test_invalid_lines_are_reported_skipped_and_fail_the_run(tmp_path):
    lines = [json.dumps(RECORDS[1], ensure_ascii=False), "{not json", "[1, 2]", json.dumps(RECORDS[1], ensure_ascii=False)]
    result, out = enrich(tmp_path, lines)
    assert result.returncode == 1
    assert len(out) == 2
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_html_fills_what_the_record_lacks(tmp_path, real_html):
    html = gzip.decompress((real_html / "fundus-ua-pravda-v1-20260108.html.gz").read_bytes()).decode("utf-8")
    truth = json.loads((real_html / "fundus-ua-pravda-v1-20260108.json").read_text(encoding="utf-8"))
    record = {"url": truth["url"], "html": html, "fetched_at": "2026-01-09T00:00:00+00:00"}
    result, out = enrich(tmp_path, [json.dumps(record)])
    assert result.returncode == 0, result.stderr
    assert out[0]["published_at"] == "2026-01-08T15:46:00Z"
    assert out[0]["lang"] == "ru"
    # what the page gave, where the record lacked it, with the layer of each
    assert out[0]["title"] == truth["title"] and out[0]["title_layer"]
    assert out[0]["text"] and out[0]["body_layer"]
    assert out[0]["date_raw"] and out[0]["date_layer"]
    assert "html" in out[0] and out[0]["html"] == html  # the input record is kept as it was


def test_html_does_not_replace_what_the_record_gives(tmp_path, real_html):
    html = gzip.decompress((real_html / "fundus-ua-pravda-v1-20260108.html.gz").read_bytes()).decode("utf-8")
    truth = json.loads((real_html / "fundus-ua-pravda-v1-20260108.json").read_text(encoding="utf-8"))
    record = {"url": truth["url"], "html": html, "title": "Заголовок из записи",
              "fetched_at": "2026-01-09T00:00:00+00:00"}
    result, out = enrich(tmp_path, [json.dumps(record)])
    assert result.returncode == 0, result.stderr
    assert out[0]["title"] == "Заголовок из записи" and out[0]["title_layer"] == "input"
    assert out[0]["text"]


def test_stdin_stdout_and_database(tmp_path):
    db = tmp_path / "enriched.db"
    result = aggregator("enrich", "-", "-o", "-", "--db", str(db),
                        stdin=json.dumps(RECORDS[0], ensure_ascii=False) + "\n")
    assert result.returncode == 0, result.stderr
    rows = list(sqlite_utils.Database(db).query("select canonical_url, published_at from articles"))
    assert rows == [{"canonical_url": "https://24.kg/vlast/219934_sadyir_japarov",
                     "published_at": "2022-01-10T05:35:00Z"}]


def test_dev_dates_through_enrich(tmp_path, eval_dev):
    """The dates eval set through the whole chain: the enrich path must not lose accuracy."""
    examples = read_jsonl(eval_dev / "dates.jsonl")
    lines = [json.dumps({"date": e["text"], "tz": e["tz"], "fetched_at": e["now"]}, ensure_ascii=False)
             for e in examples]
    result, out = enrich(tmp_path, lines)
    assert result.returncode == 0, result.stderr
    correct = sum(_date_matches(o, e) for o, e in zip(out, examples))
    assert correct / len(examples) >= 0.95


def _date_matches(out, example):
    expected = example["expected"]
    if expected is None:
        return out["published_local"] is None
    if example["granularity"] == "day":
        return (out["published_local"] or "")[:10] == expected[:10]
    return out["published_local"] is not None and out["published_local"][:16] == expected[:16]


def _dev_records(eval_dev, repeat: int):
    """The real dev articles ``repeat`` times over, each time under new URLs."""
    examples = read_jsonl(eval_dev / "dedup.jsonl")
    for k in range(repeat):
        for e in examples:
            yield json.dumps({"url": f"{e['url']}?copy={k}", "title": e.get("title", ""),
                              "text": e["text"], "date": e.get("date") or "2025-09-18",
                              "fetched_at": "2025-09-19T00:00:00+00:00"}, ensure_ascii=False)


def _live_articles() -> int:
    return sum(isinstance(o, Article) for o in gc.get_objects())


@pytest.mark.parametrize("with_db", [False, True])
def test_enrich_streams_with_bounded_memory(tmp_path, eval_dev, with_db):
    # articles do not pile up as lines are read: at most one batch is alive (kept with or
    # without a store: its stories are decided again as a whole before it is written)
    store = Store(tmp_path / "news.db") if with_db else None
    alive = []

    def lines():
        for number, line in enumerate(_dev_records(eval_dev, 5), start=1):
            if number % 60 == 0:
                alive.append(_live_articles())
            yield line

    out, progress = io.StringIO(), []
    counts = enrich_records(lines(), out, load_registry(), store=store, batch_size=20,
                            on_progress=lambda c: progress.append(c.read), progress_every=100)
    assert counts.read == counts.written == 300 and counts.skipped == 0
    assert progress == [100, 200, 300]
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 300
    assert max(alive) <= 20 + 2, alive
    if store is not None:  # one row per article (a few dev pages share a canonical URL)
        assert store.count("articles") == len({r["canonical_url"] for r in records}) > 250
        store.close()


def test_story_ids_name_the_story_a_later_bridge_made(eval_dev):
    # the first two reports are kept apart, the third bridges them: all three records
    # come out with the surviving story's id, though the first was read before the bridge
    # (the hand-weighted policy: the fitted one never merges stories through a bridge)
    examples = [e for e in read_jsonl(eval_dev / "dedup.jsonl") if e["cluster"] == "s020"]
    index = StoryIndex(policy=ScoringPolicy())

    def record(e, text):
        return json.dumps({"url": e["url"], "title": e.get("title", ""), "text": text,
                           "date": e.get("date") or "2025-09-18"}, ensure_ascii=False)

    lines = [record(examples[0], examples[0]["text"]), record(examples[1], examples[1]["text"]),
             record({"url": "https://x.kz/both"}, examples[0]["text"] + "\n" + examples[1]["text"])]
    assign = index.assign

    def assign_first_two_apart(article):
        # the lines are read a group at a time, so the threshold is set as each is assigned
        both = article.url == "https://x.kz/both"
        index.policy.THRESHOLD = type(index.policy).THRESHOLD if both else 99
        return assign(article)

    index.assign = assign_first_two_apart
    out = io.StringIO()
    enrich_records(lines, out, load_registry(), index)
    ids = [json.loads(line)["story_id"] for line in out.getvalue().splitlines()]
    assert index.merged and len(set(ids)) == 1, ids


# --- one step list, for the crawl and for enrich ------------------------------------------

def _crawler(source):
    from types import SimpleNamespace

    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    settings = Settings()
    settings.setmodule("aggregator.crawl.settings")  # the project's settings, as in a crawl
    crawler = SimpleNamespace(spider=SimpleNamespace(source=source, name=source.name),
                              settings=settings, stats=None)
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


def test_the_crawl_settings_order_the_pipelines_as_the_step_list():
    from aggregator.crawl import pipelines, settings
    from aggregator.enrich.steps import STEPS

    ordered = sorted(settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
    names = [path.rsplit(".", 1)[1] for path, _ in ordered]
    assert names[-1] == "StorePipeline"
    assert [getattr(pipelines, name).step for name in names[:-1]] == list(STEPS)
    assert [priority for _, priority in ordered[:-1]] == [100 * n for n in range(1, len(STEPS) + 1)]


def test_the_pipelines_in_settings_order_give_what_process_article_gives():
    from scrapy.utils.misc import load_object

    from aggregator.crawl import settings
    from aggregator.enrich.steps import process_article

    source = load_registry()["kaktus"]
    raw = dict(url="https://kaktus.media/doc/1.html?utm_source=tg", source="kaktus",
               title="Садыр Жапаров взял отпуск",
               body="Садыр Жапаров взял краткосрочный отпуск, сообщили в Бишкеке.",
               date_raw="10 января 2022, 11:35", fetched_at="2022-01-10T12:00:00Z")
    crawled = Article(**raw)
    for path, _ in sorted(settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])[:-1]:
        crawled = load_object(path).from_crawler(_crawler(source)).process_item(crawled)
    enriched = process_article(Article(**raw), source)
    assert crawled == enriched
    assert enriched.published_local == "2022-01-10T11:35:00+06:00" and enriched.lang == "ru"
    assert enriched.canonical_url == "https://kaktus.media/doc/1.html"
    assert enriched.countries == ["KG"]


def test_the_clean_and_dedup_adapters_drop_what_a_crawl_must_not_store():
    from scrapy.exceptions import DropItem

    from aggregator.crawl.pipelines import CleanPipeline, DedupPipeline

    crawler = _crawler(load_registry()["kaktus"])
    with pytest.raises(DropItem):
        CleanPipeline(crawler).process_item(Article(url="https://kaktus.media/doc/2.html"))
    dedup = DedupPipeline(crawler)
    dedup.process_item(Article(url="https://kaktus.media/doc/3.html?utm_source=tg"))
    with pytest.raises(DropItem):
        dedup.process_item(Article(url="https://kaktus.media/doc/3.html"))
    assert crawler.stats.get_value("aggregator/duplicate") == 1


def test_young_collections_are_rarer_during_a_run_only():
    from aggregator.enrich.jsonl import YOUNG_THRESHOLD

    before = gc.get_threshold()
    during = []
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    counts = enrich_records(lines, io.StringIO(), {}, progress_every=1,
                            on_progress=lambda _: during.append(gc.get_threshold()))
    assert counts.written == len(RECORDS)
    assert during and all(t == (max(before[0], YOUNG_THRESHOLD), *before[1:]) for t in during)
    assert gc.get_threshold() == before
