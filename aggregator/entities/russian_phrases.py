"""Russian names that go on past their capitalised words: lower-case heads after a
capitalised adjective ("Чуйская область"), the words an organisation's head governs
("Министерство иностранных дел Кыргызстана"), and names whose type the words before them
tell ("в Улкене", "партия «Адолат»")."""

from __future__ import annotations

import re

from aggregator.entities import russian
from aggregator.entities.name_types import RU_ADJECTIVE, RU_LOC_HEAD, RU_ORG_HEAD
from aggregator.entities.tokens import known_end_at, next_token

_IN_OR_ON = re.compile(r"(?:^|[\s(«\"])(?:[Вв]о?|[Нн]а)\s+$")
_SPACES = re.compile(" *")
_QUOTES = frozenset("«\"“„")
_QUOTE_BEFORE = re.compile(r"(\w+)\s*[«\"“„]$")
# the common nouns a quoted name follows: an organisation's ("партия «Адолат»") or a
# place's, facilities included ("пункт пропуска «Жибек Жолы»", "стадион «Астана Арена»")
_QUOTED_ORG = re.compile(r"(парти|компани|банк|агентств|холдинг|завод|предприяти|издани|газет|"
                         r"телеканал|корпораци|фонд|организаци|движени|клуб|концерн|комбинат|"
                         r"групп|оператор|авиакомпани|перевозчик|ао|тоо|ооо|оао)\w{0,3}$")
_QUOTED_LOC = re.compile(r"(пункт|пропуска|кпп|стадион|аэропорт|месторождени|станци|вокзал|порт|"
                         r"рын[оу]?к|базар|отел|гостиниц|двор[е]?ц|парк|комплекс|курорт|перевал|"
                         r"трасс|автодорог|рудник|шахт|мост|терминал)\w{0,3}$")


#: the common nouns a place's name stands after in apposition, in any case ("в резиденции
#: Кук-Сарай", "в селе Бауыржан Момышулы", "на месторождении Тенгиз")
_PLACE_NOUN_BEFORE = re.compile(
    r"(?:^|[\s(])(?:резиденци|двор[е]?ц|сел[оаеу]|селом|поселк|посёлк|поселок|посёлок|деревн|"
    r"аул|кишлак|курорт|санатори|урочищ|махалл|микрорайон|месторождени|перевал|ущель|"
    r"аэропорт)\w{0,3} $")


def place_noun_before(text: str, start: int) -> bool:
    """Whether a noun that names a kind of place stands just before ``start`` (one space)."""
    return _PLACE_NOUN_BEFORE.search(text, max(0, start - 16), start) is not None


def type_by_context(text: str, start: int, words: tuple[str, ...]) -> tuple[str, str] | None:
    """(type, "quoted" or "locative") when the words before a Russian run tell its type: a
    quoted name after the noun of what it names ("партией «Адолат»": ORG, as written), or
    one word in the locative after "в"/"на" ("в Улкене", "на Тенгизе": a place)."""
    mark = text[start - 1:start] if start else ""
    if mark not in _QUOTES and not (len(words) == 1 and mark == " "):
        return None  # neither quoted nor a word after a space: nothing to read (most runs)
    quoted = _QUOTE_BEFORE.search(text, max(0, start - 40), start) if mark in _QUOTES else None
    if quoted:
        noun = quoted.group(1).lower()
        if _QUOTED_ORG.match(noun):
            return "ORG", "quoted"
        if _QUOTED_LOC.match(noun):
            return "LOC", "quoted"
    if len(words) == 1 and _IN_OR_ON.search(text, max(0, start - 4), start) and (
            russian.reads_locative(words[0])):
        return "LOC", "locative"
    return None


def lower_head(text: str, last: tuple[int, int, str],
               known: list[tuple[int, int]]) -> tuple[list, str] | None:
    """The lower-case words that finish a Russian name after the word ``last`` and its type."""
    taken, previous = [], last
    for _ in range(3):
        token = next_token(text, previous[1], known)
        if token is None:
            return None
        start, end, word = token
        if text[previous[1]:start].strip() or not word.islower():
            return None
        taken.append(token)
        if RU_LOC_HEAD.match(word):
            return taken, "LOC"
        if RU_ORG_HEAD.match(word):
            return taken, "ORG"
        if not RU_ADJECTIVE.search(word):
            return None
        previous = token
    return None


def governed_tail(text: str, end: int, known: list[tuple[int, int]],
                  whose_only: bool = False, people: frozenset[int] = frozenset()) -> list:
    """The words that go on a Russian organisation's name after its head word ending at
    ``end``: lower-case genitives ("иностранных дел", "гражданской авиации"), "и" between
    them, "по" with its dative ("по статистике"), and at most one capitalised genitive or
    abbreviation to close it ("Кыргызстана", "РФ", "ООН", a known place or body)."""
    taken, pending, case = [], [], "gent"
    for _ in range(8):
        gap_end = _SPACES.match(text, end).end()
        if gap_end == end:
            break
        span_end = known_end_at(known, gap_end)
        if span_end is not None and gap_end in people:
            break  # "УВАЖАЕМОГО ЭМОМАЛИ РАХМОНА": a person is nobody's body
        if span_end is not None:  # a known name closes the tail as written
            span = (gap_end, span_end)
            written = " ".join(text[span[0]:span[1]].split())
            last = written.split(" ")[-1]
            if taken or last.isupper() or russian.governed(last, "gent"):
                taken += pending + [(span[0], span[1], written)]
            break
        token = next_token(text, gap_end, known)
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
