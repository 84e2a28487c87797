"""Does a learned act-compatibility table tell a rewrite from its sibling? (issue 17)

    python -m benchmarks.diag_story_acts                    # AUC per held-out family fold
    python -m benchmarks.diag_story_acts --pairs pairs.json # + the explicit-day count on the
                                                            # CV's joined pairs
                                                            # (bench_story_false_merges --out)

An article's *act words* are its headline's verbs and deverbal nouns (pymorphy3 lemmas;
the headline is the title, else the first sentence, as ``ArticleEvidence.head``); for
other languages, the headline's content stems. For a pair of articles the table gives the
log-odds that their act words meet in a same-story pair rather than in a same-family
pair of two stories. It is estimated on the training folds only (the dev family folds of
``evaluation.assign_folds``) and scored on the held-out fold, with smoothing and back-off:
a word pair's own counts, shrunk towards its back-off class (the same word on both sides,
else the navec cosine bucket of the two words), shrunk towards the rate of all pairs.

The measure is the AUC over the held-out fold's same-family pairs (same story against
another story of the family: the hard negatives), beside exact overlaps of the same words
(session 8's ``predicates_differ`` was verbs only). Ids and figures only; no text.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

from aggregator.stories.evaluation import N_FOLDS, assign_folds, load_items
from aggregator.stories.evidence import ArticleEvidence, _morph

#: Deverbal noun endings (the act named as a noun: "задержание", "подписание", "ратификация").
DEVERBAL = ("ние", "тие", "ция")
#: Cosine buckets of two different act words (navec news vectors), upper bounds.
BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 1.01)
#: Pseudo-counts of the shrinkage: word pair -> its class, class -> all pairs.
M_PAIR, M_CLASS = 4.0, 20.0


@lru_cache(maxsize=1)
def navec():
    import natasha
    from navec import Navec

    path = os.path.join(os.path.dirname(natasha.__file__), "data", "emb",
                        "navec_news_v1_1B_250K_300d_100q.tar")
    return Navec.load(path)


@lru_cache(maxsize=50_000)
def is_act(lemma: str) -> bool:
    """A verb (likeliest parse an infinitive) or a deverbal noun."""
    if not lemma.isalpha():
        return False
    tag = _morph().parse(lemma)[0].tag
    return tag.POS == "INFN" or (tag.POS == "NOUN" and lemma.endswith(DEVERBAL))


@lru_cache(maxsize=50_000)
def is_verb(lemma: str) -> bool:
    return lemma.isalpha() and _morph().parse(lemma)[0].tag.POS == "INFN"


def acts(ev: ArticleEvidence) -> frozenset[str]:
    if ev.lang in ("ru", "uk"):
        return frozenset(w for w in ev.head if is_act(w))
    return frozenset(ev.head)


def verbs(ev: ArticleEvidence) -> frozenset[str]:
    return frozenset(w for w in ev.head if is_verb(w)) if ev.lang in ("ru", "uk") else frozenset()


@lru_cache(maxsize=200_000)
def word_class(a: str, b: str) -> str:
    if a == b:
        return "same"
    nv = navec()
    if a not in nv or b not in nv:
        return "novec"
    cos = float(nv.sim(a, b))
    return f"cos<{next(x for x in BUCKETS if cos < x)}"


def cells(a: frozenset, b: frozenset) -> list[tuple[str, str]]:
    return [tuple(sorted((x, y))) for x in a for y in b]


class ActTable:
    """Smoothed log-odds of same story for act-word pairs, from labelled pairs."""

    def __init__(self, pairs: list[tuple[frozenset, frozenset, bool]]):
        pos, tot = Counter(), Counter()
        cpos, ctot = Counter(), Counter()
        for a, b, same in pairs:
            cs = cells(a, b)
            if not cs:
                continue
            w = 1.0 / len(cs)  # each article pair weighs 1, shared by its cells
            for c in cs:
                pos[c] += w * same
                tot[c] += w
                k = word_class(*c)
                cpos[k] += w * same
                ctot[k] += w
        self.base = (sum(cpos.values()) + 1) / (sum(ctot.values()) + 2)
        self.cls = {k: (cpos[k] + M_CLASS * self.base) / (ctot[k] + M_CLASS) for k in ctot}
        self.pos, self.tot = pos, tot

    def rate(self, c: tuple[str, str]) -> float:
        prior = self.cls.get(word_class(*c), self.base)
        return (self.pos[c] + M_PAIR * prior) / (self.tot[c] + M_PAIR)

    def score(self, a: frozenset, b: frozenset, how: str = "mean") -> float:
        """The pair's log-odds against the base rate (0: no act word on a side)."""
        cs = cells(a, b)
        if not cs:
            return 0.0
        logit = lambda p: math.log(p / (1 - p))
        vals = [logit(self.rate(c)) - logit(self.base) for c in cs]
        return {"mean": np.mean, "max": max, "min": min}[how](vals)


