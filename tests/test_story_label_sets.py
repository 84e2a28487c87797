"""The second, third and fourth fresh story label files (tests/data/story_labels_fresh2.jsonl,
story_labels_fresh3.jsonl, story_labels_fresh4.jsonl): their shape.

Like tests/test_story_labels_fresh.py for the first set: each file is checked against its
own conventions (tests/data/README.md), not for the labels' quality, and without the texts
(they live outside the repository). Each must also stay apart from everything the matcher
was fitted, tuned or measured on before it: no page of ../shared/eval/dev and none of the
earlier fresh sets.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).parent / "data"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FIELDS = {"id", "url", "site", "lang", "family", "cluster", "kind", "date", "source"}
KINDS = {"repost", "rewrite", "negative"}
# the region's languages, then single reports of the same events in other languages
LANGS = {"ru", "kk", "kk-Arab", "ky", "uz", "uz-Cyrl", "tg", "tk", "en",
         "uk", "be", "bg", "ro", "it", "pt", "tr", "az", "hy",
         "mk", "fa", "ja", "ar", "ka", "pl"}


@dataclass(frozen=True)
class StorySet:
    name: str
    id_prefix: str  # ids run <prefix>0001, <prefix>0002 ...
    family_letter: str  # families <letter>01 ...
    earlier: tuple  # label files of earlier sets whose pages it must not reuse
    # the documented size (tests/data/README.md): rows, families, stories, sites
    least: tuple = (150, 20, 30, 100)


SETS = [
    StorySet("fresh2", "t", "G", ("story_labels_fresh.jsonl",)),
    StorySet("fresh3", "u", "H", ("story_labels_fresh.jsonl", "story_labels_fresh2.jsonl")),
    StorySet("fresh4", "v", "J", ("story_labels_fresh.jsonl", "story_labels_fresh2.jsonl",
                                  "story_labels_fresh3.jsonl"), least=(140, 20, 28, 120)),
]
each_set = pytest.mark.parametrize("labels", SETS, ids=[s.name for s in SETS])


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _rows(labels: StorySet) -> list[dict]:
    return _read(DATA / f"story_labels_{labels.name}.jsonl")


def _url_key(url: str) -> str:
    """Host without www./m. and a trailing dot, path without a trailing slash or /amp,
    the query kept: as the first fresh set is compared with the dev files."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(www\.|m\.)", "", parts.netloc.lower()).rstrip(".")
    path = parts.path.rstrip("/").removesuffix("/amp")
    return host + path + ("?" + parts.query if parts.query else "")


@each_set
def test_every_row_has_exactly_the_documented_fields(labels):
    for row in _rows(labels):
        assert set(row) == FIELDS, row.get("id")
        assert row["source"] == "pages"
        assert row["kind"] in KINDS, row["id"]
        assert row["lang"] in LANGS, row["id"]
        assert isinstance(row["date"], str)
        assert all(isinstance(row[k], str) and row[k] for k in FIELDS - {"date"}), row["id"]


@each_set
def test_ids_are_numbered_in_order_and_urls_are_unique(labels):
    rows = _rows(labels)
    assert [r["id"] for r in rows] == [f"{labels.id_prefix}{n:04d}"
                                       for n in range(1, len(rows) + 1)]
    keys = Counter(_url_key(r["url"]) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


@each_set
def test_site_is_the_urls_host_or_a_parent_domain_of_it(labels):
    for row in _rows(labels):
        host = urlsplit(row["url"]).netloc.lower().rstrip(".")
        assert host == row["site"] or host.endswith("." + row["site"]), row["id"]


@each_set
def test_clusters_stay_in_one_family_and_are_named_after_it(labels):
    families_of = defaultdict(set)
    for row in _rows(labels):
        assert re.fullmatch(labels.family_letter + r"\d{2}", row["family"]), row["id"]
        assert re.fullmatch(re.escape(row["family"]) + r"-([a-z]|n\d+)", row["cluster"]), row["id"]
        families_of[row["cluster"]].add(row["family"])
    assert all(len(f) == 1 for f in families_of.values())


@each_set
def test_negatives_are_singletons_and_stories_are_told_twice_or_more(labels):
    rows = _rows(labels)
    sizes = Counter(r["cluster"] for r in rows)
    for row in rows:
        is_negative_cluster = re.search(r"-n\d+$", row["cluster"]) is not None
        assert (row["kind"] == "negative") == is_negative_cluster, row["id"]
        if row["kind"] == "negative":
            assert sizes[row["cluster"]] == 1, row["id"]
        else:
            assert sizes[row["cluster"]] >= 2, row["id"]


@each_set
def test_every_family_holds_a_story_and_a_hard_negative_or_a_second_story(labels):
    rows = _rows(labels)
    stories, negatives = defaultdict(Counter), Counter()
    for row in rows:
        if row["kind"] == "negative":
            negatives[row["family"]] += 1
        else:
            stories[row["family"]][row["cluster"]] += 1
    for family in {r["family"] for r in rows}:
        assert max(stories[family].values(), default=0) >= 2, family
        assert negatives[family] + len(stories[family]) >= 2, family  # something to tell apart


@each_set
def test_the_set_is_as_large_as_documented(labels):
    rows = _rows(labels)
    sizes = Counter(r["cluster"] for r in rows)
    least_rows, least_families, least_stories, least_sites = labels.least
    assert len(rows) >= least_rows
    assert len({r["family"] for r in rows}) >= least_families
    assert sum(1 for n in sizes.values() if n >= 2) >= least_stories
    assert len({r["site"] for r in rows}) >= least_sites


@each_set
def test_no_page_of_an_earlier_fresh_set_is_reused(labels):
    for name in labels.earlier:
        earlier = {_url_key(r["url"]) for r in _read(DATA / name)}
        assert earlier, name
        assert [r["id"] for r in _rows(labels) if _url_key(r["url"]) in earlier] == [], name


@each_set
@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the checkout")
def test_no_page_of_the_dev_files_is_reused(labels):
    dev = {_url_key(r["url"]) for path in DEV.glob("*.jsonl") for r in _read(path)
           if r.get("url")}
    assert dev, "the dev files hold URLs"
    assert [r["id"] for r in _rows(labels) if _url_key(r["url"]) in dev] == []
