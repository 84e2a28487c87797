"""Crawl throughput: the full pipeline against ``scrapy bench`` on the same machine.

    python -m benchmarks.bench_crawl [--articles 3000] [--concurrency 32]

Generates a news site of ``--articles`` article pages (a feed of the latest 100, a
sitemap of all, a listing), serves it with the replay server on 127.0.0.1 and crawls it
with ``aggregator crawl`` as an operator would, every pipeline step on and SQLite
writes included (robots.txt obeyed; AutoThrottle off, no delay, high concurrency,
because the point is the crawler's own cost). Then ``scrapy bench`` runs in the same
run, outside the project (Scrapy's defaults), as the reference for raw Scrapy speed on
this machine. Pages per second come from each crawl's own stats (responses received /
elapsed time); the goal is a ratio of at least 0.85 (issue 22).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from aggregator.testing.synthetic_site import NAME, make_site, registry_entry

REPO = Path(__file__).resolve().parents[1]


def _stats(text: str) -> dict:
    """The last 'Dumping Scrapy stats' dictionary in a log."""
    start = text.rfind("Dumping Scrapy stats:")
    if start < 0:
        raise RuntimeError("no Scrapy stats in the log:\n" + text[-2000:])
    body = text[text.index("{", start):]
    body = body[: body.index("}\n") + 1]
    body = re.sub(r"datetime\.datetime\([^)]*\)", "None", body)
    return ast.literal_eval(body)


def crawl_ours(articles: int, concurrency: int, workdir: Path) -> dict:
    from aggregator.testing.replay import ReplayServer

    server = ReplayServer(make_site(workdir / "sites", articles))
    server.start()
    try:
        registry = registry_entry(server.sites[0].base, workdir / "bench.toml")
        log = workdir / "crawl.log"
        command = [sys.executable, "-m", "aggregator", "crawl", NAME, "--sources", str(registry),
                   "--db", str(workdir / "bench.db"), "--logfile", str(log), "-L", "INFO",
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
                   "-s", f"CONCURRENT_REQUESTS={concurrency}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        if done.returncode != 0:
            raise RuntimeError(f"crawl failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}")
        stats = _stats(log.read_text(encoding="utf-8"))
    finally:
        server.stop()
    pages = stats.get("response_received_count", 0)
    return {"pages": pages, "seconds": stats["elapsed_time_seconds"], "items": stats.get("item_scraped_count", 0),
            "new": stats.get("aggregator/new", 0), "summary": done.stdout.strip()}


def scrapy_bench(workdir: Path) -> dict:
    """``scrapy bench`` outside any project: Scrapy's defaults, its own local server."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-m", "scrapy", "bench", "-s", "LOG_LEVEL=INFO"],
                          cwd=workdir, capture_output=True, text=True, env=env)
    stats = _stats(done.stderr)
    return {"pages": stats.get("response_received_count", 0), "seconds": stats["elapsed_time_seconds"]}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = crawl_ours(args.articles, args.concurrency, work)
        bench = scrapy_bench(work)
    ours_rate, bench_rate = ours["pages"] / ours["seconds"], bench["pages"] / bench["seconds"]
    print(ours["summary"])
    print(f"\naggregator crawl (full pipeline + SQLite): {ours['pages']} pages, {ours['new']} new articles "
          f"in {ours['seconds']:.1f} s = {ours_rate:.1f} pages/s")
    print(f"scrapy bench (raw Scrapy, same machine):  {bench['pages']} pages in {bench['seconds']:.1f} s "
          f"= {bench_rate:.1f} pages/s")
    print(f"ratio: {ours_rate / bench_rate:.2f} (goal >= 0.85)")
    return {"ours": ours_rate, "bench": bench_rate, "ratio": ours_rate / bench_rate}


if __name__ == "__main__":
    main()
