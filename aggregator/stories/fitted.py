"""The fitted decision: a logistic model over ``pairs.FEATURE_NAMES``, stored as data.

``StoryModel`` is the weights, bias, threshold and linkage of
``aggregator/data/story_model.json`` (written by ``python -m aggregator.stories.fit``,
which says where they came from in its ``provenance``); plain numpy at run time.

``FittedPolicy`` is the index's scoring policy with it (``StoryIndex(policy=...)``; the
default). The index hands it the members of a candidate story (the first and the
``Stories.RECENT`` = 8 most recent: a cap on the cost, so for a story of more than 9
articles the rule is weaker than complete linkage over all of them), and the article
joins only when

- no member's explicit day lies more than the model's ``cannot_link_days`` from its own
  (the cannot-link, chosen by the fit's ``--cannot-link-days`` and stored in the model
  file; stand-in days of undated articles never count, so they cannot bridge events), and
- the *lowest* member probability reaches the threshold (complete linkage): a story
  cannot grow a chain of pairwise-similar reports into a second event.

Among the stories it may join it takes the most probable; stories are not merged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from aggregator.stories import record as records
from aggregator.stories.minhash import jaccard
from aggregator.stories.neighbourhood import LOCAL_FEATURES, local_features
from aggregator.stories.pairs import (CANNOT_LINK_DAYS, FEATURE_NAMES, PAIR_FEATURES, cannot_link,
                                      pair_features)

MODEL_FILE = "data/story_model.json"


def model_path() -> Path:
    return Path(str(resources.files("aggregator").joinpath(MODEL_FILE)))


def columns(features: tuple[str, ...]) -> list[int]:
    """Where each of ``features`` sits in the rows of ``pair_features``
    (``FEATURE_NAMES``): a model may use a subset, so a candidate feature can be computed
    and measured before it is shipped. A name ``"a*b"`` is the product of two features
    (an interaction term): its column is ``a``'s (see ``terms``)."""
    factors = [n.split("*") for n in features]
    unknown = {f for fs in factors for f in fs} - set(FEATURE_NAMES)
    if unknown or any(len(fs) > 2 for fs in factors):
        raise ValueError(f"story model features {sorted(unknown)} are not computed by "
                         "pairs.pair_features: refit with python -m aggregator.stories.fit")
    return [FEATURE_NAMES.index(fs[0]) for fs in factors]


def terms(features: tuple[str, ...]) -> tuple[list[int], list[int]] | None:
    """For a model with interaction terms (``"a*b"``), the columns of the left and right
    factor of each feature (a plain feature's right factor is itself, squared away by
    ``design``); None for a model of plain features."""
    if not any("*" in n for n in features):
        return None
    left = columns(features)
    right = [FEATURE_NAMES.index(n.split("*")[1]) if "*" in n else -1 for n in features]
    return left, right


