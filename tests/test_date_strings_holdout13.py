"""Shape of the blind split ``holdout13`` of ``tests/data/date_strings.jsonl`` (data only).

These tests read the rows and the benchmark's split constants; they never run the parser on the
split (its score is measured once, as a whole, by ``benchmarks/bench_date_strings.py``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from benchmarks import bench_date_strings as bench
from tests.outlets import domains, host, registered, rows

DATA = bench.DEFAULT_SET.parent
SPLIT = "holdout13"
FIRST_ID = 1711  # the row after the last of holdout12 (dev13)
FIELDS = ["id", "text", "site", "url", "lang", "tz", "now", "expected", "granularity", "split", "evidence"]


@pytest.fixture(scope="module")
def all_rows() -> list[dict]:
    return rows(bench.DEFAULT_SET)


@pytest.fixture(scope="module")
def split_rows(all_rows) -> list[dict]:
    return [row for row in all_rows if row["split"] == SPLIT]


def test_holdout13_is_the_blind_split():
    assert SPLIT in bench.SPLITS and "dev13" in bench.SPLITS  # holdout12, opened as dev13
    assert bench.BLIND_SPLIT == SPLIT
    with pytest.raises(SystemExit):  # argparse refuses it before anything is run
        bench.main(["--show-misses", SPLIT])


def test_holdout13_size_ids_and_fields(split_rows):
    assert 100 <= len(split_rows) <= 150
    ids = [int(row["id"][1:]) for row in split_rows]
    assert ids == list(range(FIRST_ID, FIRST_ID + len(split_rows)))
    for row in split_rows:
        assert list(row) == FIELDS, row["id"]
        assert row["text"] == row["text"].strip() and row["text"], row["id"]
        assert row["evidence"], row["id"]


def test_holdout13_sites_are_new_and_spread(all_rows, split_rows):
    others = domains([row for row in all_rows if row["split"] != SPLIT])
    others |= domains(rows(DATA / "country_labels_fresh5.jsonl"))
    sites = Counter(registered(host(row["site"])) for row in split_rows)
    assert len(sites) >= 60
    assert max(sites.values()) <= 3, sites.most_common(3)
    for row in split_rows:
        outlet = registered(host(row["url"]))
        assert outlet not in others, row["id"]
        assert registered(host(row["site"])) == outlet, row["id"]


def test_holdout13_is_mostly_in_the_regions_languages(split_rows):
    groups = Counter(bench.language_group(row["lang"]) for row in split_rows)
    assert groups["region"] * 3 >= 2 * len(split_rows), groups
    # each of the region's languages, not Russian alone
    assert {row["lang"].split("-")[0] for row in split_rows} >= {"ru", "kk", "ky", "uz", "tg", "tk"}


def test_holdout13_labels_are_well_formed(split_rows):
    for row in split_rows:
        zone = ZoneInfo(row["tz"])
        now = datetime.fromisoformat(row["now"])
        assert now.utcoffset() == now.astimezone(zone).utcoffset(), row["id"]
        if row["granularity"] is None:
            assert row["expected"] is None, row["id"]
        elif row["granularity"] == "day":
            date.fromisoformat(row["expected"])
        else:
            assert row["granularity"] in ("minute", "second"), row["id"]
            moment = datetime.fromisoformat(row["expected"])
            assert moment.utcoffset() == moment.astimezone(zone).utcoffset(), row["id"]
            if row["granularity"] == "minute":
                assert moment.second == 0, row["id"]


def test_holdout13_has_null_rows_and_those_holding_a_date_or_clock_are_on_the_page_context_list(split_rows):
    listed = {(entry["site"], entry["text"])
              for entry in json.loads((DATA / "date_strings_page_context.json").read_text(encoding="utf-8"))}
    nulls = [row for row in split_rows if row["expected"] is None]
    assert len(nulls) >= 5
    for row in nulls:
        if re.search(r"\d+\s*(年|[.:/-]\d)", row["text"]):
            assert (row["site"], row["text"]) in listed, row["id"]


def test_holdout13_has_no_prose_rows(split_rows):
    # the rows were chosen as date lines by the written criterion (tests/data/README.md, "Date lines
    # and prose"); none is on the prose list
    prose = {entry["id"] for entry in json.loads(bench.PROSE.read_text(encoding="utf-8"))}
    assert not prose & {row["id"] for row in split_rows}
