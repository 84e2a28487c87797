"""Check that a change to the enrich chain leaves its output byte-identical.

Run from the repository root, once in a checkout of the version before (e.g. a
``git archive`` of main) and once in the working tree, then compare:

    python -m benchmarks.enrich_outputs --out /tmp/before      # in the old checkout
    python -m benchmarks.enrich_outputs --out /tmp/after       # in this one
    python -m benchmarks.enrich_outputs --compare /tmp/before /tmp/after

Inputs: every ``../shared/eval/dev/*.jsonl`` file, the stories and dedup files as one
stream, and ``--n`` records of bench_enrich's corpus (3,000 by default). Each runs
through ``aggregator enrich`` in a fresh process with ``PYTHONHASHSEED=0``; the outputs
(stdout and stderr) are written under ``--out``. ``--compare`` prints, per input, whether
the two outputs are identical, and exits 1 when one is not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_enrich import EVAL, corpus

CLI = "import sys; from aggregator.cli import main; sys.argv[0] = 'aggregator'; main()"


def inputs(n: int, scratch: Path) -> dict[str, Path]:
    """Name -> input file."""
    files = {path.stem: path for path in sorted(EVAL.glob("*.jsonl"))}
    both = scratch / "stories_and_dedup.jsonl"
    both.write_bytes((EVAL / "stories.jsonl").read_bytes() + (EVAL / "dedup.jsonl").read_bytes())
    files["stories_and_dedup"] = both
    bench = scratch / "bench.jsonl"
    bench.write_text("".join(line + "\n" for line in corpus(n)), encoding="utf-8")
    files[f"bench_{n}"] = bench
    return files


def write_outputs(out: Path, n: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=os.getcwd())
    with tempfile.TemporaryDirectory() as scratch:
        for name, path in inputs(n, Path(scratch)).items():
            done = subprocess.run([sys.executable, "-c", CLI, "enrich", str(path)],
                                  env=env, capture_output=True, check=False)
            (out / f"{name}.out").write_bytes(done.stdout)
            (out / f"{name}.err").write_bytes(done.stderr)
            lines = done.stdout.count(b"\n")
            print(f"{name}: {lines:,} lines, exit {done.returncode}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "missing"


def compare(before: Path, after: Path) -> bool:
    same = True
    for path in sorted(before.glob("*.out")):
        old, new = digest(path), digest(after / path.name)
        print(f"{path.stem:24s} {'identical' if old == new else 'DIFFERENT'} ({old} / {new})")
        same = same and old == new
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write this checkout's outputs here")
    parser.add_argument("--n", type=int, default=3000, help="bench records (default 3,000)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(0 if compare(*args.compare) else 1)
    if not args.out:
        parser.error("--out or --compare")
    write_outputs(args.out, args.n)


if __name__ == "__main__":
    main()
