"""Which of an article's date candidates is its publication date.

Candidates are ``(layer, text)`` pairs, most trusted first. The layers fall in four
kinds, and the rule is written in terms of them:

- **stated**: what the source's selectors (``override``), the input record (``input``)
  or the page's machine-readable data (``jsonld``, ``meta``, ``time``, ``microdata``)
  state;
- **found**: the visible date text the page-date model picked (``text``,
  ``aggregator.extract.page_dates``);
- **weak**: the generic extractor's guess (``generic``) and a date in the URL (``url``);
- **external**: what the feed (``feed``) or sitemap (``sitemap``) said of the page.

On the page, the most trusted candidate is kept unless a later one refines it: it is
strictly more precise and falls on the same local day (or the kept one gives only a
day and the later one is not weak). A text whose day comes from the fetch moment rather
than from the page (a bare time "16:45", "16 hours ago", a year-less "29 сентября":
``reads_fetch_time``) says nothing about the day when the page states one: it never
displaces a stated, found or URL date on another day, and such a date displaces it.
The URL's day displaces a found text that gives a day but no time
(``_url_outweighs``). A stated date written with the wrong zone (the local wall clock
labelled UTC, as some CMSs write JSON-LD) gives way to a found text that shows that
same wall clock in the source's zone.

Against the feed: a stated date wins, except that a day-only one takes the feed's time
when the feed agrees on the day. A found or weak date wins when it shows the feed's
minute, or agrees with the feed on the day and is more precise; otherwise (a day-only
text or a guess on another day, a visible time the feed contradicts) the feed's date
wins: the model's pick and the generic guess are guesses, the feed's date is stated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from zoneinfo import ZoneInfo

from aggregator.enrich.dates import PRECISIONS, ParsedDate, parse_date

STATED = frozenset({"override", "input", "jsonld", "meta", "time", "microdata"})
WEAK = frozenset({"generic", "url"})
EXTERNAL = frozenset({"feed", "sitemap"})
#: layers whose day is a statement of the page itself (not a guess, not the feed)
DAY_STATED = STATED | {"text", "url"}
#: the fetch moment moved this far: a text read against it moves with it
_FETCH_PROBE = timedelta(days=400)


@dataclass(frozen=True)
class Candidate:
    layer: str
    text: str
    parsed: ParsedDate
    #: the (zone, fetch moment, language) it was read with
    reading: tuple = field(default=("UTC", None, None), compare=False, repr=False)

    @cached_property
    def from_fetch_time(self) -> bool:
        """Its day comes from the fetch moment, not from the page (``reads_fetch_time``);
        asked only when candidates disagree on the day, as it parses the text again."""
        return reads_fetch_time(self.text, self.parsed, *self.reading)


def reads_fetch_time(text, parsed: ParsedDate, tz: str, now: datetime | None,
                     lang: str | None = None) -> bool:
    """True when ``text`` gives its day only relative to the moment it is read at: a time
    of day alone, a relative date, a year-less date. It is parsed again against a later
    moment; a date the page states is the same day, such a text is not."""
    later = (now or datetime.now(timezone.utc)) + _FETCH_PROBE
    again = parse_date(text, tz=tz, now=later, lang=lang)
    return again is None or _day(again) != _day(parsed)


def choose_article_date(candidates, tz: str, now: datetime | None = None,
                        lang: str | None = None) -> Candidate | None:
    """The publication date among ``(layer, text)`` candidates, by the module's rule."""
    parsed = []
    for layer, text in candidates:
        result = parse_date(text, tz=tz, now=now, lang=lang)
        if result is not None:
            parsed.append(Candidate(layer, str(text), result, (tz, now, lang)))
    page = _on_page([c for c in parsed if c.layer not in EXTERNAL])
    external = next((c for c in parsed if c.layer in EXTERNAL), None)
    if page is None or external is None:
        return page or external
    agree = _day(page.parsed) == _day(external.parsed)
    if page.layer in STATED or page.layer not in WEAK | {"text"}:
        refined = page.parsed.precision == "day" and agree and _finer(external, page)
        return external if refined else page
    if page.parsed.utc is not None and external.parsed.utc is not None:
        same_minute = abs(page.parsed.utc - external.parsed.utc) < timedelta(minutes=1)
        return page if same_minute else external
    return page if agree and _finer(page, external) else external


