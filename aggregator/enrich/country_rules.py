"""The country decision: which mentioned countries are tagged and which is primary, by
hand-weighted rules (``python -m aggregator.enrich.countries_fit`` measures a fitted
alternative against them in the same run; it was not better on held-out families).

The rules tag every country with a mention and score the primary one as 3 x title
mentions (at most 2) + body mentions (local detail 1.5) + half the mentions in the first
fifth + 4 for a dateline; a lone dateline wins outright, and the top country must outscore
the next by 1.5 (2 for two countries named alike in the title). A country late in a long
text and nowhere prominent is named in passing (no primary); two countries named as a
pair in the title or first sentence are a story about their relations (no primary, unless
the body is twice as much about one); a visit told in the lead goes to the visitor when it
is to a summit, and to neither when it is talks or a state visit (benchmarks/README.md,
"Country tags, session 8"). Session 9: talks in the lead between the two leading countries
(a meeting, a phone call, congratulations) are their relations, visit or not; a dateline decides only if its country is named again or no other
country leads; three or more countries listed together in the title or the first
sentence ("Узбекистан, Кыргызстан и Казахстан подписали...") act jointly (no primary).
Session 10: the lead's frames (visit, talks, a meeting of many and its host, destinations
and travellers) live in ``country_frames``; a summit visited only from outside the six is
the host's, a meeting of many told with its host and participants in the lead is the
host's; the weights are ``WEIGHTS`` (a fit, ``country_rules_fit``, found none better).
Session 10, roles: the lead's roles (``country_roles``: subject, place, partner/origin/
destination, a place abroad, from the mentions and the chain's entities) can add to the
score and decide where the counts leave no primary, with fitted weights read from
``aggregator/data/country_role_weights.json``; the fit's gain was below the bar set for
them, so they ship at 0 (benchmarks/README.md, "Country tags from entity roles").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import json
from importlib import resources

from aggregator.enrich.country_frames import destinations, meeting_host, travellers, visit_frame
from aggregator.enrich.country_matcher import Mention
from aggregator.enrich.country_roles import Roles, lead_roles

# The score's weights: a title mention (at most two count), a body mention of local detail
# (a name counts 1), a mention in the first fifth, a dateline; the factor by which the top
# country must outscore the next ("ratio"), and by which the body must favour one of two
# countries named alike in the title or as a pair ("tie"). Hand-set in sessions 7-9;
# ``python -m aggregator.enrich.country_rules_fit`` fits them (benchmarks/README.md,
# "Country tags, session 10").
WEIGHTS = {"title": 3.0, "local": 1.5, "early": 0.5, "dateline": 4.0, "ratio": 1.5, "tie": 2.0}
# The lead's roles (``country_roles``): added to a country's score when it is the lead's
# subject or the place of the event, taken off when it is named there only as partner,
# origin or destination; "decide_*" (0, 1, 2: ``_by_roles``) let the roles decide where the
# counts leave no primary (close scores, a pair, a story naming four countries or more),
# and "decide_abroad" (0, 1) takes the primary from a country the lead names only as origin,
# partner or destination of an event it sets in a place of no portal country.
# Fitted, never hand-set: ``country_rules_fit --roles --write`` stores them.
ROLE_WEIGHTS = ("subject", "place", "oblique", "decide_close", "decide_pair", "decide_many",
                "decide_abroad")
WEIGHTS |= json.loads(resources.files("aggregator").joinpath(
    "data/country_role_weights.json").read_text("utf-8"))
_PASSING_MIN = 300  # a text shorter than this names nothing "in passing at the end"
# what joins two countries named as a pair: a list, a hyphenated compound, "X and Y"
_PAIR_GAP = re.compile(
    r"[\s,]*(?:и|а также|с|со|and|with|менен|жана|мен|және|va|ва|билан|ҳамда|ve|bilen|we|hem|"
    r"[-‐‑–—/])?[\s,]*", re.I)
_LIST_START = 40  # a list of countries this early in the body is the lead's subject
_FIRST_STOP = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
_LEAD_MAX = 400


def lead_end(body: str) -> int:
    """Where the body's first sentence ends (the first stop after 20 characters; a
    dateline ending in a stop, "ТАШКЕНТ, 5 мая — Sputnik.", is then the lead on its own.
    Reading on to 60 characters was tried: inner CV on the fit part 0.892 vs 0.901)."""
    stop = _FIRST_STOP.search(body, 20)
    return min(stop.end() if stop else len(body), _LEAD_MAX)


@dataclass(slots=True)
class _Hits:
    title: int = 0
    body: float = 0.0  # body mentions; local detail (cities, officials...) counts 1.5
    first: float = 1.0  # relative position of the first body mention (0 = start)
    first_at: int = 1 << 30  # where the first body mention starts
    dateline: bool = False
    early: int = 0  # body mentions in the first fifth
    count: int = 0  # body mentions
    listed: bool = False  # one of three or more countries listed together in the lead
    # countries named side by side with this one in the title or the first sentence
    paired: set | None = None


def rule_tags(mentions: list[Mention], title: str, body: str, entities: list[dict] | None = None,
              lang: str | None = None) -> tuple[list[str], str | None]:
    """(countries, primary) by the rules, for the mentions ``find_mentions`` found in
    ``title`` and ``body`` (and the entities the chain extracted from them, if any)."""
    hits, primary = _decide(mentions, title, body, entities, lang)
    return sorted(hits), primary


def rule_evidence(mentions: list[Mention], title: str,
                  body: str) -> tuple[dict[str, float], str | None]:
    """Each country's share of the rules' score, and the rules' primary country."""
    hits, primary = _decide(mentions, title, body)
    score = {c: _score(h) for c, h in hits.items()}
    total = sum(score.values()) or 1.0
    return {c: s / total for c, s in score.items()}, primary


