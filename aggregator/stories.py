"""Group articles into stories (one story per event across outlets).

Interim implementation: one story per canonical URL. The deduplication issue replaces
``StoryIndex`` with near-duplicate clustering, keeping its interface.
"""

from __future__ import annotations

import hashlib

from .items import Article


def story_id_for(key: str) -> str:
    """A short stable story id derived from ``key``."""
    return "s" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


class StoryIndex:
    """Assigns each article the id of the story it belongs to."""

    def assign(self, article: Article) -> str:
        """Return (and set on the article) the story id for ``article``."""
        article.story_id = article.story_id or story_id_for(article.canonical_url or article.url)
        return article.story_id
