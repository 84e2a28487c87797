"""The sources registry (TOML), the spider loader that makes one spider per entry,
``check-source`` (which shows what each extraction layer finds on a source's pages, fetched
by a tiny Scrapy crawl) and the generated table of sources in ``docs/sources.md``."""