def _decide(mentions: list[Mention], title: str, body: str, entities: list[dict] | None = None,
            lang: str | None = None) -> tuple[dict[str, _Hits], str | None]:
    hits = _hits(mentions, len(body))
    visit = hosts = host = roles = None
    going: set[str] = set()
    # where the first sentence ends: only for what needs it (most texts name one country)
    lead = lead_end(body) if len(hits) > 1 or any(map(_passing, hits.values())) else 0
    if hits and (len(hits) > 1 or WEIGHTS["decide_abroad"]) and any(WEIGHTS[k] for k in ROLE_WEIGHTS):
        lead = lead or lead_end(body)
        roles = lead_roles(mentions, title, body, lead, entities, lang)
    after = lead
    if lead and any(h.dateline for h in hits.values()):
        # a dateline ending in a stop is a lead on its own: the sentence after it is the
        # one that says what happens ("ТАШКЕНТ — Sputnik. Таджикистан и Кыргызстан ...")
        stop = _FIRST_STOP.search(body, lead + 20)
        after = min(stop.end() if stop else len(body), lead + _LEAD_MAX)
    if len(hits) > 1:  # what only a story about several countries needs
        _pairs(hits, mentions, title, body, lead)
        # a visit or talks decide only between exactly two countries leading the story
        if sum(1 for h in hits.values() if h.title or h.first_at < lead) == 2:
            visit = visit_frame(title, body, lead)
            if visit:
                hosts = destinations(mentions, title, body, lead)
                going = travellers(mentions, title, body, lead, hosts)
        else:
            host = meeting_host(mentions, title, body, lead)
    return hits, _primary(hits, len(body), lead, visit, hosts or set(), after, going, host, roles)


def _score(h: _Hits) -> float:
    w = WEIGHTS
    return (w["title"] * min(h.title, 2) + h.body + w["early"] * h.early
            + (w["dateline"] if h.dateline else 0.0))


def _hits(mentions: list[Mention], body_length: int) -> dict[str, _Hits]:
    hits: dict[str, _Hits] = {}
    length = max(body_length, 1)
    local = WEIGHTS["local"]
    for m in mentions:
        h = hits.get(m.country)
        if h is None:
            h = hits[m.country] = _Hits()
        if m.in_title:
            h.title += 1
            continue
        h.body += 1.0 if m.kind in ("name", "cond") else local
        h.first = min(h.first, m.start / length)
        h.first_at = min(h.first_at, m.start)
        h.early += m.start < length / 5
        h.count += 1
        h.dateline = h.dateline or m.dateline
    return hits


def _pairs(hits: dict[str, _Hits], mentions: list[Mention], title: str, body: str,
           lead: int) -> None:
    """Mark countries named side by side ("Кыргызстан и Таджикистан", "кыргызско-
    таджикской", "Kazakhstan and China") in the title or the first sentence: the story is
    about the pair, not about one of them."""
    run: set[str] = set()  # the countries of the current run of joined mentions
    at_start = False  # the run is in the title or opens the body (the lead's subject)
    for a, b in zip(mentions, mentions[1:]):
        joined = (a.country != b.country and a.in_title == b.in_title
                  and (a.in_title or b.start < lead)
                  and _PAIR_GAP.fullmatch(title if a.in_title else body, a.end, b.start))
        if not joined:
            _mark_list(hits, run if at_start else set())
            run = set()
            continue
        if not run:
            at_start = a.in_title or a.start < _LIST_START
        run |= {a.country, b.country}
        for x, y in ((a, b), (b, a)):
            h = hits[x.country]
            h.paired = (h.paired or set()) | {y.country}
    _mark_list(hits, run if at_start else set())


def _mark_list(hits: dict[str, _Hits], run: set[str]) -> None:
    """Three or more countries named in one list act together: none of them is primary."""
    if len(run) >= 3:
        for c in run:
            hits[c].listed = True


