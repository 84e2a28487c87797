"""A generated news site for crawl benchmarks and crawl tests, served by the replay server.

``make_site`` writes a replay folder (``site.toml``, a feed of the latest 100 articles,
a sitemap of all, a listing, robots.txt, article pages of Russian filler text with
places and dates); ``registry_entry`` writes the registry file that points a source at
it once served.
"""

from __future__ import annotations

import random
from pathlib import Path

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
