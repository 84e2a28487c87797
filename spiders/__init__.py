"""Scrapy spiders: one base class for discovery and parsing, small modules for what differs."""
