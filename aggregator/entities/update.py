"""``aggregator entities --update``: (re-)extract the entities of stored articles with one
extractor (``natasha`` by default: the slower, better pass the live chain skips).

Resumable: each article's ``entity_extractions`` row names the extractor and version that
ran on it, so a pass stopped half-way, or a new ``EXTRACTOR_VERSION``, picks up exactly the
articles not yet done; it works in batches, each committed on its own.
"""

from __future__ import annotations

from typing import Callable

from aggregator.entities.extract import extract_entities, extractor_name
from aggregator.store import Store
from aggregator.store.entities import articles_to_extract, save_article_entities


def update_entities(store: Store, model: str = "natasha", since: str | None = None,
                    batch: int = 200, limit: int | None = None,
                    on_batch: Callable[[int], None] | None = None) -> int:
    """Extract with ``model`` every stored article (published or fetched at ``since`` or
    later) that it has not run on; returns how many articles were done."""
    marker = extractor_name(model)
    done, after = 0, 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        rows = articles_to_extract(store, marker, since, size, after)
        if not rows:
            break
        found = []
        for row in rows:
            text = "\n".join(filter(None, [row["lead"], row["body"]]))
            entities = extract_entities(row["title"] or "", text, row["lang"], model)
            found.append((row["id"], marker, [e.evidence() for e in entities]))
        save_article_entities(store, found)
        done += len(rows)
        after = rows[-1]["id"]
        if on_batch:
            on_batch(done)
    return done
