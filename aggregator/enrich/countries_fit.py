"""Fit a country decision on evidence and measure it on texts it never saw, beside the rules.

    python -m aggregator.enrich.countries_fit                 # held-out + grouped CV figures
    python -m aggregator.enrich.countries_fit --save M.json   # also the fitted model, with
                                                              # its provenance

The product decides by ``country_rules``; this script is the measured alternative: two
logistic models over ``country_evidence.FEATURE_NAMES``, one for "tagged", one whose
probabilities rank the tagged countries for "primary". It was not better than the rules
on the held-out part (benchmarks/README.md, "Language and countries"), so nothing it fits
is shipped; rerun it when the labelled data grows.

Data: ``../shared/eval/dev/countries.jsonl`` and ``stories_countries.jsonl`` (labels of
the articles of ``stories.jsonl``). Groups: a story article's topic ``family`` (one
event and its look-alikes are never split); a countries.jsonl excerpt is its own group
(the excerpts come from ~55 sites, one or two each, no two about one event).

Protocol (no choice is made on the data a figure is quoted on):

- **held-out part**: countries.jsonl odd ids and every third story family (families
  sorted; the split ``benchmarks/bench_tagging`` has always used). The model is fitted on
  the other part; its feature groups (a nested sequence fixed in advance, ``GROUP_SETS``),
  L2 and operating points are chosen by a grouped 5-fold CV inside that part only.
- **grouped 5-fold CV** over all groups: the same selection repeated inside each
  training side, predictions pooled over the five validation folds.
- **the old rules** (``country_rules``) run on the same texts in the same run.

Rows: one per (article, mentioned country); a country the gazetteer never finds cannot be
tagged, so recall is bounded by the matcher. "Tagged" is fitted on every row; "primary" on
the same rows, labelled whether the country is the article's primary one; the decision
takes the most probable tagged country when it clears the threshold and the runner-up by
the margin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aggregator.entities import extract_entities
from aggregator.enrich.countries import CountryTags
from aggregator.enrich.country_evidence import FEATURE_GROUPS, FEATURE_NAMES, feature_rows
from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_rules import rule_tags
from aggregator.stories.fitted import fit_logistic

FOLDS = 5
# feature groups added one at a time in an order fixed before any measurement (every
# subset of the 64 was tried too: the inner CV then overfits its choice, held-out worse)
_ORDER = ("kinds", "lead", "contrast", "entities", "frames", "rules")
GROUP_SETS = [("base", *_ORDER[:k]) for k in range(len(_ORDER) + 1)]
L2 = (0.3, 1.0, 3.0)
TAG_GRID = [round(0.05 * i, 2) for i in range(0, 20)]  # 0: every mentioned country
PRIMARY_GRID = [round(0.05 * i, 2) for i in range(4, 17)]
MARGINS = (0.0, 0.1, 0.2, 0.3)


@dataclass
class CountryModel:
    """Weights over ``FEATURE_NAMES`` for "tagged" and for "primary", with the operating
    points chosen by inner CV."""

    tagged_weights: list[float]
    tagged_bias: float
    tagged_threshold: float
    primary_weights: list[float]
    primary_bias: float
    primary_threshold: float
    primary_margin: float
    provenance: dict

    def decide(self, rows: dict[str, list[float]]) -> CountryTags:
        """Tags and primary country from each mentioned country's features."""
        if not rows:
            return CountryTags()
        x = np.array(list(rows.values()))
        tag_p = _prob(np.array(self.tagged_weights), self.tagged_bias, x)
        prim_p = _prob(np.array(self.primary_weights), self.primary_bias, x)
        return _decide(list(rows), tag_p, prim_p, self.tagged_threshold,
                       self.primary_threshold, self.primary_margin)

    def to_json(self) -> dict:
        return {"feature_names": list(FEATURE_NAMES),
                "tagged": {"weights": [round(float(w), 6) for w in self.tagged_weights],
                           "bias": round(self.tagged_bias, 6),
                           "threshold": self.tagged_threshold},
                "primary": {"weights": [round(float(w), 6) for w in self.primary_weights],
                            "bias": round(self.primary_bias, 6),
                            "threshold": self.primary_threshold, "margin": self.primary_margin},
                "provenance": self.provenance}


def _decide(countries: list[str], tag_p, prim_p, t_tag: float, t_prim: float,
            margin: float) -> CountryTags:
    """The countries whose "tagged" probability clears ``t_tag``; the most probable of them
    is primary when its "primary" probability clears ``t_prim`` and the runner-up's by
    ``margin``."""
    cands = sorted(((float(pp), c) for c, pt, pp in zip(countries, tag_p, prim_p) if pt >= t_tag),
                   key=lambda pc: (-pc[0], pc[1]))
    primary = None
    if cands:
        runner = cands[1][0] if len(cands) > 1 else 0.0
        if cands[0][0] >= t_prim and cands[0][0] - runner >= margin:
            primary = cands[0][1]
    return CountryTags(sorted(c for _, c in cands), primary)


