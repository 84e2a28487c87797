"""The primary-country relabelling of session 13 round 2 (tests/data/README.md, "Primary
country: one convention"): every listed change is what the label files now say, on the
development sets only (fresh4, the blind set, is never relabelled)."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
SETS = {"fresh": "country_labels_fresh.jsonl", "fresh2": "country_labels_fresh2.jsonl",
        "fresh3": "country_labels_fresh3.jsonl"}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]


def test_every_change_is_in_the_labels_and_follows_the_label_rules():
    labels = {s: {r["id"]: r for r in _rows(f)} for s, f in SETS.items()}
    changes = _rows("country_primary_relabel.jsonl")
    assert changes and len({c["id"] for c in changes}) == len(changes)
    for change in changes:
        assert change["set"] in SETS, change  # never fresh4
        label = labels[change["set"]][change["id"]]
        assert change["old"] != change["new"], change
        assert label["primary"] == change["new"], (change, label)
        assert change["new"] is None or change["new"] in label["countries"], change
        assert change["new"] not in (label.get("passing") or []), change
        assert change["old"] is None or change["old"] in label["countries"], change
        assert change["convention"] in range(1, 7) and change["why"], change


def test_the_blind_set_is_not_relabelled():
    ids = {r["id"] for r in _rows("country_labels_fresh4.jsonl")}
    assert not ids & {c["id"] for c in _rows("country_primary_relabel.jsonl")}
