"""The visible-headline labels of Fundus's recorded pages (tests/data/title_labels_fundus.jsonl)
and bench_titles' scoring against them."""

import json
import os
import re
from pathlib import Path

import pytest

from benchmarks.bench_titles import LABELS, recorded_pages, score_visible, title_digest, visible_headlines
from benchmarks.fundus_pages import split_of

ROWS = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]


def test_the_label_file_has_one_well_formed_row_per_page():
    assert {tuple(sorted(row)) for row in ROWS} == {("how", "publisher", "sha1", "split", "url")}
    # one URL recorded twice (two layouts of the same article) carries one label
    by_url = {}
    for row in ROWS:
        assert by_url.setdefault(row["url"], row["sha1"]) == row["sha1"], row
    counts = {split: sum(row["split"] == split for row in ROWS) for split in ("dev", "holdout", "fixture")}
    assert counts == {"dev": 108, "holdout": 109, "fixture": 31}
    for row in ROWS:
        # a hash of the headline, never the headline (third-party text stays out)
        assert (row["sha1"] is None) == row["how"].startswith("null:"), row
        assert row["sha1"] is None or re.fullmatch(r"[0-9a-f]{40}", row["sha1"]), row
        if row["split"] != "fixture":  # the publisher split of the export
            assert split_of(row["publisher"]) == row["split"], row
    assert sum(row["sha1"] is None for row in ROWS) == 1


def test_the_digest_uses_same_titles_normalisation():
    assert title_digest("  «Дороги  отремонтируют»\n") == title_digest("Дороги отремонтируют")
    assert title_digest("Дороги отремонтируют") != title_digest("Дороги отремонтируют!")


def test_bench_titles_scores_the_shared_fundus_pages_against_their_labels(real_html):
    # (our titles on these pages, >= 0.95 against the labels: tests/test_extraction.py)
    pages = recorded_pages(real_html)
    labelled = [page for page in pages if "visible" in page]
    assert len(labelled) == 31
    # the scores come from the labels: the source's truth is no visible headline everywhere
    (wrong, total), = score_visible(pages, [page["title"] + " (source)" for page in pages]).values()
    assert wrong == 0 and total == 31


@pytest.mark.skipif(not os.environ.get("FUNDUS_PAGES"), reason="FUNDUS_PAGES (fundus_pages' export) not set")
def test_every_exported_page_has_a_label():
    labels = visible_headlines()
    for split in ("dev", "holdout"):
        pages = recorded_pages(Path(os.environ["FUNDUS_PAGES"]) / split, labels)
        assert pages and all(page["url"] in labels for page in pages)
