"""A spider loader that makes one spider per registry source.

Spider modules in ``SPIDER_MODULES`` hold only what config cannot say (a class whose
``name`` is a source's name wins); every other source gets a generated subclass of
the base spider. Sources added with ``-s AGGREGATOR_SOURCES=FILE`` appear too.
"""

from __future__ import annotations

from scrapy.spiderloader import SpiderLoader

from aggregator.sources.registry import load_registry, registry_files


class RegistrySpiderLoader(SpiderLoader):
    def __init__(self, settings):
        super().__init__(settings)
        from aggregator.crawl.spider import NewsSpider  # spiders import aggregator, not the reverse

        for name in load_registry(registry_files(settings.get("AGGREGATOR_SOURCES"))):
            if name not in self._spiders:
                self._spiders[name] = type(
                    f"{name.title().replace('_', '')}Spider", (NewsSpider,),
                    {"name": name, "__module__": "spiders.generated",
                     "__doc__": f"Generated from the registry entry {name!r}."})
