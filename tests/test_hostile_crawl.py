"""Hostile pages in a real crawl: a site on 127.0.0.1 (``BadServer``'s ``HOSTILE`` pages)
that attacks extraction (a tag with 100,000 attributes, 60,000 elements, a 300 KB
title, JSON-LD nested 100,000 deep), serves JSON, images and binary as text/html, links
``javascript:``/``data:`` URLs from its feed, images and meta refreshes, trickles a body,
and nests sitemap indexes without end. One crawl in a subprocess; each outcome asserted.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from aggregator.testing.badserver import HOSTILE_LINKS, BadServer

from .replay import aggregator

SETTINGS = ("-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_MAXSIZE=4000000", "-s", "DOWNLOAD_WARNSIZE=0",
            "-s", "CLOSESPIDER_TIMEOUT=90")
#: path -> what the log must say of it (a skip or drop naming the URL and the reason)
SKIPPED = {
    "/h/attrs": "attributes (limit",
    "/h/flat": "elements (limit",
    "/h/json": "not HTML but a JSON document",
    "/h/png": "not HTML but a PNG image",
    "/h/binary": "not HTML but binary data",
    "/h/trickle": "DOWNLOAD_TIMEOUT",
}
STORED = ("/h/ok", "/h/title", "/h/js-image", "/h/refresh-js", "/h/refresh-data", "/h/deep")


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with BadServer() as bad:
        registry = bad.hostile_registry(tmp / "hostile.toml")
        db = tmp / "news.db"
        started = time.monotonic()
        result = aggregator("crawl", "hostilesite", "--sources", str(registry), "--db", str(db),
                            "--logfile", str(tmp / "crawl.log"), *SETTINGS)
        seconds = time.monotonic() - started
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["url"].split("/", 3)[3]: dict(r) for r in conn.execute("select * from articles")}
    runs = [dict(r) for r in conn.execute("select status, stats from crawl_runs")]
    conn.close()
    return result, rows, runs, (tmp / "crawl.log").read_text(encoding="utf-8"), bad, seconds


def test_the_crawl_ends_in_bounded_time_without_a_traceback(hostile_crawl):
    result, _, runs, log, _, seconds = hostile_crawl
    assert seconds < 100, f"the crawl took {seconds:.0f} s"
    assert "Traceback" not in result.stderr + result.stdout + log
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert len(runs) == 1 and runs[0]["status"] in ("ok", "failed")  # never left "running"
    assert json.loads(runs[0]["stats"])["finish_reason"] == "finished"


@pytest.mark.parametrize("path", STORED)
def test_pages_within_the_bounds_are_stored(hostile_crawl, path):
    _, rows, _, _, _, _ = hostile_crawl
    assert path.lstrip("/") in rows, sorted(rows)
    assert rows[path.lstrip("/")]["title"]


@pytest.mark.parametrize("path", sorted(SKIPPED))
def test_refused_pages_are_logged_with_url_and_reason_and_listed_in_the_run(hostile_crawl, path):
    _, rows, runs, log, _, _ = hostile_crawl
    assert path.lstrip("/") not in rows
    lines = [line for line in log.splitlines() if path in line and SKIPPED[path] in line]
    assert lines, f"no log line names {path} with {SKIPPED[path]!r}"
    dropped = json.loads(runs[0]["stats"])["dropped"]
    assert any(path in entry for entry in dropped), dropped


def test_a_huge_title_is_capped(hostile_crawl):
    _, rows, _, _, _, _ = hostile_crawl
    assert len(rows["h/title"]["title"]) <= 1001


@pytest.mark.parametrize("column", ["url", "canonical_url", "image_url"])
def test_nothing_but_http_links_is_stored(hostile_crawl, column):
    _, rows, _, _, _, _ = hostile_crawl
    for row in rows.values():
        value = row[column]
        assert value is None or value.startswith(("http://", "https://")), (column, value)


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_non_http_feed_links_are_logged_and_never_requested(hostile_crawl, link):
    _, _, _, log, bad, _ = hostile_crawl
    scheme = link.split(":", 1)[0]
    assert any("not http(s)" in line and f"'{scheme}:" in line for line in log.splitlines()), link
    assert not any(link.split(":", 1)[1][:10] in path for path in bad.requests)


def _w3lib_offers_non_http_refresh() -> bool:
    """Whether w3lib hands a ``javascript:`` meta refresh to Scrapy at all (before 2.6 it
    did, and Scrapy's MetaRefreshMiddleware would try to follow it; from 2.6 it reads none)."""
    from w3lib.html import get_meta_refresh

    html = '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
    return get_meta_refresh(html, "http://127.0.0.1/h/refresh-js")[1] is not None


def test_meta_refresh_to_javascript_is_not_followed_and_raises_no_spider_error(hostile_crawl):
    _, rows, runs, log, bad, _ = hostile_crawl
    if _w3lib_offers_non_http_refresh():  # then our middleware refuses it, and says so
        assert "not following the redirect" in log
    assert "Spider error" not in log
    # neither refresh target reached the server as a path (a broken join would request it)
    assert not any("alert(1)" in path or "text/html," in path for path in bad.requests)
    for path in ("h/refresh-js", "h/refresh-data"):  # the page itself is what is stored
        assert rows[path]["url"].endswith(path)
    # the trickling server only: Scrapy gives up retrying it, and it is logged as dropped
    assert json.loads(runs[0]["stats"])["errors"] <= 2


def test_sitemap_indexes_are_followed_to_the_depth_limit_only(hostile_crawl):
    _, _, runs, log, bad, _ = hostile_crawl
    fetched = sorted(p for p in bad.requests if p.startswith("/sm/index"))
    assert fetched == [f"/sm/index?n={n}" for n in range(4)]  # AGGREGATOR_SITEMAP_MAX_DEPTH = 3
    assert any("AGGREGATOR_SITEMAP_MAX_DEPTH" in line for line in log.splitlines())


def test_html_unsafe_values_never_reach_the_feeds(hostile_crawl, tmp_path):
    from click.testing import CliRunner

    from aggregator.cli import main

    result, _, _, _, _, _ = hostile_crawl
    db = next(line.split()[1] for line in result.stdout.splitlines() if line.startswith("database:"))
    for fmt in ("rss", "atom", "json"):
        out = CliRunner().invoke(main, ["feed", "--db", db, "--format", fmt])
        assert out.exit_code == 0, out.output
        for bad in ("javascript:", "data:", "vbscript:"):
            assert bad not in out.output, (fmt, bad)
