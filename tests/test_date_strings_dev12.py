"""Shape of the split ``dev12`` (the former blind ``holdout11``) of ``tests/data/date_strings.jsonl``.

These tests read the rows and the benchmark's split constants (data only); the split's score
floors are in ``tests/test_date_strings.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from benchmarks import bench_date_strings as bench

DATA = Path(__file__).parent / "data"
SPLIT = "dev12"
FIELDS = ["id", "text", "site", "url", "lang", "tz", "now", "expected", "granularity", "split", "evidence"]
SECOND_LEVEL = {"com", "org", "net", "gov", "edu", "co", "ac", "info", "biz", "mil", "int", "or", "ne", "go", "nic"}


def rows() -> list[dict]:
    with (DATA / "date_strings.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def registered_domain(url_or_site: str) -> str:
    host = urlsplit(url_or_site if "//" in url_or_site else "http://" + url_or_site).hostname or ""
    host = re.sub(r"^(www\d?|m|amp|mobile)\.", "", host.lower()).rstrip(".")
    parts = host.split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in SECOND_LEVEL else 2
    return ".".join(parts[-keep:])


@pytest.fixture(scope="module")
def split_rows() -> list[dict]:
    return [row for row in rows() if row["split"] == SPLIT]


def test_dev12_is_an_opened_split():
    # holdout11, opened in session 15: no longer the blind split
    assert SPLIT in bench.SPLITS and "holdout11" not in bench.SPLITS
    # holdout12 was collected blind while holdout11 was opened (now dev13); holdout13 while holdout12 was
    assert bench.BLIND_SPLIT == "holdout13" and "holdout12" not in bench.SPLITS


def test_dev12_size_ids_and_fields(split_rows):
    assert len(split_rows) >= 100
    ids = [int(row["id"][1:]) for row in split_rows]
    assert ids == list(range(1493, 1493 + len(split_rows)))
    for row in split_rows:
        assert list(row) == FIELDS, row["id"]
        assert row["text"] == row["text"].strip() and row["text"], row["id"]
        assert row["evidence"], row["id"]


def test_dev12_sites_are_new_and_spread(split_rows):
    others = set()
    for row in rows():
        if row["split"] != SPLIT:
            others |= {registered_domain(row["url"]), registered_domain(row["site"])}
    with (DATA / "country_labels_fresh5.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                others |= {registered_domain(row[key]) for key in ("url", "site") if row.get(key)}
    sites = Counter(row["site"] for row in split_rows)
    assert len(sites) >= 60
    assert max(sites.values()) <= 3
    for row in split_rows:
        assert registered_domain(row["url"]) not in others, row["id"]
        assert registered_domain(row["site"]) == registered_domain(row["url"]), row["id"]


def test_dev12_labels_are_well_formed(split_rows):
    for row in split_rows:
        zone = ZoneInfo(row["tz"])
        now = datetime.fromisoformat(row["now"])
        assert now.utcoffset() is not None, row["id"]
        if row["granularity"] is None:
            assert row["expected"] is None, row["id"]
        elif row["granularity"] == "day":
            date.fromisoformat(row["expected"])
        else:
            assert row["granularity"] in ("minute", "second"), row["id"]
            moment = datetime.fromisoformat(row["expected"])
            assert moment.utcoffset() is not None, row["id"]
            if row["granularity"] == "minute":
                assert moment.second == 0, row["id"]
            if moment.utcoffset() != moment.astimezone(zone).utcoffset():  # a stated other zone (BST)
                assert "UTC+1" in row["evidence"], row["id"]


def test_dev12_null_rows_holding_a_date_or_clock_are_on_the_page_context_list(split_rows):
    listed = {(entry["site"], entry["text"])
              for entry in json.loads((DATA / "date_strings_page_context.json").read_text(encoding="utf-8"))}
    nulls = [row for row in split_rows if row["expected"] is None]
    assert nulls
    for row in nulls:
        if re.search(r"\d+\s*(年|[.:/-]\d)|\bпол \d", row["text"]):
            assert (row["site"], row["text"]) in listed, row["id"]