def design(x: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """The model's input: the columns of ``features`` from rows ``x``, an interaction
    term the product of its two factors."""
    pair = terms(features)
    if pair is None:
        return x[..., columns(features)]
    left, right = pair
    out = x[..., left]
    product = [i for i, r in enumerate(right) if r >= 0]
    out[..., product] *= x[..., [right[i] for i in product]]
    return out


@dataclass
class StoryModel:
    feature_names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    #: the story probability (see ``linkage``) a story needs to be joined
    threshold: float
    linkage: str = "complete"
    provenance: dict = field(default_factory=dict)
    #: the threshold of a batch decided again (``aggregator.stories.recluster``); None:
    #: ``threshold``
    recluster_threshold: float | None = None
    #: a second stage (weights, bias) over the same features, fitted only on the training
    #: pairs the first stage scores at ``floor`` or above (``fit.fit_model``): where the
    #: decision is taken, the same people a day apart or a missing day weigh otherwise
    #: than over all candidate pairs, most of them easy negatives. A pair's probability
    #: is the first stage's below ``floor``, the second's from it.
    stage2: tuple[np.ndarray, float] | None = None
    floor: float | None = None
    #: two explicit days further apart than this cannot be one story (the cannot-link;
    #: ``pairs.cannot_link``); a model file fitted before it was stored has 3
    cannot_link_days: int = CANNOT_LINK_DAYS

    def __post_init__(self):
        self.feature_names = tuple(self.feature_names)
        # None: the model reads every column of the rows, in their order
        # (``pair_features`` rows, or those rows with the neighbourhood features after them)
        self.columns = (None if self.feature_names in (PAIR_FEATURES, FEATURE_NAMES)
                        else columns(self.feature_names))
        self.interactions = terms(self.feature_names) is not None

    def probability(self, x) -> np.ndarray:
        """P(same story) of each row of ``x`` (``pair_features`` rows, or one of them)."""
        x = np.asarray(x)
        if self.interactions:
            x = design(x, self.feature_names)
        elif self.columns is not None:
            x = x[..., self.columns]
        p = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))
        if self.stage2 is None:
            return p
        weights, bias = self.stage2
        return np.where(p < self.floor, p, 1.0 / (1.0 + np.exp(-(x @ weights + bias))))

    def to_json(self) -> dict:
        return {"feature_names": list(self.feature_names),
                "weights": [round(float(w), 6) for w in self.weights],
                "bias": round(float(self.bias), 6), "threshold": round(float(self.threshold), 4),
                "linkage": self.linkage, "cannot_link_days": int(self.cannot_link_days),
                **({"recluster_threshold": round(float(self.recluster_threshold), 4)}
                   if self.recluster_threshold is not None else {}),
                **({"stage2": {"weights": [round(float(w), 6) for w in self.stage2[0]],
                               "bias": round(float(self.stage2[1]), 6), "floor": self.floor}}
                   if self.stage2 is not None else {}),
                "provenance": self.provenance}

    def save(self, path: Path | None = None) -> None:
        (path or model_path()).write_text(
            json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> "StoryModel":
        """The model of ``path`` (the shipped one by default); a model fitted over
        features ``pair_features`` does not compute fails here rather than scoring
        garbage."""
        data = json.loads((path or model_path()).read_text(encoding="utf-8"))
        names = tuple(data["feature_names"])
        return cls(names, np.array(data["weights"], float), float(data["bias"]),
                   float(data["threshold"]), data.get("linkage", "complete"),
                   data.get("provenance", {}), data.get("recluster_threshold"),
                   *_stage2(data.get("stage2")),
                   int(data.get("cannot_link_days", CANNOT_LINK_DAYS)))


def _stage2(data: dict | None) -> tuple:
    """(stage2, floor) of a model file's "stage2" entry, (None, None) without one."""
    if not data:
        return None, None
    return (np.array(data["weights"], float), float(data["bias"])), float(data["floor"])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0,
                 iters: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the class-balanced log loss + l2/2 |w|^2 (the bias not
    penalised), by Newton's method. Candidate pairs are mostly negatives; balancing
    leaves the operating point to the threshold, chosen afterwards."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    pos, neg = max(y.sum(), 1), max(n - y.sum(), 1)
    s = np.where(y > 0, n / (2 * pos), n / (2 * neg))
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (s * (p - y)) + reg * w
        hess = (xb * (s * p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


class FittedPolicy:
    """Whether an article joins a story, by the fitted model (see the module docstring)."""

    #: The index computes ``ArticleEvidence`` for this policy and packs it in records.
    needs_evidence = True
    #: Judged on the story's members (first + most recent), not only the candidates.
    whole_story = True
    #: Joins the most probable story; never merges the others into it.
    merges = False
    #: Candidate articles looked at (their stories are judged whole).
    MAX_CANDIDATES = 6
    #: The model reads no body or lead stems, rounded or headline numbers, nor their
    #: TF-IDF weights: the index neither weighs nor packs them (``Query.place``'s
    #: ``stems``; the hand-weighted policy reads them).
    reads_stems = False

    def __init__(self, model: StoryModel | None = None, threshold: float | None = None,
                 cannot_link_days: int | None = None):
        self.model = model or StoryModel.load()
        self.threshold = self.model.threshold if threshold is None else threshold
        #: the model's cannot-link unless given (the fit's oracle sees every pair)
        self.cannot_link_days = (self.model.cannot_link_days if cannot_link_days is None
                                 else cannot_link_days)
        if self.model.linkage not in ("complete", "average"):
            raise ValueError(f"unknown linkage {self.model.linkage!r}")
        #: whether the model reads a neighbourhood feature (then the index gives each
        #: query its ``Neighbourhood``; else none is built)
        self.uses_neighbourhood = not set(LOCAL_FEATURES).isdisjoint(
            f for n in self.model.feature_names for f in n.split("*"))

    def joins(self, q, records_: list[bytes]) -> bool:
        return self.story_score(q, records_) >= self.threshold

    def rows(self, q, records_: list[bytes], first: list[float] | None = None
             ) -> np.ndarray | None:
        """The feature rows of ``q`` against each member with evidence; None when a
        cannot-link holds (or no member has evidence: rows loaded from an older store).
        ``first``: the row of the first member with evidence when already computed
        (``_first_member``: no cannot-link there)."""
        ev, out = q.evidence, []
        for blob in records_:
            m = records.member_of(blob)
            if not m.present:
                continue
            if first is not None:
                out.append(first)
                first = None
                continue
            if cannot_link(ev, m, self.cannot_link_days):
                return None
            similarity = 0.0 if q.empty else jaccard(q.minhash_list, records.signature_of(blob))
            x = pair_features(ev, q.idf, q.rare_name_idf, m, similarity)
            if self.uses_neighbourhood:
                x += local_features(ev, q.idf, m, records.story_of(blob), q.hood, x[3])
            out.append(x)
        return np.array(out) if out else None

    def story_score(self, q, records_: list[bytes]) -> float:
        """The story's probability: the lowest member probability (complete linkage, or
        the mean for an ``average`` model); 0 under a cannot-link. Under complete linkage
        the first member is judged alone first: most candidate stories are not joined,
        and one member below the threshold settles that, so the score returned is then
        that member's probability (below the threshold, like the story's lowest), and the
        other members are not compared."""
        first = None
        if self.model.linkage == "complete":
            probe = self._first_member(q, records_)
            if probe is not None:
                probability, first = probe
                if probability < self.threshold:
                    return probability
                if first is None:  # a cannot-link, at a threshold of 0
                    return 0.0
        x = self.rows(q, records_, first)
        if x is None:
            return 0.0
        p = self.model.probability(x)
        return float(p.min() if self.model.linkage == "complete" else p.mean())

    def _first_member(self, q, records_: list[bytes]
                      ) -> tuple[float, list[float] | None] | None:
        """The probability of the first member with evidence (0 under a cannot-link) and
        its feature row (None under a cannot-link), or None when no member has evidence."""
        for blob in records_:
            m = records.member_of(blob)
            if not m.present:
                continue
            if cannot_link(q.evidence, m, self.cannot_link_days):
                return 0.0, None
            similarity = 0.0 if q.empty else jaccard(q.minhash_list, records.signature_of(blob))
            row = pair_features(q.evidence, q.idf, q.rare_name_idf, m, similarity)
            if self.uses_neighbourhood:
                row += local_features(q.evidence, q.idf, m, records.story_of(blob), q.hood,
                                      row[3])
            return float(self.model.probability(np.array([row]))[0]), row
        return None
