"""Run every benchmark in turn: ``python -m benchmarks.run_all [--quick]``.

``--quick`` uses small sizes (minutes instead of most of an hour) for a smoke run; the
figures in benchmarks/README.md come from the full runs of each script.
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = [
    ("bench_extraction", []),
    ("bench_dates", []),
    ("bench_tagging", []),
    ("bench_entities", []),
    ("bench_enrich", []),
    ("bench_dedup", []),
    ("bench_store", []),
    ("bench_crawl", []),
]
QUICK = {"bench_store": ["--n", "20000"], "bench_dedup": ["--sizes", "10000"],
         "bench_enrich": ["--n", "2000", "--baseline-n", "500"]}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    failed = []
    for name, args in BENCHMARKS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ImportError as exc:
            print(f"== {name}: not available ({exc})")
            continue
        print(f"\n== {name} ==", flush=True)
        began = time.perf_counter()
        saved, sys.argv = sys.argv, [name, *(QUICK.get(name, args) if quick else args)]
        try:
            module.main()
        except SystemExit as exc:
            if exc.code:
                failed.append(name)
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            print(f"{name} failed: {exc!r}")
            failed.append(name)
        finally:
            sys.argv = saved
        print(f"({name}: {time.perf_counter() - began:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
