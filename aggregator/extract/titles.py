"""Titles: the site name dropped from ``<title>``/og:title, and the visible headline that
confirms one metadata title over another.

Sites write the headline several times: for readers (an ``h1``, or an ``h2``/``div`` with
a title class or ``itemprop="headline"``), for search engines (JSON-LD ``headline``,
``<title>``) and for social cards (``og:title``, ``twitter:title``), the metadata often
with the site's name before or after it ("Headline | Site", "Site: Headline",
"Headline - News of Country") and sometimes reworded. The visible headline is what the
reader sees, but a page shows many headings (the logo in an ``h1``, related stories,
section names); a heading counts as the article's headline when a metadata title
confirms it: equal to it once the site's name and other separator-delimited affixes
are set aside, or equal to its part after a kicker ("Topic: Headline",
``<span class="kicker">Topic</span> Headline``), or nearly the same words (a reworded
social card). The confirmed heading is taken as the page spells it, without a kicker in its
own element (a label, not the headline), without a subline in its own element after it,
and without what is hidden from view; an ``h1`` in a breadcrumb trail (the SEO title
above the displayed headline) counts only when no other heading is confirmed. When no
heading is confirmed, the ``h1`` inside the article element is still the headline the
reader sees (the metadata reworded for search engines); only a page without one keeps a
metadata title.
"""

from __future__ import annotations

import re
from copy import deepcopy
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from aggregator.extract.extracted import Extracted, node_text
from aggregator.extract.text import normalise_space

#: what sites put between a headline and the site's name, a section or a kicker
_SEPARATOR = re.compile(r"\s+(?:[|—–·•»/~]|-{1,2}|::)\s+|\s*[|ㅣ]\s*|:\s+")
#: how many separator-delimited parts a title is searched in (a title has a few)
_MAX_PARTS = 8
#: an affix (site name, section, kicker) is short
_MAX_AFFIX_CHARS = 90

_OUTSIDE_ARTICLE = ("ancestor::nav or ancestor::footer or ancestor::aside"
                    " or ancestor::header[not(ancestor::article or ancestor::main)]")
#: a breadcrumb trail's last item, often an ``h1`` with the SEO title, shown small above
#: the displayed headline (an ``h2``): a headline only when nothing else is confirmed
_IN_BREADCRUMB = ("ancestor-or-self::*[contains(@class, 'breadcrumb') or contains(@class, 'Breadcrumb')]"
                  " or ancestor::li or ancestor::ol")
#: an element with a title class, outside lists and the stories nested in the article
_TITLED = ("//*[self::h1 or self::h2 or self::div or self::span][contains(@class, 'title') or "
           "contains(@class, 'headline') or contains(@class, 'Title') or contains(@class, 'Headline')]"
           f"[not({_OUTSIDE_ARTICLE}) and not(ancestor::li) and not(ancestor::article/ancestor::article)]")
#: the headings a reader sees as the article's headline, most likely first
_HEADLINE_QUERIES = (
    f"//h1[(ancestor::article or ancestor::main) and not({_OUTSIDE_ARTICLE}) and not({_IN_BREADCRUMB})]",
    f"//h1[not({_OUTSIDE_ARTICLE}) and not({_IN_BREADCRUMB})]",
    "//*[@itemprop='headline'][not(self::meta)]",
    _TITLED + "[ancestor::article or ancestor::main]",
    _TITLED,
    # a page without an h1 for its headline: a plain h2, when metadata confirms it
    f"//h2[not({_OUTSIDE_ARTICLE}) and not(ancestor::li)]",
)
#: read only when none of the headings above is confirmed
_FALLBACK_QUERIES = (f"//h1[not({_OUTSIDE_ARTICLE})]",)
#: parts of a heading a reader does not see: a separator or label for screen readers
#: ("Kicker<span class="visually-hidden">: </span>Headline"), an editor's link
_HIDDEN = (".//*[@hidden or contains(translate(@style, ' ', ''), 'display:none')"
           " or contains(concat(' ', normalize-space(@class), ' '), ' hidden ')"
           " or contains(@class, 'sr-only') or contains(@class, 'visually-hidden')"
           " or contains(@class, 'visuallyhidden') or contains(@class, 'screen-reader')"
           " or contains(@class, 'offscreen') or contains(@class, 'element-invisible')]")
