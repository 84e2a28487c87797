"""``extract_entities``: the people, organisations and places of one article, each with its
normal form and number of mentions.

Every language runs the gazetteer (known entities, one spelling across scripts, their
country) and a name finder for the rest: capitalised runs by default (``fast``, ~1 ms an
article), natasha's NER for Russian when asked (``natasha``, ~20 ms). Mentions of one
entity are merged: same type and same consonant key, and a lone surname joins the one full
name that has it ("Жапаров" -> "Садыр Жапаров").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter

from aggregator.enrich.char_map import CharMap
from aggregator.entities import russian
from aggregator.entities.bodies import lower_case_bodies
from aggregator.entities.capitalised import capitalised_names
from aggregator.entities.chinese import chinese_names
from aggregator.entities.gazetteer import gazetteer_hits, known_person
from aggregator.entities.name_types import place_form
from aggregator.entities.regional_phrases import regional_names
from aggregator.entities.quoted import quoted_names
from aggregator.entities.names import APOSTROPHES, AFTER_LIST_SEPARATOR, LIST_AND, Entity, skeleton

#: Bumped whenever what the extractors return changes: stored articles whose marker is older
#: are re-extracted by ``aggregator entities --update``.
EXTRACTOR_VERSION = 5
MODELS = ("fast", "natasha")
#: languages the portal's texts write in Latin letters (the others: Cyrillic, Chinese)
_LATIN_LANGUAGES = frozenset({"en", "uz", "tk", "tr", "de", "fr"})
#: what stands between the names of a list: a comma, "and" in the portal's languages
_LIST_SEPARATOR = re.compile(rf"\s*,\s*(?:(?:{LIST_AND})\s+)?|\s+(?:{LIST_AND})\s+")

# A sentence starts after r"[.!?»\"…]\s+|\n\s*|^\s*[—–-]\s*" (the matches' ends, found
# left to right). The first two branches are written to start with one character class
# (re then jumps from one such character to the next instead of trying the branches at
# every position); the third, which can match only at 0, is tried apart.
_SENTENCE_END = re.compile(r"[.!?»\"…\n](?:(?<=\n)|(?=\s))\s*")
_DASH_START = re.compile(r"\s*[—–-]\s*")
_FIRST_STOP = re.compile(r"[.!?](?:\s|$)")
_ONE_APOSTROPHE = CharMap(APOSTROPHES)  # str.translate is slow on long texts


def extractor_name(model: str) -> str:
    """The marker stored with an article's entities: which extractor, which version."""
    return f"{model}-{EXTRACTOR_VERSION}"


def extract_entities(title: str, text: str, lang: str | None, model: str = "fast") -> list[Entity]:
    """The entities of an article, in order of first mention; ``model`` is ``fast`` or
    ``natasha`` (Russian only; other languages always take the fast path)."""
    if model not in MODELS:
        raise ValueError(f"unknown entity model {model!r}; one of {', '.join(MODELS)}")
    title, text = (title or "").strip(), (text or "").strip()
    full = f"{title}\n{text}" if title else text
    full = _ONE_APOSTROPHE(full)
    lang = (lang or "ru").split("-")[0]
    first_stop = _FIRST_STOP.search(text)
    lead_end = (len(title) + 1 if title else 0) + (first_stop.end() if first_stop else len(text))
    known = gazetteer_hits(full, lang)
    spans_known = [(h.start, h.end) for h in known]
    if lang == "ru" and model == "natasha":
        from aggregator.entities.natasha_ner import natasha_names

        found = list(natasha_names(full))
    else:
        starts = _sentence_starts(full)
        people = frozenset(h.start for h in known if h.entity.type == "PER") if lang == "ru" else ()
        phrases = regional_names(full, lang, starts, spans_known)
        read = _with_phrases(spans_known, phrases) if phrases else spans_known
        found = list(capitalised_names(full, lang, starts, read, people))
        if phrases:
            found = sorted(found + phrases, key=itemgetter(0))
        if lang == "zh":  # no capitals to find names by: the surnames, suffixes, "·"
            found = sorted(found + chinese_names(full, known), key=itemgetter(0))
    if lang == "en" and known and any(f[2] == "ORG" for f in found):
        found = _places_starting_bodies(full, found, known)
    quoted = quoted_names(full)
    if quoted:  # "газета «Аргументы недели»": the quoted words in place of the runs in them
        found = _quoted_in_place(found, quoted)
    bodies = lower_case_bodies(full, lang, known) if known or lang == "en" else []
    if bodies:  # "правительства Киргизии": where no name found covers them
        found = _add_apart(found, bodies)
    firsts = [f for f in found if f[2] == "FIRST"]
    if firsts:
        found = [f for f in found if f[2] != "FIRST"]
    if any(f[2] == "UNTYPED" for f in found):
        found = _places_in_lists(full, found, known, lang)
    spans = [(s, e, kind, name, None, None) for s, e, kind, name in found]
    if firsts:  # spans grows past the finder's: ``same`` below indexes ``found`` in it
        known = _first_names(full, known, firsts, spans, lang)
    if lang == "ru":
        known = _bodies_of_places(full, known, spans)
    known, found, spans = _first_names_spelt_alike(full, known, found, spans)
    found_starts = [f[0] for f in found]  # the finders give their spans in text order
    for hit in known:
        ent = hit.entity
        over = _overlapping(found, found_starts, hit.start, hit.end)
        same = [i for i in over if found[i][2] == ent.type]
        if same:  # one mention: the finder's span, the gazetteer's spelling and country
            spans[same[0]] = (*spans[same[0]][:4], ent.canonical, ent.country)
        elif not any(found[i][2] == "LOC" for i in over):
            # a known place inside an organisation's name stays ("ГКНБ Таджикистана")
            spans.append((hit.start, hit.end, ent.type, ent.form, ent.canonical, ent.country))
    if "(" in full:
        spans = _abbreviations_defined(full, spans)
    return _merge(_people_spelt_alike(spans), lead_end, lang in _LATIN_LANGUAGES)


