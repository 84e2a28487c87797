"""The article's own date among the date texts a page shows, found without selectors.

A news page shows many dates: the portal's date line in its header, "© 2011–2026" in its
footer, the dates of related and latest stories, comment dates, and (once) the article's
own. Each visible date text is described by where it sits (near the headline, at the top
or bottom of the main text, inside a date/meta-like element, inside page furniture or a
list of other stories, repeated on other pages of the source) and scored by a logistic
model whose weights are fitted on generated dev sites
(``aggregator.testing.page_date_fit``) and stored as data in
``data/page_date_weights.json``; no weight is set by hand.

Machine-readable microdata (``itemprop="datePublished"`` on any element, its
``content``/``datetime`` attribute) is read here too: the other machine layers
(JSON-LD, ``<meta>``, ``<time datetime>``) live in ``layers``.
"""

from __future__ import annotations

import json
from importlib import resources
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from aggregator.enrich.date_choice import is_yearless, month_day
from aggregator.enrich.dates import ParsedDate, parse_date

# through importlib.resources so a zipped install (a scrapyd egg) reads it too
WEIGHTS_FILE = resources.files("aggregator").joinpath("data/page_date_weights.json")

#: A date element's text is short: a label, the date, a time, maybe an author or a counter.
MAX_DATE_TEXT = 100
#: Ancestors whose class/id/itemprop describe an element (the element itself first).
_ATTR_DEPTH = 4
#: Seen on this many other article pages of the source in this run: site furniture.
REPEAT_PAGES = 2

_SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "head", "select", "option", "button"}
_DATEISH = re.compile(r"date|time|publish|posted|meta|byline|info|datum|created|when", re.I)
_STORY_LIST = re.compile(
    r"related|latest|popular|most|read|tags|sidebar|widget|poteme|similar|more|other|lenta"
    r"|news-?list|teaser|recommend|rail|also|feed|digest|top-?news|last", re.I)
