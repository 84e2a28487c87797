"""The kind of event the title and the lead's first sentence tell, where they name two or
more portal countries (issue 19 item 4, session 16).

The primary-country convention (tests/data/README.md, "Primary country: one convention")
gives no primary to talks, meetings, calls and visits between portal countries (point 1),
to their mutual acts (points 1 and 5), to relations and trade between two (point 2) and to
events on a border both take part in (point 4). The grammatical actor
(``country_actors``) cannot tell these from one country acting on another; the event's
kind can. The kinds' words are data (``aggregator/data/country_event_kinds.toml``):
pymorphy3 lemmas for Russian, word starts for the other languages, substrings for
Chinese. A kind counts only in a sentence (the title, the lead's first sentence) that
names two or more portal countries: "Tokayev held talks with Putin" is Kazakhstan's story.

Structure read from the mentions: two portal countries joined by "and" (и, va, bilan,
менен, мен, ва, we, 和, a hyphen...) as one free noun phrase ("Президенты Казахстана и
Узбекистана", "Kyrgyzstan and Tajikistan agreed", "Turkmen-Tajik talks"); a list in a
place or oblique role ("в Казахстан и Узбекистан") is no such phrase.

These are features of the measured conditional logit (``country_primary_fit``), which was
not adopted (benchmarks/README.md, "Primary country, session 16"): ``tag_countries`` does
not call this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import tomllib

from aggregator.enrich.country_matcher import Mention
from aggregator.enrich.country_roles import mention_role

KINDS = ("talks", "mutual", "between", "border")
_TURKIC_CASE = frozenset({"kk", "ky", "uz", "tk"})
_RU_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)?")
_ZH_STOP = re.compile("[。！？]")
# a conjunction (or a hyphen) between two mentions that makes them one noun phrase
_JOINING = re.compile(r"\s*(?:и|and|va|ва|ve|we|hem|ҳамда|bilan|билан|менен|мен|пен|бен|"
                      r"және|жана|—|–|-|‐|和|与|與|及|、)\s*", re.I)


@dataclass(slots=True)
class Events:
    """What kind of event the title and the first sentence tell."""

    kinds: set[str] = field(default_factory=set)  # of ``KINDS``, in a shared sentence
    joined: set[str] = field(default_factory=set)  # countries of a free joined phrase
    shared: bool = False  # the title or the first sentence names two portal countries


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, re.Pattern]]]:
    """(Russian lemmas per kind, per language code a word-start pattern per kind)."""
    raw = tomllib.loads(resources.files("aggregator").joinpath(
        "data/country_event_kinds.toml").read_text("utf-8"))
    lemmas = {kind: frozenset(raw[kind]["ru"]) for kind in KINDS}
    patterns: dict[str, dict[str, re.Pattern]] = {}
    codes = {code for kind in KINDS for code in raw[kind] if code != "ru"}
    for code in codes:
        lang = code.split("_")[0]
        for kind in KINDS:
            words = [w.lower() for w in raw[kind].get(code, ())]
            if not words:
                continue
            # "met$": a whole word, else a word start
            alternation = "|".join(re.escape(w[:-1]) + r"(?!\w)" if w.endswith("$")
                                   else re.escape(w) for w in sorted(words, key=len, reverse=True))
            prefix = "" if lang == "zh" else r"(?<!\w)"
            patterns.setdefault(lang, {}).setdefault(kind, []).append(f"{prefix}(?:{alternation})")
    compiled = {lang: {kind: re.compile("|".join(alts)) for kind, alts in per.items()}
                for lang, per in patterns.items()}
    return lemmas, compiled


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _ru_lemma(word: str) -> str:
    return _analyzer().parse(word)[0].normal_form


def sentence_kinds(sentence: str, lang: str | None) -> set[str]:
    """The ``KINDS`` whose words ``sentence`` holds (Russian by lemma; a text of unknown
    language by every other language's stems)."""
    lemmas, patterns = _lexicon()
    code = (lang or "")[:2]
    low = sentence.lower()
    found = set()
    if code == "ru":
        words = {_ru_lemma(w) for w in _RU_WORD.findall(low)}
        found |= {kind for kind in KINDS if words & lemmas[kind]}
        return found
    for per in ([patterns[code]] if code in patterns else patterns.values()):
        found |= {kind for kind, pattern in per.items() if pattern.search(low)}
    return found


def joined_countries(mentions: list[Mention], text: str, lang: str | None) -> set[str]:
    """Countries of two or more mentions of ``text`` joined by a conjunction or a hyphen
    into one phrase with no place or oblique role."""
    turkic = (lang or "")[:2] in _TURKIC_CASE
    out: set[str] = set()
    for a, b in zip(mentions, mentions[1:]):
        if (a.country != b.country and a.end <= b.start
                and _JOINING.fullmatch(text, a.end, b.start)
                and mention_role(a, text, turkic) is None):
            out |= {a.country, b.country}
    return out


def read_events(mentions: list[Mention], title: str, body: str, lead: int,
                lang: str | None) -> Events:
    """The event kinds and joined countries of the title and of ``body[:lead]`` (a Chinese
    lead to its first 。)."""
    stop = _ZH_STOP.search(body, 0, lead)
    lead = stop.end() if stop else lead
    events = Events()
    for text, part in ((title, [m for m in mentions if m.in_title]),
                       (body[:lead], [m for m in mentions if not m.in_title and m.start < lead])):
        if len({m.country for m in part}) < 2:
            continue
        events.shared = True
        events.kinds |= sentence_kinds(text, lang)
        events.joined |= joined_countries(part, text, lang)
    return events