def _on_page(candidates: list[Candidate]) -> Candidate | None:
    best = None
    for new in candidates:
        if (best is None or _refines(new, best) or _corrects_zone(new, best) or _states_day(new, best)
                or _url_outweighs(new, best)):
            best = new
    return best


def _url_outweighs(new: Candidate, old: Candidate) -> bool:
    """The URL states a day (``/2007/05/20/``, written by the site's software when it
    published the page) that the model's pick, a visible date with no time, does not
    show: a day-only text is as likely an event's or another item's date."""
    return (new.layer == "url" and old.layer == "text" and old.parsed.precision == "day"
            and _day(new.parsed) != _day(old.parsed))


def _refines(new: Candidate, old: Candidate) -> bool:
    if not _finer(new, old):
        return False
    if _day(new.parsed) == _day(old.parsed):
        return True
    if new.from_fetch_time and old.layer in DAY_STATED and not old.from_fetch_time:
        return False  # the page states the day; a time read against the fetch moment does not
    return old.parsed.precision == "day" and new.layer not in WEAK


def _states_day(new: Candidate, old: Candidate) -> bool:
    """``old`` took its day from the fetch moment; ``new`` is the page's statement of
    another day."""
    return (new.layer in DAY_STATED and _day(new.parsed) != _day(old.parsed)
            and old.from_fetch_time and not new.from_fetch_time)


def _corrects_zone(new: Candidate, old: Candidate) -> bool:
    """``old`` states, in UTC, the wall clock that ``new`` shows in the source's (other)
    zone: the site wrote its local time labelled as UTC."""
    if old.layer not in STATED - {"override", "input"} or new.layer != "text":
        return False
    if old.parsed.utc is None or new.parsed.utc is None or old.parsed.utc == new.parsed.utc:
        return False
    try:
        written = datetime.fromisoformat(old.text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    local = new.parsed.local
    if written.utcoffset() != timedelta(0) or local.utcoffset() == timedelta(0):
        return False  # an explicit local offset is the site's own statement
    return written.replace(tzinfo=None, second=0, microsecond=0) == local.replace(tzinfo=None, second=0)


def _finer(a: Candidate, b: Candidate) -> bool:
    return PRECISIONS.index(a.parsed.precision) > PRECISIONS.index(b.parsed.precision)


def _day(parsed: ParsedDate) -> date:
    local = parsed.local
    return local.date() if isinstance(local, datetime) else local


# --- year-less dates without a fetch time ------------------------------------------------

#: Two moments far apart whose year-end differs: a year-less date resolves to the same
#: month and day against both, a relative one ("Вчера") does not (see ``is_yearless``).
_PROBES = (datetime(2024, 12, 31, 23, 59), datetime(2020, 12, 31, 23, 59), datetime(2024, 12, 30, 23, 59))


def is_yearless(text: str, tz: str) -> bool:
    """True when ``text`` names a day and month but no year ("29 сентября", "16.02 17:40"),
    so that its year comes only from the moment it is read against."""
    zone = ZoneInfo(tz)
    a, b, c = (parse_date(text, tz=tz, now=p.replace(tzinfo=zone)) for p in _PROBES)
    if a is None or b is None:
        return False
    day_a, day_b = _day(a), _day(b)
    if day_a.year == day_b.year or (day_a.month, day_a.day) != (day_b.month, day_b.day):
        return False
    return c is None or (_day(c).month, _day(c).day) == (day_a.month, day_a.day)


def month_day(parsed: ParsedDate) -> str:
    """ISO 8601's year-less form of a date: ``--MM-DD``."""
    day = _day(parsed)
    return f"--{day.month:02d}-{day.day:02d}"
