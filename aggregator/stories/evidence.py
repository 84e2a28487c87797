"""Per-article evidence for the fitted story matcher: lemmas, names, figures, event days.

``ArticleEvidence.from_article(article)`` reads the title, lead and body, the language,
the date step's day and the URL. Why each piece exists:

- content lemmas (pymorphy3 for Russian, whose dictionaries ship inside the package
  ``pymorphy3-dicts-ru``, nothing is downloaded; a 6-letter prefix for other languages):
  a rewrite uses the same words in other case forms;
- name keys: a capitalised word (or acronym) is normalised (``name_form``) and reduced to a
  transliteration *skeleton* (first letter, then consonant classes, vowels dropped, at
  most 4 symbols), so "Жапарова"/"Жапаров"/"Japarov" and "Мирзиёев"/"Мирзияев"/"Mirziyoyev"
  agree; this carries the pairs across languages, where lemmas share nothing;
- figures with their units ("17 млн" -> "17|e6", "3,5%" -> "3.5|%");
- explicit event dates in the text and the article's day (``aggregator.stories.eventdays``);
- the headline's lemmas (the title, else the first sentence), whether the headline
  announces (future tense) or reports, and whether it is a reaction (condolences,
  congratulations) to an event rather than the event.

Pure functions over the text, plus bounded process-wide caches (a news stream's vocabulary
repeats, so a known word costs one dict probe).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from aggregator.items import Article
from aggregator.stories.eventdays import (NUMERIC_DATE, YEAR, Day, month_of, numeric_dates,
                                          publication_day, text_dates)

_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳҶҷӢӣӮӯŞşÇçĞğÑñÄäÖöÜüÝýŽžʻʼ'’"
#: The leading lookahead (implied by the branches) skips spaces and punctuation with one
#: class test instead of trying the three branches at every position: the same tokens.
_TOKEN = re.compile(
    rf"(?=[{_LETTERS}\d.!?\n])(?:[{_LETTERS}]+(?:-[{_LETTERS}]+)*|\d+(?:[.,]\d+)?%?|[.!?\n])")
_UPPER = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢӮŞÇĞÑÄÖÜÝŽ]")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢӮ]{2,6}$")
_RUSSIAN_WORD = re.compile(r"^[а-яё-]+$")
#: A Russian-style surname and its case ending: "Жапаровым" -> "Жапаров" (pymorphy3 does
#: not know most Central Asian surnames and lemmatises "Жапаров" to "жапар", "Токаев" to
#: "токай": the ending is cut by rule instead).
_SURNAME = re.compile(r"^(.{2,}?(?:ов|ев|ёв|ин|ын))(?:а|у|ым|ом|е|ой|ою|ых|ыми)?$")
#: The leading lookahead (implied by the pattern) lets the engine skip to digits instead
#: of trying the lookbehind at every position: a third of the time.
_CLOCK = re.compile(r"(?=\d)(?<!\d)\d{1,2}:\d{2}(?!\d)")
_BREAKS = frozenset(".!?\n")
_LEMMATISED = frozenset({"ru", "uk"})

#: Grammemes of a proper-name parse (pymorphy3 tags).
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
#: Parts of speech that carry no event content (pymorphy3 tags).
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "COMP", "NUMR"})
#: Reporting boilerplate: in every article, says nothing about the event.
STOP_LEMMAS = frozenset("""
год сообщать заявить отметить сказать говориться сообщение пресс-служба также быть который
этот тот свой весь такой один мочь стать являться время источник фото видео читать подробно
данные слово новость информация день
the a an of to in on and for is was were be by with at as from that this it its has have
""".split())
#: Headline words of a reaction to an event (condolences, congratulations).
REACTIONS = ("соболезн", "поздрав", "condolen", "congratul", "көңіл айт", "таъзия", "ҳамдард",
             "tabrik", "табрик", "құттықта", "куттукта")
#: Headline words that announce what has not happened yet, beside future-tense verbs.
_FUTURE_WORDS = frozenset({"будет", "будут", "станет", "начнется"})
#: Unit words -> a language-neutral unit, so "млн"/"million"/"миллион" agree.
_UNITS = {
    "млн": "e6", "миллион": "e6", "million": "e6", "mln": "e6", "миллиондон": "e6",
    "миллионго": "e6", "млрд": "e9", "миллиард": "e9", "billion": "e9", "mlrd": "e9",
    "milliard": "e9", "bn": "e9", "тыс": "e3", "тысяча": "e3", "thousand": "e3", "ming": "e3",
    "мың": "e3", "миң": "e3", "%": "%", "процент": "%", "percent": "%", "foiz": "%",
    "пайыз": "%", "фоиз": "%", "трлн": "e12", "триллион": "e12",
}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # loaded on first use: its dictionaries take ~0.3 s to open

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parse_word(lower: str) -> tuple[str, bool, bool, str | None]:
    """(lemma, a function word, a proper-name parse, tense of a finite verb) of a
    lower-case Russian word, from pymorphy3's most likely parse."""
    p = _morph().parse(lower)[0]
    tag = p.tag
    proper = not _PROPER.isdisjoint(tag.grammemes)  # ``g in tag`` validates each: slower
    return (p.normal_form.replace("ё", "е"), tag.POS in _FUNCTION_POS, proper,
            tag.tense if tag.POS == "VERB" else None)


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """A word's lemma: pymorphy3's for Russian, a 6-letter prefix for other languages
    (Turkic, Tajik, English case endings are suffixes)."""
    lower = word.lower().replace("ё", "е")
    if lang in _LEMMATISED:
        return parse_word(lower)[0] if _RUSSIAN_WORD.match(lower) else lower
    return lower[:6]


