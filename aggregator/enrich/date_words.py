"""The date parser's word tables, ``data/date_words.toml``, parsed once per process.

Eight modules read tables of the one file; each parse cost ~7 ms at import. Read through
importlib.resources so a zipped install (a scrapyd egg) finds it too. Callers read the
tables and never change them.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def date_words() -> dict:
    """Every table of ``data/date_words.toml`` by its name."""
    return tomllib.loads(resources.files("aggregator").joinpath("data/date_words.toml")
                         .read_text(encoding="utf-8"))