_DEFINED = re.compile(r"\(([A-ZА-ЯЁ][A-ZА-ЯЁ0-9&]{1,9})\)")


def _abbreviations_defined(text: str, spans: list[tuple]) -> list[tuple]:
    """An abbreviation in parentheses just after a name ("Southern Gas Corridor (SGC)",
    "Евразийский экономический союз (ЕАЭС)") is that name's: each of its mentions takes the
    name's type (an abbreviation alone would be read as an organisation's)."""
    matches = list(_DEFINED.finditer(text))
    if not matches:
        return spans
    ends: dict[int, tuple] = {}  # the longest name ending there (an organisation, not the
    for span in spans:  # place it ends with: "Народно-демократической партии Узбекистана")
        if span[1] not in ends or span[0] < ends[span[1]][0]:
            ends[span[1]] = span
    defined = {}
    for match in matches:
        at = match.start()
        name = ends.get(at - 1 if text[at - 1:at].isspace() else at)
        if name is not None and name[2] in ("ORG", "LOC") and name[3] != match.group(1):
            defined[match.group(1)] = name[2]
    if not defined:
        return spans
    out = [s for s in spans if not (s[3] in defined and s[2] != defined[s[3]])]
    found = {s[0] for s in out if s[3] in defined}
    for abbreviation, kind in defined.items():
        for match in re.finditer(rf"(?<![\w\-]){re.escape(abbreviation)}(?![\w\-])", text):
            if match.start() not in found:
                out.append((match.start(), match.end(), kind, abbreviation, None, None))
    return out


def _places_starting_bodies(text: str, found: list, known: list) -> list:
    """A known place just before an organisation's name the runs found starts that name
    ("London Stock Exchange", "Tajikistan Railways"): the known name split the run."""
    places = {h.end: h for h in known if h.entity.type == "LOC"}
    out = []
    for span in found:
        hit = places.get(span[0] - 1) if span[2] == "ORG" and text[span[0] - 1:span[0]] == " " else None
        if (hit is not None and text[hit.start:hit.end] == hit.entity.form
                and not span[3].isupper()):
            span = (hit.start, span[1], "ORG", f"{text[hit.start:hit.end]} {span[3]}")
        out.append(span)
    return out


def _quoted_in_place(found: list, quoted: list) -> list:
    """``found`` with each quoted name in place of the spans inside its quotes (unless a
    span reaches past them: a name the runs read otherwise)."""
    for q in quoted:
        inside = [f for f in found if q[0] <= f[0] and f[1] <= q[1]]
        if any(f[0] < q[1] and q[0] < f[1] for f in found if f not in inside):
            continue
        found = sorted([f for f in found if f not in inside] + [q], key=itemgetter(0))
    return found


def _add_apart(found: list, extra: list) -> list:
    """``found`` (in text order, not overlapping) with the ``extra`` spans that overlap
    none of it nor each other."""
    spans = list(found)
    for span in sorted(extra, key=itemgetter(0)):
        if not any(span[0] < f[1] and f[0] < span[1] for f in spans):
            spans.append(span)
    return sorted(spans, key=itemgetter(0))


def _people_spelt_alike(spans: list[tuple]) -> list[tuple]:
    """A person the rules found whom the gazetteer knows under another transliteration takes
    the known one's spelling across scripts (so the dataset joins "Qasim-Jomart Toqaev" and
    "Касым-Жомарт Токаев"); the name as written stays the normal form. (In place.)"""
    for i, span in enumerate(spans):
        if span[2] == "PER" and span[4] is None:
            known = known_person(span[3])
            if known is not None:
                spans[i] = (*span[:4], known.canonical, span[5] or known.country)
    return spans


