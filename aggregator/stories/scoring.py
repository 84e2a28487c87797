"""The scoring policy: whether a new article reports the event of a story.

``StoryIndex`` asks its policy one question: ``policy.joins(query, records)``, whether
the article (a ``Query``) joins the story of which ``records`` are the candidate members
(packed records, see ``aggregator.stories.record``). Any object with that method can
replace ``ScoringPolicy`` (for instance a fitted model over the same ``evidence``).

``ScoringPolicy`` scores explainable evidence by hand-set weights: near-duplicate text
(MinHash Jaccard estimate) confirms at once; otherwise TF-IDF cosine over body stems,
plus the rare named entities and the specific named numbers (a decimal matches the whole
figure a rewrite rounds it to) and dates both articles mention, the share of entity
weight and of headline/lead stems they have in common, and bonuses for a figure both
headlines state, for a rare name with a date in common (the same place or people on the
same day) and for a partly copied text (a shared quote). A reaction to an event
(condolences, congratulations in the headline or lead) never joins the event's story.
Story-level: the candidates of one story are also judged together, on the union of what
the article shares with each of them, so a rewrite that repeats the date of one report
and the figures of another joins the story as a whole.
"""

from __future__ import annotations

from array import array
from itertools import accumulate, compress

from aggregator.stories.minhash import jaccard
from aggregator.stories.query import LOG_TF, WEAK, Query
from aggregator.stories.record import HEAD, REACTION, signature_of


