"""The pooled blind figure of issue 18 item 4: date lines of every blind split, measured once.

    python -m benchmarks.date_blind_record [--json]

A blind split is measured once, before it is opened and fixed; measured again it would be
tuned data. So the pooled figure cannot come from one run of ``bench_date_strings``: it sums
the once-measured counts recorded in ``date_blind_record.json`` (which run, which code) and
gives a 95 % Wilson interval, since one split of 50-90 lines moves by several points.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

RECORD = Path(__file__).with_name("date_blind_record.json")
Z95 = 1.959964


def wilson(right: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``right``/``total``."""
    p, n = right / total, total
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def pooled(splits: list[dict]) -> dict:
    right, total = sum(s["right"] for s in splits), sum(s["total"] for s in splits)
    low, high = wilson(right, total)
    return {"right": right, "total": total, "accuracy": right / total, "low": low, "high": high}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the pooled figure as JSON")
    args = parser.parse_args(argv)
    splits = json.loads(RECORD.read_text(encoding="utf-8"))["splits"]
    result = pooled(splits)
    if args.json:
        print(json.dumps(result))
        return result
    for s in splits:
        low, high = wilson(s["right"], s["total"])
        print(f"{s['measured_as']:<10} (now {s['split']:<9}) {s['right']:>3}/{s['total']:<3} "
              f"{s['right'] / s['total']:.3f}  [{low:.3f}-{high:.3f}]  {s['code']}")
    print(f"pooled blind date lines: {result['right']}/{result['total']} = {result['accuracy']:.3f}"
          f" (Wilson 95 % {result['low']:.3f}-{result['high']:.3f}); goal 0.99")
    return result


if __name__ == "__main__":
    main()
