"""Companies, media and parties named in quotes next to the noun that says what they are:
"газета «Аргументы недели»", "телеканал «Мир 24»", "ТОО «Kazakh Invest»", "«Türkmengaz»
Döwlet konserni", "«Qazaq promotions» компаниясы", "ширкати «Тоҷиктелеком»". The runs of
capitals stop at a lower-case word or a number inside the quotes ("Аргументы", "Мир"); the
quotes and the noun mark the whole name.

``quoted_names`` gives (start, end, "ORG", the quoted words) for ``extract``, which puts
them in place of the runs found inside the quotes.
"""

from __future__ import annotations

import re

#: what the quoted name is (stems, lower case), in the portal's languages; before the
#: quotes in Russian, English and Tajik, after them in the Turkic languages (either is read)
_ORG_NOUN = re.compile(
    r"(?:газет|телеканал|канал|издани|агентств|информагентств|компани|авиакомпани|банк|парти|"
    r"холдинг|концерн|завод|фабрик|журнал|радио|радиостанци|сайт|портал|фонд|корпораци|"
    r"объединени|ассоциаци|клуб|движени|предприяти|оператор|ооо|оао|ао|зао|пао|тоо|осоо|иа|"
    r"миа|гуп|фгуп|"
    r"company|newspaper|agency|bank|party|holding|channel|tv|radio|magazine|portal|website|"
    r"firm|corporation|fund|club|plant|factory|airline|carrier|operator|llc|jsc|ltd|"
    r"компания|газет|агенттіг|агенттиг|партия|зауыт|серіктестіг|корпорация|арна|порталы|"
    r"сайты|гезит|kompaniya|gazeta|agentlig|агентлиг|partiya|zavod|korxona|корхона|jamiyat|"
    r"жамият|mchj|мчж|kompaniýa|gazet|partiýa|zawod|kärhana|jemgyýet|konsern|paýdarlar|"
    r"ширкат|рӯзнома|агентии|бонк|ҳизб|ҷдмм|ҷск)\w*", re.I)
_QUOTED = re.compile(r"[«“\"]([^«»“”\"\n]{2,60})[»”\"]")
_WORD = re.compile(r"[\w\-.']+")
_MAX_WORDS = 6


def quoted_names(text: str) -> list[tuple[int, int, str, str]]:
    """The quoted names of ``text`` a noun of what they are stands next to (see the module)."""
    if "«" not in text and "\"" not in text and "“" not in text:
        return []
    found = []
    for match in _QUOTED.finditer(text):
        name = match.group(1).strip()
        if not (name[:1].isupper() or name[:1].isdigit()) or len(name.split()) > _MAX_WORDS:
            continue
        if any(c in name for c in ".!?;:") and not re.fullmatch(r"[\w\-]+\.[a-z]{2,3}", name):
            continue  # a quoted sentence, not a name (a domain aside: "Kun.uz")
        after = _WORD.match(text, match.end() + 1) if text[match.end():match.end() + 1] == " " else None
        if (after and _ORG_NOUN.fullmatch(after.group())) or any(
                _ORG_NOUN.fullmatch(w) for w in _WORD.findall(text, max(0, match.start() - 30),
                                                              match.start())[-2:]):
            start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
            found.append((start, start + len(name), "ORG", name))
    return found
