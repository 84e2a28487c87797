"""Canonical URLs: every variant of one article's address collapses to one form."""

import pytest

from aggregator.enrich.urls import canonical_url


@pytest.mark.parametrize("variant", [
    "https://www.news-asia.ru/view/5/10322",
    "http://www.news-asia.ru/view/5/10322",
    "https://news-asia.ru/view/5/10322/",
    "https://www.news-asia.ru/view/5/10322?utm_source=rss&utm_medium=rss",
    "https://www.news-asia.ru/view/5/10322#comments",
    "https://m.news-asia.ru/view/5/10322",
    "https://www.news-asia.ru/view/5/10322?_gl=1*1x2y3z*_ga*MTIz",  # Google's cross-site linker
    "https://news-asia.ru/view/5/10322?PHPSESSID=4f1c2e9a7b",  # a session, not the article
])
def test_variants_of_one_article_share_a_canonical_url(variant):
    assert canonical_url(variant) == "https://news-asia.ru/view/5/10322"


def test_amp_pages_collapse_to_the_article():
    assert canonical_url("https://24.kg/vlast/219934_prezident/amp") == "https://24.kg/vlast/219934_prezident"
    assert canonical_url("https://kun.uz/ru/news/2026/02/17/x/amp/") == "https://kun.uz/ru/news/2026/02/17/x"


def test_meaningful_query_parameters_stay_in_a_stable_order():
    assert canonical_url("https://kaktus.media/?lable=8&id=5") == "https://kaktus.media/?id=5&lable=8"


def test_declared_canonical_wins_on_the_same_site_only():
    url = "https://kun.uz/ru/news/2026/02/17/x?utm_source=telegram"
    assert canonical_url(url, "/ru/news/2026/02/17/x-full") == "https://kun.uz/ru/news/2026/02/17/x-full"
    assert canonical_url(url, "https://spam.example/other") == "https://kun.uz/ru/news/2026/02/17/x"


def test_local_servers_keep_their_port_and_scheme():
    assert canonical_url("http://127.0.0.1:8701/view/1/2/") == "http://127.0.0.1:8701/view/1/2"


# --- tracking parameters: courlan's list, corrected where it does not fit news links ------------

def test_trackers_courlan_knows_are_stripped_without_a_rule_of_ours():
    url = "https://kun.uz/ru/news/2026/02/17/x?{}=1"
    for tracker in ("utm_campaign", "gbraid", "wbraid", "twclid", "xtor", "pk_source", "itm_medium"):
        assert canonical_url(url.format(tracker)) == "https://kun.uz/ru/news/2026/02/17/x", tracker


def test_parameters_courlan_keeps_that_are_trackers_on_the_regions_links():
    import courlan

    # feeds append ?rss / ?from=rss, AMP links ?amp, sessions PHPSESSID: courlan keeps them all
    for query in ("from=rss", "rss=1", "amp=1", "PHPSESSID=4f1c2e9a7b", "_openstat=abc", "spm=a.b"):
        url = f"https://www.news-asia.ru/view/5/10322?{query}"
        assert "?" in courlan.normalize_url(url), query
        assert canonical_url(url) == "https://news-asia.ru/view/5/10322", query


def test_parameters_that_address_a_page_stay_though_courlan_drops_them():
    import courlan

    url = "https://example.kg/news.php?cid=3&id=10"  # cid: the category the CMS routes by
    assert courlan.normalize_url(url) == "https://example.kg/news.php?id=10"
    assert canonical_url(url) == url
    story = "https://example.uz/modules.php?name=News&file=article&sid=7"  # PHP-Nuke story id
    assert canonical_url(story) == "https://example.uz/modules.php?file=article&name=News&sid=7"
