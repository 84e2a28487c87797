"""The roles the lead gives each country: the lead's subject (who acts), the place where the
event happens, a country named there only as partner, origin or destination, and whether
the lead sets the event in a place of no portal country. ``country_rules`` weighs them with
fitted weights (``aggregator/data/country_role_weights.json``, written by
``python -m aggregator.enrich.country_rules_fit --roles --write``; all 0 at present).

Roles are read from the words around each mention of the title and the lead sentence
(``country_matcher`` mentions) and from the entities the enrich chain extracted before
(``aggregator.entities``: a person or organisation the gazetteer ties to a country acts for
it; a place with no portal country is elsewhere). A preposition or case ending marks the
role: "в Астане", "in Tashkent", "在比什凯克", "Бишкекте" a place; "из Казахстана", "в
Китай", "to China", "Қытайға" an origin or a destination (oblique); a mention with none of
these, first in the title or the lead, is the subject ("Президент Кыргызстана ...",
"Kazakhstan will ...", "казахстанский боксер ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aggregator.enrich.country_matcher import COUNTRIES, Mention

# the word just before a mention (lower-cased, up to 14 characters back)
_BEFORE = re.compile(r"(?:^|[^\w])(\w+)\W*$")
_LOCATIVE_WORDS = frozenset({"in", "at", "inside", "дар", "ichida"})
# Russian "в/на" read by the case of the name: "в Астане" (where), "в Астану" (whither)
_IN_OR_TO = frozenset({"в", "во", "на"})
# (not "with", "с", "和": two countries joined so are a pair, which ``country_rules`` reads)
_OBLIQUE_WORDS = frozenset({
    "из", "изо", "от", "к", "ко", "для", "против", "через", "до",
    "from", "to", "into", "towards", "against", "for", "via", "by", "аз", "ба", "бар"})
# a Chinese mention's preceding character(s)
_ZH_PLACE = ("在", "于", "於")
_ZH_OBLIQUE = ("对", "對", "向", "赴", "到", "从", "從", "自", "往", "访", "訪", "抵达", "抵達", "到达",
               "到達")
# Turkic case endings on the name itself
_TURKIC_PLACE = re.compile(r"(?:да|де|та|те|дә|тә|da|de|ta|te|dä|tä|dagi|даги|дагы|дағы|daky|däki)$")
_TURKIC_OBLIQUE = re.compile(
    r"(?:дан|ден|тан|тен|нан|нен|dan|den|tan|ten|dän|tän|ға|ге|га|ке|қа|ка|ga|ge|ka|ke|qa|gä|kä|"
    r"ғе)$")
# Russian "в/на" + a name in the accusative ("в Китай", "в Астану", "в Андижанскую"): whither;
# in the prepositional ("в Китае", "в Астане", "в Андижанской"): where
_RU_TO_END = re.compile(r"(?:[уюь]|[бвгджзклмнпрстфхцчшщ]|(?<![оеиы])й)$")
# a subject opens its title or sentence: the first free mention this close to the start
_SUBJECT_WITHIN = 60
_JOINED = re.compile(r"\s*(?:,|и|and|және|жана|va|ва|ve|we|hem|ҳамда|、|和|与|與)?\s*", re.I)
_BARE_NAME = ("стан", "стон", "stan", "ston")  # "Кыргызстан" ends as an ablative would
_WORD = re.compile(r"\w+")
_TURKIC = frozenset({"kk", "ky", "uz", "tk"})


@dataclass(slots=True)
class Roles:
    """What the lead says of each country."""

    subject: set[str] = field(default_factory=set)  # first free actor of the title / lead
    places: set[str] = field(default_factory=set)  # the event happens at its places
    free: set[str] = field(default_factory=set)  # named in the lead other than obliquely
    oblique: set[str] = field(default_factory=set)  # named only as partner/origin/destination
    elsewhere: bool = False  # the lead sets the event in a place of no portal country


def mention_role(m: Mention, text: str, turkic: bool = False) -> str | None:
    """"place", "oblique" or None (free: a subject, a genitive, an adjective) for one
    mention, from the words around it in ``text`` (its title or body); ``turkic``: the
    text is in a Turkic language, whose case endings mark the role."""
    word = m.matched.lower()
    if "\u3400" <= word[:1] <= "\u9fff":
        before = text[max(0, m.start - 2):m.start]
        if before.endswith(_ZH_PLACE):
            return "place"
        return "oblique" if before.endswith(_ZH_OBLIQUE) else None
    prev = _BEFORE.search(text, max(0, m.start - 14), m.start)
    if prev:
        p = prev.group(1).lower()
        if p in _LOCATIVE_WORDS:
            return "place"
        if p in _IN_OR_TO:
            return "oblique" if _RU_TO_END.search(word) else "place"
        if p in _OBLIQUE_WORDS:
            return "oblique"
    if turkic and len(word) > 5 and not word.endswith(_BARE_NAME):  # the case ending
        if _TURKIC_PLACE.search(word):
            return "place"
        if _TURKIC_OBLIQUE.search(word):
            return "oblique"
    return None


def cased_apart(a: Mention, b: Mention, text: str, lang: str | None) -> bool:
    """Whether two mentions with only a space between them are two parts of a Turkic
    sentence, not a list: one of them carries its own case ("Қазақстан Қытайға астық
    экспорттайды", "Toshkentda O'zbekiston va ..."), so neither shares the other's role."""
    if (lang or "")[:2] not in _TURKIC or text[a.end:b.start].strip():
        return False
    return mention_role(a, text, True) is not None or mention_role(b, text, True) is not None


def lead_roles(mentions: list[Mention], title: str, body: str, lead: int,
               entities: list[dict] | None = None, lang: str | None = None) -> Roles:
    """The roles of the countries named in the title and the body's first ``lead``
    characters, with the entities' actors and foreign places of the lead."""
    roles = Roles()
    turkic = (lang or "")[:2] in _TURKIC
    seen: set[str] = set()
    first = {True: None, False: None}  # the first free mention of the title and the lead
    prev: Mention | None = None
    role = None
    for m in mentions:
        if not (m.in_title or m.start < lead):
            continue
        text = title if m.in_title else body
        if not (prev is not None and prev.in_title == m.in_title
                and _JOINED.fullmatch(text, prev.end, m.start)
                and not cased_apart(prev, m, text, lang)):
            # the second of "из Таджикистана и Киргизии" keeps the first's role
            role = mention_role(m, text, turkic)
        prev = m
        seen.add(m.country)
        if role == "place":
            roles.places.add(m.country)
        elif role is None:
            roles.free.add(m.country)
            if first[m.in_title] is None and m.start < _SUBJECT_WITHIN:
                first[m.in_title] = m
    # entity offsets are in the stripped "title\ntext" the entities step read
    offset = len(title.strip()) + 1 if title.strip() else 0
    shift = len(body) - len(body.lstrip())
    foreign: list[tuple[bool, int]] = []  # (in the title, where) of entities of elsewhere
    for e in entities or ():
        if not e.get("in_lead"):
            continue
        country, pos = e.get("country"), e.get("first_pos", 0)
        in_title = pos < offset
        at = pos if in_title else pos - offset + shift
        if not in_title and at >= lead:
            continue
        if e.get("type") in ("PER", "ORG") and country in COUNTRIES:
            # an official or institution acting before any free country mention
            m = first[in_title]
            if at < _SUBJECT_WITHIN and (m is None or at < m.start):
                first[in_title] = Mention(country, in_title, at, at, "entity", e.get("name", ""))
            roles.free.add(country)
            seen.add(country)
        if country not in COUNTRIES and (country or e.get("type") == "LOC"):
            foreign.append((in_title, at))
        if e.get("type") == "LOC" and country not in COUNTRIES and not in_title:
            word = _WORD.match(body, at)
            if word is None:
                continue
            place = Mention("", False, at, word.end(), "entity", word.group())
            if mention_role(place, body, turkic) == "place":
                roles.elsewhere = True
    # a subject only when nothing foreign is named before it ("Россия отправит зерно по
    # железной дороге Казахстана": Russia acts, not Kazakhstan)
    roles.subject = {m.country for t, m in first.items()
                     if m is not None and not any(f[0] == t and f[1] < m.start for f in foreign)}
    roles.oblique = seen - roles.free - roles.places
    return roles
