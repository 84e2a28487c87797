"""The pooled blind figure of the date strings (``benchmarks/date_blind_record.py``)."""

from __future__ import annotations

import json

import pytest

from benchmarks import date_blind_record
from benchmarks.bench_date_strings import BLIND_SPLIT, SPLITS


def test_wilson_interval_matches_the_textbook_values():
    low, high = date_blind_record.wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    low, high = date_blind_record.wilson(10, 10)
    assert high == pytest.approx(1.0) and round(low, 3) == 0.722


def test_every_recorded_split_exists_once_and_the_blind_one_is_the_last():
    splits = json.loads(date_blind_record.RECORD.read_text(encoding="utf-8"))["splits"]
    names = [s["split"] for s in splits]
    assert len(set(names)) == len(names) and set(names) <= set(SPLITS)
    # a blind split is measured once and recorded before the next one is collected
    assert names[-1] == BLIND_SPLIT
    assert all(0 < s["right"] <= s["total"] for s in splits)


def test_pooled_figure_sums_the_splits(capsys):
    result = date_blind_record.main(["--json"])
    assert json.loads(capsys.readouterr().out) == result
    assert result["low"] < result["accuracy"] < result["high"]
    splits = json.loads(date_blind_record.RECORD.read_text(encoding="utf-8"))["splits"]
    assert result["total"] == sum(s["total"] for s in splits)