_FURNITURE = re.compile(r"header|footer|nav|menu|copyright|banner|masthead|topbar|toolbar", re.I)
_COMMENT = re.compile(r"comment|reply|disqus|review|отзыв", re.I)
_FURNITURE_TAGS = {"header", "nav", "footer", "aside"}
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|\b(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d\b", re.I)
#: A label saying the date is the page's clock, not a date of its content (forum software
#: prints "It is currently ..." on every page, in the board's language).
_CLOCK_LABEL = re.compile(
    r"\bit is currently\b|\bcurrent (?:date and )?time\b|\baktuelle zeit\b|\bes ist jetzt\b"
    r"|\bnous sommes le\b|\bdate actuelle\b|\bheure actuelle\b|\bfecha actual\b|\bora attuale\b"
    r"|текущее время|текущая дата", re.I)
_MACHINE_PROPS = ("datePublished", "dateCreated")

#: The features, in the order of the stored weights.
FEATURES = (
    "bias", "has_time", "dateish", "time_tag", "furniture", "story_list", "comment",
    "in_link", "in_list_item", "crowded", "near_h1", "with_h1", "after_h1", "first_after_h1",
    "in_main", "after_main", "copyright", "repeated", "long_text", "before_h1_far",
    "closest_to_h1", "list_item",
)


@dataclass
class DateText:
    """One visible date text on a page, where it sits, and its score."""

    text: str
    parsed: ParsedDate
    features: dict[str, float]
    score: float = 0.0
    distance: int = 0  # characters of text between it and the headline


def microdata_dates(root) -> list[str]:
    """``itemprop="datePublished"`` values on elements other than ``<meta>`` (which the
    meta layer reads): the ``content``/``datetime`` attribute, else the text."""
    found = []
    for prop in _MACHINE_PROPS:
        for node in root.xpath(f'//*[@itemprop="{prop}"][not(self::meta)]'):
            value = node.get("content") or node.get("datetime") or _text(node)
            if value and value.strip():
                found.append(value.strip())
    return found


#: Nearest ancestors searched for a comment block around a ``<time>``.
_COMMENT_DEPTH = 6


def article_time_values(root, limit: int = 3) -> list[str]:
    """The first ``limit`` ``<time datetime>`` values that can date the article itself.

    A ``<time>`` dates what it sits in: inside a quoted embed (``blockquote``: an
    Instagram or Twitter post), an ``aside``, a comment, or one item of a list of alike
    dated items (other stories, replies), it dates that, not the article."""
    times = root.xpath("//time[@datetime]")
    timed = {a for t in times for a in [t, *list(t.iterancestors())[:4]]}
    values = []
    for el in times:
        ancestors = list(el.iterancestors())
        if any(a.tag in ("blockquote", "aside") for a in ancestors):
            continue
        if _COMMENT.search(" ".join(_attrs(a) for a in ancestors[:_COMMENT_DEPTH])):
            continue
        if _in_repeated_item(el, ancestors, timed):
            continue
        values.append(el.get("datetime"))
        if len(values) == limit:
            break
    return values


def date_texts(root, tz: str = "UTC", now: datetime | None = None,
               seen: dict[str, int] | None = None) -> list[DateText]:
    """Every visible date text of the page ``root`` (an lxml element), with its features.

    ``seen`` counts, per date text, the other article pages of the source on which it was
    seen in this run (the spider keeps it); a text seen on ``REPEAT_PAGES`` or more is
    marked ``repeated``.
    """
    body = root.find("body") if root.find("body") is not None else root
    nodes: list[tuple] = []
    _collect(body, tz, now, nodes)
    if not nodes:
        return []
    order = {el: i for i, el in enumerate(body.iter())}
    h1 = _headline(body)
    main = _main_block(body)
    h1_pos = order.get(h1, -1) if h1 is not None else -1
    main_end = _last_position(main, order) if main is not None else -1
    first_after = next((el for el, _, _ in nodes if h1_pos >= 0 and order[el] > h1_pos), None)
    elements = [el for el, _, _ in nodes]
    dated = {a for el in elements for a in [el, *list(el.iterancestors())[:4]]}
    seen = seen or {}
    out = []
    for el, text, parsed in nodes:
        ancestors = list(el.iterancestors())
        attrs = " ".join(_attrs(e) for e in [el, *ancestors[: _ATTR_DEPTH - 1]])
        every = " ".join(_attrs(e) for e in ancestors)
        pos = order[el]
        f = {
            "bias": 1.0,
            "has_time": float(parsed.precision != "day"),
            "dateish": float(bool(_DATEISH.search(attrs))),
            "time_tag": float(el.tag == "time" or any(e.tag == "time" for e in el.iterdescendants())),
            "furniture": float(any(e.tag in _FURNITURE_TAGS for e in [el, *ancestors])
                               or bool(_FURNITURE.search(_attrs(el) + " " + every))),
            "story_list": float(bool(_STORY_LIST.search(every))),
            "comment": float(bool(_COMMENT.search(every))),
            "in_link": float(el.tag == "a" or any(e.tag == "a" for e in ancestors)),
            "in_list_item": float(el.tag == "li" or any(e.tag == "li" for e in ancestors)),
            "crowded": min(_neighbours(el, ancestors, elements), 4) / 4,
            "list_item": float(_in_repeated_item(el, ancestors, dated)),
            "near_h1": float(h1 is not None and _chars_between(body, h1, el, order) <= 300),  # noqa
            "with_h1": float(h1 is not None and _shares_block(el, h1)),
            "after_h1": float(h1_pos >= 0 and pos > h1_pos),
            "first_after_h1": float(el is first_after),
            "in_main": float(main is not None and _shares_block(el, main, levels=0)),
            "after_main": float(main_end >= 0 and main_end < pos <= main_end + 12),
            "copyright": float(bool(_COPYRIGHT.search(text))),
            "repeated": float(seen.get(text, 0) >= REPEAT_PAGES),
            "long_text": float(len(text) > 40),
            "before_h1_far": float(h1_pos >= 0 and pos < h1_pos
                                   and _chars_between(body, el, h1, order) > 300),
        }
        f["closest_to_h1"] = 0.0
        item = DateText(text, parsed, f)
        item.distance = _chars_between(body, h1, el, order) if h1 is not None else 0
        out.append(item)
    if h1 is not None:  # the date text nearest the headline, by text between them
        nearest = min(out, key=lambda c: c.distance)
        nearest.features["closest_to_h1"] = 1.0
    weights = load_weights()
    for item in out:
        item.score = _sigmoid(sum(weights.get(k, 0.0) * v for k, v in item.features.items()))
    return out


def best_page_date(candidates: list[DateText], threshold: float | None = None) -> DateText | None:
    """The highest-scoring date text, if the model thinks it is the article's own."""
    if not candidates:
        return None
    limit = load_weights().get("_threshold", 0.5) if threshold is None else threshold
    best = max(candidates, key=lambda c: c.score)
    return best if best.score >= limit else None


@lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    try:
        return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]
    except (OSError, ValueError, KeyError):  # no fitted model: no visible-text dates
        return {"bias": -10.0}


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, x))))


# --- walking the page -------------------------------------------------------------------


def _collect(el, tz, now, nodes: list) -> None:
    """The smallest-enough elements whose text is one date: an element holding a short
    text that parses is taken whole (so "Вчера, <b>20:30</b>" stays one text), a longer
    one is searched child by child."""
    if not isinstance(el.tag, str) or el.tag in _SKIP:
        return
    raw = el.text_content()
    if not any(c.isdigit() for c in raw):
        return
    if len(raw) <= 3 * MAX_DATE_TEXT:
        text = _text(el)
        if len(text) <= MAX_DATE_TEXT and len(el.xpath(".//p")) == 0:
            parsed = parse_date(text, tz=tz, now=now)
            if parsed is not None:
                if not _CLOCK_LABEL.search(text):
                    nodes.append((el, text, parsed))
                return
    for child in el:
        _collect(child, tz, now, nodes)


