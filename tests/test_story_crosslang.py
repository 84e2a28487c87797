"""Story evidence across languages: names with Turkic case endings, the region's letters,
figures with units written in other languages, and event dates in every covered language."""

from __future__ import annotations

from aggregator.stories.eventdays import make_day, text_dates
from aggregator.stories.evidence import _TOKEN, ArticleEvidence, figures, skeleton
from aggregator.stories.name_endings import ending_stem


def names_of(text: str, lang: str) -> set[str]:
    return ArticleEvidence.from_text("", text, lang).names


def test_a_name_with_a_turkic_case_ending_keys_as_its_russian_and_english_forms():
    cases = [
        ("Президент Тоқаевқа хат жолдады.", "kk", "Токаев"),
        ("Президент Тоқаевтың сапары басталды.", "kk", "Tokayev"),
        ("Жолугушуу Путинге арналды.", "ky", "Путин"),
        ("Президент Жапаровдун жарлыгы чыкты.", "ky", "Жапаров"),
        ("Prezident Mirziyoyevning tashrifi boshlandi.", "uz", "Мирзиёев"),
        ("Delegatsiya Qatarda bo'ldi.", "uz", "Катар"),
        ("Президент Раҳмонро қабул кард.", "tg", "Рахмон"),
        ("Prezident Berdimuhamedowyň çykyşy.", "tk", "Бердымухамедов"),
        ("The talks followed Tokayev's visit.", "en", "Токаев"),
        ("Делегация ОДКБ-ның отырысына келді.", "kk", "ОДКБ"),
    ]
    for text, lang, name in cases:
        assert skeleton(name) in names_of(text, lang), (text, name)
    # Russian is read by pymorphy3 and its own surname rule: nothing is cut by these tables
    assert names_of("Президент Токаев прибыл.", "ru") == {skeleton("Токаев")}


def test_an_ending_must_fit_the_stem_and_never_splits_a_country():
    assert ending_stem("алматы", "kk") is None          # "ты" follows voiceless sounds only
    assert ending_stem("пәкістан", "kk") is None        # "-стан" is not an ablative
    assert ending_stem("ўзбекистон", "uz") is None
    assert ending_stem("туркмен", "kk") is None          # "мен" follows vowels and sonorants
    assert ending_stem("оманда", "ky") == "оман"
    assert ending_stem("токаев", "ru") is None           # no table for Russian
    # a guessed cut keys the stem beside the word, never instead of it
    assert {skeleton("Акорда"), skeleton("Акор")} <= names_of("Бүгін Ақорда мәлімдеді.", "kk")


def test_uzbek_turkmen_and_kazakh_latin_letters_fold_into_the_skeleton():
    assert skeleton("Ўзбекистон") == skeleton("Узбекистан") == skeleton("O'zbekiston")
    assert skeleton("Óskemen") == skeleton("Өскемен")
    assert skeleton("Berdimuhamedowyň") == skeleton("Бердымухамедов")


def test_figures_keep_units_written_with_endings_or_in_other_languages():
    def figs(text: str, lang: str) -> set[str]:
        return figures(_TOKEN.findall(text), lang)

    assert figs("Бюджет 2,8 миллиардга жетті, өсім 3,5 пайызға.", "kk") == {"2.8|e9", "3.5|%"}
    assert figs("ӯ 72,97 дарсади овозҳоро гирифт", "tg") == {"72.97|%"}
    assert figs("Eksport 72,97 göterim, 500 tonna", "tk") == {"72.97|%", "500|t"}
    assert figs("exports of 500 tonnes worth $2.8 billion", "en") == {"500|t", "2.8|e9"}
    assert figs("вывезли 500 тонн на 2,8 млрд долларов", "ru") == {"500|t", "2.8|e9"}


def test_event_dates_with_ordinal_endings_in_every_language():
    def dates(text: str) -> list:
        return text_dates(_TOKEN.findall(text))

    mar15, mar15_2024 = make_day(None, 3, 15), make_day(2024, 3, 15)
    assert dates("15-го марта 2024 года") == [mar15_2024]
    assert dates("Saýlaw 15-nji martda geçdi") == [mar15]
    assert dates("2024-nji ýylyň 15-nji martynda 25 tonna") == [mar15_2024]
    assert dates("15-уми марти соли 2024") == [mar15_2024]
    assert dates("on 15th March 2024") == dates("March 15th, 2024") == [mar15_2024]
    assert dates("15-mart kuni") == dates("15 наурызда") == dates("15-мартта") == [mar15]
    # the number after a dated month is a count, not a second date
    assert dates("15-го марта 25 человек") == [mar15]
    assert figures(_TOKEN.findall("15-го марта 25 человек"), "ru") == {"25|"}


def test_one_event_in_kazakh_and_russian_shares_names_figures_and_date():
    kk = ArticleEvidence.from_text(
        "", "Мемлекет басшысы Тоқаевқа Жапаров 15 наурызда хат жолдады. Тауар айналымы "
        "2,8 миллиард долларға жетті.", "kk")
    ru = ArticleEvidence.from_text(
        "", "Садыр Жапаров 15 марта направил письмо Токаеву. Товарооборот достиг "
        "2,8 млрд долларов.", "ru")
    assert {skeleton("Токаев"), skeleton("Жапаров")} <= kk.names & ru.names
    assert "2.8|e9" in kk.figures & ru.figures
    assert kk.dates == ru.dates == [make_day(None, 3, 15)]


def test_uzbek_cyrillic_and_latin_reports_share_their_words():
    cyrillic = ArticleEvidence.from_text(
        "", "Ўзбекистонда инфляция 8,3 фоизга етди. Марказий банк қарор қабул қилди.", "uz")
    latin = ArticleEvidence.from_text(
        "", "Oʻzbekistonda inflyatsiya 8,3 foizga yetdi. Markaziy bank qaror qabul qildi.",
        "uz")
    assert len(set(cyrillic.lemmas) & set(latin.lemmas)) >= 7
    assert cyrillic.figures == latin.figures == {"8.3|%"}
