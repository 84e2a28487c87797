"""Country tags: every form a text uses, in the region's languages, without look-alikes."""

from __future__ import annotations

import pytest

from aggregator.enrich.countries import COUNTRIES, CountryTags, tag_countries
from tests.conftest import read_jsonl


def tags(text: str, title: str = "", lang: str | None = None) -> list[str]:
    return tag_countries(title, text, lang).countries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # old and new names in several cases
        ("Делегация прибыла в Киргизию для переговоров.", ["KG"]),
        ("Посол Кыргызстана вручил верительные грамоты.", ["KG"]),
        ("Граница с Туркменией будет открыта в марте.", ["TM"]),
        ("Товарооборот с Туркменистаном вырос на 12%.", ["TM"]),
        ("Поднебесная наращивает закупки зерна.", ["CN"]),
        ("Инвесторы из КНР построят завод.", ["CN"]),
        # adjectives and demonyms in all forms
        ("Казахстанские банки снизили ставки.", ["KZ"]),
        ("Десятки тысяч кыргызстанцев работают в России.", ["KG"]),
        ("В узбекских школах ввели новый предмет.", ["UZ"]),
        ("Представитель таджикской стороны не согласился.", ["TJ"]),
        ("Об этом сообщил посол туркменского МИДа.", ["TM"]),
        ("Рынок заполнен китайским оборудованием.", ["CN"]),
        ("Протяжённость таджикско-афганской границы уточняется.", ["TJ"]),
        # capitals, regions and cities
        ("В Шымкенте открыли новый парк.", ["KZ"]),
        ("Жители Усть-Каменогорска жалуются на смог.", ["KZ"]),
        ("В Ошской области прошли учения.", ["KG"]),
        ("Мэрия Оша начала ремонт дорог.", ["KG"]),
        ("Фермеры Иссык-Кульской области собрали урожай.", ["KG"]),
        ("Суд в Андижане вынес приговор.", ["UZ"]),
        ("В Нукусе прошёл митинг.", ["UZ"]),
        ("Жители Худжанда пожаловались на отключения света.", ["TJ"]),
        ("В Хатлонской области построят школу.", ["TJ"]),
        ("Рейс из Ашхабада задержан.", ["TM"]),
        ("В Туркменабате открыли вокзал.", ["TM"]),
        ("Фабрика в Урумчи закрылась.", ["CN"]),
        ("Жители Семея пожаловались на качество воды.", ["KZ"]),
        ("Дорогу на Памир закрыли из-за лавин.", ["TJ"]),
        # heads of state, officials and institutions
        ("Токаев подписал закон.", ["KZ"]),
        ("Ташиев провёл совещание.", ["KG"]),
        ("Мирзиёев посетил выставку.", ["UZ"]),
        ("Шавкат Мирзиеев (без точек над е) выступил с речью.", ["UZ"]),
        ("Эмомали Рахмон открыл мост.", ["TJ"]),
        ("Сердар Бердымухамедов принял посла.", ["TM"]),
        ("Ли Цян прибыл с визитом.", ["CN"]),
        ("Депутаты Жогорку Кенеша приняли поправки.", ["KG"]),
        ("Мажилис одобрил законопроект.", ["KZ"]),
        ("Сенаторы Олий Мажлиса утвердили бюджет.", ["UZ"]),
        ("Маджлиси Оли ратифицировал соглашение.", ["TJ"]),
        ("Халк Маслахаты собрался на заседание.", ["TM"]),
        # currencies
        ("Курс тенге укрепился.", ["KZ"]),
        ("Проезд подорожал до 20 сомов.", ["KG"]),
        ("Пенсия выросла до 1,2 млн сумов.", ["UZ"]),
        ("Средняя зарплата составила 2500 сомони.", ["TJ"]),
        ("Импорт оплачен в юанях.", ["CN"]),
        # a currency without a figure: its exchange rate
        ("Курс сома к доллару вырос на 0,2%.", ["KG"]),
        ("Нацбанк удерживает курс сома, сообщили в ведомстве.", ["KG"]),
        ("Сум к рублю подешевел за неделю.", ["UZ"]),
        # Navoi the city (the poet is a look-alike below)
        ("Китайские инвесторы построят завод в Навои.", ["CN", "UZ"]),
    ],
)
def test_russian_forms(text, expected):
    assert tags(text, lang="ru") == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("kk", "Қазақстан Президенті Қасым-Жомарт Тоқаев Қытай төрағасымен кездесті.", ["CN", "KZ"]),
        ("kk", "Орал қаласында жаңа аурухана ашылды.", ["KZ"]),
        ("ky", "Кыргызстандын өкмөтү Өзбекстан менен келишим түздү.", ["KG", "UZ"]),
        ("ky", "Ошто жаңы базар ачылды.", ["KG"]),
        ("ky", "Казакстандын аймагында жол курулушу башталды.", ["KZ"]),
        ("uz", "O‘zbekiston va Qirg‘iziston o‘rtasida yangi yo‘l ochildi.", ["KG", "UZ"]),
        ("uz", "Non narxi 5 ming so‘mga ko‘tarildi.", ["UZ"]),
        ("uz", "Ўзбекистон ва Тожикистон чегарасида янги пост очилди.", ["TJ", "UZ"]),
        ("tg", "Ҷумҳурии Тоҷикистон бо Чин созишнома имзо кард.", ["CN", "TJ"]),
        ("tg", "Ҳайати Қазоқистон ба Душанбе омад.", ["KZ", "TJ"]),
        ("tk", "Türkmenistanyň Prezidenti Gazagystana sapar bilen bardy.", ["KZ", "TM"]),
        ("tk", "Mary welaýatynda täze mekdep açyldy.", ["TM"]),
        ("tk", "Gazagystanyň wekiliýeti Aşgabada geldi.", ["KZ", "TM"]),  # t voiced to d
        # capitals with the languages' own spellings and case endings
        ("kk", "Бішкекте кездесу болды, ал Пекинде саммит өтті.", ["CN", "KG"]),
        ("ky", "Душанбеде келишим түзүлдү, Бээжинде саммит өттү.", ["CN", "TJ"]),
        ("uz", "Olmaotada va Ashxobodda ko‘rgazma ochildi.", ["KZ", "TM"]),
        ("tk", "Daşkentde we Bişkekde forum geçirildi.", ["KG", "UZ"]),
        ("tg", "Рӯзи душанбе мулоқот баргузор шуд.", []),  # Monday, not the capital
        ("en", "Tajik and Uzbek officials met in Beijing.", ["CN", "TJ", "UZ"]),
        ("en", "Kyrgyzstan's parliament, the Jogorku Kenesh, passed the bill.", ["KG"]),
        ("zh", "吉尔吉斯斯坦总统扎帕罗夫访问北京。", ["CN", "KG"]),
    ],
)
def test_region_languages(lang, text, expected):
    assert tags(text, lang=lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Депутат Госдумы Андрей Казахов внёс законопроект.",  # a surname, not the people
        "Для меня это китайская грамота, признался министр.",
        "По итогам аукциона ЦБА курс маната к доллару составил 1,7 AZN.",  # Azerbaijani manat
        "Президент РК Юн Сок Ёль провёл переговоры в Сеуле.",  # Korea's РК
        "Кошка спала на подоконнике, а в коше у пастухов горел огонь.",  # "Ош" inside words
        "Стороны признали Алматинскую декларацию 1991 года.",
        "Рыбаки поймали сома весом 40 килограммов.",
        "Сумма ущерба превысила миллион рублей, сообщили в Сумской области.",
        "Автобусы ходят до станции метро Китай-город.",
        "Она свободно говорит на казахском языке.",
        "В Петропавловске-Камчатском выпал снег.",
        "Меджлис Азербайджана одобрил бюджет.",
        "Детей учили писать на китайском языке.",
        "Читайте на сайте almaty-news.kz и tashkent.uz.",
        "Рыбаки жалуются, что сома к весне стало меньше.",
        "Число многодетных семей выросло, в каждой семье по пять детей.",
        "Памятник Алишеру Навои открыли в Москве.",
        "Театр имени Навои покажет премьеру в Санкт-Петербурге.",
    ],
)
def test_look_alikes_are_not_tagged(text):
    assert tags(text, lang="ru") == []