def dev_folder() -> Path:
    """``../shared/eval/dev`` beside the checkout."""
    return Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"


@dataclass
class Example:
    id: str
    group: str
    held_out: bool
    countries: set
    primary: str | None
    rows: dict  # country -> feature values
    rules: CountryTags  # the old rules' answer


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def labelled_texts(folder: Path | None = None) -> list[tuple[dict, dict, str, bool]]:
    """(text record, label, group, held out) for every labelled text."""
    folder = folder or dev_folder()
    out = []
    for row in _read(folder / "countries.jsonl"):
        out.append((row, row, f"countries:{row['id']}", bool(int(row["id"][1:]) % 2)))
    texts = {r["id"]: r for r in _read(folder / "stories.jsonl")}
    labels = _read(folder / "stories_countries.jsonl")
    families = sorted({texts[label["id"]]["family"] for label in labels})
    held = {f for i, f in enumerate(families) if i % 3 == 2}
    for label in labels:
        text = texts[label["id"]]
        out.append((text, label, f"stories:{text['family']}", text["family"] in held))
    return out


def load_examples(folder: Path | None = None) -> list[Example]:
    """Each labelled text through the product's matcher and entity step (the ``fast``
    extractor, as the enrich chain runs it by default)."""
    examples = []
    for text, label, group, held in labelled_texts(folder):
        title, body = normalise(text.get("title") or ""), normalise(text["text"])
        lang = text.get("lang")
        mentions = find_mentions(title, body, lang)
        ents = [e.evidence() for e in extract_entities(text.get("title") or "", text["text"], lang)]
        countries, primary = rule_tags(mentions, title, body)
        examples.append(Example(label["id"], group, held, set(label["countries"]),
                                label["primary"], feature_rows(mentions, title, body, ents),
                                CountryTags(countries, primary)))
    return examples


def assign_folds(groups, k: int = FOLDS, seed: int = 0) -> dict[str, int]:
    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    return {g: i % k for i, g in enumerate(order)}


def _mask(groups: tuple[str, ...]) -> np.ndarray:
    chosen = {n for g in groups for n in FEATURE_GROUPS[g]}
    return np.array([n in chosen for n in FEATURE_NAMES], float)


def _matrix(examples: list[Example]):
    """Rows (example index, country, features, tagged label, primary label)."""
    idx, countries, x, tag_y, prim_y = [], [], [], [], []
    for i, ex in enumerate(examples):
        for c, row in sorted(ex.rows.items()):
            idx.append(i)
            countries.append(c)
            x.append(row)
            tag_y.append(float(c in ex.countries))
            prim_y.append(float(c == ex.primary))
    return np.array(idx, int), countries, np.array(x, float).reshape(-1, len(FEATURE_NAMES)), \
        np.array(tag_y), np.array(prim_y)


def _fit(x, y, mask, l2) -> tuple[np.ndarray, float]:
    if y.min() == y.max():  # one class only (a tiny fold): a constant model
        return np.zeros(x.shape[1]), (8.0 if y[0] else -8.0)
    w, b = fit_logistic(x * mask, y, l2=l2)
    return w * mask, b


def _prob(w, b, x) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x @ w + b, -40, 40)))


def predict(examples, idx, countries, tag_p, prim_p, t_tag, t_prim, margin) -> list[CountryTags]:
    """Each example's answer from its rows' probabilities (rows in ``_matrix`` order)."""
    rows: list[list[int]] = [[] for _ in examples]
    for r, i in enumerate(idx):
        rows[i].append(r)
    return [_decide([countries[r] for r in rs], tag_p[rs], prim_p[rs], t_tag, t_prim, margin)
            for rs in rows]


def scores(examples: list[Example], answers: list[CountryTags]) -> dict[str, float]:
    tp = fp = fn = right = 0
    for ex, got in zip(examples, answers):
        gold, tags = ex.countries, set(got.countries)
        tp, fp, fn = tp + len(gold & tags), fp + len(tags - gold), fn + len(gold - tags)
        right += got.primary == ex.primary
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "primary": right / max(len(examples), 1), "texts": len(examples)}


def _inner_probabilities(train: list[Example]):
    """For each (groups, l2): out-of-fold tagged and primary probabilities on ``train``."""
    idx, countries, x, ty, py = _matrix(train)
    fold_of = assign_folds([ex.group for ex in train], seed=1)
    row_fold = np.array([fold_of[train[i].group] for i in idx])
    out = {}
    for groups, l2 in itertools.product(GROUP_SETS, L2):
        mask = _mask(groups)
        tag_p, prim_p = np.zeros(len(idx)), np.zeros(len(idx))
        for f in range(FOLDS):
            fit_rows, val = row_fold != f, row_fold == f
            if not val.any():
                continue
            tag_p[val] = _prob(*_fit(x[fit_rows], ty[fit_rows], mask, l2), x[val])
            prim_p[val] = _prob(*_fit(x[fit_rows], py[fit_rows], mask, l2), x[val])
        out[(groups, l2)] = (tag_p, prim_p)
    return idx, countries, out