_MAX_HEADINGS = 8


def title_key(text: str) -> str:
    return re.sub(r"\W+", " ", text or "").strip().casefold()


def one_line(text: str) -> str:
    """A title on one line (a headline split by ``<br>`` is one headline)."""
    return " ".join(normalise_space(text).split("\n"))


def _parts(title: str) -> list[str]:
    return [p for p in _SEPARATOR.split(title) if p and p.strip()][:_MAX_PARTS]


def _cores(title: str, names: list[str]) -> set[str]:
    """Keys of what a metadata title may be around the headline: the whole title, the
    title without trailing parts ("Headline | Section | Site"), without a leading site
    name ("Site: Headline")."""
    parts = _parts(title)
    leading_site = len(parts) > 1 and _is_site_part(parts[0], names)
    # "Site | Headline" does not make "Site" a headline
    cores = {title_key(title)} | {title_key(" ".join(parts[:j]))
                                  for j in range(2 if leading_site else 1, len(parts))}
    if leading_site:
        cores |= {title_key(" ".join(parts[1:j])) for j in range(2, len(parts) + 1)}
    return cores - {""}


def site_names(page: Selector, url: str = "") -> list[str]:
    """Names the site calls itself: og:site_name, application-name, the text of its
    links to the home page, its host."""
    names = page.xpath('//meta[@property="og:site_name" or @name="og:site_name" or '
                       '@name="application-name" or @name="apple-mobile-web-app-title"]/@content').getall()
    # the logo: what the links to the home page say
    names += [t for t in page.xpath("//a[@href='/']//text()").getall()[:3] if len(t.strip()) <= 40]
    host = urlsplit(url).hostname or ""
    if host:
        host = host.removeprefix("www.").removeprefix("m.")
        names += [host, host.rsplit(".", 1)[0]]
    return [n for n in (title_key(n) for n in names) if len(n) >= 2]


#: a part that is a domain name ("24.kg", "Газета.uz") names a site
_DOMAIN = re.compile(r"(?:www\.)?[\w-]{2,30}(?:\.[\w-]{2,30})*\.[a-z]{2,10}", re.I)


def _is_site_part(part: str, names: list[str]) -> bool:
    if _DOMAIN.fullmatch(part.strip()):
        return True
    key = title_key(part)
    if not key:
        return False
    # whole words that make up most of the part: the host "welt.de" names "WELT | Politik",
    # not "Die Welt nach der Wahl"; or the part is a piece of the name ("Mail Online")
    return any((f" {name} " in f" {key} " and len(name) >= 0.5 * len(key))
               or (len(key) >= 3 and f" {key} " in f" {name} ") for name in names)


def strip_site_name(title: str, site: str | list[str]) -> str:
    """Drop the site's name, and what follows it, from either end of a title:
    "Headline | Site", "Headline — site.kg | Author", "Site: Headline"."""
    if not title:
        return title
    names = [title_key(site)] if isinstance(site, str) else site
    names = [n for n in names if n]
    if not names:
        return title
    pieces = _SEPARATOR.split(title)
    if len(pieces) < 2 or len(pieces) > _MAX_PARTS:
        return title
    seps = [m.group() for m in _SEPARATOR.finditer(title)]
    for i in range(1, len(pieces)):  # a trailing site part and everything after it
        if _is_site_part(pieces[i], names) and title_key("".join(pieces[:i])):
            return _join(pieces[:i], seps)
    if _is_site_part(pieces[0], names) and title_key("".join(pieces[1:])):
        return _join(pieces[1:], seps[1:])
    return title


def _join(pieces: list[str], seps: list[str]) -> str:
    out = pieces[0]
    for sep, piece in zip(seps, pieces[1:]):
        out += sep + piece
    return out.strip()


