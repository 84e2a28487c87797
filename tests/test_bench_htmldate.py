"""The htmldate benchmark's loader, split and tally on a tiny synthetic tests folder (the
real evaluation set is third-party and never in the repository)."""

from __future__ import annotations

import hashlib
import json

from benchmarks.bench_htmldate import EVAL_FILES, load_pages, measure, ours, site_of, split_of

PAGE = "<html><head><title>T</title></head><body><h1>T</h1><p>{text}</p></body></html>"


def make_tests_dir(root):
    (root / "test_set").mkdir()
    (root / "cache").mkdir()
    (root / "eval").mkdir()
    (root / "test_set" / "a.html").write_text(PAGE.format(text="one"), encoding="utf-8")
    (root / "cache" / "b.html").write_bytes(PAGE.format(text="два").encode("cp1251"))
    (root / "eval" / "c.html").write_text(PAGE.format(text="three"), encoding="utf-8")
    (root / EVAL_FILES[0]).write_text(json.dumps({
        "https://www.example.org/2020/01/02/a": {"file": "a.html", "date": "2020-01-02"},
        "https://news.example.org/b": {"file": "b.html", "date": "2021-03-04"},
        "https://example.net/missing": {"file": "missing.html", "date": "2021-03-04"},
    }), encoding="utf-8")
    # a label with no day, written as NaN, as the real file has a few
    (root / EVAL_FILES[1]).write_text(
        '{"https://example.co.uk/c": {"file": "c.html", "date": NaN}}', encoding="utf-8")


def test_loader_finds_each_file_in_its_folder_and_skips_absent_ones(tmp_path):
    make_tests_dir(tmp_path)
    pages = load_pages(tmp_path)
    assert [(p.path.parent.name, p.path.name, p.day, p.eval_file) for p in pages] == [
        ("test_set", "a.html", "2020-01-02", EVAL_FILES[0]),
        ("cache", "b.html", "2021-03-04", EVAL_FILES[0]),
        ("eval", "c.html", None, EVAL_FILES[1]),
    ]
    assert [p.site for p in pages] == ["example.org", "example.org", "example.co.uk"]


def test_split_is_by_registered_domain_and_stable():
    assert site_of("https://kg.akipress.org/news/1") == site_of("http://www.akipress.org/") == "akipress.org"
    assert site_of("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    # the rule, written out: sha1 of the domain, first 8 hex digits, mod 100 < 60
    for site in ("akipress.org", "bbc.co.uk", "example.org", "24tv.ua"):
        expected = "dev" if int(hashlib.sha1(site.encode()).hexdigest()[:8], 16) % 100 < 60 else "holdout"
        assert split_of(site) == expected
    sites = [f"site{i}.example" for i in range(1000)]
    share = sum(split_of(s) == "dev" for s in sites) / len(sites)
    assert 0.55 < share < 0.65


def test_every_page_of_a_site_falls_in_one_split(tmp_path):
    make_tests_dir(tmp_path)
    pages = load_pages(tmp_path)
    by_site = {}
    for page in pages:
        by_site.setdefault(page.site, set()).add(page.split)
    assert all(len(splits) == 1 for splits in by_site.values())


def test_tally_counts_right_days_per_split_and_file(tmp_path):
    make_tests_dir(tmp_path)
    pages = load_pages(tmp_path)
    answers = {"a.html": "2020-01-02", "b.html": "2021-03-05", "c.html": None}
    results = measure(pages, {"fixed": lambda page: answers[page.path.name],
                              "always none": lambda page: None})
    whole = results.tallies[("all", "all", "fixed")]
    assert (whole.right, whole.total) == (1, 3)
    assert results.tallies[("all", EVAL_FILES[1], "fixed")].right == 0  # no day: a miss
    assert results.tallies[("all", "all", "always none")].right == 0
    split = pages[0].split
    assert results.tallies[(split, "all", "fixed")].right == 1
    dev_misses = [page.path.name for page, _ in results.misses]
    assert dev_misses == [p.path.name for p in pages if p.split == "dev" and answers[p.path.name] != p.day]


def test_ours_gives_the_pages_own_local_day(tmp_path):
    make_tests_dir(tmp_path)
    dated = PAGE.format(text="x").replace(
        "</head>", '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2020-06-07T23:30:00-04:00"}</script></head>')
    (tmp_path / "eval" / "c.html").write_text(dated, encoding="utf-8")
    pages = {p.path.name: p for p in load_pages(tmp_path)}
    assert ours(pages["c.html"]) == "2020-06-07"  # not the UTC day, 2020-06-08
    assert ours(pages["b.html"]) is None  # a windows-1251 page without a date