def _text(el) -> str:
    """Visible text of an element: no scripts or comments, spaces collapsed."""
    parts = []

    def walk(node):
        if not isinstance(node.tag, str) or node.tag in _SKIP:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join(" ".join(parts).split())


def _attrs(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))


def _headline(body):
    """The article's headline: the first ``h1`` outside page furniture, else the first."""
    h1s = body.xpath(".//h1")
    for h1 in h1s:
        if not any(e.tag in _FURNITURE_TAGS for e in h1.iterancestors()):
            return h1
    return h1s[0] if h1s else None


def _main_block(body):
    """The element holding the most paragraph text directly: the article's text."""
    best, best_len = None, 0
    for parent in {p.getparent() for p in body.iter("p") if p.getparent() is not None}:
        length = sum(len(p.text_content()) for p in parent if p.tag == "p")
        if length > best_len:
            best, best_len = parent, length
    return best if best_len >= 200 else None


def _last_position(el, order) -> int:
    last = el
    for last in el.iter():
        pass
    return order.get(last, -1)


def _shares_block(el, other, levels: int = 3) -> bool:
    """``el`` lies inside ``other``'s block: ``other`` or one of its ``levels`` nearest
    ancestors (below ``body``) contains it."""
    block = other
    for _ in range(levels + 1):
        if block is None or block.tag in ("body", "html"):
            return False
        if el is block or block in el.iterancestors():
            return True
        block = block.getparent()
    return False


def _neighbours(el, ancestors, elements) -> int:
    """Other date texts in the element's nearest container (up to three levels up)."""
    for container in ancestors[:3]:
        if container.tag in ("body", "html"):
            return 0
        inside = sum(1 for other in elements if other is not el and container in other.iterancestors())
        if inside:
            return inside
    return 0


def _in_repeated_item(el, ancestors, dated: set) -> bool:
    """The date sits in one item of a list of alike items that each carry a date (other
    stories, comments): an ancestor with two or more siblings of its tag and class that
    hold dates too."""
    for item in [el, *ancestors[:3]]:
        parent = item.getparent()
        if parent is None or item.tag in ("body", "html"):
            return False
        alike = [s for s in parent if s is not item and s.tag == item.tag
                 and s.get("class") == item.get("class") and s in dated]
        if len(alike) >= 2:
            return True
    return False


def _chars_between(body, first, second, order) -> int:
    """Characters of text between the end of ``first`` and the start of ``second``
    (in document order; 0 when ``second`` is inside ``first``)."""
    if order.get(second, 0) < order.get(first, 0):
        first, second = second, first
    if first in second.iterancestors() or second in first.iterancestors():
        return 0
    inner = set(first.iterdescendants())
    total, counting = len(first.tail or ""), False
    for node in body.iter():
        if node is second:
            return total
        if counting and node not in inner and isinstance(node.tag, str) and node.tag not in _SKIP:
            total += len(node.text or "") + len(node.tail or "")
            if total > 2000:
                return total
        if node is first:
            counting = True
    return total


# --- the extraction step ----------------------------------------------------------------

_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)"  # /2022/01/10/
    r"|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$)"  # /20220110/
    r"|/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[-_/.]|$)")  # /2022-01-10-slug


def url_date(url: str) -> str | None:
    """The day a URL's path states (``/2022/01/10/``, ``/20220110/``, ``/2022-01-10-...``)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "").split("?")[0]
    match = _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def with_year(best: DateText, texts: list[DateText], tz: str) -> DateText:
    """``best`` itself, or when it gives no year ("подписал сегодня, 10 августа") the
    page's best-scoring date text of the same day and month that states one: the same
    date, written in full elsewhere on the page (its date line)."""
    if not is_yearless(best.text, tz):
        return best
    key = month_day(best.parsed)
    full = [t for t in texts if t is not best and month_day(t.parsed) == key and not is_yearless(t.text, tz)]
    return max(full, key=lambda t: t.score) if full else best


def offer_page_dates(found, root, tz: str, now: datetime | None, seen: dict[str, int] | None) -> None:
    """Offer microdata dates (layer ``microdata``) and the visible date text the model
    picks (layer ``text``) to ``found``; count the page's date texts into ``seen``."""
    for value in microdata_dates(root):
        found.offer_date(value, "microdata")
    texts = date_texts(root, tz, now, seen)
    best = best_page_date(texts)
    if best is not None:
        found.offer_date(with_year(best, texts, tz).text, "text")
    if seen is not None:
        for text in {t.text for t in texts}:
            seen[text] = seen.get(text, 0) + 1