def headline_texts(page: Selector, queries: tuple[str, ...] = _HEADLINE_QUERIES) -> list[tuple[str, list[str]]]:
    """The page's candidate headlines, most likely first: each as its text and the texts
    of its parts (child elements, lines) for reading a kicker off it."""
    seen, found = set(), []
    for query in queries:
        for node in page.xpath(query)[:_MAX_HEADINGS]:
            node = _without_hidden(node)
            text = one_line(node_text(node))
            if not title_key(text) or text in seen or len(text) > 400:
                continue
            seen.add(text)
            parts = [one_line(t) for t in node.xpath("./node()").getall()]
            parts = [one_line(node_text(Selector(text=p))) if "<" in p else p for p in parts]
            found.append((text, [p for p in parts if title_key(p)]))
    return found


def _without_hidden(node: Selector) -> Selector:
    """The heading without the parts hidden from view (the text after each stays)."""
    if not isinstance(node.root, etree._Element) or not node.root.xpath(_HIDDEN):
        return node
    root = deepcopy(node.root)
    root.tail = None
    for element in root.xpath(_HIDDEN):
        parent, previous = element.getparent(), element.getprevious()
        if parent is None:
            continue
        if previous is not None:
            previous.tail = (previous.tail or "") + (element.tail or "")
        else:
            parent.text = (parent.text or "") + (element.tail or "")
        parent.remove(element)
    return Selector(root=root, type="html")


def confirmed_headline(headline: str, parts: list[str], titles: list[tuple[str, str]],
                       names: list[str]) -> tuple[str, str] | None:
    """The headline that a metadata title (``(layer, text)`` in ``titles``) confirms, and
    that title's layer. A kicker (topic, column name) is a label, not the headline: when
    the heading shows it in its own element, the headline is the heading's part after it,
    whether the metadata writes the kicker ("Kicker: Headline") or not ("Headline"). Else
    the heading itself when a metadata title is it with the site's name or a section
    around it, or when it is a metadata title's part after a leading kicker ("Topic:
    Headline | Site"); else its part after a kicker written with a separator."""
    if _is_site_part(headline, names):  # the logo, not a headline
        return None
    cores = [(layer, _cores(text, names), text) for layer, text in titles]
    for i in range(1, len(parts)):
        kicker, tail = title_key(" ".join(parts[:i])), " ".join(parts[i:])
        key = title_key(tail)
        for layer, keys, text in cores:
            if len(key.split()) >= 3 and key in keys:
                return tail, layer
            if len(key) >= 10 and (kicker, key) in _splits(text):
                return tail, layer
    key = title_key(headline)
    for layer, keys, text in cores:
        if key in keys and _affixes_short(text, headline):
            return headline, layer
    for layer, _, text in cores:
        if len(key.split()) >= 3 and any(key == rest for _, rest in _splits(text)):
            return headline, layer
    own = _parts(headline)
    for layer, keys, text in cores:
        meta_parts = _parts(text)
        meta_tails = {title_key(" ".join(meta_parts[i:])) for i in range(1, len(meta_parts))}
        candidates = [(t, title_key(t) in keys) for t in (" ".join(own[i:]) for i in range(1, len(own)))]
        candidates += [(" ".join(parts[i:]), title_key(" ".join(parts[i:])) in meta_tails)
                       for i in range(1, len(parts))]
        for tail, matches in candidates:
            if matches and len(title_key(tail).split()) >= 3 and _affixes_short(headline, tail):
                return tail, layer
    return None


def headline_before_subline(headline: str, parts: list[str], titles: list[tuple[str, str]],
                            names: list[str]) -> tuple[str, str] | None:
    """The heading's first parts when a metadata title confirms them and the rest is a
    subline in its own element ("Headline <span class="subline">Subtitle</span>"): read
    after every heading has failed ``confirmed_headline``, since a block that holds the
    headline and its byline looks the same."""
    if _is_site_part(headline, names):
        return None
    cores = [(layer, _cores(text, names)) for layer, text in titles]
    for i in range(1, len(parts)):
        head = " ".join(parts[:i])
        for layer, keys in cores:
            if len(title_key(head).split()) >= 3 and title_key(head) in keys:
                return head, layer
    return None


def article_h1(page: Selector, names: list[str]) -> tuple[str, str] | None:
    """The first ``h1`` inside ``<article>``/``<main>`` (outside a breadcrumb, a header,
    nav, aside or footer of the page) when no heading is confirmed: the page's own
    headline, reworded against its metadata (an SEO ``<title>``, a social card), wins
    over them. Three words at least, and not the site's name."""
    first = headline_texts(page, _HEADLINE_QUERIES[:1])[:1]
    if first and len(title_key(first[0][0]).split()) >= 3 and not _is_site_part(first[0][0], names):
        return first[0][0], "h1"
    return None


