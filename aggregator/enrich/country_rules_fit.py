"""Fit the country rules' weights (``country_rules.WEIGHTS``) on the labelled development
sets, and measure the fitted and the hand-set weights on sites they were not chosen on.

    python -m aggregator.enrich.country_rules_fit --fresh /work/scratch/countries_fresh \
        --fresh2 /work/scratch/countries_fresh2
    python -m aggregator.enrich.country_rules_fit --fresh ... --fresh2 ... --roles [--write]

``--roles`` fits the weights of the lead's roles (``ROLE_GRID``: subject, place, oblique and
where the roles decide; ``country_roles``) with the other weights as they are, against no roles (all
four 0) on the same folds; ``--write`` stores in ``aggregator/data/country_role_weights.json``
(the file the rules read) the combination chosen on all development texts if the
cross-validated primary gains at least ``MIN_GAIN`` over no roles, and no roles otherwise
(the decision rule stated before fresh3 was measured: benchmarks/README.md, "Country tags
from entity roles").

Data: the session-8 set (``tests/data/country_labels_fresh.jsonl``, both parts), fresh2
(``country_labels_fresh2.jsonl``; both opened as development data) and the fit part of
``../shared/eval/dev`` (``countries_fit.labelled_texts``); the texts of the first two stay
outside the repository (``DIR/texts.tsv``). The dev held-out part is never fitted on and
is reported apart, as is the unseen ``fresh3`` set (``bench_countries_fresh``).

Protocol: every combination of ``GRID`` is run over every text once (the mentions are
found once; only the decision reruns). A 5-fold cross-validation grouped by site picks the
best combination on four folds and scores it on the fifth; the pooled figure is quoted
beside the hand-set weights' on the same folds. The weights to ship are the best
combination on all development texts; ties go to the one nearest the hand-set weights.
Only the primary country depends on the weights (every mentioned country is tagged).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.enrich import country_rules
from aggregator.enrich.countries_fit import labelled_texts
from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_rules import rule_tags

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
GRID = {"title": (2.0, 3.0, 4.0), "local": (1.0, 1.5, 2.0), "early": (0.0, 0.5, 1.0),
        "dateline": (2.0, 4.0, 6.0), "ratio": (1.25, 1.5, 2.0), "tie": (1.5, 2.0, 3.0)}
HAND_SET = {"title": 3.0, "local": 1.5, "early": 0.5, "dateline": 4.0, "ratio": 1.5, "tie": 2.0}
ROLE_GRID = {"subject": (0.0, 1.0, 2.0), "place": (0.0, 1.0, 2.0), "oblique": (0.0, 1.0, 2.0),
             "decide_close": (0.0, 1.0, 2.0), "decide_pair": (0.0, 1.0, 2.0),
             "decide_many": (0.0, 1.0), "decide_abroad": (0.0, 1.0)}
NO_ROLES = {k: 0.0 for k in ROLE_GRID}
MIN_GAIN = 0.01
ROLE_FILE = Path(__file__).resolve().parents[1] / "data" / "country_role_weights.json"
FOLDS = 5


def _site(url: str) -> str:
    return re.sub(r"^(www|m|amp)\.", "", urlsplit(url).hostname or url).rstrip(".")


def _fresh(texts_dir: Path, labels: Path, name: str) -> list[dict]:
    csv.field_size_limit(1 << 24)
    with (texts_dir / "texts.tsv").open(encoding="utf-8", newline="") as handle:
        texts = {r["id"]: r for r in csv.DictReader(handle, delimiter="\t",
                                                    quoting=csv.QUOTE_NONE)}
    out = []
    for line in labels.open(encoding="utf-8"):
        label = json.loads(line)
        if label["id"] in texts:
            t = texts[label["id"]]
            out.append({"set": name, "id": label["id"], "site": label["site"], "lang": None,
                        "title": t["title"], "text": t["text"], "primary": label["primary"]})
    return out


def development_texts(fresh: Path, fresh2: Path) -> tuple[list[dict], list[dict]]:
    """(texts to fit on, dev held-out texts), each with its site and labelled primary."""
    fit = _fresh(fresh, DATA / "country_labels_fresh.jsonl", "fresh")
    fit += _fresh(fresh2, DATA / "country_labels_fresh2.jsonl", "fresh2")
    held = []
    for text, label, _group, is_held in labelled_texts(None):
        rec = {"set": "dev", "id": label["id"], "site": text.get("site") or _site(text["url"]),
               "lang": text.get("lang"), "title": text.get("title") or "", "text": text["text"],
               "primary": label["primary"]}
        (held if is_held else fit).append(rec)
    return fit, held


def _prepared(records: list[dict]) -> list[tuple]:
    """Each text as the chain gives it to the rules: mentions, entities, language."""
    from aggregator.enrich.language import detect_language
    from aggregator.entities import extract_entities

    out = []
    for r in records:
        title, body = normalise(r["title"]), normalise(r["text"])
        lang = r["lang"] or detect_language(body[:1500], title)
        ents = [e.evidence() for e in extract_entities(r["title"], r["text"], lang)]
        out.append((find_mentions(title, body, lang), title, body, ents, lang, r["primary"]))
    return out


def correct_matrix(prepared: list[tuple], combos: list[dict]) -> list[list[bool]]:
    """For each combination of weights, whether each text's primary comes out right."""
    saved = dict(country_rules.WEIGHTS)
    rows = []
    try:
        for weights in combos:
            country_rules.WEIGHTS.update(weights)
            rows.append([rule_tags(m, t, b, e, lang)[1] == gold
                         for m, t, b, e, lang, gold in prepared])
    finally:
        country_rules.WEIGHTS.update(saved)
    return rows


