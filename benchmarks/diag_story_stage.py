"""What tells a rewrite from a next-stage sibling among the pairs the matcher scores high?
(issue 17; a diagnosis, no product change)

    python -m benchmarks.diag_story_stage [--pairs-out pairs.jsonl]

Every same-family pair of dev (stories + dedup), fresh2 and fresh3: same story against two
stories of the family (a sibling). Each pair gets the shipped model's probability from the
batch pass's own pair scorer on an index holding the whole set (first realistic order);
the *hard* pairs are those at or above the batch threshold. Families are split into halves
D and M by the SHA-1 of their id before any signal is computed. For each signal (see
``SIGNALS``): AUC on D's and M's hard pairs and the Spearman correlation with the shipped
probability; then a logistic on D (the probability's logit + the signals whose D AUC is
>= 0.60 or <= 0.40) scored on M. Ids and figures only; no text is printed or written.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from aggregator.stories.evaluation import REALISTIC_ORDERS, load_items, ordered
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.fitted import FittedPolicy, StoryModel, fit_logistic
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import PAIR_FEATURES
from aggregator.stories.recluster import _neighbours_of_batch, _Scorer, _WindowIdf
from benchmarks.diag_story_acts import auc, is_act
from benchmarks.diag_story_rewrites import _docs_by_key, _key, _row

ROOT = Path(__file__).resolve().parents[1]
FRESH = {"fresh2": (ROOT / "tests/data/story_labels_fresh2.jsonl",
                    Path("/work/scratch/stories_fresh2")),
         "fresh3": (ROOT / "tests/data/story_labels_fresh3.jsonl",
                    Path("/work/scratch/stories_fresh3"))}
SIGNALS = ("novelty_max", "novelty_min", "figures_conflict", "lead_acts_jaccard", "lead_cos",
           "lead_minus_text", "title_cos", "lead_names_new")
#: The model's own features nearest to the signals, shown for reference.
REFERENCE = ("tense_differ", "reaction", "figures_differ")
BY_SET = ("p", "novelty_min", "figures_conflict", "lead_names_new", "title_cos")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def half(family: str) -> str:
    return "DM"[int(hashlib.sha1(family.encode("utf-8")).hexdigest(), 16) % 2]


def load_sets() -> dict[str, list]:
    from benchmarks.bench_stories_fresh import fresh_records, load_fresh
    sets = {"dev": load_items()}
    for name, (labels, texts) in FRESH.items():
        items = load_fresh(fresh_records(texts, labels))
        for it in items:  # the two fresh sets share the "fresh:" prefix: tell them apart
            it.id, it.cluster, it.family = (f"{name}:{x.split(':', 1)[1]}"
                                            for x in (it.id, it.cluster, it.family))
        sets[name] = items
    return sets


def scored_pairs(items: list, model: StoryModel) -> list[dict]:
    """Every same-family pair with the shipped probability (None: vetoed) and its row."""
    stream = ordered(items, REALISTIC_ORDERS[0])
    index = StoryIndex(policy=FittedPolicy(model))
    for it in stream:
        index.assign(copy.copy(it.article))
    by_key = _docs_by_key(index)
    doc = {it.id: by_key[_key(it)] for it in stream}
    idf_of = _WindowIdf(index)
    neighbours = _neighbours_of_batch(index, sorted(index.docs), idf_of)
    scorer = _Scorer(index, FittedPolicy(model), idf_of, neighbours)
    by_family = defaultdict(list)
    for it in items:
        by_family[it.family].append(it)
    out = []
    for fam in by_family.values():
        for a, b in combinations(fam, 2):
            p = scorer.probability(doc[a.id], doc[b.id])
            row = _row(scorer, doc[a.id], doc[b.id]) if p is not None else None
            out.append({"a": a, "b": b, "same": a.cluster == b.cluster, "p": p, "row": row})
    return out


class Views:
    """Per article: whole-text, lead (title + first sentence) and title evidence; IDF of the set."""

    def __init__(self, items: list):
        self.full, self.lead, self.title = {}, {}, {}
        for it in items:
            art = it.article
            body = "\n".join(filter(None, [art.lead, art.body]))
            first = _SENTENCE_END.split(body.strip(), 1)[0][:400] if body.strip() else ""
            self.full[it.id] = ArticleEvidence.from_article(art)
            self.lead[it.id] = ArticleEvidence.from_text(art.title, first, art.lang)
            self.title[it.id] = (ArticleEvidence.from_text(art.title, "", art.lang)
                                 if art.title else None)
        df = Counter(w for ev in self.full.values() for w in ev.lemmas)
        n = len(items)
        self.idf = defaultdict(lambda: math.log(n + 1), {w: math.log((n + 1) / (c + 0.5))
                                                         for w, c in df.items()})

    def cos(self, a: dict, b: dict) -> float:
        va = {w: c * self.idf[w] for w, c in a.items()}
        vb = {w: c * self.idf[w] for w, c in b.items()}
        dot = sum(v * vb[w] for w, v in va.items() if w in vb)
        na = math.sqrt(sum(v * v for v in va.values()))
        nb = math.sqrt(sum(v * v for v in vb.values()))
        return dot / (na * nb) if na and nb else 0.0

    def novelty(self, a: str, b: str) -> float:
        """IDF share of a's lead lemmas absent from b's whole text."""
        lead, other = self.lead[a].lemmas, self.full[b].lemmas
        total = sum(self.idf[w] for w in lead)
        return sum(self.idf[w] for w in lead if w not in other) / total if total else 0.0

    def acts(self, a: str) -> set:
        ev = self.lead[a]
        if ev.lang in ("ru", "uk"):
            return {w for w in ev.lemmas if is_act(w)}
        return set(ev.lemmas)

    def signals(self, a: str, b: str) -> dict[str, float]:
        na, nb = self.novelty(a, b), self.novelty(b, a)
        fa, fb = defaultdict(set), defaultdict(set)
        for f in self.full[a].figures:
            value, _, unit = f.partition("|")
            fa[unit].add(value)
        for f in self.full[b].figures:
            value, _, unit = f.partition("|")
            fb[unit].add(value)
        conflict = sum(1 for u in fa.keys() & fb.keys() if not fa[u] & fb[u])
        xa, xb = self.acts(a), self.acts(b)
        lead_cos = self.cos(self.lead[a].lemmas, self.lead[b].lemmas)
        ta, tb = self.title[a], self.title[b]
        new_names = max(len(self.lead[a].names - self.full[b].names),
                        len(self.lead[b].names - self.full[a].names))
        return {"novelty_max": max(na, nb), "novelty_min": min(na, nb),
                "figures_conflict": float(conflict),
                "lead_acts_jaccard": len(xa & xb) / len(xa | xb) if xa and xb else 0.0,
                "lead_cos": lead_cos,
                "lead_minus_text": lead_cos - self.cos(self.full[a].lemmas, self.full[b].lemmas),
                "title_cos": self.cos(ta.lemmas, tb.lemmas) if ta and tb else float("nan"),
                "lead_names_new": float(new_names)}


def spearman(x, y) -> float:
    rank = lambda v: np.argsort(np.argsort(v, kind="mergesort"), kind="mergesort")
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = ~(np.isnan(x) | np.isnan(y))
    if ok.sum() < 3:
        return float("nan")
    return float(np.corrcoef(rank(x[ok]), rank(y[ok]))[0, 1])


def auc_ok(s, y) -> float:
    s, y = np.asarray(s, float), np.asarray(y, bool)
    ok = ~np.isnan(s)
    return auc(s[ok], y[ok])


def logit(p):
    p = np.clip(np.asarray(p, float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def precision_at_recall(score, y, recall: float) -> float:
    """Precision at the smallest cut of ``score`` whose recall (of all ``y``) reaches ``recall``."""
    order = np.argsort(-np.asarray(score, float), kind="mergesort")
    ys = np.asarray(y, bool)[order]
    tp = np.cumsum(ys)
    k = int(np.searchsorted(tp, math.ceil(recall * ys.sum() - 1e-9)))
    return float(tp[k] / (k + 1)) if k < len(ys) else float("nan")


def family_bootstrap(rows, signal: str, n: int = 1000, seed: int = 17) -> tuple[float, float]:
    """2.5 and 97.5 percentiles of the AUC over families drawn with replacement."""
    by_family = defaultdict(list)
    for r in rows:
        by_family[r["family"]].append(r)
    families = sorted(by_family)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n):
        drawn = [r for f in rng.choice(families, len(families)) for r in by_family[f]]
        values.append(auc_ok([r[signal] for r in drawn], [r["same"] for r in drawn]))
    return tuple(float(v) for v in np.nanpercentile(values, [2.5, 97.5]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs-out", type=Path, help="write each pair's ids, label, half, "
                                                   "probability and signals (no text)")
    args = ap.parse_args(argv)
    model = StoryModel.load()
    threshold = model.recluster_threshold or model.threshold
    rows = []
    for name, items in load_sets().items():
        pairs = scored_pairs(items, model)
        views = Views(items)
        for pr in pairs:
            a, b = pr["a"], pr["b"]
            r = {"set": name, "a": a.id, "b": b.id, "family": a.family, "half": half(a.family),
                 "same": pr["same"], "p": pr["p"]}
            if pr["p"] is not None:
                r.update(views.signals(a.id, b.id))
                for f in REFERENCE:
                    r[f] = pr["row"][PAIR_FEATURES.index(f)]
            rows.append(r)
    if args.pairs_out:
        args.pairs_out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"batch threshold {threshold:.3f}")
    print("| set | half | families | same-family pairs | same-story | vetoed | hard pairs | "
          "hard same-story | hard siblings |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("dev", "fresh2", "fresh3", "all"):
        for h in "DM":
            sel = [r for r in rows if r["half"] == h and name in ("all", r["set"])]
            hard = [r for r in sel if r["p"] is not None and r["p"] >= threshold]
            print(f"| {name} | {h} | {len({r['family'] for r in sel})} | {len(sel)} | "
                  f"{sum(r['same'] for r in sel)} | {sum(r['p'] is None for r in sel)} | "
                  f"{len(hard)} | {sum(r['same'] for r in hard)} | "
                  f"{sum(not r['same'] for r in hard)} |")
    hard = {h: [r for r in rows if r["half"] == h and r["p"] is not None and r["p"] >= threshold]
            for h in "DM"}
    both = hard["D"] + hard["M"]
    print("\n| signal | AUC D | AUC M | M 95% (family bootstrap) | Spearman with p (hard, both "
          "halves) | pairs with a value | non-zero share |")
    print("|---|---|---|---|---|---|---|")
    chosen = []
    for s in ("p",) + SIGNALS + REFERENCE:
        aucs = [auc_ok([r[s] for r in hard[h]], [r["same"] for r in hard[h]]) for h in "DM"]
        rho = spearman([r[s] for r in both], [r["p"] for r in both])
        n = sum(not math.isnan(r[s]) for r in both)
        nonzero = sum(r[s] != 0 and not math.isnan(r[s]) for r in both) / n
        lo, hi = family_bootstrap(hard["M"], s)
        print(f"| `{s}` | {aucs[0]:.3f} | {aucs[1]:.3f} | {lo:.3f}-{hi:.3f} | {rho:.2f} | {n} | "
              f"{nonzero:.2f} |")
        if s in SIGNALS and (aucs[0] >= 0.60 or aucs[0] <= 0.40):
            chosen.append(s)
    print("\nby set (hard pairs, both halves; the shipped model was fitted on dev only):")
    print("| set | hard pairs | same-story | " + " | ".join(f"AUC `{x}`" for x in BY_SET) + " |")
    print("|---|---|---|" + "---|" * len(BY_SET))
    for name in ("dev", "fresh2", "fresh3"):
        sel = [r for r in both if r["set"] == name]
        ys = [r["same"] for r in sel]
        print(f"| {name} | {len(sel)} | {sum(ys)} | "
              + " | ".join(f"{auc_ok([r[x] for r in sel], ys):.3f}" for x in BY_SET) + " |")
    conflict = [r["same"] for r in both if r["figures_conflict"] > 0]
    agree = [r["same"] for r in both if r["figures_conflict"] == 0]
    print(f"\nhard pairs with a figures conflict {len(conflict)}: same-story share "
          f"{np.mean(conflict):.3f}; without {len(agree)}: {np.mean(agree):.3f}")
    print(f"\nchosen on D: {chosen or 'none'}")
    report_model(rows, hard, threshold, chosen, "the rule's model")
    # not the rule: every signal at once, to see whether together they add what none does
    report_model(rows, hard, threshold, list(SIGNALS), "exploratory, all signals")
    return 0


def report_model(rows, hard, threshold, chosen, title) -> None:
    """Fit the logistic on D's hard pairs (logit p + ``chosen``) and print its M figures."""
    print(f"\n{title}:")
    fill = {s: float(np.nanmean([r[s] for r in hard["D"]])) for s in chosen}

    def design(rs):
        cols = [logit([r["p"] for r in rs])]
        cols += [[fill[s] if math.isnan(r[s]) else r[s] for r in rs] for s in chosen]
        return np.column_stack(cols)

    xd = design(hard["D"])
    mu, sd = xd.mean(0), xd.std(0) + 1e-9
    w, b0 = fit_logistic((xd - mu) / sd, np.array([r["same"] for r in hard["D"]], float))
    print("weights (standardised): " + ", ".join(
        f"{n} {v:+.3f}" for n, v in zip(("logit p",) + tuple(chosen), w)))
    combined = lambda rs: ((design(rs) - mu) / sd) @ w + b0
    ym = [r["same"] for r in hard["M"]]
    print(f"M hard pairs: AUC shipped p {auc([r['p'] for r in hard['M']], ym):.3f}, "
          f"combined {auc(combined(hard['M']), ym):.3f}")
    scored = [r for r in rows if r["half"] == "M" and r["p"] is not None]
    ys = [r["same"] for r in scored]
    passed = [r["p"] >= threshold for r in scored]
    pos = sum(ys)
    recall = sum(y and k for y, k in zip(ys, passed)) / pos
    prec = sum(y and k for y, k in zip(ys, passed)) / max(sum(passed), 1)
    print(f"M scored same-family pairs {len(scored)} ({pos} same-story): shipped threshold "
          f"recall {recall:.3f} precision {prec:.3f}; at that recall: shipped p precision "
          f"{precision_at_recall([r['p'] for r in scored], ys, recall):.3f}, combined "
          f"{precision_at_recall(combined(scored), ys, recall):.3f}")
    for frac in (0.8, 0.9):
        print(f"M hard pairs, precision at {frac:.0%} of their same-story pairs: shipped "
              f"{precision_at_recall([r['p'] for r in hard['M']], ym, frac):.3f}, combined "
              f"{precision_at_recall(combined(hard['M']), ym, frac):.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