def _splits(title: str) -> set[tuple[str, str]]:
    """(kicker, rest) keys of a metadata title split at a separator after its first parts,
    the rest without trailing parts too: "Topic: Headline | Site" gives ("topic",
    "headline site") and ("topic", "headline")."""
    parts = _parts(title)
    return {(title_key(" ".join(parts[:i])), title_key(" ".join(parts[i:j])))
            for i in range(1, len(parts)) for j in range(i + 1, len(parts) + 1)}


#: how much of its words a heading must share with a metadata title to be its rewording
_MIN_SHARED_WORDS = 0.7


def reworded_headline(headline: str, titles: list[tuple[str, str]], names: list[str]) -> tuple[str, str] | None:
    """The heading and the layer of a metadata title (without the site's name) whose words
    it nearly shares: Dice overlap of the two sets of word stems at least ``_MIN_SHARED_WORDS``."""
    words = _stems(headline)
    if len(words) < 4 or _is_site_part(headline, names):
        return None
    for layer, text in titles:
        other = _stems(strip_site_name(text, names))
        if 2 * len(words & other) / (len(words) + len(other)) >= _MIN_SHARED_WORDS:
            return headline, layer
    return None


#: words compared by their first letters, so that inflections count as the same word
#: ("bunten"/"bunter", "Farben"/"Farbe")
_STEM_CHARS = 5


def _stems(text: str) -> set[str]:
    return {word[:_STEM_CHARS] for word in title_key(text).split()}


def _affixes_short(longer: str, core: str) -> bool:
    return len(title_key(longer)) - len(title_key(core)) <= 2 * _MAX_AFFIX_CHARS


def prefer_confirmed_title(found: Extracted, page: Selector, url: str = "") -> None:
    """Prefer the visible headline that a metadata title confirms (JSON-LD ``headline``,
    ``og:title``/``twitter:title``, ``<title>``), in that order of trust, over the title
    chosen so far; the layer stays that of the confirming metadata. A heading that no
    metadata confirms changes nothing (a logo, a section name, a related story) unless
    it is the article element's ``h1`` (``article_h1``, layer ``h1``); else the metadata
    title loses the site's name (``site_names``). Overrides stay."""
    if found.layers.get("title") in (None, "override") or not found.title_candidates:
        return
    names = site_names(page, url)
    confirmed = None
    for queries in (_HEADLINE_QUERIES, _FALLBACK_QUERIES):
        headings = headline_texts(page, queries)
        confirmed = next(filter(None, (confirmed_headline(text, parts, found.title_candidates, names)
                                       for text, parts in headings)), None)
        confirmed = confirmed or next(filter(None, (headline_before_subline(text, parts, found.title_candidates, names)
                                                    for text, parts in headings)), None)
        # else a heading that says nearly what a metadata title says is the page's version
        # of it (a city's short name for its full one), the first such heading
        confirmed = confirmed or next(filter(None, (reworded_headline(text, found.title_candidates, names)
                                                    for text, _ in headings)), None)
        if confirmed:
            break
    if not confirmed:  # else the h1 of the article element, which the reader sees as its headline
        confirmed = article_h1(page, names)
    if confirmed:
        # the page's own spelling wins over the metadata's (quotes, apostrophes, an
        # ellipsis the social card adds); the same words keep the layer they came from
        if title_key(confirmed[0]) == title_key(found.values.get("title")):
            found.values["title"] = confirmed[0]
        else:
            found.values["title"], found.layers["title"] = confirmed
        return
    layer = found.layers["title"]
    if layer == "html_title":  # the layer kept the first part: when it is the site's name,
        full = next((text for name, text in found.title_candidates if name == layer), "")
        if _is_site_part(found.values["title"], names):  # "Site | Headline"
            found.values["title"] = strip_site_name(full, names)
    elif layer in ("jsonld", "meta"):
        found.values["title"] = strip_site_name(found.values["title"], names)