def _with_phrases(known: list[tuple[int, int]], phrases: list) -> list[tuple[int, int]]:
    """The spans the capitalised runs skip: the known ones outside the phrases, and the
    phrases (sorted by start, not overlapping each other)."""
    taken = [(p[0], p[1]) for p in phrases]
    return sorted([s for s in known if not any(s[0] < e and b < s[1] for b, e in taken)] + taken)


def _overlapping(found: list, starts: list[int], start: int, end: int) -> list[int]:
    """The indexes of the ``found`` spans (in text order, not overlapping each other) that
    overlap [start, end), first to last."""
    i = bisect_left(starts, end) - 1
    over = []
    while i >= 0 and found[i][1] > start:
        over.append(i)
        i -= 1
    return over[::-1]


def _places_in_lists(text: str, found: list, known: list, lang: str) -> list:
    """Untyped names in a list of three or more names of which two are places and none a
    person or body ("Dubai, Delhi, Amritsar, Istanbul and Riga") are places; other untyped
    names are dropped."""
    places = sum(f[2] == "LOC" for f in found) + sum(h.entity.type == "LOC" for h in known)
    if places < 2 or not any(f[2] == "UNTYPED" and (_LIST_SEPARATOR.match(text, f[1]) or (
            AFTER_LIST_SEPARATOR.search(text, max(0, f[0] - 8), f[0]))) for f in found):
        # no list of places can be (most texts)
        return [f for f in found if f[2] != "UNTYPED"]
    split = []
    for f in found:  # "Kuala Lumpur and Singapore" is two names of the list, not one
        if f[2] == "UNTYPED" and _LIST_SEPARATOR.search(text, f[0], f[1]):
            at = f[0]
            for separator in _LIST_SEPARATOR.finditer(text, f[0], f[1]):
                split.append((at, separator.start(), "UNTYPED", text[at:separator.start()]))
                at = separator.end()
            split.append((at, f[1], "UNTYPED", text[at:f[1]]))
        else:
            split.append(f)
    found = split
    items = sorted([(f[0], f[1], f[2]) for f in found] +
                   [(h.start, h.end, h.entity.type) for h in known])
    places, last = set(), -1
    for i, item in enumerate(items):
        if item[2] != "UNTYPED" or i <= last:
            continue
        first = last = i  # the list around it: names joined by separators either side
        while first > 0 and _LIST_SEPARATOR.fullmatch(text, items[first - 1][1], items[first][0]):
            first -= 1
        while last + 1 < len(items) and _LIST_SEPARATOR.fullmatch(text, items[last][1], items[last + 1][0]):
            last += 1
        kinds = [kind for _, _, kind in items[first:last + 1]]
        if len(kinds) >= 3 and kinds.count("LOC") >= 2 and "PER" not in kinds and "ORG" not in kinds:
            places.update(start for start, _, kind in items[first:last + 1] if kind == "UNTYPED")
    return [(s, e, "LOC", place_form(name.split(" "), lang)) if kind == "UNTYPED" else (s, e, kind, name)
            for s, e, kind, name in found if kind != "UNTYPED" or s in places]


def _first_names(text: str, known: list, firsts: list, spans: list, lang: str) -> list:
    """A first name (its patronymic left out) before a known person's surname is one
    mention of that person, named "First Surname" as written ("Шавкат Миромонович
    Мирзиёевті" -> "Шавкат Мирзиёев"); the surname's own hit is dropped."""
    joined = set()
    for start, end, _, first in firsts:
        hit = next((h for h in known if h.entity.type == "PER" and h.start > end
                    and not text[end:h.start].strip(" [")), None)
        if hit is None:
            continue
        if lang == "ru":
            first = russian.nominative(first, None, True)
        form = hit.entity.form
        name = form if " " in form else f"{first} {form}"
        spans.append((start, hit.end, "PER", name, hit.entity.canonical, hit.entity.country))
        joined.add(hit.start)
    return [h for h in known if h.start not in joined]


