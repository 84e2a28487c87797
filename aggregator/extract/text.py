"""Small text helpers shared by extraction and cleaning: whitespace, HTML to text."""

from __future__ import annotations

import html as html_lib
import re
import tomllib
import unicodedata
from importlib import resources

from lxml import html as lxml_html

#: A photo credit line as sites write it: "Фото: пресс-служба МИД РТ", "Photo: AFP", "Сурет: ..."
#: page furniture phrases (calls to action, credit words) as data
FURNITURE = tomllib.loads(
    resources.files("aggregator").joinpath("data/page_furniture.toml").read_text("utf-8"))
CREDIT_LINE = re.compile(
    r"^\s*(?:" + "|".join(FURNITURE["credit_words"]) + r")\s*[:©]\s*(.{2,200}?)\s*$", re.I)
# a run of spaces to collapse into one " ": every run but a lone " ", which stays as it
# is (matching each single space between words cost more than the rest of the cleaning)
_SPACES = re.compile(r"(?: [ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+"
                     r"|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]*)")
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "figure", "figcaption", "header", "footer", "pre",
    "dd", "dt", "dl",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "head"}


def normalise_space(text: str | None) -> str:
    """NFC, HTML entities decoded, runs of spaces collapsed, lines stripped, no blank runs."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", html_lib.unescape(text)).replace("\r", "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, one block (paragraph, heading, item) per line."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return normalise_space(fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml rejects some broken fragments; keep their text
        return normalise_space(re.sub(r"<[^>]+>", " ", fragment))
    parts: list[str] = []
    _collect(root, parts)
    return normalise_space("".join(parts))


def _collect(node, parts: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _SKIP:
        if node.tail:
            parts.append(node.tail)
        return
    block = tag in _BLOCKS
    if block:
        parts.append("\n")
    if node.text and tag:
        parts.append(node.text)
    for child in node:
        _collect(child, parts)
    if block:
        parts.append("\n")
    if node.tail:
        parts.append(node.tail)
