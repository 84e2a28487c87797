"""What the extraction layers share: ``Extracted`` (the fields found and the layer each
came from) and the helpers that read a selected node."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from aggregator.extract.text import html_to_text, normalise_space


@dataclass
class Extracted:
    """Fields found on a page, and the layer each came from (``layers``)."""

    values: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    date_candidates: list[list[str]] = field(default_factory=list)
    #: every metadata title seen, as (layer, text), for the visible-h1 check
    title_candidates: list[tuple[str, str]] = field(default_factory=list)
    #: the first JSON-LD articleBody (as text), held until the generic layer weighs it
    #: against its own text (``from_generic``): not a value until then
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


def select(page: Selector, query: str):
    """Run a registry selector: XPath when it starts with ``/`` or ``(``, else CSS."""
    return page.xpath(query) if query.lstrip().startswith(("/", "(")) else page.css(query)


def node_html(node) -> str:
    value = node.get()
    return value if isinstance(value, str) else str(value)


def node_text(node) -> str:
    """Text of a selected node: attribute/text results as they are, elements flattened."""
    root = node.root
    if isinstance(root, str):
        return normalise_space(root)
    return normalise_space(html_to_text(node.get()))


def first_int(text: str) -> int | None:
    match = re.search(r"\d[\d\s\u00a0]*", text or "")
    return int(re.sub(r"\D", "", match.group())) if match else None