def _first_names_spelt_alike(text: str, known: list, found: list, spans: list) -> tuple:
    """A known person's surname after the first name of that person in any transliteration
    ("Qasim-Jomart Toqaev" for "Касым-Жомарт Токаев") is one mention, named as written; the
    surname's own hit and any name the rules made of the first name alone are dropped."""
    joined, dropped = set(), set()
    for hit in known:
        ent = hit.entity
        if ent.type != "PER" or " " in ent.form or " " not in ent.canonical:
            continue  # (most hits: a place or a body)
        first = _word_before(text, hit.start)
        if first is None or skeleton(first[2]) != skeleton(ent.canonical.rsplit(" ", 1)[0]):
            continue
        over = [i for i, f in enumerate(found) if f[0] < first[1] and first[0] < f[1]]
        if any(found[i][:2] != first[:2] for i in over):
            continue  # the word is part of a longer name the rules found
        dropped.update(over)
        spans.append((first[0], hit.end, "PER", f"{first[2]} {ent.form}", ent.canonical, ent.country))
        joined.add(hit.start)
    if not joined:
        return known, found, spans
    keep = [i for i in range(len(found)) if i not in dropped]
    found = [found[i] for i in keep]
    spans = [spans[i] for i in keep] + spans[len(keep) + len(dropped):]
    return [h for h in known if h.start not in joined], found, spans


_CAPITALISED_BEFORE = re.compile(r"(?<![\w'.\-])([^\W\d_][\w'\-]*\w) $")


def _word_before(text: str, start: int) -> tuple[int, int, str] | None:
    """The capitalised word one space before ``start``, if any."""
    match = _CAPITALISED_BEFORE.search(text, max(0, start - 40), start)
    if match is None or not match.group(1)[0].isupper():
        return None
    return match.start(1), match.end(1), match.group(1)


def _bodies_of_places(text: str, known: list, spans: list) -> list:
    """A known body followed by a known place it belongs to is one organisation ("ГКНБ
    КР", "МИД Казахстана"): its span joins ``spans`` and the body's own hit is dropped
    (the place keeps its own)."""
    kept = []
    for i, hit in enumerate(known):
        after = known[i + 1] if i + 1 < len(known) else None
        if (hit.entity.type == "ORG" and after is not None and after.entity.type == "LOC"
                and not text[hit.end:after.start].strip(" ") and after.start > hit.end
                and (text[after.start:after.end].isupper() or text[after.end - 1:after.end] == "а")):
            name = f"{hit.entity.form} {' '.join(text[after.start:after.end].split())}"
            spans.append((hit.start, after.end, "ORG", name, None, hit.entity.country or after.entity.country))
            continue
        kept.append(hit)
    return kept


def _sentence_starts(text: str) -> set[int]:
    """0 and where each sentence of ``text`` starts (see ``_SENTENCE_END``)."""
    dash = _DASH_START.match(text)
    if dash is not None and _SENTENCE_END.match(text) is None:  # the third branch at 0
        return {0, dash.end()} | {m.end() for m in _SENTENCE_END.finditer(text, dash.end())}
    return {0} | {m.end() for m in _SENTENCE_END.finditer(text)}


def _fullness(spelling: str, latin: bool = False) -> tuple[int, bool, bool, int]:
    """How fully a spelling names its entity: words, then the article's own script
    ("Казахстан" in Russian text that quotes an English "Kazakhstan"), not capitals, length."""
    own_script = (spelling[:1] < "\u0250") == latin
    return len(spelling.split()), own_script, -spelling.isupper(), len(spelling)


def _merge(spans: list[tuple], lead_end: int, latin: bool = False) -> list[Entity]:
    by_key: dict[tuple[str, str], Entity] = {}
    for start, _end, kind, name, canonical, country in sorted(spans, key=itemgetter(0, 1)):
        # people meet on the canonical name (a lone "Жапаров" is "Садыр Жапаров"); places
        # and organisations keep each written name ("Республика Казахстан", "Казахстан")
        key = skeleton(canonical if kind == "PER" and canonical else name)
        entity = by_key.get((kind, key))
        if entity is None:
            entity = by_key[(kind, key)] = Entity(kind, name, 0, canonical, key, False, start, country)
        entity.mentions += 1
        entity.variants.add(name)
        entity.in_lead |= start < lead_end
        entity.canonical = entity.canonical or canonical
        entity.country = entity.country or country
    people = [e for (kind, _), e in by_key.items() if kind == "PER"]
    for short in [e for e in people if " " not in e.key]:
        longer = [e for e in people if e is not short and short.key in e.key.split(" ")]
        if len(longer) == 1:  # unambiguous: the only full name with this surname
            full = longer[0]
            full.mentions += short.mentions
            full.in_lead |= short.in_lead
            full.first_pos = min(full.first_pos, short.first_pos)
            full.canonical = full.canonical or short.canonical
            full.country = full.country or short.country
            del by_key[("PER", short.key)]
    for entity in by_key.values():  # the fullest spelling seen names the entity; among
        # equals the first in sorted order, not in a set's (which changes with PYTHONHASHSEED)
        if len(entity.variants) > 1:  # else the one spelling is the name already
            entity.name = max(sorted(entity.variants), key=lambda v: _fullness(v, latin))
    return sorted(by_key.values(), key=lambda e: e.first_pos)
