"""The story matcher on families it never saw, and what it costs per article.

    python -m benchmarks.bench_stories_cv            # CV + cost + enrich throughput
    python -m benchmarks.bench_stories_cv --cost     # cost and throughput only
    python -m benchmarks.bench_stories_cv --cv-only --against shipped-day_unknown

1. **Cross-validated quality**: ``aggregator.stories.fit.run_cv``, the fit script's
   nested protocol (5 folds grouped by topic family over ``../shared/eval/dev``; weights
   and both thresholds fitted on the training folds only, the thresholds on inner folds
   streamed in the realistic orders), for the fitted matcher online and re-clustered as
   one batch (as shipped), the old hand-weighted ``ScoringPolicy`` on the same index and
   plain TF-IDF, in one run; each validation fold streamed in file order, date order and
   three seeded shuffles, the figure quoted pooled over date + shuffles (the file order
   lists each story's articles back to back, which flatters an online matcher).
   ``--against SET`` CVs a second feature set in the same run (before/after).
2. **Cost per article and its parts** (CPU time of this process: the machine is
   shared), fitted policy against the old one in the same run: the dev articles streamed ``--repeat`` times under new URLs through
   ``StoryIndex.assign`` (each pass a new window, so every article is judged); the
   parts are the evidence (``ArticleEvidence.from_article``, warm caches as in a stream,
   and cold for the first sight of the vocabulary), the candidates (``_candidates``) and
   the decision (the policy), timed inside the same calls; the rest is text features,
   MinHash, the query and indexing, which both policies pay; and, beside them, the
   pass decided again as one batch (``aggregator.stories.recluster``, as enrich and the
   crawl do before storing).
3. **The enrich chain**: ``aggregator.enrich.jsonl.enrich`` over the same records, CPU
   seconds of this process: articles per second per core, with either policy.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from functools import wraps

from aggregator.stories.evaluation import dev_folder, load_items, pr
from aggregator.stories.evidence import (ArticleEvidence, clear_token_tables, lemma, name_form,
                                         parse_word, skeleton, verb_tense)
from aggregator.stories.fitted import FittedPolicy
from aggregator.stories.index import StoryIndex
from aggregator.stories.recluster import recluster
from aggregator.stories.scoring import ScoringPolicy


def cv(against: str | None = None) -> None:
    from aggregator.stories.evaluation import ORDERS, assign_folds
    from aggregator.stories.fit import run_cv
    from aggregator.stories.fit_report import feature_set, realistic

    items = load_items()
    fold_of = assign_folds(items)
    variants = {"new": feature_set("shipped")}
    if against:
        variants = {"before": feature_set(against), **variants}
    started = time.perf_counter()
    totals, rows, cand, thresholds = run_cv(items, fold_of, variants=variants)
    print(f"CV over {len(items)} articles, {len(fold_of)} families "
          f"({time.perf_counter() - started:.0f} s); orders {', '.join(ORDERS)}; "
          "'realistic' pools date and the three shuffles")
    systems = [f"{v} {m}" for v in variants for m in ("online", "batch")] + ["old", "tfidf"]
    by_fold: dict = {}
    for f, system, order, p, r, positives, n, t in rows:
        by_fold.setdefault(f, {"n": n, "pos": positives})[(system, order)] = (p, r)
    for v in variants:
        print(f"\n{v}: {', '.join(variants[v])}")
        print(f"\n| fold | articles | same-story pairs | {v} batch P / R: "
              + " | ".join(ORDERS) + " | thresholds (online, batch) |")
        print("|---|---|---|" + "---|" * len(ORDERS) + "---|")
        for f, d in sorted(by_fold.items()):
            cells = [f"{d[(v + ' batch', o)][0]:.3f} / {d[(v + ' batch', o)][1]:.3f}"
                     for o in ORDERS]
            print(f"| {f} | {d['n']} | {d['pos']} | " + " | ".join(cells)
                  + f" | {thresholds[v][f]} |")
    print("\n| system | " + " | ".join(ORDERS) + " | realistic pooled (F1) |")
    print("|---|" + "---|" * (len(ORDERS) + 1))
    for system in systems:
        cells = []
        for o in ORDERS:
            c = totals.get((system, o, "all"), totals.get((system, "any", "all")))
            cells.append("P {:.3f} R {:.3f}".format(*pr(*c)))
        p, r = pr(*realistic(totals, system))
        print(f"| {system} | " + " | ".join(cells) + f" | P {p:.3f} R {r:.3f} "
              f"({2 * p * r / (p + r) if p + r else 0:.3f}) |")
    print("\n| pairs, realistic orders pooled (same-story pairs x4) | "
          + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    for mask in ("all", "ru-only", "stories.jsonl", "dedup.jsonl", "non-ru involved",
                 "cross-language"):
        cells = ["P {:.3f} R {:.3f}".format(*pr(*realistic(totals, s, mask))) for s in systems]
        print(f"| {mask} ({int(realistic(totals, systems[0], mask)[2])}) | "
              + " | ".join(cells) + " |")
    for system in systems:
        print(f"{system}: pairs of different families with a non-Russian article merged "
              f"(realistic orders): {int(realistic(totals, system, 'other family, non-ru')[1])}")
    print(f"\ncandidate recall: {cand[0] / max(cand[1], 1):.3f} ({int(cand[0])}/{int(cand[1])})")


class _Timer:
    def __init__(self):
        self.seconds = 0.0

    def wrap(self, fn):
        @wraps(fn)
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started
        return timed


def _clear_caches() -> None:
    for fn in (lemma, parse_word, skeleton, name_form, verb_tense):
        fn.cache_clear()
    clear_token_tables()


def cost(repeat: int) -> None:
    import copy

    items = load_items()
    articles = [it.article for it in items]
    n = len(articles)
    _clear_caches()
    started = time.process_time()
    for a in articles:
        ArticleEvidence.from_article(a)
    cold = (time.process_time() - started) / n
    print(f"{n} dev articles, mean {sum(len(a.body or '') for a in articles) / n:.0f} "
          f"characters; evidence cold caches {1000 * cold:.2f} ms/article")
    print("| policy | ms/article | evidence | candidates | decision | rest | batch re-clustered "
          "(extra) |")
    print("|---|---|---|---|---|---|---|")
    for name, make in (("old (ScoringPolicy)", ScoringPolicy), ("fitted", FittedPolicy)):
        total = evidence = candidates = decision = batch = 0.0
        for k in range(repeat):
            index = StoryIndex(policy=make())
            timers = [_Timer() for _ in range(3)]
            index._evidence = timers[0].wrap(index._evidence)
            index._candidates = timers[1].wrap(index._candidates)
            # the method the index calls (``joins`` itself calls ``story_score``)
            attribute = "joins" if getattr(index.policy, "merges", True) else "story_score"
            setattr(index.policy, attribute, timers[2].wrap(getattr(index.policy, attribute)))
            started = time.process_time()
            for a in articles:
                copy_ = copy.copy(a)
                copy_.url = copy_.canonical_url = f"{a.canonical_url}?pass={k}"
                index.assign(copy_)
            total += time.process_time() - started
            started = time.process_time()
            recluster(index, 0)  # the pass as one batch (the old policy: nothing to do)
            batch += time.process_time() - started
            evidence += timers[0].seconds
            candidates += timers[1].seconds
            decision += timers[2].seconds
        m = 1000 / (repeat * n)
        print(f"| {name} | {total * m:.3f} | {evidence * m:.3f} | {candidates * m:.3f} | "
              f"{decision * m:.3f} | {(total - evidence - candidates - decision) * m:.3f} | "
              f"{batch * m:.3f} |")


def enrich_throughput(repeat: int) -> None:
    from aggregator.enrich.jsonl import enrich
    from aggregator.sources.registry import load_registry

    registry = load_registry()
    records = []
    for name in ("stories.jsonl", "dedup.jsonl"):
        for line in (dev_folder() / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                records.append({k: r.get(k) for k in ("url", "title", "text", "date")})
    lines = [json.dumps({**r, "url": f"{r['url']}?copy={k}"}, ensure_ascii=False)
             for k in range(repeat) for r in records]
    for name, make in (("old (ScoringPolicy)", ScoringPolicy), ("fitted", FittedPolicy)):
        index = StoryIndex(policy=make())
        started, cpu = time.perf_counter(), time.process_time()
        counts = enrich(lines, io.StringIO(), registry, index)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"enrich, {name}: {counts.written} articles, {counts.written / cpu:,.0f} "
              f"articles/s per core (CPU {cpu:.1f} s, wall {wall:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cost", action="store_true", help="cost and throughput only")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", default=None,
                    help="a second feature set CV'd in the same run (the fit script's syntax: "
                         "'shipped-name,...', a list, ...)")
    ap.add_argument("--cv-only", action="store_true", help="the CV only")
    args = ap.parse_args(argv)
    if not args.cost:
        cv(args.against)
        print()
    if args.cv_only:
        return 0
    cost(args.repeat)
    print()
    enrich_throughput(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
