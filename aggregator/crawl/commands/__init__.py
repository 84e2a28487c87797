"""Project commands for ``scrapy`` (``COMMANDS_MODULE``): Scrapy's own, with the crawl lock."""
