"""What a run of capitalised words names and its normal form: a person, an organisation or a
place, typed by its words and endings (surnames in -ов/-ev/-zoda, places in -стан/-iya,
organisations by "министерство", "agency", a domain...), Russian ones read with pymorphy3
(``russian``: nominative, patronymics, a woman's surname), the other languages by stripping
a case ending of their own (``gazetteer.strip_case``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.entities import russian
from aggregator.entities.chinese import is_chinese_person
from aggregator.entities.gazetteer import _read, strip_case

_ORG_WORDS = re.compile(
    r"(министерств|ведомств|агентств|комитет|служб|управлени|департамент|палат|партия|фонд|"
    r"банк|суд|прокуратур|университет|институт|академи|компани|корпораци|холдинг|ассоциаци|"
    r"союз|совет|администраци|мэри|акимат|хокимият|министрлі|министрли|агенттіг|агенттиг|"
    r"қызмет|кызмат|соты|суду|ұйым|уюм|биржа|әкімдіг|ákimdig|bank|vazirlig|agentlig|qo'mita|"
    r"xizmat|sudi|вазирлиг|агентлиг|қўмита|хизмат|суди|вазорат|агентии|кумита|хадамот|"
    r"комиссия|девон|ministrlig|guramas|gullug|ministry|agency|committee|service|court|council|"
    r"airlines|airways|railways|exchange|university|institute|office|commission|company|union|"
    r"organi[sz]ation|cent(?:er|re)|department|fund|party|corporation|group|motors|inc|llc|"
    r"jsc|plc|\.kz|\.uz|\.kg|\.tj|\.com|\.ru)", re.I)
_PERSON_END = re.compile(r"(ов|ев|ёв|ова|ева|ин|ина|зода|заде|ович|евич|ұлы|қызы|уулу|кызы|"
                         r"ov|ev|ova|eva|yev|yeva|zoda|zade|uulu|kyzy|ow|ew|owa|ewa)$", re.I)
#: surname endings a language's case endings also list (Turkmen "-ow" "-ew", Russian "-ов"):
#: stripping them as a case ending loses the surname ("Amanow" -> "Aman")
_SURNAME_AS_CASE = re.compile(r"(ов|ев|ow|ew|owa|ewa)$", re.I)
_PLACE_END = re.compile(r"(стан|станы|истон|ия|iya|ija|stan|iston|istan|ia|land)$", re.I)
#: English facilities and features named with a capitalised last word ("Trans-Caspian Gas
#: Pipeline", "Southern Gas Corridor", "Manas International Airport"): places, as the
#: labels keep them
_EN_PLACE_HEADS = frozenset("""pipeline corridor airport railway railroad highway motorway
    port seaport dam reservoir canal lake river sea mountains valley desert station bridge
    tunnel checkpoint gorge plateau""".split())
_GENERIC_ADJECTIVES = frozenset("international national central main new old the".split())

# Russian names that go on in lower case after a capitalised adjective: "Чуйская область",
# "Казахстанская фондовая биржа" (up to two lower-case adjectives, then one of these heads)
RU_LOC_HEAD = re.compile(r"(област|район|мор[еяю]|водохранилищ|залив|озер|кра[йяюе]|ущель|"
                         r"перевал|месторождени|гэс|зоопарк|аэропорт|вокзал|стадион|тракт|"
                         r"коридор|долин|пустын|плато|хребт?|канал|площад|проспект|улиц)\w{0,3}$",
                         re.I)
RU_ORG_HEAD = re.compile(r"(бирж|союз|суд|комитет|консорциум|совет|банк|фонд|университет|парти|"
                         r"служб|министерств|агентств|компани|корпораци|ассоциаци|организаци|"
                         r"комисси|управлени|администраци|инспекци|палат|войск|академи|"
                         r"институт|центр|департамент|кабинет|прокуратур|собрани|госсовет|госдум|"
                         r"погранслужб|минздрав|минтруд|минтранс|минфин|минэнерго|минюст|"
                         r"минобороны|генпрокуратур|нацбанк)\w{0,3}$", re.I)
RU_ADJECTIVE = re.compile(r"(ая|ой|ую|ый|ий|ого|ому|ым|ом|ое|ые|ых|ими|ей|его|ему|им)$")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'.&\-]*")
def surname_like(word: str) -> bool:
    """Whether ``word`` ends as a surname does ("-ов", "-ева", "-zoda", "-uulu")."""
    return _PERSON_END.search(word) is not None


def has_org_word(text: str) -> bool:
    """Whether ``text`` has a word organisations are named with ("ministry", "bank", ".kz")."""
    return _ORG_WORDS.search(text) is not None


@lru_cache(maxsize=65_536)
def is_patronymic(word: str) -> bool:
    return PATRONYMIC.search(word) is not None


#: a patronymic in Cyrillic or Latin ("Миромонович", "Kemelevich"), left out of a name
PATRONYMIC = re.compile(r"(ович|евич|ьич|овна|евна|ична|ovich|evich|ovna|evna)"
                        r"(а|у|ем|ом|е|ы|ой|ю)?$", re.I)
NOT_NAME_ABBREVIATIONS = frozenset(_read("entities_not_names.toml")["abbreviations"]) | frozenset(
    _read("entities_not_names.toml")["legal_forms"])  # a legal form alone names nothing


@lru_cache(maxsize=65_536)  # names recur across articles; the decision depends on the words only
def typed(run: tuple[str, ...], lang: str, at_sentence_start: bool,
           head: str | None = None) -> tuple[str, str] | None:
    words = list(run)
    if len(words) == 1 and (len(words[0]) < 2 or words[0] in NOT_NAME_ABBREVIATIONS
                            or sum(c.isdigit() for c in words[0]) >= 3):
        return None  # a unit, a common noun in capitals, a code ("KZ1C00004050")
    if head:  # "Чуйская область", "Казахстанская фондовая биржа": every word agrees
        case = russian.run_case(words[-1:])
        gender = russian.noun_gender(words[-1], case)
        return head, " ".join(russian.nominative(w, case, gender=gender, singular=True)
                              for w in words)
    if len(words) == 2 and is_chinese_person(run):  # "Хань Чжэн", "Zhang Hao": as written
        return "PER", " ".join(words)
    if lang == "ru":
        return _russian(words, at_sentence_start)
    kind = _guess(words, lang, at_sentence_start)
    if kind is None:
        return None
    if kind != "ORG":  # organisations keep their form; people and places lose a case ending
        stripped = strip_case(words[-1], lang)
        if not (kind == "PER" and _SURNAME_AS_CASE.search(words[-1]) and not _PERSON_END.search(stripped)):
            words = words[:-1] + [stripped]  # (not the surname's own "-ow": "Amanow")
    else:  # "Kun.uz'ga": an Uzbek case ending after an apostrophe
        words = words[:-1] + [re.sub(r"'\w{1,5}$", "", words[-1])]
    return kind, " ".join(words)


def _guess(words: list[str], lang: str, at_sentence_start: bool) -> str | None:
    text = " ".join(words)
    if _ORG_WORDS.search(text) or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 2):
        return "ORG"
    last = strip_case(words[-1], lang)
    if 2 <= len(words) <= 3 and (_PERSON_END.search(last) or _PERSON_END.search(words[0])
                                 or _SURNAME_AS_CASE.search(words[-1])):
        return "PER"
    if 2 <= len(words) <= 3 and lang != "ru" and latin_first_name(words[0]) and not any(
            is_patronymic(w) for w in words):
        # ("Marion Biotech" in Russian text is a company's: Latin there names no person;
        # "Shavkat Miromonovich" an address, the surname apart)
        return "PER"
    if len(words) == 1 and not at_sentence_start and len(last) > 4 and (_PERSON_END.search(
            words[0] if lang == "ru" else last) or _SURNAME_AS_CASE.search(words[0])):
        # a lone surname; Russian's "-ов" is the surname's, not a case ending to strip
        # ("адвокат Турдумаматов"), the other languages' "-ин" may be one ("Президенттин")
        return "PER"
    if lang == "en" and len(words) >= 2 and words[-1].lower() in _EN_PLACE_HEADS and not (
            len(words) == 2 and words[0].lower() in _GENERIC_ADJECTIVES):  # "International Airport"
        return "LOC"
    if _PLACE_END.search(last) and len(words) <= 2:
        return "LOC"
    return None


#: Latin spellings of Russian letters, longest first (English and the region's romanisations)
_TO_CYRILLIC = [("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
                ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("x", "кс"),
                ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
                ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
                ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
                ("h", "х"), ("c", "к"), ("j", "ж"), ("q", "к")]
_LATIN_NAME = re.compile(r"[A-Z][a-z]{2,}")


@lru_cache(maxsize=65_536)
def latin_first_name(word: str) -> bool:
    """Whether a capitalised Latin word is a first name the Russian dictionary knows, read
    back into Cyrillic ("Sergey", "Alexey", "Aleksey", "Natalya"): the first word of "Sergey
    Kim", "Alexey Miller", whose surnames have no ending that tells a person."""
    if not _LATIN_NAME.fullmatch(word):
        return False
    cyrillic, rest = "", word.lower()
    while rest:
        latin, letter = next(((a, b) for a, b in _TO_CYRILLIC if rest.startswith(a)), (rest[0], ""))
        cyrillic, rest = cyrillic + letter, rest[len(latin):]
    return russian.is_first_name(cyrillic.capitalize())


