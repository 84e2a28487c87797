"""The processing steps, each a plain function over an ``Article`` (clean, dates,
language, countries, canonical URL), the one ordered step list (``steps``) and the JSON
Lines runner behind ``aggregator enrich``."""
