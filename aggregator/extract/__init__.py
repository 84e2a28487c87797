"""Extraction from HTML: decoding, the layered extractor (registry selectors, JSON-LD,
meta, ``<time>``, generic main text) and text helpers."""
