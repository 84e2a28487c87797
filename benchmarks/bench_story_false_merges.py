"""Where the batch decision's false merges come from, on the dev family folds (issue 17).

    python -m benchmarks.bench_story_false_merges --folds 0 1 --out a.json   # per process
    python -m benchmarks.bench_story_false_merges --merge a.json b.json ...   # the tables

The nested CV of ``aggregator.stories.fit`` (weights and both thresholds fitted without
the validation fold), each validation fold streamed in the realistic orders into the
seeded window and re-clustered as one batch (what ``aggregator enrich`` stores). Every
pair of validation articles the batch puts in one story is kept with the model's view of
it (the later article against the earlier one's record, as ``recluster`` scores it: the
feature row, each feature's contribution w*x, the probability) and a few facts of the
two articles (day known, stand-in, year only, language, title, length, whether the story
also holds older window articles). Counted, not read: the output holds ids, features and
counts, no text. The mechanism table sets the false pairs beside the true ones, so a
mechanism's share of the true pairs says what removing it would cost.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from array import array

import numpy as np

from aggregator.stories import record
from aggregator.stories.evaluation import REALISTIC_ORDERS, assign_folds, load_items, ordered
from aggregator.stories.fit import _assign, _copy, fit_folds
from aggregator.stories.fit_report import feature_set
from aggregator.stories.fitted import FittedPolicy, design
from aggregator.stories.minhash import jaccard
from aggregator.stories.pairs import PAIR_FEATURES, day_gap, pair_features
from aggregator.stories.query import url_key
from aggregator.stories.recluster import _Scorer, _WindowIdf, next_doc, recluster


def _facts(it) -> dict:
    a = it.article
    body = "\n".join(filter(None, [a.lead, a.body]))
    return {"id": it.id, "cluster": it.cluster, "family": it.family, "lang": it.lang,
            "precision": a.date_precision, "title": bool((a.title or "").strip()),
            "chars": len(body)}


def fold_pairs(items, fold_of, fold: int, features) -> list[dict]:
    """The joined pairs of validation fold ``fold`` in each realistic order."""
    model, seeded, val = fit_folds(items, fold_of, fold, features)
    policy = FittedPolicy(model)
    threshold = model.recluster_threshold or model.threshold
    out = []
    for order in REALISTIC_ORDERS:
        stream_ = ordered(val, order)
        index = _copy(seeded, policy)
        since = next_doc(index)
        for it in stream_:
            _assign(index, it.article)
        recluster(index, since)
        doc_of = {record.url_hash_of(b): d for d, b in index.docs.items()}
        docs = [doc_of[url_key(it.article.canonical_url or it.article.url)] for it in stream_]
        root = {d: index.clusters.root(record.story_of(index.docs[d])) for d in index.docs}
        older = Counter(root[d] for d in index.docs if d < since)
        scorer = _Scorer(index, policy, _WindowIdf(index), {})
        by_story = defaultdict(list)
        for i, d in enumerate(docs):
            by_story[root[d]].append(i)
            if older.get(root[d]):
                # a validation article in a training story: another topic family's
                # story (folds split by family), a false merge the pairwise figure of
                # the fold does not count
                out.append({"fold": fold, "order": order, "kind": "older",
                            "a": _facts(stream_[i]), "older": older[root[d]]})
        for story, members in by_story.items():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    a, b = sorted((docs[i], docs[j]))
                    earlier, later = scorer.keys(a), scorer.keys(b)
                    q, idf, m = later[0], later[1], earlier[2]
                    row = pair_features(q, idf, scorer.rare, m,
                                        jaccard(array("I", later[3]), earlier[3]))
                    z = design(np.array([row]), model.feature_names)[0]
                    contrib = z * model.weights
                    p = 1 / (1 + np.exp(-(contrib.sum() + model.bias)))
                    ia, ib = (stream_[i], stream_[j]) if docs[i] == a else (stream_[j], stream_[i])
                    out.append({
                        "kind": "pair", "fold": fold, "order": order, "true": ia.cluster == ib.cluster,
                        "p": float(p), "threshold": threshold,
                        "row": dict(zip(PAIR_FEATURES, map(float, row))),
                        "contrib": dict(zip(model.feature_names, map(float, contrib))),
                        "bias": float(model.bias),
                        "gap": day_gap(q.day_value, m.day_value),
                        "day": [m.day_value is not None, q.day_value is not None],
                        "standin": [bool(m.standin), bool(q.standin)],
                        "older_in_story": older.get(story, 0), "story_size": len(members),
                        "a": _facts(ia), "b": _facts(ib)})
    return out


def mechanisms(pair: dict) -> list[str]:
    """The mechanisms a joined pair shows (several may hold)."""
    r, a, b = pair["row"], pair["a"], pair["b"]
    out = []
    if pair["p"] < pair["threshold"]:
        out.append("joined below the threshold (group cap / chain)")
    if pair["older_in_story"]:
        out.append("story also holds older window articles")
    if r["cross_lang"]:
        out.append("cross-language")
    if r["day_unknown"]:
        out.append("day_unknown (an article with no day)")
    if any(pair["standin"]):
        out.append("a stand-in day (undated, day from the text)")
    if "year" in (a["precision"], b["precision"]):
        out.append("year-only date")
    if not (a["title"] and b["title"]):
        out.append("an empty title")
    if min(a["chars"], b["chars"]) < 400:
        out.append("a short text (< 400 chars)")
    if pair["gap"] is not None and pair["gap"] >= 1:
        out.append("days 1+ apart")
    if pair["gap"] == 1 and r["names_rare"] > 0:
        out.append("consecutive days, shared rare names")
    if not (r["names_rare"] or r["figures"] or r["date_shared"] or r["shingles"] >= 0.2):
        out.append("no rare name, figure, shared date or shingles")
    if r["cos_lemmas"] < 0.2 and not r["cross_lang"]:
        out.append("lemma cosine < 0.2 (same language)")
    if r["dates_differ"] or r["figures_differ"]:
        out.append("dates or figures differ")
    top = max(pair["contrib"], key=pair["contrib"].get)
    out.append(f"largest contribution: {top}")
    return out


def summarise(pairs: list[dict]) -> None:
    joined_older = [p for p in pairs if p.get("kind") == "older"]
    pairs = [p for p in pairs if p.get("kind", "pair") == "pair"]
    print(f"validation articles that joined a training story (another family): "
          f"{len(joined_older)} (" + ", ".join(
              f"{k} {v}" for k, v in sorted(Counter(p['a']['lang'] for p in joined_older)
                                            .items())) + ")")
    fp = [p for p in pairs if not p["true"]]
    tp = [p for p in pairs if p["true"]]
    n_orders = len({(p["fold"], p["order"]) for p in pairs}) / max(
        len({p["fold"] for p in pairs}), 1)
    print(f"joined pairs {len(pairs)}: true {len(tp)}, false {len(fp)} "
          f"(P {len(tp) / max(len(pairs), 1):.3f}; {n_orders:.0f} orders pooled)")
    other = [p for p in fp if p["a"]["family"] != p["b"]["family"]]
    print(f"false pairs across two topic families: {len(other)}; within one family: "
          f"{len(fp) - len(other)}")
    print("\nper fold: false / true pairs joined")
    for f in sorted({p["fold"] for p in pairs}):
        print(f"  fold {f}: {sum(1 for p in fp if p['fold'] == f)} / "
              f"{sum(1 for p in tp if p['fold'] == f)}")
    fc, tc = Counter(), Counter()
    for p in fp:
        fc.update(mechanisms(p))
    for p in tp:
        tc.update(mechanisms(p))
    print("\n| mechanism | false pairs | share of false | true pairs | share of true |")
    print("|---|---|---|---|---|")
    for name in sorted(set(fc) | set(tc), key=lambda k: (-fc[k], k)):
        print(f"| {name} | {fc[name]} | {fc[name] / max(len(fp), 1):.2f} | {tc[name]} | "
              f"{tc[name] / max(len(tp), 1):.2f} |")
    names = list(fp[0]["contrib"]) if fp else []
    print("\n| feature | mean w*x false | mean w*x true | mean x false | mean x true |")
    print("|---|---|---|---|---|")
    for n in names:
        mf = np.mean([p["contrib"][n] for p in fp])
        mt = np.mean([p["contrib"][n] for p in tp])
        xf = np.mean([p["row"].get(n, np.nan) for p in fp])
        xt = np.mean([p["row"].get(n, np.nan) for p in tp])
        print(f"| {n} | {mf:+.3f} | {mt:+.3f} | {xf:.3f} | {xt:.3f} |")
    print("\nlanguage pairs of the false / true pairs:")
    lf = Counter("-".join(sorted((p["a"]["lang"], p["b"]["lang"]))) for p in fp)
    lt = Counter("-".join(sorted((p["a"]["lang"], p["b"]["lang"]))) for p in tp)
    for k in sorted(set(lf) | set(lt), key=lambda k: -lf[k]):
        print(f"  {k}: {lf[k]} / {lt[k]}")
    print("\nprobability margin over the threshold, false / true:")
    for lo, hi in ((-1, 0), (0, 0.1), (0.1, 0.2), (0.2, 0.4), (0.4, 1)):
        f_ = sum(1 for p in fp if lo <= p["p"] - p["threshold"] < hi)
        t_ = sum(1 for p in tp if lo <= p["p"] - p["threshold"] < hi)
        print(f"  [{lo:+.1f}, {hi:+.1f}): {f_} / {t_}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    ap.add_argument("--features", default="shipped")
    ap.add_argument("--out", help="write the pairs as JSON (ids, features, no text)")
    ap.add_argument("--merge", nargs="*", help="summarise these JSON files instead")
    args = ap.parse_args(argv)
    if args.merge:
        pairs = [p for path in args.merge for p in json.load(open(path, encoding="utf-8"))]
        summarise(pairs)
        return 0
    t0 = time.process_time()
    items = load_items()
    fold_of = assign_folds(items)
    features = feature_set(args.features)
    pairs = []
    for f in args.folds:
        pairs += fold_pairs(items, fold_of, f, features)
        print(f"fold {f} done, CPU {time.process_time() - t0:.0f}s", file=sys.stderr)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(pairs, fh)
    summarise(pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
