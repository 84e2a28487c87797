"""The event's own day read from an article's text, with a confidence class.

A measurement tool of session 17 (``bench_event_day``): it was tried as the matcher's
stand-in day for undated pages and did not pass its rule (benchmarks/README.md, "the
event's day of undated articles"); the product never imports it.

An undated page needs a day for the matcher's day evidence. The first day a text names is
often not its event's: a report names the deadline, the next stage ("пройдет 15 октября"),
a span ("с 1 по 5 июля"), a previous event ("3 мая 2019 года"). This reader weighs where
a day stands and what its sentence does, by general means only:

- its place: the headline or the first sentence (the lead) against the rest;
- its sentence's tense (pymorphy3, for the lemmatised languages): a past-tense act
  reports the event, a future tense announces another;
- a span or a deadline: the day follows a preposition of a span ("с", "по", "до", "к");
- an older event: the day's own year is earlier than the latest year the text states;
- the URL's day ("/2024/07/05/"), when the URL carries one.

``event_day(title, text, url, lang)`` gives ``(Day, class)``: the URL's day, else the first
day that is not aside; or ``(None, None)``. What each class is worth is
measured (``benchmarks/bench_event_day.py``), not assumed.
"""

from __future__ import annotations

import re

from aggregator.stories.eventdays import (_URL_YEAR, NUMERIC_DATE, Day, make_day,
                                          numeric_dates, text_dates)
from aggregator.stories.evidence import _CLOCK, _LEMMATISED, _TOKEN, verb_tense

#: The classes: the URL's day; the lead's day in a sentence with a past-tense act; the
#: lead's day otherwise; a later day with a past-tense act; any other day; a day that is
#: future, a span's or deadline's, or of an older year ("aside").
CLASSES = ("url", "lead_past", "lead", "body_past", "body", "aside")
#: Prepositions that put a day at a span's end or a deadline, not at an act.
_SPAN_WORDS = frozenset({"с", "со", "по", "до", "к", "from", "until", "till", "by"})
#: A sentence ends at . ! ? followed by a space and a capital or a digit, or at a newline.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\sa-zа-яё])|\n+")


def url_day(url: str) -> Day | None:
    """The day a URL's path names with year, month and day ("/2024/07/05/", "20240705")."""
    for m in _URL_YEAR.finditer(url or ""):
        if m.group(2) and m.group(3):
            day = make_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if day:
                return day
    return None


def _tenses(toks: list[str], lang: str) -> set[str]:
    if lang not in _LEMMATISED:
        return set()
    return {t for tok in toks if (t := verb_tense(tok))}


def _sentence_days(sentence: str) -> tuple[list[tuple[Day, bool]], list[str]]:
    """The explicit days of one sentence in order, each with whether a span's or a
    deadline's preposition stands before it; and the sentence's tokens."""
    numeric = [(m.start(), d) for m in NUMERIC_DATE.finditer(sentence)
               for d in numeric_dates(m.group(0))]
    blanked = NUMERIC_DATE.sub(" ", sentence) if numeric else sentence
    toks = _TOKEN.findall(_CLOCK.sub(" ", blanked) if ":" in blanked else blanked)
    # a span's day: the date that starts right after a span's preposition
    span_days = {found[0] for j, tok in enumerate(toks[:-1])
                 if tok.lower() in _SPAN_WORDS and toks[j + 1][:1].isdigit()
                 and (found := text_dates(toks[j + 1:j + 5]))}
    out = [(d, d in span_days) for d in text_dates(toks)]
    return out + [(d, False) for _, d in numeric], toks


def classified_days(title: str | None, text: str | None, url: str = "",
                    lang: str | None = "ru") -> list[tuple[Day, str]]:
    """Every explicit day of the text (and the URL's) with its class, in text order."""
    lang = (lang or "ru")[:2]
    body_sentences = [s for s in _SENTENCE_END.split(text or "") if s.strip()]
    sentences = ([title] if title else []) + body_sentences
    lead_count = (1 if title else 0) + 1
    found: list[tuple[Day, bool, int, set[str]]] = []
    for n, sentence in enumerate(sentences):
        days, toks = _sentence_days(sentence)
        if not days:
            continue
        tenses = _tenses(toks, lang)
        found += [(d, span, n, tenses) for d, span in days]
    latest_year = max((d.year for d, *_ in found if d.year), default=None)
    out = []
    if (u := url_day(url)) is not None:
        out.append((u, "url"))
    for day, span, n, tenses in found:
        older = latest_year is not None and day.year is not None and day.year < latest_year
        if span or older or "futr" in tenses:
            cls = "aside"
        elif n < lead_count:
            cls = "lead_past" if "past" in tenses else "lead"
        else:
            cls = "body_past" if "past" in tenses else "body"
        out.append((day, cls))
    return out


def event_day(title: str | None, text: str | None, url: str = "",
              lang: str | None = "ru") -> tuple[Day | None, str | None]:
    """The event's day and its class: the URL's day, else the first day in text order
    that is not aside; (None, None) when there is none.

    Text order, not the lead first, and no aside day as a last resort: on the
    development half a lead day was no more often right than the first day that is not
    aside, and an aside day was almost never the event's (``bench_event_day``)."""
    days = classified_days(title, text, url, lang)
    for wanted in ("url", None):
        for day, cls in days:
            if cls == wanted or (wanted is None and cls != "aside"):
                return day, cls
    return None, None
