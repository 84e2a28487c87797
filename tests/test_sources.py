"""The sources registry: shipped entries, user files that add and override, clear errors."""

import pytest

from aggregator.sources.registry import RegistryError, load_registry


def test_shipped_registry_has_sources_from_several_countries():
    registry = load_registry()
    assert "news_asia" in registry
    countries = {s.country for s in registry.values()}
    assert {"KZ", "KG", "UZ", "TJ"} <= countries
    news_asia = registry["news_asia"]
    assert news_asia.encoding == "windows-1251"
    assert news_asia.listings[0].max_pages == 2150
    assert news_asia.selectors["date"]


def test_user_file_overrides_keys_and_adds_sources(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[news_asia]\nfeeds = ["http://127.0.0.1:8000/rss"]\n\n'
        '[local_test]\nhomepage = "http://127.0.0.1:8001/"\ncountry = "KG"\n'
        'language = "ky"\ntimezone = "Asia/Bishkek"\nfeeds = ["http://127.0.0.1:8001/feed"]\n',
        encoding="utf-8")
    registry = load_registry([extra])
    assert registry["news_asia"].feeds == ("http://127.0.0.1:8000/rss",)
    assert registry["news_asia"].timezone == "Europe/Moscow"  # untouched keys stay
    assert registry["local_test"].domains == ["127.0.0.1"]


def test_sections_give_the_language_per_url():
    kun = load_registry()["kun_uz"]
    assert kun.language_for("https://kun.uz/news/2026/02/17/x") == "uz"
    assert kun.language_for("https://kun.uz/ru/news/2026/02/17/x") == "ru"


@pytest.mark.parametrize("entry, message", [
    ('homepage = "https://x.kz/"\ncountry = "KZ"\nlanguage = "ru"\ntimezone = "Asia/Nowhere"', "time zone"),
    ('homepage = "https://x.kz/"\ncountry = "KZ"\nlanguage = "ru"', "missing timezone"),
    ('homepage = "https://x.kz/"\ncountry = "KZ"\nlanguage = "ru"\ntimezone = "UTC"\nfeed = "x"', "unknown keys"),
    ('homepage = "https://x.kz/"\ncountry = "KZ"\nlanguage = "ru"\ntimezone = "UTC"\n'
     '[bad.selectors]\nheadline = "h1"', "no such selector"),
])
def test_malformed_entries_are_rejected_with_the_reason(tmp_path, entry, message):
    path = tmp_path / "bad.toml"
    path.write_text(f"[bad]\n{entry}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry([path])


def test_missing_or_broken_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="no such sources file"):
        load_registry([tmp_path / "absent.toml"])
    broken = tmp_path / "broken.toml"
    broken.write_text("[x\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="broken.toml"):
        load_registry([broken])