def _russian(words: list[str], at_sentence_start: bool) -> tuple[str, str] | None:
    if (at_sentence_start and len(words) >= 2 and russian.is_plain_word(words[0])
            and not _first_and_surname(words)):
        # "Депутат Иванов": the capital belongs to the sentence, not the name (and the
        # next word is no longer at the sentence's start)
        words, at_sentence_start = words[1:], False
    if len(words) == 1 and at_sentence_start and russian.is_plain_word(words[0]):
        return None
    if len(words) == 1 and words[0].isupper() and (russian.is_common_abbreviation(words[0])
                                                   or russian.is_shouted_word(words[0])):
        return None  # "ВВП", "ДТП"; "ПРЕЗИДЕНТА" in a headline in capitals
    text = " ".join(words)
    if _ORG_WORDS.search(text) or (len(words) == 1 and words[0].isupper()):
        return "ORG", org_nominative(words) if not words[0].isupper() else text
    kinds = [russian.kind_of(w) for w in words]
    if ("PER" in kinds or _first_and_surname(words)) and len(words) <= 4:
        return _person(words)
    elif "LOC" in kinds:
        kind = "LOC"
    elif "ORG" in kinds:
        kind = "ORG"
    else:
        kind = _guess(words, "ru", at_sentence_start)
    if kind is None and len(words) <= 4 and all(_LATIN_WORD.fullmatch(w) for w in words):
        # a name in Latin letters inside Russian text is a company's, a medium's, a
        # brand's ("SNC Lavalin", "Quramax Medical", "China Daily"): people's names and
        # places are written in Cyrillic
        return "ORG", " ".join(words)
    if kind is None:
        return None
    if kind == "ORG":
        return kind, org_nominative(words)
    if kind == "PER":
        return _person(words)
    case = russian.run_case(words)
    return kind, " ".join(russian.nominative(w, case) for w in words)


