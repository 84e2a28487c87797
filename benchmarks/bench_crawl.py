"""Crawl throughput: the full pipeline against ``scrapy bench`` on the same machine.

    python -m benchmarks.bench_crawl [--articles 3000] [--concurrency 32]

Generates a news site of ``--articles`` article pages (a feed of the latest 100, a
sitemap of all, a listing), serves it with the replay server on 127.0.0.1 and crawls it
with ``aggregator crawl`` as an operator would, every pipeline step on and SQLite
writes included (robots.txt obeyed; AutoThrottle off, no delay, high concurrency,
because the point is the crawler's own cost). Then ``scrapy bench`` runs in the same
run, outside the project (Scrapy's defaults), as the reference for raw Scrapy speed on
this machine. Pages per second come from each crawl's own stats (responses received /
elapsed time); the goal is a ratio of at least 0.5.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ORIGIN = "https://bench.example"
NAME = "benchsite"

_WORDS = ("правительство министр заседание бюджет экономика регион развитие проект строительство "
          "дорога энергетика газопровод сотрудничество переговоры делегация соглашение инвестиции "
          "торговля граница таможня сельское хозяйство урожай хлопок вода водохранилище образование "
          "школа университет здравоохранение больница президент парламент депутаты закон реформа "
          "банк инфляция курс валюта экспорт импорт транспорт железная дорога аэропорт рейс туризм "
          "выставка форум саммит визит встреча заявление пресс-служба сообщила отметил подчеркнул").split()
_PLACES = ("Казахстан", "Кыргызстан", "Узбекистан", "Таджикистан", "Туркменистан", "Китай",
           "Астана", "Бишкек", "Ташкент", "Душанбе", "Ашхабад", "Алматы", "Ош", "Самарканд")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 16))]
    words.insert(rng.randint(0, len(words)), rng.choice(_PLACES))
    return " ".join(words).capitalize() + "."


def article_page(i: int, rng: random.Random) -> str:
    title = f"{rng.choice(_PLACES)}: {' '.join(rng.choice(_WORDS) for _ in range(6))} ({i})"
    day, hour, minute = 1 + i % 28, i % 24, i % 60
    paragraphs = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(3))}</p>" for _ in range(6))
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title} | Bench</title>'
            f'<meta property="og:title" content="{title}"></head><body>'
            f'<header><nav><a href="/">Главная</a> <a href="/news/">Новости</a></nav></header>'
            f'<article><h1>{title}</h1><time datetime="2026-02-{day:02d}T{hour:02d}:{minute:02d}:00+05:00">'
            f"{day:02d}.02.2026</time>{paragraphs}</article>"
            f"<footer><p>© Bench news</p></footer></body></html>")


def make_site(root: Path, articles: int = 3000, seed: int = 1) -> Path:
    """A replay folder ``root/benchsite`` with ``articles`` article pages; returns root."""
    rng = random.Random(seed)
    site = root / NAME
    (site / "news").mkdir(parents=True)
    for i in range(1, articles + 1):
        folder = site / "news" / str(i)
        folder.mkdir()
        (folder / "index.html").write_text(article_page(i, rng), encoding="utf-8")
    newest = range(articles, 0, -1)
    items = "".join(f"<item><title>Новость {i}</title><link>{ORIGIN}/news/{i}/</link></item>"
                    for i in list(newest)[:100])
    (site / "rss.xml").write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                                  f"<title>Bench</title><link>{ORIGIN}/</link>{items}</channel></rss>",
                                  encoding="utf-8")
    urls = "".join(f"<url><loc>{ORIGIN}/news/{i}/</loc></url>" for i in newest)
    (site / "sitemap.xml").write_text('<?xml version="1.0" encoding="utf-8"?><urlset '
                                      f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                                      encoding="utf-8")
    links = "".join(f'<li><a href="/news/{i}/">Новость {i}</a></li>' for i in list(newest)[:50])
    (site / "news" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    (site / "site.toml").write_text(f'origin = "{ORIGIN}"\n[routes]\n'
                                    '"/rss" = { file = "rss.xml", type = "application/rss+xml" }\n',
                                    encoding="utf-8")
    return root


def registry_entry(base: str, path: Path, name: str = NAME) -> Path:
    """A registry file for the generated site served at ``base``."""
    path.write_text(f'[{name}]\nhomepage = "{base}/"\ncountry = "regional"\nlanguage = "ru"\n'
                    f'timezone = "Asia/Almaty"\nfeeds = ["{base}/rss"]\nsitemaps = ["{base}/sitemap.xml"]\n'
                    f'article_pattern = "/news/\\\\d+/"\n[[{name}.listings]]\nurl = "{base}/news/"\n',
                    encoding="utf-8")
    return path


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
    print(f"ratio: {ours_rate / bench_rate:.2f} (goal >= 0.5)")
    return {"ours": ours_rate, "bench": bench_rate, "ratio": ours_rate / bench_rate}


if __name__ == "__main__":
    main()
