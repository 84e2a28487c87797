"""Every registered source crawled from its fixture site over the local HTTP server.

All fixture sites are served at once and crawled by ONE `aggregator crawl` (one Scrapy
process), then each article page's stored fields are compared with the expected.json
beside it (Fundus-style). The fixtures are reconstructions (see each site's README.md).
"""

from __future__ import annotations

import pytest

from aggregator.sources.registry import load_registry

from .replay import COMPARED_FIELDS, SITES, aggregator, expected_pages, serve
from .test_crawl import stored_articles

FIXTURE_SITES = sorted(p.name for p in SITES.iterdir() if (p / "site.toml").is_file())


def test_every_registered_source_has_a_fixture_site_with_two_articles():
    registry = load_registry()
    assert len(registry) >= 15
    assert set(registry) <= set(FIXTURE_SITES)
    for name in registry:
        assert len(expected_pages(name)) >= 2, name
        assert (SITES / name / "README.md").is_file(), name
    local = {}
    for source in registry.values():
        local.setdefault(source.country, []).append(source.name)
    for country in ("KZ", "KG", "UZ", "TJ", "TM", "CN"):
        assert len(local.get(country, [])) >= 2, country


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of every fixture site: {source: {path: row}}, and the servers' bases."""
    tmp = tmp_path_factory.mktemp("sources")
    server, overrides = serve(tmp, *FIXTURE_SITES)
    try:
        db = tmp / "news.db"
        result = aggregator("crawl", *FIXTURE_SITES, "--sources", str(overrides), "--db", str(db),
                            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-L", "WARNING")
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        rows = {}
        for path, row in stored_articles(db).items():
            rows.setdefault(row["source"], {})[path] = row
        bases = {site.name: (site.base, site.origin) for site in server.sites}
    finally:
        server.stop()
    return rows, bases


def _as_recorded(value, base: str, origin: str):
    """Values as the live site would give them: the local server's address back to the origin."""
    if isinstance(value, str):
        return value.replace(base, origin)
    return value


@pytest.mark.parametrize("site", FIXTURE_SITES)
def test_fixture_site_crawl_gives_the_expected_fields(crawled, site):
    rows, bases = crawled
    expected = expected_pages(site)
    got = rows.get(site, {})
    assert set(got) == set(expected), f"{site}: pages stored {sorted(got)}"
    base, origin = bases[site]
    for path, fields in expected.items():
        for name in COMPARED_FIELDS:
            assert _as_recorded(got[path][name], base, origin) == fields[name], f"{site} {path}: {name}"


def test_multi_language_sites_declare_the_language_per_section():
    registry = load_registry()
    assert registry["inform_kz"].language_for("https://www.inform.kz/kz/astanada-x-4102345/") == "kk"
    assert registry["inform_kz"].language_for("https://www.inform.kz/ru/v-x-4102311/") == "ru"
    assert registry["kabar"].language_for("https://kabar.kg/kyrg/news/x/") == "ky"
    assert registry["kg24"].language_for("https://24.kg/kg/ekonomika/1_x/") == "ky"
    assert registry["kun_uz"].language_for("https://kun.uz/news/2026/02/17/x") == "uz"
    assert registry["khovar"].language_for("https://khovar.tj/rus/2026/02/x/") == "ru"
    assert registry["khovar"].language_for("https://khovar.tj/2026/02/x/") == "tg"
    # a language on its own host
    assert registry["tengrinews"].language_for("https://kaz.tengrinews.kz/x/y-1/") == "kk"
    assert registry["tengrinews"].language_for("https://tengrinews.kz/kazakhstan_news/y-1/") == "ru"
