"""Names the gazetteer does not know: runs of capitalised words ("Жазгуль Масалиева",
"Kun.uz", "Jogorku Kenesh"), typed by their endings and words (surnames in -ов/-ev/-zoda,
places in -стан/-iya, organisations by "министерство", "agency", a domain...) and brought
to the nominative: Russian with pymorphy3 (``russian``), the other languages by stripping
a case ending of their own (``gazetteer.strip_case``).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from functools import lru_cache
from typing import Iterator

from aggregator.entities import russian
from aggregator.entities.gazetteer import _read, strip_case

_ORG_WORDS = re.compile(
    r"(министерств|ведомств|агентств|комитет|служб|управлени|департамент|палат|партия|фонд|"
    r"банк|суд|прокуратур|университет|институт|академи|компани|корпораци|холдинг|ассоциаци|"
    r"союз|совет|администраци|мэри|акимат|хокимият|министрлі|министрли|агенттіг|агенттиг|"
    r"қызмет|кызмат|соты|суду|ұйым|уюм|биржа|әкімдіг|ákimdig|bank|vazirlig|agentlig|qo'mita|"
    r"xizmat|sudi|вазирлиг|агентлиг|қўмита|хизмат|суди|вазорат|агентии|кумита|хадамот|"
    r"комиссия|девон|ministrlig|guramas|gullug|ministry|agency|committee|service|court|council|"
    r"airlines|airways|exchange|university|institute|office|commission|company|union|"
    r"organi[sz]ation|cent(?:er|re)|department|fund|party|corporation|group|motors|inc|llc|"
    r"jsc|plc|\.kz|\.uz|\.kg|\.tj|\.com|\.ru)", re.I)
_PERSON_END = re.compile(r"(ов|ев|ёв|ова|ева|ин|ина|зода|заде|ович|евич|ұлы|қызы|уулу|кызы|"
                         r"ov|ev|ova|eva|yev|yeva|zoda|zade|uulu|kyzy|ow|ew|owa|ewa)$", re.I)
_PLACE_END = re.compile(r"(стан|станы|истон|ия|iya|ija|stan|iston|istan|ia|land)$", re.I)
_NOT_NAME = frozenset("""the a an in on at this that he she it they we his her its our their
president prime minister deputy head chairman former mr ms fm ceo director according also
however after during while but if as for from by with to of and or not no yes
президент президенти министр министри раиси төрағасы prezident prezidenti мемлекет бүгін
бүгүн bugun имрӯз бул bu ин ол ал дар ва и в во на по с со у к о об от до за из для при но а
также однако это этот эта эти его её их он она они мы вы я ты как что кто где когда если
так все всё уже еще ещё там тут здесь после перед между под над через ранее кроме фото
видео читайте источник""".split())
_NOT_NAME_DATA = _read("entities_not_names.toml")
_NOT_NAME |= frozenset(_NOT_NAME_DATA["words"])
_NOT_NAME_ABBREVIATIONS = frozenset(_NOT_NAME_DATA["abbreviations"])
_LEGAL_FORMS = frozenset(_NOT_NAME_DATA["legal_forms"])
_JOIN = frozenset({"of", "and", "for", "the", "de", "la", "al", "bin", "ibn", "we", "ва", "va"})
_TOKEN = re.compile(r"\w[\w'.\-]*\w|\w", re.U)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Russian names that go on in lower case after a capitalised adjective: "Чуйская область",
# "Казахстанская фондовая биржа" (up to two lower-case adjectives, then one of these heads)
_RU_LOC_HEAD = re.compile(r"(област|район|мор[еяю]|водохранилищ|залив|озер|кра[йяюе]|ущель|"
                          r"перевал|месторождени|гэс)\w{0,3}$", re.I)
_RU_ORG_HEAD = re.compile(r"(бирж|союз|суд|комитет|консорциум|совет|банк|фонд|университет|парти|"
                          r"служб|министерств|агентств|компани|корпораци|ассоциаци|организаци|"
                          r"комисси|управлени|администраци|инспекци|палат|войск|академи|"
                          r"институт|центр|департамент|кабинет|прокуратур|собрани|госсовет|госдум|"
                          r"погранслужб|минздрав|минтруд|минтранс|минфин|минэнерго|минюст|"
                          r"минобороны|генпрокуратур|нацбанк)\w{0,3}$", re.I)
_RU_ADJECTIVE = re.compile(r"(ая|ой|ую|ый|ий|ого|ому|ым|ом|ое|ые|ых|ими|ей|его|ему|им)$")


def capitalised_names(text: str, lang: str, sentence_starts: set[int],
                      known: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, type, nominative) of each run of capitalised words in ``text`` outside
    the ``known`` spans (a known name splits a run: "Kazakhstan Kassym-Jomart Tokayev").

    The words are ``_TOKEN``'s matches outside ``known``; a run starts only at a
    capitalised one, so the scan jumps from one to the next (``_next_capitalised``) and
    reads the words in between only while a run goes on."""
    pos = 0
    bmp = _ASTRAL.search(text) is None
    while True:
        first = _next_capitalised(text, pos, known, bmp)
        if first is None:
            return
        run, last, token = [], None, first  # last: the last word the run took
        while token is not None:
            start, end, word = token
            lowered = word.lower()
            # the next word is read only once this one joins the run: most runs end at
            # a lower-case word, which needs no look further
            if word[0].isupper() and lowered not in _NOT_NAME:
                following = _next_token(text, end, known)
            elif run and lowered in _JOIN:
                following = _next_token(text, end, known)
                if not (following and following[2][0].isupper()):
                    break
            else:
                break
            run.append(token)
            last, token = token, following
            if following and text[end:following[0]].strip(" "):  # punctuation ends the run
                break
        if not run:  # a capitalised word that names nothing ("The", "Президент")
            pos = first[1]
            continue
        pos = last[1]
        while run and run[-1][2].lower() in _JOIN:
            run.pop()
        if not run:
            continue
        legal = len(run) > 1 and run[0][2] in _LEGAL_FORMS
        if legal:  # "ООО Quramax Medical": a company, named without its legal form
            run = run[1:]
            yield run[0][0], run[-1][1], "ORG", " ".join(w for _, _, w in run)
            continue
        head = None
        if lang == "ru" and _RU_ADJECTIVE.search(run[-1][2]):
            extra = _lower_head(text, last, known)
            if extra:
                run, pos, head = run + extra[0], extra[0][-1][1], extra[1]
        at_start = run[0][0] in sentence_starts
        if lang == "ru" and (head == "ORG" or any(_RU_ORG_HEAD.match(w) for _, _, w in run)
                             or (len(run) == 1 and run[0][2].isupper())):
            # "МЧС Казахстана", "Совета Безопасности ООН": a body and whose it is
            abbreviation = not head and not any(_RU_ORG_HEAD.match(w) for _, _, w in run)
            tail = _governed_tail(text, run[-1][1], known, abbreviation)
            named = _org_head(run, at_start, head) if tail else None
            if named:
                # "Министерство иностранных дел Кыргызстана", "Совет безопасности ООН":
                # the head in the nominative, the words it governs as written
                pos = max(pos, tail[-1][1])
                yield run[0][0], tail[-1][1], "ORG", " ".join([named[1]] + [w for _, _, w in tail])
                continue
        if len(run) >= 3 and run[0][2].isupper() and not run[1][2].isupper():
            # "РК Арыстанбек Мухамедиулы", "ДУМК Максат Атабаев": an abbreviation before a
            # person is a name of its own (the person's office), not part of the person's
            person = _typed(tuple(w for _, _, w in run[1:]), lang, False, None)
            if person and person[0] == "PER":
                abbreviation = _typed((run[0][2],), lang, at_start, None)
                if abbreviation:
                    yield run[0][0], run[0][1], *abbreviation
                yield run[1][0], run[-1][1], *person
                continue
        named = _typed(tuple(w for _, _, w in run), lang, at_start, head)
        if named:
            yield run[0][0], run[-1][1], *named