def auc(scores, labels) -> float:
    s, y = np.asarray(scores, float), np.asarray(labels, bool)
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    # average ranks of ties
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n1, n0 = y.sum(), (~y).sum()
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)) if n1 and n0 else float("nan")


def exact_overlap(a, b) -> float:
    """Jaccard of the two sets (0 when a side is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def predicates_differ(a, b) -> float:
    """Session 8's feature as a score: -1 when both have verbs and share none."""
    return -1.0 if a and b and not (a & b) else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", help="bench_story_false_merges --out JSON: count the "
                                    "explicit-day joined pairs without a shared act word")
    ap.add_argument("--fresh", nargs=2, metavar=("LABELS", "TEXTS"),
                    help="also score another labelled set's same-family pairs with the table "
                         "built on all dev pairs (a set it never saw)")
    args = ap.parse_args(argv)
    items = load_items()
    fold_of = assign_folds(items)
    ev = {it.id: ArticleEvidence.from_article(it.article) for it in items}
    act = {k: acts(e) for k, e in ev.items()}
    verb = {k: verbs(e) for k, e in ev.items()}
    by_family = defaultdict(list)
    for it in items:
        by_family[it.family].append(it)
    pairs = [(a, b) for fam in by_family.values() for a, b in combinations(fam, 2)]
    with_acts = sum(1 for k in act if act[k])
    print(f"{len(items)} articles ({with_acts} with act words), {len(pairs)} same-family "
          f"pairs, {sum(a.cluster == b.cluster for a, b in pairs)} same-story")
    hows = ("mean", "max", "min")
    pooled = defaultdict(list)
    labels_all = []
    print("fold | pairs | same | AUC exact-acts | AUC predicates_differ | "
          + " | ".join(f"AUC table {h}" for h in hows))
    for f in range(N_FOLDS):
        train = [(act[a.id], act[b.id], a.cluster == b.cluster) for a, b in pairs
                 if fold_of[a.family] != f]
        table = ActTable(train)
        held = [(a, b) for a, b in pairs if fold_of[a.family] == f]
        y = [a.cluster == b.cluster for a, b in held]
        s = {"exact": [exact_overlap(act[a.id], act[b.id]) for a, b in held],
             "pd": [predicates_differ(verb[a.id], verb[b.id]) for a, b in held]}
        for h in hows:
            s[h] = [table.score(act[a.id], act[b.id], h) for a, b in held]
        for k, v in s.items():
            pooled[k] += v
        labels_all += y
        print(f"{f} | {len(held)} | {sum(y)} | {auc(s['exact'], y):.3f} | {auc(s['pd'], y):.3f} | "
              + " | ".join(f"{auc(s[h], y):.3f}" for h in hows))
    print("pooled | {} | {} | {:.3f} | {:.3f} | {}".format(
        len(labels_all), sum(labels_all), auc(pooled["exact"], labels_all),
        auc(pooled["pd"], labels_all),
        " | ".join(f"{auc(pooled[h], labels_all):.3f}" for h in hows)))
    # the same on the pairs where both sides have act words (where the table can speak)
    both = [i for i, (a, b) in enumerate(pairs_in_fold_order(pairs, fold_of)) if act[a.id] and act[b.id]]
    yb = [labels_all[i] for i in both]
    print("both sides with act words | {} | {} | {:.3f} | {:.3f} | {}".format(
        len(both), sum(yb), auc([pooled["exact"][i] for i in both], yb),
        auc([pooled["pd"][i] for i in both], yb),
        " | ".join(f"{auc([pooled[h][i] for i in both], yb):.3f}" for h in hows)))
    table = ActTable([(act[a.id], act[b.id], a.cluster == b.cluster) for a, b in pairs])
    print("classes on all dev pairs (rate of same story):",
          {k: round(v, 3) for k, v in sorted(table.cls.items())}, "base", round(table.base, 3))
    if args.fresh:
        fresh_auc(Path(args.fresh[0]), Path(args.fresh[1]), table)
    if args.pairs:
        rows = [r for r in json.load(open(args.pairs)) if r.get("kind") == "pair"]
        joined_auc(rows, items, fold_of, pairs, act, verb)
        explicit_day_count(rows, act)
    return 0


