"""The slower, better pass for Russian: natasha (slovnet NER and morphology over navec
embeddings). Its models ship inside the wheels, so nothing is downloaded at run time; it
loads ~250 MB once per process and costs ~20 ms an article, so the live chain uses it only
when told to (``AGGREGATOR_ENTITIES_MODEL``); ``aggregator entities --update`` runs it over
stored articles. Imported lazily: without the package the fast extractor still works.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator


def available() -> bool:
    """Whether natasha is installed."""
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _models():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), MorphVocab(), NewsMorphTagger(embedding), NewsNERTagger(embedding)


def natasha_names(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, type, normal form) of each span natasha finds in ``text``."""
    from natasha import Doc

    segmenter, vocabulary, morph_tagger, ner_tagger = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner_tagger)
    doc.tag_morph(morph_tagger)
    for span in doc.spans:
        span.normalize(vocabulary)
        # an abbreviation in brackets after the name is its own mention, not part of it
        name = re.sub(r"\s*\(.*$", "", span.normal or span.text).strip(" -–«»\"")
        if name.isupper() and len(name) > 5 and " " in name:  # "ЭМОМАЛИ РАХМОНА" in titles
            name = name.title()
        if name:
            yield span.start, span.stop, span.type, name