def _passing(h: _Hits) -> bool:
    """Named once or twice, late in the body, nowhere prominent: in passing, unless in
    the first sentence (checked apart: where that ends costs a regex)."""
    return not h.title and not h.dateline and h.first > 0.6 and h.body <= 2


def _primary(hits: dict[str, _Hits], length: int, lead: int, visit: str | None,
             hosts: set[str], after: int = 0, going: set[str] = frozenset(),
             host: str | None = None, roles: Roles | None = None) -> str | None:
    """The country the story is mainly about, or None when about none or several alike."""
    if not hits:
        return None
    datelines = [c for c, h in hits.items() if h.dateline]
    if len(datelines) == 1:
        d = datelines[0]
        # the dateline places the story, unless it is the outlet's seat and the lead is
        # about other countries ("ТАШКЕНТ — Sputnik. Таджикистан и Кыргызстан согласовали")
        # it yields when the sentence after it opens with another country (its subject)
        if hits[d].count > 1 or not any(c != d and (h.title or h.first_at < min(after, lead + 30))
                                        for c, h in hits.items()):
            return d
        # the outlet's seat (its only mention), not the story's place: it counts for nothing
        hits[d].dateline, hits[d].body, hits[d].early = False, 0.0, 0
    score = {c: _score(h) for c, h in hits.items()}
    if roles is not None:
        w = WEIGHTS
        for c in score:
            score[c] = max(0.0, score[c] + w["subject"] * (c in roles.subject)
                           + w["place"] * (c in roles.places) - w["oblique"] * (c in roles.oblique))
    ranked = sorted(score, key=lambda c: (-score[c], c))
    top = ranked[0]
    h = hits[top]
    if (roles is not None and WEIGHTS["decide_abroad"] and roles.elsewhere and not roles.places
            and top in roles.oblique):
        # the lead sets the event abroad and names the country only as origin, partner or
        # destination ("студенты из Туркменистана учатся в Минске"): a story elsewhere
        return None
    if _passing(h) and h.first_at >= lead and length >= _PASSING_MIN:
        # named only in passing at the end: the story is about something else (not so
        # in the first sentence, nor in a text of a sentence or two)
        return None
    if host:
        return host  # a meeting of many in one country, no one said to travel there
    if len(hits) >= 4 and not any(x.title for x in hits.values()):
        # a regional story about many countries at once, unless the lead places it in one
        return _by_roles(top, ranked[1], roles, "many")
    if len(ranked) == 1:
        return top
    if h.listed:
        return None  # one of several countries listed together as acting jointly
    leading = [c for c in ranked if hits[c].title or hits[c].first_at < lead]
    going_to = [c for c in leading if c in hosts]
    if visit and len(leading) == 2:
        # one country's people travel to the other: to a summit there, the story is the
        # visitor's; talks between the two, or a visit, are their relations
        if visit == "talks":
            return None
        if len(going_to) == 1:
            visitor = next(c for c in leading if c != going_to[0])
            # no country of the portal travels (a leader from elsewhere comes to a summit
            # here, meeting another leader): the host's story
            return visitor if visitor in going else going_to[0]

    titled = [c for c in ranked if hits[c].title]
    if len(titled) >= 2 and hits[titled[0]].title == hits[titled[1]].title:
        # the title names several countries alike ("Узбекистан и Киргизия готовы..."): a
        # story about their relations unless the body is clearly about one of them
        a, b = sorted(titled[:2], key=lambda c: -hits[c].body)
        return a if hits[a].body >= WEIGHTS["tie"] * hits[b].body else _by_roles(a, b, roles)
    second = ranked[1]
    if h.paired and second in h.paired and h.title <= hits[second].title:
        # the two leading countries are named as a pair ("Кыргызстан и Таджикистан
        # согласовали..."): their relations, unless the title or the body is clearly
        # about one ("Кыргызстан и Китай подписали соглашение о заводе в Чуйской области")
        if h.body < WEIGHTS["tie"] * max(hits[second].body, 1.0):
            return _by_roles(top, second, roles, "pair")
    if score[top] >= WEIGHTS["ratio"] * score[second]:
        return top
    return _by_roles(top, second, roles)


def _by_roles(a: str, b: str, roles: Roles | None, where: str = "close") -> str | None:
    """Of two countries the counts cannot tell apart, the one the lead sets the event in
    when no other country is named there but as partner, origin or destination (level 1),
    or also the lead's subject when the other is named there only so (level 2)."""
    level = WEIGHTS["decide_" + where]
    if roles is None or not level:
        return None
    if len(roles.places) == 1 and roles.free <= roles.places:
        return next(iter(roles.places))
    if level >= 2:
        acts = [c for c in (a, b) if c in roles.subject and c not in roles.oblique]
        passive = [c for c in (a, b) if c in roles.oblique]
        if len(acts) == 1 and len(passive) == 1 and acts[0] not in passive:
            return acts[0]
    return None
