"""The lead's roles for the primary country (issue 19, item 4; benchmarks/README.md, "Country
tags from entity roles"): a country's place, a partner, origin or destination, the lead's
subject, a place elsewhere; the enrich chain hands its entities to the country step; the
shipped role weights come from the fit's decision rule. Sentences written for the tests."""

from __future__ import annotations

import json

import pytest

from aggregator.enrich import country_rules, steps
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_roles import lead_roles, mention_role
from aggregator.enrich.country_rules import ROLE_WEIGHTS, WEIGHTS, lead_end
from aggregator.enrich.country_rules_fit import MIN_GAIN, NO_ROLES, ROLE_FILE, ROLE_GRID
from aggregator.entities import extract_entities
from aggregator.items import Article


def roles_of(text: str, title: str = "", lang: str = "ru", with_entities: bool = True):
    title, body = normalise(title), normalise(text)
    ents = [e.evidence() for e in extract_entities(title, body, lang)] if with_entities else None
    return lead_roles(find_mentions(title, body, lang), title, body, lead_end(body), ents, lang)


def role_at(text: str, word: str, lang: str = "ru") -> str | None:
    mentions = [m for m in find_mentions("", text, lang) if m.matched.startswith(word)]
    assert mentions, word
    return mention_role(mentions[0], text, lang in ("kk", "ky", "uz", "tk"))


@pytest.mark.parametrize("text, word, lang, role", [
    ("Турнир прошёл в Астане вчера.", "Астане", "ru", "place"),
    ("Делегация вылетела в Астану вчера.", "Астану", "ru", "oblique"),
    ("Поставки идут в Китай по новой дороге.", "Китай", "ru", "oblique"),
    ("Делегация прилетела в Бишкек утром.", "Бишкек", "ru", "oblique"),
    ("Работы ведутся в Андижанской области.", "Андижанской", "ru", "place"),
    ("Груз пришёл из Казахстана утром.", "Казахстана", "ru", "oblique"),
    ("Президент Казахстана открыл завод.", "Казахстана", "ru", None),
    ("The plant opened in Tashkent on Monday.", "Tashkent", "en", "place"),
    ("Exports to China rose again.", "China", "en", "oblique"),
    ("会议在比什凯克举行。", "比什凯克", "zh", "place"),
    ("代表团前往中国访问。", "中国", "zh", "oblique"),
    ("国家主席抵达比什凯克。", "比什凯克", "zh", "oblique"),  # arrives at: a destination
    ("中国和哈萨克斯坦签署协议。", "哈萨克斯坦", "zh", None),  # a pair, not a partner
    ("Кечээ Бишкекте жыйын өттү.", "Бишкекте", "ky", "place"),
    ("Жүк Қытайға жөнелтілді.", "Қытайға", "kk", "oblique"),
    ("Кыргызстан жаңы мыйзам кабыл алды.", "Кыргызстан", "ky", None),  # "-тан" is the name
])
def test_a_mentions_role_comes_from_its_preposition_or_case(text, word, lang, role):
    assert role_at(text, word, lang) == role


def test_the_lead_gives_places_origins_and_a_subject():
    roles = roles_of("Вчера в Бишкеке прошёл турнир, в котором победил спортсмен из Узбекистана.",
                     "Спортсмен из Узбекистана выиграл турнир в Бишкеке")
    assert roles.places == {"KG"} and roles.oblique == {"UZ"} and not roles.subject
    # a country coordinated with an origin is an origin too
    roles = roles_of("Мигранты из Таджикистана и Киргизии едут на заработки.")
    assert roles.oblique == {"TJ", "KG"}
    roles = roles_of("Президент Казахстана Касым-Жомарт Токаев подписал указ о поставках в Китай.")
    assert roles.subject == {"KZ"} and roles.oblique == {"CN"}


def test_a_turkic_case_ending_keeps_two_adjacent_countries_apart():
    # subject and dative with only a space between them: not a list sharing one role
    roles = roles_of("Қазақстан Қытайға бір миллион тонна астық экспорттайды.", lang="kk")
    assert roles.subject == {"KZ"} and roles.oblique == {"CN"}
    roles = roles_of("Toshkentda O'zbekiston va Qozog'iston vazirlari uchrashdi.", lang="uz")
    assert roles.places == {"UZ"} and "KZ" not in roles.places
    # a list joined by a conjunction still shares it
    assert roles_of("Мигранты из Таджикистана и Киргизии едут.").oblique == {"TJ", "KG"}


