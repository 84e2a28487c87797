"""A country's bodies written in lower case, named by the body and the known place they
belong to: "правительства Киргизии" (the government of Kyrgyzstan), "министерства обороны
Таджикистана", "минздрава Казахстана", "the government of Tajikistan", "ҳукумати
Тоҷикистон", and in the Turkic languages, whose head comes last, "Қазақстан үкіметі",
"Кыргызстан өкмөтү", "O'zbekiston hukumati". Runs of capitals miss them (the body's word
is in lower case); the gazetteer finds only the place.

``lower_case_bodies`` gives (start, end, "ORG", name) for ``extract``; the name is the body
in its nominative (Russian: the head and the adjectives before it, the rest as written)
and the place as written, so the place stays an entity of its own too.
"""

from __future__ import annotations

import re

from aggregator.entities.name_types import org_nominative

#: Russian bodies before the place they belong to (in any case; lower case)
_RU_BODY = re.compile(
    r"(?<![\w\-])(?:правительств|парламент|посольств|генконсульств|консульств|кабмин|"
    r"генпрокуратур|нацбанк|погранслужб|спецслужб|минздрав|минфин|минтруд|минюст|"
    r"минтранс|минсельхоз|минэнерго|минобороны|минэкономики|"
    r"(?:пограничн|таможенн|налогов|миграционн)\w{1,3} служб|"
    r"(?:министерств|госкомитет|комитет|агентств|ведомств)\w{0,3}"
    r"(?: (?:по|и|[а-яё]{3,})){0,4}?)\w{0,3} $")
#: English: "the government of", "the ministry of health of", "the embassy of"
_EN_BODY = re.compile(r"(?<![\w\-])(?:government|parliament|embassy|"
                      r"ministry(?: of [a-z]+(?: (?:and|of) [a-z]+){0,3})?) of $")
#: Tajik heads before the place in the izafet
_TG_BODY = re.compile(r"(?<![\w\-])(?:ҳукумати|сафорати|парлумони) $")
#: the Turkic languages' heads after the place, in the possessive (a case ending may follow)
_TURKIC_BODY = {
    "kk": re.compile(r" (үкіметі)(?:нің|не|нде|нен|мен)?(?!\w)"),
    "ky": re.compile(r" (өкмөтү)(?:нүн|нө|ндө|нөн|н)?(?!\w)"),
    "uz": re.compile(r" (hukumati|ҳукумати)(?:ning|ga|da|dan|нинг|га|да|дан)?(?!\w)"),
    "tk": re.compile(r" (hökümeti)(?:niň|ne|nde|nden)?(?!\w)"),
}
#: a cheap test whether a window can hold a body at all (most places follow none)
_QUICK = {
    "ru": re.compile(r"правительств|парламент|посольств|консульств|кабмин|прокуратур|нацбанк|"
                     r"служб|мин|комитет|агентств|ведомств", re.I),
    "en": re.compile(r"government|parliament|embassy|ministry", re.I),
    "tg": re.compile(r"ҳукумати|сафорати|парлумони", re.I),
}
_PLURAL = re.compile(r"(?:ами|ах|ам|ments|ies)$")
_WINDOW = 60  # characters before a place a body's name can start


def lower_case_bodies(text: str, lang: str, known: list) -> list[tuple[int, int, str, str]]:
    """The bodies of the known places in ``text`` written in lower case (see the module)."""
    turkic = _TURKIC_BODY.get(lang)
    before = {"ru": _RU_BODY, "en": _EN_BODY, "tg": _TG_BODY}.get(lang)
    if before is None and turkic is None:
        return []
    found = []
    for hit in known:
        if hit.entity.type != "LOC":
            continue
        if before is not None and text[hit.start - 1:hit.start] == " ":
            body = _body_before(text, hit.start, before, _QUICK[lang])
            if body is not None:
                place = " ".join(text[hit.start:hit.end].split())
                words = text[body:hit.start].split()
                if lang == "ru":
                    words = org_nominative(words).split()
                found.append((body, hit.end, "ORG", " ".join(words + [place])))
        if turkic is not None:
            match = turkic.match(text, hit.end)
            if match is not None:
                place = " ".join(text[hit.start:hit.end].split())
                found.append((hit.start, match.end(), "ORG", f"{place} {match.group(1)}"))
    return found


def _body_before(text: str, end: int, before: re.Pattern, quick: re.Pattern) -> int | None:
    """Where the body's name that ends at ``end`` (the place's start) starts, if one does:
    its first letter may be a capital (a sentence's start: "Правительство Узбекистана"),
    the words after it are in lower case; a plural body ("правительствами") is many bodies."""
    base = max(0, end - _WINDOW)
    if quick.search(text, base, end) is None:  # (most places: no body's word before them)
        return None
    window = text[base:end].lower()
    if len(window) != end - base:
        return None
    match = before.search(window)
    while match is not None:
        start = base + match.start()
        if (not any(c.isupper() for c in text[start + 1:end])
                and not _PLURAL.search(match.group().split()[0])):
            return start
        match = before.search(window, match.start() + 1)
    return None