def select(train: list[Example]) -> dict:
    """Feature groups, L2 and operating points of both models by inner grouped CV."""
    idx, countries, probs = _inner_probabilities(train)
    best_tag = max(((s["F1"], s["P"], -len(key[0]), key, t)
                    for key, (tag_p, _) in probs.items() for t in TAG_GRID
                    for s in [scores(train, predict(train, idx, countries, tag_p, tag_p,
                                                    t, 2.0, 0.0))]),
                   key=lambda v: v[:3])
    _, _, _, tag_key, t_tag = best_tag
    tag_p = probs[tag_key][0]
    best_prim = max(((scores(train, predict(train, idx, countries, tag_p, prim_p,
                                            t_tag, tp, m))["primary"], -len(key[0]), -m, key, tp, m)
                     for key, (_, prim_p) in probs.items()
                     for tp in PRIMARY_GRID for m in MARGINS), key=lambda v: v[:3])
    acc, _, _, prim_key, t_prim, margin = best_prim  # ties: fewer groups, smaller margin
    return {"tagged": {"groups": list(tag_key[0]), "l2": tag_key[1], "threshold": t_tag,
                       "inner_cv_F1": round(best_tag[0], 4)},
            "primary": {"groups": list(prim_key[0]), "l2": prim_key[1], "threshold": t_prim,
                        "margin": margin, "inner_cv_accuracy": round(acc, 4)}}


def fit_model(train: list[Example], choice: dict | None = None) -> CountryModel:
    choice = choice or select(train)
    _, _, x, ty, py = _matrix(train)
    t, p = choice["tagged"], choice["primary"]
    tw, tb = _fit(x, ty, _mask(tuple(t["groups"])), t["l2"])
    pw, pb = _fit(x, py, _mask(tuple(p["groups"])), p["l2"])
    return CountryModel(tw.tolist(), tb, t["threshold"], pw.tolist(), pb, p["threshold"],
                        p["margin"], {"selection": choice})


def apply(model: CountryModel, examples: list[Example]) -> list[CountryTags]:
    return [model.decide(ex.rows) for ex in examples]


def grouped_cv(examples: list[Example]) -> tuple[dict, dict]:
    """Pooled scores of the fitted model and of the old rules over 5 grouped folds."""
    fold_of = assign_folds([ex.group for ex in examples])
    ordered, new = [], []
    for f in range(FOLDS):
        train = [ex for ex in examples if fold_of[ex.group] != f]
        val = [ex for ex in examples if fold_of[ex.group] == f]
        ordered += val
        new += apply(fit_model(train), val)
    return scores(ordered, new), scores(ordered, [ex.rules for ex in ordered])


def _line(name: str, s: dict) -> str:
    return (f"{name:<34}{s['texts']:>6}{s['P']:>8.3f}{s['R']:>8.3f}{s['F1']:>8.3f}"
            f"{s['primary']:>9.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--save", type=Path, help="write the model fitted on the fit part here")
    args = ap.parse_args(argv)
    start = time.process_time()
    examples = load_examples()
    fit_part = [ex for ex in examples if not ex.held_out]
    held = [ex for ex in examples if ex.held_out]
    model = fit_model(fit_part)
    figures = {"held_out": {"fitted": scores(held, apply(model, held)),
                            "rules": scores(held, [ex.rules for ex in held])},
               "fit_part": {"fitted": scores(fit_part, apply(model, fit_part)),
                            "rules": scores(fit_part, [ex.rules for ex in fit_part])}}
    cv_new, cv_old = grouped_cv(examples)
    figures["grouped_cv"] = {"fitted": cv_new, "rules": cv_old}
    print(f"{len(examples)} texts: fit part {len(fit_part)}, held-out {len(held)}")
    print("selection (inner grouped CV on the fit part):", json.dumps(model.provenance["selection"]))
    print(f"\n{'':<34}{'texts':>6}{'P':>8}{'R':>8}{'F1':>8}{'primary':>9}")
    for part, pair in figures.items():
        for name, s in pair.items():
            print(_line(f"{part} {name}", s))
    print("\ntagged weights:", dict(zip(FEATURE_NAMES, np.round(model.tagged_weights, 2).tolist())))
    print("primary weights:", dict(zip(FEATURE_NAMES, np.round(model.primary_weights, 2).tolist())))
    if args.save:
        model.provenance.update({
            "data": ["shared/eval/dev/countries.jsonl", "shared/eval/dev/stories_countries.jsonl"],
            "fitted_on": "the fit part: countries.jsonl even ids + stories families not every "
                         "third (families sorted, index % 3 != 2)",
            "texts": len(fit_part), "rows": int(sum(len(ex.rows) for ex in fit_part)),
            "grouping": "story family; each countries.jsonl excerpt its own group",
            "figures": {part: {name: {k: round(v, 4) for k, v in s.items()}
                               for name, s in pair.items()} for part, pair in figures.items()},
            "fitted": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "script": "python -m aggregator.enrich.countries_fit",
        })
        args.save.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        print(f"\nwrote {args.save}")
    print(f"cpu {time.process_time() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
