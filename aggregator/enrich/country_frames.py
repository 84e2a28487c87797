"""What the lead of a story about several countries says happens: a visit (to a meeting of
many countries, or for talks), talks with no one travelling, a meeting of many hosted by
one country; and who goes where. ``country_rules`` weighs these frames against the counts.

The words are looked for in the title and the body's first sentence (the lead), lower-cased;
destinations and travellers are read from the mentions ``country_matcher`` found there:
"в Астану", "Қазақстанға", "ÖZBEGISTAN RESPUBLIKASYNA" are where someone goes, "встретится с
Си Цзиньпином" the one met there, and a country named otherwise in the lead travels
(benchmarks/README.md, "Country tags, session 8" to "session 10").
"""

from __future__ import annotations

import re

from aggregator.enrich.country_matcher import Mention

# a visit in the lead: who travels where, and whether to a meeting of many countries
# (word starts, looked for in the lower-cased lead: plain substring tests are cheaper
# than one regex alternation over every position)
_VISIT = ("визит", "посети", "посетя", "прибы", "прилет", "прибуд", "поездк", "сапар", "ташриф",
          "сафар", "visit", "arriv", "sapar", "tashrif", "safar", "келді", "keldi", "geldi",
          "барды", "bardy", "访问", "訪問", "抵达", "抵達")
_MULTILATERAL = re.compile(r"саммит|summit|sammit|заседани|форум|forum|峰会|峰會|\bшос\b|"
                           r"\bsco\b|\bснг\b|\bотг\b|свмда|\bcica\b|консультатив|consultative|"
                           r"konsultati[wv]|maslahat uchrashuv|маслаҳат учрашув|машваратӣ|"
                           r"协商会晤|協商會晤|上合|上海合作组织|上海合作組織")
_TO_BEFORE = re.compile(r"(?:^|[^\w])(?:в|во|to|into|ба|посетил[аи]?|посетит|посетят|visited|"
                        r"visits?|访问|訪問|抵达|抵達)\s*$", re.I)
# a country's name in a Turkic dative ("Қазақстанға", "Türkmenistana", "Qozog'istonga")
_TO_SUFFIX = re.compile(r"(?:стан|стон|stan|ston)(?:ға|га|ка|ке|қа|ga|ka|qa|a)$", re.I)
_TALKS = re.compile(r"встреч(?!н|ал|ает|ают|ен)|переговор|\btalks|\bmet\b|meeting|кездес|жолугуш|сүйлөш|uchrash|"
                    r"muzokara|учраш|музокара|duşuş|gepleşik|вохӯр|мулоқот|会见|会谈|會見|會談|"
                    r"государственн\w* визит|state visit|davlat tashrif|давлат ташриф|"
                    r"döwlet sapar|мемлекеттік сапар|мамлекеттик сапар|сафари давлатӣ|"
                    r"国事访问|國事訪問|дидор|музокир|суҳбат|телефонн\w* разговор|по телефону|telephone conversation|"
                    r"phone (?:call|conversation|talk)|telefon orqali|телефон орқали|telefon arkaly|"
                    r"телефондук|суҳбати телефонӣ|телефон арқылы|通电话|通話|电话交谈|"
                    r"поздрав|congratulat|tabrik|табрик|құттықта|куттукта|gutla|муборакбод")
_MULTILATERAL_SPAN = 400
_GREETING = re.compile(r"поздрав|congratulat|tabrik|табрик|құттықта|куттукта|gutla|муборакбод")
# the word after a name that makes it a destination: a Turkic dative of "republic" or "city"
_TO_AFTER = re.compile(r"\s+(?:respublikasyna|respublikasiga|республикасына|республикасига|"
                       r"респубикасына|şäherine|shahriga|шаҳрига|қаласына|шаарына)", re.I)
