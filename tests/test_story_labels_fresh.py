"""The fresh story label file (tests/data/story_labels_fresh.jsonl): schema and invariants.

It checks the file is well formed and consistent with its own conventions (see
tests/data/README.md), not that its labels are right: the labels are a hand judgement.
"""

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).parent / "data" / "story_labels_fresh.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FIELDS = {"id", "url", "site", "lang", "family", "cluster", "kind", "date", "source"}
KINDS = {"repost", "rewrite", "negative"}
LANGS = {"ru", "kk", "ky", "uz", "uz-Cyrl", "tg", "tk", "en", "uk", "sr", "et", "bg", "hr",
         "ko", "ar", "lv"}


def _rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _url_key(url: str) -> str:
    """A URL as the dev files and this file are compared: host without www./m. and a
    trailing dot, path without a trailing slash or /amp, the query kept (some sites
    number their articles only there)."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(www\.|m\.)", "", parts.netloc.lower()).rstrip(".")
    path = parts.path.rstrip("/").removesuffix("/amp")
    return host + path + ("?" + parts.query if parts.query else "")


ROWS = _rows()


def test_every_row_has_exactly_the_documented_fields():
    for row in ROWS:
        assert set(row) == FIELDS, row.get("id")
        assert row["source"] == "pages"
        assert row["kind"] in KINDS
        assert row["lang"] in LANGS, row["id"]
        assert isinstance(row["date"], str)
        assert all(isinstance(row[k], str) and row[k] for k in FIELDS - {"date"}), row["id"]


def test_ids_and_urls_are_unique():
    ids = [r["id"] for r in ROWS]
    assert all(re.fullmatch(r"s\d{4}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    keys = [_url_key(r["url"]) for r in ROWS]
    assert len(set(keys)) == len(keys), [k for k, n in Counter(keys).items() if n > 1]


def test_site_is_the_urls_host_or_a_parent_domain_of_it():
    for row in ROWS:
        host = urlsplit(row["url"]).netloc.lower().rstrip(".")
        assert host == row["site"] or host.endswith("." + row["site"]), row["id"]


def test_clusters_stay_in_one_family_and_are_named_after_it():
    family_of = defaultdict(set)
    for row in ROWS:
        family_of[row["cluster"]].add(row["family"])
        assert row["cluster"].startswith(row["family"] + "-"), row["id"]
    assert all(len(f) == 1 for f in family_of.values())


def test_kinds_are_consistent_within_a_cluster():
    kinds, sizes = defaultdict(set), Counter(r["cluster"] for r in ROWS)
    for row in ROWS:
        kinds[row["cluster"]].add(row["kind"])
    for cluster, found in kinds.items():
        # a cluster is either the story of its family (reposts and rewrites) or negatives
        assert found <= {"repost", "rewrite"} or found == {"negative"}, cluster
    for row in ROWS:
        if row["kind"] == "repost":
            assert sizes[row["cluster"]] >= 2, row["id"]  # a copy of something in the set


def test_every_family_holds_a_story_reported_twice_or_more():
    stories = defaultdict(Counter)
    for row in ROWS:
        if row["kind"] != "negative":
            stories[row["family"]][row["cluster"]] += 1
    families = {r["family"] for r in ROWS}
    assert all(max(stories[f].values(), default=0) >= 2 for f in families)


def test_the_set_is_as_large_as_documented():
    sizes = Counter(r["cluster"] for r in ROWS)
    assert len(ROWS) >= 200
    assert len({r["family"] for r in ROWS}) >= 40
    assert sum(1 for n in sizes.values() if n >= 2) >= 60
    assert len({r["site"] for r in ROWS}) >= 50


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the checkout")
def test_no_page_of_the_dev_files_is_reused():
    dev = set()
    for path in DEV.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line).get("url"):
                dev.add(_url_key(json.loads(line)["url"]))
    assert dev, "the dev files hold URLs"
    assert not [r["id"] for r in ROWS if _url_key(r["url"]) in dev]


def test_the_url_key_keeps_queries_apart_and_folds_trivial_variants():
    # the check above must not call two articles of a site numbered by query the same page
    assert _url_key("https://kant.kg/?p=1") != _url_key("https://kant.kg/?p=2")
    assert _url_key("https://www.a.kz/x/amp/") == _url_key("https://a.kz/x")
