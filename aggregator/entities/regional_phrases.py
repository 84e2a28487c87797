"""Names the region's languages build with lower-case words, which runs of capitals miss:

- Uzbek, Kazakh, Kyrgyz, Turkmen put an organisation's head noun last, in the possessive,
  with a case ending after it ("Миллий статистика қўмитасига", "Сыртқы істер
  министрлігінің", "Qirg'iziston Iqtisodiyot vazirligi rahbari"): the name runs from the
  capitalised words before the head to the head, named with the head in its possessive
  nominative ("... qo'mitasi", "... министрлігі"), as a dictionary lists it;
- the same languages name a region or district by its name and an administrative noun
  ("Namangan viloyatining", "Жетісу облысында", "Ноокен районунда"): a place named "Namangan
  viloyati", "Жетісу облысы", "Ноокен району"; so does English ("the Tashkent region");
- Tajik puts the head first and chains the words it governs with the izafet -и
  ("Вазорати корҳои хориҷии Ҷумҳурии Тоҷикистон", "Девони вазирони Туркманистон"): the
  name runs from a capitalised head while each word ends in the izafet; so are its regions,
  districts and streets named, in lower case ("вилояти Суғд", "ноҳияи Вахш").

``regional_names`` gives their spans for ``extract``; the words they cover are no longer
read as runs of capitals.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from aggregator.entities.capitalised import NOT_NAME
from aggregator.entities.gazetteer import strip_case
from aggregator.entities.tokens import TOKEN, overlaps

#: head nouns of organisations, in the possessive nominative (the name's normal form ends
#: so), per language; Uzbek in both scripts
_ORG_HEADS = {
    "uz": """vazirligi agentligi qo'mitasi xizmati boshqarmasi palatasi kengashi banki
        sudi inspeksiyasi prokuraturasi universiteti instituti akademiyasi jamg'armasi
        hokimligi partiyasi kompaniyasi birjasi assotsiatsiyasi uyushmasi
        вазирлиги агентлиги қўмитаси хизмати бошқармаси палатаси кенгаши банки суди
        инспекцияси прокуратураси университети институти академияси жамғармаси ҳокимлиги
        партияси компанияси биржаси""",
    "kk": """министрлігі агенттігі комитеті қызметі басқармасы палатасы кеңесі банкі
        соты инспекциясы прокуратурасы университеті институты академиясы қоры әкімдігі
        партиясы комиссиясы биржасы""",
    "ky": """министрлиги агенттиги комитети кызматы башкармасы палатасы кеңеши банкы
        соту инспекциясы прокуратурасы университети институту академиясы фонду мэрлиги
        партиясы комиссиясы биржасы""",
    "tk": """ministrligi agentligi komiteti gullugy müdirligi palatasy geňeşi banky
        kazyýeti instituty uniwersiteti akademiýasy guramasy partiýasy toparlary""",
}
#: heads named without a possessive when an adjective stands before them ("Марказий банк",
#: "Олий суд", "... боюнча агенттик")
_BARE_ORG_HEADS = {
    "uz": "bank sud agentlik vazirlik банк суд агентлик вазирлик",
    "kk": "банк сот агенттік министрлік",
    "ky": "банк сот агенттик министрлик",
    "tk": "bank",
}
#: regions and districts: the administrative noun in the possessive
_PLACE_HEADS = {  # and the facilities and features named so (airport, river, lake, port); a
    # village is named without its noun ("Келте айылында": "Келте")
    "uz": """viloyati tumani вилояти тумани aeroporti аэропорти mahallasi маҳалласи kanali
        канали daryosi дарёси ko'li кўли""",
    "kk": "облысы ауданы әуежайы өзені көлі",
    "ky": "облусу району аэропорту көлү дарыясы",
    "tk": "welaýaty etraby stansiýasy porty derýasy köli geňeşligi",
    "en": "region province oblast district",
}
#: what follows a possessive head: the case endings (the possessive's buffer n included)
_AFTER_POSSESSIVE = {
    "uz": "ning ni ga da dan dagi нинг ни га да дан даги",
    "kk": "нің ның н не на нде нда нен нан мен менен ндағы ндегі",
    "ky": "нин нын нун нүн н не на но нө нде нда ндо ндө нен нан нон нөн менен ндагы ндеги "
          "ндогу ндөгү",
    "tk": "nyň niň ny ni na ne nda nde ndan nden ndaky ndäki",
    "en": "'s",
}
_AFTER_BARE = {
    "uz": "ning ni ga da dan нинг ни га да дан",
    "kk": "тің тың ке қа те та тен тан пен ті ты",
    "ky": "тин тын ке ка те та тен тан ти ты",
    "tk": "yň a y da dan",
}
#: words that join an organisation's lower-case words ("Iqtisodiyot va moliya vazirligi")
_JOINING = frozenset("va ва және жана we hamda ҳамда".split())
#: a plural first word of a sentence is its subject ("Тараптар сыртқы істер министрлігінде
#: ..."), not the start of a name
_PLURAL = re.compile(r"(лар|лер|дар|дер|тар|тер|lar|ler|лор|лөр|дор|дөр|тор|төр)$")
_PERSON_LIKE = re.compile(r"(ов|ев|ёв|ова|ева|ёва|ov|ev|yev|ova|eva|ow|ew|owa|ewa|зода|zoda|"
                          r"уулу|ұлы|кызы|қызы)$", re.I)
