"""Extraction from HTML: decoding, the layered extractor (registry selectors, JSON-LD,
meta, ``<time>``, generic main text) and text helpers; ``bounds`` limits the work one
page may cost (size, elements, attributes, time, text lengths) and names bodies that are
not HTML, ``safe_urls`` keeps links and images to http(s)."""