def test_rk_is_kazakhstan_in_a_kazakh_context():
    text = "Пункты пропуска на границе РК и КР работают круглосуточно, сообщили в Бишкеке."
    assert tags(text, lang="ru") == ["KG", "KZ"]


def test_turkmen_manat_without_azerbaijan():
    assert tags("Цена хлеба в Ашхабаде выросла до 10 манатов.", lang="ru") == ["TM"]
    assert tags("Курс маната остался прежним.", lang="ru") == ["TM"]


def test_primary_from_dateline_and_title():
    text = (
        "БИШКЕК, 5 мая — Sputnik. Правительство обсудило поставки электроэнергии из "
        "Казахстана и Узбекистана. Казахстан поставит 500 млн кВт·ч."
    )
    assert tag_countries("", text, "ru").primary == "KG"
    result = tag_countries("Узбекистан закупит пшеницу",
                           "Минсельхоз Узбекистана подписал контракт с казахстанским "
                           "поставщиком. Мельницы Ташкента и Самарканда получат зерно к осени.",
                           "ru")
    assert result == CountryTags(countries=["KZ", "UZ"], primary="UZ")


def test_primary_is_none_for_bilateral_and_unrelated_stories():
    title = "Казахстан и Кыргызстан договорились о границе"
    text = "Казахстан и Кыргызстан подписали протокол. Бишкек и Астана довольны итогами."
    assert tag_countries(title, text, "ru").primary is None
    assert tag_countries("Выборы в Грузии", "В Тбилиси прошли выборы.", "ru") == CountryTags([], None)


def test_lang_is_optional():
    assert tag_countries("", "Тоқаев Астанада шетелдік инвесторлармен кездесті.").countries == ["KZ"]


def test_countries_are_sorted_and_known():
    result = tag_countries("", "Китай, Туркмения, Узбекистан, Таджикистан, Киргизия и Казахстан.")
    assert result.countries == sorted(COUNTRIES)


def test_eval_dev_country_tags(eval_dev):
    rows = read_jsonl(eval_dev / "countries.jsonl")
    tp = fp = fn = right = 0
    for row in rows:
        result = tag_countries(row["title"], row["text"], row["lang"])
        gold, got = set(row["countries"]), set(result.countries)
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
        right += result.primary == row["primary"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= 0.99 and f1 >= 0.98, (precision, recall, f1)
    assert right / len(rows) >= 0.90, right / len(rows)