#: what a bare head's adjective ends in ("Марказий банк", "Ұлттық банк", "Milliy bank")
_ADJECTIVE = re.compile(r"(iy|ий|ық|ік|ык|ик|ук|үк|uk|ly|li|lı)$", re.I)
#: "for, on" after the words an agency deals with ("... ресурстар боюнча агенттик")
_FOR = frozenset("боюнча бойынша bo'yicha бўйича boýunça".split())
_TITLES = frozenset("""prezident prezidenti президент президенти президенті vazir vaziri вазир
    вазири министр министрі министри rahbari раҳбари hokimi ҳокими әкімі төрағасы төрагасы
    başlygy baştutany""".split())
#: a locative or ablative ending: a capitalised word so ending says where, it names no body
_WHERE = re.compile(r"(да|де|та|те|дан|ден|тан|тен|нан|нен|нда|нде|даги|дагы|деги|тағы|дағы|"
                    r"дегі|da|de|ta|te|dan|den|tan|ten|nda|nde|dagi)$")
#: a genitive ending: a place so ending before a region's name owns it ("Täjigistanyň Hatlon
#: welaýaty" is Hatlon welaýaty of Tajikistan), it is no part of the region's name
_GENITIVE = re.compile(r"(yň|iň|ning|нинг|ның|нің|дың|дің|тың|тің|нын|нин|нун|нүн|дын|дин|дун|"
                       r"дүн|тын|тин|тун|түн|'s)$")
_MAX_LOWER = 5  # lower-case words between a name's capitals and its head
_MAX_CAPITALS = 3

#: Tajik heads of organisations, first in their name, with the izafet
_TG_HEADS = frozenset("""вазорати девони комиссияи институти кумитаи агентии академияи маркази
    маҷлиси хадамоти бонки суди раёсати сарраёсати шӯрои ҳукумати донишгоҳи прокуратураи
    палатаи ширкати иттиҳодияи созмони хазинаи""".split())
_TG_CASE = re.compile(r"(ро)$")
#: "the country's" closing a chain: the name is the body's own ("Маҷлиси олии кишвар" is
#: "Маҷлиси олӣ")
_TG_GENERIC = frozenset("кишвар мамлакат ҷумҳурӣ".split())