def _distance(weights: dict) -> int:
    """How far a combination is from the reference (the hand-set weights; no roles)."""
    if "subject" in weights:
        return sum(ROLE_GRID[k].index(weights[k]) for k in ROLE_GRID)
    return sum(abs(GRID[k].index(weights[k]) - GRID[k].index(HAND_SET[k])) for k in GRID)


def best(combos: list[dict], correct: list[list[bool]], idx: list[int]) -> int:
    """The combination right on most of the texts ``idx``; ties to the nearest hand-set."""
    return max(range(len(combos)),
               key=lambda c: (sum(correct[c][i] for i in idx), -_distance(combos[c])))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fresh", type=Path, required=True, help="folder of the first set's texts.tsv")
    ap.add_argument("--fresh2", type=Path, required=True, help="folder of fresh2's texts.tsv")
    ap.add_argument("--roles", action="store_true", help="fit the roles' weights (ROLE_GRID)")
    ap.add_argument("--write", action="store_true", help="with --roles: store the chosen weights")
    args = ap.parse_args(argv)
    start = time.process_time()
    fit, held = development_texts(args.fresh, args.fresh2)
    grid, reference = (ROLE_GRID, NO_ROLES) if args.roles else (GRID, HAND_SET)
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    hand = combos.index(reference)
    correct = correct_matrix(_prepared(fit), combos)
    sites = sorted({r["site"] for r in fit})
    random.Random(0).shuffle(sites)
    fold_of = {s: i % FOLDS for i, s in enumerate(sites)}
    cv_fitted = cv_hand = 0
    for k in range(FOLDS):
        train = [i for i, r in enumerate(fit) if fold_of[r["site"]] != k]
        test = [i for i, r in enumerate(fit) if fold_of[r["site"]] == k]
        chosen = best(combos, correct, train)
        print(f"fold {k}: {len(test)} texts, chosen {json.dumps(combos[chosen])}")
        cv_fitted += sum(correct[chosen][i] for i in test)
        cv_hand += sum(correct[hand][i] for i in test)
    chosen = best(combos, correct, list(range(len(fit))))
    held_correct = correct_matrix(_prepared(held), [combos[hand], combos[chosen]])
    n = len(fit)
    per_set = ", ".join(f"{s} {sum(r['set'] == s for r in fit)}" for s in ("fresh", "fresh2", "dev"))
    print(f"{n} development texts from {len(sites)} sites ({per_set})")
    ref = "no roles" if args.roles else "hand-set"
    print(f"5-fold CV by site, primary: {ref} {cv_hand / n:.3f} ({cv_hand}), "
          f"fitted {cv_fitted / n:.3f} ({cv_fitted})")
    print(f"all development texts: {ref} {sum(correct[hand]) / n:.3f}, "
          f"fitted {sum(correct[chosen]) / n:.3f}")
    print(f"dev held-out ({len(held)}, not fitted on): {ref} "
          f"{sum(held_correct[0]) / len(held):.3f}, fitted {sum(held_correct[1]) / len(held):.3f}")
    print("fitted weights:", json.dumps(combos[chosen]))
    if args.roles and args.write:
        kept = combos[chosen] if (cv_fitted - cv_hand) / n >= MIN_GAIN else NO_ROLES
        ROLE_FILE.write_text(json.dumps(kept) + "\n", encoding="utf-8")
        print(f"written to {ROLE_FILE}: {json.dumps(kept)}")
    print(f"cpu {time.process_time() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
