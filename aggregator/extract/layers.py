"""Layered extraction of article fields from an HTML page.

Each field is taken from the first layer that has it, and the layer is recorded:

1. ``override``: the source's own CSS/XPath selectors from the registry;
2. ``jsonld``: JSON-LD objects of type NewsArticle and friends;
3. ``meta``: OpenGraph, ``article:*`` and other ``<meta>`` tags;
4. ``time``: ``<time datetime>`` (dates only), then ``h1``/``<title>`` (titles only);
5. ``generic``: trafilatura's main-text extractor (body, and its metadata as a last resort).

Date texts from every layer are kept as candidates for the date step, which picks
one (``aggregator.enrich.date_choice``); besides the layers above they include
microdata ``itemprop="datePublished"`` (``microdata``), the visible date text the
page-date model picks (``text``, ``aggregator.extract.page_dates``), the feed's or
sitemap's date (``feed``/``sitemap``) and the day the URL states (``url``).
"""

from __future__ import annotations

import json
from html import escape
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

import trafilatura
from parsel import Selector

from aggregator.items import Article
from aggregator.extract.bounds import (
    MAX_BODY_CHARS, MAX_LEAD_CHARS, MAX_TITLE_CHARS, Budget, PageRefused, cap_text, page_refusal)
from aggregator.extract.generic_html import document_html
from aggregator.extract.page_dates import offer_page_dates, url_date
from aggregator.extract.safe_urls import http_url
from aggregator.extract.text import CREDIT_LINE, html_to_text, normalise_space

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage",
    "scholarlyarticle", "techarticle", "liveblogposting", "socialmediaposting",
}
_DATE_META = (
    "article:published_time", "og:article:published_time", "datePublished",
    "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "mediator_published_time",
)


@dataclass
class Extracted:
    """Fields found on a page, and the layer each came from (``layers``)."""

    values: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    date_candidates: list[list[str]] = field(default_factory=list)
    #: every metadata title seen, as (layer, text), for the visible-h1 check
    title_candidates: list[tuple[str, str]] = field(default_factory=list)
    #: the first JSON-LD articleBody (as text), held until the generic layer weighs it
    #: against its own text (``_from_generic``): not a value until then
    jsonld_body: str | None = None

    def offer(self, name: str, value: Any, layer: str) -> None:
        """Keep ``value`` for ``name`` unless an earlier (more trusted) layer gave one."""
        if name in self.values or value in (None, "", [], {}):
            return
        self.values[name] = value
        self.layers[name] = layer

    def offer_date(self, text: Any, layer: str) -> None:
        if text in (None, ""):
            return
        pair = [layer, normalise_space(str(text))]
        if pair[1] and pair not in self.date_candidates:
            self.date_candidates.append(pair)


def extract_article(html: str, url: str = "", selectors: dict[str, str] | None = None,
                    tz: str = "UTC", now: datetime | None = None,
                    seen_dates: dict[str, int] | None = None) -> Extracted:
    """Extract title, lead, body, body_html, authors, dates and page furniture.

    ``tz`` and ``now`` (the source's zone, the fetch moment) let relative visible dates
    be read; ``seen_dates`` is the source's count of date texts on other pages
    (``page_dates.date_texts``), updated with this page's."""
    refusal = page_refusal(html or "")
    if refusal:
        raise PageRefused(refusal)
    budget = Budget()
    page = _selector(html)
    found = Extracted()
    if selectors:
        _from_overrides(found, page, selectors)
    for obj in _jsonld_articles(page):
        _from_jsonld(found, obj)
    _from_meta(found, page)
    _from_markup(found, page)
    budget.check("markup")
    offer_page_dates(found, page.root, tz, now, seen_dates)
    _prefer_confirmed_title(found, page)
    budget.check("page-date")
    _from_generic(found, html, url, page)
    budget.check("generic")
    return found


def _selector(html: str) -> Selector:
    """The page parsed as HTML, whatever it looks like (parsel would take a body that
    parses as JSON for a JSON document, on which no XPath runs)."""
    return Selector(text=html or "<html></html>", type="html")


