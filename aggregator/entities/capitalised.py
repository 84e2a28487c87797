"""Names the gazetteer does not know: runs of capitalised words ("Жазгуль Масалиева",
"Kun.uz", "Jogorku Kenesh"), found here and typed and brought to the nominative by
``name_types``; Russian runs go on with the lower-case words ``russian_phrases`` reads.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Iterator

from aggregator.entities.gazetteer import _read, strip_case
from aggregator.entities import russian
from aggregator.entities.name_types import (RU_ADJECTIVE, RU_ORG_HEAD, has_org_word, is_patronymic,
                                            org_head, surname_like as _surname_like, typed)
from aggregator.entities.russian_phrases import (governed_tail, lower_head, place_noun_before,
                                                 type_by_context)
from aggregator.entities.names import AFTER_LIST_SEPARATOR, LIST_AND
from aggregator.entities.tokens import char_class, known_end_at, next_token, overlaps

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
_LEGAL_FORMS = frozenset(_NOT_NAME_DATA["legal_forms"])
NOT_NAME = _NOT_NAME  # words that start no name, in every language
_JOIN = frozenset({"of", "and", "for", "the", "de", "la", "al", "bin", "ibn", "we", "ва", "va"})
_AND = frozenset({"and", "we", "ва", "va"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_OF_KNOWN = re.compile(r" of (?:the )?")
_IN_OR_ON_ENDS = frozenset({" в", "\nв", "в", "во", "на"})  # the two characters before " X"
# a comma or an "and" after or before a run: it may be in a list ("Dubai, Riga and Seoul")
_LIST_NEXT = re.compile(rf"\s*,|\s+(?:{LIST_AND})\s")


def capitalised_names(text: str, lang: str, sentence_starts: set[int],
                      known: list[tuple[int, int]],
                      people: frozenset[int] = frozenset()) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, type, nominative) of each run of capitalised words in ``text`` outside
    the ``known`` spans (a known name splits a run: "Kazakhstan Kassym-Jomart Tokayev");
    ``people``: where the known people's spans start (no organisation's name takes one).
    A first name whose patronymic is followed by a known surname comes as type "FIRST".

    The words are ``TOKEN``'s matches outside ``known``; a run starts only at a
    capitalised one, so the scan jumps from one to the next (``_next_capitalised``) and
    reads the words in between only while a run goes on."""
    pos = 0
    bmp = _ASTRAL.search(text) is None
    while True:
        first = _next_capitalised(text, pos, known, bmp)
        if first is None:
            return
        run, token = [], first  # the capitalised words from here, joining words between
        while token is not None:
            start, end, word = token
            lowered = word.lower()
            # the next word is read only once this one joins the run: most runs end at
            # a lower-case word, which needs no look further
            if word[0].isupper() and lowered not in _NOT_NAME:
                following = next_token(text, end, known)
            elif run and lowered in _JOIN:
                following = next_token(text, end, known)
                if not (following and following[2][0].isupper()):
                    break
            else:
                break
            run.append(token)
            token = following
            if following and text[end:following[0]].strip(" "):  # punctuation ends the run
                break
        if not run:  # a capitalised word that names nothing ("The", "Президент")
            pos = first[1]
            continue
        pos = run[-1][1]
        while run and run[-1][2].lower() in _JOIN:
            run.pop()
        if run:
            for span in _name_run(text, run, lang, run[0][0] in sentence_starts, known, people):
                pos = max(pos, span[1])
                yield span


