"""Tag the portal's six countries (KZ, KG, UZ, TJ, TM, CN) in an article, and its primary
country.

``country_matcher`` finds every mention (the gazetteer ``aggregator/data/gazetteer.toml``:
names, adjectives, cities, officials, institutions... in the portal's languages) and
``country_rules`` decides: every mentioned country is tagged (the labels count any
reference), and the primary one is scored from title, dateline, early and local mentions,
with the lead sentence's frames (a pair of countries, a visit, a mention in passing) and
the roles of the lead's countries and entities (``country_roles``: subject, place,
partner/origin/destination, a place elsewhere).

A fitted decision over richer evidence (``country_evidence``: first sentence, frames,
lists, entities; ``python -m aggregator.enrich.countries_fit``) was measured against
these rules on held-out topic families and was not better, nor was a conditional logit
choosing the primary among the tagged countries and "none" (``country_primary_fit``,
cross-validated by site over every development set), so the rules stay (figures in
benchmarks/README.md, "Language and countries" and "Primary country, session 13").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aggregator.enrich.country_matcher import COUNTRIES, find_mentions, normalise
from aggregator.enrich.country_rules import rule_tags

__all__ = ["COUNTRIES", "CountryTags", "tag_countries"]


@dataclass(frozen=True)
class CountryTags:
    """Countries an article refers to (sorted) and the one it is mainly about."""

    countries: list[str] = field(default_factory=list)
    primary: str | None = None


def tag_countries(title: str, text: str, lang: str | None = None,
                  entities: list[dict] | None = None) -> CountryTags:
    """Return the portal countries named in ``title`` and ``text`` and the primary one.
    ``entities`` (the enrich chain's, ``Entity.evidence()`` dicts of the same title and
    text) give the lead's actors and foreign places to the roles; without them the roles
    are read from the country mentions alone."""
    title, body = normalise(title or ""), normalise(text or "")
    if lang is None:
        from aggregator.enrich.language import detect_language

        lang = detect_language(body[:1500], title)
    countries, primary = rule_tags(find_mentions(title, body, lang), title, body, entities, lang)
    return CountryTags(countries, primary)