#: the layers in order of trust, as ``extract_layers`` reports them
LAYERS = ("override", "jsonld", "meta", "time", "generic")


def extract_layers(html: str, url: str = "", selectors: dict[str, str] | None = None) -> dict[str, Extracted]:
    """What each layer finds on its own (for diagnosis: ``aggregator check-source``).

    ``time`` is the plain-markup layer: ``<time datetime>``, the ``h1``, ``<title>`` and
    credit captions. ``extract_article`` combines the same layers in this order.
    """
    refusal = page_refusal(html or "")
    if refusal:
        raise PageRefused(refusal)
    page = _selector(html)
    layers = {name: Extracted() for name in LAYERS}
    if selectors:
        _from_overrides(layers["override"], page, selectors)
    for obj in _jsonld_articles(page):
        _from_jsonld(layers["jsonld"], obj)
    bodies = [o.get("articleBody") for o in _jsonld_articles(page) if isinstance(o.get("articleBody"), str)]
    if bodies:
        layers["jsonld"].offer("body", html_to_text(bodies[0]), "jsonld")
    _from_meta(layers["meta"], page)
    _from_markup(layers["time"], page)
    _from_generic(layers["generic"], html, url, page)
    return layers


def article_from_html(html: str, url: str, source=None, hints: dict | None = None,
                      fetched_at: str | None = None, seen_dates: dict[str, int] | None = None) -> Article:
    """An ``Article`` with the raw fields extracted from ``html``.

    ``source`` is the registry entry (its selectors are the override layer); ``hints``
    are what a feed or sitemap said of the page (title, lead, authors, date), used
    below every layer of the page itself.
    """
    hints = hints or {}
    fetched_at = fetched_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    found = extract_article(html, url, source.selectors if source else None,
                            source.timezone if source else "UTC",
                            datetime.fromisoformat(fetched_at.replace("Z", "+00:00")), seen_dates)
    for name in ("title", "lead", "authors"):
        found.offer(name, hints.get(name), "feed")
    found.offer_date(hints.get("date"), hints.get("date_layer", "feed"))  # weighed in date_choice
    found.offer_date(url_date(url), "url")
    values, layers = found.values, found.layers
    return Article(
        url=url, source=source.name if source else None,
        canonical_url=http_url(values.get("canonical_url"), url, "canonical URL"),
        title=cap_text(values.get("title"), MAX_TITLE_CHARS),
        lead=cap_text(values.get("lead"), MAX_LEAD_CHARS),
        body=cap_text(values.get("body"), MAX_BODY_CHARS),
        body_html=values.get("body_html"), authors=values.get("authors", []),
        date_candidates=found.date_candidates,
        image_url=http_url(values.get("image_url"), url, "image URL"), photo_credit=values.get("photo_credit"),
        section=values.get("section"), tags=values.get("tags", []),
        comments_count=values.get("comments_count"),
        fetched_at=fetched_at,
        title_layer=layers.get("title"), body_layer=layers.get("body"),
    )


# --- layer 1: per-source selectors -------------------------------------------------

def select(page: Selector, query: str):
    """Run a registry selector: XPath when it starts with ``/`` or ``(``, else CSS."""
    return page.xpath(query) if query.lstrip().startswith(("/", "(")) else page.css(query)


def link_hrefs(page: Selector, query: str) -> list[str]:
    """The hrefs a registry link selector picks: of the elements it selects (a comma list
    of CSS selectors included), or the attribute/text values when it selects those."""
    hrefs = []
    for node in select(page, query):
        root = node.root
        if isinstance(root, str):
            hrefs.append(root)
        else:
            href = node.attrib.get("href")
            if href is None:  # a container: the links inside it
                hrefs += node.xpath(".//a/@href").getall()
            else:
                hrefs.append(href)
    return [h.strip() for h in hrefs if h and h.strip()]