class ScoringPolicy:
    """Evidence of a pair (or of an article and a story) to a score, and a join at
    ``THRESHOLD``. The weights are attributes, so an instance may be tuned."""

    #: Minimum MinHash Jaccard estimate that makes two texts copies of one another.
    NEAR_DUPLICATE = 0.3
    #: Score an article needs against a story member (or the story) to join the story.
    THRESHOLD = 0.75
    #: Weights of the evidence added to the cosine (see ``judge``).
    W_RARE, W_NUM, W_DATE, W_ENT, W_LEAD = 0.1, 0.05, 0.1, 0.2, 0.3
    #: Bonus for a figure both headlines state, and for a rare name with a date in common.
    W_HEAD, W_EVENT = 0.3, 0.5
    #: MinHash Jaccard estimate of a partial copy (a shared quote or paragraphs), and the
    #: bonus it gives.
    PARTIAL_COPY, W_COPY = 0.12, 0.2

    # --- the question the index asks -------------------------------------------------

    def joins(self, q: Query, records: list[bytes]) -> bool:
        """Whether the article ``q`` joins the story whose candidate members are
        ``records``."""
        return self.story_score(q, records) >= self.THRESHOLD

    def story_score(self, q: Query, records: list[bytes]) -> float:
        """The score of ``q`` against a story: member by member, then against the story
        as a whole (the union of the evidence its members share with the article). Only
        whether some score reaches the threshold matters, so the first member that does
        settles it."""
        shared = []
        score = 0.0
        for record in records:
            similarity = self.jaccard(q, record)
            if similarity >= self.NEAR_DUPLICATE:  # what ``judge`` decides first
                return 2.0
            part = self.shared(q, record, similarity)
            score = self.judge(self.combine(q, [part]))
            if score >= self.THRESHOLD:
                return score
            shared.append(part)
        if len(shared) > 1:
            score = self.judge(self.combine(q, shared))
        return score

    # --- evidence --------------------------------------------------------------------

    @staticmethod
    def jaccard(q: Query, record: bytes) -> float:
        """MinHash Jaccard estimate of ``q`` and a record (0 for an empty text)."""
        return 0.0 if q.empty else jaccard(q.minhash_list, signature_of(record))

    def shared(self, q: Query, record: bytes, similarity: float | None = None) -> dict:
        """What ``q`` shares with one indexed article (its packed record, read in place:
        sets only of what is shared; ``similarity`` its Jaccard estimate if known)."""
        (_, _, _, _, _, norm, lead_w, ent_w, flags, *lengths) = HEAD.unpack_from(record)
        a, b, c, d, e, f, g, n = accumulate(lengths)
        end = HEAD.size + 4 * n  # the keys of all sections, then the stem counts
        keys = array("I", record[HEAD.size:end])
        idf, vec, log_tf = q.idf, q.vec, LOG_TF
        dot = 0.0
        words = keys[g:]  # the other's top stems (in its order) and their counts
        for k, count in compress(zip(words, record[end:end + n - g]),
                                 map(vec.__contains__, words)):
            dot += vec[k] * log_tf[count] * idf[k]
        # the same figure, or a decimal one side rounds to its whole part (51.77 ~ 51)
        numbers = q.nums_or_rounded.intersection(keys[b:c])
        numbers.update(q.nums.intersection(keys[e:f]))
        return {
            "jaccard": self.jaccard(q, record) if similarity is None else similarity,
            "cosine": dot / (q.norm * (norm or 1.0)),
            "strong": q.strong.intersection(keys[:a]),
            "names": q.names.intersection(keys[:b]),
            "numbers": numbers,
            "dates": q.dates.intersection(keys[c:d]),
            "lead": q.lead.intersection(keys[d:e]),
            "headline": q.headline.intersection(keys[f:g]),
            "ent_w": ent_w, "lead_w": lead_w,
            "reaction": bool(flags & REACTION),
        }

    def combine(self, q: Query, parts: list[dict]) -> dict[str, float]:
        """Evidence of ``q`` against one article or, from several ``parts`` (``shared``),
        against the story those articles belong to: the union of what q shares with
        each of them."""
        idf = q.idf.__getitem__
        if len(parts) == 1:
            p = parts[0]
            strong, names, nums, dates, lead, head = (p["strong"], p["names"], p["numbers"],
                                                     p["dates"], p["lead"], p["headline"])
            similarity, cosine, ent_w, lead_w = p["jaccard"], p["cosine"], p["ent_w"], p["lead_w"]
            reaction = p["reaction"] != q.reaction
        else:
            strong, names, nums, dates, lead, head = (
                set().union(*(p[k] for p in parts))
                for k in ("strong", "names", "numbers", "dates", "lead", "headline"))
            similarity, cosine, ent_w, lead_w = (
                max(p[k] for p in parts) for k in ("jaccard", "cosine", "ent_w", "lead_w"))
            reaction = all(p["reaction"] != q.reaction for p in parts)
        shared_w = sum(map(idf, strong)) + WEAK * sum(map(idf, names - strong))
        return {
            "jaccard": similarity,
            "cosine": cosine,
            "rare": len(strong & q.rare),
            "entities": shared_w / min(q.ent_w, ent_w) if q.ent_w and ent_w else 0.0,
            "numbers": len(nums),
            "dates": len(dates),
            "lead": sum(map(idf, lead)) / min(q.lead_w, lead_w) if q.lead_w and lead_w else 0.0,
            "headline": len(head),
            # one side reports a reaction (condolences, congratulations), the other not
            "reaction": float(reaction),
        }

    def evidence(self, q: Query, record: bytes) -> dict[str, float]:
        """The explainable parts of the score of ``q`` against one indexed article."""
        return self.combine(q, [self.shared(q, record)])

    def score(self, q: Query, record: bytes) -> float:
        """The score of ``q`` against one indexed article (a join at ``THRESHOLD``)."""
        return self.judge(self.evidence(q, record))

    def judge(self, e: dict[str, float]) -> float:
        """The score of evidence ``e``: near-duplicate text at once; a reaction to an event
        never joins the event; otherwise the body cosine plus the rare names, specific
        numbers and dates, entity weight and headline/lead stems shared, a bonus when the
        two headlines state the same figure, when a rare name and a date agree (the
        same place or people on the same day) and when some text is copied (a quote),
        and only with some event evidence at all."""
        if e["jaccard"] >= self.NEAR_DUPLICATE:
            return 2.0
        if e["reaction"]:
            return 0.0
        anchor = e["rare"] + min(e["numbers"], 2) + e["dates"] + e["headline"]
        if anchor == 0 and e["entities"] < 0.5:
            return 0.0  # no shared event evidence: names, numbers or dates
        return (e["cosine"] + self.W_RARE * min(e["rare"], 3) + self.W_NUM * min(e["numbers"], 3)
                + self.W_DATE * min(e["dates"], 1) + self.W_ENT * min(e["entities"], 1.0)
                + self.W_LEAD * min(e["lead"], 1.0) + self.W_HEAD * min(e["headline"], 1)
                + self.W_EVENT * (e["dates"] >= 1 and e["rare"] >= 1)
                + self.W_COPY * (e["jaccard"] >= self.PARTIAL_COPY))
