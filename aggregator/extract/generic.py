"""Layer 5: the generic main-text extractor (trafilatura) for the body, its metadata as a
last resort, and the page furniture trimmed from the text it keeps."""

from __future__ import annotations

import re
from html import escape

import trafilatura
from parsel import Selector

from aggregator.extract.extracted import Extracted
from aggregator.extract.generic_html import document_html
from aggregator.extract.text import FURNITURE, normalise_space
from aggregator.extract.titles import title_key

# --- layer 5: generic main-text extractor ------------------------------------------------

def from_generic(found: Extracted, html: str, url: str, page: Selector | None = None) -> None:
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
    r"^(?:" + "|".join(FURNITURE["calls_to_action"]) + r")\b.{0,120}$", re.I)
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
    key = title_key(title or "")
    while lines and (
        (key and title_key(lines[0]) == key) or _is_date_line(lines[0].strip(), date_texts)
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