def _from_overrides(found: Extracted, page: Selector, selectors: dict[str, str]) -> None:
    for name, query in selectors.items():
        nodes = select(page, query)
        if not nodes:
            continue
        if name == "body":
            fragment = "".join(_node_html(n) for n in nodes)
            found.offer("body_html", fragment, "override")
            found.offer("body", html_to_text(fragment), "override")
        elif name == "date":
            found.offer_date(_node_text(nodes[0]), "override")
        elif name in ("authors", "tags"):
            found.offer(name, [t for t in (_node_text(n) for n in nodes) if t], "override")
        elif name == "comments_count":
            found.offer(name, _first_int(_node_text(nodes[0])), "override")
        elif name == "photo_credit":
            text = _node_text(nodes[0])
            match = CREDIT_LINE.match(text)
            found.offer(name, match.group(1) if match else text, "override")
        else:
            found.offer(name, _node_text(nodes[0]), "override")


def _node_html(node) -> str:
    value = node.get()
    return value if isinstance(value, str) else str(value)


def _node_text(node) -> str:
    """Text of a selected node: attribute/text results as they are, elements flattened."""
    root = node.root
    if isinstance(root, str):
        return normalise_space(root)
    return normalise_space(html_to_text(node.get()))


def _first_int(text: str) -> int | None:
    match = re.search(r"\d[\d\s\u00a0]*", text or "")
    return int(re.sub(r"\D", "", match.group())) if match else None


# --- layer 2: JSON-LD -----------------------------------------------------------------

