"""The evidence for one (article, country) pair, as the numbers the fitted country model
weighs (``FEATURE_NAMES``): where the country is mentioned (title, first sentence, dateline,
how early), how (its own name, local detail such as cities, officials and institutions, an
adjective or demonym, an abbreviation), in which frame (after "из/через/from/via", after
"в/на/to/in", inside a list of countries) and whether the article's entities of that
country (people, organisations, places from ``aggregator.entities``) act in the lead.

Every feature is a share or a flag in [0, 1] (counts as log1p), computed from the
mentions ``country_matcher.find_mentions`` returns: one pass over the mentions, no
further scan of the text.
"""

from __future__ import annotations

import math
import re

from aggregator.enrich.country_matcher import COUNTRIES, Mention
from aggregator.enrich.country_rules import lead_end, rule_evidence

#: Features grouped as the fit script selects them (a group is in or out as a whole).
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "base": ("title", "title_share", "lead", "dateline", "other_dateline", "body_mentions",
             "share", "top", "first_pos", "countries"),
    "kinds": ("local", "adjective", "weak_only", "single"),
    "frames": ("from_via", "in_to", "listed"),
    # the lead sentence's subject is usually the first country it names, often by an
    # official, an institution or a city rather than by the country's name
    "lead": ("first_in_lead", "lead_local", "lead_share"),
    "entities": ("entity_in_lead", "entity_actor", "entity_share", "elsewhere_in_lead",
                 "elsewhere_share"),
    # each of these minus the same feature's best value among the other countries: what
    # makes one country stand out of two or three (0 when it is the only one)
    # the hand-weighted rules this model replaced, as two pieces of evidence among others
    "rules": ("rule_share", "rule_primary", "rule_none"),
    "contrast": ("title_tied", "vs_title", "vs_lead", "vs_dateline", "vs_body_mentions", "vs_local",
                 "vs_adjective", "vs_entity_share"),
}
_CONTRASTED = ("title_share", "lead", "dateline", "body_mentions", "local", "adjective",
               "entity_share")
FEATURE_NAMES: tuple[str, ...] = tuple(n for names in FEATURE_GROUPS.values() for n in names)
_CONTRAST_AT = tuple(FEATURE_NAMES.index(n) for n in _CONTRASTED)

# the word just before a mention: destination/origin vs location frames
_FRAME = re.compile(r"(?:^|[^\w])(\w+)\s+$")
_FROM_VIA = frozenset({"из", "изо", "через", "from", "via", "з", "із", "від", "от"})
_IN_TO = frozenset({"в", "во", "на", "к", "ко", "до", "у", "to", "in", "into", "for"})
# what separates two members of a list of countries
_LIST_GAP = re.compile(r"\s*(?:,|;|и|а также|and|және|мен|va|ва|ҳамда|hem|ва ҳам|—|-|/)?\s*",
                       re.I)



def _frame(text: str, start: int) -> str | None:
    before = _FRAME.search(text[max(0, start - 12):start])
    if not before:
        return None
    word = before.group(1).lower()
    return "from_via" if word in _FROM_VIA else "in_to" if word in _IN_TO else None


def _listed(mentions: list[Mention], i: int, title: str, body: str) -> bool:
    """Whether mention ``i`` sits next to another country's mention in a list."""
    m = mentions[i]
    text = title if m.in_title else body
    for j in (i - 1, i + 1):
        if not 0 <= j < len(mentions):
            continue
        o = mentions[j]
        if o.in_title != m.in_title or o.country == m.country:
            continue
        gap = text[o.end:m.start] if j < i else text[m.end:o.start]
        if len(gap) <= 12 and _LIST_GAP.fullmatch(gap):
            return True
    return False


