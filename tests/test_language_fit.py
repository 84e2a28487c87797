"""Fitting the n-gram language model: labels, the split by site, the fit itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from aggregator.enrich.language_fit import fit, label_parts, page_key, split_by_site
from aggregator.enrich.language_model import ScriptModel, word_features
from tests.conftest import read_jsonl

URLS = Path(__file__).parent / "data" / "language_urls.jsonl"


def test_labels_name_language_and_script():
    assert label_parts("uz-Cyrl") == ("uz", "cyrillic")
    assert label_parts("uz-Latn") == ("uz", "latin")
    assert label_parts("kk-Latn") == ("kk", "latin")
    assert label_parts("tk") == ("tk", "latin")
    assert label_parts("ky") == ("ky", "cyrillic")
    assert label_parts("zh") == ("zh", None)


def test_page_key_ignores_scheme_www_slash_and_amp():
    assert page_key("https://www.24.kg/vlast/1_x/amp") == page_key("http://24.kg/vlast/1_x/")
    assert page_key("https://kun.uz./news/1") == page_key("https://kun.uz/news/1")
    assert page_key("https://kun.uz/news/1") != page_key("https://kun.uz/news/2")


def _rows(sites_per_label: int = 6) -> list[dict]:
    return [{"label": label, "site": f"{label}-{i}.example", "text": "x"}
            for label in ("ru", "kk", "uz-Cyrl") for i in range(sites_per_label) for _ in range(i + 1)]


def test_split_keeps_each_site_whole_and_holds_out_a_share_of_each_label():
    rows = _rows()
    split = split_by_site(rows, share=0.4)
    assert split == split_by_site(list(reversed(rows)), share=0.4)  # order-free
    for label in ("ru", "kk", "uz-Cyrl"):
        texts = [r for r in rows if r["label"] == label]
        held = sum(split[r["site"]] == "holdout" for r in texts)
        assert 0.4 <= held / len(texts) < 0.8
        assert any(split[r["site"]] == "fit" for r in texts)


def test_shipped_url_list_split_by_site():
    lines = read_jsonl(URLS)
    sides = {}
    for line in lines:
        assert sides.setdefault(line["site"], line["split"]) == line["split"]
    per_lang = Counter((line["lang"], line["split"]) for line in lines)
    for lang in ("ru", "kk", "ky", "uz", "tg", "tk", "en", "zh"):
        assert per_lang[(lang, "holdout")] >= 10 and per_lang[(lang, "fit")] >= 10, lang


def test_fit_separates_languages_by_their_ngrams():
    # sentences written for this test
    rows = [
        {"lang": "ru", "script": "cyrillic", "text": "Правительство утвердило новый план по развитию дорог"},
        {"lang": "ru", "script": "cyrillic", "text": "В городе открылась новая школа для детей"},
        {"lang": "uz", "script": "cyrillic", "text": "Ҳукумат йўлларни ривожлантириш режасини тасдиқлади"},
        {"lang": "uz", "script": "cyrillic", "text": "Шаҳарда болалар учун янги мактаб очилди"},
    ]
    model_data = fit(rows, orders=(1, 2, 3), alpha=0.1, min_count=1)
    part = model_data["scripts"]["cyrillic"]
    assert part["classes"] == ["ru", "uz"] and part["docs"] == [2, 2]
    model = ScriptModel(part["classes"], part["counts"], part["docs"], (1, 2, 3), 0.1)
    scores, known = model.scores("Янги мактаблар очилди")
    assert known > 0 and max(scores, key=scores.get) == "uz"
    scores, _ = model.scores("Новая школа в городе")
    assert max(scores, key=scores.get) == "ru"


def test_word_features_mark_word_edges():
    grams = word_features("ва", (1, 2, 3))
    assert " ва" in grams and "ва " in grams and "в" in grams
    assert " " not in grams