def joined_auc(rows: list[dict], items, fold_of, pairs, act, verb) -> None:
    """The same AUCs over the pairs the CV's batch joined (true against false), each fold's
    pairs scored by the table of the other folds; the model's own probability beside."""
    family = {it.id: it.family for it in items}
    tables = {f: ActTable([(act[a.id], act[b.id], a.cluster == b.cluster) for a, b in pairs
                           if fold_of[a.family] != f]) for f in range(N_FOLDS)}
    y, s = [], defaultdict(list)
    for r in rows:
        a, b = r["a"]["id"], r["b"]["id"]
        y.append(r["true"])
        s["model p"].append(r["p"])
        s["exact-acts"].append(exact_overlap(act[a], act[b]))
        s["predicates_differ"].append(predicates_differ(verb[a], verb[b]))
        for h in ("mean", "max", "min"):
            s[f"table {h}"].append(tables[fold_of[family[a]]].score(act[a], act[b], h))
    print(f"joined pairs ({len(y)}, {sum(y)} true; 4 orders pooled): AUC",
          {k: round(auc(v, y), 3) for k, v in s.items()})
    # what the table adds to the model's own view: a logistic model over the logit of p
    # and the table's score, fitted on the other folds' joined pairs
    from aggregator.stories.fitted import fit_logistic
    fold = np.array([fold_of[family[r["a"]["id"]]] for r in rows])
    p = np.clip(np.array(s["model p"]), 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    yy = np.array(y, float)
    for h in ("mean", "max"):
        x = np.column_stack([logit, s[f"table {h}"]])
        out = np.zeros(len(y))
        for f in range(N_FOLDS):
            w, b = fit_logistic(x[fold != f], yy[fold != f])
            out[fold == f] = x[fold == f] @ w + b
        print(f"  model p + table {h}, fitted on the other folds: AUC {auc(out, y):.3f}")


def fresh_auc(labels: Path, texts: Path, table: ActTable) -> None:
    """The AUCs over another set's same-family pairs, the table built on all dev pairs."""
    from aggregator.stories.extra_sets import labelled_records, load_labelled, set_name

    items = load_labelled(labelled_records(labels, texts), set_name(labels))
    act = {it.id: acts(ArticleEvidence.from_article(it.article)) for it in items}
    verb = {it.id: verbs(ArticleEvidence.from_article(it.article)) for it in items}
    by_family = defaultdict(list)
    for it in items:
        by_family[it.family].append(it)
    pairs = [(a, b) for fam in by_family.values() for a, b in combinations(fam, 2)]
    y = [a.cluster == b.cluster for a, b in pairs]
    s = {"exact-acts": [exact_overlap(act[a.id], act[b.id]) for a, b in pairs],
         "predicates_differ": [predicates_differ(verb[a.id], verb[b.id]) for a, b in pairs]}
    for h in ("mean", "max", "min"):
        s[f"table {h}"] = [table.score(act[a.id], act[b.id], h) for a, b in pairs]
    print(f"{labels.name}: {len(items)} articles, {len(pairs)} same-family pairs, {sum(y)} "
          "same-story; AUC", {k: round(auc(v, y), 3) for k, v in s.items()})


def pairs_in_fold_order(pairs, fold_of):
    """``pairs`` in the order the fold loop scores them (pooled lists follow it)."""
    return [p for f in range(N_FOLDS) for p in pairs if fold_of[p[0].family] == f]


def explicit_day_count(rows: list[dict], act: dict) -> None:
    """Of the CV's joined pairs whose days are both explicit and differ: how many share an
    act word (kept by the requirement) and how many do not (removed), true and false."""
    c = Counter()
    for r in rows:
        explicit = all(r["day"]) and not any(r["standin"])
        c["true" if r["true"] else "false", "all"] += 1
        if not explicit or not r["gap"]:
            continue
        a, b = act[r["a"]["id"]], act[r["b"]["id"]]
        kept = bool(a & b)
        c["true" if r["true"] else "false", "kept" if kept else "removed"] += 1
        c["true" if r["true"] else "false", f"{min(abs(r['gap']), 3)} days apart"] += 1
        if not kept:
            c["true" if r["true"] else "false", f"removed in fold {r['fold']}"] += 1
        if not (a and b):
            c["true" if r["true"] else "false", "a side without act words"] += 1
    print("joined pairs (pooled over the realistic orders):", dict(sorted(c.items())))


if __name__ == "__main__":
    raise SystemExit(main())