_VOWELS = set("аеёиоуыэюяәөүұіӣӯйьъaeiouyäöüıýʻʼ'’w")
_CYRILLIC = {"б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "ж": "j", "з": "z", "к": "k",
             "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "п": "p", "р": "r", "с": "s",
             "т": "t", "ф": "f", "х": "h", "һ": "h", "ҳ": "h", "ц": "s", "ч": "c", "ш": "s",
             "щ": "s", "ҷ": "j", "ў": ""}
_LATIN_PAIRS = (("sh", "s"), ("ch", "c"), ("zh", "j"), ("kh", "h"), ("ts", "s"), ("gh", "g"),
                ("dzh", "j"), ("dj", "j"))
_LATIN = {"b": "b", "c": "c", "d": "d", "f": "f", "g": "g", "h": "h", "j": "j", "k": "k",
          "l": "l", "m": "m", "n": "n", "p": "p", "q": "k", "r": "r", "s": "s", "t": "t",
          "v": "v", "w": "v", "x": "h", "z": "z", "ş": "s", "ç": "c", "ğ": "g", "ñ": "n",
          "ž": "j"}


@lru_cache(maxsize=100_000)
def name_form(word: str, lang: str) -> str:
    """The form of a capitalised word that its name key is made of: a surname without its
    case ending, else the lemma (Russian) or the word itself (other languages)."""
    lower = word.lower()
    if m := _SURNAME.match(lower):
        return m.group(1)
    return lemma(word, lang) if lang in _LEMMATISED and word.isalpha() else lower


@lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """A name's transliteration skeleton: a first vowel as "a", then consonant classes
    (vowels dropped, repeats collapsed), at most 4 symbols; the same for a name's case
    forms, spellings and its Latin and Cyrillic versions."""
    w = word.lower().replace("ё", "е").replace("дж", "ж").replace("цз", "ж")
    for a, b in _LATIN_PAIRS:
        w = w.replace(a, b)
    out: list[str] = []
    for i, ch in enumerate(w):
        if ch in _VOWELS:
            if i == 0:
                out.append("a")
            continue
        c = _CYRILLIC.get(ch) if ch in _CYRILLIC else _LATIN.get(ch)
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out[:4])


