"""`aggregator check-source`: a fixture site on the local HTTP server, checked layer by layer.

The check is a Scrapy crawl, and Twisted's reactor starts once per process: each check
runs the CLI in a fresh process.
"""

from .replay import aggregator, serve


class Checked:
    def __init__(self, process):
        self.exit_code, self.output = process.returncode, process.stdout + process.stderr


def check(*args):
    return Checked(aggregator("check-source", *args))


def test_check_source_shows_each_layer_and_the_final_values(tmp_path):
    server, overrides = serve(tmp_path, "news_asia", "kg24")
    try:
        result = check("news_asia", "--sources", str(overrides))
        assert result.exit_code == 0, result.output
        out = result.output
        assert "discovery: feed http://127.0.0.1:" in out and "-> 2 article URL(s)" in out
        for layer in ("override", "jsonld", "meta", "time", "generic"):
            assert f"  {layer} " in out
        assert "title_layer      override" in out
        assert "published_local  2026-02-17T07:58:00+03:00" in out  # "Сегодня 07:58" on the recording day
        assert out.rstrip().endswith("OK")

        kg24 = check("kg24", "--sources", str(overrides))
        assert kg24.exit_code == 0, kg24.output
        assert "  meta      title" in kg24.output and "11:35, 17 февраля 2026" in kg24.output
    finally:
        server.stop()


def test_check_source_fails_when_the_feed_or_the_article_yields_nothing(tmp_path):
    server, overrides = serve(tmp_path, "news_asia")
    try:
        base = server.sites[0].base
        broken = tmp_path / "broken.toml"
        broken.write_text(f'[news_asia]\nfeeds = ["{base}/rss/missing"]\n', encoding="utf-8")
        result = check("news_asia", "--sources", str(overrides), "--sources", str(broken))
        assert result.exit_code == 1
        assert "PROBLEM: discovery failed" in result.output and "HTTP 404" in result.output

        no_articles = tmp_path / "pattern.toml"
        no_articles.write_text('[news_asia]\narticle_pattern = "/nothing-matches/"\n', encoding="utf-8")
        result = check("news_asia", "--sources", str(overrides), "--sources", str(no_articles))
        assert result.exit_code == 1
        assert "yields no article URL" in result.output

    finally:
        server.stop()


def test_an_article_page_without_title_or_body_is_a_problem():
    from aggregator.sources.check import Page, check_source
    from aggregator.sources.registry import load_registry

    feed = (b'<rss version="2.0"><channel><item><title>x</title>'
            b'<link>https://www.news-asia.ru/view/2/1</link></item></channel></rss>')
    pages = {"https://www.news-asia.ru/rss/all": feed,
             "https://www.news-asia.ru/view/2/1": b"<html><body></body></html>"}
    result = check_source(load_registry()["news_asia"], get=lambda url: Page(url, pages[url], "utf-8"))
    assert not result.ok
    assert "the article yields no title" in result.problems
    assert "the article yields no body" in result.problems


def test_unknown_source_is_a_usage_error():
    result = check("no_such_source")
    assert result.exit_code == 2


def test_the_check_obeys_the_crawl_settings_robots_txt_included(tmp_path):
    import shutil

    from aggregator.sources.registry import load_registry
    from aggregator.testing.replay import SITES, ReplayServer

    shutil.copytree(SITES / "news_asia", tmp_path / "sites" / "news_asia")
    (tmp_path / "sites" / "news_asia" / "robots.txt").write_text("User-agent: *\nDisallow: /rss/\n")
    with ReplayServer(tmp_path / "sites") as server:
        overrides = server.write_overrides(load_registry(), tmp_path / "replay.toml")
        result = check("news_asia", "--sources", str(overrides))
    assert result.exit_code == 1
    assert "PROBLEM: discovery failed" in result.output and "robots.txt" in result.output
