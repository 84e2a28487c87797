"""A country's bodies written in lower case, named by the body and the known place they
belong to: "правительства Киргизии" (the government of Kyrgyzstan), "министерства обороны
Таджикистана", "минздрава Казахстана", "the government of Tajikistan", "ҳукумати
Тоҷикистон", and in the Turkic languages, whose head comes last, "Қазақстан үкіметі",
"Кыргызстан өкмөтү", "O'zbekiston hukumati"; and in English by the nationality's
adjective, "the Kyrgyz health ministry". Runs of capitals miss them (the body's word
is in lower case); the gazetteer finds only the place.

``lower_case_bodies`` gives (start, end, "ORG", name) for ``extract``; the name is the body
in its nominative (Russian: the head and the adjectives before it, the rest as written)
and the place as written, so the place stays an entity of its own too.
"""

from __future__ import annotations

import re

from aggregator.entities.name_types import org_nominative


#: the first words of the bodies (lower case), per language, and the whole body as a pattern
#: (its first letter lowered): Russian bodies, their words after the first in lower case
#: (a body named with the words it governs: "министерства иностранных дел")
_RU_STEMS = ("правительств", "парламент", "посольств", "генконсульств", "консульств", "кабмин",
             "генпрокуратур", "нацбанк", "погранслужб", "спецслужб", "минздрав", "минфин",
             "минтруд", "минюст", "минтранс", "минсельхоз", "минэнерго", "минобороны",
             "минэкономики", "пограничн", "таможенн", "налогов", "миграционн", "министерств",
             "госкомитет", "комитет", "агентств", "ведомств")
_RU_BODY = re.compile(
    r"(?:(?:правительств|парламент|посольств|генконсульств|консульств|кабмин|генпрокуратур|"
    r"нацбанк|погранслужб|спецслужб|минздрав|минфин|минтруд|минюст|минтранс|минсельхоз|"
    r"минэнерго|минобороны|минэкономики)\w{0,3}|"
    r"(?:пограничн|таможенн|налогов|миграционн)\w{1,3} служб\w{0,3}|"
    r"(?:министерств|госкомитет|комитет|агентств|ведомств)\w{0,3}"
    r"(?: (?:по|и|[а-яё]{3,})){0,4}) ")
#: English: "the government of", "the ministry of health of", "the embassy of"
_EN_STEMS = ("government", "parliament", "embassy", "ministry")
_EN_BODY = re.compile(r"(?:government|parliament|embassy|"
                      r"ministry(?: of [a-z]+(?: (?:and|of) [a-z]+){0,3})?) of ")
#: Tajik heads before the place in the izafet
_TG_STEMS = ("ҳукумати", "сафорати", "парлумони")
_TG_BODY = re.compile(r"(?:ҳукумати|сафорати|парлумони) ")
_BEFORE = {"ru": (_RU_STEMS, _RU_BODY), "en": (_EN_STEMS, _EN_BODY), "tg": (_TG_STEMS, _TG_BODY)}
#: the Turkic languages' heads after the place, in the possessive (a case ending may follow)
_TURKIC_BODY = {
    "kk": re.compile(r" (үкіметі)(?:нің|не|нде|нен|мен)?(?!\w)"),
    "ky": re.compile(r" (өкмөтү)(?:нүн|нө|ндө|нөн|н)?(?!\w)"),
    "uz": re.compile(r" (hukumati|ҳукумати)(?:ning|ga|da|dan|нинг|га|да|дан)?(?!\w)"),
    "tk": re.compile(r" (hökümeti)(?:niň|ne|nde|nden)?(?!\w)"),
}
#: English: a nationality's adjective before a body in lower case ("the Kyrgyz health
#: ministry", "the Uzbek government"): the demonyms of the region, its neighbours and the
#: powers its news names most
_DEMONYMS = ("Kyrgyz Kazakh Kazakhstani Uzbek Tajik Turkmen Russian Chinese Afghan Iranian "
             "Turkish Pakistani Indian Azerbaijani Georgian Armenian Belarusian Ukrainian "
             "Mongolian American British French German Japanese Korean").split()
