"""The predicates of a headline: which of its lemmas are verbs.

Two reports of one event usually say the same thing happened ("задержан" / "задержали");
two stages of one affair say different things ("задержан", "осуждён", "освобождён").
Which verbs mark a stage is not listed anywhere: the matcher only learns, from the
labelled pairs, what it means that two headlines' verbs differ (``pairs``'
``predicates_differ``). A headline's lemmas are already normal forms, so a verb is any
lemma whose most likely parse is an infinitive (pymorphy3 gives participles and finite
forms the infinitive as their normal form). Russian only; other languages have none.
"""

from __future__ import annotations

from functools import lru_cache

from aggregator.stories.evidence import _morph

#: Languages whose headlines are lemmatised by pymorphy3 (``evidence._LEMMATISED``).
_LEMMATISED = frozenset({"ru", "uk"})


@lru_cache(maxsize=50_000)
def is_verb(lemma: str) -> bool:
    """Whether a lemma (a normal form) is a verb's: its likeliest parse an infinitive."""
    if not lemma.isalpha():
        return False
    return _morph().parse(lemma)[0].tag.POS == "INFN"


def predicates(head: set[str], lang: str) -> set[str]:
    """The verb lemmas of a headline's lemmas ``head``."""
    if lang not in _LEMMATISED:
        return set()
    return {w for w in head if is_verb(w)}