def token_info(tok: str, lang: str) -> tuple[str, bool, bool, str, bool]:
    """What ``from_text`` needs of one word token, once per distinct token and language
    (memoised in ``_TOKEN_TABLES``, the one cache of it):
    its lemma; whether it is capitalised and not a function word (a name candidate);
    whether pymorphy3 parses it as a proper name or it is an acronym (a name even at a
    sentence start); its name key ("" when too short or boilerplate); whether it is a
    content lemma."""
    lem = lemma(tok, lang)
    lower = tok.lower()
    function = proper = False
    if lang in _LEMMATISED and _RUSSIAN_WORD.match(lower):
        _, function, proper, _ = parse_word(lower.replace("ё", "е"))
    capital = bool(_UPPER.match(tok)) and len(tok) > 1 and not function
    key = ""
    if capital and lem not in STOP_LEMMAS:
        key = skeleton(name_form(tok, lang))
        key = key if len(key) >= 3 else ""
    content = not function and len(lem) > 2 and lem not in STOP_LEMMAS
    return lem, capital, proper or bool(_ACRONYM.match(tok)), key, content


#: ``token_info`` of what is not a word (a number, a sentence break): no name, no lemma.
_NOT_A_WORD = ("", False, False, "", False)
#: The same for a number (a token that starts with a digit): an equal tuple, told apart by
#: identity, so one pass over an article's infos finds its numbers (built at run time: the
#: compiler would share an equal literal).
_A_NUMBER = tuple(["", False, False, "", False])


#: Token -> its ``token_info`` (``_NOT_A_WORD`` for numbers and breaks), by language: one
#: dict probe per token (a news stream's vocabulary repeats), several times cheaper than a
#: call of the two-argument LRU function; a table is emptied at ``_TABLE_SIZE`` tokens.
_TOKEN_TABLES: dict[str, dict[str, tuple]] = {}
_TABLE_SIZE = 200_000


def _file_token(table: dict[str, tuple], tok: str, lang: str) -> tuple:
    """The info of a token not in ``table`` yet, filed there."""
    if len(table) >= _TABLE_SIZE:
        table.clear()
    info = table[tok] = (_NOT_A_WORD if tok in _BREAKS else _A_NUMBER if tok[0].isdigit()
                         else token_info(tok, lang))
    return info


def clear_token_tables() -> None:
    """Forget the token tables (cold-cache measurements)."""
    _TOKEN_TABLES.clear()


@lru_cache(maxsize=50_000)
def verb_tense(tok: str) -> str | None:
    """The tense of a Russian word token that is a finite verb (pymorphy3's most likely
    parse), else None: what the headline's announcement test counts."""
    if tok.isalpha() and _RUSSIAN_WORD.match(tok.lower()):
        return parse_word(tok.lower().replace("ё", "е"))[3]
    return None


def figures(toks: list[str], lang: str, numbers: list[int] | None = None) -> set[str]:
    """Numbers that name something, with their unit when one follows: "17|e6", "3.5|%",
    "1250|". Years and the day numbers of dates are left out; one-digit counts are too
    common to say anything. ``numbers``: the positions of the tokens that start with a
    digit, when known."""
    out = set()
    n = len(toks)
    if numbers is None:
        numbers = [i for i, t in enumerate(toks) if t[0].isdigit()]
    for i in numbers:
        t = toks[i]
        num = t.rstrip("%").replace(",", ".")
        unit = "%" if t.endswith("%") else ""
        nxt = toks[i + 1] if i + 1 < n else ""
        if (nxt and month_of(nxt)) or YEAR.fullmatch(num):
            continue
        if not unit and nxt:
            unit = _UNITS.get(nxt.lower()) or _UNITS.get(lemma(nxt, lang)) or ""
        if unit or "." in num or len(num) >= 2:
            try:
                out.add(f"{float(num):g}|{unit}")
            except ValueError:
                continue
    return out


def _may_hold_numeric_date(text: str) -> bool:
    """Whether ``text`` may hold a ``NUMERIC_DATE``: each has a separator before its year
    (".2024", "/1999"); four substring scans in C cost a tenth of the pattern's search."""
    return ".20" in text or ".19" in text or "/20" in text or "/19" in text


def _first_sentence(toks: list[str]) -> list[str]:
    out: list[str] = []
    for t in toks:
        if t in _BREAKS:
            if len(out) >= 4:
                break
            continue
        out.append(t)
    return out[:40]


