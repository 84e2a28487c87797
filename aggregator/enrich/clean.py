"""Cleaning step: tidy the raw text fields and sanitise the article's HTML.

Stored ``body_html`` must never carry scripts, styles, iframes, event handlers or
``javascript:`` URLs; nh3 (the Rust ammonia sanitiser) enforces an allow-list.
"""

from __future__ import annotations

from urllib.parse import urljoin

import nh3

from aggregator.items import Article
from aggregator.extract.text import CREDIT_LINE, html_to_text, normalise_space

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "b", "strong",
    "i", "em", "u", "s", "sub", "sup", "a", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td", "pre", "code", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
# Headings inside the body are demoted below the page's h1; trafilatura emits <h1>..<h6>
_RENAMES = {"h1": "h2"}


def sanitise_html(fragment: str | None) -> str | None:
    """Allow-list sanitising of an HTML fragment; ``None`` stays ``None``."""
    if fragment is None:
        return None
    for old, new in _RENAMES.items():
        fragment = fragment.replace(f"<{old}", f"<{new}").replace(f"</{old}>", f"</{new}>")
    cleaned = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "noscript", "template", "object"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    return cleaned.strip() or None


def clean_article(article: Article) -> Article:
    """Normalise whitespace in text fields, sanitise body_html, absolutise the image URL."""
    article.title = normalise_space(article.title).replace("\n", " ") or None
    article.lead = normalise_space(article.lead) or None
    article.body_html = sanitise_html(article.body_html)
    article.body = normalise_space(article.body) or (html_to_text(article.body_html) or None)
    article.photo_credit = normalise_space(article.photo_credit) or None
    if article.body and article.photo_credit:
        article.body = _without_credit(article.body, article.photo_credit)
    article.authors = _unique(normalise_space(a) for a in article.authors or [])
    article.tags = _unique(normalise_space(t) for t in article.tags or [])
    article.section = normalise_space(article.section) or None
    if article.image_url and article.url:
        article.image_url = urljoin(article.url, article.image_url.strip())
    return article


def _without_credit(body: str, credit: str) -> str:
    """The body without the photo-credit line (it is kept in ``photo_credit``)."""
    lines = body.split("\n")
    kept = [ln for ln in lines if not (CREDIT_LINE.match(ln) and credit in ln)]
    return "\n".join(kept)


def _unique(values) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value.lower() not in (k.lower() for k in seen):
            seen[value] = None
    return list(seen)