def _next_token(text: str, pos: int, known: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The first word (start, end, text) at or after ``pos`` outside the ``known`` spans."""
    match = _TOKEN.search(text, pos)
    while known and match is not None and _overlaps(match.start(), match.end(), known):
        match = _TOKEN.search(text, match.end())
    return None if match is None else (match.start(), match.end(), match.group())


def _next_capitalised(text: str, pos: int, known: list[tuple[int, int]],
                      bmp: bool = False) -> tuple[int, int, str] | None:
    """The first word at or after ``pos`` (a word boundary) outside the ``known`` spans
    whose first letter is a capital; ``bmp``: the text has no character beyond the BMP."""
    if bmp:
        span = _next_capital_bmp(text, pos)
        while known and span is not None and _overlaps(span[0], span[1], known):
            span = _next_capital_bmp(text, span[1])
        return span
    pattern = _capitalised_word()
    match = pattern.search(text, pos)
    while known and match is not None and _overlaps(match.start(1), match.end(1), known):
        match = pattern.search(text, match.end(1))
    return None if match is None else (match.start(1), match.end(1), match.group(1))


def _next_capital_bmp(text: str, pos: int) -> tuple[int, int, str] | None:
    """``_capitalised_word().search(text, pos)``'s group 1 for a text without characters
    beyond the BMP, faster: a pattern that starts with the capital lets re jump from one
    capital to the next by table look-up instead of trying the look-behind at every
    position, and the look-behind is checked here. A capital starts a word when the marks
    (' . -) just before it follow a non-word character or the text's start, at or after
    ``pos``; a capital that does not is inside a word that the match covers, and so is
    any capital up to its end."""
    pattern = _capital_first()
    match = pattern.search(text, pos)
    while match is not None:
        start = lead = match.start()
        while lead and text[lead - 1] in "'.-":
            lead -= 1
        before = text[lead - 1] if lead else ""
        # re's \w is str.isalnum() or "_", character by character
        if lead >= pos and not (before.isalnum() or before == "_"):
            return start, match.end(), match.group()
        match = pattern.search(text, match.end())
    return None


@lru_cache(maxsize=1)
def _capitalised_word() -> re.Pattern:
    """A ``_TOKEN`` word whose first character is a capital (``str.isupper``), as group 1.

    A ``_TOKEN`` word is a maximal run of word characters, apostrophes, dots and hyphens,
    without those marks at either end; the capitals are listed from this Python's Unicode
    tables, so the test is the same as ``word[0].isupper()`` (those of the BMP in a class
    of their own, which re tests by table lookup rather than range by range)."""
    word = re.compile(r"\w")
    capitals = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isupper() and word.match(c)]
    bmp = _char_class([c for c in capitals if ord(c) < 0x10000])
    astral = _char_class([c for c in capitals if ord(c) >= 0x10000])
    capital = f"(?:{bmp}|(?=[\U00010000-\U0010ffff]){astral})" if astral != "[]" else bmp
    return re.compile(r"(?<![\w'.\-])['.\-]*(" + capital + r"(?:[\w'.\-]*\w)?)")


@lru_cache(maxsize=1)
def _capital_first() -> re.Pattern:
    """``_capitalised_word``'s group 1 alone, for the capitals of the BMP."""
    word = re.compile(r"\w")
    capitals = [c for c in map(chr, range(0x10000)) if c.isupper() and word.match(c)]
    return re.compile(_char_class(capitals) + r"(?:[\w'.\-]*\w)?")


def _char_class(chars: list[str]) -> str:
    """A regex character class of ``chars`` (sorted), consecutive code points as ranges."""
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


def _lower_head(text: str, last: tuple[int, int, str],
                known: list[tuple[int, int]]) -> tuple[list, str] | None:
    """The lower-case words that finish a Russian name after the word ``last`` and its type."""
    taken, previous = [], last
    for _ in range(3):
        token = _next_token(text, previous[1], known)
        if token is None:
            return None
        start, end, word = token
        if text[previous[1]:start].strip() or not word.islower():
            return None
        taken.append(token)
        if _RU_LOC_HEAD.match(word):
            return taken, "LOC"
        if _RU_ORG_HEAD.match(word):
            return taken, "ORG"
        if not _RU_ADJECTIVE.search(word):
            return None
        previous = token
    return None


def _org_head(run: list, at_start: bool, head: str | None) -> tuple[str, str] | None:
    """The organisation a Russian run ending in its head word names, before the words the
    head governs ("Министерстве" -> "Министерство"); a plain word that only starts the
    sentence is left out ("Сотрудники Государственного комитета")."""
    words = [w for _, _, w in run]
    if at_start and len(words) >= 2 and russian.is_plain_word(words[0]) and not (
            _RU_ORG_HEAD.match(words[0]) or _RU_ADJECTIVE.search(words[0])):
        words = words[1:]
    if head:
        return _typed(tuple(words), "ru", False, head)
    return "ORG", _org_nominative(words)


def _governed_tail(text: str, end: int, known: list[tuple[int, int]],
                   whose_only: bool = False) -> list:
    """The words that go on a Russian organisation's name after its head word ending at
    ``end``: lower-case genitives ("иностранных дел", "гражданской авиации"), "и" between
    them, "по" with its dative ("по статистике"), and at most one capitalised genitive or
    abbreviation to close it ("Кыргызстана", "РФ", "ООН", a known place or body)."""
    taken, pending, case = [], [], "gent"
    for _ in range(8):
        gap_end = end + len(text[end:]) - len(text[end:].lstrip(" "))
        if gap_end == end or text[end:gap_end].strip(" "):
            break
        span = next((k for k in known if k[0] == gap_end), None)
        if span is not None:  # a known name closes the tail as written
            written = " ".join(text[span[0]:span[1]].split())
            last = written.split(" ")[-1]
            if taken or last.isupper() or russian.governed(last, "gent"):
                taken += pending + [(span[0], span[1], written)]
            break
        token = _next_token(text, gap_end, known)
        if token is None or token[0] != gap_end or whose_only:  # "ЦИК" takes a known place only
            break
        word = token[2]
        if word in ("и", "по") and taken and not pending or word == "по" and not taken:
            pending, case = [token], ("datv" if word == "по" else case)
        elif word.islower() and (russian.governed(word, case) or russian.governed(word, "gent")):
            taken, pending = taken + pending + [token], []
        elif word[:1].isupper() and (word.isupper() or russian.governed(word, "gent")) and (
                taken or word.isupper()) and not russian.has_name_reading(word):
            taken, pending = taken + pending + [token], []
            if word.isupper() or not russian.governed(word, "gent"):
                break
            if russian.kind_of(word) is not None or len(taken) >= 6:
                break
        else:
            break
        end = token[1]
    return taken


@lru_cache(maxsize=65_536)  # names recur across articles; the decision depends on the words only
def _typed(run: tuple[str, ...], lang: str, at_sentence_start: bool,
           head: str | None = None) -> tuple[str, str] | None:
    words = list(run)
    if len(words) == 1 and (len(words[0]) < 2 or words[0] in _NOT_NAME_ABBREVIATIONS):
        return None
    if head:  # "Чуйская область", "Казахстанская фондовая биржа": every word agrees
        case = russian.run_case(words[-1:])
        gender = russian.noun_gender(words[-1], case)
        return head, " ".join(russian.nominative(w, case, gender=gender) for w in words)
    if lang == "ru":
        return _russian(words, at_sentence_start)
    kind = _guess(words, lang, at_sentence_start)
    if kind is None:
        return None
    if kind != "ORG":  # organisations keep their form; people and places lose a case ending
        words = words[:-1] + [strip_case(words[-1], lang)]
    else:  # "Kun.uz'ga": an Uzbek case ending after an apostrophe
        words = words[:-1] + [re.sub(r"'\w{1,5}$", "", words[-1])]
    return kind, " ".join(words)


def _guess(words: list[str], lang: str, at_sentence_start: bool) -> str | None:
    text = " ".join(words)
    if _ORG_WORDS.search(text) or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 2):
        return "ORG"
    last = strip_case(words[-1], lang)
    if 2 <= len(words) <= 3 and (_PERSON_END.search(last) or _PERSON_END.search(words[0])):
        return "PER"
    if len(words) == 1 and _PERSON_END.search(last) and not at_sentence_start and len(last) > 4:
        return "PER"
    if _PLACE_END.search(last) and len(words) <= 2:
        return "LOC"
    return None


def _russian(words: list[str], at_sentence_start: bool) -> tuple[str, str] | None:
    if (at_sentence_start and len(words) >= 2 and russian.is_plain_word(words[0])
            and not _first_and_surname(words)):
        # "Депутат Иванов": the capital belongs to the sentence, not the name (and the
        # next word is no longer at the sentence's start)
        words, at_sentence_start = words[1:], False
    if len(words) == 1 and at_sentence_start and russian.is_plain_word(words[0]):
        return None
    if len(words) == 1 and words[0].isupper() and russian.is_common_abbreviation(words[0]):
        return None  # "ВВП", "ДТП"
    text = " ".join(words)
    if _ORG_WORDS.search(text) or (len(words) == 1 and words[0].isupper()):
        return "ORG", _org_nominative(words) if not words[0].isupper() else text
    kinds = [russian.kind_of(w) for w in words]
    if ("PER" in kinds or _first_and_surname(words)) and len(words) <= 4:
        return _person(words)
    elif "LOC" in kinds:
        kind = "LOC"
    elif "ORG" in kinds:
        kind = "ORG"
    else:
        kind = _guess(words, "ru", at_sentence_start)
    if kind is None:
        return None
    if kind == "ORG":
        return kind, _org_nominative(words)
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


def _org_nominative(words: list[str]) -> str:
    """An organisation's head word and the adjectives before it in the nominative, the
    rest as written ("Министерства юстиции" -> "Министерство юстиции", "Государственного
    комитета" -> "Государственный комитет")."""
    if words[0].isupper():
        return " ".join(words)
    head = next((i for i, w in enumerate(words) if _RU_ORG_HEAD.match(w)), 0)
    case = russian.run_case(words[head:head + 1])
    gender = russian.noun_gender(words[head], case)
    lead = [russian.nominative(w, case, gender=gender) for w in words[:head]]
    return " ".join(lead + [russian.nominative(words[head])] + words[head + 1:])


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted by start, not overlapping each
    other, as the gazetteer's matches are): only the span starting last before ``end`` can."""
    i = bisect_left(spans, (end,)) - 1
    return i >= 0 and start < spans[i][1]
