"""`aggregator enrich`: the same chain as a crawl, over JSON Lines, without Scrapy."""

import gzip
import json

import sqlite_utils

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
