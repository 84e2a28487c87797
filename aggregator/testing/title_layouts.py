"""Title layouts of the generated sites (``aggregator.testing.sitegen``): where the
headline sits and what the metadata says around it.

Each layout writes the ``<head>`` titles (``<title>``, ``og:title``, ``twitter:title``,
JSON-LD ``headline``) and the headline markup of an article page; the truth is the
headline a reader sees. The layouts combine what real news pages do: the site's name
before or after the headline in ``<title>``/``og:title`` ("Headline | Site",
"Site: Headline", "Headline - News of Country"), a logo or section name in an ``h1``,
the headline in an ``h2``/``div`` with a title class or ``itemprop="headline"``, a social
headline in og:title/JSON-LD that differs from the visible one, a headline split by
``<br>``, entities and typographic quotes, a kicker before the headline.
``DEV_TITLE_LAYOUTS`` are for developing the title rules, ``HELD_OUT_TITLE_LAYOUTS``
only for measuring them (they also draw site names from a separate pool).
"""

from __future__ import annotations

import json
from html import escape

DEV_TITLE_LAYOUTS = ("suffix", "logo_h1", "social", "br_split")
HELD_OUT_TITLE_LAYOUTS = ("prefix_entities", "h2_headline", "itemprop", "kicker")

#: site names: dev layouts draw from the first list, held-out layouts from the second
_SITE_NAMES = (["Портал", "Новости Региона", "kabar24.example", "Вести Востока"],
               ["Газета.example", "Kapital.example", "Новости Таджикистана", "Азия-Пресс"])
_SECTIONS = ["Экономика", "Политика", "Общество", "Спорт"]


def site_name(rng, layout: str) -> str:
    return rng.choice(_SITE_NAMES[layout in HELD_OUT_TITLE_LAYOUTS])


def quoted(rng, words: list[str]) -> list[str]:
    """A headline's words with two of them in «guillemets»."""
    i = rng.randrange(1, max(len(words) - 2, 2))
    return words[:i] + [f"«{words[i]} {words[i + 1]}»"] + words[i + 2:]


def render(layout: str, rng, headline_words: list[str], site: str) -> tuple[list[str], str, str, str]:
    """``(head tags, header markup, headline markup, true headline)`` for one article."""
    if layout == "prefix_entities":
        headline_words = quoted(rng, headline_words)
    headline = " ".join(headline_words)
    social = headline_words[-1].capitalize() + ": " + " ".join(headline_words[:-1]).lower()
    head: list[str] = []
    header = f'<a class="logo" href="/">{escape(site)}</a>'
    h1 = f'<h1 class="title">{escape(headline)}</h1>'
    if layout == "suffix":
        head += [_title(f"{headline} | {site}"), _og("og:title", f"{headline} — {site}"),
                 _og("og:site_name", site)]
    elif layout == "logo_h1":
        header = f'<h1 class="logo"><a href="/">{escape(site)}</a></h1>'
        head += [_title(f"{site}: {headline}"), _og("og:title", f"{site}: {headline}")]
    elif layout == "social":
        head += [_title(f"{headline} - {site}"), _og("og:title", social), _og("twitter:title", social),
                 _jsonld(social)]
    elif layout == "br_split":
        cut = len(headline_words) // 2
        h1 = (f'<h1 class="title">{escape(" ".join(headline_words[:cut]))}<br>'
              f'{escape(" ".join(headline_words[cut:]))}</h1>')
        head += [_title(headline), _og("og:title", f"{headline} | {site}")]
    elif layout == "prefix_entities":
        entities = headline.replace("«", "&laquo;").replace("»", "&raquo;")
        head += [f"<title>{escape(site)}: {entities}</title>", _og("og:title", headline),
                 _og("og:site_name", site)]
        h1 = f'<h1 class="title">{entities}</h1>'
    elif layout == "h2_headline":
        header = f'<h1 class="logo"><a href="/">{escape(site)}</a></h1>'
        head += [_title(f"{headline} - {site}"), _jsonld(headline), _og("og:title", social)]
        h1 = f'<h2 class="article-title">{escape(headline)}</h2>'
    elif layout == "itemprop":
        header = (f'<h1 class="logo"><a href="/">{escape(site)}</a></h1>'
                  f'<h1 class="section">{rng.choice(_SECTIONS)}</h1>')
        head += [_title(f"{headline} | {site}"), _og("og:title", f"{headline} | {site}")]
        h1 = f'<div class="headline" itemprop="headline">{escape(headline)}</div>'
    elif layout == "kicker":
        kicker = rng.choice(_SECTIONS)
        head += [_title(f"{headline} | {site}"), _og("og:title", headline),
                 _jsonld(f"{kicker}: {headline}")]
        h1 = f'<h1 class="title"><span class="kicker">{kicker}</span> {escape(headline)}</h1>'
    else:
        raise ValueError(f"unknown title layout {layout!r}")
    return head, header, h1, headline


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _og(name: str, text: str) -> str:
    attr = "name" if name.startswith("twitter:") else "property"
    return f'<meta {attr}="{name}" content="{escape(text)}">'


def _jsonld(headline: str) -> str:
    return ('<script type="application/ld+json">' + json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline},
        ensure_ascii=False) + "</script>")
