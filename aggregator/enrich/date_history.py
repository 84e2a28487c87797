"""A document's dated history: the day after a publication label is the publication.

Journals, registries and some CMSs print a text's life in one line, each day after its
label ("Received: Oct. 8th, 2022; accepted: Nov. 4th, 2022; published: Nov. 11th, 2022",
"收稿日期:2022年10月8日;录用日期:2022年11月4日;发布日期:2022年11月11日"). The parser reads
the leftmost date of a text; in such a line that is the day it was received. The labels
come from ``data/date_words.toml`` (``[publication]``), one table for every language.
"""

from __future__ import annotations

import re

from aggregator.enrich.date_patterns import _alternation, _normalise
from aggregator.enrich.date_words import date_words

_LABELS = {_normalise(label) for label in
           date_words()["publication"]["labels"]}
# a label (not the end of a longer word; CJK has no spaces), then only what separates a
# label from its value: a colon, a dash, spaces
_LABEL = re.compile(rf"(?<![^\W\d_\u3000-\u9fff])(?:{_alternation(_LABELS)})[\s:：\-–—]*$")
# a cheap test first: most texts hold no label at all
_HINT = re.compile(_alternation(_LABELS))


def after_label(norm: str, start: int) -> bool:
    """Whether the date at ``start`` comes right after a publication label ("Published online
    11 Nov 2022"): a label's value, not a mention in running prose."""
    return _HINT.search(norm, max(0, start - 40), start) is not None and _labelled(norm, start)


def _labelled(norm: str, start: int) -> bool:
    return _LABEL.search(norm, max(0, start - 40), start) is not None


def publication_first(norm: str, shapes: list[tuple]) -> list[tuple]:
    """``shapes`` (start, end, ...) with the ones right after a publication label first,
    when the text holds more than one date; the order is otherwise kept."""
    if len(shapes) < 2 or _HINT.search(norm) is None:
        return shapes
    labelled = [shape for shape in shapes if _labelled(norm, shape[0])]
    if not labelled or len(labelled) == len(shapes):
        return shapes
    return labelled + [shape for shape in shapes if shape not in labelled]