# any place in a Kazakh or Kyrgyz dative with a letter Russian lacks ("Астанаға")
_TO_KAZAKH = re.compile(r"(?:ға|ғе|қа|қе)$")
# the one met, not the one who travels: "встретится с Си Цзиньпином", "met with", "bilan"
_WITH_BEFORE = re.compile(r"(?:^|[^\w])(?:с|со|with|bilan|билан|менен|мен|bilen|бо)\s*$", re.I)


def _is_destination(m: Mention, text: str) -> bool:
    return bool(_TO_SUFFIX.search(m.matched) or _TO_KAZAKH.search(m.matched)
                or _TO_BEFORE.search(text, max(0, m.start - 12), m.start)
                or _TO_AFTER.match(text, m.end))


def _in_lead(mentions: list[Mention], lead: int):
    """The mentions of the title and of the body's first sentence, each with its text."""
    for m in mentions:
        if m.in_title or m.start < lead:
            yield m


def destinations(mentions: list[Mention], title: str, body: str, lead: int) -> set[str]:
    """Countries named in the title or lead as where someone goes ("в Астану",
    "посетил Астану", "Қазақстанға", "Türkmenistana", "ÖZBEGISTAN RESPUBLIKASYNA",
    "访问吉尔吉斯")."""
    return {m.country for m in _in_lead(mentions, lead)
            if _is_destination(m, title if m.in_title else body)}


def travellers(mentions: list[Mention], title: str, body: str, lead: int,
               going_to: set[str]) -> set[str]:
    """Countries of the lead that may be the one travelling: named there other than as the
    destination or as the one met ("Путин прибыл в Казахстан ..., где встретится с Си
    Цзиньпином": none of the portal's; the host is then the story's country)."""
    out = set()
    for m in _in_lead(mentions, lead):
        text = title if m.in_title else body
        if m.country in going_to or _WITH_BEFORE.search(text, max(0, m.start - 6), m.start):
            continue
        out.add(m.country)
    return out


def meeting_host(mentions: list[Mention], title: str, body: str, lead: int) -> str | None:
    """The host of a meeting of many countries told in the lead with no one travelling: the
    one country named there by a place or an official ("峰会将在西安举行,习近平将主持") while
    the others are only named (a list of participants)."""
    named, local = set(), set()
    for m in _in_lead(mentions, lead):
        named.add(m.country)
        if m.kind in ("cue", "case"):
            local.add(m.country)
    # the participants named in the lead beside the host (a lead naming the host alone
    # tells of its meeting, not of one it hosts for the others: dev c128)
    if len(local) != 1 or len(named) < 2:
        return None  # checked first: cheaper than the words below
    text = f"{title}\n{body[:lead]}".lower()
    if not _MULTILATERAL.search(text) or any(word in text for word in _VISIT):
        return None
    return next(iter(local))


def visit_frame(title: str, body: str, lead_at: int) -> str | None:
    """What the lead tells of a visit: "talks" (the two sides meet, or a state visit: the
    story is their relations), "multilateral" (a visit to a summit or a meeting of many
    countries: the visitor's story), or None (no visit, or neither of those)."""
    lead = f"{title}\n{body[:lead_at]}".lower()
    if not any(word in lead for word in _VISIT):
        # no one travels: talks in the lead (a meeting, a phone call) are still relations
        return "talks" if _TALKS.search(lead) and not _MULTILATERAL.search(lead) else None
    near = f"{title}\n{body[:_MULTILATERAL_SPAN]}".lower()
    if _MULTILATERAL.search(lead):  # "Консультативной встрече глав государств"
        return "multilateral"
    if _TALKS.search(lead):
        return "talks"
    if _MULTILATERAL.search(near):
        return "multilateral"
    # talks told right after the visit ("...keldi. Xivada prezidentlar uchrashuv o'tkazdi");
    # not congratulations there (officials greeting the visitor home)
    return "talks" if any(not _GREETING.match(m.group(0)) for m in _TALKS.finditer(near)) else None