def _name_run(text: str, run: list, lang: str, at_start: bool, known: list[tuple[int, int]],
              people: frozenset[int]) -> list[tuple[int, int, str, str]]:
    """The names one run of capitalised words gives (most give one or none)."""
    if lang != "ru" and len(run) >= 3 and any(t[2] in _AND for t in run[1:-1]) and not has_org_word(
            " ".join(t[2] for t in run)):
        # "Rustam Qo'rg'onov va Olimjon Uzoqov": two names an "and" joins, unless the run
        # names a body ("Ministry of Industry and Trade")
        names, part = [], []
        for token in run + [(None, None, "and")]:
            if token[2] in _AND:
                if part:
                    names += _name_run(text, part, lang, at_start and part[0] is run[0], known, people)
                part = []
            else:
                part.append(token)
        return names
    if len(run) == 1 and lang != "ru" and lang != "en":  # the common case, read as typed
        named = typed((run[0][2],), lang, at_start, None) or _untyped(text, run, at_start)
        return [(run[0][0], run[0][1], *named)] if named else []
    if len(run) >= 2:
        if all(is_patronymic(t[2]) for t in run[1:]) and _known_at(text, run[-1][1], known):
            # "Шавкат Миромонович [Мирзиёев]", "Kassym-Jomart Kemelevich Tokayev": a first
            # name that joins the known surname after it (``extract`` joins them)
            return [(run[0][0], run[-1][1], "FIRST", run[0][2])]
        if lang != "ru" and len(run) >= 3:  # patronymics are left out of names
            run = [t for t in run if not is_patronymic(t[2])] or run
        legal = 0 if run[0][2] in _LEGAL_FORMS else 1 if at_start and run[1][2] in _LEGAL_FORMS else -1
        if 0 <= legal < len(run) - 1:  # "(Поставщик) ООО Quramax Medical": without its legal form
            return [(run[legal + 1][0], run[-1][1], "ORG", " ".join(t[2] for t in run[legal + 1:]))]
    head = None
    if lang == "ru" and _adjectival(run[-1][2]):
        extra = lower_head(text, run[-1], known)
        if extra:
            run, head = run + extra[0], extra[1]
    words = tuple([t[2] for t in run])
    if lang == "ru":
        has_head = _has_org_head(words)
        if head == "ORG" or has_head or (len(run) == 1 and words[0].isupper()):
            # "МЧС Казахстана", "Совета Безопасности ООН": a body and whose it is
            tail = governed_tail(text, run[-1][1], known, not head and not has_head, people)
            named = org_head(words, at_start, head) if tail else None
            if named:  # the head in the nominative, the words it governs as written
                name = " ".join([named[1]] + [w for _, _, w in tail])
                return [(run[0][0], tail[-1][1], "ORG", name)]
    if len(run) >= 3 and words[0].isupper() and not words[1].isupper():
        # "РК Арыстанбек Мухамедиулы", "ДУМК Максат Атабаев": an abbreviation before a
        # person is a name of its own (the person's office), not part of the person's
        person = typed(words[1:], lang, False, None)
        if person and person[0] == "PER":
            abbreviation = typed(words[:1], lang, at_start, None)
            return ([(run[0][0], run[0][1], *abbreviation)] if abbreviation else []) + [
                (run[1][0], run[-1][1], *person)]
    if lang == "ru" and not head and len(run) in (3, 4):
        # "Адвокат Турдумаматова Нурбек Асанов": whose lawyer, then the lawyer (a plain
        # word that starts the sentence is no part of either)
        glued = run[1:] if len(run) == 4 and at_start and russian.is_plain_word(words[0]) else run
        if len(glued) == 3 and _surname_then_person(tuple(t[2] for t in glued)):
            first = typed((glued[0][2],), lang, False, None)
            second = typed((glued[1][2], glued[2][2]), lang, False, None)
            if first and second and first[0] == second[0] == "PER":
                return [(glued[0][0], glued[0][1], *first), (glued[1][0], glued[2][1], *second)]
    named = typed(words, lang, at_start, head)
    start = run[0][0]
    if (named is None and lang != "ru" and 2 <= len(words) <= 3
            and all(w[1:2].islower() for w in words) and _office_before(text, start)):
        # "облыс әкімі Нұрдәулет Қилыбай", "ýerine ýetiriji Şahabuddin Delawar": an office
        # just before two or three capitalised words names the person who holds it
        named = "PER", " ".join(words[:-1] + (strip_case(words[-1], lang),))
    if (lang == "ru" and not head and start and text[start - 1] == " "
            and (named is None or (named[0] == "PER" and named[1] == " ".join(words)))
            and place_noun_before(text, start)
            and not (len(words) == 1 and russian.is_plain_word(words[0]))):
        # "в резиденции Кук-Сарай", "в селе Бауыржан Момышулы": the noun says it is a
        # place, and a name in apposition stays in the nominative as written (one in
        # another case is whose place it is: "дворца Тамерлана", "резиденции Президента")
        return [(start, run[-1][1], "LOC", " ".join(words))]
    context = None  # a quoted run, or one word after a space not known as a place or body
    if lang == "ru" and not head and start and (text[start - 1] in "«\"“„" or (
            len(words) == 1 and text[start - 1] == " " and (named is None or named[0] == "PER")
            and text[max(0, start - 3):start - 1].lower() in _IN_OR_ON_ENDS)):
        context = type_by_context(text, start, words)
    if context and context[1] == "quoted":  # "партией «Адолат»": named as written
        named = context[0], " ".join(words)
    elif context and (named is None or named[0] == "PER"):  # "в Улкене", "на Тенгизе"
        place = russian.nominative(words[0], "loct")
        if words[0].endswith("ии") and place.endswith("ий"):
            place = place[:-2] + "ия"  # "в Каракалпакии": -ия, whatever the guesser says
        named = "LOC", place
    if named and named[0] == "ORG" and lang == "en":
        whose = _OF_KNOWN.match(text, run[-1][1])
        end = known_end_at(known, whose.end()) if whose else None
        if end is not None:  # "Ministry of Energy of Uzbekistan": a body of a known place
            return [(run[0][0], end, "ORG", f"{named[1]}{whose.group()}{text[whose.end():end]}")]
    named = named or _untyped(text, run, at_start)
    return [(run[0][0], run[-1][1], *named)] if named else []


