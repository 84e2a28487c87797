"""Named entities of articles: people (PER), organisations (ORG) and places (LOC), each with
its normal form and mention count (``extract``), the known ones from the gazetteer data
(``gazetteer``), the others from capitalised names (``capitalised``, Russian through
``russian``) or natasha's NER (``natasha_ner``), and the pass over stored articles
(``update``)."""

from aggregator.entities.extract import EXTRACTOR_VERSION, MODELS, extract_entities, extractor_name
from aggregator.entities.names import Entity

__all__ = ["EXTRACTOR_VERSION", "MODELS", "Entity", "extract_entities", "extractor_name"]
