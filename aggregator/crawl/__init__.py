"""Crawling: the base spider, Scrapy settings (every default declared once), the crawl
runner, the per-database lock, one module per middleware (retry, conditional, logged,
distributed) and the item pipelines (thin adapters over ``aggregator.enrich.steps``)."""
