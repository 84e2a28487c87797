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
``<span class="kicker">Topic</span> Headline``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
#: the headings a reader sees as the article's headline, most likely first
_HEADLINE_QUERIES = (
    f"//h1[(ancestor::article or ancestor::main) and not({_OUTSIDE_ARTICLE})]",
    f"//h1[not({_OUTSIDE_ARTICLE})]",
    "//*[@itemprop='headline'][not(self::meta)]",
    "//*[self::h1 or self::h2 or self::div or self::span][contains(@class, 'title') or "
    "contains(@class, 'headline') or contains(@class, 'Title') or contains(@class, 'Headline')]"
    f"[(ancestor::article or ancestor::main) and not({_OUTSIDE_ARTICLE})"
    " and not(ancestor::li) and not(ancestor::article/ancestor::article)]",
)
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
    cores = {title_key(title)} | {title_key(" ".join(parts[:j])) for j in range(1, len(parts))}
    if len(parts) > 1 and _is_site_part(parts[0], names):
        cores |= {title_key(" ".join(parts[1:j])) for j in range(2, len(parts) + 1)}
    return cores - {""}


def site_names(page: Selector, url: str = "") -> list[str]:
    """Names the site calls itself: og:site_name, application-name, its host."""
    names = page.xpath('//meta[@property="og:site_name" or @name="og:site_name" or '
                       '@name="application-name" or @name="apple-mobile-web-app-title"]/@content').getall()
    host = urlsplit(url).hostname or ""
    if host:
        host = host.removeprefix("www.").removeprefix("m.")
        names += [host, host.rsplit(".", 1)[0]]
    return [n for n in (title_key(n) for n in names) if len(n) >= 2]


def _is_site_part(part: str, names: list[str]) -> bool:
    key = title_key(part)
    return bool(key) and any(name in key or (len(key) >= 3 and key in name) for name in names)


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


def headline_texts(page: Selector) -> list[tuple[str, list[str]]]:
    """The page's candidate headlines, most likely first: each as its text and the texts
    of its parts (child elements, lines) for reading a kicker off it."""
    seen, found = set(), []
    for query in _HEADLINE_QUERIES:
        for node in page.xpath(query)[:_MAX_HEADINGS]:
            text = one_line(node_text(node))
            if not title_key(text) or text in seen or len(text) > 400:
                continue
            seen.add(text)
            parts = [one_line(t) for t in node.xpath("./node()").getall()]
            parts = [one_line(node_text(Selector(text=p))) if "<" in p else p for p in parts]
            found.append((text, [p for p in parts if title_key(p)]))
    return found


def confirmed_headline(headline: str, parts: list[str], metadata: str,
                       names: list[str]) -> str | None:
    """The headline that ``metadata`` confirms: ``headline`` itself when the metadata
    title is it with the site's name or a section around it; the headline's part after
    a kicker when the metadata title is that part, or when both carry their own kicker
    (``<span>Kicker</span> Headline`` beside "Other kicker: Headline")."""
    cores = _cores(metadata, names)
    if title_key(headline) in cores and _affixes_short(metadata, headline):
        return headline
    own = _parts(headline)
    meta_parts = _parts(metadata)
    meta_tails = {title_key(" ".join(meta_parts[i:])) for i in range(1, len(meta_parts))}
    tails = [(" ".join(parts[i:]), True) for i in range(1, len(parts))]
    tails += [(" ".join(own[i:]), False) for i in range(1, len(own))]
    for tail, in_own_element in tails:
        key = title_key(tail)
        if len(key.split()) < 3 or not _affixes_short(headline, tail):
            continue
        if key in cores or (in_own_element and key in meta_tails):
            return tail
    return None


def _affixes_short(longer: str, core: str) -> bool:
    return len(title_key(longer)) - len(title_key(core)) <= 2 * _MAX_AFFIX_CHARS


def prefer_confirmed_title(found: Extracted, page: Selector, url: str = "") -> None:
    """Prefer the visible headline that a metadata title confirms (JSON-LD ``headline``,
    ``og:title``/``twitter:title``, ``<title>``), in that order of trust, over the title
    chosen so far; the layer stays that of the confirming metadata. A heading that no
    metadata confirms changes nothing (a logo, a section name, a related story); the
    metadata title then loses the site's name (``site_names``). Overrides stay."""
    if found.layers.get("title") in (None, "override") or not found.title_candidates:
        return
    names = site_names(page, url)
    for text, parts in headline_texts(page):
        for layer, metadata in found.title_candidates:
            confirmed = confirmed_headline(text, parts, metadata, names)
            if confirmed:
                if title_key(confirmed) != title_key(found.values.get("title")):
                    found.values["title"] = confirmed
                    found.layers["title"] = layer
                return
    if found.layers["title"] in ("jsonld", "meta", "html_title"):
        found.values["title"] = strip_site_name(found.values["title"], names)