def regional_names(text: str, lang: str, sentence_starts: set[int],
                   known: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, normal form) of the names above in ``text``, in text order and not
    overlapping; ``known``: the gazetteer's spans (a name may contain them)."""
    if lang == "tg":
        return _without_overlaps(_tajik(text, known) + _tajik_places(text))
    if lang not in _PLACE_HEADS:
        return []
    found = []
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer would shift offsets
        return []
    heads = _heads(lang)
    for match in _head_finder(lang).finditer(lower):
        # the pattern starts with its words' letters (re then skips to them fast); that a
        # word starts there and what the word is are checked here
        before = lower[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "'_":
            continue
        word = match.group()
        head, kind, bare = next(((h, k, b) for h, k, b, endings in heads
                                 if word.startswith(h) and word[len(h):] in endings), (None, None, None))
        if head is None:
            continue
        start = _name_start(text, match.start(), lang, sentence_starts, kind, bare, known)
        if start is None:
            continue
        head_written = text[match.start():match.start() + len(head)]
        found.append((start, match.end(), kind, f"{text[start:match.start()]}{head_written}"))
    return _without_overlaps(found)


@lru_cache(maxsize=None)
def _heads(lang: str) -> tuple[tuple[str, str, bool, frozenset[str]], ...]:
    """(head, type, bare, the endings it may take), longest head first."""
    after = frozenset(_AFTER_POSSESSIVE[lang].split()) | {""}
    heads = [(h, "ORG", False, after) for h in _ORG_HEADS.get(lang, "").split()]
    heads += [(h, "LOC", False, after) for h in _PLACE_HEADS[lang].split()]
    heads += [(h, "ORG", True, frozenset(_AFTER_BARE[lang].split()) | {""})
              for h in _BARE_ORG_HEADS.get(lang, "").split()]
    return tuple(sorted(heads, key=lambda h: len(h[0]), reverse=True))


@lru_cache(maxsize=None)
def _head_finder(lang: str) -> re.Pattern:
    """A word starting with a head of ``lang`` (lower case), the heads as a trie over their
    first letter: re skips to those letters and tries only their heads (~4x faster than
    one alternation of every head)."""
    by_first: dict[str, list[str]] = {}
    for head, *_ in _heads(lang):
        by_first.setdefault(head[0], []).append(head[1:])
    trie = "|".join(re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
                    for first, rests in by_first.items())
    return re.compile(rf"(?:{trie})[\w']*")


def _is_head(word: str, lang: str) -> bool:
    return any(word.startswith(h) and word[len(h):] in endings for h, _, _, endings in _heads(lang))


def _known_span(known: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The ``known`` span (sorted by start) that covers ``pos``, if any."""
    i = bisect_right(known, (pos, len(known) + 1 << 40)) - 1
    return known[i] if i >= 0 and known[i][0] <= pos < known[i][1] else None


def _name_start(text: str, head_start: int, lang: str, sentence_starts: set[int],
                kind: str, bare: bool, known: list[tuple[int, int]]) -> int | None:
    """Where the name ending in the head at ``head_start`` starts: at the capitalised words
    before it (at most ``_MAX_CAPITALS``), past at most ``_MAX_LOWER`` lower-case words for an
    organisation (none for a place or a bare head); None when no capital stands there or the
    capital is a person's name or a title."""
    words = [m for m in TOKEN.finditer(text, max(0, head_start - 160), head_start)]
    start, lowers, capitals = None, 0, 0
    at = head_start
    for word in reversed(words):
        if word.end() > at:
            continue  # inside a known name already taken
        if text[word.end():at].strip(" "):
            break  # punctuation or a line break ends the name
        value = word.group()
        if bare and at == head_start and not (_ADJECTIVE.search(value) or value in _FOR):
            return None
        if value[0].isupper():
            span = _known_span(known, word.start())
            if span is not None:  # a known place starts the name ("Qirg'iziston Iqtisodiyot")
                written = text[span[0]:span[1]].lower()
                if _WHERE.search(written) and not written.endswith(("стан", "stan")):
                    break  # "Ташкентда ...": where, not whose
                if kind == "LOC" and _GENITIVE.search(written):
                    break  # "Täjigistanyň Hatlon welaýaty": whose region, not its name
                start = at = span[0]
            elif (_PERSON_LIKE.search(strip_case(value, lang)) or value.lower() in _TITLES
                    or value.lower() in NOT_NAME or _WHERE.search(value.lower())
                    or (kind == "LOC" and capitals and _GENITIVE.search(value.lower()))):
                break  # a person, a title, a common word ("Bu haqda"), a place as "where",
                # an owner in the genitive before a region's name
            elif capitals and word.start() in sentence_starts and not text[head_start].isupper():
                break  # "Кеча Марказий банк": a sentence's first word, not the name's
                # (unless every word is capitalised: "Давлат Хавфсизлик Хизмати")
            else:
                start = word.start()
            capitals += 1
            if start in sentence_starts or capitals >= _MAX_CAPITALS:
                break
            at = start
            continue
        elif start is not None:
            break  # the capitals before the lower-case words end the name
        elif kind == "LOC" or (bare and value not in _FOR and not lowers) or value.isdigit():
            return None
        elif value in _JOINING:
            pass  # "va", "жана" join the words, not counted
        elif lowers < _MAX_LOWER and not _is_head(value.lower(), lang):
            lowers += 1
            if word.start() in sentence_starts:
                return None
        else:
            return None
        at = word.start()
    if start is None:
        return None
    first = TOKEN.match(text, start).group()
    if start in sentence_starts and lowers and _PLURAL.search(first.lower()):
        return None
    return start


def _tajik(text: str, known: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Tajik organisations: a capitalised head with the izafet and the words it chains."""
    found = []
    for match in _tg_head().finditer(text):
        end = match.end()
        previous = match.group()
        while True:
            word = _next_word(text, end)
            if word is not None and word.group() == "ва":
                # "... тарбияи ҷисмонӣ ва варзиши ...": an "and" between two governed words
                after = _next_word(text, word.end())
                word = after if after is not None and after.group().endswith("и") else None
            elif not previous.endswith("и"):
                break  # no izafet: the chain ends with this word ("Маҷлиси олӣ")
            if word is None:
                break
            end = word.end()
            inside = [s for s in known if s[0] <= word.start() < s[1]]
            if inside:  # a known place ends the name ("... Ҷумҳурии Тоҷикистон")
                end = max(end, inside[0][1])
                break
            previous = word.group()
        if end == match.end():
            continue  # a head alone ("Девони ...", cut by punctuation) names nothing
        name = _TG_CASE.sub("", text[match.start():end])
        words = name.split(" ")
        if len(words) >= 3 and words[-1].lower() in _TG_GENERIC:
            end -= len(words[-1]) + 1
            words = words[:-1]
            if words[-1].endswith("ии"):  # the adjective without its izafet: "олии" -> "олӣ"
                words[-1] = words[-1][:-2] + "ӣ"
            name = " ".join(words)
        found.append((match.start(), end, "ORG", name))
    return _without_overlaps(found)


#: Tajik names of regions, districts, streets and features: the noun first, in the izafet,
#: then the name ("вилояти Суғд", "ноҳияи Вахш", "кӯчаи Сирдарё"), named so by the labels
_TG_PLACE = re.compile(
    r"(?:[Вв]илояти|[Нн]оҳияи|[Кк][ӯў]чаи|[Дд]арёи|[Вв]одии|[Ҷҷ]амоати|[Кк][ӯў]ли) "
    r"[А-ЯЁҶҒҚҲӮӢ][\w\-]*")  # (a word's start is checked apart: a look-behind first
# would make re try the pattern at every position)
_TG_IZAFET_AFTER_VOWEL = re.compile(r"(?<=[аеёиоуэюяӯӣ])и$")


def _tajik_places(text: str) -> list[tuple[int, int, str, str]]:
    """Tajik places named by their noun and the capitalised word after it, without a case
    ending "-ро" or the izafet that chains an owner ("вилояти Хатлони Тоҷикистон",
    "кӯчаи Сирдарёи ...")."""
    found = []
    for match in _TG_PLACE.finditer(text):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_"):
            continue
        name = _TG_CASE.sub("", match.group())
        noun, word = name.split(" ", 1)
        if text[match.end():match.end() + 2][1:2].isupper() or _TG_IZAFET_AFTER_VOWEL.search(word):
            # an izafet before the next name: "Хатлони" -> "Хатлон"; after a vowel "-и"
            if word.endswith("и") and len(word) > 3:
                word = word[:-1]
        found.append((match.start(), match.start() + len(noun) + 1 + len(word), "LOC", f"{noun} {word}"))
    return found


def _next_word(text: str, end: int) -> re.Match | None:
    """The word after one space, if a word follows so."""
    return TOKEN.match(text, end + 1) if text[end:end + 1] == " " else None


@lru_cache(maxsize=1)
def _tg_head() -> re.Pattern:
    heads = "|".join(sorted((h.capitalize() for h in _TG_HEADS), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{heads})(?!\w)")


def _without_overlaps(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    kept: list[tuple[int, int, str, str]] = []
    for span in sorted(spans):
        if not overlaps(span[0], span[1], [(s[0], s[1]) for s in kept[-1:]]):
            kept.append(span)
    return kept
