"""Neighbourhood-contrastive evidence: what a new article shares with one candidate and
not with the other stories around it.

The designed hard negatives of the labelled story set (another stage of the same event:
the same people, the same or the next day) share the topic's words with the true
partner, so globally rare words (window IDF) do not tell the two apart. Words that are
rare *among the query's neighbours* (the articles it shares the most index keys with:
its same-topic neighbourhood) do. ``Neighbourhood.build`` reads the neighbours' packed
evidence once per query and counts, per story, which of the query's lemmas and names
each neighbour holds, and the query's TF-IDF cosine with each; ``local_features`` then
gives, for one member of story ``s``:

- ``cos_local``: the lemma cosine with each shared lemma's weight divided by
  ``1 + (neighbours of other stories holding it)``;
- ``names_local``: the IDF-weighted name overlap, discounted the same way;
- ``local_share``: ``cos_local / cos`` (how much of the shared wording is the pair's own);
- ``rival_cos``: the best cosine of the query with a neighbour of another story.

Online the neighbourhood is the ``HOOD_SIZE`` heaviest candidates of the index's key
search (before the day filter); in the batch re-clustering, the neighbours that search
finds for the later article of a pair. Stories are the records' story numbers at the
time (the batch's own articles: as they joined online).
"""

from __future__ import annotations

from collections import Counter

from aggregator.stories import record as records
from aggregator.stories.pairs import LOG_TF

#: Neighbours read per query (the heaviest by shared index-key weight).
HOOD_SIZE = 12
#: The names of ``local_features``' values, in order (the tail of ``FEATURE_NAMES``).
LOCAL_FEATURES = ("cos_local", "names_local", "local_share", "rival_cos")


class Neighbourhood:
    """Per-story counts of the query's lemmas and names among its neighbours, and the
    query's cosine with each neighbour."""

    __slots__ = ("lemma_df", "name_df", "lemma_df_of", "name_df_of", "best_cos")

    @classmethod
    def build(cls, q, idf: dict[int, float], blobs: list[bytes]) -> "Neighbourhood":
        """The neighbourhood of ``q`` (``pairs.EvidenceKeys``, weighed by ``idf``) over
        the neighbours' records ``blobs``."""
        hood = cls()
        hood.lemma_df, hood.name_df = Counter(), Counter()
        hood.lemma_df_of, hood.name_df_of = {}, {}
        hood.best_cos = {}  # story -> the best cosine of q with one of its neighbours
        vec, names, lang = q.vec, q.names, q.lang
        norm = q.norm or 1.0
        for blob in blobs:
            m = records.member_of(blob)
            if not m.present:
                continue
            story = records.story_of(blob)
            shared = [k for k in m.lemmas if k in vec]
            shared_names = names & m.names
            if shared:
                hood.lemma_df.update(shared)
                hood.lemma_df_of.setdefault(story, Counter()).update(shared)
            if shared_names:
                hood.name_df.update(shared_names)
                hood.name_df_of.setdefault(story, Counter()).update(shared_names)
            cos = 0.0
            if shared and m.lang == lang:
                lemmas = m.lemmas
                cos = sum(vec[k] * LOG_TF[lemmas[k]] * idf[k] for k in shared) / (
                    norm * (m.norm or 1.0))
            if cos > hood.best_cos.get(story, -1.0):
                hood.best_cos[story] = cos
        return hood

    def rival(self, story: int) -> float:
        """The best cosine of the query with a neighbour outside ``story``."""
        return max((c for s, c in self.best_cos.items() if s != story), default=0.0)


_NO_COUNTS: Counter = Counter()


def local_features(q, idf: dict[int, float], m, story: int, hood: "Neighbourhood | None",
                   names_idf: float) -> list[float]:
    """The ``LOCAL_FEATURES`` of ``q`` against member ``m`` of story ``story``
    (``names_idf`` the pair's plain name overlap); without a neighbourhood the local
    values equal the plain ones and there is no rival."""
    same_lang = q.lang == m.lang
    vec = q.vec
    shared = [k for k in m.lemmas if k in vec] if same_lang else []
    if hood is None:
        cos = (sum(vec[k] * LOG_TF[m.lemmas[k]] * idf[k] for k in shared)
               / ((q.norm or 1.0) * (m.norm or 1.0)))
        return [cos, names_idf, 1.0 if cos else 0.0, 0.0]
    df, own = hood.lemma_df, hood.lemma_df_of.get(story, _NO_COUNTS)
    dot = local = 0.0
    lemmas = m.lemmas
    for k in shared:
        w = vec[k] * LOG_TF[lemmas[k]] * idf[k]
        dot += w
        local += w / (1 + df[k] - own[k])
    scale = (q.norm or 1.0) * (m.norm or 1.0)
    names_local = 0.0
    if q.names_w and m.names_w:
        ndf, nown = hood.name_df, hood.name_df_of.get(story, _NO_COUNTS)
        names_local = min(sum(idf[k] / (1 + ndf[k] - nown[k]) for k in q.names & m.names)
                          / min(q.names_w, m.names_w), 1.0)
    return [local / scale, names_local, local / dot if dot else 0.0, hood.rival(story)]