def test_entities_name_an_actor_a_foreign_subject_and_a_place_elsewhere():
    # the gazetteer's person acts for his country before any country is named
    assert roles_of("Садыр Жапаров подписал закон о бюджете.", lang="ru").subject == {"KG"}
    # a foreign country named first is the subject: no portal country is
    assert not roles_of("Россия отправит зерно по железной дороге Казахстана.").subject
    assert roles_of("Министр Казахстана отправит зерно по железной дороге.").subject == {"KZ"}
    # a place of no portal country where the lead sets the event (an entity without country)
    assert roles_of("Студенты из Туркменистана учатся в Минске уже третий год.").elsewhere
    assert not roles_of("Студенты из Туркменистана учатся в Минске уже третий год.",
                        with_entities=False).elsewhere


def test_role_weights_move_the_primary_country_only_when_set(monkeypatch):
    title = "Спортсмен из Узбекистана выиграл турнир в Бишкеке"
    text = ("Вчера в Бишкеке прошёл турнир, в котором победил спортсмен из Узбекистана. "
            "Узбекский борец одолел соперника из Кыргызстана в финале.")
    ents = [e.evidence() for e in extract_entities(title, text, "ru")]
    assert tag_countries(title, text, "ru", ents).primary is None  # close counts: no primary
    monkeypatch.setitem(country_rules.WEIGHTS, "decide_close", 1.0)
    assert tag_countries(title, text, "ru", ents).primary == "KG"  # the lead's one place


def test_a_meeting_of_many_placed_in_one_country_is_its_story(monkeypatch):
    text = ("Встреча глав государств Центральной Азии открылась в Ташкенте. Лидеры Казахстана, "
            "Кыргызстана, Таджикистана и Туркменистана обсудили воду и транзит.")
    assert tag_countries("", text, "ru").primary is None  # four countries or more: regional
    monkeypatch.setitem(country_rules.WEIGHTS, "decide_many", 1.0)
    assert tag_countries("", text, "ru").primary == "UZ"


def test_a_country_named_only_as_origin_of_an_event_abroad_is_not_primary(monkeypatch):
    abroad = "Студенты из Туркменистана учатся в Минске уже третий год."
    ents = [e.evidence() for e in extract_entities("", abroad, "ru")]
    monkeypatch.setitem(country_rules.WEIGHTS, "decide_abroad", 1.0)
    assert tag_countries("", abroad, "ru").primary == "TM"  # no entities: no place abroad
    assert tag_countries("", abroad, "ru", ents).primary is None  # the story is elsewhere
    at_home = "Студенты из Туркменистана учатся в Ашхабаде уже третий год."
    ents = [e.evidence() for e in extract_entities("", at_home, "ru")]
    assert tag_countries("", at_home, "ru", ents).primary == "TM"


def test_the_shipped_role_weights_are_the_fits_data():
    shipped = json.loads(ROLE_FILE.read_text("utf-8"))
    assert set(shipped) == set(ROLE_GRID) == set(ROLE_WEIGHTS)
    assert all(WEIGHTS[k] == shipped[k] for k in ROLE_WEIGHTS)
    assert all(shipped[k] in ROLE_GRID[k] for k in ROLE_GRID)
    assert MIN_GAIN == 0.01 and set(NO_ROLES) == set(ROLE_GRID)


def test_the_fit_keeps_role_weights_only_above_the_decision_rules_gain(monkeypatch, tmp_path):
    from aggregator.enrich import country_rules_fit as fit

    texts = [{"set": "dev", "id": str(i), "site": f"s{i}.kz", "lang": "ru", "title": "",
              "text": "Встреча глав государств Центральной Азии открылась в Ташкенте. Лидеры "
                      "Казахстана, Кыргызстана, Таджикистана и Туркменистана обсудили воду.",
              "primary": "UZ"} for i in range(10)]
    monkeypatch.setattr(fit, "development_texts", lambda *_: (texts, texts[:2]))
    out = tmp_path / "weights.json"
    monkeypatch.setattr(fit, "ROLE_FILE", out)
    monkeypatch.setattr(fit, "ROLE_GRID", {k: (0.0,) for k in fit.ROLE_GRID} | {"decide_many": (0.0, 1.0)})
    fit.main(["--fresh", ".", "--fresh2", ".", "--roles", "--write"])
    assert json.loads(out.read_text())["decide_many"] == 1.0  # every text gained: kept
    for t in texts:
        t["primary"] = None  # now the roles lose every text: no roles are written
    fit.main(["--fresh", ".", "--fresh2", ".", "--roles", "--write"])
    assert json.loads(out.read_text())["decide_many"] == 0.0


def test_the_enrich_chain_hands_its_entities_to_the_country_step(monkeypatch):
    seen = {}

    def spy(title, text, lang=None, entities=None):
        seen["entities"] = entities
        return tag_countries(title, text, lang, entities)

    monkeypatch.setattr(steps, "tag_countries", spy)
    article = Article(url="https://example.org/a", title="Жапаров посетил Ош",
                      body="Президент Кыргызстана Садыр Жапаров посетил Ош.")
    steps.process_article(article)
    assert {e["name"] for e in seen["entities"]} >= {"Садыр Жапаров"}
    assert article.primary_country == "KG"
