"""Crawling: the base spider, Scrapy settings (every default declared once), the crawl
runner, the per-database lock, middlewares and the item pipelines (thin adapters over
``aggregator.enrich.steps``)."""