#: offices written in lower case just before the holder's name, in the possessive where the
#: language puts one ("облыс әкімі", "вазири ...", "baş direktory"), per the portal's languages
_OFFICES = frozenset("""әкімі президенті министрі төрағасы басшысы директоры депутаты елшісі
    хатшысы орынбасары спикері башчысы президенти министри төрагасы элчиси директору
    жетекчиси катчысы hokimi vaziri rahbari prezidenti raisi direktori elchisi deputati
    o'rinbosari ҳокими вазири раҳбари раиси директори элчиси сафири муовини сардори
    ministri direktory ilçisi häkimi başlygy orunbasary ýetiriji minister ambassador envoy
    spokesman spokeswoman governor mayor chairman mullah""".split())
_WORD_BEFORE = re.compile(r"([\w']+) $")


def _office_before(text: str, start: int) -> bool:
    """Whether a lower-case office stands one space before ``start``."""
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return match is not None and match.group(1) in _OFFICES


def _surname_then_person(words: tuple[str, ...]) -> bool:
    """A surname glued to a full name after it ("Турдумаматова Нурбек Асанов"): the first
    and last words end as surnames do (not as patronymics), the middle one is a first name."""
    return (not is_patronymic(words[0]) and not is_patronymic(words[2])
            and _surname_like(words[0]) and _surname_like(words[2])
            and russian.is_first_name(words[1]))


def _untyped(text: str, run: list, at_start: bool) -> tuple[str, str] | None:
    """A run no rule types next to a comma or an "and", kept as "UNTYPED" for ``extract`` to
    read in a list of places ("Dubai, Riga and Singapore"); a word that only starts a
    sentence is not kept."""
    if at_start and len(run) == 1:
        return None
    start, end = run[0][0], run[-1][1]
    if not (_LIST_NEXT.match(text, end) or AFTER_LIST_SEPARATOR.search(text, max(0, start - 8), start)):
        return None
    return "UNTYPED", " ".join(t[2] for t in run)


@lru_cache(maxsize=65_536)
def _adjectival(word: str) -> bool:
    return RU_ADJECTIVE.search(word) is not None


@lru_cache(maxsize=65_536)
def _has_org_head(words: tuple[str, ...]) -> bool:
    return any(RU_ORG_HEAD.match(w) for w in words)


def _known_at(text: str, end: int, known: list[tuple[int, int]]) -> bool:
    """Whether a known name starts right after ``end`` (past spaces and an editor's "[")."""
    after = end + len(text[end:end + 4]) - len(text[end:end + 4].lstrip(" ["))
    return after > end and known_end_at(known, after) is not None


def _next_capitalised(text: str, pos: int, known: list[tuple[int, int]],
                      bmp: bool = False) -> tuple[int, int, str] | None:
    """The first word at or after ``pos`` (a word boundary) outside the ``known`` spans
    whose first letter is a capital; ``bmp``: the text has no character beyond the BMP."""
    if bmp:
        span = _next_capital_bmp(text, pos)
        while known and span is not None and overlaps(span[0], span[1], known):
            span = _next_capital_bmp(text, span[1])
        return span
    pattern = _capitalised_word()
    match = pattern.search(text, pos)
    while known and match is not None and overlaps(match.start(1), match.end(1), known):
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
    """A ``TOKEN`` word whose first character is a capital (``str.isupper``), as group 1.

    A ``TOKEN`` word is a maximal run of word characters, apostrophes, dots and hyphens,
    without those marks at either end; the capitals are listed from this Python's Unicode
    tables, so the test is the same as ``word[0].isupper()`` (those of the BMP in a class
    of their own, which re tests by table lookup rather than range by range)."""
    word = re.compile(r"\w")
    capitals = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isupper() and word.match(c)]
    bmp = char_class([c for c in capitals if ord(c) < 0x10000])
    astral = char_class([c for c in capitals if ord(c) >= 0x10000])
    capital = f"(?:{bmp}|(?=[\U00010000-\U0010ffff]){astral})" if astral != "[]" else bmp
    return re.compile(r"(?<![\w'.\-])['.\-]*(" + capital + r"(?:[\w'.\-]*\w)?)")


@lru_cache(maxsize=1)
def _capital_first() -> re.Pattern:
    """``_capitalised_word``'s group 1 alone, for the capitals of the BMP."""
    word = re.compile(r"\w")
    capitals = [c for c in map(chr, range(0x10000)) if c.isupper() and word.match(c)]
    return re.compile(char_class(capitals) + r"(?:[\w'.\-]*\w)?")