def feature_rows(mentions: list[Mention], title: str, body: str,
                 entities: list[dict] | None = None) -> dict[str, list[float]]:
    """Country -> its feature values in the order of ``FEATURE_NAMES``."""
    if not mentions:
        return {}
    order = sorted(range(len(mentions)), key=lambda k: (not mentions[k].in_title,
                                                        mentions[k].start))
    mentions = [mentions[k] for k in order]
    length = max(len(body), 1)
    lead = lead_end(body)
    per: dict[str, dict] = {}
    first_in_lead = None
    for i, m in enumerate(mentions):
        c = per.setdefault(m.country, {"n": 0, "title": 0, "body": 0, "lead": 0, "dateline": 0,
                                       "first": 1.0, "local": 0, "adjective": 0, "weak": 0,
                                       "from_via": 0, "in_to": 0, "listed": 0,
                                       "lead_local": 0})
        c["n"] += 1
        if m.in_title:
            c["title"] += 1
        else:
            c["body"] += 1
            in_lead = m.start < lead
            c["lead"] += in_lead
            c["lead_local"] += in_lead and m.kind in ("cue", "case")
            if in_lead and first_in_lead is None:
                first_in_lead = m.country
            c["dateline"] += m.dateline
            c["first"] = min(c["first"], m.start / length)
        c["local"] += m.kind in ("cue", "case")
        c["weak"] += m.kind in ("case", "cond")
        c["adjective"] += m.matched[:1].islower()
        frame = _frame(title if m.in_title else body, m.start)
        if frame:
            c[frame] += 1
        c["listed"] += _listed(mentions, i, title, body)
    total = len(mentions)
    titles = sum(c["title"] for c in per.values())
    leads = sum(c["lead"] for c in per.values())
    most = max(c["n"] for c in per.values())
    dated = {k for k, c in per.items() if c["dateline"]}
    ents = _entity_evidence(entities)
    ent_total = sum(ents["mentions"].values())
    rows = {}
    for country, c in per.items():
        n = c["n"]
        rows[country] = [
            float(c["title"] > 0), c["title"] / titles if titles else 0.0, float(c["lead"] > 0),
            float(c["dateline"] > 0), float(bool(dated - {country}) and not c["dateline"]),
            math.log1p(c["body"]), n / total, float(n == most), c["first"],
            math.log1p(len(per) - 1),
            c["local"] / n, c["adjective"] / n, float(c["weak"] == n), float(n == 1),
            c["from_via"] / n, c["in_to"] / n, c["listed"] / n,
            float(first_in_lead == country), float(c["lead_local"] > 0),
            c["lead"] / leads if leads else 0.0,
            float(country in ents["in_lead"]), float(ents["actor"] == country),
            ents["mentions"].get(country, 0) / ent_total if ent_total else 0.0,
            float(ents["first_place"] not in (None, country)),
            ents["elsewhere"] / (ents["elsewhere"] + total),
        ]
    rule_share, rule_primary = rule_evidence(mentions, title, body)
    for country, row in rows.items():
        row += [rule_share[country], float(rule_primary == country), float(rule_primary is None)]
    for country, row in rows.items():
        others = [r for c, r in rows.items() if c != country]
        # named in the title as often as another country: a story about their relations
        tied = row[0] and any(o[1] == row[1] for o in others)
        row += [float(tied)] + [row[k] - max((o[k] for o in others), default=0.0)
                                for k in _CONTRAST_AT]
    return rows


def _entity_evidence(entities: list[dict] | None) -> dict:
    """Countries of the entities in the lead, of the lead's first person or organisation
    (its actor) and first place ("elsewhere" for a place of no portal country: Las Vegas,
    Novorossiysk, Russia), entity mentions per country and mentions of places elsewhere."""
    out: dict = {"in_lead": set(), "actor": None, "mentions": {}, "first_place": None,
                 "elsewhere": 0}
    actor_pos = place_pos = None
    for e in entities or ():
        country = e.get("country")
        if e.get("type") == "LOC":
            if country not in COUNTRIES:
                out["elsewhere"] += e.get("mentions", 1)
            pos = e.get("first_pos", 0)
            if e.get("in_lead") and (place_pos is None or pos < place_pos):
                place_pos = pos
                out["first_place"] = country if country in COUNTRIES else "elsewhere"
        if country not in COUNTRIES:
            continue
        out["mentions"][country] = out["mentions"].get(country, 0) + e.get("mentions", 1)
        if e.get("in_lead"):
            out["in_lead"].add(country)
    for e in entities or ():
        if e.get("in_lead") and e.get("type") in ("PER", "ORG"):
            pos = e.get("first_pos", 0)
            if actor_pos is None or pos < actor_pos:
                actor_pos, out["actor"] = pos, e.get("country")
    return out