_DEMONYM_SET = frozenset(_DEMONYMS)
#: the body's noun, found first (a pattern starting with letters is scanned fast; one
#: starting with the demonyms' alternation would be tried at every position)
_EN_BODY_NOUN = re.compile(r"(?:ministry|government|parliament|embassy|consulate)(?![\w\-])")
_EN_WORDS_BEFORE = re.compile(r"(?<![\w\-])([A-Z][a-z]+)(?: ([a-z]+))? $")
_PLURAL = re.compile(r"(?:ами|ах|ам|ments|ies)$")
#: the words just before a place that make it a place of its own, not a body's
_NOT_BEFORE_BODY = frozenset("""в во на из с со к ко по для от до у о об при за над под через
    между и а но или что как где in to from at on and or for with by the""".split())
_MAX_WORDS = 4  # the body's words and the ones it governs ("министерства иностранных дел")
_LONGEST_WORD = 40


def lower_case_bodies(text: str, lang: str, known: list) -> list[tuple[int, int, str, str]]:
    """The bodies of the known places in ``text`` written in lower case (see the module)."""
    turkic = _TURKIC_BODY.get(lang)
    before = _BEFORE.get(lang)
    if before is None and turkic is None:
        return []
    found = []
    if lang == "en":
        found += _nationality_bodies(text)
    for hit in known:
        if hit.entity.type != "LOC":
            continue
        if before is not None:
            start = _body_before(text, hit.start, *before)
            if start is not None:
                words = text[start:hit.start].split()
                if lang == "ru":
                    words = org_nominative(words).split()
                place = " ".join(text[hit.start:hit.end].split())
                found.append((start, hit.end, "ORG", " ".join(words + [place])))
        if turkic is not None:
            match = turkic.match(text, hit.end)
            if match is not None:
                place = " ".join(text[hit.start:hit.end].split())
                found.append((hit.start, match.end(), "ORG", f"{place} {match.group(1)}"))
    return found


def _nationality_bodies(text: str) -> list[tuple[int, int, str, str]]:
    """"the Kyrgyz health ministry", "the Uzbek government": a demonym, at most one lower-case
    word (not "and", "or", "the", "of"), the body's noun."""
    found = []
    for noun in _EN_BODY_NOUN.finditer(text):
        if noun.start() and text[noun.start() - 1] != " ":
            continue  # inside a word
        before = _EN_WORDS_BEFORE.search(text, max(0, noun.start() - 40), noun.start())
        if (before is not None and before.group(1) in _DEMONYM_SET
                and before.group(2) not in ("and", "or", "the", "of")):
            found.append((before.start(), noun.end(), "ORG", text[before.start():noun.end()]))
    return found


def _body_before(text: str, end: int, stems: tuple[str, ...], body: re.Pattern) -> int | None:
    """Where the body's name that ends at ``end`` (the place's start) starts, if one does.
    The words before the place are read back one by one (cheap string steps: most places
    follow a preposition or a capitalised word and are read no further): a word that starts
    as a body does starts the name if the words from it match the body's pattern; its first
    letter may be a capital (a sentence's start: "Правительство Узбекистана"), the words
    after it are in lower case; a plural body ("правительствами") is many bodies."""
    pos = end - 1
    for _ in range(_MAX_WORDS):
        if pos <= 0 or text[pos] != " ":
            return None
        start = text.rfind(" ", max(0, pos - _LONGEST_WORD), pos) + 1
        word = text[start:pos].lower()
        if word.startswith(stems):
            phrase = text[start:end].lower()
            if (len(phrase) == end - start and body.fullmatch(phrase)
                    and not _PLURAL.search(word) and (start == 0 or text[start - 1] in " \n\t«\"(")):
                return start
        if not word or not text[start:pos].islower() or word in _NOT_BEFORE_BODY:
            return None
        pos = start - 1
    return None
