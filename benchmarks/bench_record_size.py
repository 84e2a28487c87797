"""The mean size of a stored story record on bench_enrich's corpus, in bytes.

    python -m benchmarks.bench_record_size [--n 3000]

Runs the enrich chain over ``bench_enrich.corpus(n)`` and measures every record the story
index packs (``aggregator.stories.record.pack``). Run it in two trees to see what a
change to the record costs per article.
"""

from __future__ import annotations

import argparse

from aggregator.stories import record
from benchmarks.bench_enrich import corpus, ours


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="records of the corpus")
    args = ap.parse_args(argv)
    sizes: list[int] = []
    pack = record.pack

    def measured(*a, **k):
        blob = pack(*a, **k)
        sizes.append(len(blob))
        return blob

    record.pack = measured
    try:
        ours(corpus(args.n))
    finally:
        record.pack = pack
    print(f"records {len(sizes)} mean bytes {sum(sizes) / len(sizes):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
