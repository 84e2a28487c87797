"""The visible-headline labels of pages of htmldate's evaluation set
(tests/data/title_labels_htmldate.jsonl) and bench_titles' scoring against them.

The pages are third-party and stay outside the repository: the scoring test runs when
HTMLDATE_TESTS names a copy of htmldate's ``tests`` folder (as ``bench_htmldate --tests``
takes it), else it is skipped."""

import json
import os
import re
from pathlib import Path

import pytest

from aggregator.extract.layers import extract_article
from benchmarks.bench_htmldate import site_of, split_of
from benchmarks.bench_titles import HTMLDATE_LABELS, htmldate_pages, score_visible, title_digest

ROWS = [json.loads(line) for line in HTMLDATE_LABELS.read_text(encoding="utf-8").splitlines()]


def test_the_label_file_has_one_well_formed_row_per_page():
    assert {tuple(sorted(row)) for row in ROWS} == {("how", "sha1", "site", "split", "url")}
    assert len({row["url"] for row in ROWS}) == len(ROWS) == 300
    assert {split: sum(row["split"] == split for row in ROWS) for split in ("dev", "holdout")} == {
        "dev": 150, "holdout": 150}
    for row in ROWS:
        # a hash of the headline, never the headline (third-party text stays out)
        assert (row["sha1"] is None) == row["how"].startswith("null:"), row
        assert row["sha1"] is None or re.fullmatch(r"[0-9a-f]{40}", row["sha1"]), row
        # the site split of bench_htmldate, so titles and dates are held out on the same sites
        assert row["site"] == site_of(row["url"]) and row["split"] == split_of(row["site"]), row
    assert {split: sum(row["sha1"] is None and row["split"] == split for row in ROWS)
            for split in ("dev", "holdout")} == {"dev": 12, "holdout": 9}


@pytest.mark.skipif(not os.environ.get("HTMLDATE_TESTS"), reason="HTMLDATE_TESTS (htmldate's tests folder) not set")
def test_bench_titles_scores_the_labelled_pages_against_their_labels():
    tests_dir = Path(os.environ["HTMLDATE_TESTS"])
    pages = htmldate_pages(tests_dir, ("dev",))
    labelled = {row["url"]: row["sha1"] for row in ROWS if row["split"] == "dev" and row["sha1"]}
    assert {page["url"] for page in pages} == set(labelled)  # every dev label finds its page
    assert all(page["visible"] == labelled[page["url"]] and page["split"] == "dev" for page in pages)
    # a wrong title never counts; ours (no source, no selectors) counts on >= 0.95 of them
    (hits, total), = score_visible(pages, ["not the headline"] * len(pages)).values()
    assert hits == 0 and total == len(pages) == 138
    titles = [extract_article(page["html"], page["url"]).values.get("title") for page in pages]
    (hits, total), = score_visible(pages, titles).values()
    assert hits / total >= 0.95
    assert sum(title_digest(title) == page["visible"] for title, page in zip(titles, pages)) == hits
