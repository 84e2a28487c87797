"""A spider loader that makes one spider per registry source.

Spider modules in ``SPIDER_MODULES`` hold only what config cannot say (a class whose
``name`` is a source's name wins); every other source gets a generated subclass of
the base spider. Sources added with ``-s AGGREGATOR_SOURCES=FILE`` appear too.

It implements Scrapy's spider loader protocol (``from_settings``, ``load``, ``list``,
``find_by_request``) around Scrapy's own ``SpiderLoader``, through its public methods.
"""

from __future__ import annotations

from scrapy.spiderloader import SpiderLoader

from aggregator.sources.registry import load_registry, registry_files


class RegistrySpiderLoader:
    def __init__(self, settings):
        from aggregator.crawl.spider import NewsSpider  # spiders import aggregator, not the reverse

        self.modules = SpiderLoader.from_settings(settings)  # the spiders written as code
        written = set(self.modules.list())
        self.generated = {
            name: type(f"{name.title().replace('_', '')}Spider", (NewsSpider,),
                       {"name": name, "__module__": "spiders.generated",
                        "__doc__": f"Generated from the registry entry {name!r}."})
            for name in load_registry(registry_files(settings.get("AGGREGATOR_SOURCES")))
            if name not in written}

    @classmethod
    def from_settings(cls, settings):
        return cls(settings)

    def load(self, spider_name: str):
        """The spider class for ``spider_name``; KeyError when there is none."""
        if spider_name in self.generated:
            return self.generated[spider_name]
        return self.modules.load(spider_name)

    def list(self) -> list[str]:
        """Spider modules' names first, then the generated ones in registry order."""
        return [*self.modules.list(), *self.generated]

    def find_by_request(self, request) -> list[str]:
        return [name for name in self.list() if self.load(name).handles_request(request)]