def _first_and_surname(words: list[str]) -> bool:
    """A first name the dictionary knows and a surname ("Динара Закиева", whose first word
    is also the genitive of "динар")."""
    return 2 <= len(words) <= 3 and russian.has_name_reading(words[0]) and bool(
        _PERSON_END.search(words[-1]))


def _person(words: list[str]) -> tuple[str, str] | None:
    """A person's normal form: patronymics dropped (the labels' convention), an official
    "Surname Name Patronymic" turned into "Name Surname", the words in the nominative."""
    patronymic = len(words) >= 2 and bool(russian.PATRONYMIC.search(words[-1]))
    names = [w for w in words if not russian.PATRONYMIC.search(w)]
    if not names:
        return None
    if patronymic and len(names) == 1:
        return None  # "Шавкат Миромонович": an address, the surname is its own mention
    if patronymic and len(names) == 2 and _PERSON_END.search(names[0]):
        names = [names[1], names[0]]  # "Шабданбеков Жумгалбек Кумарович"
    return "PER", " ".join(russian.person_nominative(names))


def org_nominative(words: list[str]) -> str:
    """An organisation's head word and the adjectives before it in the nominative, the
    rest as written ("Министерства юстиции" -> "Министерство юстиции", "Государственного
    комитета" -> "Государственный комитет")."""
    if words[0].isupper():
        return " ".join(words)
    head = next((i for i, w in enumerate(words) if RU_ORG_HEAD.match(w)), 0)
    case = russian.run_case(words[head:head + 1])
    gender = russian.noun_gender(words[head], case)
    lead = [russian.nominative(w, case, gender=gender) for w in words[:head]]
    return " ".join(lead + [russian.nominative(words[head])] + words[head + 1:])


@lru_cache(maxsize=65_536)  # the decision depends on the words only
def org_head(run: tuple[str, ...], at_start: bool, head: str | None) -> tuple[str, str] | None:
    """The organisation a Russian run ending in its head word names, before the words the
    head governs ("Министерстве" -> "Министерство"); a plain word that only starts the
    sentence is left out ("Сотрудники Государственного комитета")."""
    words = list(run)
    if at_start and len(words) >= 2 and russian.is_plain_word(words[0]) and not (
            RU_ORG_HEAD.match(words[0]) or russian.agrees(words[0], words[1])):
        words = words[1:]  # "Данные Агентства": "Данные" does not agree with its head
    if head:
        return typed(tuple(words), "ru", False, head)
    return "ORG", org_nominative(words)


def place_form(words: list[str], lang: str) -> str:
    """``words`` named as a place: Russian ones in the nominative, the other languages
    without a case ending of their own on the last word."""
    if lang == "ru":
        case = russian.run_case(words)
        return " ".join(russian.nominative(w, case) for w in words)
    return " ".join(words[:-1] + [strip_case(words[-1], lang)])