def _jsonld_articles(page: Selector) -> list[dict]:
    """JSON-LD objects describing the article, from every script block (incl. @graph)."""
    found = []
    for raw in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # broken, or nested past the parser's depth
            continue
        for obj in _walk_jsonld(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(str(t).lower() in ARTICLE_TYPES for t in types):
                found.append(obj)
    # a NewsArticle is better evidence than a generic WebPage
    found.sort(key=lambda o: "webpage" in str(o.get("@type")).lower())
    return found


def _walk_jsonld(data: Any) -> Iterable[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk_jsonld(main)


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value (string, object or list)."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        value = value.get("name")
    return [normalise_space(str(value))] if value else []


def _url_of(value: Any) -> str | None:
    if isinstance(value, list):
        return _url_of(value[0]) if value else None
    if isinstance(value, dict):
        return value.get("url") or value.get("contentUrl")
    return value or None


def _from_jsonld(found: Extracted, obj: dict) -> None:
    is_page = "webpage" in str(obj.get("@type")).lower()
    headline = normalise_space(str(obj.get("headline") or ""))
    found.offer("title", headline, "jsonld")
    if headline:
        found.title_candidates.append(("jsonld", headline))
    if not is_page:
        found.offer("lead", normalise_space(str(obj.get("description") or "")), "jsonld")
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > 200 and found.jsonld_body is None:
            found.jsonld_body = html_to_text(body)
    found.offer("authors", _names(obj.get("author")), "jsonld")
    found.offer_date(obj.get("datePublished"), "jsonld")
    found.offer("image_url", _url_of(obj.get("image")), "jsonld")
    section = obj.get("articleSection")
    found.offer("section", section[0] if isinstance(section, list) and section else section, "jsonld")
    keywords = obj.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    found.offer("tags", [k for k in keywords or [] if isinstance(k, str) and k], "jsonld")
    found.offer("comments_count", _comment_count(obj), "jsonld")
    found.offer("canonical_url", _url_of(obj.get("mainEntityOfPage")) or obj.get("url"), "jsonld")


def _comment_count(obj: dict) -> int | None:
    if isinstance(obj.get("commentCount"), (int, str)) and str(obj["commentCount"]).isdigit():
        return int(obj["commentCount"])
    stats = obj.get("interactionStatistic")
    for stat in stats if isinstance(stats, list) else [stats] if stats else []:
        if isinstance(stat, dict) and "comment" in str(stat.get("interactionType")).lower():
            count = stat.get("userInteractionCount")
            return int(count) if str(count).isdigit() else None
    return None


# --- layer 3: meta tags ---------------------------------------------------------------

def _meta(page: Selector, *names: str) -> list[str]:
    values = []
    for name in names:
        query = f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        values += [v.strip() for v in page.xpath(query).getall() if v.strip()]
    return values


def _from_meta(found: Extracted, page: Selector) -> None:
    title = (_meta(page, "og:title", "twitter:title") or [""])[0]
    site = (_meta(page, "og:site_name") or [""])[0]
    found.offer("title", strip_site_name(normalise_space(title), site), "meta")
    for text in _meta(page, "og:title", "twitter:title"):
        found.title_candidates.append(("meta", strip_site_name(normalise_space(text), site)))
    found.offer("lead", normalise_space((_meta(page, "og:description", "description") or [""])[0]), "meta")
    found.offer("authors", [a for a in _meta(page, "author", "article:author") if "://" not in a], "meta")
    for text in _meta(page, *_DATE_META):
        found.offer_date(text, "meta")
    found.offer("image_url", (_meta(page, "og:image", "twitter:image") or [None])[0], "meta")
    found.offer("section", (_meta(page, "article:section") or [None])[0], "meta")
    found.offer("tags", _meta(page, "article:tag"), "meta")
    canonical = page.xpath('//link[@rel="canonical"]/@href').get() or (_meta(page, "og:url") or [None])[0]
    found.offer("canonical_url", canonical, "meta")


def strip_site_name(title: str, site: str) -> str:
    """Drop a trailing or leading " | Site" from an og:title or <title>."""
    if not title:
        return title
    if site:
        for sep in (" | ", " - ", " — ", " – ", " :: ", " / "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
            if title.startswith(site + sep):
                return title[len(site + sep):].strip()
    return title


# --- layer 4: plain markup ------------------------------------------------------------

def _from_markup(found: Extracted, page: Selector) -> None:
    for text in page.xpath("//time/@datetime").getall()[:3]:
        found.offer_date(text, "time")
    h1 = page.xpath("//h1")
    if h1:
        found.offer("title", _node_text(h1[0]), "h1")
    title = normalise_space(page.xpath("//title/text()").get() or "")
    found.offer("title", re.split(r"\s+[|—–]\s+|\s+-\s+", title)[0] if title else "", "html_title")
    if title:
        found.title_candidates.append(("html_title", title))
        # "Headline | Site" and "Headline - Site": the headline without its last part
        head = re.sub(r"\s+(?:[|—–:]|::|-)\s+[^|—–]{1,60}$", "", title)
        if head != title:
            found.title_candidates.append(("html_title", head))
    for caption in page.xpath("//figcaption|//*[contains(@class,'caption') or contains(@class,'credit')]")[:5]:
        match = CREDIT_LINE.match(_node_text(caption))
        if match:
            found.offer("photo_credit", match.group(1), "markup")
            break


def _title_key(text: str) -> str:
    return re.sub(r"\W+", " ", text or "").strip().casefold()


def _prefer_confirmed_title(found: Extracted, page: Selector) -> None:
    """Prefer the metadata title that the visible headline confirms.

    Sites give different headlines to search engines and social cards (JSON-LD
    ``headline``, ``og:title``) than to readers. When the page has one headline ``h1``
    (outside header/nav/footer/aside) that equals one of its metadata titles but not the
    one chosen so far, the confirmed one is what readers see and wins. Overrides stay.
    """
    if found.layers.get("title") in (None, "override") or not found.title_candidates:
        return
    h1s = [t for t in (_node_text(h) for h in page.xpath(
        "//h1[not(ancestor::nav or ancestor::footer or ancestor::aside"
        " or ancestor::header[not(ancestor::article or ancestor::main)])]")) if t]
    if len(h1s) != 1:
        return
    key = _title_key(h1s[0])
    if not key or key == _title_key(found.values.get("title")):
        return
    for layer, text in found.title_candidates:
        if _title_key(text) == key:
            found.values["title"] = h1s[0]
            found.layers["title"] = layer
            return


# --- layer 5: generic main-text extractor ------------------------------------------------

def _from_generic(found: Extracted, html: str, url: str, page: Selector | None = None) -> None:
    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, output_format="python",
            include_comments=False, include_tables=True, favor_recall=True,
        )
    except Exception:  # trafilatura can choke on pathological markup; other layers remain
        doc = None
    jsonld_body = found.jsonld_body
    generic_text = (doc.text or "").strip() if doc is not None else ""
    chunks = _body_chunks(page, generic_text) if page is not None and generic_text else None
    if chunks:
        generic_text = "\n".join(chunks)
    if generic_text and "body" not in found.values:
        generic_text = trim_furniture(generic_text, found.values.get("title"),
                                      [text for _, text in found.date_candidates])
    if jsonld_body and len(jsonld_body) >= 0.6 * len(generic_text):
        found.offer("body", jsonld_body, "jsonld")
    if generic_text:
        found.offer("body", generic_text, "generic")
        found.offer("body_html", "".join(f"<p>{escape(c)}</p>" for c in chunks) if chunks
                    else _generic_html(doc), "generic")
    if doc is None:
        return
    found.offer("title", normalise_space(doc.title or ""), "generic")
    found.offer("authors", [a.strip() for a in (doc.author or "").split(";") if a.strip()], "generic")
    found.offer_date(doc.date, "generic")
    found.offer("image_url", doc.image, "generic")


def _body_chunks(page: Selector, text: str) -> list[str] | None:
    """The paragraphs of a body that the page splits into sibling containers of one
    tag and class (with ad slots between them), when the generic extractor kept only
    the first: found from the container of ``text``'s first paragraph. None unless they
    hold what ``text`` holds and clearly more, in paragraphs of prose."""
    first = text.split("\n", 1)[0].strip()[:80]
    if len(first) < 40:
        return None
    start = next((p for p in page.xpath("//p") if _p_text(p).startswith(first)), None)
    if start is None:
        return None
    for container in reversed(start.xpath("ancestor::*[@class]")[-4:]):  # nearest first
        siblings = container.xpath("../*[name() = $tag][@class = $cls]",
                                   tag=container.root.tag, cls=container.attrib["class"])
        if len(siblings) < 2:
            continue
        paragraphs = [t for chunk in siblings for t in map(_p_text, chunk.xpath(".//p")) if t]
        joined = "\n".join(paragraphs)
        words, found = set(_WORDS.findall(text.lower())), set(_WORDS.findall(joined.lower()))
        if (len(joined) >= 1.3 * len(text) and len(words - found) <= 0.05 * len(words)
                and len(joined) / len(paragraphs) >= 80):
            return paragraphs
        return None
    return None


_WORDS = re.compile(r"\w+")


def _p_text(node) -> str:
    return normalise_space("".join(node.xpath(".//text()").getall()))


#: calls to subscribe/follow that generic extraction picks up after the text
_CALL_TO_ACTION = re.compile(
    r"^(?:подписывайтесь|подпишитесь|читайте (?:нас|также|новости)|следите за|"
    r"жаңалықтарды|жаңылыктарды|telegram kanalimizga|obuna bo|"
    r"sign up for|subscribe to|follow us|join our)\b.{0,120}$", re.I)
_DATE_SHAPE = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[\s-]+[^\W\d_]{3,}\.?,?\s+\d{4}\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2},\s+\d{4}\b")


def _is_date_line(line: str, date_texts: list[str]) -> bool:
    """A short line that is only a date (as the page displays it), not a sentence."""
    if not line or len(line) > 40:
        return False
    if any(line == text or (len(line) >= 8 and line in text) for text in date_texts):
        return True
    words = re.findall(r"[^\W\d_]+", line)
    return len(words) <= 2 and bool(_DATE_SHAPE.search(line)) and not line.endswith((".", "!", "?"))


def trim_furniture(text: str, title: str | None, date_texts: list[str]) -> str:
    """Drop what a generic extractor keeps around the text: the headline and the date
    line at the top, calls to subscribe at the bottom."""
    lines = text.splitlines()
    key = _title_key(title or "")
    while lines and (
        (key and _title_key(lines[0]) == key) or _is_date_line(lines[0].strip(), date_texts)
    ):
        lines.pop(0)
    while lines and _CALL_TO_ACTION.match(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip() or text


def _generic_html(doc) -> str:
    try:
        return document_html(doc)
    except Exception:  # fall back to paragraphs of the plain text
        return "".join(f"<p>{escape(p)}</p>" for p in (doc.text or "").splitlines() if p)


