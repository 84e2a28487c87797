"""A small naive-Bayes language model over character n-grams, one per script.

The hand-made cues in ``language_cues.toml`` decide most articles, but short headlines
often carry none of the letters or function words they look for: Uzbek in Cyrillic
without ў, Kyrgyz without a doubled vowel, Uzbek in Latin without oʻ. Character
n-grams of words (``" ки"``, ``"лар"``, ``"ўз"``) separate these languages on a
handful of words. The counts are fitted by ``aggregator.enrich.language_fit`` and stored
in ``data/language_model.json`` (statistics only, no text); this module turns them into
log-probabilities once and scores a text word by word, caching each word's scores, so
an article costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

MODEL_FILE = "data/language_model.json"
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
APOSTROPHE_LIKE = re.compile("[‘’ʻʼ`′‛ʹ´]")
SAMPLE_WORDS = 50  # words scored per text: a decision never needs more, the cost stays flat


def normalise(text: str) -> str:
    """Lower case, every apostrophe-like mark as ' (Uzbek writes oʻ, o‘, o' and o`)."""
    return APOSTROPHE_LIKE.sub("'", text.lower())


def word_features(word: str, orders: tuple[int, ...]) -> list[str]:
    """Character n-grams of a word padded with spaces, so ``" ва "`` differs from ``"ва"``."""
    padded = f" {word} "
    grams = []
    for n in orders:
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return [g for g in grams if g.strip()]


def text_features(text: str, orders: tuple[int, ...]) -> list[str]:
    grams: list[str] = []
    for word in text_words(text):
        grams.extend(word_features(word, orders))
    return grams


class ScriptModel:
    """Multinomial naive Bayes for the languages of one script."""

    def __init__(self, classes: list[str], counts: dict[str, list[int]], docs: list[int],
                 orders: tuple[int, ...], alpha: float):
        self.classes = classes
        self.orders = orders
        totals = [sum(column) for column in zip(*counts.values())] or [0] * len(classes)
        vocabulary = len(counts) + 1
        denominators = [math.log(total + alpha * vocabulary) for total in totals]
        self.log_prob = {
            gram: tuple(math.log(c + alpha) - d for c, d in zip(row, denominators))
            for gram, row in counts.items()
        }
        # an n-gram never seen in one class but seen in another: its smoothed probability
        self.unseen = tuple(math.log(alpha) - d for d in denominators)
        all_docs = sum(docs)
        self.log_prior = tuple(math.log((d + 1) / (all_docs + len(docs))) for d in docs)
        self._word_cache: dict[str, tuple[tuple[float, ...], int]] = {}

    def word_scores(self, word: str) -> tuple[tuple[float, ...], int]:
        """Summed log-probabilities of a word's known n-grams per class, and how many."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        sums = [0.0] * len(self.classes)
        known = 0
        for gram in word_features(word, self.orders):
            row = self.log_prob.get(gram)
            if row is None:
                continue
            known += 1
            for i, value in enumerate(row):
                sums[i] += value
        result = (tuple(sums), known)
        if len(self._word_cache) > 200_000:  # bounded memory on an endless crawl
            self._word_cache.clear()
        self._word_cache[word] = result
        return result

    def scores(self, text: str) -> tuple[dict[str, float], int]:
        """Log-posterior (unnormalised) per language and the number of known n-grams."""
        return self.scores_of_words(text_words(text))

    def scores_of_words(self, words: list[str]) -> tuple[dict[str, float], int]:
        """``scores`` of a text whose ``text_words`` are ``words``."""
        cache = self._word_cache
        rows = []
        known = 0
        for word in words:
            found = cache.get(word)  # looked up here: a call per word costs as much
            if found is None:
                found = self.word_scores(word)
            known += found[1]
            rows.append(found[0])
        if not rows:
            return dict(zip(self.classes, self.log_prior)), known
        # each language's column summed in the words' order, from the prior: the same
        # floats as adding word by word (a sum per column, not per word and language)
        sums = []
        for total, column in zip(self.log_prior, zip(*rows)):
            for value in column:
                total += value
            sums.append(total)
        return dict(zip(self.classes, sums)), known


def text_words(text: str) -> list[str]:
    """The words of ``text`` the model scores: the first ``SAMPLE_WORDS``, normalised."""
    return WORD.findall(normalise(text))[:SAMPLE_WORDS]


@lru_cache(maxsize=1)
def load_models() -> dict[str, ScriptModel]:
    """The fitted models per script (``cyrillic``, ``latin``); empty if none was fitted."""
    path = resources.files("aggregator").joinpath(MODEL_FILE)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    orders = tuple(data["orders"])
    return {
        script: ScriptModel(part["classes"], part["counts"], part["docs"], orders, data["alpha"])
        for script, part in data["scripts"].items()
    }
