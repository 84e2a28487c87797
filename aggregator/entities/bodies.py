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
_PLURAL = re.compile(r"(?:ами|ах|ам|ments|ies)$")
_WINDOW = 60  # characters before a place a body's name can start


def lower_case_bodies(text: str, lang: str, known: list) -> list[tuple[int, int, str, str]]:
    """The bodies of the known places in ``text`` written in lower case (see the module)."""
    turkic = _TURKIC_BODY.get(lang)
    before = {"ru": _RU_BODY, "en": _EN_BODY, "tg": _TG_BODY}.get(lang)
    if before is None and turkic is None:
        return []
    found = []
    lowered = text.lower() if before is not None and len(text.lower()) == len(text) else text
    for hit in known:
        if hit.entity.type != "LOC":
            continue
        place = " ".join(text[hit.start:hit.end].split())
        if before is not None:
            match = before.search(lowered, max(0, hit.start - _WINDOW), hit.start)
            # the body's first letter may be a capital (a sentence's start: "Правительство
            # Узбекистана"), the words after it not; a plural body is many bodies
            if (match is not None and not any(c.isupper() for c in text[match.start() + 1:match.end()])
                    and not _PLURAL.search(match.group().split()[0])):
                words = text[match.start():match.end()].split()
                if lang == "ru":
                    words = org_nominative(words).split()
                found.append((match.start(), hit.end, "ORG", " ".join(words + [place])))
        if turkic is not None:
            match = turkic.match(text, hit.end)
            if match is not None:
                found.append((hit.start, match.end(), "ORG", f"{place} {match.group(1)}"))
    return found
