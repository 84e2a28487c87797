"""HTML of the generic layer's text: trafilatura's XML document turned into simple HTML.

Owned here rather than imported: trafilatura's public API returns HTML only from
``trafilatura.extract(..., output_format="html")``, which runs the whole extraction a
second time (the generic layer is the costliest step of a crawl), while the converter
that ``bare_extraction`` callers would need (``htmlprocessing.build_html_output``) is
internal. ``bare_extraction`` gives the document, whose ``body`` is trafilatura's
documented XML (``p``, ``head``, ``list``/``item``, ``hi rend``, ``ref target``,
``graphic``, ``table``/``row``/``cell``, ``quote``, ``code``, ``lb``); renaming those
tags is all there is to do. The mapping follows trafilatura 2.x, so the stored HTML
is what its own HTML output would be.
"""

from __future__ import annotations

from lxml.etree import Element, tostring

#: trafilatura's ``hi/@rend`` values and the HTML element each stands for
_REND_TAGS = {"#i": "i", "#b": "strong", "#u": "u", "#t": "var", "#sub": "sub", "#sup": "sup"}

_TAGS = {
    "list": "ul",
    "item": "li",
    "code": "pre",
    "quote": "blockquote",
    "head": lambda elem: f"h{int(elem.get('rend', 'h3')[1:])}",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "hi": lambda elem: _REND_TAGS[elem.get("rend", "#i")],
    "row": "tr",
    "cell": lambda elem: "th" if elem.get("role") == "head" else "td",
}


def document_html(document) -> str:
    """``<html><body>…`` of a ``trafilatura.bare_extraction`` result (its body is renamed in place)."""
    body = document.body
    for elem in body.iter(*_TAGS):
        rename = _TAGS[str(elem.tag)]
        elem.tag = rename(elem) if callable(rename) else rename
        if elem.tag == "a":
            elem.set("href", elem.attrib.pop("target", ""))
        elif elem.tag != "img":  # images keep src/alt/title; everything else loses its attributes
            elem.attrib.clear()
    body.tag = "body"
    root = Element("html")
    root.append(body)
    return tostring(root, pretty_print=True, encoding="unicode").strip()