@dataclass
class ArticleEvidence:
    """What the fitted matcher knows about one article."""

    lang: str = "ru"
    lemmas: dict[str, int] = field(default_factory=dict)  # content lemma -> count
    head: set[str] = field(default_factory=set)           # headline lemmas
    names: set[str] = field(default_factory=set)          # name skeletons
    figures: set[str] = field(default_factory=set)        # "17|e6", "3.5|%", "1250|"
    dates: list[Day] = field(default_factory=list)        # explicit dates in the text
    day: Day | None = None                                 # publication or stand-in day
    day_is_standin: bool = False
    reaction: bool = False
    future: float = 0.0       # share of the headline's finite verbs in the future tense
    has_verbs: bool = False   # the headline has a finite verb (else ``future`` says nothing)

    @classmethod
    def from_article(cls, article: Article) -> "ArticleEvidence":
        body = "\n".join(filter(None, [article.lead, article.body]))
        return cls.from_text(article.title, body, article.lang, article.published_local,
                             article.date_precision, article.date_raw,
                             article.canonical_url or article.url or "")

    @classmethod
    def from_text(cls, title: str | None, text: str | None, lang: str | None,
                  published_local: str | None = None, precision: str | None = None,
                  date_raw: str | None = None, url: str = "") -> "ArticleEvidence":
        lang = (lang or "ru")[:2]
        title, text = title or "", text or ""
        ev = cls(lang)
        # numeric dates and clock times are not figures: blanked before tokenising (one
        # scan when the text has none, as most have not)
        if not _may_hold_numeric_date(text) or NUMERIC_DATE.search(text) is None:
            blanked, numeric = text, []
        else:
            blanked, numeric = NUMERIC_DATE.sub(" ", text), numeric_dates(text)
        body_toks = _TOKEN.findall(_CLOCK.sub(" ", blanked) if ":" in blanked else blanked)
        title_toks = _TOKEN.findall(title)
        toks = title_toks + ["\n"] + body_toks
        russian = lang in _LEMMATISED
        table = _TOKEN_TABLES.get(lang)
        if table is None:
            table = _TOKEN_TABLES[lang] = {}
        infos = list(map(table.get, toks))  # known tokens (most) in one pass in C
        if None in infos:
            for position in [p for p, i in enumerate(infos) if i is None]:
                tok = toks[position]
                infos[position] = table.get(tok) or _file_token(table, tok, lang)
        # a token opens a sentence when it is the first or a break precedes it (a number or
        # a word closes the opening): only the capitalised words need to know
        caps_seen: set[str] = set()
        names = ev.names
        for position in [p for p, i in enumerate(infos) if i[1]]:
            lem, _, proper_or_acronym, key, _ = infos[position]
            if (proper_or_acronym or (position and toks[position - 1] not in _BREAKS)
                    or lem in caps_seen):
                if key:
                    names.add(key)
            caps_seen.add(lem)
        # content lemmas counted in the order they first occur
        ev.lemmas = dict(Counter([i[0] for i in infos if i[4]]))
        # the headline: the title, else the first sentence (many excerpts have no title)
        head_toks = title_toks if title_toks else _first_sentence(body_toks)
        # a word's lemma is the first field of its info (``token_info``)
        head_infos = (infos[:len(title_toks)] if title_toks else
                      [table.get(t) or _file_token(table, t, lang) for t in head_toks])
        ev.head = {info[0] for t, info in zip(head_toks, head_infos)
                   if not t[0].isdigit() and t not in _BREAKS and len(t) > 2} - STOP_LEMMAS
        numbers = [p for p, i in enumerate(infos) if i is _A_NUMBER]
        ev.figures = figures(toks, lang, numbers)
        ev.dates = text_dates(toks, numbers) + numeric
        raw_tokens = _TOKEN.findall(date_raw) if date_raw else []
        ev.day, ev.day_is_standin = publication_day(published_local, precision, date_raw,
                                                    url, ev.dates, raw_tokens)
        if russian:
            # an announcement ("огласит", "начнется") is not the event it announces
            tenses = [x for t in head_toks if (x := verb_tense(t))]
            future = (sum(x == "futr" for x in tenses)
                      + sum(t.lower() in _FUTURE_WORDS for t in head_toks))
            ev.has_verbs = bool(tenses)
            ev.future = min(future / len(tenses), 1.0) if tenses else 0.0
        low = (title or " ".join(head_toks)).lower()
        ev.reaction = any(r in low for r in REACTIONS)
        return ev
