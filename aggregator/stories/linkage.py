"""How the pair probabilities between two groups of articles make one group probability:
the rule the batch re-clustering (``recluster``) joins groups by.

Complete linkage (the lowest pair, shipped) keeps a chain of pairwise-similar reports
from growing into a second event, but in a story of several independent rewrites some
pairs share little wording and score low, and one such pair keeps the story apart. The
other rules let a group pass on most of its pairs (benchmarks/README.md, "Stories:
linkage, session 14"); each is a ``Linkage`` whose parameters the fit script chooses on
inner CV, like the threshold:

- ``complete``: the lowest pair;
- ``average``: the mean pair;
- ``robust``: the pair at the ``share`` quantile from the top (a ``share`` of the pairs
  reach the group probability), provided no pair is under ``floor``;
- ``average_floor``: the mean pair, provided no pair is under ``floor``.

A pair under a cannot-link counts as probability 0 (under every rule the groups then
fail any floor; under ``average`` it pulls the mean down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

KINDS = ("complete", "average", "robust", "average_floor")


@dataclass(frozen=True, order=True)
class Linkage:
    kind: str = "complete"
    #: ``robust``: the share of the pairs that must reach the threshold
    share: float = 1.0
    #: ``robust`` / ``average_floor``: the probability no pair may fall under
    floor: float = 0.0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown linkage {self.kind!r}")

    @property
    def only_falls(self) -> bool:
        """Whether a group probability can only fall as the groups grow (then a pair of
        groups below the threshold need not be scored again once one side has grown)."""
        return self.kind == "complete"

    def score(self, probabilities: list[float]) -> float:
        """The group probability of these pair probabilities (at least one)."""
        if self.kind == "complete":
            return min(probabilities)
        if self.floor > 0 and min(probabilities) < self.floor:
            return 0.0
        if self.kind in ("average", "average_floor"):
            return sum(probabilities) / len(probabilities)
        ranked = sorted(probabilities)
        return ranked[len(ranked) - math.ceil(self.share * len(ranked) - 1e-9)]

    def to_json(self) -> dict:
        return {"kind": self.kind, "share": self.share, "floor": self.floor}

    @classmethod
    def from_json(cls, data: dict | None) -> "Linkage":
        return cls(**data) if data else cls()

    def __str__(self) -> str:
        if self.kind == "robust":
            return f"robust(share {self.share}, floor {self.floor})"
        if self.kind == "average_floor":
            return f"average(floor {self.floor})"
        return self.kind


COMPLETE = Linkage()

#: The settings the fit script's inner CV chooses among per family (declared in
#: benchmarks/README.md before measuring), each with every threshold of its grid.
FAMILIES: dict[str, tuple[Linkage, ...]] = {
    "complete": (Linkage(),),
    "average": (Linkage("average"),),
    "robust": tuple(Linkage("robust", share, floor)
                    for share in (0.5, 0.75) for floor in (0.1, 0.2)),
    "average_floor": tuple(Linkage("average_floor", floor=floor) for floor in (0.1, 0.2)),
}
