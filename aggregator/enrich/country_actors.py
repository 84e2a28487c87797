"""Who acts and where, in the title and the first sentence (issue 19 item 4, session 14).

The primary country is the one whose official, institution, team or citizens act in the
story, or where the story happens. ``country_roles`` reads a mention's role from the word
before it; this reads the clause: the main verb splits a sentence into the subject side
and the rest, per language:

- Russian: the first finite verb (a word with a verb ending that pymorphy3's best parse
  calls VERB: "подписал", "закрыл", "выделит");
- English: the first auxiliary or modal, or the first -ed/-s word after a word that is no
  article or preposition ("Kazakhstan's president signed", "Uzbek officials said");
- Chinese: the first of a closed set of verbs and aspect words (表示, 宣布, 将, 签署...);
- Kazakh, Kyrgyz, Uzbek, Turkmen and Tajik end the clause with the verb, so the whole
  sentence is the subject side and the case marks the rest (a locative, ablative or dative
  mention is no actor: ``country_roles.mention_role``).

The acting countries of a sentence are those named free (no place or oblique role, not
joined by "with") before its main verb, and those of the persons and organisations the
entities step found there; a country named free only after the verb is acted on. The
event's place is a place-role mention of a city, region or institution (not the country's
name) in the title or first sentence, or a dateline.

These are features of the measured conditional logit (``country_primary_fit``), which was
not adopted (benchmarks/README.md, "Primary country, session 14"): ``tag_countries`` does
not call this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from aggregator.enrich.country_matcher import COUNTRIES, Mention
from aggregator.enrich.country_roles import _JOINED, mention_role

_TURKIC_VERB_LAST = frozenset({"kk", "ky", "uz", "tk", "tg"})
_TURKIC_CASE = frozenset({"kk", "ky", "uz", "tk"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Russian: past, present and future endings of finite verbs (reflexive too)
_RU_VERB_END = re.compile(r"(?:[аеиыяо]л[аио]?|[еиаяую]т|[ую]т|ют|ят|ет|ит)(?:ся|сь)?$")
_EN_AUX = frozenset({
    "will", "would", "shall", "has", "have", "had", "is", "are", "was", "were", "can",
    "could", "may", "might", "must", "should", "says", "said", "plans", "wants", "seeks"})
_EN_NOT_BEFORE_VERB = frozenset({
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "with", "by", "and", "or",
    "its", "their", "his", "her", "this", "these", "those", "new", "more", "as", "about"})
_EN_PAST = re.compile(r"^[a-z]{3,}ed$")
_EN_PRESENT = re.compile(r"^[a-z]{3,}s$")  # a verb only after a capitalised word
_EN_NOT_VERB = re.compile(r"(?:ss|us|is|ics|ness)$")
# a Chinese lead is read to its first full stop (``lead_end`` looks for ". ")
_ZH_STOP = re.compile("[。！？]")
_ZH_VERBS = re.compile(
    "表示|宣布|将|已|称|签署|签约|会见|会谈|举行|发布|启动|开通|召开|出席|访问|抵达|推动|加强|"
    "支持|提供|开展|实现|达成|成为|计划|决定|批准|通过|派|向|对")
# "with": a partner, not an actor ("Казахстан с Китаем", "together with China")
_WITH = frozenset({"с", "со", "with", "bilan", "менен", "мен", "пен", "бен", "bn", "бо", "bilen"})


@dataclass(slots=True)
class Acts:
    """What the title and the first sentence say of who acts and where."""

    agent_title: set[str] = field(default_factory=set)  # acts in the title
    agent_lead: set[str] = field(default_factory=set)  # acts in the first sentence
    acted_on: set[str] = field(default_factory=set)  # named free only after a main verb
    venue: set[str] = field(default_factory=set)  # its city/region/institution is the place


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _is_ru_verb(word: str) -> bool:
    return _analyzer().parse(word)[0].tag.POS == "VERB"


def main_verb_at(sentence: str, lang: str | None, start: int = 0, end: int | None = None) -> int:
    """Where the main verb of ``sentence[start:end]`` starts (``end`` when the language puts
    it last or none is found)."""
    end = len(sentence) if end is None else end
    code = (lang or "")[:2]
    if code in _TURKIC_VERB_LAST:
        return end
    if code == "zh":
        found = _ZH_VERBS.search(sentence, start + 1, end)
        return found.start() if found else end
    words = list(_WORD.finditer(sentence, start, end))
    for i, w in enumerate(words):
        word = w.group()
        if code == "ru":
            low = word.lower()
            if len(low) > 3 and _RU_VERB_END.search(low) and _is_ru_verb(low):
                return w.start()
        elif i and _en_finite(word, words[i - 1].group(),
                              words[i + 1].group() if i + 1 < len(words) else ""):
            return w.start()
    return end


def _en_finite(word: str, prev: str, after: str) -> bool:
    """An English finite verb: an auxiliary or modal, an -ed form after a word that is no
    article or preposition, or an -s form (lower-case) right after a capitalised word and
    before no verb ("Turkmenistan starts", not "Uzbek officials will", "1300 tons", nor a
    title-case "Wheat Exports")."""
    if word in _EN_AUX:
        return True
    if prev.lower() in _EN_NOT_BEFORE_VERB or _EN_NOT_VERB.search(word):
        return False
    if _EN_PAST.match(word):
        return True
    return bool(_EN_PRESENT.match(word) and prev[:1].isupper()
                and after not in _EN_AUX and not _EN_PAST.match(after))


def _with_before(text: str, at: int) -> bool:
    """A partner: "with" up to three words before ("с послом Китая", "with the President
    of Turkmenistan")."""
    words = _WORD.findall(text, max(0, at - 40), at)[-3:]
    return any(w.lower() in _WITH for w in words)


def _sentence_acts(mentions: list[Mention], text: str, end: int, lang: str | None,
                   actors: list[tuple[int, str]]) -> tuple[set[str], set[str], set[str]]:
    """(acting, acted on, venue) countries of ``text[:end]`` from its ``mentions`` and
    ``actors`` ((where, country) of persons and organisations)."""
    verb = main_verb_at(text, lang, 0, end)
    turkic = (lang or "")[:2] in _TURKIC_CASE
    acting, after, venue = set(), set(), set()
    prev, role = None, None
    for m in mentions:
        if m.start >= end:
            continue
        if not (prev is not None and text[prev.end:m.start].strip()
                and _JOINED.fullmatch(text, prev.end, m.start)):
            # "in Uzbekistan and Turkmenistan": both places; "В Ташкенте казахстанская
            # делегация" (only a space between) is no list
            role = mention_role(m, text, turkic)
        prev = m
        if role == "place" and m.kind != "name":
            venue.add(m.country)
        if role is not None or _with_before(text, m.start):
            continue
        (acting if m.start < verb else after).add(m.country)
    acting |= {c for at, c in actors if at < verb}
    return acting, after - acting, venue


def read_acts(mentions: list[Mention], title: str, body: str, lead: int,
              lang: str | None, entities: list[dict] | None = None,
              dateline: set[str] | None = None) -> Acts:
    """The acting, acted-on and venue countries of the title and of ``body[:lead]``.
    ``entities``: the enrich chain's evidence dicts (offsets in "title\\ntext")."""
    offset = len(title.strip()) + 1 if title.strip() else 0
    shift = len(body) - len(body.lstrip())
    actors = {True: [], False: []}
    for e in entities or ():
        if e.get("type") in ("PER", "ORG") and e.get("country") in COUNTRIES and e.get("in_lead"):
            pos = e.get("first_pos", 0)
            in_title = pos < offset
            actors[in_title].append((pos if in_title else pos - offset + shift, e["country"]))
    acts = Acts(venue=set(dateline or ()))
    in_title = [m for m in mentions if m.in_title]
    stop = _ZH_STOP.search(body, 0, lead)
    lead = stop.end() if stop else lead
    in_lead = [m for m in mentions if not m.in_title and m.start < lead]
    t_act, t_after, t_venue = _sentence_acts(in_title, title, len(title), lang, actors[True])
    l_act, l_after, l_venue = _sentence_acts(in_lead, body, lead, lang, actors[False])
    acts.agent_title, acts.agent_lead = t_act, l_act
    acts.acted_on = (t_after | l_after) - t_act - l_act
    acts.venue |= t_venue | l_venue
    return acts
